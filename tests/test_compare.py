"""Compare scenarios: the page (AppTest) and its pure functions (ui/compare.py, ui/link.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from simulator import Scenario, param, presets, project, registry
from simulator.summary import cards, headline
from ui import compare
from ui import link as link_format
from ui.charts import compare as charts
from ui.charts import style

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
PAGE = "pages/compare.py"
NO_H200 = presets()["no_h200"][2]


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()


def open_compare(query: dict[str, str | list[str]] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def cmp_of(at: AppTest) -> list[str]:
    value = at.query_params.get("cmp", [])
    return [value] if isinstance(value, str) else list(value)


def table_keys(at: AppTest) -> list[str]:
    return list(at.dataframe[0].value.index)


def shown_numbers(at: AppTest) -> list[tuple[str, str, str]]:
    """Metrics in page order: one row per headline number, one metric per scenario."""
    return [(m.label, m.value, m.delta or "") for m in at.metric]


def expected_values(scenario: Scenario, year: int = 2027) -> list[str]:
    now, then = headline(project(scenario), year), headline(project(Scenario()), year)
    return [c.value for c in cards(now, then, scenario == Scenario())]


# ---------------------------------------------------------------- the page
def test_compare_page_runs_with_the_default_comparison():
    at = open_compare()
    assert at.title[0].value == "Compare scenarios"
    assert not at.error
    assert at.multiselect(key="w_cmp").value == ["current", "baseline"]
    assert "cmp" not in at.query_params, "the default comparison keeps the link short"
    # this scenario is the baseline: nothing differs, and the page says so
    assert not at.dataframe
    assert any("same scenario" in c.value for c in at.caption)
    assert len(at.metric) == 8
    assert len(at.get("vega_lite_chart")) == 3


def test_sidebar_controls_are_drawn_on_the_compare_page():
    at = open_compare()
    assert at.sidebar.slider, "the page runs inside the entrypoint, not on its own"


def test_differing_assumptions_lists_only_what_differs():
    at = open_compare({"cmp": ["baseline", "preset:no_h200"]})
    assert table_keys(at) == ["h200_export_units"]
    row = at.dataframe[0].value.iloc[0]
    p = param("h200_export_units")
    assert row["Assumption"] == p.label
    assert row["Unit"] == p.display_unit
    assert row["Baseline"] == "400"
    assert row["No H200 exports"] == "0"
    assert row["Source"] == p.source
    assert cmp_of(at) == ["baseline", "preset:no_h200"]


def test_one_scenario_alone_asks_for_another_and_lists_no_differences():
    at = open_compare({"cmp": "preset:no_h200"})
    assert any("Add a second scenario" in i.value for i in at.info)
    subheaders = [h.value for h in at.subheader]
    assert "What they assume differently" not in subheaders
    assert "Headline numbers" in subheaders
    assert not at.dataframe
    assert len(at.metric) == 4


def test_headline_numbers_match_the_simulator_cards_with_differences():
    at = open_compare({"cmp": ["baseline", "preset:no_h200"], "year": "2029"})
    base, no_h200 = expected_values(Scenario(), 2029), expected_values(NO_H200, 2029)
    shown = shown_numbers(at)
    assert [v for _, v, _ in shown] == [x for pair in zip(base, no_h200, strict=True) for x in pair]
    assert [label for label, _, _ in shown] == ["Baseline", "No H200 exports"] * 4
    assert shown[0][2] == "", "the first scenario has no difference"
    assert shown[1][2].endswith(" pts") and shown[1][2].startswith("-")
    assert shown[7][2].startswith("+¥")  # more money with no chips to buy
    headers = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("**")]
    assert "**ByteDance compute, % of Google's (2029)**" in headers


def test_a_pasted_link_adds_a_scenario():
    at = open_compare()
    link = "http://localhost:8501/home?v=1&data=2026-02&h200_price_usd=30000&year=2029"
    at.text_input(key="cmp_paste").input(link)
    at.button(key="cmp_add").click().run()
    assert not at.exception, at.exception
    item = "link:" + urlencode({"v": "1", "data": "2026-02", "h200_price_usd": "30000"})
    assert at.multiselect(key="w_cmp").value == ["current", "baseline", item]
    assert cmp_of(at) == ["current", "baseline", item]
    assert at.success and "Added" in at.success[0].value
    assert table_keys(at) == ["h200_price_usd"]
    assert "Link 1" in at.dataframe[0].value.columns
    assert at.text_input(key="cmp_paste").value == "", "the box is cleared for the next link"
    assert len(at.metric) == 12


def test_a_pasted_link_that_needed_fixing_says_what_changed():
    at = open_compare()
    at.text_input(key="cmp_paste").input("?v=1&h200_export_units=99999999")
    at.button(key="cmp_add").click().run()
    assert at.warning, "the link's warnings are shown"
    assert "outside the allowed range" in at.warning[0].value
    assert cmp_of(at)[-1] == "preset:open_h200", "clamped to 2 million: the open-exports preset"


def test_pasting_text_that_is_not_a_link_explains_and_adds_nothing():
    at = open_compare()
    at.text_input(key="cmp_paste").input("hello there")
    at.button(key="cmp_add").click().run()
    assert at.error and "not a link" in at.error[0].value
    assert at.multiselect(key="w_cmp").value == ["current", "baseline"]


def test_pasting_a_scenario_already_compared_says_so():
    at = open_compare({"cmp": ["baseline", "preset:no_h200"]})
    at.text_input(key="cmp_paste").input("https://example.org/home?v=1&h200_export_units=0")
    at.button(key="cmp_add").click().run()
    assert at.info and "already in the comparison" in at.info[0].value
    assert cmp_of(at) == ["baseline", "preset:no_h200"]


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
    link = "link:" + urlencode({"v": "1", "data": "2026-02", "h200_price_usd": "60000"})
    assert cmp_of(at) == ["baseline", link, "current"], "bad items dropped, the link made canonical"


def test_more_than_four_scenarios_keeps_the_first_four():
    items = ["current", "baseline", "preset:no_h200", "preset:open_h200", "preset:google_cuts"]
    at = open_compare({"cmp": items})
    assert cmp_of(at) == items[:4]
    assert "at most 4" in at.info[0].value


def test_choosing_scenarios_puts_them_in_the_link():
    at = open_compare()
    at.multiselect(key="w_cmp").set_value(["preset:open_h200", "current", "preset:squeeze"]).run()
    assert not at.exception
    assert cmp_of(at) == ["preset:open_h200", "current", "preset:squeeze"]
    assert [m.label for m in at.metric[:3]] == [
        "Open H200 exports",
        "This scenario",
        "Full squeeze",
    ]
    # a reader of that link sees the same comparison
    again = open_compare(dict(at.query_params))
    assert again.multiselect(key="w_cmp").value == ["preset:open_h200", "current", "preset:squeeze"]


def test_this_scenario_follows_the_sidebar():
    at = open_compare({"h200_export_units": "0", "v": "1"})
    values = [m.value for m in at.metric if m.label == "This scenario"]
    assert values == expected_values(NO_H200)
    assert table_keys(at) == ["h200_export_units"]


def test_emptying_the_picker_asks_for_scenarios_without_failing():
    at = open_compare({"cmp": ["baseline", "preset:no_h200"]})
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
    table = compare.differing_assumptions(entries("baseline", "preset:no_h200"))
    assert list(table.index) == ["h200_export_units"]
    assert list(table.columns) == [
        "Assumption",
        "Baseline",
        "No H200 exports",
        "Unit",
        "Kind",
        "Source",
        "As of",
        "Link",
    ]


def test_table_builder_takes_the_union_over_all_scenarios():
    mine = Scenario(h200_price_usd=25_000, cny_per_usd=7.3)
    table = compare.differing_assumptions(
        entries("current", "preset:no_h200", "preset:squeeze", current=mine)
    )
    # registry order, each listed once, only what differs between any two scenarios
    order = [p.key for p in registry()]
    want = {"h200_export_units", "h200_price_usd", "cny_per_usd", "bytedance_abroad_share"}
    assert set(table.index) == want
    assert list(table.index) == sorted(table.index, key=order.index)
    row = table.loc["cny_per_usd"]
    assert row["This scenario"] == "7.3" and row["No H200 exports"] == "7.04"


def test_table_builder_is_empty_for_identical_scenarios():
    assert compare.differing_assumptions(entries("current", "baseline")).empty
    assert compare.same_pairs(entries("current", "baseline")) == [("This scenario", "Baseline")]


def test_read_items_defaults_caps_and_canonical_forms():
    found, notes = link_format.read_items([], Scenario())
    assert [e.item for e in found] == link_format.DEFAULT and not notes
    # the baseline preset is the baseline; a link to a preset is that preset
    link = "link:" + urlencode({"v": "1", "h200_export_units": "0"})
    found, notes = link_format.read_items(["preset:baseline", link], Scenario())
    assert [e.item for e in found] == ["baseline", "preset:no_h200"] and not notes
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
        "https://x.example/?v=1&year=2029&bands=1&cmp=baseline&h200_price_usd=31000"
    )
    assert scenario == Scenario(h200_price_usd=31_000)
    assert item == link_format.link_item(scenario) and not warnings
    item, scenario, warnings = link_format.read_link("?v=1&bogus=1")
    assert item == "baseline" and "not a setting" in warnings[0]
    assert link_format.read_link("not a link")[0] is None


def test_headline_rows_use_the_card_strings_and_differ_from_the_first():
    heads = [headline(project(s), 2027) for s in (Scenario(), NO_H200)]
    rows = compare.headline_rows(heads)
    assert [r.values[0] for r in rows] == expected_values(Scenario())
    assert [r.values[1] for r in rows] == [
        c.value for c in cards(heads[1], heads[0], is_baseline=False)
    ]
    assert [r.deltas[0] for r in rows] == [None] * 4
    share = (heads[1].compute_share - heads[0].compute_share) * 100
    assert rows[0].deltas[1] == f"{share:+.1f} pts"
    assert rows[3].delta_color == "inverse"


def test_charts_draw_one_line_per_scenario_in_fixed_colours():
    found = entries("current", "baseline", "preset:no_h200", current=Scenario(cny_per_usd=7.3))
    frame = charts.series_frame([e.label for e in found], [project(e.scenario) for e in found])
    assert set(frame["scenario"]) == {"This scenario", "Baseline", "No H200 exports"}
    assert frame.groupby("scenario").size().nunique() == 1
    for build in (charts.share_chart, charts.compute_chart, charts.tokens_chart):
        spec = build(frame).to_dict()
        color = spec["encoding"]["color"]
        assert color["scale"]["domain"] == ["This scenario", "Baseline", "No H200 exports"]
        assert color["scale"]["range"] == list(style.PALETTE[:3])
        assert not {"#0072B2", "#E69F00"} & set(color["scale"]["range"])
        assert spec["encoding"]["strokeDash"]["field"] == "scenario"
        assert spec["mark"]["type"] == "line"
        assert spec["encoding"]["y"]["title"]
