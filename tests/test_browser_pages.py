"""Real-browser tests of the Assumptions & sources and Compare pages: sources are real links a
keyboard reaches, nothing reads "None", and neither page scrolls sideways on a laptop or a
phone."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from support.browser_harness import open_in_new_context, slider_thumb, wait_idle

FOUR = "cmp=current&cmp=baseline&cmp=preset:squeeze&cmp=preset:remote_closed"
CHANGED = "h200_price_usd=27000"

# How far the main area (the page's own scroller) and the document scroll sideways.
_SIDEWAYS = """
() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return { main: main.scrollWidth - main.clientWidth,
           doc: document.documentElement.scrollWidth - document.documentElement.clientWidth };
}
"""
_ACTIVE = """
() => { const a = document.activeElement;
        return a ? { tag: a.tagName, text: a.innerText.trim(), href: a.getAttribute('href') }
                 : null; }
"""


@pytest.mark.parametrize("width", [1400, 390])
def test_assumptions_sources_are_links_and_the_page_never_scrolls_sideways(
    app_server, browser, width
):
    context, page = open_in_new_context(browser, f"{app_server.url}/assumptions?{CHANGED}", width)
    try:
        main = page.locator('[data-testid="stMain"]')
        links = main.locator("a[href]", has_text=re.compile(r"^source$"))
        assert links.count() > 60
        hrefs = links.evaluate_all("(els) => els.map((a) => a.href)")
        assert all(h.startswith("https://") for h in hrefs)
        assert "open source" not in main.inner_text()
        assert not re.search(r"\bNone\b", main.inner_text())
        assert page.evaluate(_SIDEWAYS) == {"main": 0, "doc": 0}

        # A keyboard reaches the first source: Tab from the section heading.
        page.get_by_role("heading", name="Controls you can change").click()
        for _ in range(10):
            page.keyboard.press("Tab")
            active = page.evaluate(_ACTIVE)
            if active and active["tag"] == "A" and active["text"] == "source":
                break
        assert active["tag"] == "A" and active["text"] == "source", active
        assert active["href"].startswith("https://")

        # The kind and date of the first control are on screen, not off to the right.
        first = main.locator("li", has_text="First H200 deliveries").first
        box = first.bounding_box()
        assert box and box["x"] + box["width"] <= width
        assert "as of 2026" in first.inner_text()

        # A printout keeps the links (they are text, not canvas cells).
        page.emulate_media(media="print")
        assert links.first.is_visible()
    finally:
        context.close()


def test_compare_table_shows_kind_source_and_date_without_sideways_scroll(app_server, browser):
    context, page = open_in_new_context(browser, f"{app_server.url}/compare?{CHANGED}&{FOUR}", 1400)
    try:
        table = page.locator(".st-key-cmp_assumptions table")
        assert table.count() == 1
        sideways = table.evaluate("(t) => t.scrollWidth - t.clientWidth")
        assert sideways <= 1, "the table scrolls sideways"
        assert page.evaluate(_SIDEWAYS) == {"main": 0, "doc": 0}
        for name in ("Kind", "As of", "Source of the baseline value"):
            header = table.locator("th", has_text=name)
            box = header.bounding_box()
            assert box and box["x"] + box["width"] <= 1400, name
        link = table.locator("a[href]", has_text=re.compile(r"^source$")).first
        assert link.get_attribute("href").startswith("https://")
        assert "None" not in table.inner_text() and "open source" not in table.inner_text()
    finally:
        context.close()


def test_compare_on_a_phone_puts_scenarios_side_by_side(app_server, browser):
    context, page = open_in_new_context(browser, f"{app_server.url}/compare?{FOUR}", 390, 844)
    try:
        boxes = [m.bounding_box() for m in page.locator('[data-testid="stMetric"]').all()[:4]]
        assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2, "two scenarios in a row"
        assert boxes[2]["y"] > boxes[0]["y"] + 10, "and the next two below"
        assert all(b["x"] >= 0 and b["x"] + b["width"] <= 390 for b in boxes)
        assert page.evaluate(_SIDEWAYS) == {"main": 0, "doc": 0}
    finally:
        context.close()


def test_tab_title_and_icon_follow_the_page_and_outlast_moves(app_server, browser):
    """Each page names itself in the browser's tab, in the reader's language; the title and
    the app's own icon (still served, never a page's icon from a font server) stay while
    controls move and pages change, though the app sends them only when they change."""
    context, page = open_in_new_context(browser, f"{app_server.url}/?v=2", 1400)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        assert page.title() == "Simulator · Compute Gap"
        icon = page.evaluate("() => document.querySelector('link[rel*=icon]').href")
        assert icon.startswith(app_server.url) and icon.endswith(".png")
        thumb = slider_thumb(page, "Share of Google's compute rented").first
        thumb.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
            wait_idle(page)
        assert page.title() == "Simulator · Compute Gap"
        assert page.request.get(icon).status == 200
        page.get_by_role("link", name="Compare scenarios").click()
        page.wait_for_function("() => document.title === 'Compare scenarios · Compute Gap'")
        page.get_by_role("radio", name="简体中文").click()
        page.wait_for_function("() => document.title === '情景对比 · Compute Gap'")
        assert page.evaluate("() => document.querySelector('link[rel*=icon]').href") == icon
        hosts = {urlparse(url).hostname for url in requested if url.startswith("http")}
        assert hosts == {urlparse(app_server.url).hostname}, hosts
    finally:
        context.close()
