"""Real-browser test of the Simulator in Chinese: no card's label, number or change is cut,
on a wide screen or a phone, and the sentence stays inside the page."""

from __future__ import annotations

import pytest

from support.browser_harness import open_app

# Long values (demand at three times its trend) and changes against the baseline on every card
QUERY = (
    "lang=zh&year=2030&bytedance_demand_vs_trend=300&google_demand_vs_trend=300"
    "&h200_first_month=2027-01"
)

# Every element inside a card's label, value or change whose text is cut (wider than its
# box, or ending in an ellipsis that CSS drew), and a sentence wider than the page.
_CUT = """
() => [...document.querySelectorAll('[data-testid="stMetricLabel"], '
    + '[data-testid="stMetricValue"], [data-testid="stMetricDelta"], .st-key-sentence')]
  .flatMap((box) => [box, ...box.querySelectorAll('*')])
  .filter((e) => e.scrollWidth > e.clientWidth + 1
    && getComputedStyle(e).overflowX !== 'visible')
  .map((e) => e.innerText.replace(/\\n+/g, ' | '))
"""


@pytest.mark.parametrize("width", [1400, 390])
def test_chinese_cards_and_sentence_are_never_cut(app_server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        open_app(page, f"{app_server.url}/?{QUERY}")
        page.locator('[data-testid="stMetricDelta"]').first.wait_for()
        values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        assert len(values) == 4 and any("万亿" in v for v in values), values
        deltas = page.locator('[data-testid="stMetricDelta"]').all_inner_texts()
        assert deltas and all("较基准情景" in d for d in deltas), deltas
        assert page.evaluate(_CUT) == [], f"cut at {width} px"
        sentence = page.locator(".st-key-sentence").bounding_box()
        assert sentence and sentence["x"] + sentence["width"] <= width
    finally:
        context.close()
