"""The projection engine: budgets -> chips -> compute -> tokens, in pure NumPy.

Every array is shaped ``(draw, company, month)``: one call computes a single
scenario (one draw), a Monte Carlo sample or a sensitivity sweep alike. There
is no Python loop over draws or months; the only loops run over the handful of
procurement channels.

Units: money in USD (flows per month), compute in H100-equivalents (one H100 =
989 TFLOP/s dense BF16, stock at month end), tokens per day (monthly average).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
import pandas as pd

from .data import COMPANIES, Dataset, load_data
from .scenario import Scenario, registry

START_YEAR = 2025
END_YEAR = 2030
N_MONTHS = (END_YEAR - START_YEAR + 1) * 12
MONTH = np.arange(N_MONTHS)
YEAR = START_YEAR + MONTH // 12
DATES = pd.date_range(f"{START_YEAR}-01-01", periods=N_MONTHS, freq="MS")
PRICE_MONTH = 12  # chip prices in parameters.csv are January 2026 prices
REFERENCE_CHIP = "Nvidia H100 SXM"
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)

# metric -> (unit, how a year is summarised: "sum" of monthly flows or "december" stock)
METRICS: dict[str, tuple[str, str]] = {
    "budget_usd": ("USD per month", "sum"),
    "chip_spend_usd": ("USD per month", "sum"),
    "unspent_chip_budget_usd": ("USD per month", "sum"),
    "added_h100e": ("H100e per month", "sum"),
    "compute_h100e": ("H100e", "december"),
    "compute_bf16_flop_per_s": ("FLOP/s (dense BF16)", "december"),
    "token_capacity_per_day": ("tokens per day", "december"),
    "token_demand_per_day": ("tokens per day", "december"),
    "tokens_per_day": ("tokens per day", "december"),
}


def month_index(month: str) -> int:
    """Index of a ``YYYY-MM`` month on the model's axis (2025-01 is 0)."""
    year, mon = (int(x) for x in month.split("-"))
    return (year - START_YEAR) * 12 + mon - 1


def metric_info(name: str) -> tuple[str, str]:
    if name.startswith("spend_"):
        return ("USD per month", "sum")
    if name.startswith(("units_", "cap_")):
        return ("chips per month", "sum")
    return METRICS[name]


def _matrix(scenarios: Sequence[Scenario]) -> np.ndarray:
    return np.array([s.values for s in scenarios], dtype=float)


def _keys() -> dict[str, int]:
    return {p.key: i for i, p in enumerate(registry())}


def _simulate(P: np.ndarray, ds: Dataset, calibration: np.ndarray | None) -> dict[str, np.ndarray]:
    """Run the model on a parameter matrix ``P`` of shape (draw, parameter)."""
    idx = _keys()
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

    # 2. Procurement channels. Prices stay at their January 2026 level; chips of an
    #    improving channel bring more compute each year (the H200 is one fixed chip).
    h100 = ds.chip_flops(REFERENCE_CHIP)
    trend = _compound(col("perf_per_dollar_growth") / 100, (MONTH - PRICE_MONTH) / 12)
    by_channel: dict[str, dict[str, np.ndarray]] = {}  # metric -> company -> (D, month)
    added, unspent = [], []
    for c, company in enumerate(COMPANIES):
        channels = [ch for ch in ds.channels if ch.company == company]
        money = chip_spend[:, c]
        spend: dict[str, np.ndarray] = {}
        price: dict[str, np.ndarray] = {}
        per_chip: dict[str, np.ndarray] = {}  # H100e per chip, (draw or 1, month)
        is_open: dict[str, np.ndarray] = {}
        for ch in channels:
            price[ch.channel] = col(ch.price_key)[:, None]
            ratio = ds.chip_flops(ch.chip) / h100
            per_chip[ch.channel] = ratio * trend if ch.improves else np.full((1, N_MONTHS), ratio)
            is_open[ch.channel] = month_index(ch.opens) <= MONTH
        # a fixed share of chip spend, uncapped
        pool = money
        share_money = 0.0
        for ch in (ch for ch in channels if ch.mode == "share"):
            part = money * (col(ch.share_key)[:, None] / 100)
            spend[ch.channel] = part * is_open[ch.channel]
            share_money = share_money + part
            pool = pool - part
        pool = np.maximum(pool, 0.0)
        # capped channels share the rest, cheapest compute first, up to their caps
        capped = [ch for ch in channels if ch.mode == "pool"]
        caps = {}  # units a month the channel may deliver
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

    # 3. Fleet: chips enter service after the lag and retire after their useful life;
    #    the January 2025 fleet is of even age and retires linearly.
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

    # 4. Tokens: capacity from serving compute, calibrated on the baseline; demand from
    #    the reported usage, growing after the last report; served = the smaller.
    calib_month, _, _ = _calibration_points(ds)
    years_from_calib = (MONTH[None, :] - calib_month[:, None]) / 12  # (company, month)
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
    """(1 + rate) ** years as an outer product over (draw,) x (month,), via exp/log1p."""
    return np.exp(np.multiply.outer(np.log1p(rate), years))


def _fill_cheapest_first(
    pool: np.ndarray, prices: list, per_chip: list, caps: list
) -> tuple[list[np.ndarray], np.ndarray]:
    """Spend ``pool`` on one or two capped channels, the cheaper compute first (the order may
    differ by draw and month). Returns units bought per channel and the money left."""

    def buy(money: np.ndarray, p: np.ndarray, cap: np.ndarray) -> np.ndarray:
        # a rounding shortfall of the pool (-1e-9 USD) must not buy negative chips
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
    """Per company: calibration month index, reported tokens per day, capacity headroom."""
    months, tokens, headroom = [], [], []
    for company in COMPANIES:
        obs = [o for o in ds.observations if o["company"] == company and o["use"] == "calibration"]
        tok = next(o for o in obs if o["measure"] == "tokens")
        months.append(month_index(tok["month"]))
        tokens.append(tok["value"])
        headroom.append(next(o for o in obs if o["measure"] == "capacity_headroom")["value"])
    return np.array(months), np.array(tokens), np.array(headroom)


def _demand(ds: Dataset, growth: np.ndarray) -> np.ndarray:
    """Token demand per day (draw, company, month): log-linear through the reported
    points, then compound growth after the last one."""
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
    """Tokens per day per serving H100e (at the calibration month's efficiency), per company,
    set so that the baseline serves the reported tokens with the assumed headroom."""
    base = Scenario()
    fleet = _simulate(_matrix([base]), ds, None)[0]["compute_h100e"][0]
    months, tokens, headroom = _calibration_points(ds)
    serving = np.array([base[f"{c.lower()}_serving_share"] / 100 for c in COMPANIES])
    at_calib = fleet[np.arange(len(COMPANIES)), months]
    return tokens * headroom / (serving * at_calib)


def sample(scenario: Scenario, n: int, seed: int | None = None) -> np.ndarray:
    """``n`` parameter sets around ``scenario``: each parameter moves by a triangular draw
    over its registry uncertainty range (low, default, high), clipped to its limits.
    Seeded from the scenario unless ``seed`` is given, so a link gives the same draws."""
    params = registry()
    rng = np.random.default_rng(scenario.seed if seed is None else seed)
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
    values = np.array(scenario.values) + (draw - mode)
    values = np.clip(values, [p.min for p in params], [p.max for p in params])
    integer = np.array([p.is_integer for p in params])
    return np.where(integer, np.rint(values), values)


@dataclass
class Projection:
    """What :func:`project` returns: values shaped (draw, company, month).

    ``company_arrays`` holds the metrics every company has; ``channel_arrays`` the
    per-channel ones (spend, units, caps) only for the companies that have the channel.
    ``arrays`` joins both as (draw, company, month) arrays, zero where a company lacks a
    channel; it is built on first use, since it costs more than the projection itself.
    """

    scenario: Scenario
    params: np.ndarray  # (draw, parameter)
    company_arrays: dict[str, np.ndarray]
    channel_arrays: dict[str, dict[str, np.ndarray]]
    kind: str  # "single", "monte_carlo" or "sets"

    @property
    def dates(self) -> pd.DatetimeIndex:
        return DATES

    @property
    def channels(self) -> dict[str, list[str]]:
        """Channel names per company."""
        out: dict[str, list[str]] = {c: [] for c in COMPANIES}
        for metric, by_company in self.channel_arrays.items():
            if metric.startswith("units_"):
                for company in by_company:
                    out[company].append(metric.removeprefix("units_"))
        return out

    @cached_property
    def arrays(self) -> dict[str, np.ndarray]:
        joined = dict(self.company_arrays)
        shape = next(iter(self.company_arrays.values())).shape
        for metric, by_company in self.channel_arrays.items():
            full = np.zeros(shape)
            for company, values in by_company.items():
                full[:, COMPANIES.index(company)] = values
            joined[metric] = full
        return joined

    def param(self, key: str) -> np.ndarray:
        """A parameter's value in each draw."""
        return self.params[:, _keys()[key]]

    def series(self, metric: str, company: str) -> np.ndarray:
        """(draw, month) values of one metric for one company."""
        if metric in self.company_arrays:
            return self.company_arrays[metric][:, COMPANIES.index(company)]
        by_company = self.channel_arrays[metric]
        if company in by_company:
            return by_company[company]
        return np.zeros((self.params.shape[0], N_MONTHS))

    def yearly(self, metric: str, company: str, year: int) -> np.ndarray:
        """Per draw: the year's total for flows, the December value for stocks and rates."""
        values = self.series(metric, company)[:, year == YEAR]
        return values.sum(axis=1) if metric_info(metric)[1] == "sum" else values[:, -1]

    def to_frame(self, quantiles: Sequence[float] | None = None) -> pd.DataFrame:
        """Tidy table: date, company, metric, value, unit (plus draw or quantile).

        A Monte Carlo projection is summarised by ``quantiles`` (default 10th, 25th,
        50th, 75th, 90th percentile); explicit parameter sets keep a ``draw`` column.
        """
        frames = []
        extra: str | None = None
        if self.kind == "monte_carlo":
            extra = "quantile"
            q = np.asarray(quantiles or QUANTILES)
        elif self.kind == "sets":
            extra = "draw"
        metrics = [*self.company_arrays, *self.channel_arrays]
        for metric in metrics:
            unit = metric_info(metric)[0]
            for company in COMPANIES:
                if metric in self.channel_arrays and company not in self.channel_arrays[metric]:
                    continue
                values = self.series(metric, company)
                block = np.quantile(values, q, axis=0) if extra == "quantile" else values
                n = block.shape[0]
                frame = pd.DataFrame(
                    {
                        "date": np.tile(DATES, n),
                        "company": company,
                        "metric": metric,
                        "value": block.ravel(),
                        "unit": unit,
                    }
                )
                if extra == "quantile":
                    frame.insert(0, "quantile", np.repeat(q, N_MONTHS))
                elif extra == "draw":
                    frame.insert(0, "draw", np.repeat(np.arange(n), N_MONTHS))
                frames.append(frame)
        return pd.concat(frames, ignore_index=True)


def project(
    scenario: Scenario | None = None,
    draws: int | np.ndarray | Sequence[Scenario] | None = None,
) -> Projection:
    """Project ByteDance's and Google's budgets, chips, compute and tokens, 2025-2030.

    Parameters
    ----------
    scenario
        The scenario (baseline if None).
    draws
        None for the scenario alone; an int for that many Monte Carlo draws around
        it (seeded from the scenario); a (draw, parameter) array or a sequence of
        scenarios to compute several parameter sets in one call.
    """
    scenario = scenario or Scenario()
    ds = load_data()
    if draws is None:
        P, kind = _matrix([scenario]), "single"
    elif isinstance(draws, int | np.integer):
        P, kind = sample(scenario, int(draws)), "monte_carlo"
    elif isinstance(draws, np.ndarray):
        P, kind = np.atleast_2d(np.asarray(draws, dtype=float)), "sets"
    else:
        P, kind = _matrix(list(draws)), "sets"
    company_arrays, channel_arrays = _simulate(P, ds, _calibration(ds))
    return Projection(scenario, P, company_arrays, channel_arrays, kind)


def calibration() -> list[dict]:
    """The calibration points and the serving throughput they imply, per company."""
    ds = load_data()
    months, tokens, headroom = _calibration_points(ds)
    k = _calibration(ds)
    return [
        {
            "company": company,
            "month": DATES[months[c]].strftime("%b %Y"),
            "tokens_per_day": float(tokens[c]),
            "headroom": float(headroom[c]),
            "tokens_per_serving_h100e_per_day": float(k[c]),
            "tokens_per_serving_h100e_per_second": float(k[c]) / 86400,
        }
        for c, company in enumerate(COMPANIES)
    ]
