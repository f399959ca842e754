"""Uncertainty, what matters most, what limits ByteDance, plausibility."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import simulator.analysis as analysis
from simulator import Scenario, project, registry
from simulator.analysis import (
    FAN_DRAWS,
    OUTPUTS,
    RANGES,
    bands,
    fan,
    limits,
    output_range,
    plausibility,
    range_edges,
    tornado,
)

YEARS = range(2026, 2031)


def test_same_seed_and_scenario_give_identical_bands():
    s = Scenario(h200_export_units=700_000, bytedance_budget_growth=15)
    first, again = fan(s), fan(s)
    assert first.params.shape == (FAN_DRAWS, len(registry()))
    for metric in ("compute_h100e", "tokens_per_day"):
        for company in ("ByteDance", "Google"):
            a, b = bands(first, metric, company), bands(again, metric, company)
            assert a.equals(b)


def test_different_scenarios_draw_differently():
    a, b = fan(Scenario()), fan(Scenario(h200_price_usd=21_000))
    assert not np.array_equal(a.params[:, 0], b.params[:, 0])


@pytest.mark.parametrize(
    "scenario",
    [Scenario(), Scenario(h200_export_units=0), Scenario(bytedance_budget_growth=60)],
)
def test_central_line_lies_inside_the_bands(scenario):
    central = project(scenario)
    mc = fan(scenario)
    for metric in ("compute_h100e", "tokens_per_day"):
        for company in ("ByteDance", "Google"):
            band = bands(mc, metric, company)
            line = central.series(metric, company)[0]
            after_start = band.index >= 1  # month 0 has no spread in some metrics
            assert (band["p10"] <= band["p25"]).all() and (band["p75"] <= band["p90"]).all()
            assert (line[after_start] >= band["p10"][after_start] * (1 - 1e-9)).all()
            assert (line[after_start] <= band["p90"][after_start] * (1 + 1e-9)).all()
    for output in OUTPUTS:
        for year in YEARS:
            lo, hi = output_range(mc, output, year)
            value = OUTPUTS[output].fn(central, year)[0]
            assert lo - 1e-6 <= value <= hi + 1e-6, (output, year)


def test_the_drawn_band_edges_are_the_tested_percentiles():
    """The charts' bands and the cards' ranges (range_edges) are bands()'s percentiles."""
    mc = fan(Scenario(h200_export_units=0))
    assert list(RANGES) == ["8 in 10 runs", "5 in 10 runs"]
    for company in ("ByteDance", "Google"):
        edges = range_edges(mc.series("compute_h100e", company))  # (band, lo/hi, month)
        band = bands(mc, "compute_h100e", company)
        np.testing.assert_array_equal(edges[0], band[["p10", "p90"]].to_numpy().T)
        np.testing.assert_array_equal(edges[1], band[["p25", "p75"]].to_numpy().T)


def test_tornado_ranks_a_zero_range_parameter_last(monkeypatch):
    params = list(registry())
    i = next(i for i, p in enumerate(params) if p.key == "h200_export_units")
    params[i] = dataclasses.replace(params[i], low=params[i].default, high=params[i].default)
    monkeypatch.setattr(analysis, "registry", lambda: tuple(params))
    frame = tornado(Scenario(), "compute_share", 2027)
    assert frame.iloc[-1]["key"] == "h200_export_units"
    assert frame.iloc[-1]["swing"] == 0
    assert (frame["swing"].diff().dropna() <= 0).all(), "largest swing first"


def test_tornado_matches_separate_projections():
    s = Scenario(h200_export_units=250_000)
    frame = tornado(s, "bytedance_compute", 2028).set_index("key")
    for key in ("h200_export_units", "bytedance_budget_growth", "google_budget_growth"):
        p = next(p for p in registry() if p.key == key)
        for bound, column in ((p.low, "at_low"), (p.high, "at_high")):
            alone = project(s.replace(**{key: bound})).yearly("compute_h100e", "ByteDance", 2028)
            assert frame.loc[key, column] == pytest.approx(alone[0] / 1e6, rel=1e-12)
    assert frame.loc["google_budget_growth", "swing"] == 0, "Google's growth never moves ByteDance"
    assert frame["base"].iloc[0] == pytest.approx(
        project(s).yearly("compute_h100e", "ByteDance", 2028)[0] / 1e6
    )


def test_limits_name_the_binding_constraint():
    closed = {lim.year: lim for lim in limits(project(Scenario(h200_export_units=0)))}
    assert closed[2027].binding == "quotas" and not closed[2027].h200_full
    assert closed[2027].domestic_full
    assert "no H200 can be bought" in closed[2027].sentence
    assert closed[2027].unspent_cny > 1e9

    rich = {
        lim.year: lim
        for lim in limits(project(Scenario(h200_export_units=2_000_000, domestic_chip_units=1e6)))
    }
    assert rich[2027].binding == "budget"
    assert "money, not chips, is the limit" in rich[2027].sentence
    assert rich[2027].unspent_cny < 0.005 * rich[2027].chip_spend_cny


def test_plausibility_warns_only_past_the_references():
    assert plausibility(Scenario(), project()) == []
    odd = Scenario(h200_export_units=1_500_000, domestic_chip_units=900_000, h200_price_usd=10_000)
    words = " ".join(plausibility(odd, project(odd)))
    assert "inventory" in words and "Huawei" in words and "negative margin" in words
    big = Scenario(bytedance_budget_growth=100)
    assert any("Alphabet" in w for w in plausibility(big, project(big)))
