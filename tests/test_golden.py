"""The baseline's headline figures match the committed golden file.

A change to the model or the data that moves the baseline must regenerate the file on
purpose (``python scripts/regenerate_golden.py``) and commit it with the change.
"""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import pytest

from simulator import CURRENT

MODEL_VERSION = CURRENT.version

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "regenerate_golden.py"
GOLDEN = ROOT / "tests" / "golden" / "baseline.json"
REL_TOL = 1e-9
HOW_TO_FIX = (
    "If this change to the baseline is intended, run `python scripts/regenerate_golden.py` "
    "and commit tests/golden/baseline.json with it."
)


def _load_script():
    spec = importlib.util.spec_from_file_location("regenerate_golden", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script():
    return _load_script()


@pytest.fixture(scope="module")
def stored() -> dict:
    assert GOLDEN.is_file(), f"{GOLDEN} is missing. {HOW_TO_FIX}"
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_golden_file_is_for_this_model_version(stored):
    assert stored["model_version"] == MODEL_VERSION, (
        f"The golden file was written by model version {stored['model_version']}, "
        f"this is version {MODEL_VERSION}. {HOW_TO_FIX}"
    )


def test_golden_file_covers_every_company_year_and_metric(stored, script):
    figures = stored["figures"]
    assert set(figures) == {"ByteDance", "Google"}
    for company, years in figures.items():
        assert set(years) == {str(y) for y in range(2025, 2031)}, company
        for year, metrics in years.items():
            assert set(metrics) == set(script.METRICS), (company, year)


def test_baseline_matches_golden_file(stored, script):
    current = script.headline_figures()
    mismatches = []
    for company, years in stored["figures"].items():
        for year, metrics in years.items():
            for metric, expected in metrics.items():
                actual = current[company][year][metric]
                if not math.isclose(actual, expected, rel_tol=REL_TOL, abs_tol=0.0):
                    mismatches.append(
                        f"{company} {year} {metric}: golden {expected!r}, now {actual!r}"
                    )
    assert not mismatches, (
        f"The baseline moved ({len(mismatches)} figures):\n  "
        + "\n  ".join(mismatches[:20])
        + f"\n{HOW_TO_FIX}"
    )


def test_golden_file_is_exactly_what_the_script_writes(stored, script):
    """Nobody edited the file by hand: its layout is the script's (values checked above)."""
    expected = script.golden()
    assert {k: v for k, v in stored.items() if k != "figures"} == {
        k: v for k, v in expected.items() if k != "figures"
    }, HOW_TO_FIX
