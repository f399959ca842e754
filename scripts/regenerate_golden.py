"""Write tests/golden/baseline.json: the current baseline's headline figures, per company and
year.

This script is the only way the golden file is written. Run it on purpose, after a
change to the model or the data that is meant to move the baseline, and commit the
new file together with that change so that reviewers see the numbers move:

    python scripts/regenerate_golden.py

tests/test_golden.py compares the current baseline with the file. The figures of earlier
releases are frozen in tests/golden/v<N>.json and are never rewritten.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator import CURRENT, Scenario, project  # noqa: E402
from simulator.data import COMPANIES  # noqa: E402

GOLDEN_PATH = ROOT / "tests" / "golden" / "baseline.json"
YEARS = range(2025, 2031)
# Flows are summed over the year (USD); stocks and rates are read in December.
YEARLY_SUMS = ("budget_usd", "chip_spend_usd", "unspent_chip_budget_usd")
DECEMBER = (
    "compute_h100e",
    "compute_owned_h100e",
    "compute_rented_in_h100e",
    "compute_rented_out_h100e",
    "compute_china_h100e",
    "tokens_per_day",
    "token_capacity_per_day",
    "token_demand_per_day",
)
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
        "model_version": CURRENT.version,
        "data_vintage": CURRENT.vintage,
        "units": {
            **{m: "USD per year (sum of months)" for m in YEARLY_SUMS},
            **{m: "H100e in December" for m in DECEMBER if m.startswith("compute")},
            **{m: "tokens per day in December" for m in DECEMBER if "token" in m},
        },
        "figures": headline_figures(),
    }


def main() -> None:
    GOLDEN_PATH.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN_PATH.write_text(json.dumps(golden(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN_PATH.relative_to(ROOT)} (model version {CURRENT.version})")


if __name__ == "__main__":
    main()
