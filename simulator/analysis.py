"""Analyses beyond one projection, each on the engine's draw axis in one call.

The share of Google's compute, uncertainty bands, what matters most (tornado), what limits
ByteDance and plausibility checks. Each works for a scenario of any release.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .engine import QUANTILES, Projection, project
from .i18n import N_, _, is_chinese
from .scenario import Scenario
from .timeline import YEAR, YEARS
from .words import describe, format_count, format_money, rounded

FAN_DRAWS = 2000
# The shaded bands and the ranges under the cards, by how many runs in ten fall inside:
# the 10th-90th and the 25th-75th percentile of the engine's QUANTILES.
RANGES: dict[str, tuple[float, float]] = {
    "8 in 10 runs": (QUANTILES[0], QUANTILES[-1]),
    "5 in 10 runs": (QUANTILES[1], QUANTILES[-2]),
}
WIDE = "8 in 10 runs"  # the range under each card


# ------------------------------------------------------------------ derived numbers
def compute_share(bytedance: ArrayLike, google: ArrayLike) -> np.ndarray:
    """ByteDance's compute as a fraction of Google's, element by element.

    The one definition the cards, the charts and the comparisons use.

    Parameters
    ----------
    bytedance, google
        Compute in H100-equivalents, in shapes that broadcast together.

    Returns
    -------
    numpy.ndarray
        ``bytedance / google``; NaN where Google has no compute left.
    """
    bytedance, google = np.asarray(bytedance, dtype=float), np.asarray(google, dtype=float)
    out = np.full(np.broadcast_shapes(bytedance.shape, google.shape), np.nan)
    return np.divide(bytedance, google, out=out, where=google > 0)


def share_in(projection: Projection, year: int) -> np.ndarray:
    """ByteDance's compute as % of Google's in December of ``year``, per draw."""
    bytedance = projection.yearly("compute_h100e", "ByteDance", year)
    return 100 * compute_share(bytedance, projection.yearly("compute_h100e", "Google", year))


# ------------------------------------------------------------------ outputs
@dataclass(frozen=True)
class Output:
    """One output the analyses report: its label, display unit, scale and value per draw."""

    key: str
    label: str
    unit: str
    scale: float
    fn: Callable[[Projection, int], np.ndarray]  # (projection, year) -> value per draw
    good_when: str  # "up" or "down": which way is good news for ByteDance's compute race


def _unspent_cny(p: Projection, year: int) -> np.ndarray:
    return p.yearly("unspent_chip_budget_usd", "ByteDance", year) * p.param("cny_per_usd")


def _yearly(metric: str, company: str) -> Callable[[Projection, int], np.ndarray]:
    return lambda p, y: p.yearly(metric, company, y)


OUTPUTS: dict[str, Output] = {
    o.key: o
    for o in (
        Output(
            "compute_share", "ByteDance's compute as a share of Google's", "%", 1, share_in, "up"
        ),
        Output(
            "bytedance_compute",
            "ByteDance's AI compute",
            "million H100-equivalents",
            1e6,
            _yearly("compute_h100e", "ByteDance"),
            "up",
        ),
        Output(
            "bytedance_tokens",
            "ByteDance's tokens served per day",
            "trillion tokens a day",
            1e12,
            _yearly("tokens_per_day", "ByteDance"),
            "up",
        ),
        Output(
            "google_tokens",
            "Google's tokens served per day",
            "trillion tokens a day",
            1e12,
            _yearly("tokens_per_day", "Google"),
            "down",
        ),
        Output(
            "unspent_cny",
            "ByteDance's chip money with no chips to buy",
            "bn yuan",
            1e9,
            _unspent_cny,
            "down",
        ),
    )
}

# The outputs of the headline cards, in their order (summary.cards).
CARD_OUTPUTS = ("compute_share", "bytedance_tokens", "google_tokens", "unspent_cny")


# ------------------------------------------------------------------ uncertainty
def bands_note(fan: Projection) -> str:
    """How to read the shaded bands, with how many runs reproduced the reports."""
    if fan.reproduced == 0:
        kept = f"{fan.drawn:,} runs (none of them reproduces every reported figure)"
    elif fan.reproduced < fan.drawn:
        kept = f"the {fan.kept:,} of {fan.drawn:,} runs that reproduce every reported figure"
    else:
        kept = f"{fan.drawn:,} runs (all of them reproduce every reported figure)"
    return (
        "Shaded bands: where the result falls in 8 of 10 (light) and 5 of 10 (dark) of "
        f"{kept}, each varying every assumption within its range at once."
    )


def fan(scenario: Scenario, draws: int = FAN_DRAWS) -> Projection:
    """Project ``scenario`` with Monte Carlo draws around it.

    The draws are seeded from the scenario (same link, same bands); the projection keeps
    the draws that reproduce the reported figures.
    """
    return project(scenario, draws=draws)


def bands(projection: Projection, metric: str, company: str, scale: float = 1.0) -> pd.DataFrame:
    """Percentile bands of one metric over months: columns date, company, p10 ... p90."""
    q = np.nanquantile(projection.series(metric, company), QUANTILES, axis=0) / scale
    frame = pd.DataFrame({"date": projection.dates, "company": company})
    for level, row in zip(QUANTILES, q, strict=True):
        frame[f"p{round(level * 100)}"] = row
    return frame


def range_edges(values: np.ndarray) -> np.ndarray:
    """Lower and upper edge of each of :data:`RANGES` over the draws (axis 0).

    Parameters
    ----------
    values
        Shaped ``(draw, ...)``.

    Returns
    -------
    numpy.ndarray
        Shaped ``(len(RANGES), 2, ...)``: per range, its low and high edge.
    """
    levels = [edge for pair in RANGES.values() for edge in pair]
    q = np.nanquantile(values, levels, axis=0)
    return q.reshape(len(RANGES), 2, *q.shape[1:])


def output_range(projection: Projection, output: str, year: int) -> tuple[float, float]:
    """Return the 10th and 90th percentile of an output over a Monte Carlo projection."""
    values = OUTPUTS[output].fn(projection, year)
    lo, hi = np.nanquantile(values, RANGES[WIDE])
    return float(lo), float(hi)


def range_text(projection: Projection, output: str, year: int) -> str:
    """Describe the 10th-90th percentile range in words, in the output's display unit."""
    out = OUTPUTS[output]
    lo, hi = output_range(projection, output, year)
    return f"{WIDE}: {lo / out.scale:,.1f} to {hi / out.scale:,.1f} {out.unit}"


# ------------------------------------------------------------------ what matters most
def tornado(scenario: Scenario, output: str, year: int) -> pd.DataFrame:
    """Each parameter at its low and high (others as in ``scenario``), in one call.

    Returns one row per parameter with an uncertainty range, largest swing first: key,
    label, kind of parameter (lever or estimate), low, high (parameter values), at_low,
    at_high (output values), swing, current (the parameter's value) and base (the output
    for ``scenario`` itself).
    """
    params = [p for p in scenario.registry if p.high > p.low]
    index = scenario.release.index
    n = len(params)
    P = np.tile(np.array(scenario.values), (2 * n + 1, 1))
    for i, p in enumerate(params):
        P[2 * i, index[p.key]] = p.low
        P[2 * i + 1, index[p.key]] = p.high
    out = OUTPUTS[output]
    values = out.fn(project(scenario, draws=P), year) / out.scale
    at_low, at_high = values[0:-1:2], values[1:-1:2]
    frame = pd.DataFrame(
        {
            "key": [p.key for p in params],
            "label": [p.label for p in params],
            "role": ["control" if p.is_lever else "estimate" for p in params],
            "low": [p.low for p in params],
            "high": [p.high for p in params],
            "at_low": at_low,
            "at_high": at_high,
            "swing": np.abs(at_high - at_low),
            "current": [scenario[p.key] for p in params],
            "base": values[-1],
            "low_text": [describe(p, p.low) for p in params],
            "high_text": [describe(p, p.high) for p in params],
            "current_text": [describe(p, scenario[p.key]) for p in params],
        }
    )
    return frame.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


# ------------------------------------------------------------------ what limits ByteDance
@dataclass(frozen=True)
class Limit:
    """What limits ByteDance in one year: its compute, its tokens, and a sentence saying so."""

    year: int
    binding: str  # "caps" (money finds no chips to buy) or "budget"
    full: dict[str, bool]  # channel -> its cap is used up (or it is shut)
    unspent_cny: float
    chip_spend_cny: float
    tokens_limited_by: str  # "demand" or "chips"
    sentence: str


_CAP_WORDS = {
    "h20": ("the H20 was banned in April 2025", "H20"),
    "h200": ("no H200 can be bought", "the H200 quota ({n} chips a year)"),
    "domestic": ("no domestic chips can be bought", "domestic supply ({n} chips a year)"),
}


def limits(projection: Projection, draw: int = 0) -> list[Limit]:
    """Say, for each year, what stops ByteDance from having more compute.

    Each year also says what limits the tokens it serves. The sentences agree with the
    headline sentence and round numbers to two significant figures, as far as the data can
    support.
    """
    fx = float(projection.param("cny_per_usd")[draw])
    out = []
    for year in YEARS:

        def total(metric: str, y: int = year) -> float:
            return float(projection.yearly(metric, "ByteDance", y)[draw])

        caps = {c: total(f"cap_{c}") for c in _CAP_WORDS if projection.has(f"cap_{c}")}
        full = {c: caps[c] > 0 and total(f"units_{c}") >= 0.995 * caps[c] for c in caps}
        unspent, spend = total("unspent_chip_budget_usd") * fx, total("chip_spend_usd") * fx
        demand, served = total("token_demand_per_day"), total("tokens_per_day")
        tokens_by = "chips" if demand > served * 1.005 else "demand"
        if unspent > 0.005 * spend:
            sentence = (
                f"In {year}, ¥{unspent / 1e9:,.1f} bn of ByteDance's ¥{spend / 1e9:,.0f} bn chip "
                f"budget ({unspent / spend:.0%}) finds no chips to buy: "
                f"{_reasons(projection, caps, full, year, draw)}."
            )
            binding = "caps"
        else:
            sentence = (
                f"In {year}, ByteDance spends its whole ¥{spend / 1e9:,.0f} bn chip budget: "
                "money, not chips, is the limit."
            )
            binding = "budget"
        sentence += (
            " Its users' demand, not chips, sets the tokens it serves."
            if tokens_by == "demand"
            else " Chips, not demand, limit the tokens it serves."
        )
        open_caps = {c: full[c] or caps[c] == 0 for c in caps}
        out.append(Limit(year, binding, open_caps, unspent, spend, tokens_by, sentence))
    return out


def _reasons(projection: Projection, caps: dict, full: dict, year: int, draw: int) -> str:
    words = []
    for channel, used_up in full.items():
        shut, quota = _CAP_WORDS[channel]
        if caps[channel] == 0 and channel != "h20":
            words.append(shut)
        elif used_up and channel != "h20":
            words.append(f"{quota.format(n=rounded(caps[channel]))} is used up")
    if projection.has("gpus_rented"):
        blocked = _blocked_abroad(projection, year, draw)
        if blocked:
            words.append(blocked)
    return " and ".join(words) or "the caps in China are used up"


def _blocked_abroad(projection: Projection, year: int, draw: int) -> str:
    """Why money abroad finds nothing, if it does: the remote-access route is closed."""
    months = year == YEAR
    rented = projection.series("gpus_rented", "ByteDance")[draw, months]
    close = float(projection.param("remote_access_close_month")[draw])
    if close < months.nonzero()[0][-1] + 1 and rented.min() == 0:
        return "renting compute abroad is closed"
    return ""


# ------------------------------------------------------------------ plausibility
def _reference_value(ref: dict) -> str:
    """Write a reference figure with its unit in the reader's words.

    '1,000,000 chips per year' (Chinese: '100万颗/年').
    """
    value, unit = ref["value"], ref["unit"]
    if not is_chinese():
        return f"{value:,.0f} {unit}"
    if unit == "USD bn":
        return format_money(value * 1e9)
    if unit == "USD per chip":
        return f"{value:,.0f}美元/颗"
    if unit.startswith("%"):
        return f"{value:,.0f}%"
    return format_count(value, {"chips": "颗", "chips per year": "颗/年"}.get(unit, unit))


def _data(ref: dict, column: str) -> str:
    """Return a reference figure's text (label, source name) as the catalog translates it."""
    text = ref[column]
    return _(text)


def plausibility(scenario: Scenario, projection: Projection) -> list[str]:
    """Warn when a combination leaves what is physically or commercially plausible.

    Each warning is in the reader's language, with the reference figure from the data that
    it crosses (its label and source name translated by the catalog, when they are there).
    """
    refs = {r["key"]: r for r in scenario.release.dataset.references}
    values = scenario.to_dict()
    warnings = []

    def over(key: str, value: float, text: str) -> None:
        ref = refs.get(key)
        if ref is not None and value > ref["value"]:
            warnings.append(
                _("{text} ({label}: {value}; {source}).").format(
                    text=_(text),
                    label=_data(ref, "label"),
                    value=_reference_value(ref),
                    source=_data(ref, "source_name"),
                )
            )

    if "h200_export_units" in values:
        over(
            "h200_us_bound",
            values["h200_export_units"],
            N_("H200 exports above the US's overall bound for China"),
        )
        over(
            "nvidia_h200_inventory",
            values["h200_export_units"],
            N_("H200 exports above Nvidia's whole H200 inventory would need new production lines"),
        )
    ref = refs.get("domestic_output_2026")
    if ref and values.get("bytedance_domestic_share", 0) > 40:
        warnings.append(
            _(
                "ByteDance alone would take more than 40% of China's domestic AI chips, which "
                "Alibaba, Tencent, Baidu and the carriers buy too ({label}: {value})."
            ).format(label=_data(ref, "label"), value=_reference_value(ref))
        )
    if "domestic_chip_units" in values:
        over(
            "huawei_910c_output_2026",
            values["domestic_chip_units"],
            N_("ByteDance alone would take more domestic chips than Huawei plans to make"),
        )
    over(
        "alphabet_capex_2026",
        float(projection.yearly("budget_usd", "ByteDance", 2030)[0]) / 1e9,
        N_("ByteDance's AI budget in 2030 would exceed Alphabet's whole 2026 capex"),
    )
    ref = refs.get("nvidia_h20_unit_revenue")
    if ref and values.get("h200_price_usd", ref["value"]) < ref["value"]:
        price = f"{ref['value']:,.0f}美元" if is_chinese() else f"${ref['value']:,.0f}"
        warnings.append(
            _(
                "An H200 below {price} would sell for less than Nvidia earned per H20, "
                "a far smaller chip: a negative margin ({source})."
            ).format(price=price, source=_data(ref, "source_name"))
        )
    over(
        "google_tpu_ceiling",
        float(projection.yearly("units_tpu", "Google", 2030)[0]),
        N_("Google would buy more TPUs in 2030 than anyone could plausibly make"),
    )
    return warnings


def describe_change(scenario: Scenario) -> list[str]:
    """Describe what the scenario changes against its baseline ('H200 price: $27,000')."""
    params = {p.key: p for p in scenario.registry}
    return [
        f"{params[k].label}: {describe(params[k], v)}"
        for k, (_, v) in scenario.differences().items()
    ]


# ------------------------------------------------------------------ accounting
def accounting(projection: Projection, year: int) -> dict[str, float]:
    """Return ByteDance's compute as % of Google's in December of ``year``, three ways.

    ``controlled`` (what each can use for its own models: the headline), ``owned`` (what
    each owns, as Epoch counts) and ``in_china`` (ByteDance's compute in China only).
    """

    def at(metric: str, company: str) -> float:
        return float(projection.yearly(metric, company, year)[0])

    google, google_owned = at("compute_h100e", "Google"), at("compute_owned_h100e", "Google")
    return {
        "controlled": 100 * at("compute_h100e", "ByteDance") / google,
        "owned": 100 * at("compute_owned_h100e", "ByteDance") / google_owned,
        "in_china": 100 * at("compute_china_h100e", "ByteDance") / google,
    }


def demand_points(scenario: Scenario) -> pd.DataFrame:
    """Return every reported token figure next to the fitted demand trend.

    Columns: company, month, reported, fitted (tokens a day), error (percent). Empty for
    a release whose model does not fit demand.
    """
    fit = getattr(scenario.release.engine, "demand_fit", None)
    if fit is None:
        return pd.DataFrame(columns=["company", "month", "reported", "fitted", "error"])
    points = pd.DataFrame(fit(scenario.release.dataset).points)
    points["error"] = (points["fitted"] / points["reported"] - 1) * 100
    return points[["company", "month", "reported", "fitted", "error"]]


def demand_half_life(scenario: Scenario) -> float | None:
    """Return the fitted years in which demand growth halves (None without a fit)."""
    fit = getattr(scenario.release.engine, "demand_fit", None)
    return fit(scenario.release.dataset).half_life_years if fit else None
