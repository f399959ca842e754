"""Tables for the Assumptions & sources page: pure pandas from the registry and data."""

from __future__ import annotations

import pandas as pd

from simulator import Scenario, load_data
from simulator.words import format_count, shown


def parameter_table(scenario: Scenario, levers: bool = True) -> pd.DataFrame:
    """Every control (``levers``) or every estimate of the scenario's release, one row each."""
    rows = []
    for p in scenario.registry:
        if p.is_lever != levers:
            continue
        rows.append(
            {
                "Parameter": p.label,
                "This scenario": shown(p, scenario[p.key]),
                "Baseline": shown(p, p.default),
                "Unit": p.display_unit,
                "Uncertainty range": f"{shown(p, p.low)} to {shown(p, p.high)}",
                "Allowed": f"{shown(p, p.min)} to {shown(p, p.max)}",
                "Kind": p.kind,
                "As of": p.as_of,
                "Source": p.source,
                "Link": p.url or None,
                "Key (in links)": p.key,
                "Changed": scenario[p.key] != p.default,
            }
        )
    return pd.DataFrame(rows)


_CHIP_UNITS = {"bandwidth_tbs": ("TB/s", 1e12), "fp8_dense_tflops": ("TFLOP/s", 1e12)}


def data_tables() -> dict[str, pd.DataFrame]:
    """Every data row with its unit, as-of date, kind and source, by file."""
    ds = load_data()
    chips = pd.DataFrame(ds.chips)
    divide = {"bf16_dense_tflops": 1e12, "fp8_dense_tflops": 1e12, "int8_dense_tops": 1e12}
    divide["bandwidth_tbs"] = 1e12
    chips["value"] = [
        v / divide.get(m, 1) for v, m in zip(chips["value"], chips["measure"], strict=True)
    ]
    budgets = pd.DataFrame(ds.budgets)
    budgets["value"] = budgets["value"] / 1e9
    budgets["unit"] = budgets["currency"] + " bn"
    obs = pd.DataFrame(ds.observations)
    obs = obs.assign(
        value=[format_count(v) for v in obs["reported_value"]], unit=obs["reported_unit"]
    )
    channels = pd.DataFrame([c.__dict__ for c in ds.channels])
    supply = pd.DataFrame(ds.supply)
    checks = pd.DataFrame(ds.checks)
    tables: dict[str, pd.DataFrame] = {
        "Chips (data/chips.csv)": chips[["chip", "measure", "value", "unit"]].join(
            chips[["as_of", "kind", "source"]]
        ),
        "Budgets (data/budgets.csv)": budgets[
            ["company", "year", "measure", "value", "unit", "as_of", "kind", "source"]
        ],
        "Reported figures (data/observations.csv)": obs[
            [
                "company",
                "month",
                "measure",
                "value",
                "unit",
                "use",
                "as_of",
                "kind",
                "source",
                "note",
            ]
        ],
        "China's domestic chip output (data/supply.csv)": supply[
            ["vendor", "year", "value", "unit", "as_of", "kind", "source", "note"]
        ],
        "Procurement channels (data/channels.csv)": channels[
            ["company", "label", "chip", "location", "opens", "as_of", "kind", "source"]
        ],
        "Public forecasts the model is checked against (data/checks.csv)": checks[
            ["figure", "low", "high", "unit", "as_of", "kind", "source"]
        ],
        "Reference figures for plausibility warnings (data/references.csv)": pd.DataFrame(
            ds.references
        )[["label", "value", "unit", "as_of", "kind", "source"]],
    }
    return tables
