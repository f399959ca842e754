"""The Compare page's charts: one line per compared scenario (ByteDance's share of Google's
compute, its compute, its tokens), in fixed colours and dash patterns by position. Plain
Altair charts over a small DataFrame, built when the page runs.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from simulator import Projection
from simulator.analysis import compute_share
from simulator.engine import DATES
from simulator.i18n import _, is_chinese
from ui.charts.style import COMPARE_HEIGHT, DASHES, LINE_NAMES, LOG_TICKS, PALETTE, styled
from ui.tables import month_words


def series_frame(labels: Sequence[str], projections: Sequence[Projection]) -> pd.DataFrame:
    """Monthly ByteDance series per scenario: compute share of Google's (%), compute
    (million H100-equivalents) and tokens served (trillion a day)."""
    frames = []
    for label, p in zip(labels, projections, strict=True):
        compute = p.company_arrays["compute_h100e"][0]  # (company, month); ByteDance first
        tokens = p.company_arrays["tokens_per_day"][0]
        frames.append(
            pd.DataFrame(
                {
                    "date": DATES,
                    "scenario": label,
                    "share": 100 * compute_share(compute[0], compute[1]),
                    "compute": compute[0] / 1e6,
                    "tokens": tokens[0] / 1e12,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _scenario_encodings(labels: Sequence[str]) -> dict:
    n = len(labels)
    # One scenario a line: a horizontal legend does not wrap and would be cut on a phone.
    legend = alt.Legend(
        orient="top", title=None, symbolStrokeWidth=3, symbolSize=300, labelLimit=260, columns=1
    )
    return {
        "color": alt.Color(
            "scenario:N",
            scale=alt.Scale(domain=list(labels), range=list(PALETTE[:n])),
            legend=legend,
        ),
        "strokeDash": alt.StrokeDash(
            "scenario:N",
            scale=alt.Scale(domain=list(labels), range=[list(d) for d in DASHES[:n]]),
            legend=legend,
        ),
    }


def describe_lines(frame: pd.DataFrame, field: str, title: str, fmt: str) -> str:
    """The chart in words: each scenario's line (its colour and dash) and its values at the
    first and the last month."""
    first, last = DATES[0], DATES[-1]
    parts = []
    for i, (label, rows) in enumerate(frame.groupby("scenario", sort=False)):
        values = rows.set_index("date")[field]
        parts.append(
            _("{label} ({line}): {first_value} in {first}, {last_value} in {last}").format(
                label=label,
                line=_(LINE_NAMES[i % len(LINE_NAMES)]),
                first_value=format(values[first], fmt),
                first=month_words(first, "%B %Y"),
                last_value=format(values[last], fmt),
                last=month_words(last, "%B %Y"),
            )
        )
    return _("Line chart, one line per scenario: {title}. {lines}.").format(
        title=title, lines=("；" if is_chinese() else "; ").join(parts)
    )


def _line_chart(
    frame: pd.DataFrame,
    field: str,
    title: str,
    y_title: str,
    fmt: str,
    height: int = COMPARE_HEIGHT,
    log: bool = False,
) -> alt.Chart:
    """One line per scenario; ``log`` draws the y axis as the Simulator's log charts do
    (ticks at 1-3-10 steps, small values with a decimal)."""
    labels = list(dict.fromkeys(frame["scenario"]))
    if log:
        scale = alt.Scale(type="log")
        axis = alt.Axis(
            values=LOG_TICKS, labelExpr="format(datum.value, datum.value < 1 ? '.1f' : ',.0f')"
        )
    else:
        scale, axis = alt.Scale(zero=True), alt.Axis()
    chart = (
        alt.Chart(frame, title=title)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y(f"{field}:Q", title=y_title, scale=scale, axis=axis),
            **_scenario_encodings(labels),
            tooltip=[
                alt.Tooltip("scenario:N", title=_("Scenario")),
                alt.Tooltip(
                    "date:T", title=_("Month"), format="%Y年%-m月" if is_chinese() else "%b %Y"
                ),
                alt.Tooltip(f"{field}:Q", title=y_title, format=fmt),
            ],
        )
        .properties(height=height)
    )
    return styled(
        chart,
        describe_lines(frame, field, _("{title} ({axis})").format(title=title, axis=y_title), fmt),
    )


def share_chart(frame: pd.DataFrame) -> alt.Chart:
    return _line_chart(
        frame,
        "share",
        _("ByteDance's compute as a share of Google's"),
        _("ByteDance's compute (% of Google's)"),
        ".1f",
        height=COMPARE_HEIGHT + 40,
    )


def compute_chart(frame: pd.DataFrame) -> alt.Chart:
    return _line_chart(
        frame,
        "compute",
        _("ByteDance's AI compute"),
        _("Million H100-equivalents"),
        ",.2f",
    )


def tokens_chart(frame: pd.DataFrame) -> alt.Chart:
    return _line_chart(
        frame,
        "tokens",
        _("Tokens ByteDance serves per day"),
        _("Trillion tokens per day (log scale)"),
        ",.1f",
        log=True,  # the Simulator's scale: the same line looks the same on both pages
    )
