"""The slide deck: a 16:9 PowerPoint file of one scenario (ui/slides.py)."""

from __future__ import annotations

import datetime
import io

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches, Pt
from streamlit.testing.v1 import AppTest

from simulator import CURRENT, MODEL_VERSION, Scenario, presets, project
from simulator.analysis import describe_change
from simulator.summary import cards, headline, sentence
from ui.charts import simulator as charts
from ui.slides import FILE_NAME, MIME, TEXT, slides_bytes

LINK = "http://localhost:8501/home?v=2&data=2026-06&remote_access_close_month=2027-01"
PRESET = "remote_closed"


def deck_of(scenario: Scenario, link: str = LINK) -> Presentation:
    data = slides_bytes(scenario, 2029, link, today=datetime.date(2026, 3, 5))
    return Presentation(io.BytesIO(data))


@pytest.fixture(scope="module")
def deck() -> Presentation:
    """One preset's deck, built once: its four chart images take a few seconds."""
    return deck_of(presets()[PRESET][2])


@pytest.fixture(scope="module")
def baseline_deck() -> Presentation:
    return deck_of(Scenario(), "javascript:alert(1)")


def texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def test_deck_is_16_9_with_seven_slides(deck):
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    assert len(deck.slides) == 7


def test_title_slide_names_the_scenario_with_its_sentence_year_and_date(deck):
    label, description, scenario = presets()[PRESET]
    now, then = headline(project(scenario), 2029), headline(project(scenario.baseline), 2029)
    slide = deck.slides[0]
    assert slide.shapes.title.text == label
    text = "\n".join(texts(slide))
    assert description in text and sentence(scenario, now, then) in text
    assert "5 March 2026" in text and "end of 2029" in text


def test_each_chart_has_a_slide_with_its_image_and_the_headline_numbers(deck):
    scenario = presets()[PRESET][2]
    now, then = headline(project(scenario), 2029), headline(project(scenario.baseline), 2029)
    shown = cards(now, then, "baseline")
    titles = [str(charts.spec(name, project(scenario), None)["title"]) for name in charts.CHARTS]
    for slide, title in zip(list(deck.slides)[1:5], titles, strict=True):
        assert slide.shapes.title.text == title
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
        assert pictures[0]._element.nvPicPr.cNvPr.get("descr") == title
        text = "\n".join(texts(slide))
        for card in shown:
            assert card.label in text and card.value in text and card.note in text
            assert card.delta is None or card.delta in text


def test_nothing_runs_off_a_slide_and_text_is_readable(deck, baseline_deck):
    for d in (deck, baseline_deck):
        for slide in d.slides:
            for shape in slide.shapes:
                assert shape.left >= 0 and shape.top >= 0
                assert shape.left + shape.width <= d.slide_width
                assert shape.top + shape.height <= d.slide_height
                if not shape.has_text_frame:
                    continue
                title = shape == slide.shapes.title
                for run in (r for p in shape.text_frame.paragraphs for r in p.runs):
                    assert run.font.size >= Pt(28 if title else 14)


def test_differences_slide_lists_the_changes(deck, baseline_deck):
    slide = deck.slides[5]
    assert slide.shapes.title.text == TEXT["changes"]
    changes = describe_change(presets()[PRESET][2])
    assert changes and all(line in "\n".join(texts(slide)) for line in changes)
    slide = baseline_deck.slides[5]
    assert "Every assumption is at its baseline value." in texts(slide)


def test_last_slide_has_sources_versions_and_the_link(deck):
    slide = deck.slides[-1]
    text = "\n".join(texts(slide))
    scenario = presets()[PRESET][2]
    for p in scenario.registry:
        if p.key in scenario.differences():
            assert p.source in text and p.as_of in text
    assert "Assumptions & sources page" in text
    assert f"model version {MODEL_VERSION}" in text and f"data as of {CURRENT.label}" in text
    runs = [r for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs
            for r in p.runs]  # fmt: skip
    links = {r.text: r.hyperlink.address for r in runs if r.hyperlink.address}
    assert links[LINK] == LINK


def test_a_link_that_is_not_http_is_shown_but_not_clickable(baseline_deck):
    slide = baseline_deck.slides[-1]
    assert "javascript:alert(1)" in "\n".join(texts(slide))
    runs = [r for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs
            for r in p.runs]  # fmt: skip
    assert not any(r.hyperlink.address for r in runs)


def test_download_button_offers_the_slides():
    def app():
        from simulator import Scenario
        from ui.downloads import download_slides

        download_slides(Scenario(h200_export_units=0), 2028, "https://app.example/?v=2")

    at = AppTest.from_function(app, default_timeout=60).run()
    assert not at.exception
    buttons = at.get("download_button")
    assert len(buttons) == 1 and "slides" in buttons[0].proto.label.lower()
    assert FILE_NAME == "compute-gap-slides.pptx"
    assert MIME == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
