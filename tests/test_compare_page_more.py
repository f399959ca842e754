"""Compare scenarios, more: the four-scenario limit, links of other sites refused, the table
of differing assumptions as Markdown with real links, the tokens chart's log scale and the
headline rows that wrap (AppTest and pure functions)."""

from __future__ import annotations

import functools
import json

import pytest
import streamlit as st
from conftest import open_app_page
from streamlit.testing.v1 import AppTest

from simulator import Scenario, param
from ui import compare
from ui import link as link_format
from ui.charts.style import LOG_TICKS
from ui.text import source_link

PAGE = "pages/compare.py"
FOUR = ["current", "baseline", "preset:squeeze", "preset:remote_closed"]


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()


open_compare = functools.partial(open_app_page, PAGE)


def picker(at: AppTest):
    return at.multiselect(key="w_cmp")


# ---------------------------------------------------------------- the four-scenario limit
def test_select_all_is_offered_only_when_everything_it_adds_fits():
    at = open_compare()
    assert picker(at).proto.select_all == link_format.MAX_SCENARIOS - 2
    at = open_compare({"cmp": ["baseline", "preset:squeeze", "preset:remote_closed"]})
    assert picker(at).proto.select_all == 1, "one more fits: no bulk action for two or more"
    at = open_compare({"cmp": FOUR})
    assert picker(at).proto.select_all == 0
    assert picker(at).proto.max_selections == link_format.MAX_SCENARIOS
    assert any("at most 4 scenarios" in c.value for c in at.caption), "the page says so"


def test_the_limit_is_stated_only_when_reached():
    at = open_compare()
    assert not any("at most 4 scenarios" in c.value for c in at.caption)


# ---------------------------------------------------------------- pasted links
@pytest.mark.parametrize(
    "text",
    [
        "https://www.google.com/search?q=compute+gap&hl=en",
        "https://news.example/article?id=42&utm_source=mail",
        "?q=1",
    ],
)
def test_a_link_that_is_not_this_apps_is_refused(text):
    item, scenario, warnings = link_format.read_link(text)
    assert item is None and scenario is None
    assert warnings == [link_format.NOT_OURS]


def test_a_link_of_this_app_is_still_read_wherever_it_was_served():
    for text in (
        "https://compute-gap.example/compare?v=2&h200_price_usd=30000",
        "v=2&h200_price_usd=30000",
        "https://x.example/?amp;h200_export_units=0",  # mangled by an HTML e-mail, still ours
        "https://x.example/?year=2029",
    ):
        item, scenario, _ = link_format.read_link(text)
        assert item is not None and scenario is not None, text


def test_the_page_refuses_a_foreign_link_with_a_clear_message():
    at = open_compare()
    at.text_input(key="cmp_paste").input("https://www.google.com/search?q=bytedance")
    at.button(key="cmp_add").click().run()
    assert not at.exception
    assert at.error and "not a link to this app" in at.error[0].value
    assert picker(at).value == ["current", "baseline"], "nothing was added"
    assert "cmp" not in at.query_params


# ---------------------------------------------------------------- the table
def test_the_table_is_markdown_with_kind_as_of_and_a_real_source_link():
    at = open_compare({"cmp": ["baseline", "preset:remote_closed"]})
    assert not at.dataframe, "no data grid: the text wraps and the link is real"
    found = [m.value for m in at.main.markdown if m.value.startswith("| Assumption |")]
    assert len(found) == 1
    header, rule, row = found[0].splitlines()
    cells = [c.strip() for c in header.strip("|").split(" | ")]
    assert cells[-4:] == ["Unit", "Kind", "As of", "Source of the baseline value"]
    p = param("remote_access_close_month")
    assert p.kind in row and p.as_of.replace("-", "\\-") in row
    if p.url:
        assert row.rstrip(" |").endswith(source_link(p.url))
    assert "open source" not in found[0] and "None" not in found[0]


def test_assumptions_markdown_escapes_every_cell_and_checks_the_address():
    entries, _ = link_format.read_items(["baseline", "preset:remote_closed"], Scenario())
    table = compare.differing_assumptions(entries)
    table.iloc[0, table.columns.get_loc("Source")] = "Evil | [x](https://evil.example) <b>"
    table.iloc[0, table.columns.get_loc("Link")] = "javascript:alert(1)"
    md = compare.assumptions_markdown(table)
    row = md.splitlines()[2]
    assert "javascript" not in md and "[x](" not in md and "<b>" not in md
    assert row.count(" | ") == md.splitlines()[0].count(" | "), "an escaped pipe adds no cell"
    table.iloc[0, table.columns.get_loc("Link")] = None
    assert "None" not in compare.assumptions_markdown(table)


# ---------------------------------------------------------------- charts and phone rows
def test_tokens_chart_uses_the_simulators_log_scale():
    at = open_compare({"cmp": FOUR})
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    tokens = next(s for s in specs if s["title"] == "Tokens ByteDance serves per day")
    y = tokens["encoding"]["y"]
    assert y["scale"]["type"] == "log"
    assert y["axis"]["values"] == LOG_TICKS
    assert "log scale" in y["title"]
    share = next(s for s in specs if s["title"] == "ByteDance's compute as a share of Google's")
    assert share["encoding"]["y"]["scale"] == {"zero": True}, "shares stay linear"


def test_each_headline_number_is_a_row_that_can_wrap():
    at = open_compare({"cmp": FOUR})
    markup = " ".join(str(h.proto) for h in at.get("html"))
    assert "st-key-cmp_cards_" in markup and "flex-wrap: wrap" in markup
    rows = [str(b.proto) for b in at.main.children.values()]
    assert len(at.metric) == 16
    assert sum("cmp_cards_" in r for r in rows) >= 1
