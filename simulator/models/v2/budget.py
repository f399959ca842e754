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
        annual, currency = _capex_by_year(ds, x, company)
        monthly = annual[:, YEAR - START_YEAR] / 12  # (draw, month)
        if company == "ByteDance":
            monthly = monthly * x.path("bytedance_budget_scale")
        to_usd = 1 / fx if currency == "CNY" else 1.0
        reported = x.array(_reported_chip_money(ds, company))  # (month,), NaN where none
        share = x.path(f"{key}_chip_share")
        chip_money = np.where(FUTURE | np.isnan(reported), monthly * share, reported)
        capex.append(monthly * to_usd)
        chips.append(chip_money * to_usd)
    return Budget(np.stack(capex, axis=1), np.stack(chips, axis=1), fx)


def _capex_by_year(ds: Dataset, x: Inputs, company: str) -> tuple[np.ndarray, str]:
    """(draw, year) capex in the company's currency: reported years, then compound growth."""
    rows = {b["year"]: b for b in ds.budgets if b["company"] == company and b["measure"] == "capex"}
    last = max(y for y in rows if y <= END_YEAR)
    years = np.arange(START_YEAR, END_YEAR + 1)
    base = x.array([rows.get(y, rows[last])["value"] for y in years])
    growth = x.value(f"{company.lower()}_budget_growth")
    grown = (1 + growth) ** x.array(np.maximum(years - last, 0))  # (draw, year)
    return base * grown, rows[last]["currency"]


def _reported_chip_money(ds: Dataset, company: str) -> np.ndarray:
    """Reported chip spend per month (in the company's currency), NaN in other years."""
    out = np.full(MONTH.shape, np.nan)
    for b in ds.budgets:
        if b["company"] == company and b["measure"] == "chip_spend":
            out[b["year"] == YEAR] = b["value"] / 12
    return out
