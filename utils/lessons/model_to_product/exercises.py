"""Checkers for notebook 10 (from model to product)."""

from __future__ import annotations

from typing import Any

from utils.checking import Case, Feedback, check_function
from utils.lessons.model_to_product import solutions as solution


def check_cost_per_million(fn: Any) -> Feedback:
    """Check cost_per_million(latency_ms, price_per_hour, workers) in dollars."""
    inputs = [(1.0, 0.085, 1), (10.0, 0.34, 4), (0.5, 1.0, 2), (250.0, 2.5, 8)]
    cases = [
        Case(
            args, solution.cost_per_million(*args), label=f"latency {args[0]} ms, ${args[1]}/hour, {args[2]} worker(s)"
        )
        for args in inputs
    ]
    return check_function(
        fn,
        cases,
        "cost_per_million",
        rtol=1e-6,
        hint="a million requests take 1e6 x latency seconds of one worker; "
        "milliseconds are 1/1000 s, workers share that time, and an hour "
        "has 3600 s.",
    )


def check_size_reduction(fn: Any) -> Feedback:
    """Check size_reduction(n_params, bits_before, bits_after, overhead_bytes)."""
    inputs = [(1_000_000, 32, 8, 0), (100_000, 32, 8, 10_000), (50_000, 32, 16, 2_000), (2_000, 32, 8, 20_000)]
    cases = [
        Case(
            args,
            solution.size_reduction(*args),
            label=f"{args[0]:,} weights, {args[1]} -> {args[2]} bits, {args[3]:,} bytes of overhead",
        )
        for args in inputs
    ]
    return check_function(
        fn,
        cases,
        "size_reduction",
        rtol=1e-6,
        hint="size in bytes = weights x bits / 8 + the fixed overhead, which does not shrink; return before / after.",
    )


def check_scaled_learning_rate(fn: Any) -> Feedback:
    """Check scaled_learning_rate(base_lr, base_batch, per_replica_batch, replicas)."""
    inputs = [(0.1, 256, 32, 8), (0.1, 256, 256, 32), (1e-3, 128, 128, 4), (0.05, 512, 64, 2)]
    cases = [
        Case(
            args,
            solution.scaled_learning_rate(*args),
            label=f"base lr {args[0]} at batch {args[1]}, {args[2]} per replica x {args[3]} replicas",
        )
        for args in inputs
    ]
    return check_function(
        fn,
        cases,
        "scaled_learning_rate",
        rtol=1e-6,
        hint="the global batch is per_replica_batch x replicas; the learning rate scales by global batch / base_batch.",
    )
