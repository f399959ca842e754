"""Real-browser tests for readers on any screen: headline numbers never cut, the headline in
sight on a phone while a control moves, and a "Copy link" that copies with one click."""

from __future__ import annotations

import pytest

from support.browser_harness import open_in_new_context, slider_thumb, wait_idle

# Long values (quadrillions of tokens) are the hardest to fit: demand at three times its trend.
LONG = "bytedance_demand_vs_trend=300&google_demand_vs_trend=300"
YEARS = ("2026", "2027", "2028", "2029", "2030")

# Every element inside a card's label or value whose text is cut (wider than its box, or
# ending in an ellipsis that CSS drew).
_CUT = """
() => [...document.querySelectorAll(
    '[data-testid="stMetricLabel"], [data-testid="stMetricValue"]')]
  .flatMap((box) => [box, ...box.querySelectorAll('*')])
  .filter((e) => e.scrollWidth > e.clientWidth + 1
    && getComputedStyle(e).overflowX !== 'visible')
  .map((e) => e.closest('[data-testid="stMetric"]').innerText.replace(/\\n+/g, ' | '))
"""


# The rows the four cards take: one where the page is wide, two by two where it is narrow.
_CARD_ROWS = """
() => new Set([...document.querySelectorAll('.st-key-cards > div')]
  .map((card) => Math.round(card.getBoundingClientRect().top))).size
"""


@pytest.mark.parametrize(("width", "rows"), [(1920, 1), (1400, 1), (1024, 2), (390, 2)])
def test_no_headline_number_or_label_is_cut(app_server, browser, width, rows):
    context, page = open_in_new_context(browser, f"{app_server.url}/?{LONG}&year=2026", width)
    try:
        for year in YEARS:
            if year != "2026":
                page.get_by_role("radio", name=year, exact=True).click()
                wait_idle(page)
            values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
            assert len(values) == 4 and all(v.strip() for v in values)
            assert page.evaluate(_CUT) == [], f"cut at {width} px in {year}"
            assert all("…" not in v for v in values)
            assert page.evaluate(_CARD_ROWS) == rows, f"cards' rows at {width} px in {year}"
        assert any("quadrillion" in v for v in values)  # the long words were on screen
    finally:
        context.close()


def test_phone_keeps_the_headline_in_sight_while_a_control_moves(app_server, browser):
    context, page = open_in_new_context(
        browser, f"{app_server.url}/?h200_first_month=2026-09", 390, 844
    )
    try:
        bar = page.locator(".st-key-phone_headline")
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        page.wait_for_function(
            "() => document.querySelector('[data-testid=stSidebar]')"
            ".getAttribute('data-collapsed') === 'false'"
        )
        box = bar.bounding_box()
        assert box and box["y"] + box["height"] <= 844 and box["y"] > 600  # at the foot, in view
        before = bar.inner_text()
        assert "of Google's compute" in before and "tokens/day" in before
        thumb = slider_thumb(page, "First H200 deliveries")
        thumb.focus()
        page.keyboard.press("ArrowRight")
        wait_idle(page)
        assert bar.inner_text() != before
        assert bar.is_visible()
    finally:
        context.close()


def test_headline_bar_is_hidden_on_wide_screens(app_server, browser):
    context, page = open_in_new_context(browser, app_server.url, 1400)
    try:
        assert page.locator(".st-key-phone_headline").is_hidden()
    finally:
        context.close()


def _status(page) -> str:
    return page.evaluate(
        """() => { for (const h of document.querySelectorAll('*')) {
            const s = h.shadowRoot && h.shadowRoot.querySelector('.status');
            if (s) return s.textContent; } return null; }"""
    )


def _focused(page) -> str:
    return page.evaluate(
        """() => { let e = document.activeElement;
        while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
        return e ? (e.getAttribute('aria-label') || e.textContent || '').trim() : ''; }"""
    )


def test_copy_link_copies_with_one_click_and_says_so(app_server, browser):
    url = f"{app_server.url}/?h200_first_month=2026-09&year=2028"
    context, page = open_in_new_context(
        browser, url, 1400, permissions=["clipboard-read", "clipboard-write"]
    )
    try:
        page.get_by_role("button", name="Copy link").click()
        page.wait_for_function(
            """() => [...document.querySelectorAll('*')].some((h) => h.shadowRoot
              && (h.shadowRoot.querySelector('.status') || {}).textContent === 'Link copied')"""
        )
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith(app_server.url)
        assert "h200_first_month=2026-09" in copied and "year=2028" in copied
        assert "v=2" in copied and "data=2026-06" in copied
    finally:
        context.close()


def test_copy_link_is_a_few_key_presses_away(app_server, browser):
    """The skip link, then the page's first controls: no mouse, no hover, no 25 presses."""
    context, page = open_in_new_context(
        browser, app_server.url, 1400, permissions=["clipboard-read", "clipboard-write"]
    )
    try:
        presses = 0
        while _focused(page) != "Copy link" and presses < 12:
            page.keyboard.press("Tab")
            presses += 1
            if _focused(page) == "Skip to main content":
                page.keyboard.press("Enter")
        assert _focused(page) == "Copy link", f"not reached in {presses} presses"
        page.keyboard.press("Enter")
        page.wait_for_function(
            """() => [...document.querySelectorAll('*')].some((h) => h.shadowRoot
              && (h.shadowRoot.querySelector('.status') || {}).textContent === 'Link copied')"""
        )
        assert _status(page) == "Link copied"
    finally:
        context.close()


def test_notices_plant_no_links(app_server, browser):
    """Addresses, Markdown links and HTML in a link's keys and values stay inert text."""
    query = (
        "h200_customer_cap=%5BClick%20here%5D(https%3A%2F%2Fevil.example)"
        "&x%3Cb%3E=https://evil.example/a&www.evil.example=1"
        "&%3Chttps%3A%2F%2Fevil.example%3E=2&me@evil.example=3"
    )
    context, page = open_in_new_context(browser, f"{app_server.url}/?{query}", 1400)
    try:
        notice = page.locator('[data-testid="stAlert"]').first.inner_text()
        assert "is not a number" in notice and "unknown settings were ignored" in notice
        hrefs = page.evaluate("() => [...document.querySelectorAll('a')].map((a) => a.href)")
        assert not [h for h in hrefs if "evil" in h]
        assert page.locator('[data-testid="stAlert"] b').count() == 0
    finally:
        context.close()


def test_advanced_assumptions_stay_open_across_pages(app_server, browser):
    context, page = open_in_new_context(browser, app_server.url, 1400)
    try:
        details = page.locator('[data-testid="stSidebar"] details').first
        page.get_by_text("Advanced assumptions").click()
        wait_idle(page)
        assert details.get_attribute("open") is not None
        page.get_by_role("link", name="Compare scenarios").click()
        page.wait_for_url("**/compare**")
        wait_idle(page)
        assert details.get_attribute("open") is not None
        assert slider_thumb(page, "H200 price in China").count() == 1  # an advanced control
    finally:
        context.close()
