"""The share-link codec: exact round trips, and never a crash on a bad link.

Reading a link (``Scenario.from_query``) is lenient: anything it cannot use becomes a
plain-English warning. The Python API (``Scenario(**values)``) is strict.
"""

from __future__ import annotations

import json
import math
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import simulator.scenario as scenario_module
from simulator import Scenario, registry
from simulator.scenario import MODEL_VERSION, VERSIONS_DIR, data_vintage, version_info

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
    assert set(data) == {"model_version", "data_vintage", *KEYS}
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
        (link(h200_export_units="lots"), "H200 exports to China"),
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
        (link(**{"k" * 10_000: "1"}), "is not a setting"),
        (link(h200_export_units="0x10"), "not a number"),
        (link(h200_export_units="\x00"), "not a number"),
    ],
)
def test_bad_values_warn(query, needle):
    s, warnings = read(query)
    assert isinstance(s, Scenario)
    assert any(needle in w for w in warnings), warnings
    assert s["h200_export_units"] == by_key("h200_export_units").default or "outside" in needle


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
    s, warnings = read({"v": 1, "h200_export_units": 0, "cny_per_usd": None})
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
        try:
            number = float(text.strip().replace(",", "").replace("_", ""))
        except ValueError:
            number = math.nan
        exact = math.isfinite(number) and p.min <= number <= p.max
        exact = exact and (not p.is_integer or number.is_integer())
        if exact:
            assert s[key] == number
        else:
            assert any(p.label in w for w in warnings), (key, text, warnings)


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


@pytest.fixture
def old_version(tmp_path, monkeypatch):
    """A versions folder with the current version and an older "0" with another default."""
    shutil.copy(VERSIONS_DIR / f"{MODEL_VERSION}.json", tmp_path / f"{MODEL_VERSION}.json")
    info = json.loads((VERSIONS_DIR / f"{MODEL_VERSION}.json").read_text(encoding="utf-8"))
    info["model_version"] = "0"
    info["data_vintage"] = "2025-12"
    info["defaults"]["h200_export_units"] = 100000.0
    info["defaults"]["retired_parameter"] = 1.0
    (tmp_path / "0.json").write_text(json.dumps(info), encoding="utf-8")
    monkeypatch.setattr(scenario_module, "VERSIONS_DIR", tmp_path)
    version_info.cache_clear()
    yield info
    version_info.cache_clear()  # before monkeypatch restores the real folder


def test_older_version_uses_its_own_defaults(old_version):
    s, warnings = read({"v": "0", "data": "2025-12"})
    assert s["h200_export_units"] == 100000  # the old default, not today's 400000
    assert s == Scenario(h200_export_units=100000)
    assert any("version 0" in w for w in warnings), warnings


def test_older_version_keeps_explicit_values_and_drops_retired_keys(old_version):
    s, warnings = read({"v": "0", "h200_price_usd": "27000", "retired_parameter": "3"})
    assert s["h200_price_usd"] == 27000
    assert s["h200_export_units"] == 100000
    assert any("retired_parameter" in w and "no longer exists" in w for w in warnings)
    assert any("version 0" in w for w in warnings)


def test_fixture_really_adds_a_version(old_version):
    assert version_info("0")["defaults"]["h200_export_units"] == 100000
    assert (
        data_vintage()
        == json.loads((VERSIONS_DIR / f"{MODEL_VERSION}.json").read_text(encoding="utf-8"))[
            "data_vintage"
        ]
    )


@pytest.mark.parametrize("version", ["99", "abc", "1.0", "-1", "²", "1" * 300, "../1"])
def test_unknown_version_warns(version):
    s, warnings = read({"v": version, "h200_export_units": "0"})
    assert s == Scenario(h200_export_units=0)
    assert any("does not know" in w for w in warnings), warnings


def test_link_without_version_warns():
    s, warnings = read({"h200_export_units": "0"})
    assert s == Scenario(h200_export_units=0)
    assert any("no model version" in w for w in warnings)


def test_other_data_vintage_warns():
    _, warnings = read({"v": MODEL_VERSION, "data": "2020-01", "h200_export_units": "0"})
    assert any("2020-01" in w for w in warnings)


def test_current_defaults_are_the_committed_version():
    """Changing a default changes what old links mean: it needs a new model version."""
    path = VERSIONS_DIR / f"{MODEL_VERSION}.json"
    committed = json.loads(path.read_text(encoding="utf-8"))
    assert committed["model_version"] == MODEL_VERSION
    current = {p.key: p.default for p in PARAMS}
    assert committed["defaults"] == current, (
        f"Parameter defaults differ from {path.name}: bump MODEL_VERSION in "
        "simulator/scenario.py and run scripts/freeze_version.py"
    )


# -- The Python API is strict -------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"not_a_key": 1},
        {"h200_export_units": -1},
        {"h200_export_units": 3_000_000},
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
