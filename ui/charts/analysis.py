"""The Simulator page's analysis charts: what matters most (a tornado of bars) and what
limits ByteDance (which constraint binds, year by year). Altair charts built from small
DataFrames when their panel is open."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ui.charts.style import (
    BINDS_COLOR,
    LOWERS_COLOR,
    RAISES_COLOR,
    REFERENCE_COLOR,
    REFERENCE_DASH,
    SLACK_COLOR,
    TEXT_COLOR,
    styled,
)


def tornado_chart(frame: pd.DataFrame, unit: str, top: int = 12) -> alt.LayerChart:
    """Bars from the output at each parameter's low to its high (in ``unit``), largest swing
    first; the rule marks the current scenario's output."""
    data = frame.head(top).assign(
        left=lambda f: f[["at_low", "at_high"]].min(axis=1),
        right=lambda f: f[["at_low", "at_high"]].max(axis=1),
        raises="",
    )
    data["raises"] = np.where(
        data["at_high"] >= data["at_low"],
        "Higher assumption, higher result",
        "Higher assumption, lower result",
    )
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
                    domain=["Higher assumption, higher result", "Higher assumption, lower result"],
                    range=[RAISES_COLOR, LOWERS_COLOR],
                ),
                legend=alt.Legend(orient="top", columns=alt.ExprRef("width < 360 ? 1 : 2")),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Parameter"),
                alt.Tooltip("low_text:N", title="Low"),
                alt.Tooltip("at_low:Q", title="Result at low", format=",.2f"),
                alt.Tooltip("high_text:N", title="High"),
                alt.Tooltip("at_high:Q", title="Result at high", format=",.2f"),
                alt.Tooltip("current_text:N", title="Now"),
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
        .encode(x="base:Q", tooltip=[alt.Tooltip("base:Q", title="This scenario", format=",.2f")])
    )
    words = (
        f"Bar chart: the result ({unit}) when each assumption goes from its low to its high "
        f"value, largest swing first: {', '.join(order[:3])}."
    )
    return styled(alt.layer(bars, names, rule).properties(height=alt.Step(40)), words)


LIMITS = ["H200 licences", "Domestic chip supply", "Money (the budget)", "Chips for serving"]


def limits_chart(limits: list) -> alt.Chart:
    """Per year, which constraint binds ByteDance (filled) and which does not (empty)."""
    rows = []
    for lim in limits:
        binding = {
            LIMITS[0]: lim.full.get("h200", False),
            LIMITS[1]: lim.full.get("domestic", False),
            LIMITS[2]: lim.binding == "budget",
            LIMITS[3]: lim.tokens_limited_by == "chips",
        }
        for name, on in binding.items():
            rows.append(
                {
                    "year": str(lim.year),
                    "constraint": name,
                    "state": "Binds" if on else "Slack",
                    "sentence": lim.sentence,
                }
            )
    chart = (
        alt.Chart(pd.DataFrame(rows))
        .mark_rect(stroke="white", strokeWidth=2)
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, orient="top")),
            y=alt.Y("constraint:N", sort=LIMITS, title=None, axis=alt.Axis(labelLimit=200)),
            color=alt.Color(
                "state:N",
                title=None,
                scale=alt.Scale(domain=["Binds", "Slack"], range=[BINDS_COLOR, SLACK_COLOR]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[alt.Tooltip("sentence:N", title="")],
        )
        .properties(height=alt.Step(34))
    )
    words = "Which constraint binds ByteDance, year by year: " + " ".join(
        lim.sentence for lim in limits
    )
    return styled(chart, words)
