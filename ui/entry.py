"""Make every page run inside ``streamlit_app.py``, however Streamlit enters it.

Streamlit treats a ``pages/`` folder as its older multipage mechanism until the first
``st.navigation`` call of the server process: until then a link to ``/assumptions`` runs
``pages/assumptions.py`` alone, without the entrypoint's controls and link handling (the
first reader after a restart, and every AppTest rerun, hit this). A page that finds itself
run alone runs the entrypoint instead, which draws the controls and runs the page.
"""

from __future__ import annotations

import runpy
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

ENTRYPOINT = Path(__file__).resolve().parent.parent / "streamlit_app.py"
_run = threading.local()  # Streamlit runs each script run on its own thread


@contextmanager
def entrypoint_running() -> Iterator[None]:
    """Wrap the entrypoint's body: pages run inside it are not re-routed."""
    _run.inside = True
    try:
        yield
    finally:
        _run.inside = False


def run_inside_entrypoint() -> None:
    """Call first in every page: outside the entrypoint, run it instead and stop here."""
    if not getattr(_run, "inside", False):
        runpy.run_path(str(ENTRYPOINT), run_name="__main__")
        st.stop()
