"""Real-browser tests: what only a browser shows (links, the URL, charts, layout)."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlparse

import pytest

from simulator import Scenario, project
from simulator.summary import cards, headline
from support.browser_harness import (
    StreamlitServer,
    metric_value,
    open_app,
    slider_state,
    slider_thumb,
    wait_idle,
)

COMPUTE_LABEL = "ByteDance compute, % of Google"


def expected_card(scenario: Scenario, index: int = 0, year: int = 2027) -> str:
    now, then = headline(project(scenario), year), headline(project(Scenario()), year)
    return cards(now, then, scenario == Scenario())[index].value


def query_of(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


def test_shared_link_restores_sliders_and_numbers(app_server, page):
    link = f"{app_server.url}/?v=1&data=2026-02&h200_export_units=1200000&h200_price_usd=24500"
    open_app(page, link)
    assert slider_state(slider_thumb(page, "H200 exports to China"))["value"] == 1200
    assert slider_state(slider_thumb(page, "H200 price in China"))["value"] == 24500
    scenario = Scenario(h200_export_units=1_200_000, h200_price_usd=24_500)
    assert metric_value(page, COMPUTE_LABEL).inner_text() == expected_card(scenario)
    assert query_of(page)["h200_export_units"] == "1200000"
    assert page.locator('[data-testid="stException"]').count() == 0


def test_keyboard_moves_slider_updates_number_chart_and_url(app_server, page):
    open_app(page, f"{app_server.url}/?v=1&h200_export_units=0")
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    before_chart = chart.inner_html()
    before = metric_value(page, COMPUTE_LABEL).inner_text()
    thumb = slider_thumb(page, "H200 exports to China")
    thumb.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('h200_export_units=50000')")
    wait_idle(page)
    assert slider_state(thumb)["value"] == 50
    after = metric_value(page, COMPUTE_LABEL).inner_text()
    assert after == expected_card(Scenario(h200_export_units=50_000)) != before
    assert chart.inner_html() != before_chart, "the compute chart was redrawn"
    assert query_of(page)["v"] == "1"


def test_charts_render_with_marks(app_server, page):
    open_app(page, f"{app_server.url}/?v=1&bytedance_budget_growth=40")
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    assert charts.count() == 4
    for i in range(4):
        assert charts.nth(i).locator(".marks").count() == 1
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 250 and box["height"] > 200


def test_url_survives_page_switches(app_server, page):
    open_app(page, f"{app_server.url}/?v=1&domestic_chip_units=320000&year=2029")
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Assumptions").click()
    page.wait_for_url("**/assumptions?**")
    wait_idle(page)
    assert query_of(page)["domestic_chip_units"] == "320000"
    assert query_of(page)["year"] == "2029"
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Simulator").click()
    page.wait_for_function("() => location.search.includes('domestic_chip_units=320000')")
    wait_idle(page)
    assert slider_state(slider_thumb(page, "Domestic chips available"))["value"] == 320
    label = "ByteDance compute, % of Google's (2029)"
    assert metric_value(page, label).inner_text() == expected_card(
        Scenario(domestic_chip_units=320_000), year=2029
    )


@pytest.mark.parametrize(
    ("path", "title"),
    [("assumptions", "Assumptions & sources"), ("model", "How the model works")],
)
def test_deep_link_on_a_fresh_server_opens_the_page_with_its_controls(browser, path, title):
    """The first reader after a (re)start may arrive on any page."""
    with StreamlitServer("streamlit_app.py") as server:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        try:
            open_app(page, f"{server.url}/{path}?v=1&h200_price_usd=30000")
            assert page.locator("h1", has_text=title).count() == 1
            assert slider_state(slider_thumb(page, "H200 price in China"))["value"] == 30000
            assert page.get_by_text("Page not found").count() == 0
            assert page.locator('[data-testid="stSidebarNavLink"]').count() == 4
            assert query_of(page)["data"] == "2026-02", "the link was rewritten in full"
        finally:
            context.close()


def test_script_in_a_link_is_shown_as_text_and_never_runs(app_server, page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    evil = "<img src=x onerror=alert(1)>"
    link = f"{app_server.url}/?v=1&{quote(evil)}=1&h200_price_usd={quote(evil)}"
    open_app(page, link)
    page.wait_for_timeout(500)
    notice = page.locator('[data-testid="stAlert"]').first.inner_text()
    assert evil in notice  # shown literally, as text
    assert dialogs == []
    assert page.locator('img[src="x"]').count() == 0
    assert slider_state(slider_thumb(page, "H200 price in China"))["value"] == 20000


# Chart text (legends, axis titles, labels) that runs past its chart's right edge: cut off.
CLIPPED_CHART_TEXT = """
() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].flatMap(chart => {
    const box = chart.getBoundingClientRect();
    return [...chart.querySelectorAll('svg text')]
        .filter(t => t.getBoundingClientRect().right > box.right + 1)
        .map(t => t.textContent);
})
"""


@pytest.mark.parametrize("path", ["", "compare", "assumptions", "model"])
def test_phone_viewport_has_no_horizontal_scrolling(app_server, browser, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        open_app(page, f"{app_server.url}/{path}?v=1&h200_export_units=0")
        overflow = page.evaluate(
            """() => [document.scrollingElement, ...document.querySelectorAll(
                   '[data-testid="stMain"], [data-testid="stAppViewContainer"]')]
                 .filter(Boolean).map(el => el.scrollWidth - el.clientWidth)"""
        )
        assert max(overflow) <= 0, overflow
        assert page.locator('[data-testid="stException"]').count() == 0
        if path == "":
            assert page.locator('[data-testid="stMetric"]').count() == 4
        assert page.evaluate(CLIPPED_CHART_TEXT) == []
    finally:
        context.close()


def test_phone_viewport_panels_show_whole_charts(app_server, browser):
    """The panels opened on a phone: every bar label, legend and axis title is readable."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        open_app(page, f"{app_server.url}/?v=1&h200_export_units=0")
        for panel in ("What matters most?", "What limits ByteDance?"):
            page.get_by_text(panel).click()
            wait_idle(page)
        assert page.locator('[data-testid="stVegaLiteChart"]').count() == 6
        assert page.evaluate(CLIPPED_CHART_TEXT) == []
        # The widest "What matters most?" bar gets most of the chart's width, not what the
        # names leave over.
        widest = page.evaluate(
            """() => {
                const chart = document.querySelectorAll('[data-testid="stVegaLiteChart"]')[4];
                const bars = [...chart.querySelectorAll('.mark-rect path')];
                return Math.max(...bars.map(b => b.getBoundingClientRect().width))
                    / chart.getBoundingClientRect().width;
            }"""
        )
        assert widest > 0.5, widest
    finally:
        context.close()


def test_copy_link_offers_the_current_url(app_server, page):
    open_app(page, f"{app_server.url}/?v=1&h200_price_usd=26000&year=2029")
    page.get_by_role("button", name="Copy link").click()
    code = page.locator('[data-testid="stCode"]').first
    code.wait_for(state="visible")
    link = code.inner_text().strip()
    assert link.startswith(app_server.url)
    assert query_of(page) == {k: v[-1] for k, v in parse_qs(urlparse(link).query).items()}
    assert code.locator("button").count() >= 1, "a copy-to-clipboard button"
