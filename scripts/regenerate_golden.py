"""Write tests/golden/baseline.json: the baseline's headline figures, per company and year.

This script is the only way the golden file is written. Run it on purpose, after a
change to the model or the data that is meant to move the baseline, and commit the
new file together with that change so that reviewers see the numbers move:

    python scripts/regenerate_golden.py

tests/test_golden.py compares the current baseline with the file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator import Scenario, project  # noqa: E402
from simulator.data import COMPANIES  # noqa: E402
from simulator.scenario import MODEL_VERSION, data_vintage  # noqa: E402

GOLDEN_PATH = ROOT / "tests" / "golden" / "baseline.json"
YEARS = range(2025, 2031)
# Flows are summed over the year (USD); stocks and rates are read in December.
YEARLY_SUMS = ("budget_usd", "chip_spend_usd", "unspent_chip_budget_usd")
DECEMBER = ("compute_h100e", "tokens_per_day", "token_capacity_per_day", "token_demand_per_day")
METRICS = YEARLY_SUMS + DECEMBER


def headline_figures() -> dict:
    """The baseline's headline figures: {company: {year: {metric: value}}}."""
    projection = project(Scenario())
    return {
        company: {
            str(year): {
                metric: float(projection.yearly(metric, company, year)[0]) for metric in METRICS
            }
            for year in YEARS
        }
        for company in COMPANIES
    }


def golden() -> dict:
    """Everything the golden file holds."""
    return {
        "model_version": MODEL_VERSION,
        "data_vintage": data_vintage(),
        "units": {
            **{m: "USD per year (sum of months)" for m in YEARLY_SUMS},
            "compute_h100e": "H100e in December",
            "tokens_per_day": "tokens per day in December",
            "token_capacity_per_day": "tokens per day in December",
            "token_demand_per_day": "tokens per day in December",
        },
        "figures": headline_figures(),
    }


def main() -> None:
    GOLDEN_PATH.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN_PATH.write_text(json.dumps(golden(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN_PATH.relative_to(ROOT)} (model version {MODEL_VERSION})")


if __name__ == "__main__":
    main()
