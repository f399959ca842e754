"""Tables for the Assumptions & sources page: pure pandas from the registry and data."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from simulator import Scenario, load_data
from simulator.data import Param, in_readers_language
from simulator.i18n import N_, _, is_chinese
from simulator.words import describe, format_count, kind_words, shown
from ui.text import escape, source_link

# ---------------------------------------------------------------- words in the reader's language
COMPANY_NAMES = {"ByteDance": "字节跳动", "Google": "谷歌", "Alphabet": "Alphabet"}
# A data cell's value in Chinese, by column (values not listed stay as they are).
_CELLS_ZH = {
    "measure": {
        "bf16_dense_tflops": "BF16稠密算力",
        "fp8_dense_tflops": "FP8稠密算力",
        "int8_dense_tops": "INT8稠密算力",
        "memory_gb": "显存容量",
        "bandwidth_tbs": "显存带宽",
        "price_usd": "单价",
        "capex": "资本开支",
        "chip_spend": "芯片支出",
        "tokens": "词元量",
        "fleet": "自有AI算力",
        "capacity_headroom": "服务容量余量",
        "h200_delivered": "H200交付量",
    },
    "unit": {
        "TFLOP/s": "万亿次/秒",
        "TOP/s": "万亿次整数运算/秒",
        "TB/s": "TB/秒",
        "USD": "美元",
        "CNY bn": "十亿元",
        "USD bn": "十亿美元",
        "tokens/day": "词元/日",
        "tokens/month": "词元/月",
        "H100e": "H100当量",
        "chips": "颗",
        "chips per year": "颗/年",
        "USD per chip": "美元/颗",
        "% of output": "占产量%",
        "ratio": "倍数",
    },
    "use": {
        "fit": "拟合",
        "check": "核对",
        "demand": "需求",
        "calibration": "校准",
        "context": "背景",
    },
    "location": {"china": "中国", "abroad": "海外", "rented": "租用", "own": "自有"},
    "vendor": {"China": "中国"},
}
_HEADERS = {
    "chip": N_("Chip"),
    "measure": N_("Measure"),
    "value": N_("Value"),
    "unit": N_("Unit"),
    "as_of": N_("As of"),
    "kind": N_("Kind"),
    "source": N_("Source"),
    "company": N_("Company"),
    "year": N_("Year"),
    "month": N_("Month"),
    "use": N_("Use"),
    "note": N_("Note"),
    "vendor": N_("Vendor"),
    "label": N_("Label"),
    "location": N_("Location"),
    "opens": N_("Opens"),
    "figure": N_("Figure"),
    "low": N_("Low"),
    "high": N_("High"),
}


_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD_JOINER = "\u2060"  # no line break here: a narrow column does not cut a short word


def unbroken(text: str, longest: int = 8) -> str:
    """A short Chinese text (a kind, a unit, a name) kept on one line in a table: Chinese
    otherwise breaks between any two characters, one character a line in a narrow column."""
    if is_chinese() and len(text) <= longest and _CJK.search(text):
        return _WORD_JOINER.join(text)
    return text


def kind_text(kind: str) -> str:
    """A source kind (reported, estimate, derived, assumption) in the reader's language."""
    return kind_words(kind)


def company_text(company: str) -> str:
    """A company's name in the reader's language (ByteDance: 字节跳动)."""
    return COMPANY_NAMES.get(company, company) if is_chinese() else company


def month_words(value: object, fmt: str = "%b %Y", english: str | None = None) -> str:
    """A month (a date or 'YYYY-MM') in words: 'Jun 2026' (``fmt``; ``english`` when given)
    or 2026年6月."""
    if isinstance(value, str) and len(value) == 7:
        value = f"{value}-01"
    month = pd.Timestamp(value)
    if is_chinese():
        return f"{month.year}年{month.month}月"
    return english if english is not None else month.strftime(fmt)


def _cells_in_readers_language(frame: pd.DataFrame) -> pd.DataFrame:
    """A data table's coded values (measures, units, kinds, places, companies) in Chinese."""
    if not is_chinese():
        return frame
    frame = frame.copy()
    for column in frame.columns:
        if column == "kind":
            frame[column] = frame[column].map(kind_text)
        elif column == "company":
            frame[column] = frame[column].map(company_text)
        elif column in _CELLS_ZH:
            names = _CELLS_ZH[column]
            frame[column] = frame[column].map(lambda v, names=names: names.get(v, v))
    return frame


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
                "Kind": kind_text(p.kind),
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
    obs = pd.DataFrame(_chosen(ds.observations, "source", "note"))
    obs = obs.assign(
        value=[format_count(v) for v in obs["reported_value"]], unit=obs["reported_unit"]
    )
    channels = pd.DataFrame(_chosen([c.__dict__ for c in ds.channels], "label", "source"))
    supply = pd.DataFrame(_chosen(ds.supply, "source", "note"))
    checks = pd.DataFrame(_chosen(ds.checks, "figure", "source"))
    references = pd.DataFrame(_chosen(ds.references, "label", "source"))
    tables: dict[str, pd.DataFrame] = {
        N_("Chips (data/chips.csv)"): chips[["chip", "measure", "value", "unit"]].join(
            chips[["as_of", "kind", "source"]]
        ),
        N_("Budgets (data/budgets.csv)"): budgets[
            ["company", "year", "measure", "value", "unit", "as_of", "kind", "source"]
        ],
        N_("Reported figures (data/observations.csv)"): obs[
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
        N_("China's domestic chip output (data/supply.csv)"): supply[
            ["vendor", "year", "value", "unit", "as_of", "kind", "source", "note"]
        ],
        N_("Procurement channels (data/channels.csv)"): channels[
            ["company", "label", "chip", "location", "opens", "as_of", "kind", "source"]
        ],
        N_("Public forecasts the model is checked against (data/checks.csv)"): checks[
            ["figure", "low", "high", "unit", "as_of", "kind", "source"]
        ],
        N_("Reference figures for plausibility warnings (data/references.csv)"): references[
            ["label", "value", "unit", "as_of", "kind", "source"]
        ],
    }
    return {_(title): _cells_in_readers_language(frame) for title, frame in tables.items()}


def _chosen(rows: object, *columns: str) -> list[dict]:
    """Data rows with ``columns`` in the reader's language (their ``*_zh`` text in Chinese)."""
    return [
        {**row, **{c: in_readers_language(row, c) for c in columns}}
        for row in rows  # type: ignore[attr-defined]
    ]


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
    base = _("baseline {value}").format(value=escape(shown(p, p.default)))
    base += _(", **changed**") if changed else ""
    link = source_link(p.url, _("source"))
    source = escape(p.source.strip()) + (f" {link}" if link else "")
    return _(
        "- **{label}:** {now} ({base}). Uncertainty range {low} to {high}; allowed {min} to "
        "{max}.  \n  *{kind}*, as of {as_of}. {source} Link key: `{key}`."
    ).format(
        label=escape(p.label),
        now=now,
        base=base,
        low=escape(shown(p, p.low)),
        high=escape(shown(p, p.high)),
        min=escape(shown(p, p.min)),
        max=escape(shown(p, p.max)),
        kind=escape(kind_text(p.kind).capitalize()),
        as_of=escape(p.as_of),
        source=source,
        key=p.key,
    )


_TRAILING_URL = re.compile(r"^(.*?)[\s:]*(https?://\S+)$", re.DOTALL)


def source_cell(source: object) -> str:
    """A data row's source for a Markdown table: a web address becomes a link with the text
    "source"; a description ending in an address keeps its words and links the address."""
    text = "" if _missing(source) else " ".join(str(source).split())
    found = _TRAILING_URL.match(text)
    if found:
        link = source_link(found.group(2), unbroken(_("source")))
        if link:
            words = found.group(1).strip()
            return f"{escape(words)} {link}".strip()
    return escape(text) or "—"


def markdown_table(frame: pd.DataFrame) -> str:
    """A data table as a Markdown table: the source column linked, every cell escaped."""
    header = [
        _(_HEADERS[c]) if is_chinese() and c in _HEADERS else str(c).replace("_", " ").capitalize()
        for c in frame.columns
    ]
    lines = ["| " + " | ".join(escape(unbroken(h)) for h in header) + " |"]
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
    return escape(unbroken(" ".join(str(value).split()))) or "—"
