"""Parameters as the engine reads them: engine units, and levers that act from the vintage on.

A lever (a slider) never rewrites the past: through the data vintage's month the engine
uses its default, the value the data supports, and the scenario's value only from the
month after. An estimate (not a slider) describes the past or the structure and applies
throughout; it varies only in the uncertainty runs.
"""

from __future__ import annotations

import math

import numpy as np

from ...data import Dataset
from ...timeline import MONTH, month_index

VINTAGE = "2026-06"  # the data this model was built on: levers act from the month after
LAST_DATA_MONTH = month_index(VINTAGE)
FUTURE = MONTH > LAST_DATA_MONTH  # (month,) True from July 2026


class Inputs:
    """The parameter matrix of one call, read by key.

    Parameters
    ----------
    P
        (draw, parameter) values in registry units (percent, USD, months, ...).
    ds
        The release's data.
    dtype
        The precision of every array: float64, or float32 for Monte Carlo bands, which
        halves the memory each step moves.
    """

    def __init__(self, P: np.ndarray, ds: Dataset, dtype: type = np.float64):
        factors = np.array([p.factor for p in ds.params])
        self.dtype = dtype
        self.month = MONTH.astype(dtype)  # the time axis, in the working precision
        self.values = (P * factors).astype(dtype)
        self.defaults = np.array([p.default for p in ds.params]) * factors
        self.index = {p.key: i for i, p in enumerate(ds.params)}
        self.draws = P.shape[0]
        self._paths: dict[str, np.ndarray] = {}
        self.memo: dict[tuple, np.ndarray] = {}  # results the steps share within one call

    def value(self, key: str) -> np.ndarray:
        """(draw, 1): the value in engine units, applying in every month."""
        return self.values[:, self.index[key], None]

    def default(self, key: str) -> float:
        """Return the default in engine units: what the data supports up to the vintage."""
        return float(self.defaults[self.index[key]])

    def path(self, key: str) -> np.ndarray:
        """(draw, month): the default through the vintage month, the value after it."""
        if key not in self._paths:
            default = self.dtype(self.default(key))
            self._paths[key] = np.where(FUTURE, self.value(key), default)
        return self._paths[key]

    def array(self, values: object) -> np.ndarray:
        """Return data as an array in the working precision."""
        return np.asarray(values, dtype=self.dtype)

    def compound(self, key: str, origin: int) -> np.ndarray:
        """Return the (draw, month) growth by a yearly rate since month ``origin`` (1 there).

        The growth is at the default rate through the vintage month and at the scenario's
        rate after it.
        """
        if ("compound", key, origin) in self.memo:
            return self.memo["compound", key, origin]
        past = ((np.minimum(MONTH, LAST_DATA_MONTH) - origin) / 12).astype(self.dtype)
        future = (np.maximum(MONTH - LAST_DATA_MONTH, 0) / 12).astype(self.dtype)
        out = np.exp(math.log1p(self.default(key)) * past + np.log1p(self.value(key)) * future)
        self.memo["compound", key, origin] = out
        return out
