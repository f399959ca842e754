"""The model against public forecasts and estimates it was not fitted to (``checks.csv``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .data import in_readers_language
from .engine import project
from .scenario import Scenario
from .timeline import YEAR, month_index

FAR = 1.5  # beyond this factor from the outside range, the page says why


def _value(projection, check: dict) -> float:
    metric, company, period = check["metric"], check["company"], check["period"]
    if "/" in period:  # a cumulative range of months
        first, last = (month_index(m) for m in period.split("/"))
        return float(projection.series(metric, company)[0, first : last + 1].sum())
    if len(period) == 4:  # a year: the total of a flow, December for a stock
        return float(projection.yearly(metric, company, int(period))[0])
    return float(projection.series(metric, company)[0, month_index(period)])


def public_checks(scenario: Scenario | None = None) -> pd.DataFrame:
    """Compare the model with each public check, one row per check.

    Columns: figure, model, low, high (the outside range), ratio (model over the middle of
    the range; NaN when both are zero), far (True beyond a factor 1.5 of the range), unit,
    source, why (the reason the model differs).
    """
    scenario = scenario or Scenario()
    projection = project(scenario)
    rows = []
    for c in scenario.release.dataset.checks:
        model = _value(projection, c)
        middle = (c["low"] + c["high"]) / 2
        ratio = model / middle if middle else (np.nan if model == 0 else np.inf)
        far = model > c["high"] * FAR or model < c["low"] / FAR
        rows.append(
            {
                "figure": in_readers_language(c, "figure"),
                "model": model,
                "low": c["low"],
                "high": c["high"],
                "ratio": ratio,
                "far": bool(far),
                "unit": c["unit"],
                "source": c["source"],
                "source_name": c["source_name"],
                "why": in_readers_language(c, "why"),
            }
        )
    return pd.DataFrame(rows)


__all__ = ["FAR", "YEAR", "public_checks"]
