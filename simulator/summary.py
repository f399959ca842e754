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
from .i18n import _, is_chinese
from .scenario import Scenario
from .words import compact, format_count, format_money, format_share


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
    if current.limited_by(company) == "demand":
        return _("Set by users' demand")
    return _("Set by chips")


def _millions(h100e: float) -> str:
    """Write H100-equivalents in millions: '3.5 M' (Chinese: '350万')."""
    if is_chinese():
        return compact(h100e, 2)
    return f"{h100e / 1e6:,.{1 if h100e < 1e7 else 0}f} M"


def _about(share: float) -> str:
    """Write a share of compute in round words: 'about 10%'."""
    return _("about {percent}%").format(percent=f"{max(1, round(share * 100)):d}")


def _yuan(cny: float, digits: int = 1) -> str:
    """Write yuan in billions: '¥8.4 bn' (Chinese: '84亿元')."""
    if is_chinese():
        return f"{compact(cny)}元" if abs(cny) >= 1e4 else "0元"
    return f"¥{cny / 1e9:,.{digits}f} bn"


# ------------------------------------------------------------------ the sentence
def sentence(scenario: Scenario, current: Headline, baseline: Headline) -> str:
    """Say what the scenario means, in a few plain sentences that agree with the cards."""
    return ("" if is_chinese() else " ").join(
        part
        for part in (
            _share_part(scenario, current, baseline),
            _tokens_part(current),
            _limit_part(current),
            _unspent_part(current, baseline),
        )
        if part
    )


def _share_part(scenario: Scenario, current: Headline, baseline: Headline) -> str:
    year = current.year
    if not math.isfinite(current.compute_share):
        return _(
            "By the end of {year}, Google has no AI compute left in this scenario and "
            "ByteDance has {compute} H100-equivalents."
        ).format(year=year, compute=format_count(current.bytedance_compute_h100e))
    share = format_share(current.compute_share)
    if not scenario.differences():
        return _("By the end of {year}, ByteDance has {share} of Google's AI compute.").format(
            year=year, share=share
        )
    if change(current.compute_share, baseline.compute_share, "share") is None:  # as the card
        return _(
            "By the end of {year}, ByteDance has {share} of Google's AI compute, the same as "
            "in the baseline."
        ).format(year=year, share=share)
    then = format_share(baseline.compute_share)
    own = current.bytedance_compute_h100e / baseline.bytedance_compute_h100e - 1
    google = current.google_compute_h100e / baseline.google_compute_h100e - 1
    if abs(own) < 1e-9:
        why = (
            _(": ByteDance's own compute is unchanged, Google has less.")
            if google < 0
            else _(": ByteDance's own compute is unchanged, Google has more.")
        )
    elif abs(google) < 1e-9:
        why = (
            _(" (ByteDance has {own} more compute).")
            if own > 0
            else _(" (ByteDance has {own} less compute).")
        ).format(own=_percent(own))
    else:
        why = {
            (True, True): _(" (ByteDance's own compute {own} more, Google's {google} more)."),
            (True, False): _(" (ByteDance's own compute {own} more, Google's {google} less)."),
            (False, True): _(" (ByteDance's own compute {own} less, Google's {google} more)."),
            (False, False): _(" (ByteDance's own compute {own} less, Google's {google} less)."),
        }[own > 0, google > 0].format(own=_percent(own), google=_percent(google))
    if current.compute_share > baseline.compute_share:
        text = _(
            "By the end of {year}, ByteDance has {share} of Google's AI compute, up from {then} "
            "in the baseline{why}"
        )
    else:
        text = _(
            "By the end of {year}, ByteDance has {share} of Google's AI compute, down from "
            "{then} in the baseline{why}"
        )
    return text.format(year=year, share=share, then=then, why=why)


def _percent(change: float) -> str:
    """Write a relative change in round words: '12%', or 'under 1%'."""
    return _("under 1%") if abs(change) < 0.005 else f"{abs(change):.0%}"


def _tokens_part(current: Headline) -> str:
    bytedance, google = current.bytedance_tokens_per_day, current.google_tokens_per_day
    ahead = bytedance > google and current.compute_share < 1
    if ahead and math.isfinite(current.google_serving_share):
        return _(
            "It serves {bytedance} tokens a day, Google {google}: more with less compute, "
            "because Google uses only {google_share} of its compute to serve the tokens it "
            "reports, ByteDance {bytedance_share}."
        ).format(
            bytedance=format_count(bytedance),
            google=format_count(google),
            google_share=_about(current.google_serving_share),
            bytedance_share=_about(current.bytedance_serving_share),
        )
    return _("It serves {bytedance} tokens a day, Google {google}.").format(
        bytedance=format_count(bytedance), google=format_count(google)
    )


def _limit_part(current: Headline) -> str:
    if not math.isfinite(current.bytedance_capacity_per_day):
        return ""
    if current.limited_by("ByteDance") == "chips":
        short = 1 - current.bytedance_tokens_per_day / current.bytedance_demand_per_day
        return _(
            "Its chips can serve only {served} of the {demand} tokens a day its users want "
            "({short:.0%} short), so chips limit its tokens."
        ).format(
            served=format_count(current.bytedance_tokens_per_day),
            demand=format_count(current.bytedance_demand_per_day),
            short=short,
        )
    return _(
        "Its users' demand, not chips, limits its tokens: its chips could serve up to "
        "{capacity} a day."
    ).format(capacity=format_count(current.bytedance_capacity_per_day))


def _unspent_part(current: Headline, baseline: Headline) -> str:
    def unspent(h: Headline) -> bool:  # more than half a percent of the chip budget
        return h.unspent_usd > 0.005 * h.chip_spend_usd

    if unspent(current):
        return _("{money} of its {year} chip budget ({share:.0%}) finds no chips to buy.").format(
            money=format_money(current.unspent_usd, current.unspent_cny),
            year=current.year,
            share=current.unspent_share,
        )
    if unspent(baseline):  # why its compute can rise: money the baseline could not spend
        return _(
            "All of its {year} chip budget finds chips to buy, where {money} found none in "
            "the baseline."
        ).format(year=current.year, money=format_money(baseline.unspent_usd, baseline.unspent_cny))
    return ""


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
        if not (math.isfinite(pts) and abs(pts) >= 0.05):
            return None
        return _("{points} pts").format(points=f"{pts:+.1f}")
    if kind == "cny":
        diff = new - old
        return None if abs(diff) < 0.05e9 else f"{'+-'[diff < 0]}{_yuan(abs(diff))}"
    if old == 0:
        return None if new == 0 else _("new")
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
        if text and against:
            return _("{change} vs {against}").format(change=text, against=against)
        return text

    return [
        Card(
            _("ByteDance compute, % of Google's ({year})").format(year=y),
            format_share(current.compute_share),
            delta(current.compute_share, reference.compute_share, "share"),
            _(
                "AI compute each company controls at the end of {year}: ByteDance "
                "{bytedance}, Google {google} H100-equivalents (one H100 = 989 TFLOP/s dense "
                "BF16). Controlled: owned, minus what Cloud customers rent, plus what is rented "
                "from others."
            ).format(
                year=y,
                bytedance=format_count(current.bytedance_compute_h100e),
                google=format_count(current.google_compute_h100e),
            ),
            note=_("{bytedance} vs {google} H100e").format(
                bytedance=_millions(current.bytedance_compute_h100e),
                google=_millions(current.google_compute_h100e),
            ),
        ),
        Card(
            _("ByteDance tokens per day ({year})").format(year=y),
            format_count(current.bytedance_tokens_per_day),
            delta(current.bytedance_tokens_per_day, reference.bytedance_tokens_per_day, "percent"),
            _(
                "Tokens served per day in December {year}: the smaller of what users ask for "
                "and what the chips can handle. Tokens are the pieces of text AI models read and "
                "write."
            ).format(year=y),
            note=_limit_note(current, "ByteDance"),
        ),
        Card(
            _("Google tokens per day ({year})").format(year=y),
            format_count(current.google_tokens_per_day),
            delta(current.google_tokens_per_day, reference.google_tokens_per_day, "percent"),
            _(
                "Tokens served per day in December {year}, counted as Google reports them (all "
                "products and APIs); the two companies do not count tokens alike."
            ).format(year=y),
            note=_limit_note(current, "Google"),
        ),
        Card(
            _("Money with no chips to buy ({year})").format(year=y),
            _yuan(current.unspent_cny),
            delta(current.unspent_cny, reference.unspent_cny, "cny"),
            _(
                "ByteDance's chip money over {year} that finds nothing to buy because export "
                "licences, domestic supply and the rules abroad are limited: {share:.0%} of its "
                "chip budget ({money})."
            ).format(year=y, share=current.unspent_share, money=format_money(current.unspent_usd)),
            note=_("{share:.0%} of its {budget} chip budget").format(
                share=current.unspent_share, budget=_yuan(current.chip_spend_cny, 0)
            ),
        ),
    ]
