"""Real-browser tests: what only a browser shows (links, the URL, charts, layout)."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlparse

import pytest

from simulator import Scenario, param, project
from simulator.summary import cards, headline
from simulator.timeline import month_index
from support.browser_harness import (
    StreamlitServer,
    metric_value,
    open_app,
    open_panel,
    slider_state,
    slider_thumb,
    wait_idle,
)
from ui.state import to_widget

COMPUTE_LABEL = "ByteDance compute, % of Google"
CAP = "H200 licence cap per Chinese customer"
DOMESTIC = "ByteDance's share of China's domestic chips"
FIRST_H200 = "First H200 deliveries to ByteDance"
UPGRADE = "Open this scenario on June 2026 data"


def expected_card(scenario: Scenario, index: int = 0, year: int = 2027) -> str:
    """A card's value as the Simulator shows it (against the scenario's own baseline)."""
    now = headline(project(scenario), year)
    then = headline(project(scenario.baseline), year)
    return cards(now, then, None if scenario == scenario.baseline else "baseline")[index].value


def shown(key: str, value: float) -> float:
    """A parameter's value as its slider holds it."""
    return to_widget(param(key), value)


def query_of(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


def test_shared_link_restores_sliders_and_numbers(app_server, page):
    link = (
        f"{app_server.url}/?v=2&data=2026-06&h200_customer_cap=100000"
        "&bytedance_domestic_share=30&h200_first_month=2027-01"
    )
    open_app(page, link)
    assert slider_state(slider_thumb(page, CAP))["value"] == shown("h200_customer_cap", 100_000)
    assert slider_state(slider_thumb(page, DOMESTIC))["value"] == 30
    assert slider_state(slider_thumb(page, FIRST_H200))["text"] == "Jan 2027"
    scenario = Scenario(
        h200_customer_cap=100_000,
        bytedance_domestic_share=30,
        h200_first_month=month_index("2027-01"),
    )
    assert metric_value(page, COMPUTE_LABEL).inner_text() == expected_card(scenario)
    assert query_of(page)["h200_customer_cap"] == "100000"
    assert query_of(page)["h200_first_month"] == "2027-01"
    assert page.get_by_text("This link uses model").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0


# Each chart's drawing surface: kept when Streamlit swaps the data of an unchanged spec.
SURFACES = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg.marks'
# What a chart shows: a canvas's pixels, or an SVG's markup.
DRAWING = "c => { const k = c.querySelector('canvas'); return k ? k.toDataURL() : c.innerHTML; }"


def test_keyboard_moves_slider_updates_number_chart_url_and_copied_link(app_server, browser):
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    try:
        open_app(page, f"{app_server.url}/?v=2&bytedance_domestic_share=10")
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        before_chart = chart.evaluate(DRAWING)
        before = metric_value(page, COMPUTE_LABEL).inner_text()
        page.evaluate(f"() => document.querySelectorAll({SURFACES!r}).forEach((e, i) => e.__n = i)")
        thumb = slider_thumb(page, DOMESTIC)
        thumb.focus()
        for _ in range(5):
            page.keyboard.press("ArrowRight")
        page.wait_for_function("() => location.search.includes('bytedance_domestic_share=15')")
        wait_idle(page)
        assert slider_state(thumb)["value"] == 15
        after = metric_value(page, COMPUTE_LABEL).inner_text()
        assert after == expected_card(Scenario(bytedance_domestic_share=15)) != before
        assert chart.evaluate(DRAWING) != before_chart, "the compute chart was redrawn"
        kept = page.evaluate(f"() => [...document.querySelectorAll({SURFACES!r})].map(e => e.__n)")
        assert kept == [0, 1, 2, 3], "each chart's data changed in place: no chart drawn anew"
        assert query_of(page)["v"] == "2"
        # "Copy link" copies the link as it is now, with the value the keys just set
        page.get_by_role("button", name="Copy link").click()
        page.wait_for_function(
            "async () => (await navigator.clipboard.readText()).includes('share=15')"
        )
        link = page.evaluate("navigator.clipboard.readText()")
        assert link.startswith(app_server.url)
        assert query_of(page) == {k: v[-1] for k, v in parse_qs(urlparse(link).query).items()}
    finally:
        context.close()


def test_charts_render_with_marks(app_server, page):
    open_app(page, f"{app_server.url}/?v=2&bytedance_budget_growth=40")
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    assert charts.count() == 4
    for i in range(4):
        assert charts.nth(i).locator(".marks").count() == 1
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 250 and box["height"] > 200


def test_url_survives_page_switches(app_server, page):
    open_app(page, f"{app_server.url}/?v=2&bytedance_domestic_share=30&year=2029")
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Assumptions").click()
    page.wait_for_url("**/assumptions?**")
    wait_idle(page)
    assert query_of(page)["bytedance_domestic_share"] == "30"
    assert query_of(page)["year"] == "2029"
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Simulator").click()
    page.wait_for_function("() => location.search.includes('bytedance_domestic_share=30')")
    wait_idle(page)
    assert slider_state(slider_thumb(page, DOMESTIC))["value"] == 30
    label = "ByteDance compute, % of Google's (2029)"
    assert metric_value(page, label).inner_text() == expected_card(
        Scenario(bytedance_domestic_share=30), year=2029
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
            open_app(page, f"{server.url}/{path}?v=2&h200_customer_cap=100000")
            assert page.locator("h1", has_text=title).count() == 1
            want = shown("h200_customer_cap", 100_000)
            assert slider_state(slider_thumb(page, CAP))["value"] == want
            assert page.get_by_text("Page not found").count() == 0
            assert page.locator('[data-testid="stSidebarNavLink"]').count() == 5
            assert query_of(page)["data"] == "2026-06", "the link was rewritten in full"
        finally:
            context.close()


def test_script_in_a_link_is_shown_as_text_and_never_runs(app_server, page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    evil = "<img src=x onerror=alert(1)>"
    link = f"{app_server.url}/?v=2&{quote(evil)}=1&h200_customer_cap={quote(evil)}"
    open_app(page, link)
    page.wait_for_timeout(500)
    notice = page.locator('[data-testid="stAlert"]').first.inner_text()
    assert evil in notice  # shown literally, as text
    assert dialogs == []
    assert page.locator('img[src="x"]').count() == 0
    assert slider_state(slider_thumb(page, CAP))["value"] == shown("h200_customer_cap", 75_000)


def test_a_model_1_link_shows_model_1_and_opens_on_the_current_data(app_server, page):
    """A link made with model 1 shows model 1's numbers and says so in one line; one click
    moves the same changes to the June 2026 model, and the URL follows."""
    open_app(page, f"{app_server.url}/?v=1&data=2026-02&h200_export_units=0&year=2028")
    old = Scenario.of("1", h200_export_units=0)
    label = "ByteDance compute, % of Google's (2028)"
    assert metric_value(page, label).inner_text() == expected_card(old, year=2028)
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert values == [expected_card(old, i, 2028) for i in range(4)]
    box = page.get_by_text("This link uses model 1 with data as of February 2026")
    assert box.count() == 1
    assert len(box.inner_text().strip().splitlines()) == 1, "a one-line box"
    assert page.locator('[data-testid="stAlert"]').count() == 0, "nothing was adjusted"
    assert slider_state(slider_thumb(page, "H200 exports to China"))["value"] == 0

    page.get_by_role("button", name=UPGRADE).click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('v') === '2'")
    wait_idle(page)
    query = query_of(page)
    assert query["data"] == "2026-06" and query["year"] == "2028"
    assert query["h200_export_units"] == "0"
    newer, _ = old.upgraded()
    assert newer == Scenario(h200_export_units=0)
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert values == [expected_card(newer, i, 2028) for i in range(4)]
    assert page.get_by_text("This link uses model 1").count() == 0
    assert page.get_by_role("button", name=UPGRADE).count() == 0
    assert slider_state(slider_thumb(page, FIRST_H200))["text"] == "not by 2030"
    assert page.locator('[data-testid="stException"]').count() == 0


# Chart text (titles, legends, axis titles, labels) cut off: running past its chart's edge,
# or shortened with "…". An SVG chart's text is in the page; a canvas chart's (the
# Simulator's four) is recorded as it is drawn (CANVAS_TEXT), with its horizontal extent in
# the canvas's pixels.
CLIPPED_CHART_TEXT = """
() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].flatMap(chart => {
    const box = chart.getBoundingClientRect();
    const svg = [...chart.querySelectorAll('svg text')]
        .filter(t => t.getBoundingClientRect().right > box.right + 1
            || t.textContent.includes("\u2026"))
        .map(t => t.textContent);
    const drawn = [...chart.querySelectorAll('canvas')].flatMap(c => (c.__texts || [])
        .filter(t => t.x1 > c.width + 1 || t.x0 < -1 || t.text.includes("\u2026"))
        .map(t => t.text));
    return [...svg, ...drawn];
})
"""
CANVAS_TEXT = """
(() => {
    const P = CanvasRenderingContext2D.prototype;
    const fill = P.fillText;
    P.fillText = function (text, x, y, maxWidth) {
        const canvas = this.canvas;
        const size = canvas.width + "x" + canvas.height;
        if (canvas.__size !== size) {  // drawn at a new size: its earlier texts are gone
            canvas.__size = size;
            canvas.__texts = [];
        }
        const width = this.measureText(text).width;
        const align = this.textAlign;
        const left = align === "center" ? x - width / 2
            : align === "right" || align === "end" ? x - width : x;
        const t = this.getTransform();
        const xs = [left, left + width]
            .flatMap(px => [y - 1, y].map(py => t.a * px + t.c * py + t.e));
        canvas.__texts.push({ text: String(text), x0: Math.min(...xs), x1: Math.max(...xs) });
        return fill.call(this, text, x, y, maxWidth);
    };
})();
"""
# How many texts each canvas chart drew (so the check above cannot pass on charts it missed).
CANVAS_TEXTS_DRAWN = """
() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] canvas')]
    .map(c => (c.__texts || []).length)
"""


@pytest.mark.parametrize("path", ["", "compare", "track_record", "assumptions", "model"])
def test_phone_viewport_has_no_horizontal_scrolling(app_server, browser, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    context.add_init_script(CANVAS_TEXT)
    page = context.new_page()
    try:
        open_app(page, f"{app_server.url}/{path}?v=2&remote_access_close_month=2027-01")
        overflow = page.evaluate(
            """() => [document.scrollingElement, ...document.querySelectorAll(
                   '[data-testid="stMain"], [data-testid="stAppViewContainer"]')]
                 .filter(Boolean).map(el => el.scrollWidth - el.clientWidth)"""
        )
        assert max(overflow) <= 0, overflow
        assert page.locator('[data-testid="stException"]').count() == 0
        if path == "":
            assert page.locator('[data-testid="stMetric"]').count() == 4
            drawn = page.evaluate(CANVAS_TEXTS_DRAWN)
            assert len(drawn) == 4 and min(drawn) >= 5, drawn  # titles, ticks, legends
        assert page.evaluate(CLIPPED_CHART_TEXT) == []
    finally:
        context.close()


@pytest.mark.parametrize("width", [1024, 390])
def test_charts_and_panels_show_whole_text(app_server, browser, width):
    """The four charts and the panels, on a laptop with the sidebar open (two narrow columns)
    and on a phone: every title, bar label, legend and axis title is whole."""
    context = browser.new_context(viewport={"width": width, "height": 844}, is_mobile=width < 640)
    context.add_init_script(CANVAS_TEXT)
    page = context.new_page()
    try:
        open_app(page, f"{app_server.url}/?v=2&remote_access_close_month=2027-01")
        for panel in ("What matters most?", "What limits ByteDance?"):
            open_panel(page, panel)
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
