"""Downloads: the projection as CSV with its link, the scenario as JSON, charts as images."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from simulator import Scenario, project
from simulator.timeline import month_index
from ui.charts import export
from ui.charts import simulator as charts
from ui.downloads import projection_csv

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


def test_projection_csv_is_tidy_with_units_and_the_link():
    s = Scenario(h200_first_month=month_index("2027-01"))
    text = projection_csv(s, project(s), "http://host/?v=2&h200_first_month=2027-01")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("scenario link: http://host/?v=2&h200_first_month=2027-01" in h for h in header)
    assert any("model version 2, data as of 2026-06" in h for h in header)
    frame = pd.read_csv(io.StringIO(text), comment="#")
    assert list(frame.columns) == ["date", "company", "metric", "value", "unit"]
    expected = project(s).to_frame()
    assert len(frame) == len(expected)
    assert frame["value"].to_numpy() == pytest.approx(expected["value"].to_numpy(), rel=1e-12)
    assert set(frame["unit"]) >= {"USD per month", "H100e", "tokens per day", "chips per month"}


def test_projection_csv_of_a_model_1_scenario_names_model_1():
    s = Scenario.of("1", h200_export_units=0)
    text = projection_csv(s, project(s), "http://host/?v=1&data=2026-02&h200_export_units=0")
    assert "# Compute Gap projection, model version 1, data as of 2026-02" in text
    frame = pd.read_csv(io.StringIO(text), comment="#")
    assert len(frame) == len(project(s).to_frame())


def test_scenario_json_round_trips():
    s = Scenario(h200_price_usd=27_000, bytedance_budget_growth=12, beijing_allows_h200=0)
    data = json.loads(s.to_json())
    assert data["model_version"] == "2" and data["data_vintage"] == "2026-06"
    assert data["h200_price_usd"] == 27_000 and data["beijing_allows_h200"] == 0
    assert Scenario.from_json(s.to_json()) == (s, [])
    old = Scenario.of("1", domestic_chip_units=300_000)
    assert json.loads(old.to_json())["model_version"] == "1"
    assert Scenario.from_json(old.to_json()) == (old, []), "a model-1 file reopens as model 1"


@pytest.mark.parametrize("name", list(charts.CHARTS))
def test_every_chart_renders_to_png_and_svg(name):
    s = Scenario(remote_access_close_month=month_index("2027-01"))
    spec = charts.spec(name, project(s), project(Scenario()), project(s, draws=200))
    png = export.to_image(spec, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    svg = export.to_image(spec, "svg").decode()
    assert svg.lstrip().startswith("<svg") and spec["title"] in svg


def test_download_panel_offers_every_file():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["v"] = "2"
    at.query_params["bytedance_budget_growth"] = "30"
    at.run()
    assert not at.get("download_button"), "the panel is drawn only when opened"
    at.session_state["downloads"] = True
    at.run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Projection (CSV)" in labels and "Scenario (JSON)" in labels
    assert "Slides (PowerPoint)" in labels
    assert "Projection (Excel)" in labels
    assert sum("(PNG)" in label for label in labels) == 4
    assert sum("(SVG)" in label for label in labels) == 4
