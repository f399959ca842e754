"""Assumptions & sources: every parameter and every data row, with its source.

Markdown, not data grids: each source is a real link (reached with Tab, read by a screen
reader, kept on paper), and the text wraps at any width instead of scrolling sideways.
"""

import streamlit as st

from simulator.i18n import N_, _
from ui import page_style, state, tables
from ui.entry import run_inside_entrypoint

run_inside_entrypoint()
page_style.apply(page_style.ASSUMPTIONS)

scenario = state.current()
st.title(_("Assumptions & sources"))
st.markdown(
    _(
        "Every number the simulator uses, where it comes from and how sure we are. "
        "**Reported**: a company disclosure or a named outlet's report. **Estimate**: an "
        "analyst's or the press's estimate. **Derived**: arithmetic on sourced numbers. "
        "**Assumption**: our judgement, with the range used to show uncertainty. "
        "Data as of {label} (model version {version})."
    ).format(
        label=scenario.release.label,
        version=scenario.version,
    )
)

for levers, title, note in (
    (
        True,
        N_("Controls you can change"),
        N_("Each acts from July 2026, after the data: the months before are what was reported."),
    ),
    (
        False,
        N_("Estimates of the past and the structure"),
        N_(
            "Not controls: they describe what happened, and vary within their range only when "
            "'Show uncertainty' is on."
        ),
    ),
):
    params = tables.parameter_table(scenario, levers=levers)
    if params.empty:
        continue
    st.subheader(_(title))
    changed = int(params["Changed"].sum())
    differ = _(" {changed} of {count} differ from the baseline.")
    st.caption(_(note) + (differ.format(changed=changed, count=len(params)) if changed else ""))
    with st.container(key="sources_levers" if levers else "sources_estimates"):
        for group, items in tables.parameter_groups(scenario, levers=levers).items():
            st.markdown(f"**{tables.escape(group)}**\n\n" + "\n".join(items))

st.subheader(_("Reference data"))
with st.container(key="sources_data"):
    for title, frame in tables.data_tables().items():
        st.markdown(f"**{tables.escape(title)}**\n\n" + tables.markdown_table(frame))
