"""The track record: each release's projections beside the figures reported later.

What each release projected for the figures reported since its data, next to what was
reported, and how the current release fits every report.

The earlier releases' numbers come from running their frozen model on their frozen data
(see :mod:`simulator.releases`), never from numbers typed in. Each row also carries the
release's 80% band (the 10th to 90th percentile of its uncertainty runs), so the record
shows how often later reports fell inside it: the bands' coverage.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from .analysis import FAN_DRAWS
from .data import Dataset
from .engine import Projection, project
from .i18n import N_, _, is_chinese, using
from .releases import CURRENT, RELEASES, Release
from .scenario import Scenario
from .timeline import YEAR, month_index

COLUMNS = [
    "release",
    "version",
    "what",
    "company",
    "date",
    "reported",
    "projected",
    "error",
    "low",
    "high",
    "inside",
    "unit",
    "source",
]

RELEASE_LABEL = N_("Model {version}, data as of {label}")
CAPEX = {"CNY": N_("AI capex (CNY bn a year)"), "USD": N_("AI capex (USD bn a year)")}


def _figures(ds: Dataset, after: str | None) -> list[dict]:
    """Every reported figure of ``ds`` (published after the month ``after``, if given)."""
    out = []
    for o in ds.observations:
        if o["use"] in ("fit", "check") and (after is None or o["as_of"][:7] > after):
            what = {
                "tokens": N_("tokens per day"),
                "fleet": N_("AI compute owned (H100e)"),
                "h200_delivered": N_("H200 delivered since January 2025"),
            }.get(o["measure"])
            if what:
                out.append(
                    dict(
                        what=what,
                        measure=o["measure"],
                        company=o["company"],
                        date=o["month"],
                        reported=o["value"],
                        source=o["source"],
                    )
                )
    for b in ds.budgets:
        if (
            b["measure"] == "capex"
            and b["year"] >= 2025
            and (after is None or b["as_of"][:7] > after)
        ):
            out.append(
                dict(
                    what=CAPEX[b["currency"]],
                    measure="capex",
                    company=b["company"],
                    date=str(b["year"]),
                    reported=b["value"] / 1e9,
                    source=b["source"],
                    currency=b["currency"],
                )
            )
    return out


def _model_value(p: Projection, figure: dict) -> np.ndarray:
    """Return the projection's value of a reported figure, per draw."""
    company, measure = figure["company"], figure["measure"]
    if measure == "capex":
        year = int(figure["date"])
        usd = p.series("budget_usd", company)[:, year == YEAR].sum(axis=1)
        fx = p.param("cny_per_usd") if figure["currency"] == "CNY" else 1.0
        return usd * fx / 1e9
    m = month_index(figure["date"])
    if measure == "tokens":
        return p.series("tokens_per_day", company)[:, m]
    if measure == "fleet":
        metric = "compute_owned_h100e" if p.has("compute_owned_h100e") else "compute_h100e"
        return p.series(metric, company)[:, m]
    return p.series("units_h200", company)[:, : m + 1].sum(axis=1)


def _rows(rel: Release, figures: list[dict]) -> list[dict]:
    base = project(Scenario.of(rel))
    fan = project(Scenario.of(rel), draws=FAN_DRAWS)
    label = _english_label(rel)  # this table is cached for every reader
    out_of_sample = rel is not CURRENT
    rows = []
    for f in figures:
        reported = f["reported"]
        if f["measure"] != "capex" and month_index(f["date"]) < 0:
            # before the model's first month: only the demand trend reaches back there
            fitted = _fitted_before_start(rel, f)
            if fitted is None:
                continue
            projected, low, high = fitted, np.nan, np.nan
        else:
            projected = float(_model_value(base, f)[0])
            low, high = (float(v) for v in np.quantile(_model_value(fan, f), [0.1, 0.9]))
        rows.append(
            {
                "release": label,
                "version": rel.version,
                "what": f["what"],
                "company": f["company"],
                "date": f["date"],
                "reported": reported,
                "projected": projected,
                "error": (projected / reported - 1) * 100 if reported else np.nan,
                "low": low,
                "high": high,
                # coverage is measured on reports a release had not seen
                "inside": bool(low <= reported <= high) if out_of_sample else None,
                "unit": f["what"],
                "source": f["source"],
            }
        )
    return rows


def _fitted_before_start(rel: Release, figure: dict) -> float | None:
    fit = getattr(rel.engine, "demand_fit", None)
    if fit is None or figure["measure"] != "tokens":
        return None
    return next(
        p["fitted"]
        for p in fit(rel.dataset).points
        if p["company"] == figure["company"] and p["month"] == figure["date"]
    )


@cache
def _record() -> pd.DataFrame:
    current = CURRENT.dataset
    rows = []
    for rel in RELEASES.values():
        after = None if rel is CURRENT else rel.vintage
        rows += _rows(rel, _figures(current, after))
    return pd.DataFrame(rows, columns=COLUMNS)


def _english_label(rel: Release) -> str:
    """'Model 1, data as of February 2026' (Release.label follows the reader)."""
    with using("en"):
        return RELEASE_LABEL.format(version=rel.version, label=rel.label)


def _in_readers_language(record: pd.DataFrame) -> pd.DataFrame:
    """Translate the cached record's reader text (release names, what each figure is)."""
    if not is_chinese():
        return record
    labels = {
        _english_label(rel): _(RELEASE_LABEL).format(version=rel.version, label=rel.label)
        for rel in RELEASES.values()
    }
    record["release"] = record["release"].map(lambda text: labels.get(text, text))
    for column in ("what", "unit"):
        record[column] = record[column].map(_)
    return record


def track_record() -> pd.DataFrame:
    """Tabulate what each release projected for every figure reported since its data vintage.

    For the current release, the tidy table gives its fit to every reported figure.

    Columns: release, version, what, company, date, reported, projected, error (percent;
    NaN when the reported figure is zero), low and high (the release's 80% band; NaN
    before the model's first month), inside (the report fell inside that band; None for
    the current release, which was fitted to it), unit, source.
    """
    return _in_readers_language(_record().copy())


def coverage(record: pd.DataFrame | None = None) -> pd.DataFrame:
    """Count, per earlier release, the figures reported since its data inside its 80% band.

    The current release has seen every report, so it has no coverage yet.
    """
    record = track_record() if record is None else record
    later = record[record["inside"].notna()].astype({"inside": bool})
    grouped = later.groupby(["version", "release"], sort=True)["inside"]
    return grouped.agg(inside="sum", figures="count").reset_index()
