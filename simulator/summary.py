"""Headline numbers and the plain-English sentence, computed from a projection."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .analysis import compute_share
from .engine import Projection
from .scenario import Scenario
from .words import format_count, format_money, format_share


@dataclass(frozen=True)
class Headline:
    """The numbers the app shows at the top, for one year (December values, annual flows)."""

    year: int
    compute_share: float  # ByteDance's compute / Google's, December of the year
    bytedance_compute_h100e: float
    google_compute_h100e: float
    bytedance_tokens_per_day: float  # tokens served, December of the year
    google_tokens_per_day: float
    bytedance_demand_per_day: float
    unspent_usd: float  # ByteDance's chip budget with no chips to buy, over the year
    unspent_cny: float
    chip_spend_usd: float  # ByteDance's chip budget over the year


def headline(projection: Projection, year: int, draw: int = 0) -> Headline:
    """Return the headline numbers of one draw of ``projection`` for ``year``."""

    def y(metric: str, company: str) -> float:
        return float(projection.yearly(metric, company, year)[draw])

    bd, g = y("compute_h100e", "ByteDance"), y("compute_h100e", "Google")
    unspent = y("unspent_chip_budget_usd", "ByteDance")
    fx = float(projection.param("cny_per_usd")[draw])
    return Headline(
        year=year,
        compute_share=float(compute_share(bd, g)),
        bytedance_compute_h100e=bd,
        google_compute_h100e=g,
        bytedance_tokens_per_day=y("tokens_per_day", "ByteDance"),
        google_tokens_per_day=y("tokens_per_day", "Google"),
        bytedance_demand_per_day=y("token_demand_per_day", "ByteDance"),
        unspent_usd=unspent,
        unspent_cny=unspent * fx,
        chip_spend_usd=y("chip_spend_usd", "ByteDance"),
    )


def sentence(
    scenario: Scenario,
    current: Headline,
    baseline: Headline,
) -> str:
    """One plain-English sentence (or two) saying what the scenario means."""
    year = current.year
    if math.isfinite(current.compute_share):
        parts = [
            f"By the end of {year}, ByteDance has {format_share(current.compute_share)} of "
            "Google's AI compute"
        ]
    else:
        parts = [
            f"By the end of {year}, Google has no AI compute left in this scenario and "
            f"ByteDance has {format_count(current.bytedance_compute_h100e)} H100-equivalents"
        ]
    diff = scenario.differences()
    if diff:
        change = current.bytedance_compute_h100e / baseline.bytedance_compute_h100e - 1
        if abs(change) < 0.005:
            parts.append(", the same as in the baseline")
        else:
            direction = "more" if change > 0 else "less"
            parts.append(f", {abs(change) * 100:.0f}% {direction} compute than in the baseline")
    text = "".join(parts) + "."
    if current.bytedance_demand_per_day > current.bytedance_tokens_per_day * 1.005:
        short = 1 - current.bytedance_tokens_per_day / current.bytedance_demand_per_day
        text += (
            f" Its chips can serve only {format_count(current.bytedance_tokens_per_day)} of the "
            f"{format_count(current.bytedance_demand_per_day)} tokens a day its users want "
            f"({short * 100:.0f}% short)."
        )
    else:
        text += (
            f" It serves {format_count(current.bytedance_tokens_per_day)} tokens a day against "
            f"Google's {format_count(current.google_tokens_per_day)}."
        )
    if current.unspent_usd > 0.005 * current.chip_spend_usd:
        text += (
            f" {format_money(current.unspent_usd, current.unspent_cny)} of its {year} chip budget "
            "finds no chips to buy."
        )
    return text


@dataclass(frozen=True)
class Card:
    """One headline number as the app shows it."""

    label: str
    value: str
    delta: str | None
    delta_color: str  # "normal", "inverse" or "off"
    help: str


def _pct_change(new: float, old: float, vs: str) -> str | None:
    if old == 0:
        return None if new == 0 else "new"
    change = new / old - 1
    return None if abs(change) < 0.0005 else f"{change * 100:+.1f}%{vs}"


def _deltas(current: Headline, reference: Headline, vs: str) -> list[str | None]:
    """Each card's change from ``reference``, in card order; None where nothing changed."""
    share = (current.compute_share - reference.compute_share) * 100
    unspent = current.unspent_cny - reference.unspent_cny
    return [
        f"{share:+.1f} pts{vs}" if math.isfinite(share) and abs(share) >= 0.05 else None,
        _pct_change(current.bytedance_tokens_per_day, reference.bytedance_tokens_per_day, vs),
        _pct_change(current.google_tokens_per_day, reference.google_tokens_per_day, vs),
        None if abs(unspent) < 0.05e9 else f"{'+-'[unspent < 0]}¥{abs(unspent) / 1e9:,.1f} bn{vs}",
    ]


def cards(
    current: Headline, baseline: Headline, is_baseline: bool, against: str | None = "baseline"
) -> list[Card]:
    """Return the four headline numbers with their change against the baseline.

    Parameters
    ----------
    current, baseline
        The scenario's headline numbers and those it is compared with.
    is_baseline
        True when ``current`` is the reference itself: the cards then carry no change.
    against
        The reference's name in the changes ('+1.2 pts vs baseline'); None leaves it out.
    """
    y = current.year
    vs = f" vs {against}" if against else ""
    deltas = [None] * 4 if is_baseline else _deltas(current, baseline, vs)
    return [
        Card(
            f"ByteDance compute, % of Google's ({y})",
            format_share(current.compute_share),
            deltas[0],
            "normal",
            f"AI compute at the end of {y}: ByteDance "
            f"{format_count(current.bytedance_compute_h100e)}, Google "
            f"{format_count(current.google_compute_h100e)} H100-equivalents (one H100 = 989 "
            "TFLOP/s dense BF16).",
        ),
        Card(
            f"ByteDance tokens per day ({y})",
            format_count(current.bytedance_tokens_per_day),
            deltas[1],
            "normal",
            f"Tokens served per day in December {y}. Tokens are the pieces of text an AI model "
            "reads and writes; served = the smaller of what users ask for and what the chips "
            "can handle. ByteDance reported about 50 trillion a day in December 2025.",
        ),
        Card(
            f"Google tokens per day ({y})",
            format_count(current.google_tokens_per_day),
            deltas[2],
            "normal",
            f"Tokens served per day in December {y}. Google reported about 43 trillion a day in "
            "October 2025.",
        ),
        Card(
            f"Money with no chips to buy ({y})",
            f"¥{current.unspent_cny / 1e9:,.1f} bn",
            deltas[3],
            "inverse",
            f"ByteDance's chip money over {y} that finds nothing to buy because export licences "
            f"and domestic supply are capped: {format_money(current.unspent_usd)}.",
        ),
    ]
