"""The Simulator's chart data: projections turned into the named Arrow tables the chart
templates of ``ui/charts/simulator.py`` read (lines, bands, reported points, spend).

Datasets are built as Arrow tables straight from NumPy and sent to Streamlit as Arrow
bytes: going through pandas and Streamlit's generic conversion costs ~10x more per rerun.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa

from simulator import RELEASES, load_data
from simulator.analysis import RANGES, compute_share, range_edges
from simulator.data import COMPANIES
from simulator.engine import DATES, YEAR, Projection
from simulator.i18n import N_, _, is_chinese, language
from simulator.words import format_count

# The labels in the charts' data, in English; the datasets hold them in the reader's
# language (``_()``), and the templates (cached per language) filter on them the same way.
UNSPENT = N_("No chips to buy")
THIS, BASE, OWNED = N_("This scenario"), N_("Baseline"), N_("Owned")
DEMAND = N_("Demand (trend fitted to the reports)")
SPENT = N_("Baseline: spent on chips")
# The companies as the charts name them (字节跳动, 谷歌 in Chinese).
COMPANY_NAMES = {"ByteDance": N_("ByteDance"), "Google": N_("Google")}
# The procurement channels' labels of every release (data/channels.csv), for translation.
CHANNEL_LABELS = (
    N_("Nvidia H20 (until April 2025)"),
    N_("Nvidia H200 under US licence"),
    N_("Domestic chips (Huawei and others)"),
    N_("Chips bought abroad"),
    N_("Compute rented abroad"),
    N_("Google TPUs"),
    N_("Nvidia GPUs"),
    N_("H200 under US licence"),
    N_("Domestic chips (Huawei)"),
    N_("Chips abroad (Nvidia)"),
)


def company(name: str) -> str:
    """A company's name as the charts show it."""
    return _(COMPANY_NAMES.get(name, name))


def companies(names=COMPANIES) -> list[str]:
    """The companies' names as the charts show them, in order."""
    return [company(name) for name in names]


def spend_scale() -> float:
    """Yuan per unit of the spend chart: bn (1e9), in Chinese 亿 (1e8)."""
    return 1e8 if is_chinese() else 1e9


def dataset(version: str | None):
    """The data of a release (the current one for None)."""
    return RELEASES[version].dataset if version else load_data()


Columns = dict[str, np.ndarray | list]


def _table(columns: Columns) -> pa.Table:
    return pa.table({k: pa.array(v) for k, v in columns.items()})


def _series(projection: Projection, metric: str, scale: float, line: str) -> Columns:
    values = projection.company_arrays[metric][0]  # (company, month)
    n = len(DATES)
    return {
        "date": np.tile(DATES.values, len(COMPANIES)),
        "company": np.repeat(companies(), n),
        "value": values.ravel() / scale,
        "line": [_(line)] * (n * len(COMPANIES)),
    }


def _stack(parts: list[Columns]) -> pa.Table:
    return _table({k: np.concatenate([np.asarray(p[k]) for p in parts]) for k in parts[0]})


def _both(
    projection: Projection,
    baseline: Projection | None,
    series: Callable[[Projection, str], Columns],
) -> pa.Table:
    parts = [series(projection, THIS)]
    if baseline is not None:
        parts.append(series(baseline, BASE))
    return _stack(parts)


def _bands(
    fan: Projection | None, values: Callable[[Projection], np.ndarray], scale: float
) -> pa.Table:
    """Percentile bands over months: date, company, band, lo, hi (no rows without a fan).
    ``values`` gives (draw, company, month) arrays."""
    if fan is None:
        return _EMPTY_BANDS
    edges = range_edges(values(fan)) / scale  # (band, lo/hi, company, month)
    bands, n, count = len(RANGES), len(DATES), edges.shape[2]
    return _table(
        {
            "date": np.tile(DATES.values, bands * count),
            "company": np.repeat(np.array(companies(COMPANIES[:count])), bands * n),
            "band": np.tile(np.repeat([_(band) for band in RANGES], n), count),
            "lo": edges[:, 0].transpose(1, 0, 2).ravel(),
            "hi": edges[:, 1].transpose(1, 0, 2).ravel(),
        }
    )


_EMPTY_BANDS = pa.table(
    {
        "date": pa.array([], pa.timestamp("ns")),
        "company": pa.array([], pa.string()),
        "band": pa.array([], pa.string()),
        "lo": pa.array([], pa.float64()),
        "hi": pa.array([], pa.float64()),
    }
)


def compute_data(
    projection: Projection, baseline: Projection | None, fan: Projection | None = None
) -> dict[str, pa.Table]:
    parts = [_series(projection, "compute_h100e", 1e6, THIS)]
    if projection.has("compute_owned_h100e"):  # model 1 counted what was bought only
        parts.append(_series(projection, "compute_owned_h100e", 1e6, OWNED))
    if baseline is not None:
        parts.append(_series(baseline, "compute_h100e", 1e6, BASE))
    return {
        "series": _stack(parts),
        "bands": _bands(fan, lambda p: p.company_arrays["compute_h100e"], 1e6),
    }


def share(p: Projection) -> np.ndarray:
    """ByteDance's compute as % of Google's, shaped (draw, 1, month).

    Not drawn (NaN) once Google has no compute left.
    """
    compute = p.company_arrays["compute_h100e"]
    return 100 * compute_share(compute[:, :1], compute[:, 1:])


def ratio_data(
    projection: Projection, baseline: Projection | None, fan: Projection | None = None
) -> dict[str, pa.Table]:
    def ratio(p: Projection, line: str) -> Columns:
        n = len(DATES)
        return {
            "date": DATES.values,
            "company": [company("ByteDance")] * n,
            "value": share(p)[0, 0],
            "line": [_(line)] * n,
        }

    return {"series": _both(projection, baseline, ratio), "bands": _bands(fan, share, 1)}


def reported_tokens(version: str | None = None) -> pa.Table:
    """Reported token usage (trillions a day) since January 2025, as chart points."""
    return _reported_tokens(version, language())


def _as_reported(value: float, unit: str) -> str:
    """A reported figure as it was reported: '1.8e+14 tokens/day' (Chinese: '每日180万亿词元')."""
    if not is_chinese():
        return f"{value:.3g} {unit}"
    if unit == "tokens/day":
        return _("{n} tokens/day").format(n=format_count(value))
    if unit == "tokens/month":
        return _("{n} tokens/month").format(n=format_count(value))
    return f"{format_count(value)} {unit}"


@cache
def _reported_tokens(version: str | None, lang: str) -> pa.Table:
    rows = [
        o
        for o in dataset(version).observations
        if o["measure"] == "tokens" and pd.Timestamp(o["month"] + "-01") >= DATES[0]
    ]
    return _table(
        {
            "date": np.array([np.datetime64(o["month"] + "-01", "ns") for o in rows]),
            "company": [company(o["company"]) for o in rows],
            "value": np.array([o["value"] / 1e12 for o in rows]),
            "source": [o["source"] for o in rows],
            "reported": [_as_reported(o["reported_value"], o["reported_unit"]) for o in rows],
        }
    )


def tokens_data(
    projection: Projection, baseline: Projection | None, fan: Projection | None = None
) -> dict[str, pa.Table]:
    return {
        "series": _both(
            projection, baseline, lambda p, line: _series(p, "tokens_per_day", 1e12, line)
        ),
        "demand": _table(_series(projection, "token_demand_per_day", 1e12, DEMAND)),
        "reported": reported_tokens(projection.scenario.version),
        "bands": _bands(fan, lambda p: p.company_arrays["tokens_per_day"], 1e12),
    }


def spend_columns(projection: Projection) -> Columns:
    """ByteDance's chip budget by channel and year, in yuan bn (the currency of its
    budget and of the headline card; in Chinese 亿元), as columns."""
    channels = [
        (f"spend_{ch.channel}_usd", _(ch.label))
        for ch in dataset(projection.scenario.version).channels
        if ch.company == "ByteDance"
    ]
    channels.append(("unspent_chip_budget_usd", _(UNSPENT)))
    years = np.unique(YEAR)
    monthly = np.stack([projection.series(m, "ByteDance")[0] for m, _ in channels])
    fx = float(projection.param("cny_per_usd")[0])
    yearly = monthly.reshape(len(channels), len(years), 12).sum(axis=2) * fx / spend_scale()
    return {
        "year": np.tile(years.astype(str), len(channels)),
        "channel": np.repeat([label for _, label in channels], len(years)),
        "value": yearly.ravel(),
        "order": np.repeat(np.arange(len(channels)), len(years)),
    }


def _spent_columns(projection: Projection) -> Columns:
    """Money spent on chips (every channel but the unspent budget) by year, yuan bn."""
    yearly = spend_columns(projection)
    bought = yearly["channel"] != _(UNSPENT)
    years = np.unique(yearly["year"])
    value = np.array([yearly["value"][bought & (yearly["year"] == y)].sum() for y in years])
    return {"year": years, "value": value, "line": [_(SPENT)] * len(years)}


def spend_data(
    projection: Projection, baseline: Projection | None, fan: Projection | None = None
) -> dict[str, pa.Table]:
    return {
        "spend": _table(spend_columns(projection)),
        "baseline": _table(_spent_columns(baseline)) if baseline is not None else _EMPTY_SPENT,
    }


_EMPTY_SPENT = pa.table(
    {
        "year": pa.array([], pa.string()),
        "value": pa.array([], pa.float64()),
        "line": pa.array([], pa.string()),
    }
)
