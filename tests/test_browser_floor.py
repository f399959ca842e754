"""Proves the browser harness on the framework-floor app (bench/floor_app.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support.browser_harness import (
    StreamlitServer,
    metric_value,
    open_app,
    slider_state,
    slider_thumb,
    wait_idle,
)

FLOOR_APP = "bench/floor_app.py"


@pytest.fixture(scope="module")
def floor_server() -> Iterator[StreamlitServer]:
    with StreamlitServer(FLOOR_APP) as server:
        yield server


@pytest.fixture
def page(browser, floor_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_app(page, floor_server.url)
    yield page
    context.close()


def test_arrow_right_moves_slider_and_metric(page) -> None:
    from playwright.sync_api import expect  # imported late: a missing package skips, not errors

    value = metric_value(page, "Value")
    thumb = slider_thumb(page, "Floor value")
    assert thumb.count() == 1
    assert value.inner_text() == "50"
    assert slider_state(thumb)["value"] == 50

    thumb.focus()
    page.keyboard.press("ArrowRight")
    wait_idle(page)

    # The locator assertion retries until the rerun's output is drawn.
    expect(value).to_have_text("51", timeout=10_000)
    assert slider_state(thumb)["value"] == 51
    assert page.locator('[data-testid="stException"]').count() == 0


def test_chart_is_drawn(page) -> None:
    chart = page.locator('[data-testid="stVegaLiteChart"] svg.marks')
    chart.first.wait_for(state="visible", timeout=10_000)
    assert chart.count() == 1


def test_wait_idle_waits_for_a_run_asked_for_until_it_finishes(page) -> None:
    """A run the page asked for and the server has not finished keeps wait_idle waiting,
    even while the page still reads idle (a busy machine can start the run late); the
    run's ScriptFinished message ends the wait."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    assert page.evaluate("window.__cgRuns.pending") is False  # the first run finished
    # As the tracker marks a request the server has not answered yet
    page.evaluate("window.__cgRuns.pending = true")
    with pytest.raises(PlaywrightTimeoutError):
        wait_idle(page, timeout=1_000, settle_ms=0)

    thumb = slider_thumb(page, "Floor value")
    thumb.focus()
    page.keyboard.press("ArrowRight")  # a real request and its run
    wait_idle(page, settle_ms=0)
    assert page.evaluate("window.__cgRuns.pending") is False
    assert metric_value(page, "Value").inner_text() == "51", "idle only once the run is drawn"
