"""Links that went through mail and chat (ui/link.py): ``&amp;`` between parameters, a ``?``
encoded as ``%3F``, punctuation glued to the end. Pure functions first, then the app's
reading of them and of Back and Forward (ui/state.py) under AppTest."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from simulator import Scenario
from ui import link, state

SENT = "v=2&bytedance_budget_growth=60&year=2029"
INTENDED = Scenario.of("2", bytedance_budget_growth=60)


def received(query: str) -> dict[str, list[str]]:
    """A query string as the app receives it (Streamlit's query parameters)."""
    return parse_qs(query, keep_blank_values=True)


def test_amp_entities_are_taken_off_the_keys():
    query = received("v=2&amp;bytedance_budget_growth=60&amp;amp;year=2029")
    assert "amp;bytedance_budget_growth" in query
    assert link.unmangle(query) == received(SENT)


@pytest.mark.parametrize("mark", list(".),;!'\">]") + [").", "!!", "'>"])
def test_trailing_punctuation_is_taken_off_the_last_value(mark):
    assert link.unmangle(received(SENT + mark)) == received(SENT)


def test_punctuation_after_a_key_without_value_drops_only_the_punctuation():
    assert link.unmangle(received(SENT + "&).")) == received(SENT)


@pytest.mark.parametrize(
    "text",
    ["<img src=x onerror=alert(1)>", "it's 'quoted'", "(60)", "60 !", "x >"],
)
def test_text_that_is_no_plain_token_keeps_its_punctuation_for_the_notes(text):
    assert link.unglue(text) == text
    assert link.unmangle({text: [text]}) == {text: [text]}


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("60.", "60"),
        ("2027-01),", "2027-01"),
        ("yes!", "yes"),
        ("preset:remote_closed'", "preset:remote_closed"),
        ("link:v=1&data=2026-02&h200_export_units=0]", "link:v=1&data=2026-02&h200_export_units=0"),
        ("7.3", "7.3"),
        ("", ""),
        (").", ""),
    ],
)
def test_unglue(text, bare):
    assert link.unglue(text) == bare


def test_an_empty_key_is_kept_for_the_notes():
    assert link.unmangle({"": ["5"]}) == {"": ["5"]}


def test_values_that_are_fine_are_left_alone():
    query = received(
        "v=2&data=2026-06&h200_first_month=2027-01&beijing_allows_h200=yes&cny_per_usd=7.3"
    )
    assert link.unmangle(query) == query


def test_a_key_mangled_and_not_mangled_keeps_both_values_in_order():
    query = received("year=2028&amp;year=2029")
    assert link.unmangle(query) == {"year": ["2028", "2029"]}


@pytest.mark.parametrize(
    "query",
    [
        SENT,
        SENT.replace("&", "&amp;"),
        SENT + ").",
        SENT.replace("&", "&amp;") + "'>",
    ],
)
def test_a_mangled_link_opens_the_intended_scenario_without_notes(query):
    assert link.scenario_from_query(query) == (INTENDED, [])


def test_a_value_that_is_wrong_apart_from_punctuation_is_still_reported():
    scenario, notes = link.scenario_from_query("v=2&bytedance_budget_growth=lots.")
    assert scenario == Scenario.of("2")
    assert len(notes) == 1 and "'lots'" in notes[0]


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/simulator%3Fv=2&bytedance_budget_growth=60&year=2029", SENT),
        ("/simulator%3fv=2&bytedance_budget_growth=60&year=2029", SENT),
        ("/%3Fv=2&bytedance_budget_growth=60&year=2029", SENT),
        ("/simulator%3Fv%3D2%26bytedance_budget_growth%3D60%26year%3D2029", SENT),
        ("/simulator", None),
        ("/simulator%3F", None),
    ],
)
def test_query_in_path(path, query):
    assert link.query_in_path("http://127.0.0.1:8501" + path) == query
    assert link.query_in_path(path) == query


def test_query_in_path_of_nothing():
    assert link.query_in_path(None) is None and link.query_in_path("") is None


@pytest.mark.parametrize(
    ("path", "query", "target"),
    [
        ("/simulator%3F" + SENT, "", "/?" + SENT),
        ("/%3F" + SENT, "", "/?" + SENT),
        ("/compare%3F" + SENT, "", "/compare?" + SENT),
        ("/app/simulator%3F" + SENT, "", "/app/?" + SENT),
        ("/simulator%3Fv=2", "year=2029", "/?v=2&year=2029"),
        ("/simulator%3F", "", "/"),
        ("/simulator", "v=2", None),
        ("/", "", None),
    ],
)
def test_encoded_query_target(path, query, target):
    assert link.encoded_query_target(path, query, "simulator") == target


def test_encoded_query_target_without_a_default_page_keeps_the_page():
    assert link.encoded_query_target("/simulator%3F" + SENT) == "/simulator?" + SENT


@pytest.mark.parametrize(
    "text",
    [
        "https://gap.example/?" + SENT,
        "https://gap.example/?" + SENT.replace("&", "&amp;"),
        "https://gap.example/?" + SENT + ").",
        "https://gap.example/simulator%3F" + SENT,
        "https://gap.example/simulator%3Fv%3D2%26bytedance_budget_growth%3D60",
        "<https://gap.example/?" + SENT + ">",
    ],
)
def test_pasted_links_on_the_compare_page_survive_the_same_trip(text):
    item, scenario, warnings = link.read_link(text)
    assert scenario == INTENDED
    assert warnings == []
    assert item == link.link_item(INTENDED)


# ---------------------------------------------------------------- in the app (AppTest)
APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
KEY = "bytedance_budget_growth"


@pytest.fixture
def app():
    st.cache_data.clear()
    st.cache_resource.clear()

    def run(query: dict[str, str]) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, at.exception
        return at

    return run


def slider_value(at: AppTest) -> float:
    return at.slider(key=state.widget_key(KEY)).value


@pytest.mark.parametrize(
    "query",
    [
        {"v": "2", "amp;" + KEY: "60", "amp;year": "2029"},
        {"v": "2", KEY: "60", "year": "2029)."},
        {"v": "2", KEY: "60!", "amp;year": "2029'>"},
    ],
)
def test_the_app_opens_a_mangled_link_as_intended(app, query):
    at = app(query)
    assert slider_value(at) == 60
    assert at.query_params[KEY] == "60" and at.query_params["year"] == "2029"
    assert not any(key.startswith("amp;") for key in at.query_params)
    assert not [i for i in at.info if "This link was adjusted" in i.value]


def test_back_and_forward_read_the_link_again_and_nothing_else_does(app, monkeypatch):
    at = app({"v": "2", KEY: "40"})
    at.slider(key=state.widget_key(KEY)).set_value(41).run()
    assert at.query_params[KEY] == "41"
    card = at.metric[0].value

    at.query_params[KEY] = "40"  # a rerun that is no history navigation: the app's scenario wins
    at.run()
    assert slider_value(at) == 41 and at.query_params[KEY] == "41"

    # Back: Streamlit reruns the script with the entry's query, flagged as history navigation.
    monkeypatch.setattr(state, "_history_navigation", lambda: True)
    at.query_params[KEY] = "40"
    at.run()
    assert slider_value(at) == 40 and at.query_params[KEY] == "40"
    assert at.metric[0].value != card
    at.query_params[KEY] = "41"  # Forward
    at.run()
    assert slider_value(at) == 41 and at.metric[0].value == card

    at.query_params.clear()  # an entry a page switch left without a query: no link
    at.run()
    assert slider_value(at) == 41 and at.query_params[KEY] == "41"
