"""The link's view settings and compared scenarios (ui/link.py), without a Streamlit session."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from simulator import Scenario, presets
from ui import link

REMOTE_CLOSED = presets()["remote_closed"][2]
MODEL_1 = Scenario.of("1", h200_export_units=0)  # model 1's own "No H200 exports" story
COMPARABLE = [link.CURRENT, link.BASELINE, *(link.PRESET + name for name in presets())]


def received(query: dict[str, str | list[str]]) -> dict[str, list[str]]:
    """A link's query as the app receives it: url-encoded, then parsed."""
    return parse_qs(urlencode(query, doseq=True), keep_blank_values=True)


def test_the_view_keys_and_their_defaults():
    assert {
        link.YEAR_KEY: str(link.DEFAULT_YEAR),
        link.BANDS_KEY: "0",
        link.LANG_KEY: "en",
        link.COMPARE_KEY: [],
        link.CHART_KEY: "",
        link.MOVED_KEY: "",
    } == link.VIEW_DEFAULTS
    assert (link.YEAR_KEY, link.BANDS_KEY, link.COMPARE_KEY) == ("year", "bands", "cmp")
    assert (link.CHART_KEY, link.MOVED_KEY, link.LANG_KEY) == ("chart", "moved", "lang")
    assert link.YEARS[1:] == [2026, 2027, 2028, 2029, 2030]


def test_split_view_takes_the_view_keys_out_of_the_scenario():
    query = {"v": ["2"], "year": ["2028"], "cmp": ["baseline", "current"], "h200_price_usd": ["1"]}
    view, rest, notes = link.split_view(query)
    assert view == {"year": "2028", "cmp": ["baseline", "current"]}
    assert rest == {"v": ["2"], "h200_price_usd": ["1"]}
    assert notes == []
    assert "year" in query, "the query it was given is left as it was"


def test_split_view_notes_a_repeated_single_key_and_keeps_the_last():
    view, _, notes = link.split_view({"year": ["2028", "2029"], "bands": ["1", "1"]})
    assert view == {"year": "2029", "bands": "1"}
    assert notes == ["'year' appeared more than once; the last value was used."]


def test_check_view_keeps_valid_settings():
    view = {"year": "2030", "bands": "1", "cmp": ["preset:remote_closed", "current"]}
    checked, notes = link.check_view(view, Scenario())
    assert (checked, notes) == (view, [])
    checked, notes = link.check_view(view, MODEL_1)
    assert (checked, notes) == (view, []), "this scenario may come from model 1"


@pytest.mark.parametrize(
    ("view", "fixed", "words"),
    [
        ({"year": "1999"}, {"year": "2027"}, "not a year from 2026 to 2030"),
        ({"year": "2025"}, {"year": "2027"}, "not a year"),
        ({"bands": "yes"}, {"bands": "0"}, "not a valid 'bands' setting"),
        ({"cmp": ["nonsense"]}, {"cmp": []}, "not a scenario this app can compare"),
    ],
)
def test_check_view_resets_what_a_link_got_wrong(view, fixed, words):
    checked, notes = link.check_view(view, Scenario())
    assert checked == fixed
    assert len(notes) >= 1 and words in notes[0]
    assert view != fixed, "the settings it was given are left as they were"


def test_check_view_makes_compared_links_canonical():
    item = "link:" + urlencode({"v": "2", "remote_access_close_month": "2027-01"})
    checked, notes = link.check_view({"cmp": ["baseline", item]}, Scenario())
    assert checked == {"cmp": ["baseline", "preset:remote_closed"]} and notes == []
    old = "link:" + urlencode({"v": "1", "h200_export_units": "0"})
    checked, notes = link.check_view({"cmp": [old]}, Scenario())
    assert checked == {"cmp": ["link:" + urlencode(MODEL_1.to_query())]} and notes == []
    checked, _ = link.check_view({"cmp": list(link.DEFAULT)}, Scenario())
    assert checked == {"cmp": []}, "the default comparison is left out of the link"


def test_to_query_holds_the_scenario_and_the_view_settings_off_their_default():
    view = {"year": "2027", "bands": "1", "cmp": []}
    query = link.to_query(REMOTE_CLOSED, view)
    assert query == {**REMOTE_CLOSED.to_query(), "bands": "1"}
    assert query["remote_access_close_month"] == "2027-01", "a month is written YYYY-MM"
    assert link.to_query(MODEL_1, view) == {**MODEL_1.to_query(), "bands": "1"}
    assert MODEL_1.to_query()["v"] == "1" and MODEL_1.to_query()["data"] == "2026-02"


@settings(max_examples=60, deadline=None)
@given(
    scenario=hs.sampled_from(
        [
            Scenario(),
            REMOTE_CLOSED,
            Scenario(h200_price_usd=31_000, beijing_allows_h200=0),
            MODEL_1,
            Scenario.of("1"),
        ]
    ),
    year=hs.sampled_from([str(y) for y in link.YEARS[1:]]),
    bands=hs.sampled_from(["0", "1"]),
    compared=hs.lists(hs.sampled_from(COMPARABLE), max_size=link.MAX_SCENARIOS, unique=True),
)
def test_a_link_reads_back_as_it_was_written(scenario, year, bands, compared):
    view, _ = link.check_view({"year": year, "bands": bands, "cmp": compared}, scenario)
    raw = received(link.to_query(scenario, view))
    read, rest, repeated = link.split_view(raw)
    again, notes = link.check_view(read, scenario)
    assert repeated == [] and notes == []
    assert {**link.VIEW_DEFAULTS, **again} == {**link.VIEW_DEFAULTS, **view}
    assert Scenario.from_query(rest) == (scenario, [])


def test_a_pasted_link_is_read_without_its_view_settings():
    scenario, warnings = link.scenario_from_query("v=2&year=2029&bands=1&cmp=x&h200_price_usd=1e4")
    assert scenario == Scenario(h200_price_usd=10_000) and warnings == []
    scenario, warnings = link.scenario_from_query("data=2026-02&year=2029&h200_export_units=0")
    assert scenario == MODEL_1 and warnings == [], "without v, the data vintage picks the release"
    scenario, warnings = link.scenario_from_query("h200_first_month=2027-01&year=2029")
    assert scenario.version == "2" and warnings == [], "with neither, the current release"


def test_compared_items_have_names_and_origins():
    mine = Scenario(h200_price_usd=30_000)
    items = ["current", "preset:remote_closed", link.link_item(mine)]
    found, notes = link.read_items(items, mine)
    assert notes == []
    assert [e.label for e in found] == ["This scenario", "Remote access closed", "Link 1"]
    assert found[0].origin.endswith("1 assumption differs from the baseline")
    assert found[2].scenario == mine
    assert link.link_value(found) == [e.item for e in found]
    assert link.label_for("preset:remote_closed") == "Remote access closed"
    assert link.options([])[: len(link.DEFAULT)] == link.DEFAULT
    assert "preset:baseline" not in link.options([]), "the baseline is listed once"


def test_a_model_1_scenario_is_never_named_as_a_current_preset():
    """Model 1's stories share names with model 2's ('baseline', 'squeeze'): a model-1
    scenario stays a link, and this scenario from model 1 is described, not looked up."""
    assert link.link_item(MODEL_1) == "link:" + urlencode(MODEL_1.to_query())
    assert link.link_item(Scenario.of("1")) == "link:v=1&data=2026-02"
    squeeze = presets("1")["squeeze"][2]
    assert squeeze.version == "1" and link.link_item(squeeze).startswith("link:v=1&")
    found, notes = link.read_items(["current", "baseline"], MODEL_1)
    assert notes == [] and found[0].scenario == MODEL_1
    assert "preset" not in found[0].origin


def test_a_pasted_older_link_names_its_model():
    from simulator import Scenario

    (entry,), _ = link.read_items(["link:v=1&data=2026-02"], Scenario())
    assert entry.origin == (
        "A pasted link to model 1 (data as of February 2026): that model's baseline"
    )
    (entry,), _ = link.read_items(["link:v=1&data=2026-02&h200_export_units=0"], Scenario())
    assert "model 1" in entry.origin and "with 1 of its assumptions changed" in entry.origin


def test_the_sidebar_counts_an_older_scenarios_changes_in_good_english():
    from simulator import Scenario
    from ui.sidebar import _showing

    one, _ = Scenario.from_query({"v": ["1"], "h200_export_units": ["0"]})
    assert _showing(one).endswith(": 1 of its controls differs from its baseline.")
    two, _ = Scenario.from_query({"v": ["1"], "h200_export_units": ["0"], "h200_price_usd": ["1"]})
    assert _showing(two).endswith(": 2 of its controls differ from its baseline.")
