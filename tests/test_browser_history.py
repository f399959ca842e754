"""Real-browser tests of the browser's history and of links mangled by mail and chat.

Back and Forward move between the scenarios the reader set (sliders, headline numbers and
URL together) and never leave the app before its first scenario. Links with ``&amp;``
between parameters, a ``?`` encoded as ``%3F`` or punctuation glued to the end open the
scenario they were meant to. One server (``serve.py``, the app behind its link-repairing
middleware) for the module.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

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

SLIDER = "ByteDance AI budget growth"
KEY = "bytedance_budget_growth"
COMPUTE = "ByteDance compute, % of Google"
START = "v=2&data=2026-06&bytedance_budget_growth=40"  # canonical: opening it adds no entry
SENT = "v=2&bytedance_budget_growth=60&year=2029"  # the link as it was sent
INTENDED = Scenario.of("2", bytedance_budget_growth=60)


@pytest.fixture(scope="module")
def server() -> Iterator[StreamlitServer]:
    with StreamlitServer("serve.py") as running:
        yield running


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


def headline_text(scenario: Scenario, year: int = 2027) -> str:
    """The compute card as the Simulator page shows it for ``scenario``."""
    now = headline(project(scenario), year)
    then = headline(project(scenario.baseline), year)
    return cards(now, then, None if scenario == scenario.baseline else "baseline")[0].value


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def shown(page) -> tuple[float | str | None, str, list[str] | None]:
    """What the reader sees of the scenario: the slider, the compute card and the URL."""
    value = slider_state(slider_thumb(page, SLIDER))["value"]
    return value, metric_value(page, COMPUTE).inner_text(), query_of(page).get(KEY)


def expect(value: int, year: int = 2027) -> tuple[int, str, list[str]]:
    return value, headline_text(Scenario.of("2", **{KEY: value}), year), [str(value)]


def assert_shows(page, value: int, timeout: float = 10.0) -> None:
    """Slider, compute card and URL show the scenario with ``KEY`` at ``value`` (polled: on a
    busy machine the rerun after a key press or Back can start late)."""
    want = expect(value)
    deadline = time.monotonic() + timeout
    while (got := shown(page)) != want and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert got == want


def wait_for_query(page, value: int) -> None:
    page.wait_for_function(f"() => location.search.includes('{KEY}={value}')", timeout=10000)
    wait_idle(page, settle_ms=0)


def move_right(page, to: int) -> None:
    """One step right with the keyboard; wait until the URL holds the new value."""
    thumb = slider_thumb(page, SLIDER)
    thumb.focus()
    page.keyboard.press("ArrowRight")
    wait_for_query(page, to)


def navigate(page, go) -> None:
    go()
    wait_idle(page)


def no_notice_and_no_error(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("This link was adjusted").count() == 0
    assert page.get_by_text("Page not found").count() == 0


def test_back_and_forward_walk_the_scenarios_the_reader_set(server, page):
    open_app(page, f"{server.url}/?{START}")
    assert_shows(page, 40)
    move_right(page, 41)
    move_right(page, 42)
    assert_shows(page, 42)
    entries = page.evaluate("history.length")

    navigate(page, page.go_back)
    assert_shows(page, 41)
    navigate(page, page.go_back)
    assert_shows(page, 40)
    navigate(page, page.go_forward)
    assert_shows(page, 41)
    navigate(page, page.go_forward)
    assert_shows(page, 42)
    assert page.evaluate("history.length") == entries, "going back and forth adds no entry"

    navigate(page, page.go_back)
    navigate(page, page.go_back)
    assert page.url.startswith(server.url), "still in the app at its first scenario"
    assert_shows(page, 40)
    no_notice_and_no_error(page)


def test_moving_after_going_back_starts_a_new_branch(server, page):
    open_app(page, f"{server.url}/?{START}")
    move_right(page, 41)
    move_right(page, 42)
    navigate(page, page.go_back)
    move_right(page, 42)  # from 41 to 42 again, as a new entry
    assert_shows(page, 42)
    navigate(page, page.go_back)
    assert_shows(page, 41)


def test_page_switches_keep_the_scenario_and_back_returns_to_it(server, page):
    open_app(page, f"{server.url}/?{START}")
    move_right(page, 41)
    nav = page.locator('[data-testid="stSidebarNavLink"]', has_text="Assumptions")
    navigate(page, nav.click)
    wait_for_query(page, 41)  # the link follows the reader to the page
    assert urlparse(page.url).path == "/assumptions"
    navigate(page, page.go_back)
    wait_for_query(page, 41)
    if "/assumptions" in page.url:  # Streamlit leaves two entries per page switch
        navigate(page, page.go_back)
    page.wait_for_url(f"{server.url}/?*")
    assert_shows(page, 41)


@pytest.mark.parametrize(
    "mangled",
    [
        pytest.param("/?" + SENT.replace("&", "&amp;"), id="amp"),
        pytest.param("/simulator%3F" + SENT, id="encoded-question-mark"),
        pytest.param("/?" + SENT + ").", id="trailing-punctuation"),
    ],
)
def test_a_mangled_link_opens_the_intended_scenario(server, page, mangled):
    open_app(page, server.url + mangled)
    value = slider_state(slider_thumb(page, SLIDER))["value"]
    label = f"{COMPUTE}'s (2029)"
    assert value == 60
    assert metric_value(page, label).inner_text() == headline_text(INTENDED, 2029)
    assert urlparse(page.url).path == "/"
    assert query_of(page) == {"v": ["2"], "data": ["2026-06"], KEY: ["60"], "year": ["2029"]}
    no_notice_and_no_error(page)


@pytest.mark.parametrize(
    ("address", "path", "notice"),
    [
        ("/simulator/extra?", "/", "There is no page at '/simulator/extra'"),
        ("/nosuch?", "/", "There is no page at '/nosuch'"),
        ("/simulator?", "/", None),
    ],
)
def test_an_address_with_no_page_opens_the_page_it_meant(server, page, address, path, notice):
    open_app(page, server.url + address + SENT)
    assert slider_state(slider_thumb(page, SLIDER))["value"] == 60
    assert urlparse(page.url).path == path
    assert page.locator('[role="dialog"]').count() == 0  # no "Page not found" dialog
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    if notice:
        assert len(alerts) == 1 and notice in alerts[0]
    else:
        assert not alerts
