"""Command line: ``python -m simulator --set KEY=VALUE ... --format csv|json``."""

from __future__ import annotations

import argparse
import json
import sys

from .data import DataError
from .engine import project
from .releases import CURRENT, RELEASES
from .runtime import tune_allocator
from .scenario import Scenario
from .words import link_value


def _parameter_help() -> str:
    lines = [
        "parameters (KEY: label, unit, allowed range, default); controls act from the month "
        "after the data, estimates (which describe the past) throughout:"
    ]
    for p in CURRENT.params:
        role = "control" if p.is_lever else "estimate"
        lines.append(
            f"  {p.key}\n      {p.label}; {p.unit}; {link_value(p, p.min)} to "
            f"{link_value(p, p.max)}; default {link_value(p, p.default)} ({role}, {p.kind})"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (2 when the reference data is invalid)."""
    try:
        return _run(argv)
    except DataError as exc:
        print(f"error: the reference data is invalid: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (``| head``): not an error
        sys.stderr.close()
        return 0


def _run(argv: list[str] | None) -> int:
    epilog = _parameter_help()
    parser = argparse.ArgumentParser(
        prog="python -m simulator",
        description=(
            "Project ByteDance's and Google's AI budgets, chips, compute (H100-equivalents) and "
            f"tokens per day, 2025-2030 (model version {CURRENT.version}, data as of "
            f"{CURRENT.vintage}). Prints a tidy table: date, company, metric, value, unit."
        ),
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--set",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="change a parameter (repeatable); see the list below",
    )
    parser.add_argument("--format", choices=("csv", "json"), default="csv")
    parser.add_argument(
        "--draws",
        type=int,
        default=0,
        help="Monte Carlo draws over every parameter's uncertainty range (prints quantiles)",
    )
    parser.add_argument("--metric", action="append", help="keep only these metrics (repeatable)")
    parser.add_argument(
        "--model-version",
        choices=sorted(RELEASES),
        default=CURRENT.version,
        help="run an earlier release on its own data (its links' 'v'); default: the current one",
    )
    args = parser.parse_args(argv)

    query: dict[str, str] = {"v": args.model_version}
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep:
            parser.error(f"--set takes KEY=VALUE, got '{item}'")
        query[key.strip()] = value.strip()
    scenario, warnings = Scenario.from_query(query)
    if warnings:
        for w in warnings:
            print(f"error: {w}", file=sys.stderr)
        return 2
    if args.draws < 0:
        parser.error("--draws must be zero or more")

    tune_allocator()
    frame = project(scenario, draws=args.draws or None).to_frame()
    if args.metric:
        unknown = sorted(set(args.metric) - set(frame["metric"]))
        if unknown:
            parser.error(f"unknown metric(s): {', '.join(unknown)}")
        frame = frame[frame["metric"].isin(args.metric)]
    frame = frame.assign(date=frame["date"].dt.strftime("%Y-%m-%d"))
    if args.format == "csv":
        link = "&".join(f"{k}={v}" for k, v in scenario.to_query().items())
        sys.stdout.write(f"# scenario: ?{link}\n")
        frame.to_csv(sys.stdout, index=False)
    else:
        payload = {"scenario": scenario.to_dict(), "query": scenario.to_query()}
        payload["rows"] = frame.to_dict(orient="records")
        json.dump(payload, sys.stdout, indent=1)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
