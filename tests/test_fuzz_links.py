"""Fuzzed share links: every page opens any link without an error, says when it adjusted
the link, and draws every control within its limits.

A link names its release: its ``v`` (or, without it, its ``data``) picks the model and the
data it runs on; a link with neither opens the current release. A link is *clean* when it
names a known release (and, with both ``v`` and ``data``, a matching pair) and every other
key is a key of that release or a view key, holding a valid value. Anything else (an
unknown key, a value that is not a number, a month or a switch, out of range or not whole
where it must be, a repeated key with different values, a year or switch the page cannot
show) must produce the notice "This link was adjusted to open:" above the page, and a clean
link must open without one. More than three unknown keys are one line of that notice. A
link of an earlier release shows the one-line box that says so, and no other link does.
What mail and chat do to a link (``amp;`` before a key, punctuation glued to its end) is
undone first, silently. A link whose ``chart`` names a chart shows that chart alone, for an
``<iframe>``: no controls, no notices, the link left as it is. A ``moved`` (the address asked
for a page that does not exist) is a notice.
:func:`problems` is that rule, written from the link format (see ``Scenario.from_query``,
the view keys in ``ui/link.py`` and the releases in ``simulator/releases.py``), not from
the app.

Hypothesis draws links for each page (opened on the entry page, then switched to it);
explicit tests open links straight on a page (deep links). Generated links stay within
what Streamlit's server accepts (512 KiB, 1,000 fields). The tests at the end pin inputs
that once broke the rule (odd digits in a year, repeated view keys, unprintable
characters, a Google with no compute left).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import pytest
import streamlit as st
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from simulator import MODEL_VERSION, RELEASES, Scenario, data_vintage, presets
from simulator.timeline import END_YEAR, START_YEAR, month_text
from simulator.words import format_value, link_value
from ui.link import EMBED_CHARTS

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
ENTRY_PAGE = "pages/simulator.py"  # the page a link without a path opens
COMPARE_PAGE = "pages/compare.py"  # the page that shows the comparison held in cmp
PAGES = [ENTRY_PAGE, COMPARE_PAGE, "pages/track_record.py", "pages/assumptions.py"]
PAGES += ["pages/model.py"]
NOTICE = "This link was adjusted to open"
OLDER = "This link uses model"  # the box above a page of an earlier release

# release (a link's v) -> its parameters by key; the current release is MODEL_VERSION
PARAMS = {version: {p.key: p for p in r.params} for version, r in RELEASES.items()}
VINTAGES = {r.vintage: version for version, r in RELEASES.items()}  # a link's data -> v
ALL_KEYS = sorted({key for params in PARAMS.values() for key in params})
VERSION_KEY, VINTAGE_KEY = "v", "data"
VIEW_KEYS = ("year", "bands", "cmp", "chart", "moved")
KNOWN_KEYS = {VERSION_KEY, VINTAGE_KEY, *ALL_KEYS, *VIEW_KEYS}
STREAMLIT_KEYS = {"embed", "embed_options"}  # reserved: Streamlit hides them from the app
YEARS = range(START_YEAR + 1, END_YEAR + 1)  # headline years the page offers
BAND_VALUES = ("0", "1")
PRESETS = presets()  # the current release's stories: name -> (label, description, scenario)
COMPARE_ITEMS = ("current", "baseline", *(f"preset:{name}" for name in PRESETS))
MAX_COMPARED = 4
MAX_ITEM_CHARS = 2000  # a longer cmp item is not a link of this app
MAX_VALUE_CHARS = 40  # longer link values are not numbers
MAX_LINK_CHARS = 2000  # the link the app writes back stays short
MAX_UNKNOWN_NAMED = 3  # more unknown keys than this are counted in one line, not named
# What Streamlit's server accepts in a query string. The fuzz test keeps to it (a drawn link
# of long emoji text can pass it, rarely): Streamlit drops a longer link whole, a case
# tests/test_link_limit.py covers.
MAX_QUERY_BYTES = 512 * 1024
MAX_QUERY_FIELDS = 1000
SWITCH_WORDS = {"yes": 1.0, "true": 1.0, "on": 1.0, "no": 0.0, "false": 0.0, "off": 0.0}
# What mail and chat do to links: "&amp;" between parameters leaves "amp;" before a key, and
# a sentence glues punctuation to the end of a plain token (a key or value of this app).
AMP = "amp;"
GLUED = ".),;!'\">]"
PLAIN_TOKEN = re.compile(r"[\w.,:;=&%+\-/]+")

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


def unglued(text: str) -> str:
    """A plain token without the punctuation a sentence glued to its end (other text as is)."""
    bare = text.rstrip(GLUED)
    return bare if bare != text and (not bare or PLAIN_TOKEN.fullmatch(bare)) else text


def as_sent(link: dict[str, list[str]]) -> dict[str, list[str]]:
    """A received link as its sender wrote it: ``amp;`` off the front of keys, glued
    punctuation off keys and values; a key that was only punctuation is dropped, and keys
    that become the same key pool their values."""
    out: dict[str, list[str]] = {}
    for raw, values in link.items():
        key = raw
        while key.lower().startswith(AMP):
            key = key[len(AMP) :]
        key = unglued(key)
        if key or not raw:
            out.setdefault(key, []).extend(unglued(v) for v in values)
    return out


def read(query: dict[str, str | list[str]]) -> dict[str, list[str]]:
    """The link as the app reads it: received, then as its sender wrote it."""
    return as_sent(as_received(query))


def embedded(query: dict[str, str | list[str]]) -> bool:
    """Whether the link shows one chart alone (its last ``chart`` names a chart)."""
    return read(query).get("chart", [""])[-1] in EMBED_CHARTS


def release_of(link: dict[str, list[str]]) -> tuple[str, list[str]]:
    """The release a link opens (its version) and what is wrong with how it names it.

    ``v`` picks the release; without it, ``data`` does; with neither (or both empty), the
    current release. A ``data`` that does not go with ``v`` is a problem (``v`` wins).
    """
    version = link.get(VERSION_KEY, [""])[-1].strip()
    vintage = link.get(VINTAGE_KEY, [""])[-1].strip()
    if version:
        if version not in RELEASES:
            return MODEL_VERSION, [f"unknown model version {version[:40]!r}"]
        if vintage and vintage != RELEASES[version].vintage:
            return version, [f"data {vintage[:40]!r} is not model {version}'s vintage"]
        return version, []
    if vintage:
        if vintage not in VINTAGES:
            return MODEL_VERSION, [f"unknown data vintage {vintage[:40]!r}"]
        return VINTAGES[vintage], []
    return MODEL_VERSION, []


def month_number(text: str) -> float | None:
    """A month written YYYY-MM as its index on the model's time axis (2025-01 is 0)."""
    parts = text.split("-")
    if len(parts) != 2:
        return None
    try:
        year, month = int(parts[0]), int(parts[1])
    except ValueError:
        return None
    return float((year - START_YEAR) * 12 + month - 1) if 1 <= month <= 12 else None


def link_number(p, text: str) -> float | None:
    """A parameter value as the link format writes it (spaces around it and thousands
    separators ``,``/``_`` allowed, at most 40 characters): a number; for a month also
    YYYY-MM; for a switch also yes/no, true/false or on/off."""
    clean = text.strip().replace(",", "").replace("_", "")
    if not clean or len(clean) > MAX_VALUE_CHARS:
        return None
    if p.unit == "switch" and clean.lower() in SWITCH_WORDS:
        return SWITCH_WORDS[clean.lower()]
    if p.unit == "month" and len(clean) == 7 and clean[4] == "-":
        return month_number(clean)
    try:
        value = float(clean)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def reads_as_value(p, text: str) -> bool:
    """A valid value of parameter ``p``: it reads, lies within the parameter's range, and is
    whole for whole-number parameters (months and switches are)."""
    value = link_number(p, text)
    if value is None or not p.min <= value <= p.max:
        return False
    return value.is_integer() or not p.is_integer


def identity(scenario: Scenario) -> str:
    """How a compared link is named: the baseline, a preset of the current release, else its
    canonical query (an earlier release's scenario is always a link)."""
    if scenario == Scenario():
        return "baseline"
    if scenario.version == MODEL_VERSION:
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
        inner = as_sent(parse_qs(item.removeprefix("link:"), keep_blank_values=True))
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


def unknown_keys(query: dict[str, str | list[str]]) -> list[str]:
    """The keys of a link that are neither the release's parameters nor ``v``, ``data`` or a
    view key."""
    link = read(query)
    params = PARAMS[release_of(link)[0]]
    known = {VERSION_KEY, VINTAGE_KEY, *VIEW_KEYS, *params}
    return [key for key in link if key not in known]


def problems(query: dict[str, str | list[str]]) -> list[str]:
    """Everything in a link that is not a valid value of a known key (empty: clean).

    An empty ``v`` or ``data`` counts as absent: a link without either opens the current
    release, with no notice.
    """
    link = read(query)
    version, found = release_of(link)
    params = PARAMS[version]
    for key, values in link.items():
        last = values[-1]
        if key == "cmp":  # a repeated key by design: one item per compared scenario
            found += cmp_problems(values)
            continue
        if len(set(values)) > 1:
            found.append(f"{key[:40]!r} appears with different values")
        if key in (VERSION_KEY, VINTAGE_KEY):
            continue  # judged with the release, above
        if key == "year":
            if last not in {str(y) for y in YEARS}:
                found.append(f"year {last[:40]!r} is not a year the page shows")
        elif key == "bands":
            if last not in BAND_VALUES:
                found.append(f"bands {last[:40]!r} is not 0 or 1")
        elif key == "chart":
            if last and last not in EMBED_CHARTS:
                found.append(f"chart {last[:40]!r} is not a chart shown alone")
        elif key == "moved":  # set on the way in: the page address the link asked for is gone
            if last:
                found.append(f"the link asked for a page at {last[:40]!r}, which does not exist")
        elif key in params:
            if not reads_as_value(params[key], last):
                found.append(f"{key}={last[:40]!r} is not a valid value for model {version}")
        else:
            found.append(f"unknown key {key[:40]!r}")
    return found


def within_limits(query: dict[str, str | list[str]]) -> bool:
    """Whether Streamlit's server would accept the link (size and number of fields)."""
    fields = sum(len(v) if isinstance(v, list) else 1 for v in query.values())
    return fields <= MAX_QUERY_FIELDS and len(urlencode(query, doseq=True)) <= MAX_QUERY_BYTES


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


def valid_number(p) -> hs.SearchStrategy[str]:
    """A valid value of parameter ``p``, as a sender's link would write it (or a reader
    might type it: a month as its index, a switch as a word)."""
    if p.unit == "month":
        months = hs.integers(int(p.min), int(p.max))
        return hs.one_of(months.map(month_text), months.map(str))
    if p.unit == "switch":
        return hs.sampled_from(["0", "1", "yes", "no", "True", "off", " On "])
    if p.is_integer:
        return hs.integers(int(p.min), int(p.max)).map(str)
    return hs.floats(p.min, p.max).map(format_value)


def declared(version: str, key: str):
    """The parameter ``key`` of the release, or of the first release that declares it."""
    return PARAMS[version].get(key) or next(ps[key] for ps in PARAMS.values() if key in ps)


def param_entry(version: str) -> hs.SearchStrategy[tuple[str, str]]:
    """A parameter of the release (mostly) or of any release, with a value valid for the
    release that declares it, or garbage."""
    key = hs.one_of(hs.sampled_from(sorted(PARAMS[version])), hs.sampled_from(ALL_KEYS))
    return key.flatmap(
        lambda k: hs.tuples(hs.just(k), hs.one_of(valid_number(declared(version, k)), garbage))
    )


def as_link(version: str) -> Callable[[tuple[str, str]], str]:
    """A pasted link of release ``version`` holding one parameter, as a cmp item."""

    def item(pair: tuple[str, str]) -> str:
        return "link:" + urlencode({VERSION_KEY: version, pair[0]: pair[1]})

    return item


compare_item = hs.one_of(
    hs.sampled_from(COMPARE_ITEMS),
    *(param_entry(v).map(as_link(v)) for v in RELEASES),  # a pasted link, clean or not
    any_text.map(lambda t: "preset:" + t),
    any_text.map(lambda t: "link:" + t),
    hs.just("link:" + "x" * MAX_ITEM_CHARS),
    garbage,
)
view_entry = hs.one_of(
    hs.tuples(hs.just("year"), hs.one_of(hs.sampled_from([str(y) for y in YEARS]), garbage)),
    hs.tuples(hs.just("bands"), hs.one_of(hs.sampled_from(BAND_VALUES), garbage)),
    hs.tuples(hs.just("cmp"), hs.lists(compare_item, max_size=6)),
    hs.tuples(hs.just("chart"), hs.one_of(hs.just(""), hs.sampled_from(EMBED_CHARTS), garbage)),
    hs.tuples(hs.just("moved"), hs.one_of(hs.just(""), hs.just("/simulator/extra"), garbage)),
)
meta_entry = hs.one_of(
    hs.tuples(hs.just(VERSION_KEY), hs.one_of(hs.sampled_from([*RELEASES, "3"]), garbage)),
    hs.tuples(hs.just(VINTAGE_KEY), hs.one_of(hs.sampled_from([*VINTAGES, "2026-01"]), garbage)),
)
unknown_key = hs.one_of(
    any_text,
    long_text,
    hs.sampled_from(["V", "Year", " v", "h200_export_units ", "H200_EXPORT_UNITS", "cmp[]"]),
).filter(lambda k: k not in KNOWN_KEYS and k.lower() not in STREAMLIT_KEYS)
unknown_entry = hs.tuples(unknown_key, hs.one_of(garbage, hs.just("1")))
many_unknown = hs.integers(4, 30).map(lambda n: [(f"old_setting_{i}", "1") for i in range(n)])
repeated_entry = hs.tuples(
    hs.sampled_from([*ALL_KEYS, "year", "bands", VERSION_KEY, "junk"]),
    hs.lists(
        hs.one_of(hs.sampled_from(["1", "2029", "0", "400000", "2027-01"]), garbage),
        min_size=2,
        max_size=3,
    ),
)


@hs.composite
def links(draw) -> dict[str, str | list[str]]:
    """A query: mostly links that name their release, with up to eight entries of any kind
    (sometimes a batch of unknown keys, as a link from a far older app would hold)."""
    query: dict[str, list[str]] = {}
    # three in five links name the current model, one in five model 1, one in five neither
    version = draw(hs.sampled_from([MODEL_VERSION, MODEL_VERSION, MODEL_VERSION, "1", ""]))
    if version:
        query[VERSION_KEY] = [version]
    entries = draw(
        hs.lists(
            hs.one_of(
                param_entry(version or MODEL_VERSION),
                view_entry,
                meta_entry,
                unknown_entry,
                repeated_entry,
            ),
            max_size=8,
        )
    )
    if draw(hs.integers(0, 9)) == 0:
        entries += draw(many_unknown)
    for key, value in entries:
        values = value if isinstance(value, list) else [value]
        if key == "cmp" or key not in query:
            query[key] = values
        else:
            query[key] = query[key] + values
    if query and draw(hs.integers(0, 4)) == 0:  # one in five went through mail or chat
        query = draw(mangled(query))
    return {k: v[0] if len(v) == 1 and k != "cmp" else v for k, v in query.items()}


@hs.composite
def mangled(draw, query: dict[str, list[str]]) -> dict[str, list[str]]:
    """The query after mail or chat: "amp;" before some keys, punctuation glued to the
    last value."""
    out: dict[str, list[str]] = {}
    for key, values in query.items():
        if draw(hs.booleans()):
            key = AMP * draw(hs.integers(1, 2)) + key
        out.setdefault(key, []).extend(values)
    last = list(out)[-1]
    if out[last] and draw(hs.booleans()):
        out[last] = [*out[last][:-1], out[last][-1] + draw(hs.sampled_from(GLUED))]
    return out


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


def older_release(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith(OLDER)]


def check_drawn(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.slider, "the sidebar sliders are drawn"
    for s in at.slider:
        assert s.min <= s.value <= s.max, (s.key, s.value, s.min, s.max)
    params = PARAMS[at.session_state["scenario"].version]
    for s in at.select_slider:  # months: within the parameter's range
        p = params[s.key.removeprefix("w_")]
        assert p.min <= s.value <= p.max, (s.key, s.value, p.min, p.max)
    for m in at.metric:  # headline numbers are numbers
        shown = f"{m.value} {m.delta or ''}".lower()
        assert "nan" not in shown and "inf" not in shown, (m.label, m.value, m.delta)


UNKNOWN_LINE = re.compile(r"^- ([\d,]+) unknown settings were ignored\.$")


def check_unknown_keys(notice: list[str], query: dict[str, str | list[str]]) -> None:
    """More than three unknown keys are one line that counts them; fewer are each named."""
    unknown = unknown_keys(query)
    lines = [line.replace("\\", "") for text in notice for line in text.splitlines()]
    counted = [m.group(1) for m in map(UNKNOWN_LINE.match, lines) if m]
    if len(unknown) > MAX_UNKNOWN_NAMED:
        assert counted == [f"{len(unknown):,}"], (counted, len(unknown))
    else:
        assert counted == [], counted


def check_embedded(at: AppTest, query: dict[str, str | list[str]]) -> None:
    """One chart alone, for an <iframe>: no controls, no notices, the link as it came."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert not at.slider and not at.metric, "a chart alone: no controls, no cards"
    assert at.get("vega_lite_chart"), "the chart is drawn"
    assert not notices(at) and not older_release(at)
    version, _ = release_of(read(query))
    assert at.session_state["scenario"].version == version, "the link picks the release"


def check_run(at: AppTest, query: dict[str, str | list[str]]) -> None:
    if embedded(query):
        check_embedded(at, query)
        return
    check_drawn(at)
    expected = problems(query)
    shown = notices(at)
    if expected:
        assert shown, f"the link was adjusted ({expected}) but no notice was shown"
    else:
        assert not shown, f"a clean link opened with a notice: {shown}"
    check_unknown_keys(shown, query)
    version, _ = release_of(read(query))
    assert at.session_state["scenario"].version == version, "the link picks the release"
    if version == MODEL_VERSION:
        assert not older_release(at), "the current release needs no box"
    else:
        assert older_release(at) == [
            f"{OLDER} {version} with data as of {RELEASES[version].label}: the numbers are "
            "the ones its sender saw."
        ]
    written = at.query_params
    assert not problems(written), f"the app wrote an unclean link: {problems(written)}"
    assert release_of(read(written)) == (version, []), "the link keeps its release"
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
@given(query=links().filter(within_limits))
@example(query={})
@example(query={**V, "h200_export_units": "250000", "year": "2029", "bands": "0"})
@example(query={**V, "nonsense": "1", "": "x", "🙂": "🙂"})  # unknown keys
@example(query={**V, "h200_price_usd": "", "year": "", "bands": "", "cmp": ""})  # empty
@example(query={**V, "h200_price_usd": "\u202e00052", RTL: RTL, "year": "\u200f2029"})
@example(query={**V, "cny_per_usd": "🙂", "bands": "🙂", "👨‍👩‍👧": "x"})  # emoji
@example(query={**V, "h200_price_usd": "1\x00", "\x00": "\x00", "year": "20\x0029"})  # NUL
@example(query={**V, "h200_customer_cap": "1\n2", "year": "2029\r\n", "x\x1b[31m": "\x07"})
@example(query={**V, "h200_export_units": "NaN", "h200_price_usd": "inf", "year": "NaN"})
@example(query={**V, "cny_per_usd": "-inf", "google_tpu_share": "1e308", "bands": "inf"})
@example(query={**V, "bytedance_budget_growth": "-60", "deployment_lag_months": "-1"})
@example(query={**V, "deployment_lag_months": "1.5", "h200_export_units": "12345.6"})
@example(query={"h200_export_units": "250000"})  # no v, no data: the current release
@example(query={"v": "1", "data": "2026-02", "h200_export_units": "0", "year": "2028"})
@example(query={VINTAGE_KEY: "2026-02", "domestic_chip_units": "300000"})  # data picks model 1
@example(query={"v": "1", VINTAGE_KEY: "2026-06", "h200_first_month": "2027-01"})  # mismatched
@example(query={**V, "h200_first_month": "2027-01", "beijing_allows_h200": "no"})  # month, switch
@example(query={**V, "h200_first_month": "2027-13", "remote_access_close_month": "2020-01"})
@example(query={**V, "beijing_allows_h200": "maybe", "remote_access_close_month": "24.5"})
@example(query={**V, **{f"old_setting_{i}": "1" for i in range(300)}})  # one line for 300
@example(query={VERSION_KEY: ["1", "2"], "h200_price_usd": ["25000", "30000"]})  # repeated
@example(query={**V, "year": ["2028", "abc"], "junk": ["1", "1", "2"], "cmp": ["baseline"]})
@example(query={**V, "h200_price_usd": "9" * 10_000, "year": "2x" * 5_000})  # 10 kB values
@example(query={**V, "x" * 10_000: "1", "bands": "\x00" * 10_000})
@example(query={**V, VINTAGE_KEY: "1999-01", "year": "2025", "bands": "2"})
@example(query={VERSION_KEY: "999999999999", VINTAGE_KEY: "🙂"})
@example(query={**V, "cmp": ["current", "baseline"], "bands": "1", "year": "2030"})
@example(query={**V, "cmp": ["preset:squeeze", "link:v=1&h200_price_usd=25000", "nope"]})
@example(query={"v": "1", "cmp": ["current", "link:v=1", "link:v=1&h200_export_units=0"]})
@example(query={**V, "cmp": ["", "baseline", "preset:baseline", "link:", "link:v=1"]})
@example(query={**V, "<img src=x onerror=alert(1)>": "**bold**", "year": "<b>"})
@example(query={**V, "amp;year": "2029", "amp;amp;h200_first_month": "2027-01)."})  # mail
@example(query={**V, "year": "2029", "beijing_allows_h200": "no.", "cmp": "preset:squeeze,"})
@example(query={**V, "chart": "compute", "h200_price_usd": "abc"})  # one chart alone
@example(query={**V, "chart": "track_record.", "year": "2029"})  # alone, from a sentence
@example(query={**V, "chart": ["compute", "nope"], "year": "2029"})
@example(query={"v": "1", "chart": "spend"})
def test_any_link_opens_every_page(page, query):
    event("adjusted link" if problems(query) else "clean link")
    assert_link_opens(query, page)


def test_the_rule_itself():
    """:func:`problems` agrees with the codec on what it reads and flags what it should."""
    assert problems({}) == []
    assert problems({**V, VINTAGE_KEY: data_vintage(), "year": "2029", "bands": "1"}) == []
    assert problems({**V, "h200_export_units": " 250,000 ", "cmp": ["", "baseline"]}) == []
    assert problems({**V, "cmp": ["current", "link:v=2&h200_price_usd=25000"]}) == []
    assert problems({**V, "cmp": ["current", "link:v=1&h200_price_usd=25000"]}) == []
    assert problems({**V, "cmp": ["link:h200_price_usd=25000"]}) == []  # the current release
    assert problems({**V, "cmp": ["baseline", "preset:baseline"]})
    assert problems({**V, "cmp": ["baseline", "link:v=2&year=2029"]})  # the baseline twice
    assert problems({**V, "cmp": ["baseline", "link:v=1"]}) == [], "model 1's baseline differs"
    assert problems({**V, "cmp": ["current", "baseline", *COMPARE_ITEMS[3:6]]})  # five
    # v picks the release; without it, data does; with neither, the current one, silently
    assert problems({"h200_export_units": "250000", "h200_first_month": "2027-01"}) == []
    assert problems({"v": "1", "domestic_chip_units": "300000"}) == []
    assert problems({VINTAGE_KEY: "2026-02", "domestic_chip_units": "300000"}) == []
    assert problems({"v": "1", VINTAGE_KEY: "2026-02"}) == []
    assert problems({"v": "1", VINTAGE_KEY: "2026-06"}), "a vintage that is not v's"
    assert problems({"v": "3"}) and problems({VINTAGE_KEY: "2026-01"})
    assert problems({**V, "domestic_chip_units": "300000"}), "a model-1 key in a model-2 link"
    assert problems({"v": "1", "h200_first_month": "2027-01"}), "a model-2 key in model 1"
    assert release_of(as_received({VINTAGE_KEY: "2026-02"})) == ("1", [])
    assert release_of(as_received({"v": " 1 ", VINTAGE_KEY: ""})) == ("1", [])
    assert release_of(as_received({"v": "", VINTAGE_KEY: ""})) == (MODEL_VERSION, [])
    # months, written YYYY-MM or as an index, and switches, as a number or a word
    assert problems({**V, "h200_first_month": "2027-01", "beijing_allows_h200": " No "}) == []
    assert problems({**V, "h200_first_month": "24", "beijing_allows_h200": "1"}) == []
    assert problems({**V, "h200_first_month": "2027-13"})
    assert problems({**V, "h200_first_month": "2026-01"}), "before July 2026: out of range"
    assert problems({**V, "h200_first_month": "24.5"}), "a month is whole"
    assert problems({**V, "beijing_allows_h200": "maybe"})
    assert problems({**V, "beijing_allows_h200": "2"})
    assert problems({**V, "deployment_lag_months": "1.5"})
    assert problems({**V, "year": "2025"}) and problems({**V, "bands": " 1"})
    assert problems({**V, "h200_price_usd": ["25000", "30000"]})
    assert as_received({"embed": "true", "EMBED_options": "x"}) == {}
    # links that went through mail and chat read as they were sent, silently
    mailed = {"amp;v": "2", "amp;amp;h200_first_month": "2027-01.", "year": "2029)."}
    assert read(mailed) == {"v": ["2"], "h200_first_month": ["2027-01"], "year": ["2029"]}
    assert problems(mailed) == []
    assert problems({**V, "year": "2029", "amp;year": "2028"}), "the same key twice"
    assert problems({**V, "note": "see (below)."}), "not a plain token: an unknown key all the same"
    # one chart alone: a chart's name; anything else is a notice on the full page
    assert embedded({**V, "chart": "compute"}) and embedded({**V, "chart": "spend."})
    assert not embedded({**V, "chart": "nope"}) and problems({**V, "chart": "nope"})
    assert problems({**V, "chart": ""}) == [] and not embedded({**V, "chart": ""})
    assert problems({**V, "moved": "/compare/extra"}) and problems({**V, "moved": ""}) == []
    many = {**V, **{f"old_{i}": "1" for i in range(300)}}
    assert len(unknown_keys(many)) == 300 and len(problems(many)) == 300
    assert within_limits(many) and not within_limits({f"k{i}": "1" for i in range(1001)})
    for version, params in PARAMS.items():  # the codec reads every clean value, unchanged
        for p in params.values():
            for value in (p.min, p.default, p.max):
                for text in {format_value(value), link_value(p, value)}:
                    query = {VERSION_KEY: version, p.key: text}
                    assert problems(query) == [], query
                    want = Scenario.of(version, **{p.key: value})
                    assert Scenario.from_query(query) == (want, []), query


def test_many_unknown_keys_are_one_line_on_every_page():
    query = {**V, **{f"old_setting_{i}": "1" for i in range(300)}, "h200_customer_cap": "x"}
    for page in PAGES:
        at = deep_link(query, page)
        check_run(at, query)
        lines = notices(at)[0].replace("\\", "").splitlines()
        assert "- 300 unknown settings were ignored." in lines
        assert not any("old_setting_" in line for line in lines)


def test_a_model_1_link_opens_model_1_on_every_page():
    query = {"v": "1", VINTAGE_KEY: "2026-02", "domestic_chip_units": "300000", "year": "2029"}
    for page in PAGES:
        at = deep_link(query, page)
        check_run(at, query)  # model 1, its box, no notice, the link kept as it was
        assert at.query_params["domestic_chip_units"] == "300000"


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
        ["link:v=2&h200_price_usd=abc", "current"],
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


@pytest.mark.parametrize("chart", ["compute", "compute.", "track_record)."])
def test_one_chart_alone_stays_alone_at_the_next_run(chart):
    """A link for one chart alone (even with a full stop glued on by a sentence) shows that
    chart on every run: it used to open the whole page, write the chart into the URL and
    turn into a lone chart at the next run."""
    query = {**V, "chart": chart, "year": "2029"}
    at = assert_link_opens(query, ENTRY_PAGE)
    at.run()
    check_embedded(at, query)
    assert dict(at.query_params) == query, "the link is left as it came"
