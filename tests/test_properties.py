"""Properties of the engine over random valid scenarios (hypothesis).

Every control is drawn within its [min, max] (integer ones as integers); estimates stay
at their values, as on the page. These properties hold for any scenario a user can reach.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from simulator import Scenario, project, registry, sample
from simulator.data import COMPANIES
from simulator.timeline import N_MONTHS, month_index

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
REL = 1e-9  # floating-point slack for "never lower" and sums

PARAMS = registry()
LEVERS = [p for p in PARAMS if p.is_lever]
KEYS = [p.key for p in PARAMS]
BYTEDANCE_KEYS = [p.key for p in PARAMS if p.company == "ByteDance"]
GOOGLE_KEYS = [p.key for p in PARAMS if p.company == "Google"]
LAST_DATA_MONTH = month_index("2026-06")


def value_strategy(p) -> st.SearchStrategy[float]:
    if p.is_integer:
        return st.integers(int(p.min), int(p.max)).map(float)
    return st.floats(p.min, p.max, allow_nan=False, allow_infinity=False)


scenarios = st.fixed_dictionaries({p.key: value_strategy(p) for p in LEVERS}).map(
    lambda values: Scenario(**values)
)


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


def moved(scenario: Scenario, key: str, fraction: float, up: bool = True) -> Scenario:
    """The scenario with ``key`` moved by ``fraction`` of its remaining room."""
    p = by_key(key)
    value = scenario[key]
    end = p.max if up else p.min
    new = value + fraction * (end - value)
    if p.is_integer:
        new = float(np.ceil(new) if up else np.floor(new))
    new = min(max(new, p.min), p.max)
    assume(new != value)
    return scenario.replace(**{key: new})


fractions = st.floats(0.001, 1.0)


# -- More access never means less ByteDance compute -----------------------------------------


@pytest.mark.parametrize(
    ("key", "up", "what"),
    [
        ("h200_first_month", False, "H200 deliveries starting earlier"),
        ("h200_customer_cap", True, "a higher per-customer cap"),
        ("h200_export_units", True, "more H200 licensed for China"),
        ("bytedance_h200_share", True, "a bigger share of China's H200"),
        ("beijing_allows_h200", True, "Beijing allowing H200"),
        ("remote_access_close_month", True, "renting abroad allowed for longer"),
        ("bytedance_domestic_share", True, "more domestic chips"),
        ("domestic_output_growth", True, "faster domestic output growth"),
        ("bytedance_budget_growth", True, "faster budget growth"),
        ("bytedance_budget_scale", True, "a bigger budget"),
    ],
)
@SETTINGS
@given(s=scenarios, fraction=fractions)
def test_more_access_never_lowers_bytedance_compute(key, up, what, s, fraction):
    more = moved(s, key, fraction, up)
    assert_not_below(bytedance_compute(more), bytedance_compute(s), what)


@SETTINGS
@given(scenarios, fractions)
def test_a_higher_h200_price_never_raises_bytedance_compute(s, fraction):
    dearer = moved(s, "h200_price_usd", fraction)
    assert_not_below(bytedance_compute(s), bytedance_compute(dearer), "dearer H200")


def test_monotonicity_checks_can_fail():
    """The helper is not vacuous: closing the remote-access route really lowers compute."""
    with pytest.raises(AssertionError):
        assert_not_below(
            bytedance_compute(Scenario(remote_access_close_month=month_index("2026-07"))),
            bytedance_compute(Scenario()),
            "remote access closed",
        )


def test_opening_the_h200_channel_adds_compute_in_china():
    opened = project(Scenario(h200_first_month=month_index("2027-01")))
    base = project(Scenario())
    gain = opened.yearly("compute_china_h100e", "ByteDance", 2028) - base.yearly(
        "compute_china_h100e", "ByteDance", 2028
    )
    assert gain[0] > 50_000  # 75,000 H200 a year at the cap


# -- The past is data ------------------------------------------------------------------------


def past(projection) -> dict[str, np.ndarray]:
    """Every metric through the data vintage's month (June 2026)."""
    return {m: a[:, :, : LAST_DATA_MONTH + 1] for m, a in projection.arrays.items()}


@pytest.mark.parametrize("p", LEVERS, ids=lambda p: p.key)
def test_no_control_changes_the_past(p):
    """For every control at its low, high, min and max: every metric through June 2026 is
    the baseline's. Controls act from July 2026 on."""
    base = past(project(Scenario()))
    for value in {p.low, p.high, p.min, p.max}:
        moved_past = past(project(Scenario(**{p.key: value})))
        for metric, arr in base.items():
            np.testing.assert_array_equal(moved_past[metric], arr, err_msg=f"{p.key}={value}")


def test_an_estimate_does_change_the_past():
    """Estimates describe the past: they are varied in the uncertainty runs, not as controls."""
    p = by_key("google_initial_fleet_h100e")
    assert not p.is_lever
    base = past(project(Scenario()))["compute_h100e"]
    other = past(project(Scenario(google_initial_fleet_h100e=p.low)))["compute_h100e"]
    assert not np.array_equal(base, other)


# -- Independence of the two companies --------------------------------------------------------


def with_keys_from(s: Scenario, other: Scenario, keys: list[str]) -> Scenario:
    return s.replace(**{k: other[k] for k in keys})


all_values = st.fixed_dictionaries({p.key: value_strategy(p) for p in PARAMS}).map(
    lambda values: Scenario(**values)
)


@SETTINGS
@given(all_values, all_values)
def test_bytedance_parameters_never_change_google(s, other):
    changed = with_keys_from(s, other, BYTEDANCE_KEYS)
    a, b = company_arrays(project(s), "Google"), company_arrays(project(changed), "Google")
    assert a.keys() == b.keys()
    for metric in a:
        np.testing.assert_array_equal(a[metric], b[metric], err_msg=metric)


@SETTINGS
@given(all_values, all_values)
def test_google_parameters_never_change_bytedance(s, other):
    changed = with_keys_from(s, other, GOOGLE_KEYS)
    a, b = company_arrays(project(s), "ByteDance"), company_arrays(project(changed), "ByteDance")
    assert a.keys() == b.keys()
    for metric in a:
        np.testing.assert_array_equal(a[metric], b[metric], err_msg=metric)


def test_company_parameters_are_registered():
    """Both lists are non-empty and each company's own parameters do move its own outputs."""
    assert {"h200_first_month", "cny_per_usd", "remote_access_close_month"} <= set(BYTEDANCE_KEYS)
    assert {"google_tpu_share", "google_rented_out_share"} <= set(GOOGLE_KEYS)
    base = project(Scenario())
    cut = project(Scenario(google_chip_share=10))
    assert not np.array_equal(base.arrays["compute_h100e"][:, 1], cut.arrays["compute_h100e"][:, 1])


# -- Accounting identities --------------------------------------------------------------------


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
        assert np.all(arr >= -1e-6), f"{metric} is negative: {arr.min()}"
    np.testing.assert_allclose(
        a["compute_h100e"],
        a["compute_owned_h100e"] - a["compute_rented_out_h100e"] + a["compute_rented_in_h100e"],
        rtol=1e-12,
    )
    chip, unspent = a["chip_spend_usd"], a["unspent_chip_budget_usd"]
    assert np.all(unspent <= chip * (1 + REL) + 1e-6)
    for c, company in enumerate(COMPANIES):
        names = proj.channels[company]
        spent = sum(a[f"spend_{name}_usd"][:, c] for name in names)
        np.testing.assert_allclose(spent + unspent[:, c], chip[:, c], rtol=REL, atol=1e-6)
        for name in names:  # what a channel delivers is what its money paid for
            units = a.get(f"units_{name}", a["gpus_rented"])[:, c]
            assert np.all((units > 0) == (a[f"spend_{name}_usd"][:, c] > 0)), name


@SETTINGS
@given(scenarios)
def test_serving_and_training_stay_within_the_compute(s):
    a = project(s).arrays
    assert np.all((a["serving_share"] >= 0) & (a["serving_share"] <= 1))
    assert np.all(a["training_compute_h100e"] <= a["compute_h100e"] * (1 + 1e-9))


def test_compute_moves_from_training_to_serving_when_demand_presses():
    """With renting abroad closed, ByteDance's chips cannot serve all its users want: it
    serves with more of its compute, but keeps the minimum for training."""
    squeezed = Scenario(remote_access_close_month=month_index("2026-07"))
    a, base = project(squeezed), project(Scenario())
    month = month_index("2026-12")
    assert a.at("token_demand_per_day", "ByteDance", "2026-12") > a.at(
        "tokens_per_day", "ByteDance", "2026-12"
    )
    share = a.series("serving_share", "ByteDance")[0, month]
    assert share > base.series("serving_share", "ByteDance")[0, month]
    pool_share = (
        1 - squeezed["min_training_share"] / 100 - squeezed["bytedance_other_uses_share"] / 100
    )
    assert share <= pool_share + 1e-9


# -- Limit cases ------------------------------------------------------------------------------


@SETTINGS
@given(scenarios)
def test_a_shut_channel_buys_no_h200(s):
    for shut in (
        s.replace(h200_first_month=by_key("h200_first_month").max),
        s.replace(beijing_allows_h200=0),
        s.replace(h200_customer_cap=0),
    ):
        proj = project(shut)
        assert np.all(proj.series("units_h200", "ByteDance") == 0)
        assert np.all(proj.series("spend_h200_usd", "ByteDance") == 0)


@pytest.mark.parametrize("company", COMPANIES)
@SETTINGS
@given(s=scenarios)
def test_no_chip_money_from_july_2026_buys_nothing_more(company, s):
    proj = project(s.replace(**{f"{company.lower()}_chip_share": 0}))
    added = proj.series("added_h100e", company)[0]
    assert np.all(added[LAST_DATA_MONTH + 1 :] == 0)
    assert np.all(proj.series("compute_rented_in_h100e", company)[0, LAST_DATA_MONTH + 1 :] == 0)
    owned = proj.series("compute_owned_h100e", company)[0]
    # chips bought up to June 2026 still arrive after the usual lag
    lag = max(s["deployment_lag_months"], by_key("deployment_lag_months").default)
    arrived = LAST_DATA_MONTH + 1 + int(lag)
    assert np.all(np.diff(owned[arrived:]) <= 1e-6), "owned compute grows without chip money"


# -- Vectorisation and sampling ---------------------------------------------------------------


@SETTINGS
@given(scenarios, scenarios, scenarios)
def test_sets_equal_separate_calls(s1, s2, s3):
    together = project(draws=[s1, s2, s3])
    assert together.kind == "sets"
    for row, s in enumerate((s1, s2, s3)):
        alone = project(s)
        assert together.arrays.keys() == alone.arrays.keys()
        for metric, arr in together.arrays.items():
            np.testing.assert_allclose(
                arr[row], alone.arrays[metric][0], rtol=1e-12, err_msg=metric
            )


@settings(max_examples=20, deadline=None)
@given(scenarios, scenarios)
def test_monte_carlo_is_seeded_by_the_scenario(s1, s2):
    assume(s1 != s2)
    first, again = project(s1, draws=40), project(s1, draws=40)
    assert first.kind == "monte_carlo"
    np.testing.assert_array_equal(first.params, again.params)
    for metric, arr in first.arrays.items():
        np.testing.assert_array_equal(arr, again.arrays[metric], err_msg=metric)
    assert s1.seed != s2.seed
    assert not np.array_equal(sample(s1, 40, seed=s2.seed), sample(s1, 40))


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
    for row in draws[:3]:  # every draw is itself a valid scenario
        Scenario(**dict(zip(KEYS, row, strict=True)))


def test_uncertainty_puts_weight_on_events_that_have_not_happened():
    """An event whose default is 'not by 2030' stays out of the horizon in many draws:
    zero H200, what happened so far, lies inside the range."""
    draws = sample(Scenario(), 2000)
    first = draws[:, KEYS.index("h200_first_month")]
    assert 0.3 < np.mean(first >= N_MONTHS) < 0.7
    assert by_key("h200_export_units").low == 0
