"""Token demand fitted to the reports, and serving capacity from chip physics."""

from __future__ import annotations

import csv
import shutil

import numpy as np
import pytest

from simulator import Scenario, calibration, load_data, project
from simulator.data import DATA_DIR, read_data
from simulator.models.v2 import demand_fit
from simulator.models.v2.inputs import Inputs
from simulator.models.v2.serving import throughput
from simulator.timeline import MONTH, month_index


def fit_points():
    return demand_fit(load_data()).points


def test_the_fit_reproduces_every_report_within_25_percent():
    points = fit_points()
    reported = [o for o in load_data().observations if o["measure"] == "tokens"]
    assert len(points) == len(reported) >= 10
    for p in points:
        assert p["fitted"] == pytest.approx(p["reported"], rel=0.25), p["month"]


def test_demand_growth_slows_over_time():
    log_demand = demand_fit(load_data()).log_demand  # (company, month)
    yearly_growth = log_demand[:, 12:] - log_demand[:, :-12]
    assert np.all(np.diff(yearly_growth, axis=1) < 0)  # slowing...
    assert np.all(yearly_growth > 0)  # ...but still growing


def test_a_new_report_refits_the_trend(tmp_path):
    """Adding a row to observations.csv is all it takes: nothing is typed in twice."""
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder, ignore=shutil.ignore_patterns("archive"))
    with (folder / "observations.csv").open("a", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerow(
            [
                "ByteDance",
                "2026-03",
                "tokens",
                "1.2e14",
                "tokens/day",
                "fit",
                "0.25",
                "2026-04-01",
                "estimate",
                "https://example.org/report",
                "A test row.",
            ]
        )
    before, after = demand_fit(load_data()), demand_fit(read_data(folder))
    assert len(after.points) == len(before.points) + 1
    assert not np.allclose(after.log_demand, before.log_demand)


def test_the_tokens_chart_data_is_the_fit():
    """Demand in the projection is the fitted trend up to the data's month."""
    p = project(Scenario())
    fit = demand_fit(load_data())
    last = month_index("2026-06")
    np.testing.assert_allclose(
        np.log(p.company_arrays["token_demand_per_day"][0, :, : last + 1]),
        fit.log_demand[:, : last + 1],
        rtol=1e-12,
    )


def test_demand_after_the_data_follows_the_control():
    slower = project(Scenario(bytedance_demand_vs_trend=50))
    slower = slower.series("token_demand_per_day", "ByteDance")
    base = project(Scenario()).series("token_demand_per_day", "ByteDance")
    after = month_index("2026-06") < MONTH
    assert np.all(slower[0, after] < base[0, after])
    np.testing.assert_array_equal(slower[0, ~after], base[0, ~after])


# -- Chip physics -------------------------------------------------------------------------


def speed(chip: str, company: str = "ByteDance") -> float:
    ds = load_data()
    P = np.array([[p.default for p in ds.params]])
    return float(throughput(ds, Inputs(P, ds), chip, company)[0, 0])


def test_the_h200_serves_faster_than_the_h100_on_the_same_compute_die():
    """Same dense FLOP/s, 43% more memory bandwidth: decode is bandwidth-bound."""
    ratio = speed("Nvidia H200 SXM") / speed("Nvidia H100 SXM")
    assert 1.1 < ratio < 1.43


def test_the_ascend_910c_serves_below_its_bf16_rating():
    """No FP8: it reads twice the bytes per weight. 0.79 H100e for training, less for
    serving (DeepSeek measured about 60% of an H100 for inference)."""
    ds = load_data()
    bf16_ratio = ds.chip_flops("Huawei Ascend 910C") / ds.chip_flops("Nvidia H100 SXM")
    serving_ratio = speed("Huawei Ascend 910C") / speed("Nvidia H100 SXM")
    assert serving_ratio < bf16_ratio
    assert 0.3 < serving_ratio < 0.8


def test_the_h20_serves_far_above_its_bf16_rating():
    ds = load_data()
    bf16_ratio = ds.chip_flops("Nvidia H20") / ds.chip_flops("Nvidia H100 SXM")
    assert speed("Nvidia H20") / speed("Nvidia H100 SXM") > 2 * bf16_ratio


def test_the_fitted_residuals_are_physical_and_published():
    """Each company's serving reaches a share of the chips' physical rate (below 1), and the
    implied tokens a second per serving H100e sit within a factor 3 of DeepSeek's published
    fleet average (about 4,950 per H800), not ninefold apart."""
    rows = {r["company"]: r for r in calibration()}
    for r in rows.values():
        assert 0.05 < r["residual"] < 1.0
        assert 4950 / 3 < r["tokens_per_serving_h100e_per_second"] < 4950 * 3
    ratio = (
        rows["ByteDance"]["tokens_per_serving_h100e_per_second"]
        / rows["Google"]["tokens_per_serving_h100e_per_second"]
    )
    assert 1 / 4 < ratio < 4


def test_google_serves_its_reported_tokens_with_a_small_share_of_its_compute():
    share = Scenario()["google_serving_share"]
    assert 5 <= share <= 15
    rows = {r["company"]: r for r in calibration()}
    assert rows["Google"]["serving_share"] == pytest.approx(share / 100)
