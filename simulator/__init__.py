"""Compute Gap: project ByteDance's and Google's AI compute and tokens, 2025-2030.

>>> from simulator import Scenario, project
>>> frame = project(Scenario(h200_export_units=0)).to_frame()
"""

from .data import DataError, load_data
from .engine import DATES, METRICS, Projection, project, sample
from .scenario import MODEL_VERSION, Scenario, data_vintage, param, presets, registry

__all__ = [
    "DATES",
    "METRICS",
    "MODEL_VERSION",
    "DataError",
    "Projection",
    "Scenario",
    "data_vintage",
    "load_data",
    "param",
    "presets",
    "project",
    "registry",
    "sample",
]
