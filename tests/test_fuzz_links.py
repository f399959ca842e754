"""Fuzzed share links: every page opens any link without an error, says when it adjusted
the link, and draws every slider within its limits.

A link is *clean* when every key is a known key holding a valid value; anything else
(an unknown key, a value that is not a number, out of range or not whole where it must
be, a repeated key with different values, a year or switch the page cannot show) must
produce the notice "This link was adjusted to open:" above the page, and a clean link
must open without one. :func:`problems` is that rule, written from the link format
(see ``Scenario.from_query`` and the view keys in ``ui/link.py``), not from the app.

Hypothesis draws links for each page (opened on the entry page, then switched to it);
explicit tests open links straight on a page (deep links). The tests at the end pin inputs
that once broke the rule (odd digits in a year, repeated view keys, unprintable characters,
a Google with no compute left).
"""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import pytest
import streamlit as st
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from simulator import MODEL_VERSION, Scenario, data_vintage, presets, registry
from simulator.engine import END_YEAR, START_YEAR
from simulator.words import format_value

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
ENTRY_PAGE = "pages/simulator.py"  # the page a link without a path opens
COMPARE_PAGE = "pages/compare.py"  # the page that shows the comparison held in cmp
PAGES = [ENTRY_PAGE, COMPARE_PAGE, "pages/assumptions.py", "pages/model.py"]
NOTICE = "This link was adjusted to open"

PARAMS = {p.key: p for p in registry()}
VERSION_KEY, VINTAGE_KEY = "v", "data"
VIEW_KEYS = ("year", "bands", "cmp")
KNOWN_KEYS = {VERSION_KEY, VINTAGE_KEY, *PARAMS, *VIEW_KEYS}
STREAMLIT_KEYS = {"embed", "embed_options"}  # reserved: Streamlit hides them from the app
YEARS = range(START_YEAR + 1, END_YEAR + 1)  # headline years the page offers
BAND_VALUES = ("0", "1")
PRESETS = presets()  # name -> (label, description, scenario)
COMPARE_ITEMS = ("current", "baseline", *(f"preset:{name}" for name in PRESETS))
MAX_COMPARED = 4
MAX_ITEM_CHARS = 2000  # a longer cmp item is not a link of this app
MAX_VALUE_CHARS = 40  # longer link values are not numbers
MAX_LINK_CHARS = 2000  # the link the app writes back stays short
INT_DIGITS = 4300  # int() refuses longer digit strings (sys.get_int_max_str_digits())

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()


# -- the rule ------------------------------------------------------------------------------


def as_received(query: dict[str, str | list[str]]) -> dict[str, list[str]]:
    """The link as the app receives it: url-encoded, then parsed as Streamlit parses it."""
    parsed = parse_qs(urlencode(query, doseq=True), keep_blank_values=True)
    return {k: v for k, v in parsed.items() if k.lower() not in STREAMLIT_KEYS}


def reads_as_value(key: str, text: str) -> bool:
    """A parameter value in the link format: a number (spaces around it and thousands
    separators ``,``/``_`` allowed), at most 40 characters, finite, within the parameter's
    range, and whole for whole-number parameters."""
    p = PARAMS[key]
    clean = text.strip().replace(",", "").replace("_", "")
    if not clean or len(clean) > MAX_VALUE_CHARS:
        return False
    try:
        value = float(clean)
    except ValueError:
        return False
    if not (math.isfinite(value) and p.min <= value <= p.max):
        return False
    return value.is_integer() or not p.is_integer


def identity(scenario: Scenario) -> str:
    """How a compared link is named: the baseline, a preset, else its canonical query."""
    if scenario == Scenario():
        return "baseline"
    for name, (_, _, preset) in PRESETS.items():
        if preset == scenario:
            return f"preset:{name}"
    return "link:" + urlencode(scenario.to_query())


def compared(item: str) -> str | None:
    """The scenario a cmp item names without any adjustment (None: it needs a notice).

    Items: ``current``, ``baseline``, ``preset:<name>`` (a preset equal to the baseline is
    the baseline) and ``link:<query>``, a share link that reads without warnings (its view
    keys are ignored; what it holds is named as :func:`identity` says).
    """
    if item in ("current", "baseline"):
        return item
    if item.startswith("preset:"):
        found = PRESETS.get(item.removeprefix("preset:"))
        if found is None:
            return None
        return "baseline" if found[2] == Scenario() else item
    if item.startswith("link:") and len(item) <= MAX_ITEM_CHARS:
        inner = parse_qs(item.removeprefix("link:"), keep_blank_values=True)
        scenario, warnings = Scenario.from_query(
            {k: v for k, v in inner.items() if k not in VIEW_KEYS}
        )
        return None if warnings else identity(scenario)
    return None


def cmp_problems(values: list[str]) -> list[str]:
    """What a comparison (the cmp items of a link) holds that the page must adjust.

    Blank items are ignored, and no items at all is the default comparison."""
    found, taken = [], []
    for item in (v.strip() for v in values if v.strip()):
        if len(taken) == MAX_COMPARED:
            found.append(f"cmp: more than {MAX_COMPARED} scenarios")
            break
        name = compared(item)
        if name is None:
            found.append(f"cmp: {item[:40]!r} is not a scenario to compare")
        elif name in taken:
            found.append(f"cmp: {item[:40]!r} is compared twice")
        else:
            taken.append(name)
    return found


def problems(query: dict[str, str | list[str]]) -> list[str]:
    """Everything in a link that is not a valid value of a known key (empty: clean).

    An empty ``v`` or ``data`` counts as absent: such a link opens the baseline view, as a
    link without them does.
    """
    link = as_received(query)
    found = []
    versioned = bool(link.get(VERSION_KEY, [""])[-1].strip())
    for key, values in link.items():
        last = values[-1]
        if key == "cmp":  # a repeated key by design: one item per compared scenario
            found += cmp_problems(values)
            continue
        if len(set(values)) > 1:
            found.append(f"{key!r} appears with different values")
        if key == VERSION_KEY:
            if last.strip() not in ("", MODEL_VERSION):
                found.append(f"unknown model version {last!r}")
        elif key == VINTAGE_KEY:
            if last.strip() not in ("", data_vintage()):
                found.append(f"other data vintage {last!r}")
        elif key == "year":
            if last not in {str(y) for y in YEARS}:
                found.append(f"year {last!r} is not a year the page shows")
        elif key == "bands":
            if last not in BAND_VALUES:
                found.append(f"bands {last!r} is not 0 or 1")
        elif key in PARAMS:
            if not versioned:
                found.append(f"{key} without a model version")
            if not reads_as_value(key, last):
                found.append(f"{key}={last[:40]!r} is not a valid value")
        else:
            found.append(f"unknown key {key[:40]!r}")
    return found


# -- strategies ----------------------------------------------------------------------------

RTL = "\u202e\u202b\u200f\u0627\u0644\u0639\u0631\u0628\u064a\u0629\u05e2\u05d1\u05e8\u05d9\u05ea"
EMOJI = "🙂👍🏽👨‍👩‍👧🇨🇳🔥"
CONTROL = "\x00\x01\x07\x08\t\n\r\x1b\x7f\x85\u2028\ufeff"
HUGE = ["NaN", "nan", "-nan", "inf", "-inf", "Infinity", "+inf", "1e308", "-1e308", "1e309"]
ODD = ["1e-320", "-1", "-0", "-400000", "-7.04", "0x10", "1.5", "1e5", "400,000", "4_0_0"]
YEARISH = [" 400000 ", "²", "٢٠٢٩", "2029", "2025", "2031", "00002029", "1", "0", "2"]
SPECIAL_NUMBERS = HUGE + ODD + YEARISH

any_text = hs.one_of(
    hs.text(max_size=30),
    hs.text(alphabet=RTL + EMOJI + CONTROL + "0123456789.-e,_ &=?#%+", max_size=20),
)
long_text = hs.one_of(
    hs.sampled_from(["x", "9", "é", "🙂", "\u202e", "\x00", "1,", "-", "%26"]).map(
        lambda unit: unit * 10_000
    ),
    hs.text(min_size=1, max_size=8).map(lambda t: (t * (10_000 // len(t) + 1))[:10_000]),
)
garbage = hs.one_of(hs.just(""), hs.sampled_from(SPECIAL_NUMBERS), any_text, long_text)


def valid_number(key: str) -> hs.SearchStrategy[str]:
    p = PARAMS[key]
    if p.is_integer:
        return hs.integers(int(p.min), int(p.max)).map(str)
    return hs.floats(p.min, p.max).map(format_value)


def as_link(pair: tuple[str, str]) -> str:
    return "link:" + urlencode({VERSION_KEY: MODEL_VERSION, pair[0]: pair[1]})


param_entry = hs.sampled_from(sorted(PARAMS)).flatmap(
    lambda key: hs.tuples(hs.just(key), hs.one_of(valid_number(key), garbage))
)
compare_item = hs.one_of(
    hs.sampled_from(COMPARE_ITEMS),
    param_entry.map(as_link),  # a pasted link, clean or not
    any_text.map(lambda t: "preset:" + t),
    any_text.map(lambda t: "link:" + t),
    hs.just("link:" + "x" * MAX_ITEM_CHARS),
    garbage,
)
view_entry = hs.one_of(
    hs.tuples(hs.just("year"), hs.one_of(hs.sampled_from([str(y) for y in YEARS]), garbage)),
    hs.tuples(hs.just("bands"), hs.one_of(hs.sampled_from(BAND_VALUES), garbage)),
    hs.tuples(hs.just("cmp"), hs.lists(compare_item, max_size=6)),
)
meta_entry = hs.tuples(
    hs.sampled_from([VERSION_KEY, VINTAGE_KEY]),
    hs.one_of(hs.sampled_from([MODEL_VERSION, data_vintage()]), garbage),
)
unknown_key = hs.one_of(
    any_text,
    long_text,
    hs.sampled_from(["V", "Year", " v", "h200_export_units ", "H200_EXPORT_UNITS", "cmp[]"]),
).filter(lambda k: k not in KNOWN_KEYS and k.lower() not in STREAMLIT_KEYS)
unknown_entry = hs.tuples(unknown_key, hs.one_of(garbage, hs.just("1")))
repeated_entry = hs.tuples(
    hs.sampled_from([*sorted(PARAMS), "year", "bands", VERSION_KEY, "junk"]),
    hs.lists(
        hs.one_of(hs.sampled_from(["1", "2029", "0", "400000"]), garbage), min_size=2, max_size=3
    ),
)


@hs.composite
def links(draw) -> dict[str, str | list[str]]:
    """A query: mostly versioned links, with up to eight entries of any kind."""
    query: dict[str, list[str]] = {}
    if draw(hs.integers(0, 4)):  # four in five links name the model version
        query[VERSION_KEY] = [MODEL_VERSION]
    entries = draw(
        hs.lists(
            hs.one_of(param_entry, view_entry, meta_entry, unknown_entry, repeated_entry),
            max_size=8,
        )
    )
    for key, value in entries:
        values = value if isinstance(value, list) else [value]
        if key == "cmp" or key not in query:
            query[key] = values
        else:
            query[key] = query[key] + values
    return {k: v[0] if len(v) == 1 and k != "cmp" else v for k, v in query.items()}


# -- running a link ------------------------------------------------------------------------


def open_link(query: dict[str, str | list[str]], page: str) -> AppTest:
    """Open ``query`` on the entry page, check that run, then switch to ``page``."""
    at = new_app()
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != ENTRY_PAGE:
        check_run(at, query)
        at.switch_page(page).run()
    return at


def notices(at: AppTest) -> list[str]:
    return [i.value for i in at.info if NOTICE in i.value]


def check_drawn(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.slider, "the sidebar sliders are drawn"
    for s in at.slider:
        assert s.min <= s.value <= s.max, (s.key, s.value, s.min, s.max)
    for m in at.metric:  # headline numbers are numbers
        shown = f"{m.value} {m.delta or ''}".lower()
        assert "nan" not in shown and "inf" not in shown, (m.label, m.value, m.delta)


def check_run(at: AppTest, query: dict[str, str | list[str]]) -> None:
    check_drawn(at)
    expected = problems(query)
    shown = notices(at)
    if expected:
        assert shown, f"the link was adjusted ({expected}) but no notice was shown"
    else:
        assert not shown, f"a clean link opened with a notice: {shown}"
    written = at.query_params
    assert not problems(written), f"the app wrote an unclean link: {problems(written)}"
    assert len(urlencode(written, doseq=True)) < MAX_LINK_CHARS


def assert_link_opens(query: dict[str, str | list[str]], page: str) -> AppTest:
    at = open_link(query, page)
    check_run(at, query)
    return at


def deep_link(query: dict[str, str | list[str]], page: str) -> AppTest:
    """Open ``query`` straight on ``page``, as a browser opening a page's own path does.

    AppTest can only switch to a page registered by ``st.navigation``, which it learns in
    a run; a throwaway first app lends its registry, so that the new session's first run
    is already on ``page``.
    """
    lender = new_app().run()
    at = new_app()
    at._registered_pages = lender._registered_pages
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    if page != ENTRY_PAGE:
        assert at.title[0].value != lender.title[0].value, "the first run is on the page"
    return at


# -- the fuzz test ---------------------------------------------------------------------------

V = {VERSION_KEY: MODEL_VERSION}


@pytest.mark.parametrize("page", PAGES)
@FUZZ
@given(query=links())
@example(query={})
@example(query={**V, "h200_export_units": "250000", "year": "2029", "bands": "0"})
@example(query={**V, "nonsense": "1", "": "x", "🙂": "🙂"})  # unknown keys
@example(query={**V, "h200_price_usd": "", "year": "", "bands": "", "cmp": ""})  # empty
@example(query={**V, "h200_price_usd": "\u202e00052", RTL: RTL, "year": "\u200f2029"})
@example(query={**V, "cny_per_usd": "🙂", "bands": "🙂", "👨‍👩‍👧": "x"})  # emoji
@example(query={**V, "h200_price_usd": "1\x00", "\x00": "\x00", "year": "20\x0029"})  # NUL
@example(query={**V, "domestic_chip_units": "1\n2", "year": "2029\r\n", "x\x1b[31m": "\x07"})
@example(query={**V, "h200_export_units": "NaN", "h200_price_usd": "inf", "year": "NaN"})
@example(query={**V, "cny_per_usd": "-inf", "google_tpu_share": "1e308", "bands": "inf"})
@example(query={**V, "bytedance_budget_growth": "-60", "deployment_lag_months": "-1"})
@example(query={**V, "deployment_lag_months": "1.5", "h200_export_units": "12345.6"})
@example(query={"h200_export_units": "250000"})  # no model version
@example(query={VERSION_KEY: ["1", "2"], "h200_price_usd": ["25000", "30000"]})  # repeated
@example(query={**V, "year": ["2028", "abc"], "junk": ["1", "1", "2"], "cmp": ["baseline"]})
@example(query={**V, "h200_price_usd": "9" * 10_000, "year": "2x" * 5_000})  # 10 kB values
@example(query={**V, "x" * 10_000: "1", "bands": "\x00" * 10_000})
@example(query={**V, VINTAGE_KEY: "1999-01", "year": "2025", "bands": "2"})
@example(query={VERSION_KEY: "999999999999", VINTAGE_KEY: "🙂"})
@example(query={**V, "cmp": ["current", "baseline"], "bands": "1", "year": "2030"})
@example(query={**V, "cmp": ["preset:no_h200", "link:v=1&h200_price_usd=25000", "nope"]})
@example(query={**V, "cmp": ["", "baseline", "preset:baseline", "link:", "link:v=1"]})
@example(query={**V, "<img src=x onerror=alert(1)>": "**bold**", "year": "<b>"})
def test_any_link_opens_every_page(page, query):
    event("adjusted link" if problems(query) else "clean link")
    assert_link_opens(query, page)


def test_the_rule_itself():
    """:func:`problems` agrees with the codec on what it reads and flags what it should."""
    assert problems({}) == []
    assert problems({**V, VINTAGE_KEY: data_vintage(), "year": "2029", "bands": "1"}) == []
    assert problems({**V, "h200_export_units": " 250,000 ", "cmp": ["", "baseline"]}) == []
    assert problems({**V, "cmp": ["current", "link:v=1&h200_price_usd=25000"]}) == []
    assert problems({**V, "cmp": ["baseline", "preset:baseline"]})
    assert problems({**V, "cmp": ["baseline", "link:v=1&year=2029"]})  # the baseline twice
    assert problems({**V, "cmp": ["link:h200_price_usd=25000"]})  # no model version
    assert problems({**V, "cmp": ["current", "baseline", *COMPARE_ITEMS[3:6]]})  # five
    assert problems({"h200_export_units": "250000"})
    assert problems({**V, "deployment_lag_months": "1.5"})
    assert problems({**V, "year": "2025"}) and problems({**V, "bands": " 1"})
    assert problems({**V, "h200_price_usd": ["25000", "30000"]})
    assert as_received({"embed": "true", "EMBED_options": "x"}) == {}
    for p in registry():  # the codec reads every clean value the rule allows, unchanged
        for value in (p.min, p.default, p.max):
            query = {**V, p.key: format_value(value)}
            assert problems(query) == []
            assert Scenario.from_query(query) == (Scenario(**{p.key: value}), [])


def test_deep_link_notice_for_parameters():
    """The link's parameters are checked on any page (the rule holds for them)."""
    query = {**V, "h200_price_usd": "abc", "nonsense": "1"}
    for page in PAGES[1:]:
        at = deep_link(query, page)
        check_run(at, query)


VIEW_BAD = {
    "year": {**V, "year": "abc"},
    "bands": {**V, "bands": "yes"},
    "cmp": {**V, "cmp": "nope"},
    "cmp-10kB": {**V, "cmp": "x" * 10_000},
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("bad", list(VIEW_BAD))
def test_deep_link_notice_for_view_keys(page, bad):
    """Every view key is checked whichever page the link opens, not only where it is used."""
    query = VIEW_BAD[bad]
    check_run(deep_link(query, page), query)


@pytest.mark.parametrize(
    "items",
    [
        ["nonsense"],
        ["preset:nope"],
        ["baseline", "baseline"],
        ["current", "baseline", *COMPARE_ITEMS[3:], "current"],
        ["x" * 10_000],
        ["link:" + "9" * 3_000],
        ["link:v=1&h200_price_usd=abc", "current"],
    ],
    ids=["unknown", "unknown-preset", "twice", "too-many", "10kB", "long-link", "bad-link"],
)
def test_compare_page_checks_cmp_items(items):
    at = assert_link_opens({**V, "cmp": items}, COMPARE_PAGE)
    assert notices(at)


# -- regression tests for bugs this suite found -----------------------------------------


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "year", ["²", "2⁰²⁹", "①", "2" * 10_000, "0" * 4_301], ids=["2", "2029", "1", "10kB", "4301"]
)
def test_year_int_cannot_read_is_a_notice(year, page):
    assert_link_opens({**V, "year": year}, page)


@pytest.mark.parametrize(
    "query", [{**V, "year": ["2028", "2029"]}, {**V, "bands": ["1", "0"]}], ids=["year", "bands"]
)
def test_repeated_view_key_is_a_notice(query):
    assert_link_opens(query, ENTRY_PAGE)


@pytest.mark.parametrize(
    "query",
    [{**V, "year": "20\x0029\u202e"}, {**V, "bands": "1\x1b[2J\u202e"}],
    ids=["year", "bands"],
)
def test_notice_echoes_only_printable_text(query):
    at = assert_link_opens(query, ENTRY_PAGE)
    for line in notices(at)[0].splitlines():
        bad = [unicodedata.name(c, hex(ord(c))) for c in line if not c.isprintable()]
        assert not bad, f"unprintable characters in the notice: {bad}"


@pytest.mark.parametrize("page", [ENTRY_PAGE, COMPARE_PAGE])
def test_zero_google_compute_shows_numbers(page):
    query = {**V, "google_chip_share": "0", "year": "2029"}
    check_run(deep_link(query, page), query)
