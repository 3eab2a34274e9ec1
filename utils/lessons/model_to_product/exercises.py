"""Checkers for notebook 10 (from model to product)."""

from __future__ import annotations

from typing import Any

import numpy as np

from utils.checking import Example, Exercise, Feedback
from utils.lessons.model_to_product import solutions as solution


def _serving_text(latency: Any, price: Any, workers: Any = None) -> str:
    who = "" if workers is None else f", {workers} worker(s)"
    return f"latency {latency} ms, ${price}/hour{who}"


def _draw_serving(rng: np.random.Generator) -> Example:
    latency = float(np.round(10 ** rng.uniform(-1, 3), 3))
    price = float(np.round(10 ** rng.uniform(-2, 1.5), 3))
    workers = int(rng.integers(1, 65))
    if rng.random() < 0.2:
        return Example((latency, price), _serving_text(latency, price) + " (workers left at its default of 1)")
    return Example((latency, price, workers), _serving_text(latency, price, workers))


COST_PER_MILLION = Exercise(
    name="cost_per_million",
    reference=solution.cost_per_million,
    examples=[
        Example((1.0, 0.085, 1), _serving_text(1.0, 0.085, 1)),
        Example((10.0, 0.34, 4), _serving_text(10.0, 0.34, 4)),
    ],
    edges=[
        Example((0.5, 1.0, 2), _serving_text(0.5, 1.0, 2)),
        Example((250.0, 2.5, 8), _serving_text(250.0, 2.5, 8)),
        Example((3.7, 0.9, 3), _serving_text(3.7, 0.9, 3) + " (a price per request that is not round)"),
        Example((20.0, 0.5), _serving_text(20.0, 0.5) + " (workers left at its default of 1)"),
        Example((5.0, 0.0, 2), _serving_text(5.0, 0.0, 2) + " (a free machine)"),
        Example((36, 2, 3), "whole numbers: latency 36 ms, $2/hour, 3 workers"),
        Example((0.01, 3.0, 64), _serving_text(0.01, 3.0, 64) + " (very fast requests on many workers)"),
    ],
    draw=_draw_serving,
    rtol=1e-9,
    atol=1e-12,
    hint="a million requests take 1e6 x latency seconds of one worker; "
    "milliseconds are 1/1000 s, workers share that time, and an hour has 3600 s.",
    suspects={
        "you treated the latency as seconds: divide milliseconds by 1000": lambda ms, price, w=1: (
            price * 1e6 * ms / w / 3600
        ),
        "you multiplied by the number of workers; they share the work, so divide by it": lambda ms, price, w=1: (
            price * 1e6 * ms / 1000 * w / 3600
        ),
        "you left out the workers: several workers finish a million requests sooner": lambda ms, price, w=1: (
            price * 1e6 * ms / 1000 / 3600
        ),
        "you divided by 60 instead of 3600 seconds per hour": lambda ms, price, w=1: price * 1e6 * ms / 1000 / w / 60,
        "you priced one thousand requests, not a million": lambda ms, price, w=1: price * 1e3 * ms / 1000 / w / 3600,
    },
)


def check_cost_per_million(fn: Any, seed: int | None = None) -> Feedback:
    """Check cost_per_million(latency_ms, price_per_hour, workers) in dollars."""
    return COST_PER_MILLION.check(fn, seed)


def _size_text(n: Any, before: Any = 32, after: Any = 8, overhead: Any = 0) -> str:
    return f"{n:,} weights, {before} -> {after} bits, {overhead:,} bytes of overhead"


def _draw_size(rng: np.random.Generator) -> Example:
    n = int(10 ** rng.uniform(0, 9))
    before = int(rng.choice([32, 32, 16, 64]))
    after = int(rng.choice([b for b in (16, 8, 8, 4, 2, 1) if b <= before]))
    overhead = 0 if rng.random() < 0.3 else int(10 ** rng.uniform(0, 7))
    return Example((n, before, after, overhead), _size_text(n, before, after, overhead))


def _bits_plus_bytes(n: int, b: int = 32, a: int = 8, o: int = 0) -> float:
    return (n * b + o) / (n * a + o)


SIZE_REDUCTION = Exercise(
    name="size_reduction",
    reference=solution.size_reduction,
    examples=[
        Example((1_000_000, 32, 8, 0), _size_text(1_000_000, 32, 8, 0)),
        Example((100_000, 32, 8, 10_000), _size_text(100_000, 32, 8, 10_000)),
    ],
    edges=[
        Example((50_000, 32, 16, 2_000), _size_text(50_000, 32, 16, 2_000)),
        Example((2_000, 32, 8, 20_000), _size_text(2_000, 32, 8, 20_000) + " (the overhead dominates)"),
        Example((1_000_000,), "1,000,000 weights, everything else left at its default (32 -> 8 bits, no overhead)"),
        Example((10_000, 32, 32, 500), _size_text(10_000, 32, 32, 500) + " (nothing quantised: 1)"),
        Example((0, 32, 8, 1_000), _size_text(0, 32, 8, 1_000) + " (no weights: 1)"),
        Example(
            (3, 32, 4, 1), _size_text(3, 32, 4, 1) + " (weights of 1.5 bytes after: count fractions, do not round)"
        ),
        Example((1000, 32, 4, 100), _size_text(1000, 32, 4, 100)),
    ],
    draw=_draw_size,
    rtol=1e-9,
    atol=1e-12,
    hint="size in bytes = weights x bits / 8 + the fixed overhead, which does not shrink; return before / after.",
    suspects={
        "you left out the overhead, which stays the same size": lambda n, b=32, a=8, o=0: b / a,
        "your ratio is upside down: before / after is larger than 1": lambda n, b=32, a=8, o=0: (
            (n * a / 8 + o) / (n * b / 8 + o)
        ),
        "you added the overhead in bits to sizes in bytes (or the reverse): count both in bytes": _bits_plus_bytes,
    },
)


def check_size_reduction(fn: Any, seed: int | None = None) -> Feedback:
    """Check size_reduction(n_params, bits_before, bits_after, overhead_bytes)."""
    return SIZE_REDUCTION.check(fn, seed)


def _lr_text(lr: Any, base: Any, per: Any, replicas: Any) -> str:
    return f"base lr {lr} at batch {base}, {per} per replica x {replicas} replicas"


def _draw_lr(rng: np.random.Generator) -> Example:
    lr = float(np.round(10 ** rng.uniform(-5, 0), 6))
    base = int(rng.choice([32, 64, 96, 128, 256, 512, 1000]))
    per = int(rng.integers(1, 513))
    replicas = int(rng.integers(1, 129))
    return Example((lr, base, per, replicas), _lr_text(lr, base, per, replicas))


SCALED_LEARNING_RATE = Exercise(
    name="scaled_learning_rate",
    reference=solution.scaled_learning_rate,
    examples=[
        Example((0.1, 256, 32, 8), _lr_text(0.1, 256, 32, 8)),
        Example((0.1, 256, 256, 32), _lr_text(0.1, 256, 256, 32)),
    ],
    edges=[
        Example((1e-3, 128, 128, 1), _lr_text(1e-3, 128, 128, 1) + " (the same batch: the same rate)"),
        Example((1e-3, 128, 128, 4), _lr_text(1e-3, 128, 128, 4)),
        Example((0.05, 512, 64, 2), _lr_text(0.05, 512, 64, 2) + " (a smaller global batch: a smaller rate)"),
        Example((0.02, 96, 40, 3), _lr_text(0.02, 96, 40, 3) + " (a global batch that does not divide the base)"),
        Example((0.1, 100, 30, 1), _lr_text(0.1, 100, 30, 1) + " (one replica)"),
        Example((1, 64, 100, 7), _lr_text(1, 64, 100, 7) + " (whole numbers)"),
        Example((3e-4, 256, 48, 3), _lr_text(3e-4, 256, 48, 3) + " (a small rate with many decimal places)"),
    ],
    draw=_draw_lr,
    rtol=1e-9,
    atol=1e-15,
    hint="the global batch is per_replica_batch x replicas; the learning rate scales by global batch / base_batch.",
    suspects={
        "you left out the replicas: the global batch is per_replica_batch x replicas": lambda lr, b, p, r: lr * p / b,
        "you scaled by the square root of the batch ratio; the linear scaling rule scales by the ratio itself": (
            lambda lr, b, p, r: lr * (p * r / b) ** 0.5
        ),
        "your ratio is upside down: a larger global batch takes a larger rate": lambda lr, b, p, r: lr * b / (p * r),
        "you used integer division (//): the batch ratio need not be a whole number": lambda lr, b, p, r: (
            lr * (p * r // b)
        ),
        "you divided by the replicas; each replica's batch adds to the global batch": lambda lr, b, p, r: (
            lr * p / r / b
        ),
    },
)


def check_scaled_learning_rate(fn: Any, seed: int | None = None) -> Feedback:
    """Check scaled_learning_rate(base_lr, base_batch, per_replica_batch, replicas)."""
    return SCALED_LEARNING_RATE.check(fn, seed)
