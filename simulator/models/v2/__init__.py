"""Model version 2 (data as of June 2026): budget -> procurement -> fleet -> tokens.

Each step is a pure array function (see its module) over arrays shaped
(draw, company, month). What is new against model 1:

- the past is data: levers act from July 2026; figures that describe the past are
  estimates, varied only in the uncertainty runs;
- the export channel as it stands: no H200 delivered, a per-customer licence cap and
  Beijing's say; chips bought abroad need US licences since June 2026, compute rented
  from clouds abroad does not (until the remote-access route closes);
- compute each company controls: owned - rented out (Google's Cloud customers) + rented
  in (ByteDance's rentals abroad), with compute in China apart;
- serving capacity from chip physics with one fitted residual per company; demand fitted
  to every report; compute shifts from training to serving when demand presses;
- compute per dollar improving at each vendor's own rate; Monte Carlo draws kept only
  when they reproduce the reported figures.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from ...data import COMPANIES, Dataset, Requirements
from ...timeline import month_index
from .budget import budget
from .fleet import fleet
from .inputs import LAST_DATA_MONTH, VINTAGE, Inputs
from .procurement import REFERENCE_CHIP, procure
from .serving import throughput
from .tokens import busiest_month, demand_fit, tokens

__all__ = ["REQUIRES", "VINTAGE", "accept", "calibration", "demand_fit", "sample", "simulate"]

REQUIRES = Requirements(
    parameters=(
        "h200_first_month",
        "h200_export_units",
        "h200_customer_cap",
        "bytedance_h200_share",
        "beijing_allows_h200",
        "h200_price_usd",
        "h20_units_2025",
        "h20_price_usd",
        "bytedance_domestic_share",
        "domestic_output_growth",
        "domestic_chip_price_usd",
        "bytedance_abroad_share",
        "bytedance_abroad_serving_share",
        "abroad_owned_share",
        "abroad_licence_share",
        "abroad_chip_price_usd",
        "remote_access_close_month",
        "rental_price_usd_hour",
        "cny_per_usd",
        "bytedance_budget_scale",
        "bytedance_budget_growth",
        "google_budget_growth",
        "bytedance_chip_share",
        "google_chip_share",
        "google_tpu_share",
        "google_tpu_share_2025",
        "google_tpu_cost_usd",
        "google_nvidia_price_usd",
        "google_rented_out_share",
        "google_rented_out_2025",
        "google_rented_out_2026",
        "nvidia_perf_per_dollar_growth",
        "tpu_perf_per_dollar_growth",
        "huawei_perf_per_dollar_growth",
        "bytedance_initial_fleet_h100e",
        "google_initial_fleet_h100e",
        "initial_fleet_life_years",
        "bytedance_initial_china_share",
        "chip_useful_life_years",
        "deployment_lag_months",
        "efficiency_gain",
        "bytedance_serving_share",
        "google_serving_share",
        "min_training_share",
        "bytedance_other_uses_share",
        "google_other_uses_share",
        "bytedance_demand_vs_trend",
        "google_demand_vs_trend",
        "bytedance_active_params_b",
        "google_active_params_b",
        "compute_utilisation",
        "bandwidth_utilisation",
        "decode_batch",
        "output_token_share",
        "cached_input_share",
        "serving_headroom",
    ),
    channels=(
        ("ByteDance", "h20"),
        ("ByteDance", "h200"),
        ("ByteDance", "domestic"),
        ("ByteDance", "abroad"),
        ("ByteDance", "rented"),
        ("Google", "tpu"),
        ("Google", "nvidia"),
    ),
    files=("supply.csv",),
)


def simulate(P: np.ndarray, ds: Dataset, dtype: type = np.float64) -> tuple[dict, dict]:
    """Company metrics and per-channel metrics for the parameter matrix ``P``.

    Parameters
    ----------
    P
        (draw, parameter) values in registry units.
    ds
        The release's data.
    dtype
        float64, or float32 for Monte Carlo bands (half the memory traffic).

    Returns
    -------
    tuple of dict
        Metric -> (draw, company, month) array; metric -> company -> (draw, month).
    """
    x = Inputs(P, ds, dtype)
    money = budget(ds, x)
    bought = procure(ds, x, money)
    compute = fleet(ds, x, bought)
    served = tokens(ds, x, compute)
    controlled = compute.controlled
    company = {
        "budget_usd": money.capex,
        "chip_spend_usd": money.chips,
        "unspent_chip_budget_usd": bought.unspent,
        "added_h100e": compute.added,
        "compute_h100e": controlled,
        "compute_owned_h100e": compute.owned,
        "compute_rented_in_h100e": compute.rented_in,
        "compute_rented_out_h100e": compute.rented_out,
        "compute_china_h100e": compute.china,
        "compute_bf16_flop_per_s": controlled * ds.chip_flops(REFERENCE_CHIP),
        "training_compute_h100e": served.training,
        "serving_share": served.serving_share,
        "token_capacity_per_day": served.capacity,
        "token_demand_per_day": served.demand,
        "tokens_per_day": served.served,
        "serving_residual": np.broadcast_to(served.residual[:, :, None], controlled.shape),
    }
    channels: dict[str, dict[str, np.ndarray]] = {}
    for flow in bought.flows:
        shape = (x.draws, flow.spend.shape[-1])
        channels.setdefault(f"spend_{flow.channel}_usd", {})[flow.company] = np.broadcast_to(
            flow.spend, shape
        )
        name = "gpus_rented" if flow.location == "rented" else f"units_{flow.channel}"
        channels.setdefault(name, {})[flow.company] = np.broadcast_to(flow.units, shape)
        if flow.cap is not None:
            channels.setdefault(f"cap_{flow.channel}", {})[flow.company] = flow.cap
    return company, channels


def sample(values: np.ndarray, ds: Dataset, n: int, seed: int) -> np.ndarray:
    """Draw ``n`` parameter sets around ``values``.

    Each parameter moves by a triangular draw over its uncertainty range (low, default,
    high), clipped to its limits. Levers vary only after the vintage (the engine reads their
    defaults before), estimates throughout.
    """
    params = ds.params
    rng = np.random.default_rng(seed)
    low = np.array([p.low for p in params])
    mode = np.array([p.default for p in params])
    high = np.array([p.high for p in params])
    # An event whose default is "not by 2030" (the top of its range) gets a mirrored
    # triangle clipped at the top: half the draws keep it out of the horizon.
    one_sided = (mode == high) & (high == np.array([p.max for p in params])) & (low < high)
    high = np.where(one_sided, 2 * high - low, high)
    u = rng.random((n, len(params)))
    width = high - low
    safe = np.where(width > 0, width, 1.0)
    left = low + np.sqrt(u * safe * (mode - low))
    right = high - np.sqrt((1 - u) * safe * (high - mode))
    draw = np.where(u < (mode - low) / safe, left, right)
    draw = np.where(width > 0, draw, mode)
    out = np.asarray(values, dtype=float) + (draw - mode)
    out = np.clip(out, [p.min for p in params], [p.max for p in params])
    integer = np.array([p.is_integer for p in params])
    return np.where(integer, np.rint(out), out)


def accept(company: dict, channels: dict, ds: Dataset) -> np.ndarray:
    """Mark the draws that reproduce every reported figure within its stated error.

    The figures are tokens served, Google's owned fleet (Epoch counts ownership) and H200
    deliveries to date; and the chips must not serve faster than their physics allows.
    """
    # chips cannot serve faster than their physics allows: the residual stays below 1
    keep = (company["serving_residual"][:, :, 0] <= 1).all(axis=1)
    for o in ds.observations:
        if o["use"] not in ("fit", "check"):
            continue
        c, m = COMPANIES.index(o["company"]), month_index(o["month"])
        if m < 0:  # before the model's first month: checked by the demand fit alone
            continue
        if o["measure"] == "tokens":
            model = company["tokens_per_day"][:, c, m]
        elif o["measure"] == "fleet":
            model = company["compute_owned_h100e"][:, c, m]
        elif o["measure"] == "h200_delivered":
            units = channels.get("units_h200", {}).get(o["company"])
            model = units[:, : m + 1].sum(axis=1) if units is not None else 0 * keep
            keep &= model <= o["value"] * (1 + o["error"]) + 0.5
            continue
        else:
            continue
        keep &= np.abs(model / o["value"] - 1) <= o["error"]
    return keep


@cache
def _residual_range(ds: Dataset) -> np.ndarray:
    """Return the residual's 10th and 90th percentile per company, shaped (2, company).

    The percentiles are taken over the baseline's uncertainty runs that reproduce every
    report.
    """
    P = sample(np.array([p.default for p in ds.params]), ds, 2000, seed=0)
    x = Inputs(P, ds, np.float32)
    compute = fleet(ds, x, procure(ds, x, budget(ds, x)))
    served = tokens(ds, x, compute)
    company = {
        "tokens_per_day": served.served,
        "compute_owned_h100e": compute.owned,
        "serving_residual": served.residual[:, :, None],
    }
    keep = accept(company, {}, ds)
    return np.quantile(served.residual[keep], [0.1, 0.9], axis=0)


def calibration(ds: Dataset) -> list[dict]:
    """Return the calibration points per company, on the baseline.

    Each gives the busiest reported month (which sets the residual), the residual, the
    implied tokens a second per serving H100e and the physics figure.
    """
    P = np.array([[p.default for p in ds.params]])
    x = Inputs(P, ds)
    compute = fleet(ds, x, procure(ds, x, budget(ds, x)))
    served = tokens(ds, x, compute)
    fit = demand_fit(ds)
    months = busiest_month(ds, x, compute)
    out = []
    for c, company in enumerate(COMPANIES):
        m = months[c]
        share = x.path(f"{company.lower()}_serving_share")[0, m]
        reported = next(
            p["reported"]
            for p in fit.points
            if p["company"] == company and month_index(p["month"]) == m
        )
        pool = compute.controlled[0, c, m]
        if company == "ByteDance":  # in China, and a share of what is abroad
            china = compute.china[0, c, m]
            pool = china + x.default("bytedance_abroad_serving_share") * (pool - china)
        serving_h100e = share * pool
        headroom = x.default("serving_headroom")
        out.append(
            {
                "company": company,
                "month": m,
                "tokens_per_day": reported,
                "headroom": headroom,
                "residual": float(served.residual[0, c]),
                "residual_low": float(_residual_range(ds)[0, c]),
                "residual_high": float(_residual_range(ds)[1, c]),
                "serving_share": share,
                "serving_h100e": serving_h100e,
                "tokens_per_serving_h100e_per_second": reported * headroom / 86400 / serving_h100e,
                "physics_per_h100_per_second": float(
                    throughput(ds, x, REFERENCE_CHIP, company)[0, 0]
                ),
                "demand_growth_now": float(np.exp(fit.growth[c])),
                "half_life_years": fit.half_life_years,
                "vintage_month": LAST_DATA_MONTH,
            }
        )
    return out
