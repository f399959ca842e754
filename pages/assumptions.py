"""Assumptions & sources: every parameter and every data row, with its source.

Markdown, not data grids: each source is a real link (reached with Tab, read by a screen
reader, kept on paper), and the text wraps at any width instead of scrolling sideways.
"""

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
    changed = int(params["Changed"].sum())
    st.caption(note + (f" {changed} of {len(params)} differ from the baseline." if changed else ""))
    with st.container(key="sources_levers" if levers else "sources_estimates"):
        for group, items in tables.parameter_groups(scenario, levers=levers).items():
            st.markdown(f"**{tables.escape(group)}**\n\n" + "\n".join(items))

st.subheader("Reference data")
with st.container(key="sources_data"):
    for title, frame in tables.data_tables().items():
        st.markdown(f"**{tables.escape(title)}**\n\n" + tables.markdown_table(frame))
