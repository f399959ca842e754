"""Step 3, fleet: the compute each company owns, rents out and rents in, month by month."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...data import COMPANIES, Dataset
from ...timeline import MONTH, N_MONTHS
from .inputs import FUTURE, LAST_DATA_MONTH, Inputs
from .procurement import REFERENCE_CHIP, Procurement
from .serving import throughput


@dataclass
class Fleet:
    """Compute at month end and its serving throughput, (draw, company, month).

    Compute is in dense BF16 H100-equivalents (training, and the industry's yardstick).
    The serving throughput (tokens a second from chip physics, before the fitted residual)
    is that of what the company controls and of what can serve its reported tokens.
    """

    owned: np.ndarray
    rented_in: np.ndarray
    rented_out: np.ndarray
    china: np.ndarray  # what sits in China
    added: np.ndarray  # bought in the month
    serving: np.ndarray  # controlled compute's serving throughput
    serving_pool: np.ndarray  # the part that can serve the reported tokens

    @property
    def controlled(self) -> np.ndarray:
        """What the company can use for its own models: owned - rented out + rented in."""
        return self.owned - self.rented_out + self.rented_in


def fleet(ds: Dataset, x: Inputs, bought: Procurement) -> Fleet:
    """Build each company's fleet, month by month, from its purchases.

    Chips enter service after a lag and retire after their useful life; rentals count
    while paid for; Google's Cloud customers rent a share of what it owns.

    Parameters
    ----------
    ds
        Chip figures (``chips.csv``) for the H100-equivalents and serving speed of each chip.
    x
        Levers ``deployment_lag_months`` (for chips bought after the vintage),
        ``chip_useful_life_years``, ``google_rented_out_share``; estimates of the January
        2025 fleets (``*_initial_fleet_h100e``, ``initial_fleet_life_years``,
        ``bytedance_initial_china_share``), of Google's earlier rented-out shares and of
        the share of ByteDance's compute abroad that serves its reported tokens.
    bought
        Every channel's purchases.

    Returns
    -------
    Fleet
        Owned, rented-in, rented-out and in-China compute, monthly additions and serving
        throughput.
    """
    h100 = ds.chip_flops(REFERENCE_CHIP)
    owned_flows = [f for f in bought.flows if f.location != "rented"]
    # Per channel: chips in service (counted as chips of January 2026), then one product
    # turns them into the series below, per draw. Month first: the running sum over months
    # then adds contiguous (draw, channel) slices, about ten times faster than np.cumsum.
    # Month 0 of ``padded`` is "before the start": an index there reads nothing.
    padded = np.zeros((N_MONTHS + 1, x.draws, len(owned_flows)), dtype=x.dtype)
    weights = np.zeros((x.draws, len(owned_flows), 6), dtype=x.dtype)
    for i, f in enumerate(owned_flows):
        padded[1:, :, i] = (f.units * f.trend).T
        c = COMPANIES.index(f.company)
        speed = throughput(ds, x, f.chip, f.company)[:, 0]
        weights[:, i, c] = ds.chip_flops(f.chip) / h100  # 0, 1: owned H100e per company
        weights[:, i, 2 + c] = speed  # 2, 3: owned serving per company
        if f.location == "china":
            weights[:, i, 4] = ds.chip_flops(f.chip) / h100  # 4, 5: ByteDance in China
            weights[:, i, 5] = speed
    series = _by_draw(_installed(padded, x), weights)
    added = _by_draw(padded[1:], weights[:, :, :2])

    legacy, legacy_speed = _legacy(ds, x)
    owned = series[:, 0:2] + legacy
    owned_serving = series[:, 2:4] + legacy * legacy_speed
    in_china = x.value("bytedance_initial_china_share")
    china = np.zeros_like(owned)
    china[:, 0] = series[:, 4] + legacy[:, 0] * in_china
    china_serving = series[:, 5] + legacy[:, 0] * legacy_speed[:, 0] * in_china

    rented_in = np.zeros_like(owned)
    rented_serving = np.zeros((x.draws, N_MONTHS), dtype=x.dtype)
    for f in bought.flows:
        if f.location == "rented":  # ByteDance's; pay as you go: no lag, no retirement
            gpus = f.units * f.trend
            rented_in[:, 0] += gpus * (ds.chip_flops(f.chip) / h100)
            rented_serving += gpus * throughput(ds, x, f.chip, f.company)
    rented_out = np.zeros_like(owned)
    kept = 1 - _google_rented_out(x)  # (draw, month)
    rented_out[:, 1] = owned[:, 1] * (1 - kept)

    serving = np.stack([owned_serving[:, 0] + rented_serving, owned_serving[:, 1] * kept], 1)
    abroad = serving[:, 0] - china_serving
    pool = serving.copy()
    pool[:, 0] = china_serving + x.value("bytedance_abroad_serving_share") * abroad
    return Fleet(owned, rented_in, rented_out, china, added, serving, pool)


def _installed(padded: np.ndarray, x: Inputs) -> np.ndarray:
    """Return the (month, draw, k) stock in service from monthly purchases (1 + month, draw, k).

    The purchases' first month is an empty "before the start".

    Chips bought up to the vintage month arrive after the default lag, later ones after
    the scenario's; all retire after the useful life. Purchases move to the month they
    arrive, a running sum adds them up, and the sum a life earlier comes off.
    """
    lag0 = round(x.default("deployment_lag_months"))
    past = min(LAST_DATA_MONTH + 1, N_MONTHS - lag0)  # months bought up to the vintage
    total = np.zeros_like(padded)
    total[1 + lag0 : 1 + lag0 + past] = padded[1 : 1 + past]
    lag = np.rint(x.value("deployment_lag_months")[:, 0]).astype(int)  # (draw,)
    bought = MONTH[:, None] - lag  # (month, draw): when what arrives then was bought
    later = np.where(bought > LAST_DATA_MONTH, bought + 1, 0)
    total[1:] += _rows(padded, later)
    for month in range(1, total.shape[0]):
        np.add(total[month], total[month - 1], out=total[month])
    life = np.maximum(np.rint(x.value("chip_useful_life_years")[:, 0] * 12), 1).astype(int)
    gone = np.clip(MONTH[:, None] + 1 - life, 0, N_MONTHS)  # (month, draw)
    stock = total[1:]
    stock -= _rows(total, gone)
    return stock


def _rows(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``values[index[t, d], d, :]`` for (n, draw, k) values and (month, draw) indices."""
    n, draws, k = values.shape
    flat = (index * draws + np.arange(draws)).ravel()
    return np.take(values.reshape(n * draws, k), flat, axis=0).reshape(-1, draws, k)


def _by_draw(stock: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Return the (draw, j, month) series of a (month, draw, k) stock times (draw, k, j) weights."""
    return np.ascontiguousarray(np.swapaxes(np.swapaxes(stock, 0, 1) @ weights, 1, 2))


def _legacy(ds: Dataset, x: Inputs) -> tuple[np.ndarray, np.ndarray]:
    """Return the January 2025 fleets, retiring evenly, and their serving speed per H100e.

    The fleets are in H100e (draw x company x month); the serving speed (draw x company x 1)
    counts them as H100s.
    """
    life = x.value("initial_fleet_life_years") * 12
    left = np.clip(1 - (x.month + 1) / life, 0, 1)  # (draw, month)
    initial = np.stack([x.value(f"{c.lower()}_initial_fleet_h100e") for c in COMPANIES], 1)
    speed = np.stack([throughput(ds, x, REFERENCE_CHIP, c) for c in COMPANIES], axis=1)
    return initial * left[:, None, :], speed


def _google_rented_out(x: Inputs) -> np.ndarray:
    """Return the (draw, month) share of the compute Google owns that Cloud customers rent.

    Estimates for January 2025 and the vintage month, a straight line in between, then a
    year's move to the scenario's share.
    """
    start, now = x.value("google_rented_out_2025"), x.value("google_rented_out_2026")
    target = x.value("google_rented_out_share")
    past = start + (now - start) * np.minimum(x.month, LAST_DATA_MONTH) / LAST_DATA_MONTH
    ramp = np.clip((x.month - LAST_DATA_MONTH) / 12, 0, 1)
    return np.where(FUTURE, now + (target - now) * ramp, past)
