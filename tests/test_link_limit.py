"""A link over Streamlit's query limits: a clear notice, not the baseline shown silently.

Streamlit ignores a query string over 524,288 characters or with more than 1,000 fields,
so the script sees no link at all. ``ui/link_limit.py`` learns it from the browser (a tiny
component reading the query string the page was opened with); here AppTest plays the
browser's part by setting the component's report. The real browser opens such a link
through the balancer in ``tests/test_browser_cluster.py`` (Streamlit's own HTTP server
refuses request lines over about 128 kB before any page loads).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from test_fuzz_links import MAX_QUERY_BYTES as QUERY_MAX_CHARS

from simulator import Scenario
from ui import link_limit, page_helper

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
ADJUSTED = "This link was adjusted to open"
TOO_LONG = "This link is too long to open"


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()


def open_query(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def report(at: AppTest, chars: int, fields: int) -> AppTest:
    """What the component sends from a browser that opened an over-limit link."""
    at.session_state[page_helper.KEY] = {"dropped": {"chars": chars, "fields": fields}}
    return at.run()


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if TOO_LONG in w.value]


def test_limits_are_streamlits():
    assert link_limit.MAX_CHARS == QUERY_MAX_CHARS == 524_288
    assert link_limit.MAX_FIELDS == 1000


def test_over_limit_link_is_dropped_by_streamlit_and_the_page_says_so():
    query = {"v": "2", "bytedance_budget_growth": "40", "junk": "x" * QUERY_MAX_CHARS}
    at = open_query(query)
    # What Streamlit does: the whole link is ignored (no adjusted-link notice, baseline).
    assert not at.exception and not at.error
    assert not [i for i in at.info if ADJUSTED in i.value]
    assert at.slider(key="w_bytedance_budget_growth").value == Scenario().bytedance_budget_growth
    assert not warnings(at), "nothing to say until the browser reports the link"

    chars = len("v=2&bytedance_budget_growth=40&junk=") + QUERY_MAX_CHARS
    at = report(at, chars=chars, fields=3)
    assert not at.exception and not at.error
    (notice,) = warnings(at)
    assert f"{chars:,} characters long" in notice and "524,288" in notice
    assert "baseline" in notice and "copy the link again" in notice

    # Gone once the reader makes the page their own scenario; back at the baseline, again.
    at.slider(key="w_bytedance_budget_growth").set_value(40).run()
    assert not warnings(at)


def test_too_many_fields_is_named():
    at = report(open_query({"v": "1"}), chars=9_000, fields=1_500)
    (notice,) = warnings(at)
    assert "1,500 parts" in notice and "1,000" in notice


@pytest.mark.parametrize(
    "sent",
    [None, "600000", {"chars": "600000", "fields": 1}, {"chars": -1, "fields": 1}, [1, 2]],
    ids=["none", "text", "text-count", "negative", "list"],
)
def test_a_report_that_is_not_counts_is_ignored(sent):
    at = open_query({"v": "1"})
    at.session_state[page_helper.KEY] = {"dropped": sent}
    at.run()
    assert not at.exception and not at.error
    assert not warnings(at)
