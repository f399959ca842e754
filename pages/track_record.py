"""Track record: what each release projected for the figures reported since, and how the
current release fits every report."""

import pandas as pd
import streamlit as st

from simulator import CURRENT
from simulator.i18n import _
from simulator.track_record import coverage, track_record
from simulator.words import format_count
from ui.charts.track_record import figure_label, track_record_chart
from ui.entry import run_inside_entrypoint
from ui.text import escape

run_inside_entrypoint()

st.title(_("Track record"))
st.markdown(
    _(
        "Every release of the model is kept, so its projections can be held against what was "
        "reported later. Model 1 was built on data as of February 2026 and projected the first "
        "half of 2026 before it happened; model 2, on data as of {label}, is fitted to every "
        "report. The numbers below come from running each release on its own data, not from "
        "numbers typed in."
    ).format(label=escape(CURRENT.label))
)

record = track_record()
for _key, row in coverage(record).iterrows():
    st.info(
        _(
            "**{release}**: {inside} of {figures} figures reported since its data fell inside "
            "its 80% band (the range 8 in 10 of its uncertainty runs gave)."
        ).format(
            release=escape(row["release"]), inside=int(row["inside"]), figures=int(row["figures"])
        ),
        icon=":material/fact_check:",
    )

st.subheader(_("How far each projection was from what was reported"))
st.altair_chart(track_record_chart(record), width="stretch")
st.caption(
    _(
        "Dots: each release's projection, as a percentage above or below the reported figure "
        "(0: exactly right). Bars: model 1's 80% band. Figures reported as zero (H200 "
        "deliveries) are in the table."
    )
)


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    def number(value: float) -> str:
        return "—" if pd.isna(value) else format_count(value) if value >= 1e6 else f"{value:,.0f}"

    band = _("{low} to {high}")
    return pd.DataFrame(
        {
            _("Release"): frame["release"],
            _("Figure"): [figure_label(r) for _key, r in frame.iterrows()],
            _("Reported"): [number(v) for v in frame["reported"]],
            _("Projected"): [number(v) for v in frame["projected"]],
            _("Error"): ["—" if pd.isna(e) else f"{e:+.0f}%" for e in frame["error"]],
            _("80% band"): [
                "—" if pd.isna(lo) else band.format(low=number(lo), high=number(hi))
                for lo, hi in zip(frame["low"], frame["high"], strict=True)
            ],
            _("Inside the band"): [
                _("fitted to it") if pd.isna(i) else (_("yes") if i else _("no"))
                for i in frame["inside"]
            ],
            _("Source"): frame["source"],
        }
    )


st.subheader(_("Every figure"))
st.dataframe(
    _table(record),
    hide_index=True,
    width="stretch",
    column_config={_("Source"): st.column_config.LinkColumn(_("Source"), display_text=_("source"))},
)
