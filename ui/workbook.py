"""The projection as an Excel workbook: one sheet per company, the scenario, and what it is.

Pure openpyxl (no Streamlit): :func:`workbook_bytes` returns the ``.xlsx`` file. Each company
sheet has one row per month (a real Excel date at month end and the year) and one column
per metric, labelled in words with its unit; with uncertainty on, the 10th and 90th
percentiles of the Monte Carlo runs sit beside each metric.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import unicodedata

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from simulator import Projection, Scenario, scenario_name
from simulator.data import COMPANIES, Param
from simulator.engine import metric_info
from simulator.i18n import N_, _, pick
from simulator.timeline import DATES
from simulator.words import describe, kind_words, shown

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_NAME = "compute-gap-projection.xlsx"

# Metric -> label in words (the unit is added from metric_info). Models 1 and 2.
LABELS: dict[str, str] = {
    "budget_usd": N_("Capital spending budget"),
    "chip_spend_usd": N_("Chip budget"),
    "unspent_chip_budget_usd": N_("Chip budget with no chips to buy"),
    "added_h100e": N_("AI compute added"),
    "compute_h100e": N_("AI compute controlled"),
    "compute_owned_h100e": N_("AI compute owned"),
    "compute_rented_in_h100e": N_("AI compute rented from others"),
    "compute_rented_out_h100e": N_("AI compute rented out to others"),
    "compute_china_h100e": N_("AI compute in China"),
    "compute_bf16_flop_per_s": N_("AI compute controlled, dense BF16"),
    "training_compute_h100e": N_("AI compute left for training"),
    "serving_share": N_("Share of compute serving tokens"),
    "token_capacity_per_day": N_("Token serving capacity"),
    "token_demand_per_day": N_("Token demand"),
    "tokens_per_day": N_("Tokens served"),
    "gpus_rented": N_("GPUs rented"),
    "serving_residual": N_("Serving rate against chip physics"),
}
# Per-channel metrics: prefix -> the label, with the channel's label in it.
CHANNEL_WORDS = {
    "spend_": N_("{channel}: spend"),
    "units_": N_("{channel}: chips bought"),
    "cap_": N_("{channel}: export cap"),
}
# The units of the results (simulator.engine.metric_info), in words for a Chinese reader;
# the tidy CSV and the number formats keep the English ones.
UNITS = {
    "FLOP/s (dense BF16)": N_("FLOP/s (dense BF16)"),
    "GPUs": N_("GPUs"),
    "H100e": N_("H100e"),
    "H100e per month": N_("H100e per month"),
    "USD per month": N_("USD per month"),
    "chips per month": N_("chips per month"),
    "share of compute": N_("share of compute"),
    "share of the chips' physical serving rate": N_("share of the chips' physical serving rate"),
    "tokens per day": N_("tokens per day"),
}
# Sheet names: the companies' sheets, the scenario's and the guide's.
SHEETS = {
    "ByteDance": N_("ByteDance"),
    "Google": N_("Google"),
    "Scenario": N_("Scenario"),
    "About": N_("About"),
}
LOW, HIGH = 0.1, 0.9

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
NOTE = Font(italic=True, color="555555")
LINK = Font(color="0563C1", underline="single")
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
RANGE_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
HEADER_ROW = 4  # company sheets: title, two notes, then the headers


def metric_label(name: str, channels: dict[str, str] | None = None) -> str:
    """Name a metric in words, without its unit: 'AI compute controlled', 'Nvidia GPUs spend'.

    ``channels`` maps channel names to labels for the per-channel metrics; an unknown
    metric reads as its name with spaces ('new_metric' -> 'New metric').
    """
    if name in LABELS:
        return _(LABELS[name])
    for prefix, words in CHANNEL_WORDS.items():
        if name.startswith(prefix):
            channel = name.removeprefix(prefix).removesuffix("_usd")
            return _(words).format(channel=(channels or {}).get(channel, channel))
    return name.replace("_", " ").strip().capitalize()


def unit_words(unit: str) -> str:
    """A result's unit in the reader's language ('tokens per day', '日均词元')."""
    return _(UNITS[unit]) if unit in UNITS else unit


def sheet_name(name: str) -> str:
    """A sheet's name in the reader's language."""
    return _(SHEETS[name]) if name in SHEETS else name


def with_unit(label: str, unit: str) -> str:
    """A column header: the label, then its unit in brackets."""
    return _("{label} ({unit})").format(label=label, unit=unit_words(unit))


def header(name: str, channels: dict[str, str] | None = None) -> str:
    """A column header: the metric in words with its unit, 'Tokens served (tokens per day)'."""
    return with_unit(metric_label(name, channels), metric_info(name)[0])


def number_format(unit: str) -> str:
    """Excel number format for a unit: percent for shares, scientific for FLOP/s."""
    if unit.startswith("share"):
        return "0.0%"
    if unit.startswith("FLOP/s"):
        return "0.00E+00"
    return "#,##0"


def workbook_bytes(
    scenario: Scenario,
    projection: Projection,
    link: str,
    fan: Projection | None = None,
    today: dt.date | None = None,
) -> bytes:
    """Return the projection as an ``.xlsx`` file.

    Sheets: one per company (months as rows, metrics as columns, the 10th-90th percentile
    range beside each when ``fan`` is a Monte Carlo projection), "Scenario" (every
    parameter of the release with its value, baseline, unit and source) and "About" (the
    link, model version, data vintage, ``today`` and how to read the sheets).
    """
    book = Workbook()
    book.remove(book.active)
    labels = {
        ch.channel: pick(ch.label, getattr(ch, "label_zh", None))
        for ch in scenario.release.dataset.channels
    }
    for company in COMPANIES:
        sheet = book.create_sheet(sheet_name(company))
        _company_sheet(sheet, scenario, projection, company, labels, fan)
    _scenario_sheet(book.create_sheet(sheet_name("Scenario")), scenario)
    _about_sheet(
        book.create_sheet(sheet_name("About")), scenario, link, fan, today or dt.date.today()
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ------------------------------------------------------------------ company sheets
def _metrics(projection: Projection, company: str) -> list[str]:
    """The company's metrics: every company metric, then the channels it has."""
    channel = [m for m, by in projection.channel_arrays.items() if company in by]
    return [*projection.company_arrays, *channel]


def _month_ends() -> list[dt.date]:
    return [(d + DATES.freq).date() - dt.timedelta(days=1) for d in DATES]


def _company_sheet(
    ws: Worksheet,
    scenario: Scenario,
    projection: Projection,
    company: str,
    labels: dict[str, str],
    fan: Projection | None,
) -> None:
    ws["A1"] = _("{company}: Compute Gap projection ({scenario})").format(
        company=sheet_name(company), scenario=scenario_name(scenario)[0]
    )
    ws["A1"].font = TITLE
    ws["A2"] = _(
        "Each row is a month, dated at its end. Stocks (compute, GPUs rented, tokens per "
        "day, shares) are the value at month end; flows (budgets, spend, chips bought, "
        "compute added) are per month, the total over the month."
    )
    ws["A3"] = (
        _("Columns marked low (10%) and high (90%): 8 of 10 uncertainty runs fall between them.")
        if fan is not None
        else _("Single projection of this scenario (uncertainty bands were off).")
    )
    for cell in ("A2", "A3"):
        ws[cell].font = NOTE
    _header_cell(ws, 1, _("Date (month end)"), 12)
    _header_cell(ws, 2, _("Year"), 7)
    for row, day in enumerate(_month_ends(), HEADER_ROW + 1):
        ws.cell(row, 1, day).number_format = DATE_FORMAT
        ws.cell(row, 2, day.year)
    col = 3
    for metric in _metrics(projection, company):
        col = _metric_columns(ws, col, metric, company, projection, fan, labels)
    _fit_row(ws, HEADER_ROW)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
    _page_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}", "A:B")
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(col - 1)}{HEADER_ROW + len(DATES)}"


def _metric_columns(
    ws: Worksheet,
    col: int,
    metric: str,
    company: str,
    projection: Projection,
    fan: Projection | None,
    labels: dict[str, str],
) -> int:
    """Write one metric's column (and its range columns); return the next free column."""
    unit = metric_info(metric)[0]
    label, fmt = metric_label(metric, labels), number_format(unit)
    value = projection.series(metric, company)[0]
    columns = [(with_unit(label, unit), value, None)]
    if fan is not None:
        low, high = np.nanquantile(fan.series(metric, company), [LOW, HIGH], axis=0)
        # the runs are float32: a range within its rounding of the value is the value
        low, high = (
            np.where(np.isclose(b, value, rtol=1e-6, atol=0), value, b) for b in (low, high)
        )
        columns += [
            (with_unit(_("{label} low (10%)").format(label=label), unit), low, RANGE_FILL),
            (with_unit(_("{label} high (90%)").format(label=label), unit), high, RANGE_FILL),
        ]
    for text, values, fill in columns:
        _header_cell(ws, col, text, 20 if fmt != "#,##0" else 18)
        for row, value in enumerate(values, HEADER_ROW + 1):
            cell = ws.cell(row, col, float(value) if np.isfinite(value) else None)
            cell.number_format = fmt
            if fill is not None:
                cell.fill = fill
        col += 1
    return col


def _header_cell(ws: Worksheet, col: int, text: str, width: float, row: int = HEADER_ROW) -> None:
    cell = ws.cell(row, col, text)
    cell.font = BOLD
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions[get_column_letter(col)].width = width


def _fit_row(ws: Worksheet, row: int, line: float = 15.0) -> None:
    """Set a row's height to show its wrapped text (openpyxl cannot measure it)."""
    lines = 1
    for cell in ws[row]:
        if cell.value is None or not (cell.alignment and cell.alignment.wrap_text):
            continue
        width = ws.column_dimensions[cell.column_letter].width or 10
        per_line = max(width - 1, 4) * (0.95 if cell.font and cell.font.bold else 1.1)
        parts = str(cell.value).split("\n")
        wrapped = sum(math.ceil(_columns(part) / per_line) or 1 for part in parts)
        lines = max(lines, wrapped)
    ws.row_dimensions[row].height = line * lines + 2


def _columns(text: str) -> int:
    """Characters, a Chinese one counting two (Excel's column width is in Latin digits)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _page_setup(ws: Worksheet, title_rows: str, title_cols: str | None = None) -> None:
    """Print landscape with the header rows on every page, and the key columns (company
    sheets, too wide for a page) or every column (the others) on each page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    else:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0


# ------------------------------------------------------------------ scenario sheet
SCENARIO_COLUMNS = (
    (N_("Parameter"), 38),
    (N_("This scenario"), 14),
    (N_("Baseline"), 14),
    (N_("Unit"), 22),
    (N_("Changed"), 9),
    (N_("Control or estimate"), 12),
    (N_("Kind"), 11),
    (N_("As of"), 11),
    (N_("Source"), 60),
    (N_("Source link"), 22),
    (N_("Key (in links)"), 28),
)


SOURCE_LINK_COLUMN = 10


def _scenario_sheet(ws: Worksheet, scenario: Scenario) -> None:
    ws["A1"] = _("Every setting of this scenario, with its baseline value and source")
    ws["A1"].font = TITLE
    ws["A2"] = _(
        "Values are shown as the app's controls show them, in the unit beside them. "
        "Controls are sliders and switches; estimates describe the past and vary only in "
        "the uncertainty runs. The Source link column opens each source's page."
    )
    ws["A2"].font = NOTE
    for col, (text, width) in enumerate(SCENARIO_COLUMNS, 1):
        _header_cell(ws, col, _(text), width, row=3)
    _fit_row(ws, 3)
    for row, p in enumerate(scenario.registry, 4):
        _parameter_row(ws, row, p, scenario[p.key])
        _fit_row(ws, row)
    ws.freeze_panes = "B4"
    _page_setup(ws, "3:3")
    last = get_column_letter(len(SCENARIO_COLUMNS))
    ws.auto_filter.ref = f"A3:{last}{len(scenario.registry) + 3}"


def _control_value(p: Param, value: float) -> float | str:
    """A number as the control shows it (scaled), or words for a month or a switch."""
    if p.unit in ("month", "switch"):
        return shown(p, value)
    return value / p.scale


def _parameter_row(ws: Worksheet, row: int, p: Param, value: float) -> None:
    cells = (
        p.label,
        _control_value(p, value),
        _control_value(p, p.default),
        p.display_unit,
        _("yes") if value != p.default else "",
        _("control") if p.is_lever else _("estimate"),
        kind_words(p.kind),
        _date(p.as_of),
        p.source,
        _site(p.url),
        p.key,
    )
    for col, content in enumerate(cells, 1):
        cell = ws.cell(row, col, content)
        cell.alignment = WRAP_TOP
        if isinstance(content, float):
            cell.number_format = "#,##0" if content.is_integer() else "#,##0.0###"
    ws.cell(row, 8).number_format = DATE_FORMAT
    if value != p.default:
        for col in (1, 2, 5):
            ws.cell(row, col).font = BOLD
    if p.url.startswith(("http://", "https://")):  # beside the source: wraps everywhere
        ws.cell(row, SOURCE_LINK_COLUMN).hyperlink = p.url
        ws.cell(row, SOURCE_LINK_COLUMN).font = LINK


def _site(url: str) -> str | None:
    """A link's site, as its cell shows it: 'bloomberg.com'."""
    if not url.startswith(("http://", "https://")):
        return None
    return url.split("/")[2].removeprefix("www.")


def _date(text: str) -> dt.date | str:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


# ------------------------------------------------------------------ about sheet
ABOUT_LINK_ROW = 4


def _about_sheet(
    ws: Worksheet, scenario: Scenario, link: str, fan: Projection | None, today: dt.date
) -> None:
    name, story = scenario_name(scenario)
    rel = scenario.release
    rows = [
        (_("Scenario"), _("{name}: {story}").format(name=name, story=story)),
        (_("Share link"), link),
        (_("Model version"), rel.version),
        (_("Data as of"), _("{date} ({vintage})").format(date=rel.label, vintage=rel.vintage)),
        (_("Made on"), today),
        (_("Uncertainty"), _uncertainty(fan)),
        *_changes(scenario),
        *((_("How to read") if i == 0 else "", _(line)) for i, line in enumerate(HOW_TO_READ)),
    ]
    ws["A1"] = _("Compute Gap projection")
    ws["A1"].font = TITLE
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 90
    for row, (field, value) in enumerate(rows, ABOUT_LINK_ROW - 1):
        ws.cell(row, 1, field or None).font = BOLD
        ws.cell(row, 1).alignment = WRAP_TOP
        ws.cell(row, 2, value).alignment = Alignment(
            wrap_text=True, vertical="top", horizontal="left"
        )
        _fit_row(ws, row)
    ws.cell(ABOUT_LINK_ROW, 2).hyperlink = link
    ws.cell(ABOUT_LINK_ROW, 2).font = LINK
    ws.cell(ABOUT_LINK_ROW + 3, 2).number_format = DATE_FORMAT
    _page_setup(ws, "1:1")


def _uncertainty(fan: Projection | None) -> str:
    """What the low and high columns summarise, or that there are none."""
    if fan is None:
        return _("Off: a single projection, no low and high columns.")
    if fan.reproduced == 0:
        text = _(
            "On: the low (10%) and high (90%) columns bound where a result falls in 8 of 10 "
            "of {drawn} runs (none of them reproduces every reported figure), each run "
            "varying every assumption within its range at once."
        )
    else:
        text = _(
            "On: the low (10%) and high (90%) columns bound where a result falls in 8 of 10 "
            "of the {kept} of {drawn} runs that reproduce every reported figure, each run "
            "varying every assumption within its range at once."
        )
    return text.format(kept=f"{fan.kept:,}", drawn=f"{fan.drawn:,}")


def _changes(scenario: Scenario) -> list[tuple[str, str]]:
    """One row per setting that differs from the baseline: 'label: baseline -> value'."""
    params = {p.key: p for p in scenario.registry}
    lines = [
        _("{label}: {value} (baseline {baseline})").format(
            label=params[key].label,
            value=describe(params[key], value),
            baseline=describe(params[key], base),
        )
        for key, (base, value) in scenario.differences().items()
    ] or [_("None: every setting is at its baseline value.")]
    return [(_("Changed settings") if i == 0 else "", line) for i, line in enumerate(lines)]


HOW_TO_READ = (
    N_(
        "The ByteDance and Google sheets hold one row per month, 2025 to 2030, dated at the "
        "month's end, with its year beside it (for totals by year: a pivot table or SUMIF)."
    ),
    N_(
        "Each column is one result, its unit in brackets. Columns named after a way of "
        "getting chips (Nvidia H200 under US licence, domestic chips, ...) are that "
        "channel's spend, chips bought or export cap."
    ),
    N_(
        "Stocks (AI compute, GPUs rented, tokens per day, shares) are the value at the "
        "month's end: take December's for a year."
    ),
    N_(
        "Flows (budgets, spend, chips bought, compute added) are totals over the month: add "
        "the twelve months for a year."
    ),
    N_(
        "H100e counts compute in Nvidia H100 equivalents (989 TFLOP/s dense BF16 each). "
        "Money is in US dollars."
    ),
    N_(
        "With uncertainty on, the grey columns low (10%) and high (90%) beside a result "
        "bound where it falls in 8 of 10 uncertainty runs."
    ),
    N_(
        "The Scenario sheet lists every setting of the model: its value here, its baseline "
        "value, unit and source. Open the share link to see this scenario in the app."
    ),
)
