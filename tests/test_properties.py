"""Properties of the engine over random valid scenarios (hypothesis).

Every registry parameter is drawn within its [min, max] (integer parameters as
integers), so these properties hold for any scenario a user can reach.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from simulator import Scenario, project, registry, sample
from simulator.data import COMPANIES, load_data
from simulator.engine import MONTH

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
REL = 1e-9  # floating-point slack for "never lower" and sums

PARAMS = registry()
KEYS = [p.key for p in PARAMS]
BYTEDANCE_KEYS = [p.key for p in PARAMS if p.company == "ByteDance"]
GOOGLE_KEYS = [p.key for p in PARAMS if p.company == "Google"]


def value_strategy(p) -> st.SearchStrategy[float]:
    if p.is_integer:
        return st.integers(int(p.min), int(p.max)).map(float)
    return st.floats(p.min, p.max, allow_nan=False, allow_infinity=False)


def param_values() -> st.SearchStrategy[dict[str, float]]:
    return st.fixed_dictionaries({p.key: value_strategy(p) for p in PARAMS})


scenarios = param_values().map(lambda values: Scenario(**values))


def by_key(key: str):
    return next(p for p in PARAMS if p.key == key)


def company_arrays(projection, company: str) -> dict[str, np.ndarray]:
    c = COMPANIES.index(company)
    return {metric: arr[:, c] for metric, arr in projection.arrays.items()}


def assert_not_below(higher: np.ndarray, lower: np.ndarray, what: str) -> None:
    """``higher >= lower`` in every month, up to rounding of the fleet's running sums."""
    slack = REL * max(float(np.abs(lower).max()), float(np.abs(higher).max()), 1.0)
    worst = float((lower - higher).max())
    assert worst <= slack, f"{what}: lower by {worst:g} in month {int((lower - higher).argmax())}"


def bytedance_compute(scenario: Scenario) -> np.ndarray:
    return project(scenario).series("compute_h100e", "ByteDance")[0]


def raised(scenario: Scenario, key: str, fraction: float) -> Scenario:
    """The scenario with ``key`` moved up by ``fraction`` of its remaining room."""
    p = by_key(key)
    value = scenario[key]
    new = value + fraction * (p.max - value)
    if p.is_integer:
        new = float(np.ceil(new))
    new = min(new, p.max)
    assume(new > value)
    return scenario.replace(**{key: new})


fractions = st.floats(0.001, 1.0)


# -- Monotonicity -----------------------------------------------------------------------


@SETTINGS
@given(scenarios, fractions)
def test_more_h200_exports_never_lower_bytedance_compute(s, fraction):
    more = raised(s, "h200_export_units", fraction)
    assert_not_below(bytedance_compute(more), bytedance_compute(s), "more H200 exports")


@SETTINGS
@given(scenarios, fractions)
def test_higher_h200_price_never_raises_bytedance_compute(s, fraction):
    dearer = raised(s, "h200_price_usd", fraction)
    assert_not_below(bytedance_compute(s), bytedance_compute(dearer), "dearer H200")


@SETTINGS
@given(scenarios, fractions)
def test_higher_budget_growth_never_lowers_bytedance_compute(s, fraction):
    faster = raised(s, "bytedance_budget_growth", fraction)
    assert_not_below(bytedance_compute(faster), bytedance_compute(s), "faster budget growth")


def test_monotonicity_checks_can_fail():
    """The helper is not vacuous: closing H200 exports really lowers compute."""
    with pytest.raises(AssertionError):
        assert_not_below(
            bytedance_compute(Scenario(h200_export_units=0)),
            bytedance_compute(Scenario()),
            "no H200",
        )


# -- Independence of the two companies --------------------------------------------------


def with_keys_from(s: Scenario, other: Scenario, keys: list[str]) -> Scenario:
    return s.replace(**{k: other[k] for k in keys})


@SETTINGS
@given(scenarios, scenarios)
def test_bytedance_parameters_never_change_google(s, other):
    changed = with_keys_from(s, other, BYTEDANCE_KEYS)
    a, b = company_arrays(project(s), "Google"), company_arrays(project(changed), "Google")
    assert a.keys() == b.keys()
    for metric in a:
        np.testing.assert_array_equal(a[metric], b[metric], err_msg=metric)


@SETTINGS
@given(scenarios, scenarios)
def test_google_parameters_never_change_bytedance(s, other):
    changed = with_keys_from(s, other, GOOGLE_KEYS)
    a, b = company_arrays(project(s), "ByteDance"), company_arrays(project(changed), "ByteDance")
    assert a.keys() == b.keys()
    for metric in a:
        np.testing.assert_array_equal(a[metric], b[metric], err_msg=metric)


def test_company_parameters_are_registered():
    """Both lists are non-empty and each company's own parameters do move its own outputs."""
    assert "h200_export_units" in BYTEDANCE_KEYS and "cny_per_usd" in BYTEDANCE_KEYS
    assert "google_tpu_share" in GOOGLE_KEYS
    base = project(Scenario())
    cut = project(Scenario(google_chip_share=10))
    assert not np.array_equal(base.arrays["compute_h100e"][:, 1], cut.arrays["compute_h100e"][:, 1])


# -- Accounting identities --------------------------------------------------------------


def channel_names(company: str) -> list[str]:
    return [ch.channel for ch in load_data().channels if ch.company == company]


@SETTINGS
@given(scenarios)
def test_accounting(s):
    proj = project(s)
    a = proj.arrays
    np.testing.assert_array_equal(
        a["tokens_per_day"], np.minimum(a["token_demand_per_day"], a["token_capacity_per_day"])
    )
    for metric, arr in a.items():
        assert np.all(np.isfinite(arr)), metric
        assert np.all(arr >= 0), f"{metric} is negative: {arr.min()}"
    chip = a["chip_spend_usd"]
    unspent = a["unspent_chip_budget_usd"]
    assert np.all(unspent <= chip * (1 + REL) + 1e-6)
    for c, company in enumerate(COMPANIES):
        spent = sum(a[f"spend_{name}_usd"][:, c] for name in channel_names(company))
        np.testing.assert_allclose(spent + unspent[:, c], chip[:, c], rtol=REL, atol=1e-6)
        for name in channel_names(company):  # units times price paid is the spend
            units = a[f"units_{name}"][:, c]
            assert np.all((units > 0) == (a[f"spend_{name}_usd"][:, c] > 0)), name


# -- Limit cases ------------------------------------------------------------------------


def linear_retirement(s: Scenario, company: str) -> np.ndarray:
    """The January-2025 fleet, of even age, retiring linearly over the useful life."""
    life = max(round(s["chip_useful_life_years"] * 12), 1)
    initial = s[f"{company.lower()}_initial_fleet_h100e"]
    return initial * np.clip(1 - (MONTH + 1) / life, 0, 1)


@SETTINGS
@given(scenarios)
def test_no_h200_exports_buy_no_h200(s):
    proj = project(s.replace(h200_export_units=0))
    assert np.all(proj.series("units_h200", "ByteDance") == 0)
    assert np.all(proj.series("spend_h200_usd", "ByteDance") == 0)


@pytest.mark.parametrize("company", COMPANIES)
@SETTINGS
@given(s=scenarios)
def test_zero_chip_share_leaves_only_the_retiring_fleet(company, s):
    proj = project(s.replace(**{f"{company.lower()}_chip_share": 0}))
    compute = proj.series("compute_h100e", company)[0]
    assert np.all(proj.series("added_h100e", company) == 0)
    assert np.all(np.diff(compute) <= 0), "compute grows without chip spend"
    np.testing.assert_allclose(compute, linear_retirement(s, company), rtol=1e-12, atol=0)


# -- Vectorisation and sampling ---------------------------------------------------------


@SETTINGS
@given(scenarios, scenarios, scenarios)
def test_sets_equal_separate_calls(s1, s2, s3):
    together = project(draws=[s1, s2, s3])
    assert together.kind == "sets"
    for row, s in enumerate((s1, s2, s3)):
        alone = project(s)
        assert together.arrays.keys() == alone.arrays.keys()
        for metric, arr in together.arrays.items():
            np.testing.assert_array_equal(arr[row], alone.arrays[metric][0], err_msg=metric)


@settings(max_examples=30, deadline=None)
@given(scenarios, scenarios)
def test_monte_carlo_is_seeded_by_the_scenario(s1, s2):
    assume(s1 != s2)
    first, again = project(s1, draws=40), project(s1, draws=40)
    assert first.kind == "monte_carlo"
    np.testing.assert_array_equal(first.params, again.params)
    for metric, arr in first.arrays.items():
        np.testing.assert_array_equal(arr, again.arrays[metric], err_msg=metric)
    np.testing.assert_array_equal(sample(s1, 40), first.params)
    # a different scenario has a different seed, hence different random draws
    assert s1.seed != s2.seed
    assert not np.array_equal(sample(s1, 40, seed=s2.seed), first.params)
    other = project(s2, draws=40)
    assert not np.array_equal(first.params - s1.values, other.params - s2.values)


@SETTINGS
@given(scenarios, st.integers(1, 300), st.integers(0, 2**32))
def test_sample_stays_within_limits(s, n, seed):
    draws = sample(s, n, seed=seed)
    assert draws.shape == (n, len(PARAMS))
    low = np.array([p.min for p in PARAMS])
    high = np.array([p.max for p in PARAMS])
    assert np.all(draws >= low) and np.all(draws <= high)
    integer = np.array([p.is_integer for p in PARAMS])
    assert np.all(draws[:, integer] == np.rint(draws[:, integer]))
    # every draw is itself a valid scenario
    for row in draws[:3]:
        Scenario(**dict(zip(KEYS, row, strict=True)))
