"""Real browser: the one-click briefing downloads with the numbers the page shows."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest

from simulator import Scenario, project
from simulator.summary import cards, headline
from simulator.timeline import month_index
from support.browser_harness import open_app, open_panel

BRIEFING_LABEL = "Briefing to email or print (HTML)"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def test_briefing_download_holds_the_numbers_shown_and_the_link(app_server, page, tmp_path):
    query = "v=2&data=2026-06&remote_access_close_month=2027-01&h200_price_usd=27000&year=2029"
    open_app(page, f"{app_server.url}/?{query}")

    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()[:4]
    scenario = Scenario(remote_access_close_month=month_index("2027-01"), h200_price_usd=27_000)
    now, then = headline(project(scenario), 2029), headline(project(Scenario()), 2029)
    want = cards(now, then, "baseline")
    assert values == [c.value for c in want], "the page shows the scenario"

    open_panel(page, "Download this scenario")
    button = page.get_by_role("button", name=BRIEFING_LABEL)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "compute-gap-briefing.html"
    path = tmp_path / "briefing.html"
    download.save_as(path)
    text = path.read_text(encoding="utf-8")

    plain = unescape(text)
    for card in want:
        assert f'<div class="value">{card.value}</div>' in plain
        if card.delta:
            assert card.delta in plain
    assert "Jan 2027" in plain, "the changed month, in words"
    assert "<script" not in text.lower()
    assert text.count("data:image/png;base64,") == 4

    hrefs = [unescape(h) for h in re.findall(r'<a href="([^"]+)"', text)]
    back = [h for h in hrefs if h.startswith(app_server.url)]
    assert len(back) == 1, hrefs
    link = parse_qs(urlparse(back[0]).query)
    assert link["remote_access_close_month"] == ["2027-01"]
    assert link["h200_price_usd"] == ["27000"]
    assert link["year"] == ["2029"]
    assert link["v"] == ["2"] and link["data"] == ["2026-06"]
