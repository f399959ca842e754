"""Links that went through mail and chat (ui/link.py): ``&amp;`` between parameters, a ``?``
encoded as ``%3F``, punctuation glued to the end. Pure functions, no Streamlit."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from simulator import Scenario
from ui import link

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
