"""The charts' look in one place: colours, dash patterns, opacities, heights and the Vega
config every chart uses.

Colours are Okabe-Ito, safe for every kind of colour vision. Each company keeps one colour
on every chart; the compared scenarios take colours the companies do not use, each with its
own dash pattern, so that lines stay apart in print too. Contrast on the white background
(WCAG 2.1, tests/test_colors.py): each company's colour at least 3:1 (a line or a dot must
be seen), chart text at least 4.5:1.
"""

from __future__ import annotations

import json
from typing import TypeVar

import altair as alt

from simulator.i18n import N_, is_chinese

T = TypeVar("T", bound=alt.TopLevelMixin)

# ---------------------------------------------------------------- the Simulator page
# Okabe-Ito blue, and its orange darkened to 3.4:1 on white (#E69F00 is 2.2:1): still an
# amber that no other line of the app uses.
COMPANY_COLORS = {"ByteDance": "#0072B2", "Google": "#C17D00"}
# ByteDance's procurement channels, in channels.csv order: Okabe-Ito, its sky blue darkened
# to 3.4:1 on white (#56B4E9 is 2.3:1)
CHANNEL_PALETTE = ("#CC79A7", "#009E73", "#D55E00", "#3A93C9", "#000000")
UNSPENT_COLOR = "#8C8C8C"  # chip money with no chips to buy
# A reference line, dashed: the baseline (faint, in the company's colour or in black), or
# this scenario's result on the what-matters-most chart.
REFERENCE_COLOR = "black"
REFERENCE_DASH = [4, 3]
BASELINE_OPACITY = 0.35
BAND_OPACITY = (0.15, 0.3)  # the wide and the narrow uncertainty band (analysis.RANGES)
HEIGHT = 300

# ---------------------------------------------------------------- analysis charts
RAISES_COLOR, LOWERS_COLOR = "#009E73", "#D55E00"  # a higher value raises / lowers the result
BINDS_COLOR, SLACK_COLOR = COMPANY_COLORS["ByteDance"], "#E8EEF4"  # ByteDance's constraints
TEXT_COLOR = "#31333F"  # Streamlit's text colour, for names written on a chart (12.5:1)
NOTE_COLOR = "#4B5058"  # small print on exported charts (7.6:1 on white)

# ---------------------------------------------------------------- the Compare page
# Okabe-Ito without the two company colours (blue and orange) and the pale yellow: the
# scenario in position 1 is always black, 2 vermillion, and so on, with a dash pattern each
# so that lines stay apart in print and for every kind of colour vision.
PALETTE = ("#000000", "#D55E00", "#009E73", "#CC79A7")
DASHES = ([1, 0], [8, 4], [2, 3], [10, 3, 2, 3])
# (English; show them with ``_()``.)
LINE_NAMES = (
    N_("solid black line"),
    N_("dashed red line"),
    N_("dotted green line"),
    N_("dash-dot pink line"),
)
COMPARE_HEIGHT = 340  # with the legend and the axis

# ---------------------------------------------------------------- every chart
# Text in the chart's own colour, not Streamlit's lighter chart grey. Marks
# are hidden from screen readers: each chart's ``description`` (the chart's aria-label) says
# what it shows instead of a list of thousands of points.
CHART_CONFIG: dict = {
    "axis": {"labelColor": TEXT_COLOR, "titleColor": TEXT_COLOR},
    "legend": {"labelColor": TEXT_COLOR, "titleColor": TEXT_COLOR},
    "header": {"labelColor": TEXT_COLOR, "titleColor": TEXT_COLOR},
    "title": {"color": TEXT_COLOR, "subtitleColor": TEXT_COLOR},
    "text": {"color": TEXT_COLOR},
    "aria": False,
    "mark": {"aria": False},
}


def _is_wide(char: str) -> bool:
    return ord(char) >= 0x2E80  # CJK characters and punctuation: about twice a Latin letter


def fitted_title(text: str) -> dict:
    """A chart title never cut with "…": on two lines where the plot is narrower than the
    title (a laptop's two columns with the sidebar open), broken at the space nearest its
    middle (in Chinese, at its middle character)."""
    wide = sum(_is_wide(c) for c in text)
    px = 16 * wide + 8 * (len(text) - wide)  # the title's type: about 8 px a Latin letter
    spaces = [i for i, c in enumerate(text) if c == " "]
    middle = len(text) // 2
    cut = min(spaces, key=lambda i: abs(i - middle)) if spaces else middle
    lines = [text[:cut].strip(), text[cut:].strip()]
    return {"text": {"expr": f"width < {px} ? {json.dumps(lines)} : {json.dumps(text)}"}}


def wrapping_legend(two_columns_from: int, **kwargs: object) -> alt.Legend:
    """A legend whose labels are never cut: one column below ``two_columns_from`` px of plot
    width, two above, and a label longer than its column breaks onto a second line at its
    last space that fits (in Chinese, at the character that fits)."""
    px = 12 if is_chinese() else 6.5  # per character, at the legend's type
    column = f"(width < {two_columns_from} ? width : width / 2)"
    fits = f"max(4, floor(({column} - 30) / {px}))"  # less the symbol and the gap
    space = f"lastindexof(slice(datum.label, 0, {fits}), ' ')"
    cut = f"({space} > 0 ? {space} : {fits})"
    return alt.Legend(
        columns=alt.ExprRef(f"width < {two_columns_from} ? 1 : 2"),
        labelLimit=0,
        labelExpr=(
            f"length(datum.label) > {fits} ? "
            f"[slice(datum.label, 0, {cut}), trim(slice(datum.label, {cut}))] : datum.label"
        ),
        **kwargs,
    )


def styled(chart: T, description: str) -> T:
    """An Altair chart with the app's chart config and a text alternative."""
    return chart.properties(description=description).configure(**CHART_CONFIG)


def styled_spec(spec: dict, description: str) -> dict:
    """A Vega-Lite dict with the app's chart config and a text alternative (a shallow copy)."""
    return {
        **spec,
        "description": description,
        "config": {**spec.get("config", {}), **CHART_CONFIG},
    }


# Log axes tick at 1-3-10 steps (the ones inside the data's range are drawn).
LOG_TICKS = [m * 10.0**e for e in range(-1, 6) for m in (1, 3)]
