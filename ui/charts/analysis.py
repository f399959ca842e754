"""The Simulator page's analysis charts: what matters most (a tornado of bars) and what
limits ByteDance (which constraint binds, year by year). Altair charts built from small
DataFrames when their panel is open."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from simulator.i18n import N_, _, is_chinese
from ui.charts.style import (
    BINDS_COLOR,
    LOWERS_COLOR,
    RAISES_COLOR,
    REFERENCE_COLOR,
    REFERENCE_DASH,
    SLACK_COLOR,
    TEXT_COLOR,
    styled,
    wrapping_legend,
)

RAISES, LOWERS = N_("Higher assumption, higher result"), N_("Higher assumption, lower result")
# The columns the chart reads (the frame's keys and kinds of parameter are no reader's text)
_TORNADO_COLUMNS = ["label", "at_low", "at_high", "base", "low_text", "high_text", "current_text"]


def tornado_chart(frame: pd.DataFrame, unit: str, top: int = 12) -> alt.LayerChart:
    """Bars from the output at each parameter's low to its high (in ``unit``), largest swing
    first; the rule marks the current scenario's output."""
    data = (
        frame[_TORNADO_COLUMNS]
        .head(top)
        .assign(
            left=lambda f: f[["at_low", "at_high"]].min(axis=1),
            right=lambda f: f[["at_low", "at_high"]].max(axis=1),
            raises="",
        )
    )
    data["raises"] = np.where(data["at_high"] >= data["at_low"], _(RAISES), _(LOWERS))
    order = list(data["label"])
    # Each parameter's name sits above its bar, across the chart's width: on a phone, names
    # on the left would leave the bars no room.
    rows = alt.Y("label:N", sort=order, title=None, axis=None)
    bars = (
        alt.Chart(data)
        .mark_bar(height=12, yOffset=7)
        .encode(
            y=rows,
            x=alt.X("left:Q", title=unit, scale=alt.Scale(zero=False)),
            x2="right:Q",
            color=alt.Color(
                "raises:N",
                title=None,
                scale=alt.Scale(
                    domain=[_(RAISES), _(LOWERS)],
                    range=[RAISES_COLOR, LOWERS_COLOR],
                ),
                legend=wrapping_legend(two_columns_from=480, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=_("Parameter")),
                alt.Tooltip("low_text:N", title=_("Low")),
                alt.Tooltip("at_low:Q", title=_("Result at low"), format=",.2f"),
                alt.Tooltip("high_text:N", title=_("High")),
                alt.Tooltip("at_high:Q", title=_("Result at high"), format=",.2f"),
                alt.Tooltip("current_text:N", title=_("Now")),
            ],
        )
    )
    names = (
        alt.Chart(data)
        .mark_text(align="left", dy=-7, fontSize=12, color=TEXT_COLOR)
        .encode(y=rows, x=alt.value(0), text="label:N")
    )
    rule = (
        alt.Chart(data.head(1))
        .mark_rule(color=REFERENCE_COLOR, strokeDash=REFERENCE_DASH)
        .encode(
            x="base:Q", tooltip=[alt.Tooltip("base:Q", title=_("This scenario"), format=",.2f")]
        )
    )
    words = _(
        "Bar chart: the result ({unit}) when each assumption goes from its low to its high "
        "value, largest swing first: {names}."
    ).format(unit=unit, names=_(", ").join(order[:3]))
    return styled(alt.layer(bars, names, rule).properties(height=alt.Step(40)), words)


# The constraints, in English (translated where drawn).
LIMITS = [
    N_("H200 licences"),
    N_("Domestic chip supply"),
    N_("Money (the budget)"),
    N_("Chips for serving"),
]
BINDS, SLACK = N_("Binds"), N_("Slack")


def limits_chart(limits: list) -> alt.Chart:
    """Per year, which constraint binds ByteDance (filled) and which does not (empty)."""
    names = [_(name) for name in LIMITS]
    rows = []
    for lim in limits:
        binding = {
            names[0]: lim.full.get("h200", False),
            names[1]: lim.full.get("domestic", False),
            names[2]: lim.binding == "budget",
            names[3]: lim.tokens_limited_by == "chips",
        }
        for name, on in binding.items():
            rows.append(
                {
                    "year": str(lim.year),
                    "constraint": name,
                    "state": _(BINDS) if on else _(SLACK),
                    "sentence": lim.sentence,
                }
            )
    chart = (
        alt.Chart(pd.DataFrame(rows))
        .mark_rect(stroke="white", strokeWidth=2)
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, orient="top")),
            y=alt.Y("constraint:N", sort=names, title=None, axis=alt.Axis(labelLimit=200)),
            color=alt.Color(
                "state:N",
                title=None,
                scale=alt.Scale(domain=[_(BINDS), _(SLACK)], range=[BINDS_COLOR, SLACK_COLOR]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[alt.Tooltip("sentence:N", title="")],
        )
        .properties(height=alt.Step(34))
    )
    words = _("Which constraint binds ByteDance, year by year: {sentences}").format(
        sentences=("" if is_chinese() else " ").join(lim.sentence for lim in limits)
    )
    return styled(chart, words)
