"""Real-browser tests: the Compare and Assumptions & sources tables read without sideways
scrolling on a laptop with the sidebar open and on a phone (no box scrolls, no cell is cut,
a number stays on one line, and a screen reader still hears a table), and each sidebar
slider's accessible name is its label, once (Chromium's own accessibility tree)."""

from __future__ import annotations

import pytest

from support.browser_harness import open_in_new_context, slider_thumb, wait_idle

FOUR = "cmp=current&cmp=baseline&cmp=preset:squeeze&cmp=preset:google_rents_half"
CHANGED = "h200_first_month=2027-01"
# Quadrillions of tokens in 2030: the longest headline numbers.
LONG = "bytedance_demand_vs_trend=300&google_demand_vs_trend=300&year=2030"

# Every box in `root` (the table's container, the table and each cell) that scrolls or
# clips sideways (an ellipsis only shows in such a box), and every cell reaching outside
# the container (a header cell visually hidden, for screen readers only, is 1 px wide and
# left out).
_SIDEWAYS = """
(root) => {
  const box = root.getBoundingClientRect();
  const out = [];
  for (const e of [root, ...root.querySelectorAll('table, th, td')]) {
    if (e.clientWidth <= 1) continue;  // visually hidden: for screen readers only
    if (e.scrollWidth > e.clientWidth + 1) {
      const text = e.innerText.slice(0, 40);
      out.push(`${e.tagName} scrolls ${e.scrollWidth} > ${e.clientWidth}: ${text}`);
    }
    const r = e.getBoundingClientRect();
    if (r.width && (r.left < box.left - 1 || r.right > box.right + 1)) {
      out.push(`${e.tagName} outside the box: ${e.innerText.slice(0, 40)}`);
    }
  }
  return out;
}
"""

# Cells holding a number ("1,979", "35", "16.4 trillion", "$20,000") drawn on more than
# one line.
_SPLIT_NUMBERS = r"""
(root) => [...root.querySelectorAll('td')]
  .filter((td) => /^[$¥]?[\d.,]+(\s(thousand|million|billion|trillion|quadrillion))?$/
    .test(td.innerText.trim()))
  .filter((td) => {
    const range = document.createRange();
    range.selectNodeContents(td);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
  })
  .map((td) => td.innerText)
"""

_PAGE_SIDEWAYS = """
() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return { main: main.scrollWidth - main.clientWidth,
           doc: document.documentElement.scrollWidth - document.documentElement.clientWidth };
}
"""


@pytest.mark.parametrize("width", [1024, 390])
def test_compare_tables_read_without_sideways_scrolling(app_server, browser, width):
    url = f"{app_server.url}/compare?{CHANGED}&{LONG}&{FOUR}"
    context, page = open_in_new_context(browser, url, width)
    try:
        box = page.locator(".st-key-cmp_assumptions")
        assert box.evaluate(_SIDEWAYS) == []
        assert box.evaluate(_SPLIT_NUMBERS) == []
        assert page.evaluate(_PAGE_SIDEWAYS) == {"main": 0, "doc": 0}

        # Each scenario's value sits under the scenario's name: same column, same width.
        table = box.locator("table")
        heads = table.locator("thead th").all()[1:5]
        names = [h.inner_text().strip() for h in heads]
        assert names == ["This scenario", "Baseline", "Full squeeze", "Google rents out half"]
        rows = table.locator("tbody tr").all()
        assert len(rows) >= 2
        for row in rows:
            cells = row.locator("td").all()[1:5]
            for head, cell in zip(heads, cells, strict=True):
                h, c = head.bounding_box(), cell.bounding_box()
                assert abs(h["x"] - c["x"]) <= 1 and abs(h["width"] - c["width"]) <= 1
        # The assumption's name, its kind, date and source stay in sight.
        text = table.inner_text()
        for word in ("Remote access closed from", "Jul 2026", "assumption", "2026-06-01"):
            assert word in text
        link = table.get_by_role("link", name="source").first
        assert link.is_visible() and link.get_attribute("href").startswith("https://")

        # Still a table for a screen reader: a row per assumption, the scenarios as headers.
        assert table.get_by_role("row").count() == len(rows) + 1
        for name in names:
            assert table.get_by_role("columnheader", name=name, exact=True).count() == 1

        # The headline numbers: four scenarios, the long 2030 values, none cut.
        cards = page.locator('[class*="st-key-cmp_cards_"]')
        assert cards.count() == 4
        for k in range(4):
            assert cards.nth(k).evaluate(_SIDEWAYS.replace("table, th, td", "*")) == []
        values = page.locator('[class*="st-key-cmp_cards_"] [data-testid="stMetricValue"]')
        texts = values.all_inner_texts()
        assert len(texts) == 16 and any("quadrillion" in t for t in texts)
        assert all("…" not in t for t in texts)
    finally:
        context.close()


@pytest.mark.parametrize("width", [1024, 390])
def test_reference_tables_read_without_sideways_scrolling(app_server, browser, width):
    context, page = open_in_new_context(browser, f"{app_server.url}/assumptions", width)
    try:
        box = page.locator(".st-key-sources_data")
        tables = box.locator("table")
        assert tables.count() == 7
        assert box.evaluate(_SIDEWAYS) == []
        assert box.evaluate(_SPLIT_NUMBERS) == []
        assert page.evaluate(_PAGE_SIDEWAYS) == {"main": 0, "doc": 0}
        for k in range(tables.count()):
            table = tables.nth(k)
            header = table.locator("thead tr")
            assert header.is_visible()  # the columns' names, as the key above the rows
            rows = table.locator("tr").count()
            assert table.get_by_role("row").count() == rows  # still rows for a screen reader
            assert table.get_by_role("columnheader").count() == header.locator("th").count()
        chips = tables.first.inner_text()
        assert "Nvidia H100 SXM" in chips and "1,979" in chips and "TFLOP/s" in chips
    finally:
        context.close()


def test_reference_tables_stay_tables_on_a_wide_screen(app_server, browser):
    context, page = open_in_new_context(browser, f"{app_server.url}/assumptions", 1920)
    try:
        tables = page.locator(".st-key-sources_data table")
        shown = tables.evaluate_all(
            "(ts) => ts.map((t) => getComputedStyle(t.querySelector('td')).display)"
        )
        assert shown == ["table-cell"] * 7
        assert page.locator(".st-key-sources_data").evaluate(_SIDEWAYS) == []
    finally:
        context.close()


def _slider_names(page) -> tuple[list[str], list[str]]:
    """(every slider's name, every group's name) in Chromium's accessibility tree."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()

    def names(role: str) -> list[str]:
        return [
            " ".join(str(n.get("name", {}).get("value", "")).split())
            for n in nodes
            if n.get("role", {}).get("value") == role and not n.get("ignored")
        ]

    return names("slider"), names("group")


def _labels(page) -> list[str]:
    """Each sidebar slider's visible label."""
    return [
        " ".join(t.split())
        for t in page.locator(
            '[data-testid="stSidebar"] [data-testid="stSlider"] [data-testid="stWidgetLabel"]'
        ).all_inner_texts()
    ]


def _assert_named_once(page) -> None:
    labels = _labels(page)
    sliders, groups = _slider_names(page)
    assert len(labels) >= 8 and len(sliders) == len(labels)
    assert sorted(sliders) == sorted(labels)  # the label, once: not "label label"
    assert not set(groups) & set(labels)  # and no group around it announcing it again
    for label in labels:
        assert page.get_by_role("slider", name=label, exact=True).count() == 1


def test_each_slider_is_named_once(app_server, browser):
    context, page = open_in_new_context(browser, app_server.url, 1400)
    try:
        _assert_named_once(page)
        # Sliders that appear later (the advanced ones), a rerun and another page.
        page.get_by_text("Advanced assumptions").click()
        wait_idle(page)
        _assert_named_once(page)
        assert len(_labels(page)) > 8
        thumb = slider_thumb(page, "First H200 deliveries")
        thumb.focus()
        page.keyboard.press("ArrowRight")
        wait_idle(page)
        _assert_named_once(page)
        page.get_by_role("link", name="Compare scenarios").click()
        page.wait_for_url("**/compare**")
        wait_idle(page)
        _assert_named_once(page)
        # A label that changes (another language) is set again by Streamlit: fixed again.
        page.evaluate(
            """() => { const s = document.querySelector('[data-testid="stSlider"]');
              s.querySelector('[role="group"]').setAttribute('aria-label', 'relabelled');
              const input = s.querySelector('input[type="range"]');
              input.setAttribute('aria-labelledby', input.id); }"""
        )
        page.wait_for_function(
            """() => { const s = document.querySelector('[data-testid="stSlider"]');
              return !s.querySelector('[aria-labelledby]')
                && !s.querySelector('[role="group"][aria-label]'); }""",
            timeout=5000,
        )
    finally:
        context.close()
