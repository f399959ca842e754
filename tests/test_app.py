"""AppTest: every page runs, controls drive the numbers, links set the controls."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from simulator import Scenario, project, registry
from simulator.analysis import fan, output_range
from simulator.data import DEFAULT_DATA_DIR
from simulator.summary import cards, headline, sentence
from ui.state import from_widget, projection, to_widget, widget_key

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
PAGES = ["pages/simulator.py", "pages/assumptions.py", "pages/model.py"]


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
    now = headline(project(scenario), year)
    then = headline(project(Scenario()), year)
    return cards(now, then, scenario == Scenario()), sentence(scenario, now, then)


def chart_data(chart) -> bytes:
    """The Arrow bytes of every dataset a chart element carries."""
    return b"".join(d.data.data for d in chart.proto.datasets)


def shown_cards(at: AppTest) -> list[tuple[str, str, str]]:
    return [(m.label, m.value, m.delta or "") for m in at.metric]


def assert_numbers_match(at: AppTest, scenario: Scenario, year: int = 2027) -> None:
    want, text = expected_cards(scenario, year)
    assert shown_cards(at) == [(c.label, c.value, c.delta or "") for c in want]
    assert any(text.split(",")[0] in m.value.replace("\\", "") for m in at.markdown)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(page):
    at = run_app(page=page)
    assert at.title, "each page has a title"
    assert not at.error


def test_baseline_page_shows_the_projection():
    at = run_app()
    assert_numbers_match(at, Scenario())
    charts = at.get("vega_lite_chart")
    assert len(charts) == 4
    # the baseline carries no faint baseline line: nothing differs from it
    assert all(b"Baseline" not in chart_data(c) for c in charts)
    titles = {json.loads(c.proto.spec)["title"] for c in charts}
    assert titles == {
        "AI compute capacity",
        "Tokens served per day",
        "ByteDance's compute as a share of Google's",
        "Where ByteDance's chip money goes",
    }


def test_moving_a_slider_changes_headlines_to_the_engines_numbers():
    at = run_app()
    at.slider(key=widget_key("h200_export_units")).set_value(1500.0).run()
    assert not at.exception
    assert_numbers_match(at, Scenario(h200_export_units=1_500_000))
    assert at.query_params["h200_export_units"] == "1500000"
    # the chart now shows the baseline faintly
    assert all(b"Baseline" in chart_data(c) for c in at.get("vega_lite_chart"))


def test_advanced_values_survive_closing_the_expander():
    at = run_app()
    at.session_state["advanced"] = True
    at.run()
    at.slider(key=widget_key("cny_per_usd")).set_value(7.3).run()
    at.session_state["advanced"] = False
    at.run()
    assert widget_key("cny_per_usd") not in [s.key for s in at.slider]
    at.slider(key=widget_key("h200_price_usd")).set_value(25000.0).run()
    assert at.query_params["cny_per_usd"] == "7.3"
    assert_numbers_match(at, Scenario(cny_per_usd=7.3, h200_price_usd=25_000))
    at.session_state["advanced"] = True
    at.run()
    assert at.slider(key=widget_key("cny_per_usd")).value == pytest.approx(7.3)


def test_main_controls_visible_and_advanced_in_expander():
    at = run_app()
    assert len(at.sidebar.slider) == len([p for p in registry() if p.tier == "main"])
    at.session_state["advanced"] = True  # open the expander
    at.run()
    main = [p for p in registry() if p.tier == "main"]
    assert {"h200_export_units", "h200_price_usd", "bytedance_budget_growth"} <= {
        p.key for p in main
    }
    expander = at.sidebar.expander[0]
    inside = {s.key for s in expander.slider}
    assert inside == {widget_key(p.key) for p in registry() if p.tier == "advanced"}
    assert all(s.help for s in at.sidebar.slider), "every control has a tooltip"
    assert len(at.sidebar.slider) == len(registry())


def test_query_parameters_set_the_controls():
    query = {"v": "1", "h200_export_units": "250000", "cny_per_usd": "7.3", "year": "2029"}
    at = run_app(query)
    at.session_state["advanced"] = True  # open the expander: its sliders show the link too
    at.run()
    assert at.slider(key=widget_key("h200_export_units")).value == 250.0
    assert at.slider(key=widget_key("cny_per_usd")).value == pytest.approx(7.3)
    assert not at.info, "a clean link opens without a notice"
    assert_numbers_match(at, Scenario(h200_export_units=250_000, cny_per_usd=7.3), year=2029)
    assert at.query_params["year"] == "2029"
    assert at.query_params["data"] == "2026-02"


def test_bad_link_opens_clamped_with_a_notice():
    query = {"v": "1", "h200_export_units": "99999999", "nonsense": "1", "h200_price_usd": "abc"}
    at = run_app(query)
    assert at.slider(key=widget_key("h200_export_units")).value == 2000.0
    notice = at.info[0].value
    assert "outside the allowed range" in notice
    assert "nonsense" in notice
    assert "not a number" in notice
    assert_numbers_match(at, Scenario(h200_export_units=2_000_000))


def test_url_content_is_escaped_in_the_notice():
    at = run_app({"v": "1", "<img src=x onerror=alert(1)>": "**bold**"})
    notice = at.info[0].value
    assert "\\<img" in notice and notice.count("<img") == notice.count("\\<img")
    assert "\\*\\*bold" not in notice  # the value is not echoed; the key is, escaped


def test_presets_set_every_control_and_custom_after_a_move():
    at = run_app()
    at.selectbox(key="preset").set_value("No H200 exports").run()
    assert at.slider(key=widget_key("h200_export_units")).value == 0.0
    assert_numbers_match(at, Scenario(h200_export_units=0))
    assert "Showing **No H200 exports**" in at.sidebar.caption[0].value
    assert at.selectbox(key="preset").value is None, "the picker is an action, not a state"
    at.slider(key=widget_key("h200_price_usd")).set_value(25000.0).run()
    assert "your own scenario: 2 control(s)" in at.sidebar.caption[0].value
    assert_numbers_match(at, Scenario(h200_export_units=0, h200_price_usd=25_000))
    at.button[0].click().run()  # Reset to baseline
    assert "Baseline" in at.sidebar.caption[0].value
    assert_numbers_match(at, Scenario())


def test_year_picker_changes_headlines_and_link():
    at = run_app()
    at.get("button_group")[0].set_value(2030).run()
    assert not at.exception
    assert_numbers_match(at, Scenario(), year=2030)
    assert at.query_params["year"] == "2030"


def test_slider_values_survive_page_switches():
    at = run_app({"v": "1", "domestic_chip_units": "300000"})
    at.switch_page("pages/assumptions.py").run()
    assert at.slider(key=widget_key("domestic_chip_units")).value == 300.0
    assert at.query_params["domestic_chip_units"] == "300000"
    at.switch_page("pages/simulator.py").run()
    assert_numbers_match(at, Scenario(domestic_chip_units=300_000))


def test_widget_conversion_round_trips_every_parameter():
    for p in registry():
        for value in (p.min, p.default, p.max, p.low, p.high):
            assert from_widget(p, to_widget(p, value)) == value


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


def test_assumptions_page_lists_every_parameter_and_data_row():
    at = run_app({"v": "1", "h200_price_usd": "27000"}, page="pages/assumptions.py")
    frames = [d.value for d in at.dataframe]
    params = frames[0]
    assert list(params["Parameter"]) == [p.label for p in registry()]
    row = params[params["Key (in links)"] == "h200_price_usd"].iloc[0]
    assert row["This scenario"] == "27,000" and row["Baseline"] == "20,000"
    assert {"Source", "As of", "Kind", "Link"} <= set(params.columns)
    assert sum(len(f) for f in frames[1:]) > 40


def test_model_page_shows_calibration():
    at = run_app(page="pages/model.py")
    table = at.dataframe[0].value
    assert list(table["Company"]) == ["ByteDance", "Google"]
    assert "50 trillion" in table.iloc[0].to_string()


@pytest.fixture
def broken_data(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, folder)
    path = folder / "chips.csv"
    lines = path.read_text().splitlines()
    lines[3] = lines[3].replace(",3.35,", ",lots,", 1)
    path.write_text("\n".join(lines) + "\n")
    monkeypatch.setenv("COMPUTE_GAP_DATA_DIR", str(folder))
    return folder


def test_broken_data_gives_a_page_naming_file_and_row(broken_data):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    message = re.sub(r"\\(.)", r"\1", at.error[0].value)  # as shown: Markdown escapes off
    assert "data/chips.csv" in message and "row 4" in message and "value" in message
    assert "not a number" in message


def test_uncertainty_switch_shows_ranges_and_bands_and_is_in_the_link():
    at = run_app({"v": "1", "h200_export_units": "600000"})
    assert not any("8 in 10 runs" in c.value for c in at.caption)
    at.toggle(key="w_bands").set_value(True).run()
    assert not at.exception
    assert at.query_params["bands"] == "1"
    ranges = [c.value for c in at.caption if c.value.startswith("8 in 10 runs")]
    assert len(ranges) == 4
    mc = fan(Scenario(h200_export_units=600_000))
    lo, hi = output_range(mc, "compute_share", 2027)
    assert ranges[0] == f"8 in 10 runs: {lo:,.1f} to {hi:,.1f} %"
    assert all(b"8 in 10 runs" in chart_data(c) for c in at.get("vega_lite_chart")[:3])
    # the same link opens with the switch on and the same ranges
    again = run_app({"v": "1", "h200_export_units": "600000", "bands": "1"})
    assert [c.value for c in again.caption if c.value.startswith("8 in 10")] == ranges


def test_bad_view_values_are_noted_and_reset():
    at = run_app({"v": "1", "year": "1999", "bands": "yes"})
    notice = at.info[0].value
    assert "1999" in notice and "bands" in notice
    assert at.query_params.get("year") is None and at.query_params.get("bands") is None


def test_what_matters_and_what_limits_panels():
    at = run_app({"v": "1", "h200_export_units": "0"})
    at.session_state["matters"] = True
    at.session_state["limits"] = True
    at.run()
    assert not at.exception
    assert len(at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")) >= 6
    text = " ".join(m.value for m in at.markdown)
    assert "no H200 can be bought" in text.replace("\\", "")


def test_plausibility_warnings_next_to_controls():
    at = run_app({"v": "1", "domestic_chip_units": "900000"})
    assert any("Huawei" in w.value for w in at.sidebar.warning)
    assert not run_app().sidebar.warning
