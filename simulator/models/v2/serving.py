"""Serving throughput from chip physics: tokens a second one chip can serve.

Prefill (reading the prompt) is bound by the chip's arithmetic; decode (writing the
answer) by its memory bandwidth, since every step reads the model's active weights once
for a batch of sequences; prompt tokens found in the cache cost nothing. Each chip serves
at the lowest precision it runs fast (FP8 or INT8 where it has them, else BF16 at twice
the bytes per weight): so an Ascend 910C, with no FP8, is worth less for serving than its
BF16 figure says, and an H200, with 43% more bandwidth than an H100, more.
"""

from __future__ import annotations

import numpy as np

from ...data import Dataset
from .inputs import Inputs


def throughput(ds: Dataset, x: Inputs, chip: str, company: str) -> np.ndarray:
    """Tokens per second one chip serves for the company's models, before the fitted residual.

    Parameters
    ----------
    ds
        ``chips.csv``: dense FLOP/s (BF16, FP8, INT8) and memory bandwidth of ``chip``.
    x
        Estimates: ``<company>_active_params_b`` (active parameters per token),
        ``compute_utilisation`` and ``bandwidth_utilisation`` (shares of peak),
        ``decode_batch`` (sequences that share one read of the weights),
        ``output_token_share`` and ``cached_input_share`` (the token mix).

    Returns
    -------
    numpy.ndarray
        (draw, 1) tokens per second per chip.
    """
    if ("throughput", chip, company) in x.memo:
        return x.memo["throughput", chip, company]
    spec = ds.chip(chip)
    fast = spec.get("fp8_dense_tflops") or spec.get("int8_dense_tops")
    flops, bytes_per_weight = (fast, 1.0) if fast else (spec["bf16_dense_tflops"], 2.0)
    active = x.value(f"{company.lower()}_active_params_b")
    output = x.value("output_token_share")
    prompt = np.maximum(1 - output - x.value("cached_input_share"), 0.0)
    prefill = prompt * 2 * active / (x.value("compute_utilisation") * flops)
    decode = (
        output
        * active
        * bytes_per_weight
        / (x.value("bandwidth_utilisation") * spec["bandwidth_tbs"] * x.value("decode_batch"))
    )
    out = 1 / (prefill + decode)
    x.memo["throughput", chip, company] = out
    return out
