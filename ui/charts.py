"""Altair chart builders: pure functions from projections to charts (no Streamlit)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from simulator import load_data
from simulator.engine import DATES, YEAR, Projection

# Okabe-Ito, colour-blind safe; one fixed colour per company and per channel on every chart.
COMPANY_COLORS = {"ByteDance": "#0072B2", "Google": "#E69F00"}
CHANNEL_COLORS = {
    "H200 under US licence": "#009E73",
    "Domestic chips (Huawei)": "#CC79A7",
    "Chips abroad (Nvidia)": "#56B4E9",
    "No chips to buy": "#8C8C8C",
}
BASELINE_OPACITY = 0.35
HEIGHT = 300


def _company_color(legend: bool = True) -> alt.Color:
    return alt.Color(
        "company:N",
        title=None,
        scale=alt.Scale(domain=list(COMPANY_COLORS), range=list(COMPANY_COLORS.values())),
        legend=alt.Legend(orient="top") if legend else None,
    )


def _series(projection: Projection, metric: str, scale: float, label: str) -> pd.DataFrame:
    frames = [
        pd.DataFrame(
            {
                "date": DATES,
                "company": company,
                "value": projection.series(metric, company)[0] / scale,
                "line": label,
            }
        )
        for company in COMPANY_COLORS
    ]
    return pd.concat(frames, ignore_index=True)


def _with_baseline(
    projection: Projection, baseline: Projection | None, metric: str, scale: float
) -> pd.DataFrame:
    frame = _series(projection, metric, scale, "This scenario")
    if baseline is not None:
        frame = pd.concat([frame, _series(baseline, metric, scale, "Baseline")], ignore_index=True)
    return frame


def _lines(
    frame: pd.DataFrame, y_title: str, fmt: str, legend: bool = True, log: bool = False
) -> alt.Chart:
    scale = alt.Scale(type="log") if log else alt.Scale()
    base = alt.Chart(frame).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y(
            "value:Q",
            title=y_title,
            scale=scale,
            axis=alt.Axis(format=",.0f") if log else alt.Axis(),
        ),
        color=_company_color(legend),
        tooltip=[
            alt.Tooltip("company:N", title="Company"),
            alt.Tooltip("date:T", title="Month", format="%b %Y"),
            alt.Tooltip("value:Q", title=y_title, format=fmt),
            alt.Tooltip("line:N", title="Line"),
        ],
    )
    current = base.transform_filter(alt.datum.line == "This scenario").mark_line(strokeWidth=3)
    faint = base.transform_filter(alt.datum.line == "Baseline").mark_line(
        strokeWidth=2, strokeDash=[4, 3], opacity=BASELINE_OPACITY
    )
    return faint + current


def compute_chart(projection: Projection, baseline: Projection | None = None) -> alt.Chart:
    """AI compute of both companies, millions of H100-equivalents, month end."""
    frame = _with_baseline(projection, baseline, "compute_h100e", 1e6)
    return _lines(frame, "AI compute (million H100-equivalents)", ",.2f").properties(
        height=HEIGHT, title="AI compute capacity"
    )


def ratio_chart(projection: Projection, baseline: Projection | None = None) -> alt.Chart:
    """ByteDance's compute as a percentage of Google's."""

    def ratio(p: Projection, label: str) -> pd.DataFrame:
        bd = p.series("compute_h100e", "ByteDance")[0]
        g = p.series("compute_h100e", "Google")[0]
        return pd.DataFrame(
            {"date": DATES, "company": "ByteDance", "value": 100 * bd / g, "line": label}
        )

    frame = ratio(projection, "This scenario")
    if baseline is not None:
        frame = pd.concat([frame, ratio(baseline, "Baseline")], ignore_index=True)
    return _lines(frame, "ByteDance's compute (% of Google's)", ".1f", legend=False).properties(
        height=HEIGHT, title="ByteDance's compute as a share of Google's"
    )


def observations_frame() -> pd.DataFrame:
    """Reported token usage (tokens per day, trillions) as chart points."""
    rows = [
        {
            "date": pd.Timestamp(o["month"] + "-01"),
            "company": o["company"],
            "value": o["value"] / 1e12,
            "source": o["source"],
            "reported": f"{o['reported_value']:.3g} {o['reported_unit']}",
        }
        for o in load_data().observations
        if o["measure"] == "tokens" and pd.Timestamp(o["month"] + "-01") >= DATES[0]
    ]
    return pd.DataFrame(rows)


def tokens_chart(projection: Projection, baseline: Projection | None = None) -> alt.Chart:
    """Tokens served per day (trillions), reported usage as points, and the demand that
    goes unserved where capacity binds (dashed)."""
    frame = _with_baseline(projection, baseline, "tokens_per_day", 1e12)
    title = "Tokens per day (trillions, log scale)"
    lines = _lines(frame, title, ",.1f", log=True)
    demand = _series(projection, "token_demand_per_day", 1e12, "Demand")
    served = _series(projection, "tokens_per_day", 1e12, "Served")
    unmet = demand[demand["value"] > served["value"] * 1.001]
    layers = [lines]
    if not unmet.empty:
        layers.append(
            alt.Chart(unmet)
            .mark_line(strokeDash=[2, 2], strokeWidth=1.5)
            .encode(
                x="date:T",
                y="value:Q",
                color=_company_color(),
                detail="company:N",
                tooltip=[
                    alt.Tooltip("company:N", title="Company"),
                    alt.Tooltip("date:T", title="Month", format="%b %Y"),
                    alt.Tooltip("value:Q", title="Demand (trillion tokens/day)", format=",.1f"),
                ],
            )
        )
    points = (
        alt.Chart(observations_frame())
        .mark_point(filled=True, size=70, stroke="white", strokeWidth=1)
        .encode(
            x="date:T",
            y="value:Q",
            color=_company_color(),
            shape=alt.Shape("company:N", legend=None),
            tooltip=[
                alt.Tooltip("company:N", title="Reported"),
                alt.Tooltip("date:T", title="Month", format="%b %Y"),
                alt.Tooltip("value:Q", title="Trillion tokens/day", format=",.1f"),
                alt.Tooltip("reported:N", title="As reported"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )
    layers.append(points)
    return alt.layer(*layers).properties(height=HEIGHT, title="Tokens served per day")


def spend_frame(projection: Projection) -> pd.DataFrame:
    """ByteDance's chip budget by channel and year, USD bn."""
    ds = load_data()
    rows = []
    channels = [(ch.channel, ch.label) for ch in ds.channels if ch.company == "ByteDance"]
    for year in np.unique(YEAR):
        for channel, label in channels:
            value = projection.yearly(f"spend_{channel}_usd", "ByteDance", int(year))[0]
            rows.append({"year": str(year), "channel": label, "value": value / 1e9})
        unspent = projection.yearly("unspent_chip_budget_usd", "ByteDance", int(year))[0]
        rows.append({"year": str(year), "channel": "No chips to buy", "value": unspent / 1e9})
    frame = pd.DataFrame(rows)
    frame["order"] = frame["channel"].map({c: i for i, c in enumerate(CHANNEL_COLORS)})
    return frame


def spend_chart(projection: Projection, baseline: Projection | None = None) -> alt.Chart:
    """ByteDance's chip spend by channel, stacked bars per year; the baseline's amount that
    bought chips as a faint line."""
    frame = spend_frame(projection)
    title = "USD bn per year"
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(value):Q", title=title),
            color=alt.Color(
                "channel:N",
                title=None,
                scale=alt.Scale(domain=list(CHANNEL_COLORS), range=list(CHANNEL_COLORS.values())),
                legend=alt.Legend(orient="top", columns=2, labelLimit=180),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("channel:N", title="Channel"),
                alt.Tooltip("value:Q", title="USD bn", format=",.2f"),
            ],
        )
    )
    layers = [bars]
    if baseline is not None:
        base = spend_frame(baseline)
        spent = (
            base[base["channel"] != "No chips to buy"]
            .groupby("year", as_index=False)["value"]
            .sum()
            .assign(line="Baseline: spent on chips")
        )
        layers.append(
            alt.Chart(spent)
            .mark_line(
                color="black",
                opacity=BASELINE_OPACITY,
                strokeDash=[4, 3],
                point=alt.OverlayMarkDef(color="black"),
            )
            .encode(
                x="year:O",
                y="value:Q",
                tooltip=[
                    alt.Tooltip("line:N", title="Line"),
                    alt.Tooltip("value:Q", title="USD bn", format=",.2f"),
                ],
            )
        )
    return alt.layer(*layers).properties(height=HEIGHT, title="Where ByteDance's chip money goes")


def all_charts(projection: Projection, baseline: Projection | None) -> dict[str, alt.Chart]:
    """Every chart of the Simulator page, by a file-friendly name."""
    return {
        "compute": compute_chart(projection, baseline),
        "tokens": tokens_chart(projection, baseline),
        "ratio": ratio_chart(projection, baseline),
        "chip_spend": spend_chart(projection, baseline),
    }


def to_image(chart: alt.Chart, fmt: str = "png") -> bytes:
    """Render a chart to PNG or SVG bytes (vl-convert, offline)."""
    import vl_convert as vlc

    spec = chart.properties(width=720).to_json()
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec).encode()
    return vlc.vegalite_to_png(spec, scale=2)
