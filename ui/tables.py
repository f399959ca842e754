"""Tables for the Assumptions & sources page: pure pandas from the registry and data."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from simulator import Scenario, load_data
from simulator.data import Param
from simulator.words import describe, format_count, shown
from ui.text import escape, source_link


def parameter_table(scenario: Scenario, levers: bool = True) -> pd.DataFrame:
    """Every control (``levers``) or every estimate of the scenario's release, one row each."""
    rows = []
    for p in scenario.registry:
        if p.is_lever != levers:
            continue
        rows.append(
            {
                "Parameter": p.label,
                "This scenario": shown(p, scenario[p.key]),
                "Baseline": shown(p, p.default),
                "Unit": p.display_unit,
                "Uncertainty range": f"{shown(p, p.low)} to {shown(p, p.high)}",
                "Allowed": f"{shown(p, p.min)} to {shown(p, p.max)}",
                "Kind": p.kind,
                "As of": p.as_of,
                "Source": p.source,
                "Link": p.url or None,
                "Key (in links)": p.key,
                "Changed": scenario[p.key] != p.default,
            }
        )
    return pd.DataFrame(rows)


_CHIP_UNITS = {"bandwidth_tbs": ("TB/s", 1e12), "fp8_dense_tflops": ("TFLOP/s", 1e12)}


def data_tables() -> dict[str, pd.DataFrame]:
    """Every data row with its unit, as-of date, kind and source, by file."""
    ds = load_data()
    chips = pd.DataFrame(ds.chips)
    divide = {"bf16_dense_tflops": 1e12, "fp8_dense_tflops": 1e12, "int8_dense_tops": 1e12}
    divide["bandwidth_tbs"] = 1e12
    chips["value"] = [
        v / divide.get(m, 1) for v, m in zip(chips["value"], chips["measure"], strict=True)
    ]
    budgets = pd.DataFrame(ds.budgets)
    budgets["value"] = budgets["value"] / 1e9
    budgets["unit"] = budgets["currency"] + " bn"
    obs = pd.DataFrame(ds.observations)
    obs = obs.assign(
        value=[format_count(v) for v in obs["reported_value"]], unit=obs["reported_unit"]
    )
    channels = pd.DataFrame([c.__dict__ for c in ds.channels])
    supply = pd.DataFrame(ds.supply)
    checks = pd.DataFrame(ds.checks)
    tables: dict[str, pd.DataFrame] = {
        "Chips (data/chips.csv)": chips[["chip", "measure", "value", "unit"]].join(
            chips[["as_of", "kind", "source"]]
        ),
        "Budgets (data/budgets.csv)": budgets[
            ["company", "year", "measure", "value", "unit", "as_of", "kind", "source"]
        ],
        "Reported figures (data/observations.csv)": obs[
            [
                "company",
                "month",
                "measure",
                "value",
                "unit",
                "use",
                "as_of",
                "kind",
                "source",
                "note",
            ]
        ],
        "China's domestic chip output (data/supply.csv)": supply[
            ["vendor", "year", "value", "unit", "as_of", "kind", "source", "note"]
        ],
        "Procurement channels (data/channels.csv)": channels[
            ["company", "label", "chip", "location", "opens", "as_of", "kind", "source"]
        ],
        "Public forecasts the model is checked against (data/checks.csv)": checks[
            ["figure", "low", "high", "unit", "as_of", "kind", "source"]
        ],
        "Reference figures for plausibility warnings (data/references.csv)": pd.DataFrame(
            ds.references
        )[["label", "value", "unit", "as_of", "kind", "source"]],
    }
    return tables


# ---------------------------------------------------------------- Markdown (the page)
def parameter_groups(scenario: Scenario, levers: bool = True) -> dict[str, list[str]]:
    """The page's view of :func:`parameter_table`: per group, one Markdown list item per
    parameter (value, baseline, ranges, kind, as-of date, source and a real link)."""
    groups: dict[str, list[str]] = {}
    for p in scenario.registry:
        if p.is_lever == levers:
            groups.setdefault(p.group, []).append(parameter_item(p, scenario[p.key]))
    return groups


def parameter_item(p: Param, value: float) -> str:
    """One parameter as a Markdown list item: every echoed text escaped, the link checked."""
    changed = value != p.default
    now = f"**{escape(describe(p, value))}**"
    base = f"baseline {escape(shown(p, p.default))}" + (", **changed**" if changed else "")
    link = source_link(p.url)
    source = escape(p.source.strip()) + (f" {link}" if link else "")
    return (
        f"- **{escape(p.label)}:** {now} ({base}). "
        f"Uncertainty range {escape(shown(p, p.low))} to {escape(shown(p, p.high))}; "
        f"allowed {escape(shown(p, p.min))} to {escape(shown(p, p.max))}.  \n"
        f"  *{escape(p.kind.capitalize())}*, as of {escape(p.as_of)}. {source} "
        f"Link key: `{p.key}`."
    )


_TRAILING_URL = re.compile(r"^(.*?)[\s:]*(https?://\S+)$", re.DOTALL)


def source_cell(source: object) -> str:
    """A data row's source for a Markdown table: a web address becomes a link with the text
    "source"; a description ending in an address keeps its words and links the address."""
    text = "" if _missing(source) else " ".join(str(source).split())
    found = _TRAILING_URL.match(text)
    if found:
        link = source_link(found.group(2))
        if link:
            words = found.group(1).strip()
            return f"{escape(words)} {link}".strip()
    return escape(text) or "—"


def markdown_table(frame: pd.DataFrame) -> str:
    """A data table as a Markdown table: the source column linked, every cell escaped."""
    header = [str(c).replace("_", " ").capitalize() for c in frame.columns]
    lines = ["| " + " | ".join(escape(h) for h in header) + " |"]
    lines.append("|" + "---|" * len(header))
    for row in frame.itertuples(index=False):
        cells = [
            source_cell(v) if c == "source" else _cell(v)
            for c, v in zip(frame.columns, row, strict=True)
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
_NO_BREAK_HYPHEN = "\u2011"  # a date never wraps in the middle of a narrow column


def _cell(value: object) -> str:
    if _missing(value):
        return "—"
    if isinstance(value, str) and _DATE.match(value):
        return value.replace("-", _NO_BREAK_HYPHEN)
    if isinstance(value, float):
        value = f"{value:,.4f}".rstrip("0").rstrip(".")
    elif isinstance(value, int | np.integer) and abs(value) >= 10_000:  # not a year
        value = f"{value:,}"
    return escape(" ".join(str(value).split())) or "—"
