"""Compare scenarios: the page (AppTest) and its pure functions (ui/compare.py, ui/link.py)."""

from __future__ import annotations

import functools
import re
from urllib.parse import urlencode

import pytest
import streamlit as st
from conftest import open_app_page
from streamlit.testing.v1 import AppTest

from simulator import RELEASES, Scenario, param, presets, project, registry
from simulator.summary import cards, headline
from simulator.timeline import month_index
from ui import compare
from ui import link as link_format
from ui.charts import compare as charts
from ui.charts import style

PAGE = "pages/compare.py"
REMOTE_LABEL, _, REMOTE_CLOSED = presets()["remote_closed"]  # remote access closed in 2027
SQUEEZE = presets()["squeeze"][2]
JAN_2027 = month_index("2027-01")


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()


open_compare = functools.partial(open_app_page, PAGE)


def cmp_of(at: AppTest) -> list[str]:
    value = at.query_params.get("cmp", [])
    return [value] if isinstance(value, str) else list(value)


LABELS = {p.label: p.key for r in RELEASES.values() for p in r.params}  # label -> key


def _cells(line: str) -> list[str]:
    """The cells of a Markdown table row, as shown (escapes and word joiners off)."""
    cells = line.strip().removeprefix("|").removesuffix("|").split(" | ")
    return [re.sub(r"\\(.)", r"\1", c.strip()).replace("\u2060", "") for c in cells]


def assumption_table(at: AppTest) -> list[dict[str, str]]:
    """The rows of "What they assume differently" (a Markdown table), by column header."""
    found = [m.value for m in at.main.markdown if m.value.startswith("| Assumption")]
    if not found:
        return []
    header, _, *rows = found[0].splitlines()
    return [dict(zip(_cells(header), _cells(row), strict=True)) for row in rows]


def table_keys(at: AppTest) -> list[str]:
    return [LABELS[row["Assumption"]] for row in assumption_table(at)]


def table_row(at: AppTest, key: str) -> dict[str, str]:
    return next(row for row in assumption_table(at) if LABELS[row["Assumption"]] == key)


def shown_numbers(at: AppTest) -> list[tuple[str, str, str]]:
    """Metrics in page order: one row per headline number, one metric per scenario."""
    return [(m.label, m.value, m.delta or "") for m in at.metric]


def expected_values(scenario: Scenario, year: int = 2027) -> list[str]:
    now, then = headline(project(scenario), year), headline(project(Scenario()), year)
    return [c.value for c in cards(now, then, None)]


# ---------------------------------------------------------------- the page
def test_compare_page_runs_with_the_default_comparison():
    at = open_compare()
    assert at.title[0].value == "Compare scenarios"
    assert not at.error
    assert at.multiselect(key="w_cmp").value == ["current", "baseline"]
    assert "cmp" not in at.query_params, "the default comparison keeps the link short"
    # this scenario is the baseline: nothing differs, and the page says so
    assert not assumption_table(at)
    assert any("same scenario" in c.value for c in at.caption)
    assert len(at.metric) == 8
    assert len(at.get("vega_lite_chart")) == 3


def test_sidebar_controls_are_drawn_on_the_compare_page():
    at = open_compare()
    assert at.sidebar.slider, "the page runs inside the entrypoint, not on its own"


def test_differing_assumptions_lists_only_what_differs():
    at = open_compare({"cmp": ["baseline", "preset:remote_closed"]})
    assert table_keys(at) == ["remote_access_close_month"]
    row = assumption_table(at)[0]
    p = param("remote_access_close_month")
    assert row["Assumption"] == p.label
    assert row["Unit"] == p.display_unit
    assert row["Baseline"] == "not by 2030"
    assert row[REMOTE_LABEL] == "Jan 2027"
    assert row["Source of the baseline value"].startswith(" ".join(p.source.split()))
    assert cmp_of(at) == ["baseline", "preset:remote_closed"]


def test_one_scenario_alone_asks_for_another_and_lists_no_differences():
    at = open_compare({"cmp": "preset:remote_closed"})
    assert any("Add a second scenario" in i.value for i in at.info)
    subheaders = [h.value for h in at.subheader]
    assert "What they assume differently" not in subheaders
    assert "Headline numbers" in subheaders
    assert not assumption_table(at)
    assert len(at.metric) == 4


def test_headline_numbers_match_the_simulator_cards_with_differences():
    at = open_compare({"cmp": ["baseline", "preset:remote_closed"], "year": "2029"})
    base, closed = expected_values(Scenario(), 2029), expected_values(REMOTE_CLOSED, 2029)
    shown = shown_numbers(at)
    assert [v for _, v, _ in shown] == [x for pair in zip(base, closed, strict=True) for x in pair]
    assert [label for label, _, _ in shown] == ["Baseline", REMOTE_LABEL] * 4
    assert shown[0][2] == "", "the first scenario has no difference"
    assert shown[1][2].endswith(" pts") and shown[1][2].startswith("-")
    assert shown[7][2].startswith("+¥")  # more money with no chips to buy
    assert not any(" vs " in delta for _, _, delta in shown), "the caption names the reference"
    headers = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("**")]
    assert "**ByteDance compute, % of Google's (2029)**" in headers


def test_a_pasted_link_adds_a_scenario():
    at = open_compare()
    link = "http://localhost:8501/home?v=2&data=2026-06&h200_price_usd=30000&year=2029"
    at.text_input(key="cmp_paste").input(link)
    at.button(key="cmp_add").click().run()
    assert not at.exception, at.exception
    item = "link:" + urlencode({"v": "2", "data": "2026-06", "h200_price_usd": "30000"})
    assert at.multiselect(key="w_cmp").value == ["current", "baseline", item]
    assert cmp_of(at) == ["current", "baseline", item]
    assert at.success and "Added" in at.success[0].value
    assert table_keys(at) == ["h200_price_usd"]
    assert "Link 1" in assumption_table(at)[0]
    assert at.text_input(key="cmp_paste").value == "", "the box is cleared for the next link"
    assert len(at.metric) == 12


def test_a_pasted_link_that_needed_fixing_says_what_changed():
    at = open_compare()
    at.text_input(key="cmp_paste").input("?v=2&remote_access_close_month=2020-01")
    at.button(key="cmp_add").click().run()
    assert at.warning, "the link's warnings are shown"
    assert "outside the allowed range" in at.warning[0].value
    assert cmp_of(at)[-1] == "link:v=2&data=2026-06&remote_access_close_month=2026-07", (
        "clamped to July 2026"
    )


def test_pasting_text_that_is_not_a_link_explains_and_adds_nothing():
    at = open_compare()
    at.text_input(key="cmp_paste").input("hello there")
    at.button(key="cmp_add").click().run()
    assert at.error and "not a link" in at.error[0].value
    assert at.multiselect(key="w_cmp").value == ["current", "baseline"]


def test_pasting_a_scenario_already_compared_says_so():
    at = open_compare({"cmp": ["baseline", "preset:remote_closed"]})
    link = "https://example.org/home?v=2&remote_access_close_month=2027-01"
    at.text_input(key="cmp_paste").input(link)
    at.button(key="cmp_add").click().run()
    assert at.info and "already in the comparison" in at.info[0].value
    assert cmp_of(at) == ["baseline", "preset:remote_closed"]


def test_bad_cmp_items_are_dropped_with_a_notice():
    hostile = "<img src=x onerror=alert(1)>"
    at = open_compare(
        {"cmp": ["baseline", "preset:nope", hostile, "link:h200_price_usd=999999", "current"]}
    )
    assert not at.error
    notice = at.info[0].value
    assert "not a preset" in notice
    assert "not a scenario this app can compare" in notice
    assert "outside the allowed range" in notice
    assert "\\<img" in notice and notice.count("<img") == notice.count("\\<img")
    link = "link:" + urlencode({"v": "2", "data": "2026-06", "h200_price_usd": "60000"})
    assert cmp_of(at) == ["baseline", link, "current"], "bad items dropped, the link made canonical"


def test_more_than_four_scenarios_keeps_the_first_four():
    items = [
        "current",
        "baseline",
        "preset:h200_2027",
        "preset:remote_closed",
        "preset:google_cuts",
    ]
    at = open_compare({"cmp": items})
    assert cmp_of(at) == items[:4]
    assert "at most 4" in at.info[0].value


def test_choosing_scenarios_puts_them_in_the_link():
    at = open_compare()
    chosen = ["preset:h200_2027", "current", "preset:squeeze"]
    at.multiselect(key="w_cmp").set_value(chosen).run()
    assert not at.exception
    assert cmp_of(at) == chosen
    assert [m.label for m in at.metric[:3]] == [
        "H200 from 2027 at the cap",
        "This scenario",
        "Full squeeze",
    ]
    # a reader of that link sees the same comparison
    again = open_compare(dict(at.query_params))
    assert again.multiselect(key="w_cmp").value == chosen


def test_this_scenario_follows_the_sidebar():
    at = open_compare({"remote_access_close_month": "2027-01", "v": "2"})
    values = [m.value for m in at.metric if m.label == "This scenario"]
    assert values == expected_values(REMOTE_CLOSED)
    assert table_keys(at) == ["remote_access_close_month"]
    text = " ".join(m.value for m in at.main.markdown).replace("\\", "")
    assert "now the preset 'Remote access closed'" in text


def test_a_model_1_scenario_is_compared_with_the_current_baseline():
    """A model-1 link compares across releases: a parameter one release lacks shows '—'."""
    at = open_compare({"v": "1", "data": "2026-02", "h200_export_units": "0"})
    assert not at.exception and not at.error
    keys = table_keys(at)
    assert "domestic_chip_units" in keys and "h200_first_month" in keys
    assert table_row(at, "domestic_chip_units")["Baseline"] == "—"
    assert table_row(at, "h200_first_month")["This scenario"] == "—"
    assert table_row(at, "h200_export_units")["This scenario"] == "0"
    old = Scenario.of("1", h200_export_units=0)
    now = headline(project(old), 2027)
    values = [m.value for m in at.metric if m.label == "This scenario"]
    assert values == [c.value for c in cards(now, now, None)]


def test_a_pasted_model_1_link_stays_a_model_1_scenario():
    at = open_compare()
    at.text_input(key="cmp_paste").input("https://example.org/?v=1&data=2026-02")
    at.button(key="cmp_add").click().run()
    assert not at.exception and not at.error
    item = "link:" + urlencode({"v": "1", "data": "2026-02"})
    assert cmp_of(at) == ["current", "baseline", item], "model 1's baseline is not model 2's"
    assert "Link 1" in assumption_table(at)[0]


def test_emptying_the_picker_asks_for_scenarios_without_failing():
    at = open_compare({"cmp": ["baseline", "preset:remote_closed"]})
    at.multiselect(key="w_cmp").set_value([]).run()
    assert not at.exception
    assert any("Pick two to four" in i.value for i in at.info)
    assert not at.metric
    at.multiselect(key="w_cmp").set_value(["preset:squeeze"]).run()
    assert any("Add a second scenario" in i.value for i in at.info)
    assert len(at.metric) == 4


# ---------------------------------------------------------------- pure functions
def entries(*items: str, current: Scenario | None = None) -> list[link_format.Entry]:
    found, notes = link_format.read_items(list(items), current or Scenario())
    assert not notes, notes
    return found


def test_table_builder_lists_exactly_the_differing_assumptions():
    table = compare.differing_assumptions(entries("baseline", "preset:remote_closed"))
    assert list(table.index) == ["remote_access_close_month"]
    assert list(table.columns) == [
        "Assumption",
        "Baseline",
        REMOTE_LABEL,
        "Unit",
        "Kind",
        "Source",
        "As of",
        "Link",
    ]


def test_table_builder_takes_the_union_over_all_scenarios():
    mine = Scenario(h200_price_usd=25_000, cny_per_usd=7.3)
    table = compare.differing_assumptions(
        entries("current", "preset:remote_closed", "preset:h200_2027", current=mine)
    )
    # registry order, each listed once, only what differs between any two scenarios
    order = [p.key for p in registry()]
    want = {"remote_access_close_month", "h200_first_month", "h200_price_usd", "cny_per_usd"}
    assert set(table.index) == want
    assert list(table.index) == sorted(table.index, key=order.index)
    row = table.loc["cny_per_usd"]
    assert row["This scenario"] == "7.3" and row[REMOTE_LABEL] == "7.04"
    row = table.loc["h200_first_month"]
    assert row["This scenario"] == "not by 2030" and row["H200 from 2027 at the cap"] == "Jan 2027"


def test_table_builder_compares_across_releases():
    old = link_format.link_item(Scenario.of("1", h200_export_units=0))
    table = compare.differing_assumptions(entries("baseline", old))
    assert table.loc["domestic_chip_units", "Baseline"] == "—"
    assert table.loc["h200_first_month", "Link 1"] == "—"
    assert table.loc["h200_export_units", "Link 1"] == "0"
    assert "bytedance_budget_growth" in table.index, "the releases' defaults differ"


def test_table_builder_is_empty_for_identical_scenarios():
    assert compare.differing_assumptions(entries("current", "baseline")).empty
    assert compare.same_pairs(entries("current", "baseline")) == [("This scenario", "Baseline")]


def test_read_items_defaults_caps_and_canonical_forms():
    found, notes = link_format.read_items([], Scenario())
    assert [e.item for e in found] == link_format.DEFAULT and not notes
    # the baseline preset is the baseline; a link to a preset is that preset
    link = "link:" + urlencode({"v": "2", "remote_access_close_month": "2027-01"})
    found, notes = link_format.read_items(["preset:baseline", link], Scenario())
    assert [e.item for e in found] == ["baseline", "preset:remote_closed"] and not notes
    # ... but only a preset of the current release: model 1's stories are links
    old = "link:" + urlencode({"v": "1", "data": "2026-02", "h200_export_units": "0"})
    found, notes = link_format.read_items([old, "link:v=1"], Scenario())
    assert [e.item for e in found] == [old, "link:v=1&data=2026-02"] and not notes
    assert [e.scenario.version for e in found] == ["1", "1"]
    found, notes = link_format.read_items(["baseline", "baseline"], Scenario())
    assert [e.item for e in found] == ["baseline"] and "twice" in notes[0]
    found, notes = link_format.read_items(["nonsense", "preset:"], Scenario())
    assert [e.item for e in found] == link_format.DEFAULT and len(notes) == 3
    found, notes = link_format.read_items(["link:" + "x" * 5000], Scenario())
    assert "left out" in notes[0]


def test_links_are_numbered_and_kept_apart():
    one = link_format.link_item(Scenario(h200_price_usd=30_000))
    two = link_format.link_item(Scenario(h200_price_usd=35_000))
    found = entries("baseline", one, two)
    assert [e.label for e in found] == ["Baseline", "Link 1", "Link 2"]
    assert [e.scenario["h200_price_usd"] for e in found] == [20_000, 30_000, 35_000]


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("https://app.example/home?v=1&h200_price_usd=30000#top", "v=1&h200_price_usd=30000"),
        ("app.example/compare?h200_price_usd=30000", "h200_price_usd=30000"),
        ("?h200_price_usd=30000", "h200_price_usd=30000"),
        ("h200_price_usd=30000&v=1", "h200_price_usd=30000&v=1"),
        ("  https://app.example/?v=1  ", "v=1"),
        ("https://app.example/home", None),
        ("just words", None),
        ("", None),
    ],
)
def test_link_query_reads_any_form_of_link(text, query):
    assert link_format.link_query(text) == query


def test_read_link_ignores_view_settings_and_reports_problems():
    item, scenario, warnings = link_format.read_link(
        "https://x.example/?v=2&year=2029&bands=1&cmp=baseline&h200_price_usd=31000"
    )
    assert scenario == Scenario(h200_price_usd=31_000)
    assert item == link_format.link_item(scenario) and not warnings
    item, scenario, warnings = link_format.read_link("?h200_first_month=2027-01")
    assert scenario == Scenario(h200_first_month=JAN_2027) and not warnings, "no v: the current"
    item, scenario, warnings = link_format.read_link("?v=2&bogus=1")
    assert item == "baseline" and "not a setting" in warnings[0]
    assert link_format.read_link("not a link")[0] is None


def test_headline_rows_use_the_card_strings_and_differ_from_the_first():
    heads = [headline(project(s), 2027) for s in (Scenario(), REMOTE_CLOSED)]
    rows = compare.headline_rows(heads)
    assert [r.values[0] for r in rows] == expected_values(Scenario())
    assert [r.values[1] for r in rows] == [c.value for c in cards(heads[1], heads[0], "")]
    assert [r.deltas[0] for r in rows] == [None] * 4
    share = (heads[1].compute_share - heads[0].compute_share) * 100
    assert rows[0].deltas[1] == f"{share:+.1f} pts"
    assert [r.label for r in rows] == [c.label for c in cards(heads[0], heads[0], None)]
    assert all(r.helps[0] for r in rows)


def test_charts_draw_one_line_per_scenario_in_fixed_colours():
    found = entries(
        "current", "baseline", "preset:remote_closed", current=Scenario(cny_per_usd=7.3)
    )
    frame = charts.series_frame([e.label for e in found], [project(e.scenario) for e in found])
    assert set(frame["scenario"]) == {"This scenario", "Baseline", REMOTE_LABEL}
    assert frame.groupby("scenario").size().nunique() == 1
    for build in (charts.share_chart, charts.compute_chart, charts.tokens_chart):
        spec = build(frame).to_dict()
        color = spec["encoding"]["color"]
        assert color["scale"]["domain"] == ["This scenario", "Baseline", REMOTE_LABEL]
        assert color["scale"]["range"] == list(style.PALETTE[:3])
        assert not {"#0072B2", "#E69F00"} & set(color["scale"]["range"])
        assert spec["encoding"]["strokeDash"]["field"] == "scenario"
        assert spec["mark"]["type"] == "line"
        assert spec["encoding"]["y"]["title"]
