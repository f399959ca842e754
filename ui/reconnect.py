"""A page that reconnects to a new server process runs at once, so no first move is lost.

When the process holding a page's session goes away (a replica killed or restarted, a
redeploy), Streamlit's frontend reconnects, to another replica behind the balancer or to
the restarted one, where a new, empty session waits. Streamlit 1.67's frontend asks for a
run after reconnecting only in some cases, one of them being a page with a fragment that
reruns on a timer; otherwise the new session first runs on the reader's next move. That
run read the link (the old value) and set every slider from it, so the move was lost: the
slider snapped back and only a second move worked.

:func:`rerun_after_reconnect` draws an empty fragment with a long ``run_every``: the
frontend then reruns the page as soon as it reconnects, the new session reads the link
(which holds the whole scenario) and the reader's next move works as usual. The timer
reruns only that empty fragment, once an hour.
"""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

# Below 2**31 ms (about 24.8 days): browsers run a longer setInterval at once, repeatedly.
RUN_EVERY = timedelta(hours=1)


@st.fragment(run_every=RUN_EVERY)
def _reconnect_marker() -> None:
    """Draws nothing; its timer makes the frontend rerun the page after a reconnect."""


def rerun_after_reconnect() -> None:
    """Call once per run, from the entrypoint."""
    _reconnect_marker()
