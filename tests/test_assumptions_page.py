"""Assumptions & sources: every parameter and data row with a real, checked source link
(AppTest and the pure Markdown builders of ui/tables.py)."""

from __future__ import annotations

import functools
import re

import pandas as pd
import pytest
import streamlit as st
from conftest import open_app_page
from streamlit.testing.v1 import AppTest

from simulator import Scenario, registry
from simulator.data import Param
from ui import tables
from ui.text import source_link

PAGE = "pages/assumptions.py"
LINK = re.compile(r"\[source\]\(([^)\s]*)\)")


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()


open_page = functools.partial(open_app_page, PAGE)


def page_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.main.markdown)


def plain(text: str) -> str:
    """Markdown as a reader sees it: escapes and word joiners removed."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


def test_page_keeps_both_sections_every_parameter_and_every_data_row():
    at = open_page({"v": "2", "h200_price_usd": "27000"})
    subheaders = [h.value for h in at.subheader]
    assert subheaders == [
        "Controls you can change",
        "Estimates of the past and the structure",
        "Reference data",
    ]
    text = plain(page_text(at))
    for p in registry():
        assert f"**{p.label}:**" in text, p.key
        assert f"`{p.key}`" in text and f"as of {p.as_of}" in text
        assert p.kind.capitalize() in text
    assert "**$27,000 per chip** (baseline 20,000, **changed**)" in text
    assert "**First H200 deliveries to ByteDance: not by 2030**" not in text  # bold value only
    assert "**not by 2030** (baseline not by 2030)" in text
    assert any("1 of" in c.value and "differ from the baseline" in c.value for c in at.caption)
    tables_md = [m.value for m in at.main.markdown if "\n|---" in m.value]
    assert len(tables_md) == len(tables.data_tables())
    rows = sum(t.count("\n| ") - 1 for t in tables_md)  # less each header
    assert rows == sum(len(f) for f in tables.data_tables().values()) > 40
    assert not at.dataframe, "no data grids: sources are real links"


def test_every_source_address_is_a_link_named_source_and_none_is_never_shown():
    at = open_page()
    text = page_text(at)
    links = LINK.findall(text)
    with_url = [p for p in registry() if p.url]
    assert len(links) >= len(with_url) + 40
    assert all(u.startswith("https://") for u in links)
    assert "open source" not in text
    assert not re.search(r"\bNone\b", plain(text)), "a row without a link shows no 'None'"
    for p in with_url:
        assert source_link(p.url) in text, p.key


def test_parameter_item_escapes_text_and_only_links_web_addresses():
    base = registry()[0]
    fields = {f: getattr(base, f) for f in base.__dataclass_fields__}
    for url, linked in (
        ("javascript:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("https://example.org/a b", False),
        ("https://example.org/a)[x](https://evil.example", True),
        ("", False),
    ):
        p = Param(**{**fields, "url": url, "label": "Evil [label](https://evil.example) <b>"})
        item = tables.parameter_item(p, p.default)
        assert ("[source](" in item) is linked, url
        assert "javascript" not in item
        assert "[label](" not in item.replace("\\[label\\]\\(", "")
        assert "<b>" not in item
        if linked:  # the address cannot end the link early or start a second one
            assert LINK.findall(item) == ["https://example.org/a%29%5Bx%5D%28https://evil.example"]


def test_source_cell_links_an_address_and_keeps_the_words_before_it():
    cell = tables.source_cell("Nvidia disclosure (15 Apr 2025): https://example.org/x")
    assert cell.endswith("[source](https://example.org/x)")
    assert plain(cell).startswith("Nvidia disclosure (15 Apr 2025)")
    assert tables.source_cell("https://example.org/y") == "[source](https://example.org/y)"
    assert plain(tables.source_cell("Assumption: our judgement")) == "Assumption: our judgement"
    assert tables.source_cell(None) == "—"
    assert "[source]" not in tables.source_cell("see ftp://example.org/z")


def test_markdown_table_escapes_cells_and_shows_no_none():
    frame = pd.DataFrame(
        {
            "label": ["a | b", "c"],
            "value": [1_300_000, float("nan")],
            "year": [2026, 2027],
            "source": ["https://example.org", None],
        }
    )
    md = tables.markdown_table(frame)
    lines = md.splitlines()
    assert lines[0] == "| Label | Value | Year | Source |"
    assert "a \\| b" in lines[2] and "1,300,000" in lines[2] and "| 2026 |" in lines[2]
    assert "None" not in md and "nan" not in md
    assert lines[3].endswith("| — |")


def test_parameter_groups_follow_the_registry():
    groups = tables.parameter_groups(Scenario(), levers=True)
    order = [p.group for p in registry() if p.is_lever]
    assert list(groups) == list(dict.fromkeys(order))
    assert sum(len(v) for v in groups.values()) == len(order)
