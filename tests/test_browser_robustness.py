"""Real-browser robustness: a 10 kB link opens as a short clean one, and the same link
gives the same numbers on every server, after a restart, and in the simulator itself."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlencode, urlparse

import pytest

from simulator import Scenario, param, project, registry
from simulator.summary import cards, headline
from simulator.timeline import month_index
from support.browser_harness import StreamlitServer, metric_value, open_app, slider_state, wait_idle
from ui.state import to_widget

NOTICE = "This link was adjusted to open"
KNOWN_KEYS = {"v", "data", "year", "bands", "cmp", *(p.key for p in registry())}
CAP = "H200 licence cap per Chinese customer"
DOMESTIC = "ByteDance's share of China's domestic chips"
VIEW_KEYS = ("year", "bands", "cmp")
UNCERTAINTY = "Show uncertainty"
RANGE_TEXT = "8 in 10 runs"  # the caption under each headline number while bands are on


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query, keep_blank_values=True)


def expected_cards(scenario: Scenario, year: int):
    """The Simulator's cards, against the baseline of the scenario's release."""
    now = headline(project(scenario), year)
    then = headline(project(scenario.baseline), year)
    return cards(now, then, None if scenario == scenario.baseline else "baseline")


def assert_no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0


def every_slider(page) -> list[dict]:
    thumbs = page.locator('[data-testid="stSlider"]').locator(
        '[role="slider"], input[type="range"]'
    )
    return [slider_state(thumbs.nth(i)) for i in range(thumbs.count())]


# -- (a) a 10 kB link ---------------------------------------------------------------------


def test_ten_kilobyte_link_opens_as_a_short_clean_link(app_server, page):
    junk = "&".join(f"junk{i}={quote('🙂' * 5 + chr(0x202E))}{i}" for i in range(100))
    link = (
        f"{app_server.url}/?v=2&h200_customer_cap=100000&year=2029"
        f"&bytedance_domestic_share={'9' * 10_000}&{junk}"
    )
    assert len(link) > 10_000
    open_app(page, link, timeout=60_000)
    assert_no_exception(page)

    notice = page.locator('[data-testid="stAlert"]', has_text=NOTICE)
    assert notice.count() == 1
    text = notice.inner_text()
    assert DOMESTIC in text and "is not a number" in text
    assert "100 unknown settings were ignored." in text, "many unknown keys: one line"
    assert "junk0" not in text and "junk99" not in text
    assert "9" * 41 not in text, "a long value is shortened in the notice"

    sliders = every_slider(page)
    assert sliders, "the sidebar sliders are drawn"
    for s in sliders:
        assert s["min"] <= s["value"] <= s["max"], s
    cap = page.locator('[data-testid="stSlider"]', has_text=CAP)
    domestic = page.locator('[data-testid="stSlider"]', has_text=DOMESTIC)
    want = to_widget(param("h200_customer_cap"), 100_000)
    assert slider_state(cap.locator('input[type="range"], [role="slider"]'))["value"] == want
    assert slider_state(domestic.locator('input[type="range"], [role="slider"]'))["value"] == 20

    page.wait_for_function("() => location.search.length < 500")
    query = query_of(page.url)
    assert set(query) <= KNOWN_KEYS, query
    assert len(urlparse(page.url).query) < 200, page.url
    params = {k: v for k, v in query.items() if k not in VIEW_KEYS}
    assert Scenario.from_query(params) == (Scenario(h200_customer_cap=100_000), [])
    assert query["year"] == ["2029"] and query["v"] == ["2"]

    want = expected_cards(Scenario(h200_customer_cap=100_000), 2029)
    assert metric_value(page, want[0].label).inner_text() == want[0].value


# -- (b) the same link, the same numbers --------------------------------------------------

# Tight caps: H200 from 2027 under a low cap, renting abroad closed from 2028 and a budget
# growing faster: ByteDance has chip money with nothing to buy, so all four numbers are live.
SCENARIO = Scenario(
    h200_first_month=month_index("2027-01"),
    h200_customer_cap=50_000,
    bytedance_budget_growth=30,
    remote_access_close_month=month_index("2028-01"),
    cny_per_usd=7.2,
)
YEAR = 2029


@dataclass(frozen=True)
class Reading:
    """What one server shows for the link: the four headline cards and their ranges."""

    values: tuple[str, ...]
    deltas: tuple[str | None, ...]
    ranges: tuple[str, ...] | None  # None: this page has no uncertainty switch


def link_path() -> str:
    return "/?" + urlencode({**SCENARIO.to_query(), "year": str(YEAR), "bands": "1"})


def read(browser, server: StreamlitServer) -> Reading:
    """Open the link on ``server`` in a fresh browser session and read the numbers."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        open_app(page, server.url + link_path(), timeout=60_000)
        wait_idle(page, timeout=60_000)
        assert_no_exception(page)
        assert page.locator('[data-testid="stAlert"]', has_text=NOTICE).count() == 0
        values, deltas = [], []
        for card in expected_cards(SCENARIO, YEAR):
            metric = page.locator('[data-testid="stMetric"]').filter(
                has=page.locator('[data-testid="stMetricLabel"]', has_text=card.label)
            )
            assert metric.count() == 1, card.label
            values.append(metric_value(page, card.label).inner_text())
            delta = metric.locator('[data-testid="stMetricDelta"]')
            deltas.append(delta.inner_text() if delta.count() else None)
        ranges = None
        switch = page.get_by_role("switch", name=UNCERTAINTY)
        if switch.count():
            assert switch.is_checked(), "bands=1 in the link turns the uncertainty on"
            captions = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]')
            ranges = tuple(captions.filter(has_text=RANGE_TEXT).all_inner_texts())
            assert len(ranges) == 4, ranges
        return Reading(tuple(values), tuple(deltas), ranges)
    finally:
        context.close()


def test_same_link_same_numbers_across_servers_and_restarts(browser, app_server):
    readings = {"session server": read(browser, app_server)}
    with (
        StreamlitServer("streamlit_app.py") as first,
        StreamlitServer("streamlit_app.py") as second,
    ):
        assert first.port != second.port
        readings["server A"] = read(browser, first)
        readings["server B"] = read(browser, second)
        port = first.port
        first.stop()
        with StreamlitServer("streamlit_app.py", port=port) as restarted:
            readings["server A, restarted"] = read(browser, restarted)

    distinct = set(readings.values())
    assert len(distinct) == 1, readings
    reading = readings["server A"]
    want = expected_cards(SCENARIO, YEAR)
    assert reading.values == tuple(c.value for c in want)
    assert reading.deltas == tuple(c.delta for c in want)
    assert want[3].value != "¥0.0 bn", "the scenario leaves money with no chips to buy"
    if reading.ranges is not None:
        assert all(r.startswith(RANGE_TEXT) for r in reading.ranges)
