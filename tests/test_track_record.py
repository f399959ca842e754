"""The track record comes from running each release, and the public checks from the data."""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulator import Scenario, load_data, project
from simulator.checks import FAR, public_checks
from simulator.timeline import month_index
from simulator.track_record import COLUMNS, coverage, track_record


@pytest.fixture(scope="module")
def record():
    return track_record()


def test_columns(record):
    assert list(record.columns) == COLUMNS
    assert set(record["version"]) == {"1", "2"}


def test_model_1_rows_are_the_reports_published_after_its_data(record):
    old = record[record["version"] == "1"]
    assert len(old) >= 5
    published = {
        (o["company"], o["month"]) for o in load_data().observations if o["as_of"][:7] > "2026-02"
    }
    for _, row in old[old["what"] == "tokens per day"].iterrows():
        assert (row["company"], row["date"]) in published


def test_model_1_projections_come_from_running_model_1(record):
    """Not typed in: the row equals what the frozen model projects today."""
    v1 = project(Scenario.of("1"))
    row = record[
        (record["version"] == "1")
        & (record["what"] == "tokens per day")
        & (record["company"] == "ByteDance")
    ].iloc[0]
    assert row["projected"] == v1.at("tokens_per_day", "ByteDance", row["date"])[0]
    h200 = record[(record["version"] == "1") & record["what"].str.startswith("H200")].iloc[0]
    delivered = v1.series("units_h200", "ByteDance")[0, : month_index(h200["date"]) + 1].sum()
    assert h200["projected"] == pytest.approx(delivered)
    assert h200["reported"] == 0 and h200["projected"] > 50_000  # 58,000: none arrived


def test_errors_are_in_percent(record):
    rows = record[record["reported"] > 0]
    expected = (rows["projected"] / rows["reported"] - 1) * 100
    np.testing.assert_allclose(rows["error"], expected)
    assert record.loc[record["reported"] == 0, "error"].isna().all()


def test_model_1_missed_2026_and_its_bands_did_not_cover_it(record):
    """What the refresh is for: model 1 projected about 79 trillion tokens for ByteDance in
    June 2026 against about 180 reported, outside its 80% band."""
    old = record[(record["version"] == "1") & (record["what"] == "tokens per day")]
    assert (old["error"] < -25).all()
    assert not old["inside"].any()
    cov = coverage(record)
    assert list(cov["version"]) == ["1"]
    assert cov.iloc[0]["inside"] < cov.iloc[0]["figures"]


def test_the_current_fit_has_every_report_and_no_coverage_claim(record):
    new = record[record["version"] == "2"]
    reports = [o for o in load_data().observations if o["use"] in ("fit", "check")]
    assert len(new[~new["what"].str.startswith("AI capex")]) == len(reports)
    assert new["inside"].isna().all()
    tokens = new[new["what"] == "tokens per day"]
    assert (tokens["error"].abs() <= 25).all()


def test_public_checks_give_a_reason_where_the_model_departs():
    checks = public_checks()
    assert {"figure", "model", "low", "high", "ratio", "far", "why"} <= set(checks.columns)
    assert len(checks) == len(load_data().checks)
    for _, row in checks.iterrows():
        assert row["why"]
        if row["far"]:
            assert row["model"] > row["high"] * FAR or row["model"] < row["low"] / FAR
    tpu = checks[checks["figure"] == "Google TPUs in 2027"].iloc[0]
    assert tpu["far"]  # Google's own TPUs, not every TPU made: the page says so
    h200 = checks[checks["figure"].str.startswith("H200")].iloc[0]
    assert h200["model"] == 0 and math.isnan(h200["ratio"]) and not h200["far"]
