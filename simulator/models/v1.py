"""Model version 1 (data as of February 2026), frozen: do not edit.

This is the engine that shipped with data vintage 2026-02, kept so that every link made
with it still opens with the numbers its sender saw (and so that the track record can
show what it projected). Budgets -> chips -> compute -> tokens, all parameters acting
from January 2025; tokens calibrated once on the baseline with a fixed headroom.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from ..data import COMPANIES, Dataset, Requirements
from ..timeline import END_YEAR, MONTH, N_MONTHS, START_YEAR, month_index

PRICE_MONTH = 12  # chip prices in parameters.csv are January 2026 prices
REFERENCE_CHIP = "Nvidia H100 SXM"

REQUIRES = Requirements(
    parameters=(
        "cny_per_usd",
        "bytedance_budget_growth",
        "google_budget_growth",
        "bytedance_chip_share",
        "google_chip_share",
        "bytedance_initial_fleet_h100e",
        "google_initial_fleet_h100e",
        "chip_useful_life_years",
        "deployment_lag_months",
        "perf_per_dollar_growth",
        "efficiency_gain",
        "bytedance_serving_share",
        "google_serving_share",
        "bytedance_demand_growth",
        "google_demand_growth",
    ),
    channels=(),
)


def _keys(ds: Dataset) -> dict[str, int]:
    return {p.key: i for i, p in enumerate(ds.params)}


def simulate(P: np.ndarray, ds: Dataset, dtype: type = np.float64) -> tuple[dict, dict]:
    """Company metrics and per-channel metrics for the parameter matrix ``P`` (model 1
    always computes in float64)."""
    return _simulate(P, ds, _calibration(ds))


def _simulate(P: np.ndarray, ds: Dataset, calibration: np.ndarray | None) -> tuple[dict, dict]:
    idx = _keys(ds)
    D = P.shape[0]

    def col(key: str) -> np.ndarray:  # (D,)
        return P[:, idx[key]]

    def pair(concept: str) -> np.ndarray:  # (D, company)
        return np.stack([col(f"{c.lower()}_{concept}") for c in COMPANIES], axis=1)

    # 1. Budget: reported years, then the growth rate; yuan converted at the scenario's rate.
    growth = 1 + pair("budget_growth") / 100
    annual = np.empty((D, len(COMPANIES), END_YEAR - START_YEAR + 1))
    for c, company in enumerate(COMPANIES):
        rows = {
            b["year"]: b for b in ds.budgets if b["company"] == company and b["measure"] == "capex"
        }
        last = max(y for y in rows if y <= END_YEAR)
        for j, year in enumerate(range(START_YEAR, END_YEAR + 1)):
            ref = rows.get(year) or rows[last]
            value = ref["value"] * growth[:, c] ** max(0, year - last)
            annual[:, c, j] = value / col("cny_per_usd") if ref["currency"] == "CNY" else value
    budget = np.repeat(annual / 12, 12, axis=2)
    chip_spend = budget * (pair("chip_share") / 100)[:, :, None]

    # 2. Procurement channels.
    h100 = ds.chip_flops(REFERENCE_CHIP)
    trend = _compound(col("perf_per_dollar_growth") / 100, (MONTH - PRICE_MONTH) / 12)
    by_channel: dict[str, dict[str, np.ndarray]] = {}
    added, unspent = [], []
    for c, company in enumerate(COMPANIES):
        channels = [ch for ch in ds.channels if ch.company == company]
        money = chip_spend[:, c]
        spend: dict[str, np.ndarray] = {}
        price: dict[str, np.ndarray] = {}
        per_chip: dict[str, np.ndarray] = {}
        is_open: dict[str, np.ndarray] = {}
        for ch in channels:
            price[ch.channel] = col(ch.price_key)[:, None]
            ratio = ds.chip_flops(ch.chip) / h100
            per_chip[ch.channel] = ratio * trend if ch.improves else np.full((1, N_MONTHS), ratio)
            is_open[ch.channel] = month_index(ch.opens) <= MONTH
        pool = money
        share_money = 0.0
        for ch in (ch for ch in channels if ch.mode == "share"):
            part = money * (col(ch.share_key)[:, None] / 100)
            spend[ch.channel] = part * is_open[ch.channel]
            share_money = share_money + part
            pool = pool - part
        pool = np.maximum(pool, 0.0)
        capped = [ch for ch in channels if ch.mode == "pool"]
        caps = {}
        for ch in capped:
            share = col(ch.cap_share_key) / 100 if ch.cap_share_key else 1.0
            caps[ch.channel] = (col(ch.cap_key) * share / 12)[:, None] * is_open[ch.channel]
            by_channel.setdefault(f"cap_{ch.channel}", {})[company] = np.broadcast_to(
                caps[ch.channel], (D, N_MONTHS)
            )
        if capped:
            bought, pool = _fill_cheapest_first(
                pool,
                [price[ch.channel] for ch in capped],
                [per_chip[ch.channel] for ch in capped],
                [caps[ch.channel] for ch in capped],
            )
            for ch, units in zip(capped, bought, strict=True):
                spend[ch.channel] = units * price[ch.channel]
        for ch in (ch for ch in channels if ch.mode == "rest"):
            spend[ch.channel] = pool * is_open[ch.channel]
            pool = pool - spend[ch.channel]
        shares_unspent = sum(spend[ch.channel] for ch in channels if ch.mode == "share")
        unspent.append(np.maximum(pool, 0.0) + (share_money - shares_unspent))
        company_added = 0.0
        for ch in channels:
            units = spend[ch.channel] / price[ch.channel]
            company_added = company_added + units * per_chip[ch.channel]
            by_channel.setdefault(f"spend_{ch.channel}_usd", {})[company] = spend[ch.channel]
            by_channel.setdefault(f"units_{ch.channel}", {})[company] = units
        added.append(np.broadcast_to(company_added, (D, N_MONTHS)))
    added = np.stack(added, axis=1)
    unspent = np.stack(unspent, axis=1)
    out: dict[str, np.ndarray] = {}

    # 3. Fleet.
    lag = np.rint(col("deployment_lag_months")).astype(int)[:, None]
    life = np.maximum(np.rint(col("chip_useful_life_years") * 12).astype(int), 1)[:, None]
    cum = np.concatenate([np.zeros((D, len(COMPANIES), 1)), np.cumsum(added, axis=2)], axis=2)
    hi = np.clip(MONTH - lag + 1, 0, N_MONTHS)[:, None, :]
    lo = np.clip(MONTH - lag - life + 1, 0, N_MONTHS)[:, None, :]
    installed = np.take_along_axis(cum, np.broadcast_to(hi, added.shape), 2) - np.take_along_axis(
        cum, np.broadcast_to(lo, added.shape), 2
    )
    legacy = (
        pair("initial_fleet_h100e")[:, :, None] * np.clip(1 - (MONTH + 1) / life, 0, 1)[:, None]
    )
    compute = installed + legacy

    out.update(
        budget_usd=budget,
        chip_spend_usd=chip_spend,
        unspent_chip_budget_usd=unspent,
        added_h100e=added,
        compute_h100e=compute,
        compute_bf16_flop_per_s=compute * h100,
    )
    if calibration is None:
        return out, by_channel

    # 4. Tokens.
    calib_month, _, _ = _calibration_points(ds)
    years_from_calib = (MONTH[None, :] - calib_month[:, None]) / 12
    efficiency = _compound(col("efficiency_gain") / 100, years_from_calib)
    capacity = calibration[None, :, None] * (pair("serving_share") / 100)[:, :, None]
    capacity = capacity * compute * efficiency
    demand = _demand(ds, pair("demand_growth") / 100)
    out.update(
        token_capacity_per_day=capacity,
        token_demand_per_day=demand,
        tokens_per_day=np.minimum(demand, capacity),
    )
    return out, by_channel


def _compound(rate: np.ndarray, years: np.ndarray) -> np.ndarray:
    return np.exp(np.multiply.outer(np.log1p(rate), years))


def _fill_cheapest_first(pool, prices, per_chip, caps):
    def buy(money, p, cap):
        return np.maximum(np.minimum(money / p, cap), 0.0)

    if len(prices) == 1:
        units = buy(pool, prices[0], caps[0])
        return [units], pool - units * prices[0]
    first = prices[0] / per_chip[0] <= prices[1] / per_chip[1]
    p_a, p_b = np.where(first, prices[0], prices[1]), np.where(first, prices[1], prices[0])
    a = buy(pool, p_a, np.where(first, caps[0], caps[1]))
    pool = pool - a * p_a
    b = buy(pool, p_b, np.where(first, caps[1], caps[0]))
    pool = pool - b * p_b
    return [np.where(first, a, b), np.where(first, b, a)], pool


def _calibration_points(ds: Dataset) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    months, tokens, headroom = [], [], []
    for company in COMPANIES:
        obs = [o for o in ds.observations if o["company"] == company and o["use"] == "calibration"]
        tok = next(o for o in obs if o["measure"] == "tokens")
        months.append(month_index(tok["month"]))
        tokens.append(tok["value"])
        headroom.append(next(o for o in obs if o["measure"] == "capacity_headroom")["value"])
    return np.array(months), np.array(tokens), np.array(headroom)


def _demand(ds: Dataset, growth: np.ndarray) -> np.ndarray:
    demand = np.empty((growth.shape[0], len(COMPANIES), N_MONTHS))
    for c, company in enumerate(COMPANIES):
        points = sorted(
            (month_index(o["month"]), o["value"])
            for o in ds.observations
            if o["company"] == company and o["measure"] == "tokens" and o["use"] != "context"
        )
        m, v = np.array(points).T
        last = m[-1]
        observed = np.exp(np.interp(MONTH, m, np.log(v)))
        after = v[-1] * _compound(growth[:, c], (MONTH - last) / 12)
        demand[:, c] = np.where(last < MONTH, after, observed)
    return demand


@cache
def _calibration(ds: Dataset) -> np.ndarray:
    base = np.array([[p.default for p in ds.params]])
    fleet = _simulate(base, ds, None)[0]["compute_h100e"][0]
    months, tokens, headroom = _calibration_points(ds)
    idx = _keys(ds)
    serving = np.array([base[0, idx[f"{c.lower()}_serving_share"]] / 100 for c in COMPANIES])
    at_calib = fleet[np.arange(len(COMPANIES)), months]
    return tokens * headroom / (serving * at_calib)


def accept(company: dict, channels: dict, ds: Dataset) -> np.ndarray:
    """Model 1 did not condition its draws: every draw is kept."""
    return np.ones(next(iter(company.values())).shape[0], dtype=bool)


def sample(values: np.ndarray, ds: Dataset, n: int, seed: int) -> np.ndarray:
    params = ds.params
    rng = np.random.default_rng(seed)
    low = np.array([p.low for p in params])
    mode = np.array([p.default for p in params])
    high = np.array([p.high for p in params])
    u = rng.random((n, len(params)))
    width = high - low
    safe = np.where(width > 0, width, 1.0)
    left = low + np.sqrt(u * safe * (mode - low))
    right = high - np.sqrt((1 - u) * safe * (high - mode))
    draw = np.where(u < (mode - low) / safe, left, right)
    draw = np.where(width > 0, draw, mode)
    out = np.asarray(values, dtype=float) + (draw - mode)
    out = np.clip(out, [p.min for p in params], [p.max for p in params])
    integer = np.array([p.is_integer for p in params])
    return np.where(integer, np.rint(out), out)


def calibration(ds: Dataset) -> list[dict]:
    """Per company: the calibration month, reported tokens, headroom and implied throughput."""
    months, tokens, headroom = _calibration_points(ds)
    k = _calibration(ds)
    return [
        {
            "company": company,
            "month": int(months[c]),
            "tokens_per_day": float(tokens[c]),
            "headroom": float(headroom[c]),
            "tokens_per_serving_h100e_per_second": float(k[c]) / 86400,
        }
        for c, company in enumerate(COMPANIES)
    ]
