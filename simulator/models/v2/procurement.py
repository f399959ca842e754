"""Step 2, procurement: where each company's chip money buys (or rents) compute.

ByteDance's chip money splits between China and abroad. In China it buys, cheapest
compute first and each up to its cap, the H20 (until the April 2025 licence rule), the
H200 under US licences (from the month deliveries start, capped per customer, if Beijing
allows) and domestic chips (its share of China's output); money the caps leave over
finds no chips to buy. Abroad, part of the money buys chips through overseas
subsidiaries (since June 2026 only as far as US licences allow) and the rest, with
whatever the licence rule blocks, rents GPUs from clouds abroad, until the
remote-access route closes; then it too finds nothing to buy. Google splits its chip
money between its own TPUs and Nvidia GPUs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...data import COMPANIES, Dataset
from ...timeline import MONTH, N_MONTHS, START_YEAR, YEAR, month_index
from .budget import Budget
from .inputs import Inputs

PRICE_MONTH = month_index("2026-01")  # prices in parameters.csv are January 2026 prices
REFERENCE_CHIP = "Nvidia H100 SXM"
HOURS_PER_MONTH = 365.25 * 24 / 12
TREND_KEYS = {
    "Nvidia": "nvidia_perf_per_dollar_growth",
    "Google": "tpu_perf_per_dollar_growth",
    "Huawei": "huawei_perf_per_dollar_growth",
}


@dataclass
class Flow:
    """One channel's purchases: arrays (draw, month), or (1, month) when the same in all.

    ``units`` are chips bought in the month, or for a rented channel GPUs rented that
    month; ``trend`` multiplies the chip's figures for the newer chips the same money buys.
    """

    company: str
    channel: str
    chip: str
    location: str  # "china", "abroad", "rented" (from others' clouds) or "own" (Google)
    spend: np.ndarray
    units: np.ndarray
    trend: np.ndarray
    cap: np.ndarray | None = None


@dataclass
class Procurement:
    """What :func:`procure` returns: one flow per channel and the unspent chip money."""

    flows: list[Flow]
    unspent: np.ndarray  # (draw, company, month) USD of chip money with no chips to buy


def procure(ds: Dataset, x: Inputs, money: Budget) -> Procurement:
    """Spend each company's chip money on its channels.

    Parameters
    ----------
    ds
        ``channels.csv`` (chip, vendor, opening and licence months), ``supply.csv``
        (China's domestic chip output per year).
    x
        Export levers (``h200_*``, ``beijing_allows_h200``, ``abroad_licence_share``,
        ``remote_access_close_month``), supply (``bytedance_domestic_share``,
        ``domestic_output_growth``), prices and the estimates of ByteDance's split of money.
    money
        Chip money per month (USD), (draw, company, month).

    Returns
    -------
    Procurement
        One flow per channel and the unspent chip money (USD per month).
    """
    unspent = np.zeros((x.draws, len(COMPANIES), N_MONTHS), dtype=x.dtype)
    bytedance, unspent[:, 0] = _bytedance(ds, x, money.chips[:, 0])
    google = _google(ds, x, money.chips[:, 1])
    return Procurement(bytedance + google, unspent)


def _trend(ds: Dataset, x: Inputs, company: str, channel: str) -> np.ndarray:
    """(draw or 1, month): compute per chip for the same money, relative to January 2026."""
    ch = ds.channel(company, channel)
    if not ch.improves:
        return np.ones((1, N_MONTHS), dtype=x.dtype)
    return x.compound(TREND_KEYS[ch.vendor], PRICE_MONTH)


def _open(ds: Dataset, company: str, channel: str) -> np.ndarray:
    """(month,) True while a channel is open (from its opening month to its closing month)."""
    ch = ds.channel(company, channel)
    shut = month_index(ch.closes) if ch.closes else N_MONTHS
    return (month_index(ch.opens) <= MONTH) & (shut > MONTH)


def _bytedance(ds: Dataset, x: Inputs, chips: np.ndarray) -> tuple[list[Flow], np.ndarray]:
    abroad_share = x.value("bytedance_abroad_share")
    china_money = chips * (1 - abroad_share)
    flows, left = _china(ds, x, china_money)
    abroad = chips * abroad_share
    owned_money = abroad * x.value("abroad_owned_share")
    licensed = np.where(
        month_index(ds.channel("ByteDance", "abroad").licence_from) > MONTH,
        1.0,
        x.path("abroad_licence_share"),
    )
    bought_abroad = owned_money * licensed
    rent_money = abroad - bought_abroad  # what the licence rule blocks is rented instead
    rent_open = (np.rint(x.value("remote_access_close_month")) > MONTH) * _open(
        ds, "ByteDance", "rented"
    )
    rent_spent = rent_money * rent_open
    hourly = x.path("rental_price_usd_hour") * HOURS_PER_MONTH
    abroad_chip = ds.channel("ByteDance", "abroad").chip
    rented_chip = ds.channel("ByteDance", "rented").chip
    flows.append(
        Flow(
            "ByteDance",
            "abroad",
            abroad_chip,
            "abroad",
            bought_abroad,
            bought_abroad / x.path("abroad_chip_price_usd"),
            _trend(ds, x, "ByteDance", "abroad"),
        )
    )
    flows.append(
        Flow(
            "ByteDance",
            "rented",
            rented_chip,
            "rented",
            rent_spent,
            rent_spent / hourly,
            _trend(ds, x, "ByteDance", "rented"),
        )
    )
    return flows, left + (rent_money - rent_spent)


def _china(ds: Dataset, x: Inputs, money: np.ndarray) -> tuple[list[Flow], np.ndarray]:
    """Buy ByteDance's chips in China, cheapest compute first, each up to its cap.

    The chips are Nvidia's China chip of the time (the H20 until April 2025, ordered
    before and bought first; the H200 once deliveries start) and domestic chips. Returns
    the flows and the money left (USD per month).
    """
    h20 = _open(ds, "ByteDance", "h20")  # (month,): the two Nvidia chips never overlap
    # The H20s of early 2025 were ordered in 2024 (a reported quantity): bought first.
    h20_price = x.value("h20_price_usd")
    h20_units = np.maximum(np.minimum(money / h20_price, x.value("h20_units_2025") / 3 * h20), 0)
    money = money - h20_units * h20_price
    cap_h200 = _h200_cap(x) * _open(ds, "ByteDance", "h200")
    h200_price = x.path("h200_price_usd")
    dom_trend = _trend(ds, x, "ByteDance", "domestic")
    dom_price = x.path("domestic_chip_price_usd")
    dom_cap = _domestic_cap(ds, x)
    h200, domestic, left = _fill_two(
        money,
        (h200_price, h200_price / _ratio(ds, "h200"), cap_h200),
        (dom_price, dom_price / (_ratio(ds, "domestic") * dom_trend), dom_cap),
    )
    fixed = np.ones((1, N_MONTHS), dtype=x.dtype)  # the H20 and H200 are fixed chips
    flows = [
        Flow(
            "ByteDance",
            "h20",
            ds.channel("ByteDance", "h20").chip,
            "china",
            h20_units * h20_price,
            h20_units,
            fixed,
            np.broadcast_to(x.value("h20_units_2025") / 3 * h20, money.shape),
        ),
        Flow(
            "ByteDance",
            "h200",
            ds.channel("ByteDance", "h200").chip,
            "china",
            h200 * h200_price,
            h200,
            fixed,
            cap_h200,
        ),
        Flow(
            "ByteDance",
            "domestic",
            ds.channel("ByteDance", "domestic").chip,
            "china",
            domestic * dom_price,
            domestic,
            dom_trend,
            dom_cap,
        ),
    ]
    return flows, left


def _ratio(ds: Dataset, channel: str) -> float:
    """H100-equivalents (dense BF16) of one chip of a ByteDance channel."""
    return ds.chip_flops(ds.channel("ByteDance", channel).chip) / ds.chip_flops(REFERENCE_CHIP)


def _fill_two(money: np.ndarray, a: tuple, b: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Spend ``money`` on two capped channels, the cheaper compute first.

    Each channel is given as (price, cost per H100e, cap); the order may differ by draw and
    month.

    Returns the units bought of each and the money left, (draw, month) each.
    """
    first = a[1] <= b[1]
    p1, p2 = np.where(first, a[0], b[0]), np.where(first, b[0], a[0])
    # a rounding shortfall of the pool (-1e-9 USD) must not buy negative chips
    u1 = np.maximum(np.minimum(money / p1, np.where(first, a[2], b[2])), 0.0)
    left = money - u1 * p1
    u2 = np.maximum(np.minimum(left / p2, np.where(first, b[2], a[2])), 0.0)
    left = np.maximum(left - u2 * p2, 0.0)
    return np.where(first, u1, u2), np.where(first, u2, u1), left


def _h200_cap(x: Inputs) -> np.ndarray:
    """Return the (draw, month) H200 a month ByteDance may receive.

    Its share of the US volume, at most the per-customer licence cap, from the first
    delivery month, if Beijing allows.
    """
    per_year = np.minimum(
        x.path("h200_customer_cap"), x.path("bytedance_h200_share") * x.path("h200_export_units")
    )
    started = np.rint(x.value("h200_first_month")) <= MONTH
    return per_year / 12 * started * (x.path("beijing_allows_h200") > 0.5)


def _domestic_cap(ds: Dataset, x: Inputs) -> np.ndarray:
    """Return the (draw, month) domestic chips a month ByteDance may get.

    Its share of China's output (reported years from ``supply.csv``, then grown).
    """
    rows = {s["year"]: s["value"] for s in ds.supply if s["vendor"] == "China"}
    last = max(rows)
    years = np.arange(START_YEAR, YEAR[-1] + 1)
    base = x.array([rows.get(y, rows[last]) for y in years])
    grown = base * (1 + x.value("domestic_output_growth")) ** x.array(np.maximum(years - last, 0))
    return grown[:, YEAR - START_YEAR] / 12 * x.path("bytedance_domestic_share")


def _google(ds: Dataset, x: Inputs, chips: np.ndarray) -> list[Flow]:
    tpu_share = np.where(
        YEAR == START_YEAR, x.value("google_tpu_share_2025"), x.path("google_tpu_share")
    )
    tpu = chips * tpu_share
    nvidia = chips - tpu
    return [
        Flow(
            "Google",
            "tpu",
            ds.channel("Google", "tpu").chip,
            "own",
            tpu,
            tpu / x.value("google_tpu_cost_usd"),
            _trend(ds, x, "Google", "tpu"),
        ),
        Flow(
            "Google",
            "nvidia",
            ds.channel("Google", "nvidia").chip,
            "own",
            nvidia,
            nvidia / x.value("google_nvidia_price_usd"),
            _trend(ds, x, "Google", "nvidia"),
        ),
    ]
