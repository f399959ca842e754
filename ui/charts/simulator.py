"""The Simulator page's four charts (also drawn in the briefing): designed once in Altair,
filled with data on every rerun.

Each chart is an Altair template reading named datasets (built once, cached as a
Vega-Lite dict) plus a pure function that turns projections into those datasets, as Arrow
tables built from NumPy. A rerun only builds small tables: no Altair object work, which
would cost more than the whole engine.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa

from simulator import Scenario
from simulator.analysis import RANGES, describe_change
from simulator.engine import YEAR, Projection
from simulator.i18n import N_, _, is_chinese, language
from simulator.scenario import scenario_name
from simulator.words import compact
from ui.charts.datasets import (
    BASE,
    OWNED,
    THIS,
    UNSPENT,
    companies,
    compute_data,
    dataset,
    ratio_data,
    share,
    spend_columns,
    spend_data,
    spend_scale,
    tokens_data,
)
from ui.charts.export import Context, vintage_line
from ui.charts.style import (
    BAND_OPACITY,
    BASELINE_OPACITY,
    CHANNEL_PALETTE,
    COMPANY_COLORS,
    HEIGHT,
    LOG_TICKS,
    REFERENCE_COLOR,
    REFERENCE_DASH,
    UNSPENT_COLOR,
    fitted_title,
    styled_spec,
    wrapping_legend,
)

CANVAS = {"renderer": "canvas"}  # Streamlit's embed option: the page's charts on a canvas


class _Translated(dict):
    """English texts by name, read in the reader's language: ``NOTES[name]``."""

    def __getitem__(self, name: str) -> str:
        return _(super().__getitem__(name))


# How to read each chart: under an exported image, and (joined) under the page's charts.
NOTES: dict[str, str] = _Translated(
    compute=N_(
        "Solid lines: this scenario; faint dashed lines: the baseline; dotted lines: compute "
        "owned (Google's includes what its Cloud customers rent; ByteDance's leaves out what "
        "it rents abroad). One H100-equivalent = 989 TFLOP/s dense BF16."
    ),
    tokens=N_(
        "Solid lines: this scenario; faint dashed lines: the baseline; thin dashed lines: "
        "demand, the trend fitted to the reports (dots)."
    ),
    ratio=N_("Solid line: this scenario; faint dashed line: the baseline."),
    chip_spend=N_(
        "Bars: this scenario's chip budget by where it goes (grey: money with no chips to "
        "buy); dashed line with dots: what the baseline spends on chips."
    ),
)
# Under the page's charts (English: show it with ``_()``).
LEGEND_NOTE = N_(
    "Solid lines: this scenario; faint dashed lines: the baseline. On the compute chart, "
    "dotted lines: compute owned (Google's includes what its Cloud customers rent; "
    "ByteDance's leaves out what it rents abroad). On the tokens chart, thin dashed lines: "
    "demand, the trend fitted to the reports (dots). One H100-equivalent = 989 TFLOP/s "
    "dense BF16."
)


def channel_colors(version: str | None = None) -> dict[str, str]:
    """Each ByteDance channel's colour, by its label, then the unspent money's."""
    labels = [_(ch.label) for ch in dataset(version).channels if ch.company == "ByteDance"]
    return {**dict(zip(labels, CHANNEL_PALETTE, strict=False)), _(UNSPENT): UNSPENT_COLOR}


# ---------------------------------------------------------------- templates (Altair)
def _company_color(legend: bool = True) -> alt.Color:
    return alt.Color(
        "company:N",
        title=None,
        scale=alt.Scale(domain=companies(COMPANY_COLORS), range=list(COMPANY_COLORS.values())),
        legend=alt.Legend(orient="top", symbolOpacity=1) if legend else None,
    )


def _month_tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("company:N", title=_("Company")),
        # Vega's month names are English: a Chinese month is written in digits (2026年7月)
        alt.Tooltip("date:T", title=_("Month"), format="%Y年%-m月" if is_chinese() else "%b %Y"),
    ]


def _lines(
    y_title: str, fmt: str, legend: bool = True, log: bool = False, owned: bool = False
) -> alt.LayerChart:
    """Solid lines for this scenario, faint dashed lines for the baseline, dotted ones for
    compute owned (``owned``; dataset 'series', by its 'line' column), and shaded
    uncertainty bands when the 'bands' dataset has rows."""
    y_scale = alt.Scale(type="log") if log else alt.Scale(zero=True)
    bands = (
        alt.Chart(alt.NamedData("bands"))
        .mark_area()
        .encode(
            x="date:T",
            y=alt.Y("lo:Q", scale=y_scale),
            y2="hi:Q",
            color=_company_color(legend),
            opacity=alt.Opacity(
                "band:N",
                scale=alt.Scale(domain=[_(band) for band in RANGES], range=list(BAND_OPACITY)),
                legend=None,
            ),
            tooltip=[
                *_month_tooltip(),
                alt.Tooltip("band:N", title=_("Band")),
                alt.Tooltip("lo:Q", title=_("From"), format=fmt),
                alt.Tooltip("hi:Q", title=_("To"), format=fmt),
            ],
        )
    )
    base = alt.Chart(alt.NamedData("series")).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y(
            "value:Q",
            title=y_title,
            scale=y_scale,
            # on a log axis, small values keep their decimals: 0.3, 1, 10, 100
            axis=alt.Axis(
                values=LOG_TICKS, labelExpr="format(datum.value, datum.value < 1 ? '.1f' : ',.0f')"
            )
            if log
            else alt.Axis(),
        ),
        color=_company_color(legend),
        tooltip=[
            *_month_tooltip(),
            alt.Tooltip("value:Q", title=y_title, format=fmt),
            alt.Tooltip("line:N", title=_("Line")),
        ],
    )
    faint = base.transform_filter(alt.datum.line == _(BASE)).mark_line(
        strokeWidth=2, strokeDash=REFERENCE_DASH, opacity=BASELINE_OPACITY
    )
    dotted = base.transform_filter(alt.datum.line == _(OWNED)).mark_line(
        strokeWidth=2, strokeDash=[1, 3], opacity=0.8
    )
    current = base.transform_filter(alt.datum.line == _(THIS)).mark_line(strokeWidth=3)
    return alt.layer(bands, faint, *([dotted] if owned else []), current)


def _compute_template() -> alt.LayerChart:
    title = _("AI compute (million H100e, log scale)")
    return _lines(title, ",.2f", log=True, owned=True).properties(
        height=HEIGHT, title=_("Compute each company controls")
    )


def _ratio_template() -> alt.LayerChart:
    return _lines(_("ByteDance's compute (% of Google's)"), ".1f", legend=False).properties(
        height=HEIGHT, title=_("ByteDance's compute, % of Google's")
    )


def _tokens_template() -> alt.LayerChart:
    title = _("Tokens per day (trillions, log scale)")
    demand = (
        alt.Chart(alt.NamedData("demand"))
        .mark_line(strokeDash=[2, 2], strokeWidth=1.5)
        .encode(
            x="date:T",
            y="value:Q",
            color=_company_color(),
            tooltip=[
                *_month_tooltip(),
                alt.Tooltip("value:Q", title=_("Demand (trillion tokens/day)"), format=",.1f"),
                alt.Tooltip("line:N", title=_("Line")),
            ],
        )
    )
    reported = (
        alt.Chart(alt.NamedData("reported"))
        .mark_point(filled=True, size=70, stroke="white", strokeWidth=1, opacity=1)
        .encode(
            x="date:T",
            y="value:Q",
            color=_company_color(),
            tooltip=[
                *_month_tooltip(),
                alt.Tooltip("value:Q", title=_("Reported (trillion tokens/day)"), format=",.1f"),
                alt.Tooltip("reported:N", title=_("As reported")),
                alt.Tooltip("source:N", title=_("Source")),
            ],
        )
    )
    return alt.layer(_lines(title, ",.1f", log=True), demand, reported).properties(
        height=HEIGHT, title=_("Tokens served per day")
    )


def _spend_template(version: str | None = None) -> alt.LayerChart:
    colors = channel_colors(version)
    bars = (
        alt.Chart(alt.NamedData("spend"))
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(value):Q", title=_("Yuan bn per year (¥)")),
            color=alt.Color(
                "channel:N",
                title=None,
                scale=alt.Scale(domain=list(colors), range=list(colors.values())),
                legend=wrapping_legend(two_columns_from=520, orient="top"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("year:O", title=_("Year")),
                alt.Tooltip("channel:N", title=_("Channel")),
                alt.Tooltip("value:Q", title=_("¥ bn"), format=",.1f"),
            ],
        )
    )
    spent = (
        alt.Chart(alt.NamedData("baseline"))
        .mark_line(
            color=REFERENCE_COLOR,
            opacity=BASELINE_OPACITY,
            strokeDash=REFERENCE_DASH,
            point=alt.OverlayMarkDef(color=REFERENCE_COLOR),
        )
        .encode(
            x="year:O",
            y="value:Q",
            tooltip=[
                alt.Tooltip("line:N", title=_("Line")),
                alt.Tooltip("value:Q", title=_("¥ bn"), format=",.1f"),
            ],
        )
    )
    return alt.layer(bars, spent).properties(
        height=HEIGHT + 40, title=_("Where ByteDance's chip money goes")
    )


Datasets = Callable[[Projection, Projection | None, Projection | None], dict[str, pa.Table]]


@dataclass(frozen=True)
class Chart:
    """One chart: its Altair template and the datasets that fill it.

    The datasets come from the projection, the baseline (faint lines; None for none) and a
    Monte Carlo fan (bands; None for none); a chart ``by_release`` (its legend names the
    release's channels) has one template per release.
    """

    template: Callable[..., alt.TopLevelMixin]  # takes the release's version when it varies
    datasets: Datasets
    by_release: bool = False


# Every chart of the page, in page order (left, right, left, right), by a file-friendly name.
CHARTS: dict[str, Chart] = {
    "compute": Chart(_compute_template, compute_data),
    "tokens": Chart(_tokens_template, tokens_data),
    "ratio": Chart(_ratio_template, ratio_data),
    "chip_spend": Chart(_spend_template, spend_data, by_release=True),
}


@cache
def _template(name: str, version: str, lang: str, bands: bool) -> dict:
    """Chart ``name``'s template for a release, in a language (``lang``: the cache key; the
    texts come from the current language, which it is), with or without its uncertainty
    bands (an empty layer makes Vega warn of an infinite extent on every redraw)."""
    chart = CHARTS[name]
    built = chart.template(version) if chart.by_release else chart.template()
    # Not validated against the Vega-Lite schema here: that took about 0.1 s of a server's
    # first run; tests/test_chart_export.py validates every template instead.
    spec = styled_spec(built.to_dict(validate=False), "")
    return spec if bands else _without(spec, "bands")


def _without(spec: dict, dataset: str) -> dict:
    """``spec`` without the layers drawn from ``dataset``."""
    if "layer" not in spec:
        return spec
    layers = [
        _without(layer, dataset)
        for layer in spec["layer"]
        if layer.get("data", {}).get("name") != dataset
    ]
    return {**spec, "layer": layers}


# ---------------------------------------------------------------- text alternatives
# What each chart shows, in words: the chart's aria-label (Vega-Lite's ``description``).
_SHOWS = {
    "compute": N_(
        "Line chart of the AI compute each company controls, in million H100-equivalents on a "
        "log scale"
    ),
    "tokens": N_(
        "Line chart of the tokens each company serves per day, in trillions on a log scale, "
        "with demand (thin dashed lines) and reported figures (dots)"
    ),
    "ratio": N_("Line chart of ByteDance's compute as a percentage of Google's"),
    "chip_spend": N_(
        "Stacked bar chart of ByteDance's chip budget by year and by where it goes, in yuan bn"
    ),
}


def _num(value: float, unit: str = "") -> str:
    if not np.isfinite(value):
        return _("not defined")
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value:,.{digits}f}{unit}"


def _yuan(value: float, unit: str = "") -> str:
    """A value of the spend chart in Chinese words: 1200亿元, 3000万元 (``unit`` unused)."""
    return f"{compact(value * spend_scale())}元" if np.isfinite(value) else _("not defined")


def _trend(
    who: str, first: float, last: float, unit: str = "", num: Callable[..., str] = _num
) -> str:
    """``who`` (a line's owner) and how its line moves: "ByteDance's rises from 1 to 3"."""
    if not (np.isfinite(first) and np.isfinite(last)) or abs(last - first) <= 0.05 * abs(first):
        return _("{who} stays near {last}").format(who=who, last=num(last, unit))
    text = (
        _("{who} rises from {first} to {last}")
        if last > first
        else _("{who} falls from {first} to {last}")
    )
    return text.format(who=who, first=num(first, unit), last=num(last, unit))


def _lines_by_company(name: str, projection: Projection) -> dict[str, np.ndarray]:
    """The solid lines of a line chart, month by month, in the chart's unit."""
    if name == "ratio":
        return {_("ByteDance's share"): share(projection)[0, 0]}
    metric, scale = {"compute": ("compute_h100e", 1e6), "tokens": ("tokens_per_day", 1e12)}[name]
    values = projection.company_arrays[metric][0] / scale
    return dict(zip(companies(), values, strict=True))


def _owner(label: str) -> str:
    """'ByteDance' -> "ByteDance's"; a label that already says whose stays as it is (and a
    Chinese one too: 字节跳动从…升至…)."""
    return label if "'" in label or is_chinese() else f"{label}'s"


def _figures(name: str, projection: Projection, year: int) -> str:
    """The chart's values at the end of ``year`` and their trend from 2025 to 2030."""
    first, last = int(YEAR[0]), int(YEAR[-1])
    if name == "chip_spend":
        cols = spend_columns(projection)
        total = {y: cols["value"][cols["year"] == str(y)].sum() for y in (first, year, last)}
        unspent = cols["value"][(cols["year"] == str(year)) & (cols["channel"] == _(UNSPENT))]
        num = _yuan if is_chinese() else _num  # Chinese: 1200亿元, 3000万元
        return _(
            "In {year}: ¥{total} bn in all, of which ¥{unspent} bn finds no chips to buy. From "
            "{first} to {last} {trend}."
        ).format(
            year=year,
            total=num(total[year]),
            unspent=num(unspent.sum()),
            first=first,
            last=last,
            trend=_trend(_("the budget"), total[first], total[last], " bn (yuan)", num),
        )
    unit = "%" if name == "ratio" else ""
    end = int(np.flatnonzero(year == YEAR)[-1])
    lines = _lines_by_company(name, projection)
    at_year = _(", ").join(
        _("{label} {value}").format(label=label, value=_num(v[end], unit))
        for label, v in lines.items()
    )
    trends = _("; ").join(_trend(_owner(label), v[0], v[-1], unit) for label, v in lines.items())
    return _(
        "At the end of {year}: {values}. From January {first} to December {last}, {trends}."
    ).format(year=year, values=at_year, first=first, last=last, trends=trends)


def description(
    name: str,
    projection: Projection,
    year: int | None = None,
    baseline: bool = False,
    bands: bool = False,
) -> str:
    """What chart ``name`` shows, in words: its values at the end of ``year`` (default: the
    last year) and their trend, for a screen reader (the chart's aria-label)."""
    year = int(YEAR[-1]) if year is None else year
    parts = [
        _("{shows}, {first} to {last}.").format(
            shows=_(_SHOWS[name]), first=int(YEAR[0]), last=int(YEAR[-1])
        ),
        _figures(name, projection, year),
    ]
    if baseline:
        parts.append(
            _("Dashed line with dots: what the baseline spends on chips.")
            if name == "chip_spend"
            else _("Faint dashed lines: the baseline.")
        )
    if bands:
        parts.append(_("Shaded bands: the range of uncertainty."))
    return ("" if is_chinese() else " ").join(parts)


def spec(
    name: str,
    projection: Projection,
    baseline: Projection | None = None,
    fan: Projection | None = None,
    year: int | None = None,
) -> dict:
    """Return the Vega-Lite spec of one chart with its datasets as Arrow tables.

    ``baseline`` adds faint baseline lines; ``fan`` (a Monte Carlo projection) adds bands;
    ``year`` is the headline year the description (the text alternative) quotes.
    """
    out = copy.copy(_template(name, projection.scenario.version, language(), fan is not None))
    out["datasets"] = CHARTS[name].datasets(projection, baseline, fan)
    out["description"] = description(
        name, projection, year, baseline=baseline is not None, bands=fan is not None
    )
    return out


def steady(name: str, chart_spec: dict) -> tuple[dict, str]:
    """Split chart ``name`` for the page: a spec whose text alternative does not change with
    the numbers, and that text alternative with the figures, written after the charts.

    Streamlit draws a chart anew when its spec changes and only swaps its data when the spec
    stays the same: with the figures out of the spec, a moved control updates the lines in
    place (faster, and no flicker) while a screen reader still hears the figures.

    The page draws these charts on a canvas rather than in SVG: a redraw then changes no
    elements of the page, which the browser would otherwise restyle and lay out again on
    every move (measured in Chromium: about a fifth less main-thread work once a move's
    numbers arrive, and the first chart 0.6 s sooner). The figures in words carry what the
    SVG's text gave a screen reader.
    """
    shows = _("{shows}, {first} to {last}; its figures follow in words.").format(
        shows=_(_SHOWS[name]), first=int(YEAR[0]), last=int(YEAR[-1])
    )
    page = {
        **chart_spec,
        "title": fitted_title(chart_spec["title"]),
        "description": shows,
        "usermeta": {"embedOptions": CANVAS},
    }
    return page, chart_spec["description"]


def context(name: str, scenario: Scenario, year: int, link: str, bands: str = "") -> Context:
    """What an exported image of chart ``name`` says about itself: the scenario, what it
    changes, the headline year, how to read it (``bands``: the uncertainty note, if shown),
    the data's date and the link back."""
    release = scenario.release
    return Context(
        scenario=scenario_name(scenario)[0],
        changes=describe_change(scenario),
        year=year,
        legend=(f"{NOTES[name]}{bands}" if is_chinese() else f"{NOTES[name]} {bands}").strip(),
        vintage=vintage_line(release),
        link=link,
    )


def all_specs(
    projection: Projection,
    baseline: Projection | None,
    fan: Projection | None = None,
    year: int | None = None,
) -> dict[str, dict]:
    """Every chart of the Simulator page, by a file-friendly name (``year``: the headline
    year their descriptions quote)."""
    return {name: spec(name, projection, baseline, fan, year) for name in CHARTS}


def _y_title(spec: dict) -> str:
    """The first y-axis title in a (possibly nested) layered spec."""
    y = spec.get("encoding", {}).get("y")
    if isinstance(y, dict) and y.get("title"):
        return y["title"]
    return next((t for layer in spec.get("layer", []) if (t := _y_title(layer))), "")


def as_table(chart_spec: dict) -> pd.DataFrame:
    """The numbers a chart draws, as a table for screen readers and keyboard readers: one
    row per year (December values for lines, the year's total for bars), one column per
    line or bar, labelled with the chart's unit."""
    unit = _y_title(chart_spec).replace(_(", log scale"), "")
    data = chart_spec["datasets"]
    if "spend" in data:
        frame = data["spend"].to_pandas()
        wide = frame.pivot_table(index="year", columns="channel", values="value", sort=False)
    else:
        frame = data["series"].to_pandas()
        frame = frame[frame["date"].dt.month == 12]
        this, named = _(THIS), _("{company} ({line})")
        column = [
            company
            if line == this
            else named.format(company=company, line=line if is_chinese() else line.lower())
            for company, line in zip(frame["company"], frame["line"], strict=True)
        ]
        frame = frame.assign(year=frame["date"].dt.year.astype(str), column=column)
        wide = frame.pivot_table(index="year", columns="column", values="value", sort=False)
    wide.index.name = _("Year")
    wide.columns.name = unit
    return wide.round(2)
