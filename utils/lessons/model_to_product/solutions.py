"""Reference solutions for notebook 10 (from model to product)."""

from __future__ import annotations


def cost_per_million(latency_ms: float, price_per_hour: float, workers: int = 1) -> float:
    """Dollars per million predictions when each of `workers` copies serves one request at a time."""
    seconds = 1e6 * latency_ms / 1000.0 / workers  # machine-seconds for a million requests
    return price_per_hour * seconds / 3600.0


def size_reduction(n_params: int, bits_before: int = 32, bits_after: int = 8, overhead_bytes: int = 0) -> float:
    """How many times smaller a model file gets when its weights go from bits_before to bits_after."""
    before = n_params * bits_before / 8 + overhead_bytes
    after = n_params * bits_after / 8 + overhead_bytes
    return before / after


def scaled_learning_rate(base_lr: float, base_batch: int, per_replica_batch: int, replicas: int) -> float:
    """Linear scaling rule: the learning rate grows with the global batch (per-replica batch x replicas)."""
    return base_lr * per_replica_batch * replicas / base_batch
