"""Step 4, tokens: demand fitted to the reports, capacity from the controlled compute.

Demand follows ``ln D(t) = a + g * T * (1 - exp(-t / T))`` for each company: growth ``g``
today that halves every ``T * ln 2`` years, one ``T`` for both companies. ``a`` and ``g``
per company and the shared ``T`` are fitted by least squares (on logarithms) to every
reported token figure in ``observations.csv``: adding a row re-fits them. After the
vintage the scenario scales the trend's growth (100% = the trend).

Capacity is the serving throughput (chip physics) of the compute that can serve the
reported tokens (ByteDance: in China, plus a share of its compute abroad; Google: all it
controls) times a fitted residual per company, set so that at the busiest reported month
the usual serving share had the assumed spare capacity. When demand presses, compute
moves from training to serving, down to the minimum training share; tokens served are
the smaller of demand and that ceiling.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from ...data import COMPANIES, Dataset
from ...timeline import MONTH, month_index
from .fleet import Fleet
from .inputs import FUTURE, LAST_DATA_MONTH, Inputs

SECONDS_PER_DAY = 86_400
HALF_LIVES = np.linspace(0.25, 4.0, 301)  # years: the grid the shared half-life is fitted on


@dataclass(frozen=True)
class DemandFit:
    """The fitted demand trend.

    Per company (a, g), the shared time constant, the fitted log-demand per month and each
    report's fitted/reported ratio.
    """

    half_life_years: float
    level: np.ndarray  # (company,) a: log tokens a day at the vintage month's origin
    growth: np.ndarray  # (company,) g: growth of log demand per year at the vintage month
    log_demand: np.ndarray  # (company, month)
    points: tuple[dict, ...]  # each report: company, month, reported, fitted


def _token_reports(ds: Dataset, on_axis: bool = False) -> dict[str, list[tuple[int, float, dict]]]:
    """Return, per company, every reported token figure the demand trend is fitted to.

    Each as (month index, tokens a day, row); with ``on_axis``, only those from the model's
    first month on.
    """
    out: dict[str, list] = {c: [] for c in COMPANIES}
    for o in ds.observations:
        month = month_index(o["month"])
        if o["measure"] == "tokens" and o["use"] == "fit" and (month >= 0 or not on_axis):
            out[o["company"]].append((month, o["value"], o))
    return out


def _shape(months: np.ndarray, half_life: float) -> np.ndarray:
    t = (np.asarray(months) - LAST_DATA_MONTH) / 12
    scale = half_life / np.log(2)
    return scale * (1 - np.exp(-t / scale))


@cache
def demand_fit(ds: Dataset) -> DemandFit:
    """Fit the demand trend to every reported token figure (cached per data folder)."""
    reports = _token_reports(ds)
    best = None
    for h in HALF_LIVES:
        total, coefs = 0.0, []
        for company in COMPANIES:
            m, v, _ = zip(*reports[company], strict=True)
            basis = np.stack([np.ones(len(m)), _shape(np.array(m), h)], axis=1)
            coef, *_ = np.linalg.lstsq(basis, np.log(v), rcond=None)
            total += float(((basis @ coef - np.log(v)) ** 2).sum())
            coefs.append(coef)
        if best is None or total < best[0]:
            best = (total, h, np.array(coefs))
    _, h, coefs = best
    log_demand = coefs[:, :1] + coefs[:, 1:] * _shape(MONTH, h)[None, :]
    points = tuple(
        {
            "company": company,
            "month": row["month"],
            "reported": value,
            "fitted": float(np.exp(coefs[c, 0] + coefs[c, 1] * _shape(np.array(month), h))),
            "row": row,
        }
        for c, company in enumerate(COMPANIES)
        for month, value, row in reports[company]
    )
    return DemandFit(float(h), coefs[:, 0], coefs[:, 1], log_demand, points)


@dataclass
class Tokens:
    """What :func:`tokens` returns: tokens a day, serving share, training and the residual."""

    demand: np.ndarray  # (draw, company, month) tokens a day
    capacity: np.ndarray  # the most the chips can serve, training at its minimum
    served: np.ndarray
    serving_share: np.ndarray  # share of controlled compute serving the counted tokens
    training: np.ndarray  # H100e training
    residual: np.ndarray  # (draw, company) fitted share of the physics throughput achieved


def tokens(ds: Dataset, x: Inputs, compute: Fleet) -> Tokens:
    """Demand, serving capacity and tokens served.

    Parameters
    ----------
    ds
        Token reports (``observations.csv``, use ``fit``) for the demand trend and the
        residual.
    x
        Levers ``*_demand_vs_trend`` (after the vintage), ``efficiency_gain``,
        ``*_serving_share``, ``min_training_share``; estimates ``*_other_uses_share`` and
        ``serving_headroom``.
    compute
        The fleet; its controlled compute serves.

    Returns
    -------
    Tokens
        Tokens a day (demand, capacity, served), the serving share used, training compute
        (H100e) and the residual.
    """
    fit = demand_fit(ds)
    trend = np.stack([x.value(f"{c.lower()}_demand_vs_trend") for c in COMPANIES], axis=1)
    log_demand = x.array(fit.log_demand)
    now = log_demand[:, LAST_DATA_MONTH, None]
    scaled = now + trend * (log_demand - now)  # (draw, company, month)
    demand = np.exp(np.where(FUTURE, scaled, log_demand))

    pool = compute.serving_pool
    efficiency = x.compound("efficiency_gain", LAST_DATA_MONTH)[:, None, :]
    base = np.stack([x.path(f"{c.lower()}_serving_share") for c in COMPANIES], axis=1)
    other = np.stack([x.value(f"{c.lower()}_other_uses_share") for c in COMPANIES], axis=1)
    top = np.maximum(1 - x.path("min_training_share")[:, None, :] - other, base)
    per_share = pool * efficiency * SECONDS_PER_DAY  # tokens a day if the whole pool served
    residual = _residual(ds, x, per_share, base)
    full = per_share * residual[:, :, None]
    capacity = full * top
    served = np.minimum(demand, capacity)
    wanted = np.divide(demand, full, out=np.full_like(full, np.inf), where=full > 0)
    share = np.clip(wanted, base, top)
    # the pool's serving share, as a share of all the compute the company controls
    serving = share * np.divide(
        pool, compute.serving, out=np.zeros_like(pool), where=compute.serving > 0
    )
    training = compute.controlled * np.maximum(1 - serving - other, 0.0)
    return Tokens(demand, capacity, served, serving, training, residual)


def _residual(ds: Dataset, x: Inputs, per_share: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Return the (draw, company) factor that lets serving compute meet every report.

    The factor makes the usual serving compute (``per_share`` tokens a day at a serving
    share of 1, times the usual share ``base``) meet every reported figure with the assumed
    spare capacity, at the busiest report.
    """
    reports = _token_reports(ds, on_axis=True)
    headroom = x.value("serving_headroom")[:, 0]
    out = np.empty(per_share.shape[:2], dtype=x.dtype)
    for c, company in enumerate(COMPANIES):
        months = np.array([m for m, _, _ in reports[company]])
        reported = x.array([v for _, v, _ in reports[company]])
        need = (
            reported[None, :] * headroom[:, None] / (per_share[:, c, months] * base[:, c, months])
        )
        out[:, c] = need.max(axis=1)
    return out


def busiest_month(ds: Dataset, x: Inputs, compute: Fleet) -> list[int]:
    """Per company, the reported month that sets the residual in the first draw."""
    efficiency = x.compound("efficiency_gain", LAST_DATA_MONTH)[:, None, :]
    base = np.stack([x.path(f"{c.lower()}_serving_share") for c in COMPANIES], axis=1)
    serving = compute.serving_pool * efficiency * base
    out = []
    for c, company in enumerate(COMPANIES):
        reports = _token_reports(ds, on_axis=True)[company]
        ratios = [v / serving[0, c, m] for m, v, _ in reports]
        out.append(reports[int(np.argmax(ratios))][0])
    return out
