"""The baseline reproduces the news brief (FT, 22 Dec 2025), with units kept straight.

Money is USD per month in the engine; the brief speaks of yuan per year. Tokens are
per day; Google reports tokens per month. Compute is in H100-equivalents of 989
TFLOP/s dense BF16 (the datasheet's 1979 is the sparse figure).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator import Scenario, load_data, project
from simulator.engine import DATES, YEAR, metric_info

H100_DENSE_BF16 = 989e12  # FLOP/s
H100_SPARSE_BF16 = 1979e12  # FLOP/s, the figure not to use


@pytest.fixture(scope="module")
def base():
    return project(Scenario())


def yearly(projection, metric: str, company: str, year: int) -> float:
    return float(projection.yearly(metric, company, year)[0])


def at(projection, metric: str, company: str, month: str) -> float:
    """Value of a metric in one month, given as YYYY-MM."""
    i = DATES.get_loc(pd.Timestamp(f"{month}-01"))
    return float(projection.series(metric, company)[0, i])


def cny_per_usd() -> float:
    return Scenario()["cny_per_usd"]


# -- ByteDance's budget ---------------------------------------------------------------


@pytest.mark.parametrize(("year", "cny_bn"), [(2025, 150), (2026, 160)])
def test_bytedance_budget_in_yuan(base, year, cny_bn):
    budget_cny = yearly(base, "budget_usd", "ByteDance", year) * cny_per_usd()
    assert budget_cny == pytest.approx(cny_bn * 1e9, rel=1e-9)


def test_bytedance_2026_budget_is_about_23_bn_dollars(base):
    usd = yearly(base, "budget_usd", "ByteDance", 2026)
    assert usd == pytest.approx(22.7e9, rel=0.005)
    assert round(usd / 1e9) == 23  # "approximately $23 billion"


def test_bytedance_2026_chip_spend_is_85_bn_yuan(base):
    chips_cny = yearly(base, "chip_spend_usd", "ByteDance", 2026) * cny_per_usd()
    assert chips_cny == pytest.approx(85e9, rel=0.01)


def test_yuan_budget_follows_the_exchange_rate():
    """A weaker yuan buys fewer dollars: the yuan budget is fixed, the dollar one is not."""
    base = yearly(project(Scenario()), "budget_usd", "ByteDance", 2026)
    weak = yearly(project(Scenario(cny_per_usd=8)), "budget_usd", "ByteDance", 2026)
    assert weak == pytest.approx(base * Scenario()["cny_per_usd"] / 8, rel=1e-12)


# -- H200 -----------------------------------------------------------------------------


def test_h200_price_is_20000_dollars():
    assert Scenario()["h200_price_usd"] == 20000
    chips = load_data().chips
    price = next(c for c in chips if c["chip"] == "Nvidia H200 SXM" and c["measure"] == "price_usd")
    assert price["value"] == 20000


def test_no_h200_before_february_2026(base):
    units = base.series("units_h200", "ByteDance")[0]
    dates = base.dates
    before = dates < pd.Timestamp("2026-02-01")
    assert np.all(units[before] == 0)
    assert np.all(base.series("spend_h200_usd", "ByteDance")[0][before] == 0)


def test_h200_bought_from_february_2026(base):
    units = base.series("units_h200", "ByteDance")[0]
    dates = base.dates
    assert np.all(units[dates >= pd.Timestamp("2026-02-01")] > 0)


def test_h200_units_cost_20000_each(base):
    units = base.series("units_h200", "ByteDance")[0]
    spend = base.series("spend_h200_usd", "ByteDance")[0]
    bought = units > 0
    assert bought.any()
    np.testing.assert_allclose(spend[bought] / units[bought], 20000, rtol=1e-12)


def test_google_buys_no_h200(base):
    assert np.all(base.series("units_h200", "Google") == 0)


# -- Tokens ---------------------------------------------------------------------------


def test_bytedance_serves_50_trillion_tokens_a_day_in_december_2025(base):
    assert at(base, "tokens_per_day", "ByteDance", "2025-12") == pytest.approx(50e12, rel=0.10)


def test_google_serves_43_trillion_tokens_a_day_in_october_2025(base):
    assert at(base, "tokens_per_day", "Google", "2025-10") == pytest.approx(43e12, rel=0.10)


def test_loader_turns_tokens_per_month_into_tokens_per_day():
    obs = load_data().observations
    row = next(
        o
        for o in obs
        if o["company"] == "Google" and o["measure"] == "tokens" and o["month"] == "2025-10"
    )
    assert row["reported_unit"] == "tokens/month"
    assert row["reported_value"] == 1.3e15
    assert row["unit"] == "tokens/day"
    assert row["value"] == pytest.approx(1.3e15 * 12 / 365.25, rel=1e-12)
    assert row["value"] == pytest.approx(42.7e12, rel=0.001)  # not 1.3e15 / 30 = 43.3e12


def test_tokens_per_day_rows_are_not_converted():
    obs = load_data().observations
    row = next(
        o
        for o in obs
        if o["company"] == "ByteDance" and o["measure"] == "tokens" and o["month"] == "2025-12"
    )
    assert row["reported_unit"] == "tokens/day"
    assert row["value"] == row["reported_value"] == 50e12


# -- Compute --------------------------------------------------------------------------


def test_google_has_about_5_million_h100e_at_end_2025(base):
    epoch = next(
        o
        for o in load_data().observations
        if o["company"] == "Google" and o["measure"] == "fleet" and o["month"] == "2025-12"
    )
    assert epoch["value"] == 5e6
    assert at(base, "compute_h100e", "Google", "2025-12") == pytest.approx(epoch["value"], rel=0.15)


def test_h100_equivalent_is_989_dense_tflops():
    ds = load_data()
    assert ds.chip_flops("Nvidia H100 SXM") == H100_DENSE_BF16
    assert ds.chip_flops("Nvidia H100 SXM") != H100_SPARSE_BF16


def test_flops_are_h100e_times_989_tflops(base):
    flops = base.arrays["compute_bf16_flop_per_s"]
    np.testing.assert_array_equal(flops, base.arrays["compute_h100e"] * H100_DENSE_BF16)
    assert metric_info("compute_bf16_flop_per_s")[0] == "FLOP/s (dense BF16)"


# -- Units and shape ------------------------------------------------------------------


def test_budget_is_per_month(base):
    assert metric_info("budget_usd") == ("USD per month", "sum")
    google = base.series("budget_usd", "Google")[0]
    # one month is a twelfth of the year; the year's sum is the annual capex
    assert google[YEAR == 2025][0] == pytest.approx(91.45e9 / 12, rel=1e-12)
    assert google[YEAR == 2025].sum() == pytest.approx(91.45e9, rel=1e-12)
    assert yearly(base, "budget_usd", "Google", 2026) == pytest.approx(180e9, rel=1e-12)


def test_to_frame_columns_dates_and_companies(base):
    frame = base.to_frame()
    assert list(frame.columns) == ["date", "company", "metric", "value", "unit"]
    dates = pd.DatetimeIndex(sorted(frame["date"].unique()))
    assert len(dates) == 72
    assert dates[0] == pd.Timestamp("2025-01-01")
    assert dates[-1] == pd.Timestamp("2030-12-01")
    assert (dates.day == 1).all()
    assert list(dates) == list(pd.date_range("2025-01-01", "2030-12-01", freq="MS"))
    assert set(frame["company"]) == {"ByteDance", "Google"}
    # every (company, metric) series covers every month exactly once
    counts = frame.groupby(["company", "metric"])["date"].nunique()
    assert (counts == 72).all()
    assert not frame.duplicated(["date", "company", "metric"]).any()


def test_to_frame_units(base):
    frame = base.to_frame()
    units = frame.groupby("metric")["unit"].unique()
    assert list(units["budget_usd"]) == ["USD per month"]
    assert list(units["compute_h100e"]) == ["H100e"]
    assert list(units["tokens_per_day"]) == ["tokens per day"]
    assert list(units["units_h200"]) == ["chips per month"]


def test_to_frame_keeps_each_company_to_its_own_channels(base):
    frame = base.to_frame()
    google_metrics = set(frame.loc[frame["company"] == "Google", "metric"])
    assert "units_h200" not in google_metrics
    assert "units_tpu" in google_metrics
    bytedance_metrics = set(frame.loc[frame["company"] == "ByteDance", "metric"])
    assert "units_tpu" not in bytedance_metrics
    assert "units_h200" in bytedance_metrics
