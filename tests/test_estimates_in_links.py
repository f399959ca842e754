"""A link can set an estimate (a figure about the past, with no control): the page says so,
in the reader's language, for as long as the scenario holds it."""

from __future__ import annotations

from tests.conftest import open_app_page


def estimate_notes(at) -> list[str]:
    return [i.value for i in at.info if "no control" in i.value or "没有对应控件" in i.value]


def test_a_link_that_sets_an_estimate_says_so():
    at = open_app_page("pages/simulator.py", {"v": "2", "bytedance_abroad_share": "70"})
    (note,) = estimate_notes(at)
    assert "Share of ByteDance's chip money spent abroad" in note and "70%" in note
    assert "55%" in note  # what the data support
    at.switch_page("pages/compare.py").run()
    assert estimate_notes(at), "it stays said on every page while the scenario holds it"


def test_no_note_without_an_estimate_and_in_chinese_with_one():
    assert not estimate_notes(open_app_page("pages/simulator.py", {"v": "2"}))
    at = open_app_page("pages/simulator.py", {"lang": "zh", "bytedance_abroad_share": "70"})
    (note,) = estimate_notes(at)
    assert "此情景设定了" in note and "70%" in note
