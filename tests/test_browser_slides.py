"""Real browser: the slide deck downloads as a PowerPoint file of the scenario shown."""

from __future__ import annotations

import pytest
from pptx import Presentation

from simulator import presets
from support.browser_harness import open_app, open_panel


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def test_slides_download_is_the_scenario_shown(app_server, page, tmp_path):
    open_app(page, f"{app_server.url}/?v=2&remote_access_close_month=2027-01&year=2029")
    open_panel(page, "Download this scenario")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Slides (PowerPoint)").click()
    download = info.value
    assert download.suggested_filename == "compute-gap-slides.pptx"
    path = tmp_path / "slides.pptx"
    download.save_as(path)
    deck = Presentation(str(path))
    assert len(deck.slides) == 7
    assert deck.slides[0].shapes.title.text == presets()["remote_closed"][0]
    runs = [
        r
        for s in deck.slides[-1].shapes
        if s.has_text_frame
        for p in s.text_frame.paragraphs
        for r in p.runs
    ]
    links = [r.hyperlink.address for r in runs if r.hyperlink.address]
    assert any("remote_access_close_month=2027-01" in link for link in links)
