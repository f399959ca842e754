"""The share-link codec: exact round trips, and never a crash on a bad link.

Reading a link (``Scenario.from_query``) is lenient: anything it cannot use becomes a
plain-English warning. The Python API (``Scenario(**values)``) is strict.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import RELEASES, Scenario, registry
from simulator.scenario import MODEL_VERSION, data_vintage
from simulator.timeline import month_index

PARAMS = registry()
KEYS = [p.key for p in PARAMS]
SETTINGS = settings(max_examples=200, deadline=None)


def value_strategy(p) -> st.SearchStrategy[float]:
    if p.is_integer:
        return st.integers(int(p.min), int(p.max)).map(float)
    return st.floats(p.min, p.max, allow_nan=False, allow_infinity=False)


# each parameter either keeps its default or takes a random valid value
scenarios = st.fixed_dictionaries(
    {p.key: st.one_of(st.just(p.default), value_strategy(p)) for p in PARAMS}
).map(lambda values: Scenario(**values))


def read(query) -> tuple[Scenario, list[str]]:
    return Scenario.from_query(query)


def link(**values: str) -> dict[str, str]:
    """A current-version link holding ``values``."""
    return {"v": MODEL_VERSION, "data": data_vintage(), **values}


def by_key(key: str):
    return next(p for p in PARAMS if p.key == key)


# -- Round trips ------------------------------------------------------------------------


@SETTINGS
@given(scenarios)
def test_query_round_trip(s):
    assert Scenario.from_query(s.to_query()) == (s, [])


@SETTINGS
@given(scenarios)
def test_query_round_trip_through_url_lists(s):
    """Streamlit and urllib hand back lists of values; a single-item list reads the same."""
    query = {k: [v] for k, v in s.to_query().items()}
    assert Scenario.from_query(query) == (s, [])


@SETTINGS
@given(scenarios)
def test_json_round_trip(s):
    assert Scenario.from_json(s.to_json()) == (s, [])


@SETTINGS
@given(scenarios)
def test_query_holds_version_vintage_and_only_the_changes(s):
    query = s.to_query()
    assert query["v"] == MODEL_VERSION
    assert query["data"] == data_vintage()
    changed = {p.key for p in PARAMS if s[p.key] != p.default}
    assert set(query) - {"v", "data"} == changed
    assert all(isinstance(v, str) for v in query.values())


def test_baseline_query_is_just_version_and_vintage():
    assert Scenario().to_query() == {"v": MODEL_VERSION, "data": data_vintage()}


def test_query_values_are_short_text():
    query = Scenario(h200_export_units=0, cny_per_usd=7.1).to_query()
    assert query["h200_export_units"] == "0"
    assert query["cny_per_usd"] == "7.1"


def test_json_holds_version_and_every_value():
    data = json.loads(Scenario(h200_export_units=0).to_json())
    assert data["model_version"] == MODEL_VERSION
    assert data["data_vintage"] == data_vintage()
    assert set(data) == {"model_version", "data_vintage", "changes", *KEYS}
    assert data["h200_export_units"] == 0


def test_bad_json_gives_the_baseline_and_a_warning():
    for text in ("", "{", "[1, 2]", "null", '"text"'):
        s, warnings = Scenario.from_json(text)
        assert s == Scenario()
        assert warnings, text


# -- Bad links: warnings, never a crash -------------------------------------------------


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        (link(not_a_key="1"), "not_a_key"),
        (link(h200_export_units="lots"), "H200 licensed for China per year"),
        (link(h200_export_units="nan"), "not a number"),
        (link(h200_export_units="NaN"), "not a number"),
        (link(h200_export_units="inf"), "not a number"),
        (link(h200_export_units="-inf"), "not a number"),
        (link(h200_export_units="1e308"), "outside the allowed range"),
        (link(h200_export_units="1e999"), "not a number"),
        (link(h200_export_units=""), "not a number"),
        (link(h200_export_units="   "), "not a number"),
        (link(h200_export_units="二十万"), "not a number"),
        (link(h200_export_units="🚀"), "not a number"),
        (link(h200_export_units="1" * 10_000), "not a number"),
        (link(h200_export_units="x" * 10_000), "not a number"),
        (link(**{"ключ": "1"}), "ключ"),
        (link(h200_first_month="2027-13"), "not a number"),
        (link(h200_first_month="2024-01"), "outside the allowed range"),
        (link(beijing_allows_h200="maybe"), "not a number"),
        (link(**{"k" * 10_000: "1"}), "is not a setting"),
        (link(h200_export_units="0x10"), "not a number"),
        (link(h200_export_units="\x00"), "not a number"),
    ],
)
def test_bad_values_warn(query, needle):
    s, warnings = read(query)
    assert isinstance(s, Scenario)
    assert any(needle in w for w in warnings), warnings
    if "outside" not in needle:
        assert s["h200_export_units"] == by_key("h200_export_units").default


def test_repeated_key_warns_and_uses_the_last_value():
    s, warnings = read(link(h200_export_units=["100000", "200000"]))
    assert s["h200_export_units"] == 200000
    assert any("more than once" in w for w in warnings)


def test_empty_list_value_warns():
    s, warnings = read(link(h200_export_units=[]))
    assert s == Scenario()
    assert warnings


def test_warnings_are_short_and_printable():
    """User text is echoed bounded and without control characters."""
    _, warnings = read(link(**{"x\n" * 5000: "y" * 10_000, "h200_export_units": "\x1b[31m"}))
    assert len(warnings) == 2
    for w in warnings:
        assert w.isprintable()
        assert len(w) < 300


class Garbage:
    def items(self):
        raise RuntimeError("not a mapping")


@pytest.mark.parametrize("query", [None, 42, "h200_export_units=0", [1, 2], Garbage(), object()])
def test_garbage_mapping_warns(query):
    s, warnings = read(query)
    assert s == Scenario()
    assert warnings


def test_non_text_values_are_read_as_text():
    s, warnings = read({"v": 2, "h200_export_units": 0, "cny_per_usd": None})
    assert s["h200_export_units"] == 0
    assert any("Yuan per US dollar" in w for w in warnings)


text_or_list = st.one_of(st.text(max_size=60), st.lists(st.text(max_size=20), max_size=4))
keys = st.one_of(st.sampled_from([*KEYS, "v", "data"]), st.text(max_size=30))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, text_or_list, max_size=8))
def test_arbitrary_links_never_raise(query):
    s, warnings = read(query)
    assert isinstance(s, Scenario)
    assert all(isinstance(w, str) and w for w in warnings)
    for p in PARAMS:  # whatever came in, the result is a valid scenario
        assert p.min <= s[p.key] <= p.max


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), st.text(min_size=1, max_size=12), min_size=1))
def test_arbitrary_values_on_real_keys_warn_or_parse(query):
    """Each value is either a number in range (no warning about it) or named in a warning."""
    s, warnings = read(link(**query))
    for key, text in query.items():
        p = by_key(key)
        number = _oracle(p, text)
        exact = math.isfinite(number) and p.min <= number <= p.max
        exact = exact and (not p.is_integer or number.is_integer())
        if exact:
            assert s[key] == number
        else:
            assert any(p.label in w for w in warnings), (key, text, warnings)


def _oracle(p, text: str) -> float:
    """What a link value should read as, written independently of the codec."""
    clean = text.strip().replace(",", "").replace("_", "")
    if p.unit == "switch" and clean.lower() in ("yes", "true", "on", "no", "false", "off"):
        return 1.0 if clean.lower() in ("yes", "true", "on") else 0.0
    if p.unit == "month" and len(clean) == 7 and clean[4] == "-" and clean[:4].isdigit():
        month = clean[5:]
        return float(month_index(clean)) if month.isdigit() and 1 <= int(month) <= 12 else math.nan
    try:
        return float(clean)
    except ValueError:
        return math.nan


def test_months_and_switches_read_as_words():
    s, warnings = read(link(h200_first_month="2027-01", beijing_allows_h200="no"))
    assert warnings == []
    assert s["h200_first_month"] == month_index("2027-01") == 24
    assert s["beijing_allows_h200"] == 0
    assert s.to_query()["h200_first_month"] == "2027-01"


# -- Clamping -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("h200_export_units", "-5", "min"),
        ("h200_export_units", "99000000", "max"),
        ("cny_per_usd", "0.5", "min"),
        ("cny_per_usd", "1e308", "max"),
        ("bytedance_chip_share", "101", "max"),
        ("chip_useful_life_years", "-1e308", "min"),
    ],
)
def test_out_of_range_values_are_clamped_with_the_label(key, text, expected):
    p = by_key(key)
    s, warnings = read(link(**{key: text}))
    assert s[key] == getattr(p, expected)
    assert len(warnings) == 1
    assert p.label in warnings[0]
    assert "outside the allowed range" in warnings[0]


def test_integer_parameters_are_rounded_with_a_warning():
    s, warnings = read(link(deployment_lag_months="2.6"))
    assert s["deployment_lag_months"] == 3
    assert any("Deployment lag" in w and "rounded" in w for w in warnings)


# -- Model versions -----------------------------------------------------------------------


def test_a_model_1_link_opens_with_model_1():
    s, warnings = read({"v": "1", "data": "2026-02", "h200_export_units": "0"})
    assert warnings == []
    assert s.version == "1"
    assert s == Scenario.of("1", h200_export_units=0)
    assert s["h200_export_units"] == 0
    assert s.to_query() == {"v": "1", "data": "2026-02", "h200_export_units": "0"}


def test_each_release_reads_its_own_defaults():
    old, new = Scenario.of("1"), Scenario()
    assert old.version == "1" and new.version == MODEL_VERSION
    assert old["h200_export_units"] == 400_000  # model 1's default
    assert old != new


def test_a_link_with_only_its_data_vintage_picks_that_release():
    s, warnings = read({"data": "2026-02", "h200_price_usd": "27000"})
    assert (s.version, warnings) == ("1", [])


@pytest.mark.parametrize("version", ["99", "abc", "1.0", "-1", "²", "1" * 300, "../1"])
def test_unknown_version_warns(version):
    s, warnings = read({"v": version, "h200_export_units": "0"})
    assert s == Scenario(h200_export_units=0)
    assert any("does not know" in w for w in warnings), warnings


def test_a_hand_typed_link_without_version_opens_quietly():
    s, warnings = read({"h200_export_units": "0"})
    assert s == Scenario(h200_export_units=0)
    assert warnings == []


def test_other_data_vintage_warns():
    _, warnings = read({"v": MODEL_VERSION, "data": "2020-01", "h200_export_units": "0"})
    assert any("2020-01" in w for w in warnings)
    _, warnings = read({"data": "2020-01"})
    assert any("2020-01" in w for w in warnings)


def test_many_unknown_keys_give_one_line():
    _, warnings = read(link(**{f"junk{i}": "1" for i in range(300)}))
    assert warnings == ["300 unknown settings were ignored."]
    _, warnings = read(link(junk1="1", junk2="2"))
    assert len(warnings) == 2


def test_an_old_scenario_upgrades_to_the_current_data():
    old = Scenario.of("1", h200_price_usd=27000, bytedance_h200_share=50, efficiency_gain=80)
    new, notes = old.upgraded()
    assert new.version == MODEL_VERSION
    assert new["h200_price_usd"] == 27000
    assert new["bytedance_h200_share"] == 50
    assert new["efficiency_gain"] == 80
    assert notes == []
    gone, notes = Scenario.of("1", domestic_chip_units=500_000).upgraded()
    assert gone == Scenario()
    assert notes and "Domestic chips available to ByteDance" in notes[0]


def test_every_release_is_listed_with_its_vintage():
    assert {r.version: r.vintage for r in RELEASES.values()} == {"1": "2026-02", "2": "2026-06"}
    assert data_vintage() == "2026-06"


# -- The Python API is strict -------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"not_a_key": 1},
        {"h200_export_units": -1},
        {"h200_export_units": 3_000_000},
        {"h200_first_month": 10},
        {"beijing_allows_h200": 2},
        {"cny_per_usd": math.nan},
        {"cny_per_usd": math.inf},
        {"bytedance_chip_share": 100.0001},
    ],
)
def test_python_api_rejects_bad_values(bad):
    with pytest.raises((KeyError, ValueError)):
        Scenario(**bad)


def test_python_api_accepts_the_limits():
    for p in PARAMS:
        assert Scenario(**{p.key: p.min})[p.key] == p.min
        assert Scenario(**{p.key: p.max})[p.key] == p.max
