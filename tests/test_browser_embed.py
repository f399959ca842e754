"""Any chart embeddable in another page: ``?embed=true&chart=NAME`` in an ``<iframe>``
served from a different origin shows that chart alone, with its context and a link back."""

from __future__ import annotations

import http.server
import threading
from functools import partial

import pytest

from simulator import Scenario
from support.browser_harness import free_port
from ui import link

QUERY = "remote_access_close_month=2027-01"


def test_a_link_names_only_charts_it_can_show_alone():
    settings, notes = link.check_view({link.CHART_KEY: "<b>x</b>"}, Scenario())
    assert settings[link.CHART_KEY] == "" and "not a chart" in notes[0]
    settings, notes = link.check_view({link.CHART_KEY: "spend"}, Scenario())
    assert settings[link.CHART_KEY] == "spend" and notes == []


@pytest.fixture(scope="module")
def host_page(tmp_path_factory, app_server):
    """A plain web page on another port with the app's compute chart in an iframe."""
    folder = tmp_path_factory.mktemp("site")
    src = f"{app_server.url}/?{QUERY}&embed=true&chart=compute"
    (folder / "index.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><title>Article</title></head><body>"
        "<h1>An article</h1>"
        f'<iframe src="{src}" title="Compute Gap chart" width="900" height="560"></iframe>'
        "</body></html>"
    )
    port = free_port()
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}/index.html"
    server.shutdown()


def test_embedded_chart_shows_alone_in_another_page(browser, host_page, app_server):
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    try:
        page.goto(host_page)
        frame = page.frame_locator("iframe")
        chart = frame.locator('[data-testid="stVegaLiteChart"] .marks').first
        chart.wait_for(timeout=30000)
        assert frame.locator('[data-testid="stVegaLiteChart"]').count() == 1
        text = frame.locator('[data-testid="stMain"]').inner_text()
        assert "Remote access closed" in text and "Data as of June 2026" in text
        assert frame.locator('[data-testid="stMetric"]').count() == 0
        assert (
            frame.locator('[data-testid="stSidebar"]').count() == 0
            or not frame.locator('[data-testid="stSidebar"]').is_visible()
        )
        back = frame.get_by_role("link", name="Open in Compute Gap")
        href = back.get_attribute("href")
        assert href.startswith(app_server.url) and QUERY in href
        assert "chart=" not in href and "embed=" not in href
    finally:
        context.close()
