"""Compute Gap: project ByteDance's and Google's AI compute and tokens, 2025-2030.

>>> from simulator import Scenario, project
>>> frame = project(Scenario(remote_access_close_month=24)).to_frame()
"""

from .data import DataError
from .engine import DATES, METRICS, Projection, calibration, project, sample
from .releases import CURRENT, RELEASES, load_data, param, registry
from .scenario import MODEL_VERSION, Scenario, data_vintage, presets, scenario_name

__all__ = [
    "CURRENT",
    "DATES",
    "METRICS",
    "MODEL_VERSION",
    "RELEASES",
    "DataError",
    "Projection",
    "Scenario",
    "calibration",
    "data_vintage",
    "load_data",
    "param",
    "presets",
    "project",
    "registry",
    "sample",
    "scenario_name",
]
