"""An outside battery for notebook 10's checkers: new plausible wrong answers (each wrong on some inputs only) and
right answers written differently, as a learner would write them. Every wrong one must be refused in words, every
right one accepted."""

import math
from fractions import Fraction

import numpy as np
import pytest

from utils.lessons.model_to_product.exercises import (
    check_cost_per_million,
    check_scaled_learning_rate,
    check_size_reduction,
)

CHECKS = {
    "cost_per_million": check_cost_per_million,
    "size_reduction": check_size_reduction,
    "scaled_learning_rate": check_scaled_learning_rate,
}

# ---- cost_per_million -----------------------------------------------------------------------------


def cpm_whole_requests_per_hour(latency_ms, price_per_hour, workers=1):  # floors the hourly throughput
    per_hour = 3600 * 1000 // latency_ms * workers
    return price_per_hour / per_hour * 1e6


def cpm_rounded_to_cents(latency_ms, price_per_hour, workers=1):
    return round(price_per_hour * latency_ms / 1000 / workers / 3600 * 1e6, 2)


def cpm_per_request(latency_ms, price_per_hour, workers=1):
    return price_per_hour * latency_ms / 1000 / workers / 3600


def cpm_default_four_workers(latency_ms, price_per_hour, workers=4):
    return price_per_hour * latency_ms / 1000 / workers / 3600 * 1e6


def cpm_billed_whole_hours(latency_ms, price_per_hour, workers=1):  # rounds the machine time up to whole hours
    hours = 1e6 * latency_ms / 1000 / workers / 3600
    return math.ceil(hours) * price_per_hour


def cpm_each_worker_a_machine(latency_ms, price_per_hour, workers=1):  # pays one machine per worker
    return price_per_hour * workers * latency_ms / 1000 / workers / 3600 * 1e6


def cpm_minutes(latency_ms, price_per_hour, workers=1):  # hours written as 60 x 60 x 60
    return price_per_hour * 1e6 * latency_ms / 1000 / workers / (60 * 60 * 60)


def cpm_throughput_per_second_squared(latency_ms, price_per_hour, workers=1):
    per_second = workers / (latency_ms / 1000)
    return price_per_hour / 3600 / per_second**2 * 1e6


def cpm_workers_squared(latency_ms, price_per_hour, workers=1):
    return price_per_hour * latency_ms / 1000 / workers**2 / 3600 * 1e6


def cpm_latency_in_microseconds(latency_ms, price_per_hour, workers=1):
    return price_per_hour * latency_ms / 1e6 / workers / 3600 * 1e6


def cpm_text(latency_ms, price_per_hour, workers=1):
    return f"${price_per_hour * latency_ms / 1000 / workers / 3600 * 1e6:.2f}"


def cpm_price_per_minute(latency_ms, price_per_hour, workers=1):
    price_per_minute = price_per_hour / 60
    requests_per_minute = workers * 60_000 / latency_ms
    return price_per_minute / requests_per_minute * 1_000_000


def cpm_throughput(latency_ms, price_per_hour, workers=1):
    requests_per_hour = workers * 3600 / (latency_ms / 1000)
    return 1e6 / requests_per_hour * price_per_hour


def cpm_fraction(latency_ms, price_per_hour, workers=1):
    return float(Fraction(price_per_hour) * Fraction(latency_ms) * 1_000_000 / (1000 * Fraction(workers) * 3600))


def cpm_numpy(latency_ms, price_per_hour, workers=1):
    return np.float64(price_per_hour) / 3.6e6 * latency_ms / workers * 1e6


def cpm_seconds_first(latency_ms, price_per_hour, workers=1):
    machine_seconds = 1_000_000 * (latency_ms / 1000) / workers
    return machine_seconds / 3600 * price_per_hour


# ---- size_reduction -------------------------------------------------------------------------------


def size_integer_division(n_params, bits_before=32, bits_after=8, overhead_bytes=0):
    return (n_params * bits_before // 8 + overhead_bytes) // (n_params * bits_after // 8 + overhead_bytes)


def size_whole_bytes(n_params, bits_before=32, bits_after=8, overhead_bytes=0):  # rounds each size up to bytes
    return (math.ceil(n_params * bits_before / 8) + overhead_bytes) / (
        math.ceil(n_params * bits_after / 8) + overhead_bytes
    )


def size_saving_fraction(n_params, bits_before=32, bits_after=8, overhead_bytes=0):  # 1 - after / before
    before = n_params * bits_before / 8 + overhead_bytes
    return 1 - (n_params * bits_after / 8 + overhead_bytes) / before


def size_bytes_saved(n_params, bits_before=32, bits_after=8, overhead_bytes=0):
    return n_params * (bits_before - bits_after) / 8


def size_overhead_after_only(n_params, bits_before=32, bits_after=8, overhead_bytes=0):
    return (n_params * bits_before / 8) / (n_params * bits_after / 8 + overhead_bytes)


def size_overhead_shrinks(n_params, bits_before=32, bits_after=8, overhead_bytes=0):
    return (n_params * bits_before / 8 + overhead_bytes) / (
        n_params * bits_after / 8 + overhead_bytes * bits_after / bits_before
    )


def size_default_four_bits(n_params, bits_before=32, bits_after=4, overhead_bytes=0):
    return (n_params * bits_before / 8 + overhead_bytes) / (n_params * bits_after / 8 + overhead_bytes)


def size_pair(n_params, bits_before=32, bits_after=8, overhead_bytes=0):
    return n_params * bits_before / 8 + overhead_bytes, n_params * bits_after / 8 + overhead_bytes


def size_kilobytes_overhead(n_params, bits_before=32, bits_after=8, overhead_bytes=0):  # reads the overhead as kB
    return (n_params * bits_before / 8 + 1000 * overhead_bytes) / (n_params * bits_after / 8 + 1000 * overhead_bytes)


def size_no_weights_zero(n_params, bits_before=32, bits_after=8, overhead_bytes=0):  # "nothing to shrink: 0"
    if n_params == 0:
        return 0.0
    return (n_params * bits_before / 8 + overhead_bytes) / (n_params * bits_after / 8 + overhead_bytes)


def size_rounded(n_params, bits_before=32, bits_after=8, overhead_bytes=0):
    return round((n_params * bits_before / 8 + overhead_bytes) / (n_params * bits_after / 8 + overhead_bytes), 2)


def size_in_bits(n_params, bits_before=32, bits_after=8, overhead_bytes=0):
    return (n_params * bits_before + 8 * overhead_bytes) / (n_params * bits_after + 8 * overhead_bytes)


def size_fraction(n_params, bits_before=32, bits_after=8, overhead_bytes=0):
    before = Fraction(n_params * bits_before, 8) + overhead_bytes
    after = Fraction(n_params * bits_after, 8) + overhead_bytes
    return float(before / after)


def size_numpy(n_params, bits_before=32, bits_after=8, overhead_bytes=0):
    sizes = np.array([bits_before, bits_after], dtype=float) / 8 * n_params + overhead_bytes
    return sizes[0] / sizes[1]


def size_named_steps(n_params, bits_before=32, bits_after=8, overhead_bytes=0):
    weight_bytes_before = n_params * (bits_before / 8)
    weight_bytes_after = n_params * (bits_after / 8)
    return (weight_bytes_before + overhead_bytes) / (weight_bytes_after + overhead_bytes)


def size_ratio_form(n_params, bits_before=32, bits_after=8, overhead_bytes=0):  # divides through by the after size
    if overhead_bytes == 0:
        return bits_before / bits_after
    return (n_params * bits_before / 8 / overhead_bytes + 1) / (n_params * bits_after / 8 / overhead_bytes + 1)


# ---- scaled_learning_rate -------------------------------------------------------------------------


def lr_replicas_only(base_lr, base_batch, per_replica_batch, replicas):
    return base_lr * replicas


def lr_rounded(base_lr, base_batch, per_replica_batch, replicas):
    return round(base_lr * per_replica_batch * replicas / base_batch, 4)


def lr_capped(base_lr, base_batch, per_replica_batch, replicas):  # never above 1
    return min(1.0, base_lr * per_replica_batch * replicas / base_batch)


def lr_never_smaller(base_lr, base_batch, per_replica_batch, replicas):  # only scales up
    return base_lr * max(1.0, per_replica_batch * replicas / base_batch)


def lr_per_replica_over_global(base_lr, base_batch, per_replica_batch, replicas):
    return base_lr * base_batch / per_replica_batch / replicas * replicas**2 / replicas


def lr_added(base_lr, base_batch, per_replica_batch, replicas):
    return base_lr + base_lr * (per_replica_batch * replicas - base_batch) / base_batch / replicas


def lr_log_scaling(base_lr, base_batch, per_replica_batch, replicas):
    return base_lr * (1 + math.log(per_replica_batch * replicas / base_batch))


def lr_global_batch_divided(base_lr, base_batch, per_replica_batch, replicas):  # global batch as per / replicas
    return base_lr * (per_replica_batch / replicas) / base_batch


def lr_squared(base_lr, base_batch, per_replica_batch, replicas):
    return base_lr * (per_replica_batch * replicas / base_batch) ** 2


def lr_text(base_lr, base_batch, per_replica_batch, replicas):
    return f"{base_lr * per_replica_batch * replicas / base_batch:g}"


def lr_ignores_base(base_lr, base_batch, per_replica_batch, replicas):  # assumes a base batch of 256
    return base_lr * per_replica_batch * replicas / 256


def lr_global_first(base_lr, base_batch, per_replica_batch, replicas):
    global_batch = per_replica_batch * replicas
    return base_lr * (global_batch / base_batch)


def lr_per_example(base_lr, base_batch, per_replica_batch, replicas):
    return base_lr / base_batch * (per_replica_batch * replicas)


def lr_fraction(base_lr, base_batch, per_replica_batch, replicas):
    return float(Fraction(base_lr) * Fraction(per_replica_batch * replicas, base_batch))


def lr_numpy(base_lr, base_batch, per_replica_batch, replicas):
    return np.float64(base_lr) * np.prod([per_replica_batch, replicas]) / base_batch


def lr_keyword_style(base_lr, base_batch, per_replica_batch, replicas):
    scale = replicas * per_replica_batch / base_batch
    return scale * base_lr


BATTERY_WRONG = {
    "cost_per_million": [
        (cpm_whole_requests_per_hour, "expected"),
        (cpm_rounded_to_cents, "expected"),
        (cpm_per_request, "expected"),
        (cpm_default_four_workers, "default"),
        (cpm_billed_whole_hours, "expected"),
        (cpm_each_worker_a_machine, "expected"),
        (cpm_minutes, "expected"),
        (cpm_throughput_per_second_squared, "expected"),
        (cpm_workers_squared, "expected"),
        (cpm_latency_in_microseconds, "expected"),
        (cpm_text, "return numbers"),
    ],
    "size_reduction": [
        (size_integer_division, "expected"),
        (size_whole_bytes, "fractions"),
        (size_saving_fraction, "expected"),
        (size_bytes_saved, "expected"),
        (size_overhead_after_only, "expected"),
        (size_overhead_shrinks, "expected"),
        (size_default_four_bits, "default"),
        (size_pair, "single number"),
        (size_kilobytes_overhead, "expected"),
        (size_no_weights_zero, "no weights"),
        (size_rounded, "expected"),
    ],
    "scaled_learning_rate": [
        (lr_replicas_only, "expected"),
        (lr_rounded, "expected"),
        (lr_capped, "expected"),
        (lr_never_smaller, "smaller"),
        (lr_per_replica_over_global, "expected"),
        (lr_added, "expected"),
        (lr_log_scaling, "expected"),
        (lr_global_batch_divided, "expected"),
        (lr_squared, "expected"),
        (lr_text, "return numbers"),
        (lr_ignores_base, "expected"),
    ],
}
BATTERY_RIGHT = {
    "cost_per_million": [cpm_price_per_minute, cpm_throughput, cpm_fraction, cpm_numpy, cpm_seconds_first],
    "size_reduction": [size_in_bits, size_fraction, size_numpy, size_named_steps, size_ratio_form],
    "scaled_learning_rate": [lr_global_first, lr_per_example, lr_fraction, lr_numpy, lr_keyword_style],
}


def _id(value):
    return getattr(value, "__name__", None) or str(value)[:20]


@pytest.mark.parametrize(
    "name, wrong, words",
    [(name, wrong, words) for name, cases in BATTERY_WRONG.items() for wrong, words in cases],
    ids=_id,
)
def test_battery_wrong_answer_is_refused_in_words(name, wrong, words):
    feedback = CHECKS[name](wrong)
    assert feedback.status == "failed", str(feedback)
    assert words in feedback.message, str(feedback)
    assert "\n" not in feedback.message and "Traceback" not in feedback.message, str(feedback)


@pytest.mark.parametrize(
    "name, right", [(name, right) for name, rights in BATTERY_RIGHT.items() for right in rights], ids=_id
)
def test_battery_right_answer_passes(name, right):
    feedback = CHECKS[name](right)
    assert feedback.passed, str(feedback)


def test_battery_is_large_enough():
    for name in CHECKS:
        assert len(BATTERY_WRONG[name]) >= 10 and len(BATTERY_RIGHT[name]) >= 5, name
