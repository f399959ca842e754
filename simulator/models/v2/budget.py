"""Step 1, budget: each company's AI capex and the part of it that buys chips."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...data import COMPANIES, Dataset
from ...timeline import END_YEAR, MONTH, START_YEAR, YEAR
from .inputs import FUTURE, Inputs


@dataclass
class Budget:
    """Money per month, in USD, shaped (draw, company, month)."""

    capex: np.ndarray
    chips: np.ndarray
    cny_per_usd: np.ndarray  # (draw, month)


def budget(ds: Dataset, x: Inputs) -> Budget:
    """Capex from the reported years, then grown; chip money from reported rows, then a share.

    Within a year, spending rises month by month at the pace the budget grew from the year
    before (each year's months still add up to its budget), so money arrives smoothly
    rather than in yearly steps.

    Parameters
    ----------
    ds
        ``budgets.csv``: capex per company and year (CNY bn for ByteDance, USD bn for
        Google) and, where reported, the year's chip spend.
    x
        Levers ``*_budget_growth`` (per year after the last reported year),
        ``bytedance_budget_scale`` (ByteDance's plan from the month after the vintage),
        ``*_chip_share`` and ``cny_per_usd`` (from the month after the vintage).

    Returns
    -------
    Budget
        Capex and chip money in USD per month, (draw, company, month); the yuan rate
        (draw, month).
    """
    fx = x.path("cny_per_usd")
    capex, chips = [], []
    for company in COMPANIES:
        key = company.lower()
        annual, ramp, currency = _capex_by_year(ds, x, company)
        monthly = annual[:, YEAR - START_YEAR] / 12 * ramp  # (draw, month)
        if company == "ByteDance":
            monthly = monthly * x.path("bytedance_budget_scale")
        to_usd = 1 / fx if currency == "CNY" else 1.0
        reported = x.array(_reported_chip_money(ds, company)) * ramp  # NaN where none
        share = x.path(f"{key}_chip_share")
        chip_money = np.where(FUTURE | np.isnan(reported), monthly * share, reported)
        capex.append(monthly * to_usd)
        chips.append(chip_money * to_usd)
    return Budget(np.stack(capex, axis=1), np.stack(chips, axis=1), fx)


def _capex_by_year(ds: Dataset, x: Inputs, company: str) -> tuple[np.ndarray, np.ndarray, str]:
    """Return (draw, year) capex in the company's currency and its (draw, month) ramp.

    Capex: reported years, then compound growth. Ramp: each month's share of a twelfth of
    its year's budget, rising at the log-growth from the year before (1 on average).
    """
    rows = {b["year"]: b for b in ds.budgets if b["company"] == company and b["measure"] == "capex"}
    last = max(y for y in rows if y <= END_YEAR)
    years = np.arange(START_YEAR - 1, END_YEAR + 1)  # the year before the first, for its pace
    base = x.array([rows.get(y, rows.get(y + 1, rows[last]))["value"] for y in years])
    base[years > last] = rows[last]["value"]
    growth = x.value(f"{company.lower()}_budget_growth")
    annual = base * (1 + growth) ** x.array(np.maximum(years - last, 0))  # (draw, year)
    pace = np.log(annual[:, 1:] / annual[:, :-1])  # (draw, year from the first)
    within = x.array((MONTH % 12 - 5.5) / 12)  # -0.46 ... +0.46, summing to 0 over a year
    ramp = 1 + pace[:, YEAR - START_YEAR] * within
    return annual[:, 1:], ramp, rows[last]["currency"]


def _reported_chip_money(ds: Dataset, company: str) -> np.ndarray:
    """Return the reported chip spend per month (in the company's currency), NaN in other years."""
    out = np.full(MONTH.shape, np.nan)
    for b in ds.budgets:
        if b["company"] == company and b["measure"] == "chip_spend":
            out[b["year"] == YEAR] = b["value"] / 12
    return out
