"""Headline numbers, their cards and the plain-English sentence, computed from a projection.

The sentence and the cards read the same :class:`Headline`, and the sentence compares
exactly what the cards compare: it never says "the same as in the baseline" beside a
card that moved.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .analysis import share_in
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
    google_demand_per_day: float
    bytedance_capacity_per_day: float
    google_capacity_per_day: float
    bytedance_serving_share: float  # share of controlled compute serving the reported tokens
    google_serving_share: float
    unspent_usd: float  # ByteDance's chip budget with no chips to buy, over the year
    unspent_cny: float
    chip_spend_usd: float  # ByteDance's chip budget over the year
    chip_spend_cny: float

    @property
    def unspent_share(self) -> float:
        """The unspent chip budget as a share of the chip budget (0 when there is none)."""
        return self.unspent_usd / self.chip_spend_usd if self.chip_spend_usd else 0.0

    def limited_by(self, company: str) -> str:
        """'chips' when the company's chips cannot serve all its users want, else 'demand'."""
        key = company.lower()
        demand = getattr(self, f"{key}_demand_per_day")
        return "chips" if demand > getattr(self, f"{key}_tokens_per_day") * 1.005 else "demand"


def headline(projection: Projection, year: int, draw: int = 0) -> Headline:
    """Return the headline numbers of one draw of a projection for ``year``."""

    def y(metric: str, company: str) -> float:
        if not projection.has(metric):
            return math.nan
        return float(projection.yearly(metric, company, year)[draw])

    unspent = y("unspent_chip_budget_usd", "ByteDance")
    fx = float(projection.param("cny_per_usd")[draw])
    return Headline(
        year=year,
        compute_share=float(share_in(projection, year)[draw]) / 100,
        bytedance_compute_h100e=y("compute_h100e", "ByteDance"),
        google_compute_h100e=y("compute_h100e", "Google"),
        bytedance_tokens_per_day=y("tokens_per_day", "ByteDance"),
        google_tokens_per_day=y("tokens_per_day", "Google"),
        bytedance_demand_per_day=y("token_demand_per_day", "ByteDance"),
        google_demand_per_day=y("token_demand_per_day", "Google"),
        bytedance_capacity_per_day=y("token_capacity_per_day", "ByteDance"),
        google_capacity_per_day=y("token_capacity_per_day", "Google"),
        bytedance_serving_share=y("serving_share", "ByteDance"),
        google_serving_share=y("serving_share", "Google"),
        unspent_usd=unspent,
        unspent_cny=unspent * fx,
        chip_spend_usd=y("chip_spend_usd", "ByteDance"),
        chip_spend_cny=y("chip_spend_usd", "ByteDance") * fx,
    )


def _limit_note(current: Headline, company: str) -> str:
    """Name what sets a company's tokens: its users' demand, or its chips."""
    return "Set by users' demand" if current.limited_by(company) == "demand" else "Set by chips"


def _millions(h100e: float) -> str:
    """Write H100-equivalents in millions: '3.5 M'."""
    return f"{h100e / 1e6:,.{1 if h100e < 1e7 else 0}f} M"


def _about(share: float) -> str:
    """Write a share of compute in round words: 'about 10%'."""
    return f"about {max(1, round(share * 100)):d}%"


# ------------------------------------------------------------------ the sentence
def sentence(scenario: Scenario, current: Headline, baseline: Headline) -> str:
    """Say what the scenario means, in a few plain sentences that agree with the cards."""
    return " ".join(
        part
        for part in (
            _share_part(scenario, current, baseline),
            _tokens_part(current),
            _limit_part(current),
            _unspent_part(current),
        )
        if part
    )


def _share_part(scenario: Scenario, current: Headline, baseline: Headline) -> str:
    year = current.year
    if not math.isfinite(current.compute_share):
        return (
            f"By the end of {year}, Google has no AI compute left in this scenario and "
            f"ByteDance has {format_count(current.bytedance_compute_h100e)} H100-equivalents."
        )
    text = f"By the end of {year}, ByteDance has {format_share(current.compute_share)} of "
    text += "Google's AI compute"
    if not scenario.differences():
        return text + "."
    if change(current.compute_share, baseline.compute_share, "share") is None:  # as the card
        return text + ", the same as in the baseline."
    direction = "up" if current.compute_share > baseline.compute_share else "down"
    then = format_share(baseline.compute_share)
    own = current.bytedance_compute_h100e / baseline.bytedance_compute_h100e - 1
    google = current.google_compute_h100e / baseline.google_compute_h100e - 1
    if abs(own) < 1e-9:
        side = "less" if google < 0 else "more"
        why = f": ByteDance's own compute is unchanged, Google has {side}."
    elif abs(google) < 1e-9:
        why = f" (ByteDance has {_percent(own)} {'more' if own > 0 else 'less'} compute)."
    else:
        why = (
            f" (ByteDance's own compute {_percent(own)} {'more' if own > 0 else 'less'}, "
            f"Google's {_percent(google)} {'more' if google > 0 else 'less'})."
        )
    return f"{text}, {direction} from {then} in the baseline{why}"


def _percent(change: float) -> str:
    """Write a relative change in round words: '12%', or 'under 1%'."""
    return "under 1%" if abs(change) < 0.005 else f"{abs(change):.0%}"


def _tokens_part(current: Headline) -> str:
    bytedance, google = current.bytedance_tokens_per_day, current.google_tokens_per_day
    text = f"It serves {format_count(bytedance)} tokens a day, Google {format_count(google)}."
    ahead = bytedance > google and current.compute_share < 1
    if ahead and math.isfinite(current.google_serving_share):
        text = text[:-1] + (
            ": more with less compute, because Google uses only "
            f"{_about(current.google_serving_share)} of its compute to serve the tokens it "
            f"reports, ByteDance {_about(current.bytedance_serving_share)}."
        )
    return text


def _limit_part(current: Headline) -> str:
    if not math.isfinite(current.bytedance_capacity_per_day):
        return ""
    if current.limited_by("ByteDance") == "chips":
        short = 1 - current.bytedance_tokens_per_day / current.bytedance_demand_per_day
        return (
            f"Its chips can serve only {format_count(current.bytedance_tokens_per_day)} of the "
            f"{format_count(current.bytedance_demand_per_day)} tokens a day its users want "
            f"({short:.0%} short), so chips limit its tokens."
        )
    return (
        f"Its users' demand, not chips, limits its tokens: its chips could serve up to "
        f"{format_count(current.bytedance_capacity_per_day)} a day."
    )


def _unspent_part(current: Headline) -> str:
    if current.unspent_usd <= 0.005 * current.chip_spend_usd:
        return ""
    return (
        f"{format_money(current.unspent_usd, current.unspent_cny)} of its {current.year} chip "
        f"budget ({current.unspent_share:.0%}) finds no chips to buy."
    )


# ------------------------------------------------------------------ the cards
@dataclass(frozen=True)
class Card:
    """One headline number as the app shows it.

    Its change carries no colour verdict: whether more ByteDance compute is good news
    depends on who reads.
    """

    label: str
    value: str
    delta: str | None
    help: str
    note: str = ""  # the number's scale, under it: "5% of its chip budget (¥100 bn)"


def change(new: float, old: float, kind: str) -> str | None:
    """Return a card's change against a reference, or None when the shown number did not move.

    ``kind`` is "share" (percentage points of a fraction), "percent" (relative change) or
    "cny" (yuan amounts).
    """
    if kind == "share":
        pts = (new - old) * 100
        return f"{pts:+.1f} pts" if math.isfinite(pts) and abs(pts) >= 0.05 else None
    if kind == "cny":
        diff = new - old
        return None if abs(diff) < 0.05e9 else f"{'+-'[diff < 0]}¥{abs(diff) / 1e9:,.1f} bn"
    if old == 0:
        return None if new == 0 else "new"
    rel = new / old - 1
    return None if abs(rel) < 0.0005 else f"{rel * 100:+.1f}%"


def cards(current: Headline, reference: Headline, against: str | None = "baseline") -> list[Card]:
    """Return the four headline numbers as cards, with their change against ``reference``.

    ``against`` names the reference in the change; with None, no change is shown (e.g. for
    the baseline itself).
    """
    y = current.year

    def delta(new: float, old: float, kind: str) -> str | None:
        text = change(new, old, kind) if against is not None else None
        return f"{text} vs {against}" if text and against else text

    return [
        Card(
            f"ByteDance compute, % of Google's ({y})",
            format_share(current.compute_share),
            delta(current.compute_share, reference.compute_share, "share"),
            f"AI compute each company controls at the end of {y}: ByteDance "
            f"{format_count(current.bytedance_compute_h100e)}, Google "
            f"{format_count(current.google_compute_h100e)} H100-equivalents (one H100 = 989 "
            "TFLOP/s dense BF16). Controlled: owned, minus what Cloud customers rent, plus what "
            "is rented from others.",
            note=f"{_millions(current.bytedance_compute_h100e)} vs "
            f"{_millions(current.google_compute_h100e)} H100e",
        ),
        Card(
            f"ByteDance tokens per day ({y})",
            format_count(current.bytedance_tokens_per_day),
            delta(current.bytedance_tokens_per_day, reference.bytedance_tokens_per_day, "percent"),
            f"Tokens served per day in December {y}: the smaller of what users ask for and what "
            "the chips can handle. Tokens are the pieces of text AI models read and write.",
            note=_limit_note(current, "ByteDance"),
        ),
        Card(
            f"Google tokens per day ({y})",
            format_count(current.google_tokens_per_day),
            delta(current.google_tokens_per_day, reference.google_tokens_per_day, "percent"),
            f"Tokens served per day in December {y}, counted as Google reports them (all "
            "products and APIs); the two companies do not count tokens alike.",
            note=_limit_note(current, "Google"),
        ),
        Card(
            f"Money with no chips to buy ({y})",
            f"¥{current.unspent_cny / 1e9:,.1f} bn",
            delta(current.unspent_cny, reference.unspent_cny, "cny"),
            f"ByteDance's chip money over {y} that finds nothing to buy because export "
            "licences, domestic supply and the rules abroad are limited: "
            f"{current.unspent_share:.0%} of its chip budget "
            f"({format_money(current.unspent_usd)}).",
            note=f"{current.unspent_share:.0%} of its ¥{current.chip_spend_cny / 1e9:,.0f} bn "
            "chip budget",
        ),
    ]
