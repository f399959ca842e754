"""Beyond one projection: uncertainty, what matters most, what limits ByteDance, plausibility.

Uncertainty bands, the tornado of what matters most, the binding limits and the
plausibility checks each work on the engine's draw axis in one call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .data import load_data
from .engine import QUANTILES, YEAR, Projection, project
from .scenario import Scenario, registry

FAN_DRAWS = 2000
# The shaded bands and the ranges under the cards, by how many runs in ten fall inside:
# the 10th-90th and the 25th-75th percentile of the engine's QUANTILES.
RANGES: dict[str, tuple[float, float]] = {
    "8 in 10 runs": (QUANTILES[0], QUANTILES[-1]),
    "5 in 10 runs": (QUANTILES[1], QUANTILES[-2]),
}
WIDE = "8 in 10 runs"  # the range under each card


# ------------------------------------------------------------------ outputs
@dataclass(frozen=True)
class Output:
    """A result the tornado and the uncertainty ranges can show, for one year."""

    key: str
    label: str
    unit: str
    scale: float
    fn: Callable[[Projection, int], np.ndarray]  # (projection, year) -> value per draw


def compute_share(bytedance: ArrayLike, google: ArrayLike) -> np.ndarray:
    """ByteDance's compute as a fraction of Google's, element by element.

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


def _share(p: Projection, year: int) -> np.ndarray:
    bd = p.yearly("compute_h100e", "ByteDance", year)
    google = p.yearly("compute_h100e", "Google", year)
    return 100 * compute_share(bd, google)


def _unspent_cny(p: Projection, year: int) -> np.ndarray:
    fx = p.param("cny_per_usd")
    return p.yearly("unspent_chip_budget_usd", "ByteDance", year) * fx


OUTPUTS: dict[str, Output] = {
    o.key: o
    for o in (
        Output("compute_share", "ByteDance's compute as a share of Google's", "%", 1, _share),
        Output(
            "bytedance_compute",
            "ByteDance's AI compute",
            "million H100-equivalents",
            1e6,
            lambda p, y: p.yearly("compute_h100e", "ByteDance", y),
        ),
        Output(
            "bytedance_tokens",
            "ByteDance's tokens served per day",
            "trillion tokens a day",
            1e12,
            lambda p, y: p.yearly("tokens_per_day", "ByteDance", y),
        ),
        Output(
            "google_tokens",
            "Google's tokens served per day",
            "trillion tokens a day",
            1e12,
            lambda p, y: p.yearly("tokens_per_day", "Google", y),
        ),
        Output("unspent_cny", "ByteDance money with no chips to buy", "CNY bn", 1e9, _unspent_cny),
    )
}


# The outputs of the headline cards, in their order (summary.cards).
CARD_OUTPUTS = ("compute_share", "bytedance_tokens", "google_tokens", "unspent_cny")


# ------------------------------------------------------------------ uncertainty
BANDS_NOTE = (
    "Shaded bands: where the result falls in 8 of 10 (light) and 5 of 10 (dark) of "
    f"{FAN_DRAWS:,} runs that vary every assumption within its range at once."
)


def fan(scenario: Scenario, draws: int = FAN_DRAWS) -> Projection:
    """Project ``scenario`` over Monte Carlo draws (seeded from it: same link, same bands)."""
    return project(scenario, draws=draws)


def bands(projection: Projection, metric: str, company: str, scale: float = 1.0) -> pd.DataFrame:
    """Percentile bands of one metric over months: columns date, p10, p25, p50, p75, p90."""
    q = np.quantile(projection.series(metric, company), QUANTILES, axis=0) / scale
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
        Shaped ``(range, 2, ...)``: ranges in the order of :data:`RANGES`, then the lower
        and the upper edge.
    """
    levels = [level for edges in RANGES.values() for level in edges]
    q = np.quantile(values, levels, axis=0)
    return q.reshape(len(RANGES), 2, *q.shape[1:])


def output_range(projection: Projection, output: str, year: int) -> tuple[float, float]:
    """Return the 10th and 90th percentile of an output over a Monte Carlo projection."""
    values = OUTPUTS[output].fn(projection, year)
    lo, hi = range_edges(values)[list(RANGES).index(WIDE)]
    return float(lo), float(hi)


def range_text(projection: Projection, output: str, year: int) -> str:
    """Write the 10th-90th percentile range in words, in the output's display unit."""
    out = OUTPUTS[output]
    lo, hi = output_range(projection, output, year)
    return f"{WIDE}: {lo / out.scale:,.1f} to {hi / out.scale:,.1f} {out.unit}"


# ------------------------------------------------------------------ what matters most
def tornado(scenario: Scenario, output: str, year: int) -> pd.DataFrame:
    """Each parameter at its registry low and high (others as in ``scenario``), in one call.

    Returns one row per parameter, largest swing first: key, label, low, high (parameter
    values), at_low, at_high (output values), swing, current (the parameter's value) and
    base (the output for ``scenario`` itself).
    """
    params = registry()
    n = len(params)
    P = np.tile(np.array(scenario.values), (2 * n + 1, 1))
    for i, p in enumerate(params):
        P[2 * i, i] = p.low
        P[2 * i + 1, i] = p.high
    out = OUTPUTS[output]
    values = out.fn(project(scenario, draws=P), year) / out.scale
    at_low, at_high = values[0:-1:2], values[1:-1:2]
    frame = pd.DataFrame(
        {
            "key": [p.key for p in params],
            "label": [p.label for p in params],
            "low": [p.low for p in params],
            "high": [p.high for p in params],
            "at_low": at_low,
            "at_high": at_high,
            "swing": np.abs(at_high - at_low),
            "current": list(scenario.values),
            "base": values[-1],
        }
    )
    # largest swing first; a parameter with no uncertainty range comes after all others
    frame["ranged"] = frame["high"] > frame["low"]
    frame = frame.sort_values(["swing", "ranged"], ascending=False, kind="stable")
    return frame.drop(columns="ranged").reset_index(drop=True)


# ------------------------------------------------------------------ what limits ByteDance
@dataclass(frozen=True)
class Limit:
    """What stops ByteDance from having more compute in one year."""

    year: int
    binding: str  # "quotas", "budget"
    h200_full: bool
    domestic_full: bool
    unspent_cny: float
    chip_spend_cny: float
    sentence: str


def limits(projection: Projection, draw: int = 0) -> list[Limit]:
    """For each year, what stops ByteDance from having more compute."""
    fx = float(projection.param("cny_per_usd")[draw])
    out = []
    for year in sorted(set(YEAR.tolist())):

        def total(metric: str, y: int = year) -> float:
            return float(projection.yearly(metric, "ByteDance", y)[draw])

        caps = {c: total(f"cap_{c}") for c in ("h200", "domestic")}
        full = {c: caps[c] > 0 and total(f"units_{c}") >= 0.995 * caps[c] for c in caps}
        unspent = total("unspent_chip_budget_usd") * fx
        spend = total("chip_spend_usd") * fx
        if unspent > 0.005 * spend:
            reasons = []
            if caps["h200"] == 0:
                reasons.append("no H200 can be bought")
            elif full["h200"]:
                reasons.append(f"the H200 quota ({caps['h200']:,.0f} chips) is used up")
            if full["domestic"]:
                reasons.append(f"domestic supply ({caps['domestic']:,.0f} chips) is used up")
            sentence = (
                f"In {year}, ¥{unspent / 1e9:,.1f} bn of ByteDance's ¥{spend / 1e9:,.0f} bn chip "
                f"budget finds no chips to buy because {' and '.join(reasons)}."
            )
            binding = "quotas"
        else:
            quota = "the H200 quota is used up, but " if full["h200"] else ""
            sentence = (
                f"In {year}, ByteDance spends its whole ¥{spend / 1e9:,.0f} bn chip budget: "
                f"{quota}money, not chips, is the limit."
            )
            binding = "budget"
        out.append(Limit(year, binding, full["h200"], full["domestic"], unspent, spend, sentence))
    return out


# ------------------------------------------------------------------ plausibility
def plausibility(scenario: Scenario, projection: Projection) -> list[str]:
    """Warn when a combination leaves what is physically or commercially plausible.

    Each warning is plain English and names the reference figure from ``data/`` it crosses.
    """
    refs = {r["key"]: r for r in load_data().references}
    warnings = []

    def over(key: str, value: float, text: str) -> None:
        ref = refs[key]
        if value > ref["value"]:
            warnings.append(
                f"{text} ({ref['label']}: {ref['value']:,.0f} {ref['unit']}; {ref['source_name']})."
            )

    over(
        "nvidia_h200_inventory",
        scenario["h200_export_units"],
        "H200 exports above Nvidia's whole H200 inventory would need new production lines",
    )
    over(
        "huawei_910c_output_2026",
        scenario["domestic_chip_units"],
        "ByteDance alone would take more domestic chips than Huawei plans to make",
    )
    bd_2030 = float(projection.yearly("budget_usd", "ByteDance", 2030)[0])
    over(
        "alphabet_capex_2026",
        bd_2030 / 1e9,
        "ByteDance's AI budget in 2030 would exceed Alphabet's whole 2026 capex",
    )
    ref = refs["nvidia_h20_unit_revenue"]
    if scenario["h200_price_usd"] < ref["value"]:
        warnings.append(
            f"An H200 below ${ref['value']:,.0f} would sell for less than Nvidia earned per H20, "
            f"a far smaller chip: a negative margin ({ref['source_name']})."
        )
    over(
        "google_tpu_ceiling",
        float(projection.yearly("units_tpu", "Google", 2030)[0]),
        "Google would buy more TPUs in 2030 than anyone could plausibly make",
    )
    return warnings
