"""Assumptions & sources: every parameter and every data row, with its source."""

import streamlit as st

from ui import state, tables
from ui.entry import run_inside_entrypoint

run_inside_entrypoint()

scenario = state.current()
st.title("Assumptions & sources")
st.markdown(
    "Every number the simulator uses, where it comes from and how sure we are. "
    "**Reported**: a company disclosure or a named outlet's report. **Estimate**: an analyst's "
    "or the press's estimate. **Derived**: arithmetic on sourced numbers. **Assumption**: our "
    "judgement, with the range used to show uncertainty. "
    f"Data as of {scenario.release.label} (model version {scenario.version})."
)

link = st.column_config.LinkColumn("Link", display_text="source")
for levers, title, note in (
    (
        True,
        "Controls you can change",
        "Each acts from July 2026, after the data: the months before are what was reported.",
    ),
    (
        False,
        "Estimates of the past and the structure",
        "Not controls: they describe what happened, and vary within their range only when "
        "'Show uncertainty' is on.",
    ),
):
    params = tables.parameter_table(scenario, levers=levers)
    if params.empty:
        continue
    st.subheader(title)
    changed = int(params.pop("Changed").sum())
    st.caption(note + (f" {changed} of {len(params)} differ from the baseline." if changed else ""))
    st.dataframe(
        params,
        hide_index=True,
        column_config={"Link": link},
        width="stretch",
        height=36 * (len(params) + 1),
    )

st.subheader("Reference data")
for title, frame in tables.data_tables().items():
    st.markdown(f"**{title}**")
    is_link = frame["source"].str.startswith("https://")
    config = {}
    if is_link.any():  # rows without an address are assumptions (see the kind column)
        frame = frame.assign(source=frame["source"].where(is_link))
        config = {"source": st.column_config.LinkColumn("source")}
    st.dataframe(
        frame, hide_index=True, column_config=config, width="stretch", height=36 * (len(frame) + 1)
    )
