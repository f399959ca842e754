"""A link too long for Streamlit: say so, rather than show the baseline as if asked for.

Streamlit ignores a query string longer than 524,288 characters or with more than 1,000
fields: it logs "Ignoring query string ..." and the script sees no query parameters, so
the page would open on the baseline scenario with no word of the link. (Streamlit's own
HTTP server refuses much shorter request lines, about 128 kB, before the page loads; the
balancer in ``deploy/`` passes the page's path alone, so links up to 1 MB open through it.)

The browser still knows the link. The page's invisible helper (``ui/page_helper.py``)
runs ``JS``: it reads the query string the page was opened with, from the navigation
entry, which the app's own URL rewrites do not change, and reports it only when it is
over one of Streamlit's limits. That report reruns the page once, and
:func:`warn_if_link_dropped` then shows a notice above the page for as long as the
scenario is the one it fell back to. Links within the limits cost nothing more: the helper
reports nothing.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from simulator.i18n import _
from ui import state
from ui.text import escape

try:  # Streamlit's own limits, where this version keeps them
    from streamlit.runtime.state.query_params import (
        CLIENT_STATE_QUERY_STRING_MAX_FIELDS as MAX_FIELDS,
    )
    from streamlit.runtime.state.query_params import (
        CLIENT_STATE_QUERY_STRING_MAX_LENGTH as MAX_CHARS,
    )
except ImportError:  # pragma: no cover - the values of Streamlit 1.67
    MAX_CHARS, MAX_FIELDS = 512 * 1024, 1000

FELL_BACK_TO = "link_limit_scenario"  # the scenario shown instead of the link's

JS = """
function reportDroppedLink(data, setStateValue) {
    let search = window.location.search;
    try {
        const entry = performance.getEntriesByType("navigation")[0];
        if (entry) search = new URL(entry.name).search;
    } catch (error) {}
    const query = search.replace(/^\\?/, "");
    const fields = query ? query.split("&").length : 0;
    if (query.length > data.max_chars || fields > data.max_fields) {
        setStateValue("dropped", { chars: query.length, fields: fields });
    }
}
"""


def _count(report: Any, name: str) -> int | None:
    value = report.get(name) if isinstance(report, dict) else None
    return value if isinstance(value, int) and 0 <= value < 10**9 else None


def notice(chars: int, fields: int) -> str:
    """What the reader is told; the counts are the browser's."""
    if chars > MAX_CHARS:
        text = _(
            "This link is too long to open: it is {count} characters long, more than the {most} "
            "Streamlit reads, so it was ignored and the page shows the baseline scenario "
            "instead. Links that Compute Gap writes are a few hundred characters long: ask the "
            "sender to copy the link again from the app."
        ).format(count=f"{chars:,}", most=f"{MAX_CHARS:,}")
    else:
        text = _(
            "This link is too long to open: it is made of {count} parts, more than the {most} "
            "Streamlit reads, so it was ignored and the page shows the baseline scenario "
            "instead. Links that Compute Gap writes are a few hundred characters long: ask the "
            "sender to copy the link again from the app."
        ).format(count=f"{fields:,}", most=f"{MAX_FIELDS:,}")
    return escape(text)


def warn_if_link_dropped(box, report: Any) -> None:
    """Put the notice in ``box`` when the browser reported a dropped link (``report``)."""
    chars, fields = _count(report, "chars"), _count(report, "fields")
    if chars is None or fields is None:
        return
    st.session_state.setdefault(FELL_BACK_TO, state.current())
    if st.session_state[FELL_BACK_TO] == state.current():
        box.warning(notice(chars, fields), icon=":material/link_off:")
