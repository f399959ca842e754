"""Command line: ``python -m simulator --set KEY=VALUE ... --format csv|json [--lang zh]``.

``--lang zh`` writes the help, the parameters' labels and the errors in Simplified Chinese;
the table (its columns, metrics and units) and the JSON keys stay as they are.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import i18n
from .data import DataError
from .engine import project
from .i18n import _, pick
from .releases import CURRENT, RELEASES
from .runtime import tune_allocator
from .scenario import Scenario
from .words import kind_words, link_value


def _parameter_help() -> str:
    lines = [
        _(
            "parameters (KEY: label, unit, allowed range, default); controls act from the "
            "month after the data, estimates (which describe the past) throughout:"
        )
    ]
    for p in CURRENT.params:
        role = _("control") if p.is_lever else _("estimate")
        label = pick(p.label, getattr(p, "label_zh", None))
        line = _("{label}; {unit}; {low} to {high}; default {default} ({role}, {kind})")
        lines.append(
            f"  {p.key}\n      "
            + line.format(
                label=label,
                unit=p.unit,
                low=link_value(p, p.min),
                high=link_value(p, p.max),
                default=link_value(p, p.default),
                role=role,
                kind=kind_words(p.kind),
            )
        )
    return "\n".join(lines)


def _language(argv: list[str] | None) -> str:
    """Read ``--lang`` before the rest of the command line (the help is in its language)."""
    args = sys.argv[1:] if argv is None else argv
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return i18n.DEFAULT


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (2 when the reference data is invalid)."""
    try:
        with i18n.using(_language(argv)):
            return _run(argv)
    except DataError as exc:
        with i18n.using(_language(argv)):
            print(
                _("error: the reference data is invalid: {error}").format(error=exc),
                file=sys.stderr,
            )
        return 2
    except BrokenPipeError:  # the reader stopped early (``| head``): not an error
        sys.stderr.close()
        return 0


def _run(argv: list[str] | None) -> int:
    epilog = _parameter_help()
    parser = argparse.ArgumentParser(
        prog="python -m simulator",
        description=_(
            "Project ByteDance's and Google's AI budgets, chips, compute (H100-equivalents) "
            "and tokens per day, 2025-2030 (model version {version}, data as of {vintage}). "
            "Prints a tidy table: date, company, metric, value, unit."
        ).format(version=CURRENT.version, vintage=CURRENT.vintage),
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--set",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help=_("change a parameter (repeatable); see the list below"),
    )
    parser.add_argument("--format", choices=("csv", "json"), default="csv")
    parser.add_argument(
        "--draws",
        type=int,
        default=0,
        help=_("Monte Carlo draws over every parameter's uncertainty range (prints quantiles)"),
    )
    parser.add_argument("--metric", action="append", help=_("keep only these metrics (repeatable)"))
    parser.add_argument(
        "--model-version",
        choices=sorted(RELEASES),
        default=CURRENT.version,
        help=_("run an earlier release on its own data (its links' 'v'); default: the current one"),
    )
    parser.add_argument(
        "--lang",
        choices=sorted(i18n.LANGS),
        default=i18n.DEFAULT,
        help=_("language of the help and the errors (zh: Simplified Chinese); default: en"),
    )
    args = parser.parse_args(argv)

    query: dict[str, str] = {"v": args.model_version}
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep:
            parser.error(_("--set takes KEY=VALUE, got '{item}'").format(item=item))
        query[key.strip()] = value.strip()
    scenario, warnings = Scenario.from_query(query)
    if warnings:
        for w in warnings:
            print(_("error: {warning}").format(warning=w), file=sys.stderr)
        return 2
    if args.draws < 0:
        parser.error(_("--draws must be zero or more"))

    tune_allocator()
    frame = project(scenario, draws=args.draws or None).to_frame()
    if args.metric:
        unknown = sorted(set(args.metric) - set(frame["metric"]))
        if unknown:
            parser.error(_("unknown metric(s): {metrics}").format(metrics=", ".join(unknown)))
        frame = frame[frame["metric"].isin(args.metric)]
    frame = frame.assign(date=frame["date"].dt.strftime("%Y-%m-%d"))
    if args.format == "csv":
        link = "&".join(f"{k}={v}" for k, v in scenario.to_query().items())
        sys.stdout.write(_("# scenario: ?{link}").format(link=link) + "\n")
        frame.to_csv(sys.stdout, index=False)
    else:
        payload = {"scenario": scenario.to_dict(), "query": scenario.to_query()}
        payload["rows"] = frame.to_dict(orient="records")
        json.dump(payload, sys.stdout, indent=1)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
