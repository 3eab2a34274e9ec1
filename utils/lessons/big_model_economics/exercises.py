"""Checkers for notebook 03 (the economics of big models)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from utils.checking import Example, Exercise, Feedback
from utils.lessons.big_model_economics import solutions as solution


def _log_uniform(rng: np.random.Generator, low: float, high: float) -> float:
    """A number spread evenly over the orders of magnitude from 10**low to 10**high."""
    return float(10 ** rng.uniform(low, high))


def _draw_flops(rng: np.random.Generator) -> tuple:
    n, d = _log_uniform(rng, 3, 12), _log_uniform(rng, 3, 13)
    if rng.random() < 0.3:
        return int(n), int(d)
    return n, d


TRAINING_FLOPS = Exercise(
    name="training_flops",
    reference=solution.training_flops,
    examples=[
        Example((175e9, 300e9), "GPT-3 (175B parameters, 300B tokens)"),
        Example((70e9, 1.4e12), "Chinchilla (70B parameters, 1.4T tokens)"),
    ],
    edges=[
        Example((1e6, 1e3), "a tiny model on a thousand tokens"),
        Example((7_000_000_000, 2_000_000_000_000), "whole numbers (Python ints)"),
        Example((5e8, 5e8), "as many tokens as parameters"),
        Example((1e9, 0.0), "no tokens at all"),
        Example((1_234_567, 89_012_345), "counts with many significant figures (do not round the answer)"),
    ],
    draw=_draw_flops,
    rtol=1e-9,
    atol=1.0,  # FLOPs are counted: a whole number (truncated or rounded) is right too
    hint="each token costs about 2 FLOPs per parameter forward and 4 backward: 6 N D.",
    suspects={
        "you counted the forward pass only (2 N D); the backward pass costs twice as much again": lambda n, d: (
            2 * n * d
        ),
        "you added instead of multiplying: every token passes through every parameter": lambda n, d: 6 * n + d,
        "you returned billions of FLOPs; return FLOPs": lambda n, d: 6 * n * d / 1e9,
        "you used 3 N D; forward (2) plus backward (4) is 6 FLOPs per parameter per token": lambda n, d: 3 * n * d,
    },
)


def check_training_flops(fn: Any, seed: int | None = None) -> Feedback:
    """Check training_flops(n_params, n_tokens) = 6 N D."""
    return TRAINING_FLOPS.check(fn, seed)


def _draw_cost(rng: np.random.Generator) -> tuple:
    n = _log_uniform(rng, 6, 12)
    d = 20 * n * _log_uniform(rng, -1, 1)
    peak = float(rng.choice([312e12, 989e12, 125e12, 1e12 * round(rng.uniform(0.1, 2000), 1)]))
    mfu = float(np.round(rng.uniform(0.05, 0.7), 3))
    return n, d, peak, mfu, float(np.round(rng.uniform(0.2, 10.0), 2))


TRAINING_COST = Exercise(
    name="training_cost",
    reference=solution.training_cost,
    examples=[
        Example((175e9, 300e9, 312e12, 0.213, 2.0), "GPT-3 on A100s at GPT-3's MFU"),
        Example((70e9, 1.4e12, 989e12, 0.4, 3.0), "Chinchilla on H100s"),
    ],
    edges=[
        Example((1e9, 20e9, 312e12, 1.0, 1.5), "a perfect MFU of 1"),
        Example((1e9, 20e9, 312e12, 0.5, 0.0), "free GPUs (price 0)"),
        Example((7_000_000_000, 2_000_000_000_000, 989_000_000_000_000, 0.35, 3), "whole numbers"),
        Example((1e6, 2e7, 1e12, 0.05, 0.5), "a tiny run at a poor 5% MFU"),
    ],
    draw=_draw_cost,
    rtol=1e-9,
    atol=1e-12,
    hint="seconds = 6 N D / (peak_flops x mfu); divide by 3600 for GPU-hours, then multiply by the price per GPU-hour.",
    suspects={
        "you left out the MFU: GPUs deliver only that fraction of their peak": lambda n, d, f, u, p: (
            6 * n * d / f / 3600 * p
        ),
        "you multiplied by the MFU; a lower MFU means a longer run, so divide by it": lambda n, d, f, u, p: (
            6 * n * d * u / f / 3600 * p
        ),
        "you priced GPU-seconds at the hourly price: divide the seconds by 3600": lambda n, d, f, u, p: (
            6 * n * d / (f * u) * p
        ),
        "you divided by 60 instead of 3600 seconds per hour": lambda n, d, f, u, p: 6 * n * d / (f * u) / 60 * p,
        "you used 2 N D (forward pass only) for the training compute": lambda n, d, f, u, p: (
            2 * n * d / (f * u) / 3600 * p
        ),
    },
)


def check_training_cost(fn: Any, seed: int | None = None) -> Feedback:
    """Check training_cost(n_params, n_tokens, peak_flops, mfu, price_per_gpu_hour) in US$."""
    return TRAINING_COST.check(fn, seed)


COMPUTE_OPTIMAL_PARAMS = Exercise(
    name="compute_optimal_params",
    reference=solution.compute_optimal_params,
    examples=[
        Example((5.88e23,), "a budget of 5.88e+23 FLOPs"),
        Example((3.15e23,), "GPT-3's budget of 3.15e+23 FLOPs"),
    ],
    edges=[
        Example((120.0,), "a budget of 120 FLOPs (one parameter, 20 tokens)"),
        Example((0.0,), "no budget at all"),
        Example((120_000_000,), "a whole-number budget of 120,000,000 FLOPs"),
        Example((1.2e21,), "a budget of 1.2e+21 FLOPs"),
        Example((1e10,), "a budget of 1e+10 FLOPs (a model of a few thousand parameters)"),
    ],
    draw=lambda rng: (_log_uniform(rng, 8, 27),),
    rtol=1e-9,
    atol=1.0,  # a whole number of parameters (rounded or truncated) is right too
    hint="substitute D = 20 N into C = 6 N D: C = 120 N**2, so N = sqrt(C / 120).",
    suspects={
        "you forgot the 20 tokens per parameter (D = 20 N) and solved C = 6 N**2": lambda c: math.sqrt(c / 6),
        "you forgot the square root: C = 120 N**2, so N = sqrt(C / 120)": lambda c: c / 120,
        "you returned the tokens (20 N), not the parameters": lambda c: 20 * math.sqrt(c / 120),
        "you solved C = 20 N**2; with D = 20 N, C = 6 N D = 120 N**2": lambda c: math.sqrt(c / 20),
    },
)


def check_compute_optimal_params(fn: Any, seed: int | None = None) -> Feedback:
    """Check compute_optimal_params(budget_flops) = sqrt(C / 120)."""
    return COMPUTE_OPTIMAL_PARAMS.check(fn, seed)


def _draw_volume(rng: np.random.Generator) -> tuple:
    fixed = 0.0 if rng.random() < 0.1 else float(np.round(_log_uniform(rng, 2, 6), 2))
    cost = float(np.round(rng.uniform(0.0, 2.0), 3))
    kind = str(rng.choice(["above", "above", "above", "equal", "below"]))
    price = {
        "above": cost + float(np.round(rng.uniform(0.001, 3.0), 3)),
        "equal": cost,
        "below": float(np.round(rng.uniform(0.0, cost), 3)),
    }[kind]
    return fixed, cost, price


BREAK_EVEN_VOLUME = Exercise(
    name="break_even_volume",
    reference=solution.break_even_volume,
    examples=[
        Example((10_000.0, 0.05, 0.60), "cheap self-hosting"),
        Example((5_000.0, 0.20, 1.00), "dearer self-hosting"),
    ],
    edges=[
        Example((0.0, 0.10, 0.50), "no fixed cost"),
        Example((20_000.0, 0.80, 0.80), "the API costs the same per token"),
        Example((20_000.0, 1.00, 0.60), "the API is cheaper per token"),
        Example((20_000.0, 0.0, 0.60), "self-hosting costs nothing per token"),
        Example((10_000.0, 0.50, 0.5001), "the API only a hair dearer per token"),
        Example((12_000, 1, 4), "whole numbers"),
    ],
    draw=_draw_volume,
    rtol=1e-9,
    atol=1e-9,
    hint="equate fixed + c V with p V: V = fixed / (p - c); when p <= c the API is always cheaper, so return math.inf.",
    suspects={
        "you divided by the API price alone; self-hosting also costs self_cost_per_million per token": (
            lambda f, c, p: f / p if p > c else math.inf
        ),
        "your formula is upside down: V = fixed / (p - c)": lambda f, c, p: (p - c) / f if p > c and f else math.inf,
        "you returned a negative volume when the API is cheaper per token; there is no break-even then: "
        "return math.inf": lambda f, c, p: f / (p - c),
        "you added the two costs per token; the saving per million tokens is p - c": lambda f, c, p: (
            f / (p + c) if p > c else math.inf
        ),
        "you returned 0 when the API is cheaper per token; no volume makes self-hosting pay then: "
        "return math.inf": lambda f, c, p: f / (p - c) if p > c else 0.0,
    },
)


def check_break_even_volume(fn: Any, seed: int | None = None) -> Feedback:
    """Check break_even_volume(fixed_monthly, self_cost_per_million, api_price_per_million)."""
    return BREAK_EVEN_VOLUME.check(fn, seed)
