"""AppTest: the Track record page shows what each release projected against what was reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from simulator.track_record import coverage, track_record
from ui.charts.track_record import figure_label

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
PAGE = "pages/track_record.py"


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def record():
    return track_record()


@pytest.fixture(scope="module")
def page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    return at


def test_the_page_opens_without_exception(page):
    assert not page.exception, page.exception
    assert not page.error
    assert page.title[0].value == "Track record"
    assert page.sidebar.slider, "the page runs inside the entrypoint, with the controls"


def test_the_coverage_line_of_model_1(page, record):
    cov = coverage(record)
    assert list(cov["version"]) == ["1"]
    row = cov.iloc[0]
    lines = [i.value for i in page.info if "fell inside its 80% band" in i.value]
    assert len(lines) == 1, "one line per earlier release; the current one was fitted"
    line = lines[0]
    assert line.startswith("**Model 1, data as of February 2026**")
    assert f"{int(row['inside'])} of {int(row['figures'])} figures" in line


def test_the_table_has_a_row_per_figure(page, record):
    tables = [d.value for d in page.dataframe]
    assert len(tables) == 1
    table = tables[0]
    assert len(table) == len(record)
    assert list(table["Release"]) == list(record["release"])
    assert list(table["Figure"]) == [figure_label(r) for _, r in record.iterrows()]
    current = table[table["Release"].str.startswith("Model 2")]
    assert (current["Inside the band"] == "fitted to it").all()
    earlier = table[table["Release"].str.startswith("Model 1")]
    assert set(earlier["Inside the band"]) <= {"yes", "no"}
    assert (earlier["Inside the band"] == "yes").sum() == coverage(record).iloc[0]["inside"]


def test_the_chart_renders_a_vega_lite_spec(page, record):
    charts = page.get("vega_lite_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert len(spec["layer"]) == 3, "bands, the zero line and the dots"
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["bar", "rule", "point"]
    shown = record[record["reported"] > 0]
    figures = {figure_label(r) for _, r in shown.iterrows()}
    y = spec["layer"][2]["encoding"]["y"]
    assert set(y["sort"]) == figures, "one row per reported figure above zero"
    assert spec["height"] == 30 * len(figures)


def test_a_deep_link_opens_the_page_with_the_links_scenario():
    lender = AppTest.from_file(APP, default_timeout=120).run()
    at = AppTest.from_file(APP, default_timeout=120)
    at._registered_pages = lender._registered_pages
    at.query_params["v"] = "1"
    at.query_params["h200_export_units"] = "0"
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.title[0].value == "Track record"
    assert at.query_params["v"] == "1" and at.query_params["h200_export_units"] == "0"
    assert any(m.value.startswith("This link uses model 1") for m in at.markdown)
