"""Checkers for notebook 10 (from model to product)."""

from __future__ import annotations

from typing import Any

from utils.checking import Feedback, check_against
from utils.lessons.model_to_product import solutions as solution


def check_cost_per_million(fn: Any) -> Feedback:
    """Check cost_per_million(latency_ms, price_per_hour, workers) in dollars."""
    inputs = [(1.0, 0.085, 1), (10.0, 0.34, 4), (0.5, 1.0, 2), (250.0, 2.5, 8), (3.7, 0.9, 3)]
    labels = [f"latency {a[0]} ms, ${a[1]}/hour, {a[2]} worker(s)" for a in inputs]
    return check_against(
        fn,
        solution.cost_per_million,
        inputs,
        "cost_per_million",
        labels,
        hint="a million requests take 1e6 x latency seconds of one worker; "
        "milliseconds are 1/1000 s, workers share that time, and an hour has 3600 s.",
    )


def check_size_reduction(fn: Any) -> Feedback:
    """Check size_reduction(n_params, bits_before, bits_after, overhead_bytes)."""
    inputs = [(1_000_000, 32, 8, 0), (100_000, 32, 8, 10_000), (50_000, 32, 16, 2_000), (2_000, 32, 8, 20_000)]
    labels = [f"{a[0]:,} weights, {a[1]} -> {a[2]} bits, {a[3]:,} bytes of overhead" for a in inputs]
    return check_against(
        fn,
        solution.size_reduction,
        inputs,
        "size_reduction",
        labels,
        hint="size in bytes = weights x bits / 8 + the fixed overhead, which does not shrink; return before / after.",
    )


def check_scaled_learning_rate(fn: Any) -> Feedback:
    """Check scaled_learning_rate(base_lr, base_batch, per_replica_batch, replicas)."""
    inputs = [(0.1, 256, 32, 8), (0.1, 256, 256, 32), (1e-3, 128, 128, 4), (0.05, 512, 64, 2), (0.02, 96, 40, 3)]
    labels = [f"base lr {a[0]} at batch {a[1]}, {a[2]} per replica x {a[3]} replicas" for a in inputs]
    return check_against(
        fn,
        solution.scaled_learning_rate,
        inputs,
        "scaled_learning_rate",
        labels,
        hint="the global batch is per_replica_batch x replicas; the learning rate scales by global batch / base_batch.",
    )
