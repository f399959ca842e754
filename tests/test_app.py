"""AppTest: every page runs, controls drive the numbers, links set the controls."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from simulator import RELEASES, Scenario, calibration, presets, project, registry
from simulator.analysis import bands_note, fan, output_range
from simulator.data import DATA_DIR
from simulator.summary import cards, headline, sentence
from simulator.timeline import month_index
from simulator.words import format_count
from ui.charts.simulator import all_specs
from ui.state import from_widget, projection, to_widget, widget_key
from ui.text import escape

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
PAGES = [
    "pages/simulator.py",
    "pages/compare.py",
    "pages/track_record.py",
    "pages/assumptions.py",
    "pages/model.py",
]
MAIN = [p for p in registry() if p.tier == "main"]
ADVANCED = [p for p in registry() if p.tier == "advanced"]
ESTIMATES = [p for p in registry() if not p.is_lever]
OLDER = "This link uses model 1 with data as of February 2026"
UPGRADE = "Open this scenario on June 2026 data"
JAN_2027 = month_index("2027-01")


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()


def run_app(query: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def expected_cards(scenario: Scenario, year: int = 2027):
    """The cards and sentence of ``scenario``, against the baseline of its own release."""
    now = headline(project(scenario), year)
    then = headline(project(scenario.baseline), year)
    against = None if scenario == scenario.baseline else "baseline"
    return cards(now, then, against), sentence(scenario, now, then)


def chart_data(chart) -> bytes:
    """The Arrow bytes of every dataset a chart element carries."""
    return b"".join(d.data.data for d in chart.proto.datasets)


def page_title(chart) -> str:
    """A page chart's title text (the page fits it to the chart's width: ``fitted_title``,
    whose expression ends with the whole title)."""
    title = json.loads(chart.proto.spec)["title"]
    return title if isinstance(title, str) else json.loads(title["text"]["expr"].split(" : ")[-1])


def chart_by_title(at: AppTest, title: str | dict):
    found = [c for c in at.get("vega_lite_chart") if page_title(c) == title]
    assert len(found) == 1, title
    return found[0]


def shown_cards(at: AppTest) -> list[tuple[str, str, str]]:
    return [(m.label, m.value, m.delta or "") for m in at.metric]


def assert_numbers_match(at: AppTest, scenario: Scenario, year: int = 2027) -> None:
    want, text = expected_cards(scenario, year)
    assert shown_cards(at) == [(c.label, c.value, c.delta or "") for c in want]
    assert any(m.value.removeprefix("#### ") == escape(text) for m in at.main.markdown), text


def sidebar_controls(block) -> list[str]:
    """The keys of every control (slider, month slider, switch) drawn in ``block``."""
    widgets = [*block.slider, *block.select_slider, *block.toggle]
    return sorted(w.key for w in widgets)


def older_release_notice(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith(OLDER)]


def current_scenario(at: AppTest) -> Scenario:
    return at.session_state["scenario"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(page):
    at = run_app(page=page)
    assert at.title, "each page has a title"
    assert not at.error
    assert not [i for i in at.info if "adjusted" in i.value], "a plain link needs no notice"


def test_baseline_page_shows_the_projection():
    at = run_app()
    assert_numbers_match(at, Scenario())
    assert not at.info and not older_release_notice(at), "the baseline opens without a notice"
    charts = at.get("vega_lite_chart")
    assert len(charts) == 4
    # the baseline carries no faint baseline line: nothing differs from it
    assert all(b"Baseline" not in chart_data(c) for c in charts)
    titles = {page_title(c) for c in charts}
    specs = all_specs(project(Scenario()), None)
    assert titles == {spec["title"] for spec in specs.values()}, "the page's four charts"
    compute = chart_by_title(at, specs["compute"]["title"])
    assert [d.name for d in compute.proto.datasets] == ["series", "bands"]
    assert b"Owned" in chart_data(compute), "the dotted line of compute owned"
    tokens = chart_by_title(at, specs["tokens"]["title"])
    assert [d.name for d in tokens.proto.datasets] == ["series", "demand", "reported", "bands"]
    spend = chart_by_title(at, specs["chip_spend"]["title"])
    assert [d.name for d in spend.proto.datasets] == ["spend", "baseline"]


def test_moving_a_slider_changes_headlines_to_the_engines_numbers():
    at = run_app()
    at.slider(key=widget_key("bytedance_budget_growth")).set_value(40.0).run()
    assert not at.exception
    assert_numbers_match(at, Scenario(bytedance_budget_growth=40))
    assert at.query_params["bytedance_budget_growth"] == "40"
    assert at.query_params["v"] == "2"
    # the chart now shows the baseline faintly
    assert all(b"Baseline" in chart_data(c) for c in at.get("vega_lite_chart"))


def test_a_move_sends_the_headline_before_any_control(monkeypatch):
    """After a slider move, the first headline number leaves the server before any control
    of the page or the sidebar: only style, text and empty boxes go before it, so the
    browser can show the new number first (bench/browser.py measures the key press). The
    page then pauses for the sender before it computes the charts (ui/send.py)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext

    at = run_app()
    sent: list[str] = []
    enqueue = ScriptRunContext.enqueue

    def record(self, msg):
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
            sent.append(msg.delta.new_element.WhichOneof("type"))
        return enqueue(self, msg)

    monkeypatch.setattr(ScriptRunContext, "enqueue", record)
    # The pause that lets the sender thread send what is drawn (ui/send.py), as a mark
    monkeypatch.setattr("ui.send.sleep", lambda seconds: sent.append("pause"))
    at.slider(key=widget_key("google_rented_out_share")).set_value(60).run()
    assert not at.exception
    first = sent.index("metric")
    assert set(sent[:first]) <= {"html", "heading", "markdown"}, sent[:first]
    assert {"button_group", "checkbox", "slider", "bidi_component"} <= set(sent[first:])
    # The four headline numbers go before the pause, every chart after it
    pause = sent.index("pause")
    assert sent[:pause].count("metric") == 4 and sent.count("pause") == 1
    assert "vega_lite_chart" in sent and "vega_lite_chart" not in sent[:pause]


def test_month_and_switch_controls_drive_the_numbers_and_the_link():
    at = run_app()
    month = at.select_slider(key=widget_key("h200_first_month"))
    assert month.value == 72 and month.format_func(72) == "not by 2030"
    month.set_value(JAN_2027).run()
    assert not at.exception
    assert at.query_params["h200_first_month"] == "2027-01", "a month is written YYYY-MM"
    assert_numbers_match(at, Scenario(h200_first_month=JAN_2027))
    switch = at.toggle(key=widget_key("beijing_allows_h200"))
    assert switch.value is True
    switch.set_value(False).run()
    assert not at.exception
    assert at.query_params["beijing_allows_h200"] == "0"
    assert_numbers_match(at, Scenario(h200_first_month=JAN_2027, beijing_allows_h200=0))
    assert current_scenario(at) == Scenario(h200_first_month=JAN_2027, beijing_allows_h200=0)


def test_advanced_values_survive_closing_the_expander():
    at = run_app()
    at.session_state["advanced"] = True
    at.run()
    at.slider(key=widget_key("cny_per_usd")).set_value(7.3).run()
    at.session_state["advanced"] = False
    at.run()
    assert widget_key("cny_per_usd") not in [s.key for s in at.slider]
    at.slider(key=widget_key("bytedance_domestic_share")).set_value(30.0).run()
    assert at.query_params["cny_per_usd"] == "7.3"
    assert_numbers_match(at, Scenario(cny_per_usd=7.3, bytedance_domestic_share=30))
    at.session_state["advanced"] = True
    at.run()
    assert at.slider(key=widget_key("cny_per_usd")).value == pytest.approx(7.3)


def test_main_controls_visible_and_advanced_in_expander():
    at = run_app()
    assert {"h200_first_month", "beijing_allows_h200", "bytedance_budget_growth"} <= {
        p.key for p in MAIN
    }
    assert sidebar_controls(at.sidebar) == sorted(widget_key(p.key) for p in MAIN)
    at.session_state["advanced"] = True  # open the expander
    at.run()
    expander = at.sidebar.expander[0]
    assert sidebar_controls(expander) == sorted(widget_key(p.key) for p in ADVANCED)
    drawn = sidebar_controls(at.sidebar)
    assert drawn == sorted(widget_key(p.key) for p in registry() if p.is_lever)
    assert ESTIMATES and not {widget_key(p.key) for p in ESTIMATES} & set(drawn), (
        "estimates are not controls"
    )
    widgets = [*at.sidebar.slider, *at.sidebar.select_slider, *at.sidebar.toggle]
    assert all(w.help for w in widgets), "every control has a tooltip"


def test_query_parameters_set_the_controls():
    query = {
        "v": "2",
        "h200_first_month": "2027-01",
        "beijing_allows_h200": "0",
        "bytedance_domestic_share": "30",
        "cny_per_usd": "7.3",
        "year": "2029",
    }
    at = run_app(query)
    at.session_state["advanced"] = True  # open the expander: its sliders show the link too
    at.run()
    assert at.select_slider(key=widget_key("h200_first_month")).value == JAN_2027
    assert at.toggle(key=widget_key("beijing_allows_h200")).value is False
    assert at.slider(key=widget_key("bytedance_domestic_share")).value == 30.0
    assert at.slider(key=widget_key("cny_per_usd")).value == pytest.approx(7.3)
    assert not at.info, "a clean link opens without a notice"
    assert not older_release_notice(at)
    scenario = Scenario(
        h200_first_month=JAN_2027,
        beijing_allows_h200=0,
        bytedance_domestic_share=30,
        cny_per_usd=7.3,
    )
    assert_numbers_match(at, scenario, year=2029)
    assert at.query_params["year"] == "2029"
    assert at.query_params["data"] == "2026-06"


def test_a_link_without_version_or_vintage_opens_the_current_model_without_a_notice():
    at = run_app({"h200_first_month": "2027-01", "beijing_allows_h200": "no"})
    assert not at.info and not older_release_notice(at)
    scenario = Scenario(h200_first_month=JAN_2027, beijing_allows_h200=0)
    assert current_scenario(at) == scenario
    assert_numbers_match(at, scenario)
    assert at.query_params["v"] == "2" and at.query_params["data"] == "2026-06"


def test_bad_link_opens_clamped_with_a_notice():
    query = {
        "v": "2",
        "bytedance_domestic_share": "999",
        "nonsense": "1",
        "h200_price_usd": "abc",
        "h200_first_month": "2027-13",
    }
    at = run_app(query)
    assert at.slider(key=widget_key("bytedance_domestic_share")).value == 50.0
    notice = at.info[0].value
    assert "outside the allowed range" in notice
    assert "nonsense" in notice
    assert "not a number" in notice
    assert "First H200 deliveries to ByteDance" in notice
    assert_numbers_match(at, Scenario(bytedance_domestic_share=50))
    assert at.query_params["bytedance_domestic_share"] == "50"


def test_many_unknown_keys_give_one_line():
    query = {"v": "2", **{f"junk{i}": "1" for i in range(300)}}
    at = run_app(query)
    notice = at.info[0].value
    assert "300 unknown settings were ignored" in notice
    assert "junk17" not in notice
    assert len(notice.splitlines()) == 2, "the heading and one line"
    assert not any(key.startswith("junk") for key in at.query_params)


def test_url_content_is_escaped_in_the_notice():
    at = run_app({"v": "2", "<img src=x onerror=alert(1)>": "**bold**"})
    notice = at.info[0].value
    assert "\\<img" in notice and notice.count("<img") == notice.count("\\<img")
    assert "\\*\\*bold" not in notice  # the value is not echoed; the key is, escaped


def test_presets_set_every_control_and_custom_after_a_move():
    label, _, remote_closed = presets()["remote_closed"]
    at = run_app()
    at.selectbox(key="preset").set_value(label).run()
    assert at.select_slider(key=widget_key("remote_access_close_month")).value == JAN_2027
    assert_numbers_match(at, remote_closed)
    assert f"Showing **{label}**" in at.sidebar.caption[0].value
    assert at.selectbox(key="preset").value is None, "the picker is an action, not a state"
    assert at.query_params["remote_access_close_month"] == "2027-01"
    at.slider(key=widget_key("bytedance_domestic_share")).set_value(30.0).run()
    assert "your own scenario: 2 controls differ" in at.sidebar.caption[0].value
    assert_numbers_match(at, remote_closed.replace(bytedance_domestic_share=30))
    reset = next(b for b in at.sidebar.button if b.label == "Reset to baseline")
    reset.click().run()
    assert "As reported (June 2026)" in at.sidebar.caption[0].value.replace("\\", "")
    assert_numbers_match(at, Scenario())


def test_year_picker_changes_headlines_and_link():
    at = run_app()
    at.get("button_group")[0].set_value(2030).run()
    assert not at.exception
    assert_numbers_match(at, Scenario(), year=2030)
    assert at.query_params["year"] == "2030"


def test_slider_values_survive_page_switches():
    at = run_app({"v": "2", "bytedance_domestic_share": "30", "h200_first_month": "2027-01"})
    at.switch_page("pages/assumptions.py").run()
    assert at.slider(key=widget_key("bytedance_domestic_share")).value == 30.0
    assert at.select_slider(key=widget_key("h200_first_month")).value == JAN_2027
    assert at.query_params["bytedance_domestic_share"] == "30"
    assert at.query_params["h200_first_month"] == "2027-01"
    at.switch_page("pages/simulator.py").run()
    assert_numbers_match(at, Scenario(bytedance_domestic_share=30, h200_first_month=JAN_2027))


@pytest.mark.parametrize("version", list(RELEASES))
def test_widget_conversion_round_trips_every_parameter(version):
    for p in RELEASES[version].params:
        for value in (p.min, p.default, p.max, p.low, p.high):
            assert from_widget(p, to_widget(p, value)) == value
        if p.unit in ("month", "switch"):
            assert isinstance(to_widget(p, p.default), int), "month and switch widgets hold ints"


def test_cached_projections_are_shared_and_read_only():
    s = Scenario(h200_export_units=0)
    shared = projection(s)
    assert shared is projection(s), "the cache hands one object to every session"
    arrays = [shared.params, *shared.company_arrays.values()]
    arrays += [a for by in shared.channel_arrays.values() for a in by.values()]
    assert not any(a.flags.writeable for a in arrays)
    with pytest.raises(ValueError, match="read-only"):
        shared.company_arrays["compute_h100e"][0, 0, 0] = 0
    assert not projection(s, draws=50).company_arrays["tokens_per_day"].flags.writeable
    old = Scenario.of("1", h200_export_units=0)
    assert projection(old) is not shared and projection(old).scenario == old


def test_assumptions_page_lists_controls_and_estimates_and_every_data_row():
    at = run_app({"v": "2", "h200_price_usd": "27000"}, page="pages/assumptions.py")
    subheaders = [h.value for h in at.subheader]
    assert subheaders == [
        "Controls you can change",
        "Estimates of the past and the structure",
        "Reference data",
    ]
    texts = [re.sub(r"\\(.)", r"\1", m.value) for m in at.main.markdown]

    def section(start: str, stop: str) -> str:
        """The page's text between two subheaders (each group is one Markdown block)."""
        blocks = [m for m in at.main if m.type in ("markdown", "subheader")]
        i = next(k for k, b in enumerate(blocks) if b.value == start)
        j = next(k for k, b in enumerate(blocks) if b.value == stop)
        return " ".join(re.sub(r"\\(.)", r"\1", b.value) for b in blocks[i + 1 : j])

    controls = section("Controls you can change", "Estimates of the past and the structure")
    estimates = section("Estimates of the past and the structure", "Reference data")
    for p in registry():
        assert f"Link key: `{p.key}`" in (controls if p.is_lever else estimates), p.key
        assert f"Link key: `{p.key}`" not in (estimates if p.is_lever else controls), p.key
    price = next(t for t in texts if "Link key: `h200_price_usd`" in t)
    assert "$27,000 per chip" in price and "baseline 20,000, **changed**" in price
    month = next(t for t in texts if "Link key: `h200_first_month`" in t)
    assert "First H200 deliveries to ByteDance:** **not by 2030**" in month
    assert any("1 of" in c.value and "differ from the baseline" in c.value for c in at.caption)
    data = " ".join(texts[texts.index(next(t for t in texts if "chips.csv" in t)) :])
    assert data.count("\n|") > 40, "every data row, in tables"


def test_model_page_shows_calibration():
    at = run_app(page="pages/model.py")
    assert "Calibration: what the reports imply, next to chip physics" in [
        h.value for h in at.subheader
    ]
    table = at.table[0].value  # an HTML table: it wraps on a phone
    assert list(table.index) == ["ByteDance", "Google"]
    bytedance = calibration(Scenario())[0]
    assert format_count(bytedance["tokens_per_day"]) in table.iloc[0].to_string()


@pytest.fixture
def broken_data(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("archive"))
    path = folder / "chips.csv"
    lines = path.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if "H100 SXM,bandwidth_tbs,3.35," in line)
    lines[index] = lines[index].replace(",3.35,", ",lots,", 1)
    path.write_text("\n".join(lines) + "\n")
    monkeypatch.setenv("COMPUTE_GAP_DATA_DIR", str(folder))
    return index + 1  # the row as a spreadsheet shows it: the header is row 1


def test_broken_data_gives_a_page_naming_file_and_row(broken_data):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    message = re.sub(r"\\(.)", r"\1", at.error[0].value)  # as shown: Markdown escapes off
    assert "data/chips.csv" in message and f"row {broken_data}," in message
    assert "value" in message
    assert "not a number" in message


def test_uncertainty_switch_shows_ranges_and_bands_and_is_in_the_link():
    query = {"v": "2", "bytedance_budget_growth": "30"}
    at = run_app(query)
    assert not any("8 in 10 runs" in c.value for c in at.caption)
    at.toggle(key="w_bands").set_value(True).run()
    assert not at.exception
    assert at.query_params["bands"] == "1"
    ranges = [c.value for c in at.caption if c.value.startswith("8 in 10 runs")]
    assert len(ranges) == 4
    mc = fan(Scenario(bytedance_budget_growth=30))
    lo, hi = output_range(mc, "compute_share", 2027)
    assert ranges[0] == f"8 in 10 runs: {lo:,.1f} to {hi:,.1f} %"
    assert bands_note(mc) in [c.value for c in at.caption]
    assert "2,000 runs" in bands_note(mc)
    assert all(b"8 in 10 runs" in chart_data(c) for c in at.get("vega_lite_chart")[:3])
    # the same link opens with the switch on and the same ranges
    again = run_app({**query, "bands": "1"})
    assert [c.value for c in again.caption if c.value.startswith("8 in 10")] == ranges


def test_bad_view_values_are_noted_and_reset():
    at = run_app({"v": "2", "year": "1999", "bands": "yes"})
    notice = at.info[0].value
    assert "1999" in notice and "bands" in notice
    assert at.query_params.get("year") is None and at.query_params.get("bands") is None


def test_what_matters_and_what_limits_panels():
    at = run_app({"v": "2", "year": "2026"})
    at.session_state["matters"] = True
    at.session_state["limits"] = True
    at.run()
    assert not at.exception
    assert len(at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")) >= 6
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "no H200 can be bought" in text, "in the baseline no H200 arrives"
    assert "sets the tokens it serves" in text


def test_plausibility_warnings_above_the_page():
    at = run_app({"v": "2", "bytedance_domestic_share": "45"})
    assert any("domestic AI chips" in w.value for w in at.main.warning)
    assert not at.sidebar.warning, "a warning in the sidebar would shift the sliders"
    at.slider(key=widget_key("bytedance_domestic_share")).set_value(30.0).run()
    assert not at.warning, "the warning goes when the control comes back"
    assert not run_app().warning


# ---------------------------------------------------------------- links of model 1
def test_a_model_1_link_opens_model_1_with_a_notice_and_a_way_to_the_current_data():
    at = run_app({"v": "1", "data": "2026-02", "h200_export_units": "0", "year": "2028"})
    old = Scenario.of("1", h200_export_units=0)
    assert current_scenario(at) == old
    assert_numbers_match(at, old, year=2028)
    notice = older_release_notice(at)
    assert len(notice) == 1 and len(notice[0].splitlines()) == 1, "a one-line box"
    assert not at.info, "a clean model-1 link needs no adjustment notice"
    # the sidebar holds model 1's own controls
    assert at.slider(key=widget_key("domestic_chip_units")).value == 150.0
    assert at.slider(key=widget_key("h200_export_units")).value == 0.0
    assert "model 1" in at.sidebar.caption[0].value
    assert at.query_params["v"] == "1" and at.query_params["data"] == "2026-02"

    button = next(b for b in at.button if b.label == UPGRADE)
    newer, _ = old.upgraded()
    button.click().run()
    assert not at.exception
    assert current_scenario(at).version == "2"
    assert current_scenario(at) == newer == Scenario(h200_export_units=0)
    assert not older_release_notice(at)
    assert not [b for b in at.button if b.label == UPGRADE]
    assert_numbers_match(at, newer, year=2028)
    assert at.query_params["v"] == "2" and at.query_params["data"] == "2026-06"
    assert at.query_params["h200_export_units"] == "0"
    assert at.query_params["year"] == "2028", "the view stays as it was"
    assert at.select_slider(key=widget_key("h200_first_month")).value == 72


def test_a_model_1_link_names_what_the_current_model_cannot_carry():
    at = run_app({"data": "2026-02", "domestic_chip_units": "300000", "h200_price_usd": "27000"})
    old = Scenario.of("1", domestic_chip_units=300_000, h200_price_usd=27_000)
    assert current_scenario(at) == old, "without v, the data vintage picks the release"
    assert older_release_notice(at) and not at.info
    button = next(b for b in at.button if b.label == UPGRADE)
    assert "has no counterpart" in button.help and "Domestic chips" in button.help
    button.click().run()
    assert current_scenario(at) == Scenario(h200_price_usd=27_000)
    assert at.query_params["h200_price_usd"] == "27000"
    assert "domestic_chip_units" not in at.query_params


def test_reset_from_a_model_1_link_opens_the_current_baseline():
    at = run_app({"v": "1", "h200_export_units": "0"})
    reset = next(b for b in at.sidebar.button if b.label == "Reset to baseline")
    reset.click().run()
    assert not at.exception
    assert current_scenario(at) == Scenario()
    assert not older_release_notice(at)
    assert_numbers_match(at, Scenario())
