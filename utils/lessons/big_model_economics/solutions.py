"""Reference solutions for notebook 03 (the economics of big models)."""

from __future__ import annotations

import math


def training_flops(n_params: float, n_tokens: float) -> float:
    """Return the training compute C = 6 N D in FLOPs."""
    return 6.0 * n_params * n_tokens


def training_cost(n_params: float, n_tokens: float, peak_flops: float, mfu: float, price_per_gpu_hour: float) -> float:
    """Return the dollar cost of training: 6ND / (peak x MFU) seconds, in hours, times the price."""
    gpu_seconds = training_flops(n_params, n_tokens) / (peak_flops * mfu)
    return gpu_seconds / 3600.0 * price_per_gpu_hour


def compute_optimal_params(budget_flops: float) -> float:
    """Return the compute-optimal parameter count for a budget with D = 20 N: sqrt(C / 120)."""
    return math.sqrt(budget_flops / 120.0)


def break_even_volume(fixed_monthly: float, self_cost_per_million: float, api_price_per_million: float) -> float:
    """Return the monthly volume (millions of tokens) where self-hosting starts to beat the API."""
    margin = api_price_per_million - self_cost_per_million
    if margin <= 0:
        return math.inf
    return fixed_monthly / margin
