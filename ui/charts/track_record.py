"""The Track record page's chart: how far each release's projection was from what was
reported, with model 1's 80% band, one row per reported figure."""

from __future__ import annotations

import altair as alt
import pandas as pd

from simulator.i18n import _, is_chinese
from ui.charts.style import PALETTE, REFERENCE_COLOR, REFERENCE_DASH, styled
from ui.tables import company_text

HEIGHT_PER_ROW = 30
# On a phone-narrow page the figure names break at their comma onto two lines and the
# release names shorten ("Model 1 (Feb 2026)"), so that the plot keeps some width and no
# name runs past the chart's edge.
_NARROW = "containerSize()[0] < 600"
_FIGURE_LABEL = f"{_NARROW} ? split(datum.label, ', ') : datum.label"
# The same in Chinese: names break at their full-width comma, "模型1（2026年2月）".
_FIGURE_LABEL_ZH = f"{_NARROW} ? split(datum.label, '，') : datum.label"
_RELEASE_LABEL_ZH = f"{_NARROW} ? replace(datum.label, /，数据截至(.*)$/, '（$1）') : datum.label"
_RELEASE_LABEL = (
    f"{_NARROW} ? replace(datum.label, /, data as of (\\w{{3}})\\w* (\\d{{4}})/, ' ($1 $2)') "
    ": datum.label"
)


def figure_label(row: pd.Series) -> str:
    """'ByteDance tokens per day, Jun 2026': one reported figure in words."""
    date = row["date"] if len(row["date"]) == 4 else pd.Timestamp(f"{row['date']}-01")
    if is_chinese():
        when = f"{date}年" if isinstance(date, str) else f"{date.year}年{date.month}月"
        return f"{company_text(row['company'])}{row['what']}，{when}"
    when = date if isinstance(date, str) else date.strftime("%b %Y")
    return f"{row['company']} {row['what']}, {when}"


def error_frame(record: pd.DataFrame) -> pd.DataFrame:
    """The rows with a reported figure above zero, as errors in percent of it."""
    rows = record[record["reported"] > 0].copy()
    rows["figure"] = [figure_label(r) for _, r in rows.iterrows()]
    rows["low_error"] = (rows["low"] / rows["reported"] - 1) * 100
    rows["high_error"] = (rows["high"] / rows["reported"] - 1) * 100
    return rows


def track_record_chart(record: pd.DataFrame) -> alt.LayerChart:
    """Each release's error against every reported figure (dots), the earlier releases'
    80% bands (bars), and zero: where a perfect projection would sit."""
    rows = error_frame(record)
    releases = list(dict.fromkeys(rows["release"]))
    order = list(dict.fromkeys(rows.sort_values(["company", "what", "date"])["figure"]))
    color = alt.Color(
        "release:N",
        title=None,
        scale=alt.Scale(domain=releases, range=list(PALETTE[: len(releases)])),
        legend=alt.Legend(
            orient="top",
            columns=1,
            labelLimit=320,
            labelExpr=_RELEASE_LABEL_ZH if is_chinese() else _RELEASE_LABEL,
            symbolOpacity=1,  # the dots' full colour, not the faint bands'
        ),
    )
    y = alt.Y(
        "figure:N",
        sort=order,
        title=None,
        axis=alt.Axis(
            labelLimit=320, labelExpr=_FIGURE_LABEL_ZH if is_chinese() else _FIGURE_LABEL
        ),
    )
    tooltip = [
        alt.Tooltip("release:N", title=_("Release")),
        alt.Tooltip("figure:N", title=_("Figure")),
        alt.Tooltip("reported:Q", title=_("Reported"), format=",.4~s"),
        alt.Tooltip("projected:Q", title=_("Projected"), format=",.4~s"),
        alt.Tooltip("error:Q", title=_("Error (%)"), format="+.0f"),
    ]
    band = (
        alt.Chart(rows[rows["low"].notna() & rows["inside"].notna()])
        .mark_bar(height=8, opacity=0.3)
        .encode(
            x=alt.X("low_error:Q"),
            x2="high_error:Q",
            y=y,
            color=color,
            tooltip=[
                *tooltip[:2],
                alt.Tooltip("low_error:Q", title=_("80% band from (%)"), format="+.0f"),
                alt.Tooltip("high_error:Q", title=_("to (%)"), format="+.0f"),
            ],
        )
    )
    dots = (
        alt.Chart(rows)
        .mark_point(filled=True, size=90, opacity=1)
        .encode(
            x=alt.X(
                "error:Q",
                title=_("Error (% of reported figure)"),
                scale=alt.Scale(domain=[-100, 100], clamp=True),
            ),
            y=y,
            color=color,
            shape=alt.Shape("release:N", legend=None),
            tooltip=tooltip,
        )
    )
    zero = (
        alt.Chart(pd.DataFrame({"x": [0.0]}))
        .mark_rule(color=REFERENCE_COLOR, strokeDash=REFERENCE_DASH)
        .encode(x="x:Q")
    )
    height = HEIGHT_PER_ROW * max(len(order), 1)
    words = _(
        "Dot chart of {count} reported figures: for each, how far each release's "
        "projection was from it, in percent of the reported figure (0: exactly right), with "
        "model 1's 80% band as a bar. The table below gives every figure."
    ).format(count=len(order))
    return styled(alt.layer(band, zero, dots).properties(height=height), words)
