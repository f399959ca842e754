"""The baseline reproduces what was reported by June 2026, with units kept straight.

Money is USD per month in the engine; budgets are reported in yuan (ByteDance) or dollars
(Alphabet) per year. Tokens are per day; Google reports tokens per month. Compute is in
H100-equivalents of 989 TFLOP/s dense BF16 (the datasheet's 1979 is the sparse figure).
Every reported figure is read from data/ here, never typed into the test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator import Scenario, load_data, project
from simulator.engine import DATES, YEAR, metric_info
from simulator.timeline import month_index

H100_DENSE_BF16 = 989e12  # FLOP/s
H100_SPARSE_BF16 = 1979e12  # FLOP/s, the figure not to use


@pytest.fixture(scope="module")
def base():
    return project(Scenario())


def yearly(projection, metric: str, company: str, year: int) -> float:
    return float(projection.yearly(metric, company, year)[0])


def at(projection, metric: str, company: str, month: str) -> float:
    """Value of a metric in one month, given as YYYY-MM."""
    return float(projection.at(metric, company, month)[0])


def cny_per_usd() -> float:
    return Scenario()["cny_per_usd"]


def rows(measure: str, **match):
    return [
        o
        for o in load_data().observations
        if o["measure"] == measure and all(o[k] == v for k, v in match.items())
    ]


def budget_rows(measure: str):
    return [b for b in load_data().budgets if b["measure"] == measure and b["year"] >= 2025]


# -- Budgets -----------------------------------------------------------------------------


@pytest.mark.parametrize("row", budget_rows("capex"), ids=lambda b: f"{b['company']}-{b['year']}")
def test_capex_is_the_reported_figure(base, row):
    """ByteDance 150 bn yuan (2025) and 200 bn (2026); Alphabet $91.45 bn and $185 bn."""
    total = yearly(base, "budget_usd", row["company"], row["year"])
    if row["currency"] == "CNY":
        total *= cny_per_usd()
    assert total == pytest.approx(row["value"], rel=1e-9)


@pytest.mark.parametrize("row", budget_rows("chip_spend"), ids=lambda b: str(b["year"]))
def test_bytedance_chip_money_is_the_reported_figure(base, row):
    """85 bn yuan on AI chips in 2025 and about 100 bn in 2026 (SCMP)."""
    chips_cny = yearly(base, "chip_spend_usd", "ByteDance", row["year"]) * cny_per_usd()
    assert chips_cny == pytest.approx(row["value"], rel=1e-9)


def test_bytedance_2025_budget_is_the_news_briefs_150_bn_yuan(base):
    usd = yearly(base, "budget_usd", "ByteDance", 2025)
    assert usd * cny_per_usd() == pytest.approx(150e9, rel=1e-12)
    assert usd == pytest.approx(150e9 / 7.04, rel=1e-12)  # about $21.3 bn


def test_yuan_budget_follows_the_exchange_rate_from_july_2026():
    """A weaker yuan buys fewer dollars from July 2026; the months before are data."""
    base = project(Scenario()).series("budget_usd", "ByteDance")[0]
    weak = project(Scenario(cny_per_usd=8)).series("budget_usd", "ByteDance")[0]
    before = pd.Timestamp("2026-07-01") > DATES
    np.testing.assert_array_equal(weak[before], base[before])
    np.testing.assert_allclose(weak[~before], base[~before] * 7.04 / 8, rtol=1e-12)


def test_budget_is_per_month(base):
    assert metric_info("budget_usd") == ("USD per month", "sum")
    google = base.series("budget_usd", "Google")[0][YEAR == 2025]
    # The year's budget is spent in full, at a pace rising through the year (capex grew
    # from $52.5 bn in 2024): January below the monthly average, December above it.
    assert google.sum() == pytest.approx(91.45e9, rel=1e-12)
    assert google[0] < 91.45e9 / 12 < google[-1]
    assert np.all(np.diff(google) > 0)


# -- The H200 channel as it stands ------------------------------------------------------------


def test_no_h200_reached_bytedance_through_june_2026(base):
    """None were delivered (Commerce testimony, Nvidia guidance), and none in the baseline."""
    reported = rows("h200_delivered", company="ByteDance")
    assert reported and all(r["value"] == 0 for r in reported)
    through = month_index(max(r["month"] for r in reported)) + 1
    assert np.all(base.series("units_h200", "ByteDance")[0, :through] == 0)
    assert np.all(base.series("spend_h200_usd", "ByteDance")[0, :through] == 0)


def test_the_baseline_keeps_the_h200_channel_shut(base):
    assert np.all(base.series("units_h200", "ByteDance") == 0)


def test_an_opened_channel_delivers_at_most_the_per_customer_cap():
    s = Scenario(h200_first_month=month_index("2027-01"), bytedance_h200_share=100)
    units = project(s).series("units_h200", "ByteDance")[0]
    assert np.all(units[pd.Timestamp("2027-01-01") > DATES] == 0)
    yearly_units = units.reshape(6, 12).sum(axis=1)
    assert yearly_units[2] == pytest.approx(s["h200_customer_cap"], rel=1e-9)  # 75,000 in 2027


def test_h200_units_cost_their_price():
    s = Scenario(h200_first_month=month_index("2026-07"))
    p = project(s)
    units = p.series("units_h200", "ByteDance")[0]
    spend = p.series("spend_h200_usd", "ByteDance")[0]
    bought = units > 0
    assert bought.any()
    np.testing.assert_allclose(spend[bought] / units[bought], s["h200_price_usd"], rtol=1e-12)


def test_h20_only_before_the_april_2025_rule(base):
    units = base.series("units_h20", "ByteDance")[0]
    assert units[:3].sum() == pytest.approx(Scenario()["h20_units_2025"], rel=1e-9)
    assert np.all(units[3:] == 0)


def test_google_buys_no_h200(base):
    assert np.all(base.series("units_h200", "Google") == 0)


# -- Tokens ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "row", rows("tokens", use="fit"), ids=lambda o: f"{o['company']}-{o['month']}"
)
def test_every_reported_token_figure_is_reproduced_within_25_percent(row):
    """Read from observations.csv: adding a report adds a check. Reports before the model's
    first month are checked against the fitted demand trend, which reaches back to them."""
    from simulator.models.v2 import demand_fit

    month = month_index(row["month"])
    if month >= 0:
        model = at(project(Scenario()), "tokens_per_day", row["company"], row["month"])
    else:
        fit = demand_fit(load_data())
        model = next(
            p["fitted"]
            for p in fit.points
            if p["company"] == row["company"] and p["month"] == row["month"]
        )
    assert model == pytest.approx(row["value"], rel=0.25)


def test_the_news_brief_token_figures_are_reproduced(base):
    """50 trillion a day for ByteDance in December 2025, about 43 trillion for Google."""
    assert at(base, "tokens_per_day", "ByteDance", "2025-12") == pytest.approx(50e12, rel=0.25)
    assert at(base, "tokens_per_day", "Google", "2025-09") == pytest.approx(43e12, rel=0.25)


def test_loader_turns_tokens_per_month_into_tokens_per_day():
    row = rows("tokens", company="Google", month="2025-09")[0]
    assert row["reported_unit"] == "tokens/month"
    assert row["reported_value"] == 1.3e15
    assert row["unit"] == "tokens/day"
    assert row["value"] == pytest.approx(1.3e15 * 12 / 365.25, rel=1e-12)
    assert row["value"] == pytest.approx(42.7e12, rel=0.001)  # not 1.3e15 / 30 = 43.3e12


def test_tokens_per_day_rows_are_not_converted():
    row = rows("tokens", company="ByteDance", month="2025-12")[0]
    assert row["reported_unit"] == "tokens/day"
    assert row["value"] == row["reported_value"] == 50e12


def test_i_o_2026_is_about_105_trillion_a_day():
    row = rows("tokens", company="Google", month="2026-04")[0]
    assert row["value"] == pytest.approx(105e12, rel=0.01)


# -- Compute ---------------------------------------------------------------------------------


@pytest.mark.parametrize("row", rows("fleet", company="Google"), ids=lambda o: o["month"])
def test_google_owns_about_what_epoch_estimates(base, row):
    """Epoch counts ownership: the model's owned fleet, within Epoch's own uncertainty."""
    assert at(base, "compute_owned_h100e", "Google", row["month"]) == pytest.approx(
        row["value"], rel=0.15
    )


def test_h100_equivalent_is_989_dense_tflops():
    ds = load_data()
    assert ds.chip_flops("Nvidia H100 SXM") == H100_DENSE_BF16
    assert ds.chip_flops("Nvidia H100 SXM") != H100_SPARSE_BF16


def test_serving_counts_precision_and_bandwidth():
    """FP8 where a chip has it (dense, not the sparse figure); the Ascend 910C has none."""
    h100, ascend = load_data().chip("Nvidia H100 SXM"), load_data().chip("Huawei Ascend 910C")
    assert h100["fp8_dense_tflops"] == 1979e12
    assert "fp8_dense_tflops" not in ascend
    assert h100["bandwidth_tbs"] == 3.35e12  # bytes per second


def test_flops_are_h100e_times_989_tflops(base):
    flops = base.arrays["compute_bf16_flop_per_s"]
    np.testing.assert_array_equal(flops, base.arrays["compute_h100e"] * H100_DENSE_BF16)
    assert metric_info("compute_bf16_flop_per_s")[0] == "FLOP/s (dense BF16)"


def test_controlled_is_owned_minus_rented_out_plus_rented_in(base):
    a = base.arrays
    np.testing.assert_allclose(
        a["compute_h100e"],
        a["compute_owned_h100e"] - a["compute_rented_out_h100e"] + a["compute_rented_in_h100e"],
        rtol=1e-12,
    )
    assert np.all(a["compute_rented_in_h100e"][:, 1] == 0)  # Google rents nothing in
    assert np.all(a["compute_rented_out_h100e"][:, 0] == 0)  # ByteDance rents nothing out
    assert yearly(base, "compute_rented_out_h100e", "Google", 2026) > 0
    assert yearly(base, "compute_rented_in_h100e", "ByteDance", 2026) > 0


def test_compute_in_china_is_part_of_bytedance_compute(base):
    china = base.series("compute_china_h100e", "ByteDance")[0]
    assert np.all(china > 0)
    assert np.all(china <= base.series("compute_h100e", "ByteDance")[0])
    assert np.all(base.series("compute_china_h100e", "Google") == 0)


# -- Units and shape -------------------------------------------------------------------------


def test_to_frame_columns_dates_and_companies(base):
    frame = base.to_frame()
    assert list(frame.columns) == ["date", "company", "metric", "value", "unit"]
    dates = pd.DatetimeIndex(sorted(frame["date"].unique()))
    assert len(dates) == 72
    assert list(dates) == list(pd.date_range("2025-01-01", "2030-12-01", freq="MS"))
    assert set(frame["company"]) == {"ByteDance", "Google"}
    counts = frame.groupby(["company", "metric"])["date"].nunique()
    assert (counts == 72).all()
    assert not frame.duplicated(["date", "company", "metric"]).any()


def test_to_frame_units(base):
    units = base.to_frame().groupby("metric")["unit"].unique()
    assert list(units["budget_usd"]) == ["USD per month"]
    assert list(units["compute_h100e"]) == ["H100e"]
    assert list(units["compute_owned_h100e"]) == ["H100e"]
    assert list(units["tokens_per_day"]) == ["tokens per day"]
    assert list(units["units_h200"]) == ["chips per month"]
    assert list(units["gpus_rented"]) == ["GPUs"]


def test_to_frame_keeps_each_company_to_its_own_channels(base):
    frame = base.to_frame()
    google = set(frame.loc[frame["company"] == "Google", "metric"])
    bytedance = set(frame.loc[frame["company"] == "ByteDance", "metric"])
    assert "units_h200" not in google and "units_tpu" in google
    assert "units_tpu" not in bytedance and "units_h200" in bytedance
