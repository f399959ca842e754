"""Uncertainty, what matters most, what limits ByteDance, plausibility."""

from __future__ import annotations

import numpy as np
import pytest

import simulator.analysis as analysis
from simulator import Scenario, project, registry
from simulator.analysis import (
    FAN_DRAWS,
    OUTPUTS,
    bands,
    fan,
    limits,
    output_range,
    plausibility,
    tornado,
)

YEARS = range(2026, 2031)


def test_same_seed_and_scenario_give_identical_bands():
    s = Scenario(h200_first_month=30, bytedance_budget_growth=15)
    first, again = fan(s), fan(s)
    assert first.drawn == FAN_DRAWS
    assert first.params.shape == (first.kept, len(registry()))
    for metric in ("compute_h100e", "tokens_per_day"):
        for company in ("ByteDance", "Google"):
            a, b = bands(first, metric, company), bands(again, metric, company)
            assert a.equals(b)


def test_different_scenarios_draw_differently():
    a, b = fan(Scenario()), fan(Scenario(h200_price_usd=21_000))
    assert not np.array_equal(a.params[:, 0], b.params[:, 0])


@pytest.mark.parametrize(
    "scenario",
    [Scenario(), Scenario(remote_access_close_month=24), Scenario(bytedance_budget_growth=60)],
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
            assert (line[after_start] >= band["p10"][after_start] * (1 - 1e-5)).all()
            assert (line[after_start] <= band["p90"][after_start] * (1 + 1e-5)).all()
    for output in ("compute_share", "bytedance_compute", "bytedance_tokens", "google_tokens"):
        for year in YEARS:
            lo, hi = output_range(mc, output, year)
            value = OUTPUTS[output].fn(central, year)[0]
            assert lo * (1 - 1e-6) - 1e-6 <= value <= hi * (1 + 1e-6) + 1e-6, (output, year)


def test_tornado_covers_every_ranged_parameter_largest_swing_first():
    frame = tornado(Scenario(), "compute_share", 2027)
    ranged = {p.key for p in registry() if p.high > p.low}
    assert set(frame["key"]) == ranged
    assert (frame["swing"].diff().dropna() <= 0).all(), "largest swing first"
    assert set(frame["role"]) == {"control", "estimate"}
    top = set(frame.head(8)["key"])
    assert "google_rented_out_share" in top or "bytedance_abroad_share" in top


def test_tornado_matches_separate_projections():
    s = Scenario(h200_first_month=24)
    frame = tornado(s, "bytedance_compute", 2028).set_index("key")
    for key in ("h200_customer_cap", "bytedance_budget_growth", "google_budget_growth"):
        p = next(p for p in registry() if p.key == key)
        for bound, column in ((p.low, "at_low"), (p.high, "at_high")):
            alone = project(s.replace(**{key: bound})).yearly("compute_h100e", "ByteDance", 2028)
            assert frame.loc[key, column] == pytest.approx(alone[0] / 1e6, rel=1e-12)
    assert frame.loc["google_budget_growth", "swing"] == 0, "Google's growth never moves ByteDance"
    assert frame["base"].iloc[0] == pytest.approx(
        project(s).yearly("compute_h100e", "ByteDance", 2028)[0] / 1e6
    )


def test_limits_name_the_binding_constraint():
    base = {lim.year: lim for lim in limits(project(Scenario()))}
    assert base[2026].binding == "caps" and base[2026].full["h200"]
    assert "no H200 can be bought" in base[2026].sentence
    assert base[2026].unspent_cny > 1e9
    assert base[2026].tokens_limited_by == "demand"
    assert "demand, not chips" in base[2026].sentence

    rich = {
        lim.year: lim
        for lim in limits(project(Scenario(h200_first_month=18, bytedance_domestic_share=50)))
    }
    assert rich[2027].binding == "budget"
    assert "money, not chips, is the limit" in rich[2027].sentence
    assert rich[2027].unspent_cny < 0.005 * rich[2027].chip_spend_cny


def test_limits_round_to_what_the_data_supports():
    opened = {lim.year: lim for lim in limits(project(Scenario(h200_first_month=18)))}
    assert "75,000 chips a year" in opened[2027].sentence or "money" in opened[2027].sentence
    for lim in opened.values():
        assert not any(
            len(word.strip(",.()")) > 6
            and word.strip(",.()").replace(",", "").isdigit()
            and word.strip(",.()").replace(",", "")[2:].strip("0")
            for word in lim.sentence.split()
        )


def test_closing_remote_access_makes_chips_the_limit():
    squeezed = {lim.year: lim for lim in limits(project(Scenario(remote_access_close_month=18)))}
    assert squeezed[2026].tokens_limited_by == "chips"
    assert "renting compute abroad is closed" in squeezed[2027].sentence


def test_plausibility_warns_only_past_the_references():
    assert plausibility(Scenario(), project()) == []
    odd = Scenario(bytedance_domestic_share=45, h200_price_usd=10_000)
    words = " ".join(plausibility(odd, project(odd)))
    assert "domestic AI chips" in words and "negative margin" in words
    old = Scenario.of("1", h200_export_units=1_500_000, domestic_chip_units=900_000)
    words = " ".join(plausibility(old, project(old)))
    assert "inventory" in words and "Huawei" in words
    big = Scenario(bytedance_budget_growth=100)
    assert any("Alphabet" in w for w in plausibility(big, project(big)))


def test_draws_that_cannot_reproduce_the_reports_are_dropped():
    """A fleet far from Epoch's estimate fails the check: those draws leave the bands."""
    odd = fan(Scenario(google_initial_fleet_h100e=5_500_000))
    assert odd.drawn == FAN_DRAWS and 0 < odd.kept < odd.drawn
    epoch = 5e6
    owned = odd.series("compute_owned_h100e", "Google")[:, 11]  # December 2025
    assert (abs(owned / epoch - 1) <= 0.4).all()
    assert f"{odd.kept:,} of {odd.drawn:,} runs" in analysis.bands_note(odd)
    base = fan(Scenario())
    # The baseline's ranges sit inside the reports; about 1 run in 8 is dropped because its
    # chips would have to serve the reported tokens faster than their physics allows.
    assert 0.8 * base.drawn < base.kept < base.drawn
    nobody = fan(Scenario(google_initial_fleet_h100e=8_000_000, google_tpu_cost_usd=5_000))
    assert nobody.reproduced == 0 and nobody.kept == nobody.drawn
    assert "none of them reproduces" in analysis.bands_note(nobody)


def test_no_two_stories_tell_the_same_numbers():
    """Each preset answers its own question: in the year the page opens on, its headline
    numbers differ from every other preset's (shown to one decimal)."""
    from simulator import presets
    from simulator.summary import headline
    from ui.link import DEFAULT_YEAR

    seen: dict[tuple, str] = {}
    for name, (_label, _story, scenario) in presets().items():
        h = headline(project(scenario), DEFAULT_YEAR)
        numbers = (round(h.compute_share * 100, 1), round(h.unspent_usd / 1e9, 1))
        assert numbers not in seen, f"'{name}' tells the same numbers as '{seen.get(numbers)}'"
        seen[numbers] = name
