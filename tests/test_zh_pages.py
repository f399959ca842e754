"""The four other pages in Simplified Chinese (``lang=zh``): Compare scenarios, Track record,
Assumptions & sources and How the model works show no English of their own, and a link of
another site pasted into the comparison is refused in Chinese.

Texts that other areas of the app write on these pages are taken out before the check (see
:func:`_theirs`); everything else the pages show must have no English words besides names,
addresses and file names (``support/untranslated.py``).
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlencode

import pytest
import streamlit as st
from conftest import open_app_page

from simulator import Scenario, i18n, load_data, project
from simulator.summary import cards, headline
from support.untranslated import URL, _nodes, element_strings, english_words
from ui import compare, link, tables
from ui.charts import compare as compare_charts
from ui.link import DEFAULT_YEAR
from ui.text import escape

A_LINK = "link:" + urlencode({"h200_customer_cap": "100000"})
FOUR = ["current", "baseline", "preset:squeeze", A_LINK]
ELSEWHERE = "https://www.google.com/search?q=bytedance"


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()


@functools.cache
def _theirs() -> tuple[str, ...]:
    """Texts another area writes on these pages, in the reader's language, longest first.

    The headline cards' names (``simulator/summary.py``, the Simulator page's area), shown
    above each row of cards on Compare, until that area's Chinese is merged (then they are
    Chinese and this takes nothing out). Every other text, the registry's parameter labels,
    units and preset names included, must be Chinese already.
    """
    with i18n.using("zh"):
        now = headline(project(Scenario()), DEFAULT_YEAR)
        texts = [card.label for card in cards(now, now, None)]
    return tuple(sorted(set(texts), key=len, reverse=True))


def _escaped(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|$:<>~])", r"\\\1", text)


@functools.cache
def _their_pattern() -> re.Pattern[str]:
    """Other areas' texts as they stand in a page's text (raw or Markdown-escaped), whole."""
    texts = sorted({v for t in _theirs() for v in (t, _escaped(t))}, key=len, reverse=True)
    return re.compile(r"(?<![A-Za-z])(?:" + "|".join(map(re.escape, texts)) + r")(?![A-Za-z])")


def english_of_ours(at, part) -> dict[str, list[str]]:
    """Every text of ``part`` with English words in it once other areas' texts are out."""
    found: dict[str, list[str]] = {}
    for node in _nodes(part):
        if getattr(node, "key", None) == "w_year":  # the year picker (view_controls)
            continue
        texts = list(element_strings(node))
        if type(node).__name__ == "Metric":  # a headline card: the scenario's name is ours,
            texts = [("Metric", node.label)]  # its number, change and help the cards' area's
        for kind, text in texts:
            words = english_words(_their_pattern().sub(" ", URL.sub(" ", text)))
            if words:
                found[f"{kind}: {text[:160]}"] = words
    return found


def _refused(message: str) -> str:
    """The page's message for a refused link, in Chinese (as the catalog has it)."""
    with i18n.using("zh"):
        text = escape(i18n._(message))
    assert re.search(r"[\u4e00-\u9fff]", text)
    return text


def _open(page: str, **query) -> object:
    return open_app_page(page, {"lang": "zh", **query})


def test_compare_with_four_scenarios_and_a_refused_link_is_all_chinese():
    at = _open("pages/compare.py", cmp=FOUR)
    at.text_input(key="cmp_paste").input(ELSEWHERE)
    at.button(key="cmp_add").click().run()
    assert not at.exception, at.exception
    assert len(at.multiselect(key="w_cmp").value) == 4
    assert [e.value for e in at.error] == [_refused(link.NOT_OURS)]
    assert "假设有何不同" in [s.value for s in at.subheader]
    assert english_of_ours(at, at.main) == {}


def test_a_link_that_is_not_a_link_is_refused_in_chinese():
    at = _open("pages/compare.py")
    at.text_input(key="cmp_paste").input("bytedance compute")
    at.button(key="cmp_add").click().run()
    assert [e.value for e in at.error] == [_refused(link.NOT_A_LINK)]
    assert english_of_ours(at, at.main) == {}


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("pages/track_record.py", "预测记录"),
        ("pages/assumptions.py", "假设与来源"),
        ("pages/model.py", "模型原理"),
    ],
)
def test_reference_page_is_all_chinese(page, title):
    at = _open(page)
    assert at.title[0].value == title
    assert english_of_ours(at, at.main) == {}


def test_the_check_finds_english_left_on_a_page():
    """The check above fails on an English label: a page run in English is full of it."""
    at = open_app_page("pages/track_record.py")
    found = english_of_ours(at, at.main)
    assert any("Every figure" in k for k in found), found


def test_data_rows_and_sources_follow_the_reader():
    """A data row's text and a parameter's source are read in the reader's language (the
    data are cached for every reader): English stays as it is."""
    p = load_data().param("h200_customer_cap")
    english = p.source
    with i18n.using("zh"):
        assert p.source != english and "上限" in p.source
        frames = tables.data_tables()
    assert p.source == english and english.startswith("Bloomberg")
    assert "采购渠道（data/channels.csv）" in frames
    channels = frames["采购渠道（data/channels.csv）"]
    assert "海外租用的算力" in set(channels["label"]) and "租用" in set(channels["location"])
    assert "Compute rented abroad" in set(
        tables.data_tables()["Procurement channels (data/channels.csv)"]["label"]
    )


def test_compare_chart_words_and_table_headers_in_chinese():
    entries_labels = ["当前情景", "基准情景"]

    frame = compare_charts.series_frame(entries_labels, [project(Scenario())] * 2)
    with i18n.using("zh"):
        words = compare_charts.describe_lines(frame, "share", "份额", ".1f")
    assert words.startswith("折线图") and "2030年12月" in words and "黑色实线" in words
    english = compare_charts.describe_lines(frame, "share", "share", ".1f")
    assert "in December 2030" in english and "solid black line" in english
    with i18n.using("zh"):
        header = compare.assumptions_markdown(compare.differing_assumptions([]))
    assert header.replace("\u2060", "").startswith("| 假设 | 单位 | 类型 |")
    assert "| 假\u2060设 |" in header  # a short Chinese header is not cut in two


def test_a_row_added_in_english_only_is_read_in_english(tmp_path):
    """A data row may stop before the Chinese columns at the end; a row short of an English
    cell is still refused."""
    import shutil

    from simulator.data import DATA_DIR, DataError, in_readers_language, read_data

    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("archive"))
    path = folder / "observations.csv"
    row = "ByteDance,2026-03,tokens,1.2e14,tokens/day,fit,0.25,2026-04-01,estimate,"
    path.write_text(path.read_text() + row + "https://example.org/report,A test row.\n")
    added = read_data(folder).observations[-1]
    with i18n.using("zh"):
        assert in_readers_language(added, "note") == "A test row."
        assert in_readers_language(read_data(folder).observations[0], "note").startswith("豆包")
    path.write_text(path.read_text() + row + "https://example.org/report\n")
    with pytest.raises(DataError, match="as many cells"):
        read_data.__wrapped__(folder)
