"""Projections: run a scenario through its release's model and hold the result.

Every array is shaped ``(draw, company, month)``: one call computes a single scenario
(one draw), a Monte Carlo sample or a sensitivity sweep alike. The model code itself
lives in :mod:`simulator.models` (one module per released version); this module picks
the scenario's release, runs it, keeps the Monte Carlo draws that reproduce the reported
figures, and offers the result as arrays or a tidy table.

Units: money in USD (flows per month), compute in H100-equivalents (one H100 = 989
TFLOP/s dense BF16, stock at month end), tokens per day (monthly average).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from .data import COMPANIES
from .scenario import Scenario
from .timeline import DATES, MONTH, N_MONTHS, YEAR, month_index

__all__ = ["DATES", "MONTH", "N_MONTHS", "YEAR", "month_index"]

QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)

# metric -> (unit, how a year is summarised: "sum" of monthly flows or "december" stock)
METRICS: dict[str, tuple[str, str]] = {
    "budget_usd": ("USD per month", "sum"),
    "chip_spend_usd": ("USD per month", "sum"),
    "unspent_chip_budget_usd": ("USD per month", "sum"),
    "added_h100e": ("H100e per month", "sum"),
    "compute_h100e": ("H100e", "december"),
    "compute_owned_h100e": ("H100e", "december"),
    "compute_rented_in_h100e": ("H100e", "december"),
    "compute_rented_out_h100e": ("H100e", "december"),
    "compute_china_h100e": ("H100e", "december"),
    "compute_bf16_flop_per_s": ("FLOP/s (dense BF16)", "december"),
    "training_compute_h100e": ("H100e", "december"),
    "serving_share": ("share of compute", "december"),
    "token_capacity_per_day": ("tokens per day", "december"),
    "token_demand_per_day": ("tokens per day", "december"),
    "tokens_per_day": ("tokens per day", "december"),
    "gpus_rented": ("GPUs", "december"),
    "serving_residual": ("share of the chips' physical serving rate", "december"),
}


def metric_info(name: str) -> tuple[str, str]:
    """Return the (unit, yearly summary) of a metric."""
    if name.startswith("spend_"):
        return ("USD per month", "sum")
    if name.startswith(("units_", "cap_")):
        return ("chips per month", "sum")
    return METRICS[name]


class KeptDraws(Mapping[str, np.ndarray]):
    """Arrays of every Monte Carlo draw, read for the kept draws only (read-only).

    Each array is cut down on first use: copying all 33 series would cost about a tenth
    of the run, and a page reads a few of them.
    """

    def __init__(self, arrays: Mapping[str, np.ndarray], kept: np.ndarray):
        self._all, self._kept, self._cut = arrays, kept, {}

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self._cut:
            values = self._all[key].take(self._kept, axis=0)
            values.flags.writeable = False
            self._cut[key] = values
        return self._cut[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)


@dataclass
class Projection:
    """What :func:`project` returns: values shaped (draw, company, month).

    ``company_arrays`` holds the metrics every company has; ``channel_arrays`` the
    per-channel ones (spend, units, caps) only for the companies that have the channel.
    ``arrays`` joins both as (draw, company, month) arrays, zero where a company lacks a
    channel; it is built on first use, since it costs more than the projection itself.
    A Monte Carlo projection keeps only the draws that reproduce the reported figures
    (``drawn`` says how many were run).
    """

    scenario: Scenario
    params: np.ndarray  # (draw, parameter)
    company_arrays: Mapping[str, np.ndarray]
    channel_arrays: Mapping[str, Mapping[str, np.ndarray]]
    kind: str  # "single", "monte_carlo" or "sets"
    drawn: int = 0
    reproduced: int = 0  # Monte Carlo draws that reproduce every report (kept when any)

    @property
    def dates(self) -> pd.DatetimeIndex:
        return DATES

    @property
    def kept(self) -> int:
        return self.params.shape[0]

    @property
    def channels(self) -> dict[str, list[str]]:
        """Channel names per company."""
        out: dict[str, list[str]] = {c: [] for c in COMPANIES}
        for metric, by_company in self.channel_arrays.items():
            if metric.startswith("spend_") and metric.endswith("_usd"):
                for company in by_company:
                    out[company].append(metric.removeprefix("spend_").removesuffix("_usd"))
        return out

    def has(self, metric: str) -> bool:
        return metric in self.company_arrays or metric in self.channel_arrays

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
        """Return a parameter's value in each draw."""
        return self.params[:, self.scenario.release.index[key]]

    def series(self, metric: str, company: str) -> np.ndarray:
        """(draw, month) values of one metric for one company (zeros where it has none)."""
        if metric in self.company_arrays:
            return self.company_arrays[metric][:, COMPANIES.index(company)]
        by_company = self.channel_arrays.get(metric, {})
        if company in by_company:
            return by_company[company]
        return np.zeros((self.params.shape[0], N_MONTHS))

    def yearly(self, metric: str, company: str, year: int) -> np.ndarray:
        """Per draw: the year's total for flows, the December value for stocks and rates."""
        values = self.series(metric, company)[:, year == YEAR]
        return values.sum(axis=1) if metric_info(metric)[1] == "sum" else values[:, -1]

    def at(self, metric: str, company: str, month: str) -> np.ndarray:
        """Per draw: the value in one month (``YYYY-MM``)."""
        return self.series(metric, company)[:, month_index(month)]

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
        for metric in [*self.company_arrays, *self.channel_arrays]:
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


def _matrix(scenarios: Sequence[Scenario]) -> np.ndarray:
    return np.array([s.values for s in scenarios], dtype=float)


def sample(scenario: Scenario, n: int, seed: int | None = None) -> np.ndarray:
    """Draw ``n`` parameter sets around ``scenario`` from its release's sampler.

    The draws are seeded from the scenario unless ``seed`` is given, so a link always gives
    the same draws.
    """
    rel = scenario.release
    return rel.engine.sample(
        np.array(scenario.values), rel.dataset, n, scenario.seed if seed is None else seed
    )


def project(
    scenario: Scenario | None = None,
    draws: int | np.ndarray | Sequence[Scenario] | None = None,
) -> Projection:
    """Project ByteDance's and Google's budgets, chips, compute and tokens, 2025-2030.

    Parameters
    ----------
    scenario
        The scenario (the current baseline if None). Its release's model runs it.
    draws
        None for the scenario alone; an int for that many Monte Carlo draws around it
        (seeded from the scenario), of which those that reproduce the reported figures
        are kept; a (draw, parameter) array or a sequence of scenarios of the same
        release to compute several parameter sets in one call.

    Returns
    -------
    Projection
        Arrays shaped (draw, company, month).
    """
    scenario = scenario or Scenario()
    rel = scenario.release
    ds = rel.dataset
    if draws is None:
        P, kind = _matrix([scenario]), "single"
    elif isinstance(draws, int | np.integer):
        P, kind = sample(scenario, int(draws)), "monte_carlo"
    elif isinstance(draws, np.ndarray):
        P, kind = np.atleast_2d(np.asarray(draws, dtype=float)), "sets"
    else:
        P, kind = _matrix(list(draws)), "sets"
    # Monte Carlo bands are quantiles of thousands of draws: float32 is precise enough
    # and halves the memory every step moves.
    dtype = np.float32 if kind == "monte_carlo" else np.float64
    company, channels = rel.engine.simulate(P, ds, dtype)
    drawn, reproduced = P.shape[0], P.shape[0]
    if kind == "monte_carlo":
        keep = rel.engine.accept(company, channels, ds)
        reproduced = int(keep.sum())
        if 0 < reproduced < drawn:  # with none, every draw stays and the page says so
            kept = np.flatnonzero(keep)
            P = P[kept]
            company = KeptDraws(company, kept)
            channels = {m: KeptDraws(by, kept) for m, by in channels.items()}
    return Projection(scenario, P, company, channels, kind, drawn, reproduced)


def calibration(scenario: Scenario | None = None) -> list[dict]:
    """Return the calibration points of a release's model and what they imply, per company."""
    rel = (scenario or Scenario()).release
    return rel.engine.calibration(rel.dataset)
