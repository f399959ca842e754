"""The one-click briefing: a self-contained, script-free HTML page (ui/briefing.py)."""

from __future__ import annotations

import base64
import datetime
import re
from html import escape
from html.parser import HTMLParser

import pytest
from streamlit.testing.v1 import AppTest

from simulator import CURRENT, MODEL_VERSION, Scenario, param, presets, project
from simulator.analysis import CARD_OUTPUTS, FAN_DRAWS, bands_note, range_text
from simulator.summary import cards, headline, sentence
from simulator.timeline import month_index
from ui.briefing import FILE_NAME, briefing_html

SCENARIO = Scenario(remote_access_close_month=month_index("2027-01"), bytedance_budget_growth=30)
LINK = (
    "http://localhost:8501/home?v=2&data=2026-06&remote_access_close_month=2027-01"
    "&bytedance_budget_growth=30"
)
PNG_URI = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


@pytest.fixture(scope="module")
def page() -> str:
    return briefing_html(SCENARIO, 2029, LINK, today=datetime.date(2026, 3, 5))


def expected(scenario: Scenario, year: int):
    """The Simulator page's cards and sentence, against the baseline of the scenario's release."""
    now, then = headline(project(scenario), year), headline(project(scenario.baseline), year)
    against = None if scenario == scenario.baseline else "baseline"
    return cards(now, then, against), sentence(scenario, now, then)


def test_briefing_shows_the_same_numbers_and_sentence_as_the_page(page):
    shown, text = expected(SCENARIO, 2029)
    for card in shown:
        assert escape(card.label) in page
        assert f'<div class="value">{escape(card.value)}</div>' in page
        if card.delta:
            assert escape(card.delta) in page
    assert escape(text) in page
    assert "5 March 2026" in page and "end of 2029" in page


def test_briefing_links_back_to_the_app(page):
    anchors = [attrs for tag, attrs in parse(page).tags if tag == "a"]
    assert {"href": LINK} in anchors
    assert escape(LINK) in page  # also printed, for a paper copy


def test_briefing_names_model_version_data_vintage_and_sources(page):
    assert f"model version {escape(MODEL_VERSION)}" in page
    assert f"data as of {escape(CURRENT.label)}" in page
    for key in ("remote_access_close_month", "bytedance_budget_growth"):
        p = param(key)
        assert escape(p.label) in page
        assert escape(p.source) in page
        assert escape(p.as_of) in page
    assert escape(param("cny_per_usd").label) not in page, "only what differs is listed"
    hrefs = {attrs.get("href") for tag, attrs in parse(page).tags if tag == "a"}
    assert param("remote_access_close_month").url in hrefs


def test_briefing_writes_months_and_switches_in_words():
    page = briefing_html(
        Scenario(remote_access_close_month=month_index("2027-01"), beijing_allows_h200=0),
        2028,
        "https://app.example/",
    )
    text = " ".join(" ".join(parse(page).text).split())
    assert "Jan 2027" in text and "not by 2030" in text
    assert "Jan 2027 month" not in text and "not by 2030 month" not in text
    assert "no yes or no" not in text and "yes yes or no" not in text


def test_briefing_embeds_four_png_charts_and_loads_nothing(page):
    images = PNG_URI.findall(page)
    assert len(images) == 4
    for data in images:
        assert base64.b64decode(data).startswith(b"\x89PNG\r\n\x1a\n")
    tags = parse(page).tags
    assert all(attrs["src"].startswith("data:image/png") for tag, attrs in tags if tag == "img")
    assert all(attrs.get("alt") for tag, attrs in tags if tag == "img")
    assert not [t for t, _ in tags if t in ("script", "link", "iframe", "object", "embed")]
    assert "<script" not in page.lower()
    assert not re.search(r"\son\w+\s*=", page), "no inline event handlers"


def test_briefing_escapes_a_hostile_link():
    evil = 'https://x.example/?q=<script>alert(1)</script>&a="><img src=x onerror=alert(2)>'
    page = briefing_html(Scenario(), 2027, evil)
    assert "<script" not in page.lower()
    assert "<img src=x" not in page
    assert escape(evil) in page
    tags = parse(page).tags
    assert not [t for t, _ in tags if t == "script"]
    assert [a["href"] for t, a in tags if t == "a"] == [evil], "one link, its text intact"
    assert all(a["src"].startswith("data:image/png") for t, a in tags if t == "img")


def test_briefing_never_makes_a_script_link_clickable():
    page = briefing_html(Scenario(), 2027, "javascript:alert(document.domain)")
    assert not [a for t, a in parse(page).tags if t == "a"]
    assert "javascript:alert(document.domain)" in page  # shown as text only


def test_briefing_of_the_baseline_and_of_a_preset():
    page = briefing_html(Scenario(), 2027, "https://app.example/")
    assert "Every assumption is at its baseline value" in page
    assert "vs baseline" not in page, "the baseline has no change against itself"
    label, description, scenario = presets()["remote_closed"]
    page = briefing_html(scenario, 2027, "https://app.example/?remote_access_close_month=2027-01")
    assert escape(label) in page and escape(description) in page


def test_briefing_of_a_model_1_scenario_keeps_model_1_and_its_numbers():
    """A model-1 link's briefing shows what its sender saw: model 1 on February 2026 data,
    changes against model 1's baseline, and model 1's own name for the story."""
    old = Scenario.of("1", h200_export_units=0)
    page = briefing_html(old, 2028, "https://app.example/?v=1&data=2026-02&h200_export_units=0")
    shown, text = expected(old, 2028)
    for card in shown:
        assert f'<div class="value">{escape(card.value)}</div>' in page
    assert escape(text) in page
    assert "model version 1" in page and "data as of February 2026" in page
    label, description, _ = presets("1")["no_h200"]
    assert escape(label) in page and escape(description) in page


def test_briefing_with_uncertainty_shows_the_pages_ranges_and_bands(page):
    """With "Show uncertainty" on, the briefing carries the same ranges as the page's
    cards, the bands note, and charts drawn with bands; with it off, none of them."""
    banded = briefing_html(SCENARIO, 2029, LINK, today=datetime.date(2026, 3, 5), bands=True)
    fan = project(SCENARIO, draws=FAN_DRAWS)
    for output in CARD_OUTPUTS:
        text = range_text(fan, output, 2029)
        assert f'<div class="range">{escape(text)}</div>' in banded
        assert escape(text) not in page
    note = bands_note(fan)
    assert escape(note) in banded and escape(note) not in page
    with_bands, without = PNG_URI.findall(banded), PNG_URI.findall(page)
    assert len(with_bands) == len(without) == 4
    # The compute, tokens and share charts gain bands; the spend chart has none.
    assert sum(a != b for a, b in zip(with_bands, without, strict=True)) == 3


def test_download_button_offers_the_briefing():
    def app():
        from simulator import Scenario
        from ui.downloads import download_briefing

        download_briefing(Scenario(h200_export_units=0), 2028, "https://app.example/?v=2")

    at = AppTest.from_function(app, default_timeout=60).run()
    assert not at.exception
    buttons = at.get("download_button")
    assert len(buttons) == 1
    assert "briefing" in buttons[0].proto.label.lower()
    assert FILE_NAME == "compute-gap-briefing.html"
