"""Checkers for notebook 03 (the economics of big models)."""

from __future__ import annotations

from typing import Any

from utils.checking import Feedback, check_against
from utils.lessons.big_model_economics import solutions as solution


def check_training_flops(fn: Any) -> Feedback:
    """Check training_flops(n_params, n_tokens) = 6 N D."""
    inputs = [(175e9, 300e9), (70e9, 1.4e12), (1e6, 1e3), (7e9, 2e12), (1.5e6, 7e3)]
    return check_against(
        fn,
        solution.training_flops,
        inputs,
        "training_flops",
        rtol=1e-6,
        hint="each token costs about 2 FLOPs per parameter forward and 4 backward: 6 N D.",
    )


def check_training_cost(fn: Any) -> Feedback:
    """Check training_cost(n_params, n_tokens, peak_flops, mfu, price_per_gpu_hour) in US$."""
    inputs = [
        (175e9, 300e9, 312e12, 0.213, 2.0),
        (70e9, 1.4e12, 989e12, 0.4, 3.0),
        (1e9, 20e9, 312e12, 0.5, 1.5),
        (7e9, 2e12, 989e12, 0.35, 2.5),
    ]
    return check_against(
        fn,
        solution.training_cost,
        inputs,
        "training_cost",
        rtol=1e-6,
        hint="seconds = 6 N D / (peak_flops x mfu); divide by 3600 for GPU-hours, "
        "then multiply by the price per GPU-hour.",
    )


def check_compute_optimal_params(fn: Any) -> Feedback:
    """Check compute_optimal_params(budget_flops) = sqrt(C / 120)."""
    inputs = [(5.88e23,), (3.15e23,), (1.2e21,), (1e25,)]
    return check_against(
        fn,
        solution.compute_optimal_params,
        inputs,
        "compute_optimal_params",
        [f"budget {args[0]:.3g} FLOPs" for args in inputs],
        rtol=1e-6,
        hint="substitute D = 20 N into C = 6 N D: C = 120 N**2, so N = sqrt(C / 120).",
    )


def check_break_even_volume(fn: Any) -> Feedback:
    """Check break_even_volume(fixed_monthly, self_cost_per_million, api_price_per_million)."""
    inputs = [
        (10_000.0, 0.05, 0.60),
        (5_000.0, 0.20, 1.00),
        (0.0, 0.10, 0.50),
        (20_000.0, 0.80, 0.80),
        (20_000.0, 1.00, 0.60),
    ]
    labels = [
        "cheap self-hosting",
        "dearer self-hosting",
        "no fixed cost",
        "API costs the same per token",
        "API cheaper per token",
    ]
    return check_against(
        fn,
        solution.break_even_volume,
        inputs,
        "break_even_volume",
        [f"{label} {args}" for args, label in zip(inputs, labels)],
        rtol=1e-6,
        hint="equate fixed + c V with p V: V = fixed / (p - c); when p <= c the API "
        "is always cheaper, so return math.inf.",
    )
