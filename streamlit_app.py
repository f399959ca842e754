"""Compute Gap: the Streamlit entrypoint. Sidebar controls and the URL are shared by
every page; each page renders the current scenario."""

import logging

import streamlit as st

from simulator import DataError, load_data

st.set_page_config(page_title="Compute Gap: ByteDance vs Google AI compute", layout="wide")

try:
    load_data()
except DataError as exc:
    st.error(
        "The reference data could not be loaded, so the simulator cannot run.\n\n"
        f"**Problem:** {exc.detail}\n\n**Where:** {str(exc).split(':')[0]}"
    )
    st.stop()

from ui import state  # noqa: E402 (needs valid data)

pages = st.navigation(
    [
        st.Page("pages/simulator.py", title="Simulator", icon=":material/tune:", default=True),
        st.Page("pages/assumptions.py", title="Assumptions & sources", icon=":material/menu_book:"),
        st.Page("pages/model.py", title="How the model works", icon=":material/schema:"),
    ]
)
try:
    state.controls()
    pages.run()
except Exception:  # never show a traceback to a reader
    logging.getLogger("compute_gap").exception("page failed")
    st.error(
        "Something went wrong while computing this scenario. Try **Reset to baseline** in the "
        "sidebar; if the problem stays, send the link to the team."
    )
