"""Compare scenarios: what differs between the compared scenarios, their headline numbers
and overlaid charts. Pure functions (no Streamlit calls): the page reads widgets and renders
what these return. Which scenarios a comparison holds, and how the link keeps them, is
``ui/link.py``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd

from simulator import Projection, registry
from simulator.analysis import compute_share
from simulator.engine import DATES
from simulator.summary import Headline, cards
from simulator.words import shown
from ui.link import Entry

# Okabe-Ito without the two company colours (#0072B2, #E69F00) and the pale yellow: the
# scenario in position 1 is always black, 2 vermillion, and so on, with a dash pattern each
# so that lines stay apart in print and for every kind of colour vision.
PALETTE = ("#000000", "#D55E00", "#009E73", "#CC79A7")
DASHES = ([1, 0], [8, 4], [2, 3], [10, 3, 2, 3])
LINE_NAMES = ("solid black line", "dashed red line", "dotted green line", "dash-dot pink line")
HEIGHT = 340  # with the legend and the axis


def same_pairs(entries: Sequence[Entry]) -> list[tuple[str, str]]:
    """Pairs of compared scenarios (by label) that hold exactly the same values."""
    return [
        (a.label, b.label)
        for i, a in enumerate(entries)
        for b in entries[i + 1 :]
        if a.scenario == b.scenario
    ]


# ---------------------------------------------------------------- tables


def differing_assumptions(entries: Sequence[Entry]) -> pd.DataFrame:
    """The assumptions whose value differs between any of the compared scenarios.

    One row per assumption (indexed by its key, in registry order): label, the value in each
    scenario (a column per scenario label), unit, and the baseline value's kind, source, date
    and address.
    """
    rows = []
    for p in registry():
        values = [e.scenario[p.key] for e in entries]
        if all(math.isclose(v, values[0]) for v in values[1:]):
            continue
        row = {"key": p.key, "Assumption": p.label}
        row.update({e.label: shown(p, v) for e, v in zip(entries, values, strict=True)})
        row.update(
            {
                "Unit": p.display_unit,
                "Kind": p.kind,
                "Source": p.source,
                "As of": p.as_of,
                "Link": p.url or None,
            }
        )
        rows.append(row)
    # the values next to the label: on a phone they must not scroll out of sight
    columns = ["key", "Assumption", *(e.label for e in entries)]
    columns += ["Unit", "Kind", "Source", "As of", "Link"]
    return pd.DataFrame(rows, columns=columns).set_index("key")


@dataclass(frozen=True)
class Row:
    """One headline number across the compared scenarios: the Simulator's card label, the
    card value per scenario, and the difference from the first scenario (None for the
    first one, or when the two are the same)."""

    label: str
    values: list[str]
    deltas: list[str | None]
    helps: list[str]
    delta_color: str


def headline_rows(headlines: Sequence[Headline]) -> list[Row]:
    """The four headline numbers (same strings as the Simulator's cards) of each scenario."""
    first = headlines[0]
    shown = [cards(h, first, is_baseline=i == 0, against=None) for i, h in enumerate(headlines)]
    return [
        Row(
            label=card.label,
            values=[s[k].value for s in shown],
            deltas=[s[k].delta for s in shown],
            helps=[s[k].help for s in shown],
            delta_color=card.delta_color,
        )
        for k, card in enumerate(shown[0])
    ]


# ---------------------------------------------------------------- charts (Altair)
def series_frame(labels: Sequence[str], projections: Sequence[Projection]) -> pd.DataFrame:
    """Monthly ByteDance series per scenario: compute share of Google's (%), compute
    (million H100-equivalents) and tokens served (trillion a day)."""
    frames = []
    for label, p in zip(labels, projections, strict=True):
        compute = p.arrays["compute_h100e"][0]  # (company, month); ByteDance first
        tokens = p.arrays["tokens_per_day"][0]
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


def _line_chart(
    frame: pd.DataFrame,
    field: str,
    title: str,
    y_title: str,
    fmt: str,
    height: int = HEIGHT,
) -> alt.Chart:
    labels = list(dict.fromkeys(frame["scenario"]))
    return (
        alt.Chart(frame, title=title)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y(f"{field}:Q", title=y_title, scale=alt.Scale(zero=True)),
            **_scenario_encodings(labels),
            tooltip=[
                alt.Tooltip("scenario:N", title="Scenario"),
                alt.Tooltip("date:T", title="Month", format="%b %Y"),
                alt.Tooltip(f"{field}:Q", title=y_title, format=fmt),
            ],
        )
        .properties(height=height)
    )


def share_chart(frame: pd.DataFrame) -> alt.Chart:
    return _line_chart(
        frame,
        "share",
        "ByteDance's compute as a share of Google's",
        "ByteDance's compute (% of Google's)",
        ".1f",
        height=HEIGHT + 40,
    )


def compute_chart(frame: pd.DataFrame) -> alt.Chart:
    return _line_chart(
        frame,
        "compute",
        "ByteDance's AI compute",
        "Million H100-equivalents",
        ",.2f",
    )


def tokens_chart(frame: pd.DataFrame) -> alt.Chart:
    return _line_chart(
        frame,
        "tokens",
        "Tokens ByteDance serves per day",
        "Trillion tokens per day",
        ",.1f",
    )
