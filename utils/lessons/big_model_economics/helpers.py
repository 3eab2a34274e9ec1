"""The arithmetic of big-model economics: training FLOPs, GPU-hours, cost, Chinchilla, inference, CPU peak.

Conventions: FLOPs are floating-point operations (a multiply-add counts as 2); prices are US dollars;
`mfu` is model FLOPs utilisation, the fraction of a chip's peak that the model's own arithmetic
achieves (Chowdhery et al. 2022, "PaLM", arXiv:2204.02311, section 4.1).
"""

from __future__ import annotations

import math
import os
import platform
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from utils.validation import finite_array, non_negative_number, one_of, positive_int, positive_number, sequence, text

HOURS_PER_MONTH = 730.0  # 24 h x 365 days / 12 months
TOKENS_PER_PARAM = 20.0  # Hoffmann et al. 2022 (Chinchilla), arXiv:2203.15556


@dataclass(frozen=True)
class Gpu:
    """An accelerator: peak dense BF16 FLOP/s (data sheet) and an assumed rental price per hour."""

    name: str
    peak_flops: float
    price_per_hour: float

    def __post_init__(self) -> None:
        """Reject a GPU without a name, or with a peak or price that is not a positive number."""
        text(self.name, "name")
        positive_number(self.peak_flops, "peak_flops")
        positive_number(self.price_per_hour, "price_per_hour")


GPUS: dict[str, Gpu] = {
    "A100": Gpu("NVIDIA A100 SXM", 312e12, 2.00),
    "H100": Gpu("NVIDIA H100 SXM", 989e12, 3.00),
}

# Published reference points used by notebook 03.
GPT3_PARAMS, GPT3_TOKENS, GPT3_FLOPS = 175e9, 300e9, 3.14e23  # Brown et al. 2020, arXiv:2005.14165
CHINCHILLA_PARAMS, CHINCHILLA_TOKENS = 70e9, 1.4e12  # Hoffmann et al. 2022
GOPHER_PARAMS, GOPHER_TOKENS = 280e9, 300e9  # Rae et al. 2021, arXiv:2112.11446
MFU_PALM, MFU_GPT3 = 0.462, 0.213  # Chowdhery et al. 2022 (PaLM), arXiv:2204.02311, section 4.1


@dataclass(frozen=True)
class Assumption:
    """One row of the assumptions table: what, value, and where it comes from."""

    name: str
    value: str
    source: str


ASSUMPTIONS: tuple[Assumption, ...] = (
    Assumption(
        "training FLOPs",
        "C = 6 N D",
        "Kaplan et al. 2020, arXiv:2001.08361 (2 forward + 4 backward per parameter per token)",
    ),
    Assumption("inference FLOPs", "2 N per token", "same counting: one multiply-add per parameter"),
    Assumption("A100 peak", "312 TFLOP/s", "NVIDIA A100 data sheet, dense BF16 Tensor Core"),
    Assumption("H100 peak", "989 TFLOP/s", "NVIDIA H100 SXM data sheet, dense BF16 Tensor Core"),
    Assumption("MFU, good run", "46.2%", "PaLM 540B on TPU v4: Chowdhery et al. 2022, section 4.1"),
    Assumption("MFU, GPT-3", "21.3%", "GPT-3 175B, as estimated by Chowdhery et al. 2022, section 4.1"),
    Assumption("MFU, default", "40%", "our assumption for a well-tuned run today (between the two)"),
    Assumption(
        "A100 price",
        "US$2.00/GPU-hour",
        "our round figure: on-demand rental on GPU-cloud price "
        "pages was roughly US$1.5-2.5 in 2024-2026; hyperscalers charge more, spot less",
    ),
    Assumption(
        "H100 price",
        "US$3.00/GPU-hour",
        "our round figure: on-demand rental was roughly US$2.5-4 in 2024-2026 on the same pages; check today's prices",
    ),
    Assumption(
        "inference MFU",
        "25%",
        "our assumption: batched serving; one request at a time is far "
        "lower because decoding is limited by memory bandwidth",
    ),
    Assumption("tokens per parameter", "20", "Hoffmann et al. 2022 (Chinchilla), arXiv:2203.15556"),
    Assumption("hours per month", "730", "24 x 365 / 12"),
)


def assumptions_table(rows: Sequence[Assumption] = ASSUMPTIONS) -> str:
    """Return the assumptions as a plain-text table."""
    rows = sequence(rows, "rows")
    for i, row in enumerate(rows):
        if not isinstance(row, Assumption):
            raise TypeError(f"rows[{i}] must be an Assumption(name, value, source), got {type(row).__name__}.")
    w0 = max(len(r.name) for r in rows)
    w1 = max(len(r.value) for r in rows)
    lines = [f"{'assumption':<{w0}}  {'value':<{w1}}  source"]
    lines += [f"{r.name:<{w0}}  {r.value:<{w1}}  {r.source}" for r in rows]
    return "\n".join(lines)


def _positive(name: str, value: Any) -> float:
    return positive_number(value, name)


def _fraction(name: str, value: Any) -> float:
    value = _positive(name, value)
    if value > 1:
        raise ValueError(f"{name} is a fraction in (0, 1] (0.4 means 40%), got {value!r}.")
    return value


def _finite(value: float, what: str) -> float:
    """Return a computed figure, or raise when the inputs were so large that it overflowed."""
    if not math.isfinite(value):
        raise ValueError(f"{what} overflows a float: the inputs are too large to mean anything.")
    return value


def _gpu(gpu: str | Gpu) -> Gpu:
    if isinstance(gpu, Gpu):
        return gpu
    return GPUS[one_of(gpu, "gpu", sorted(GPUS))]


def training_flops(n_params: float, n_tokens: float) -> float:
    """Return the training compute C = 6 N D in FLOPs."""
    return _finite(6.0 * _positive("n_params", n_params) * _positive("n_tokens", n_tokens), "6 N D")


def gpu_hours(flops: float, peak_flops: float, mfu: float) -> float:
    """Return the GPU-hours needed for `flops` at a fraction `mfu` of `peak_flops` per GPU."""
    hours = _positive("flops", flops) / (_positive("peak_flops", peak_flops) * _fraction("mfu", mfu)) / 3600.0
    return _finite(hours, "the GPU-hours")


@dataclass(frozen=True)
class TrainingEstimate:
    """FLOPs, GPU-hours and cost of one training run on one kind of GPU."""

    flops: float
    gpu: Gpu
    mfu: float
    price_per_hour: float
    gpu_hours: float
    cost: float

    def days_on(self, n_gpus: int) -> float:
        """Return the wall-clock days on `n_gpus` GPUs (perfect scaling assumed)."""
        return self.gpu_hours / positive_int(n_gpus, "n_gpus (a whole number of GPUs)") / 24.0


def estimate_training(
    n_params: float, n_tokens: float, gpu: str | Gpu = "A100", mfu: float = 0.4, price_per_hour: float | None = None
) -> TrainingEstimate:
    """Estimate a training run: C = 6ND, GPU-hours = C / (peak x MFU), cost = GPU-hours x price."""
    chip = _gpu(gpu)
    price = chip.price_per_hour if price_per_hour is None else _positive("price_per_hour", price_per_hour)
    flops = training_flops(n_params, n_tokens)
    hours = gpu_hours(flops, chip.peak_flops, mfu)
    return TrainingEstimate(flops, chip, float(mfu), price, hours, hours * price)


def compute_optimal(budget_flops: float, tokens_per_param: float = TOKENS_PER_PARAM) -> tuple[float, float]:
    """Return (N, D) that spend `budget_flops` with D = r N: N = sqrt(C / (6 r)), D = r N."""
    budget = _positive("budget_flops", budget_flops)
    ratio = _positive("tokens_per_param", tokens_per_param)
    n = math.sqrt(budget / (6.0 * ratio))
    return n, ratio * n


def inference_flops_per_token(n_params: float) -> float:
    """Return the forward-pass FLOPs per generated token, about 2 N."""
    return 2.0 * _positive("n_params", n_params)


def inference_cost_per_million(
    n_params: float, gpu: str | Gpu = "H100", mfu: float = 0.25, price_per_hour: float | None = None
) -> float:
    """Return the compute cost (US$) of one million tokens: 2N x 1e6 FLOPs at peak x MFU x price."""
    chip = _gpu(gpu)
    price = chip.price_per_hour if price_per_hour is None else _positive("price_per_hour", price_per_hour)
    hours = gpu_hours(inference_flops_per_token(n_params) * 1e6, chip.peak_flops, mfu)
    return hours * price


def tokens_per_gpu_month(n_params: float, gpu: str | Gpu = "H100", mfu: float = 0.25) -> float:
    """Return how many tokens one GPU serves in a month at the given utilisation."""
    chip = _gpu(gpu)
    per_second = chip.peak_flops * _fraction("mfu", mfu) / inference_flops_per_token(n_params)
    return per_second * 3600.0 * HOURS_PER_MONTH


def self_host_monthly_cost(
    millions_of_tokens: Any, fixed_monthly: float, cost_per_million: float, floor_monthly: float = 0.0
) -> np.ndarray:
    """Return the monthly cost of serving a volume yourself: fixed + max(cost x volume, floor).

    `floor_monthly` is the GPU bill you pay even at low volume (e.g. one GPU kept on all month).
    """
    volume = finite_array(millions_of_tokens, "millions_of_tokens")
    if np.any(volume < 0):
        raise ValueError("millions_of_tokens must be >= 0.")
    fixed_monthly = non_negative_number(fixed_monthly, "fixed_monthly")
    floor_monthly = non_negative_number(floor_monthly, "floor_monthly")
    cost_per_million = _positive("cost_per_million", cost_per_million)
    return fixed_monthly + np.maximum(cost_per_million * volume, floor_monthly)


def break_even_volume(
    fixed_monthly: float, self_cost_per_million: float, api_price_per_million: float, floor_monthly: float = 0.0
) -> float:
    """Return the monthly volume (millions of tokens) above which self-hosting is cheaper than the API.

    Self-hosting costs fixed + max(c V, floor); the API costs p V. Returns math.inf when the API is
    cheaper at every volume (p <= c).
    """
    fixed_monthly = non_negative_number(fixed_monthly, "fixed_monthly")
    floor_monthly = non_negative_number(floor_monthly, "floor_monthly")
    c = _positive("self_cost_per_million", self_cost_per_million)
    p = _positive("api_price_per_million", api_price_per_million)
    if p <= c:
        return math.inf
    flat = (fixed_monthly + floor_monthly) / p  # crossing while the floor still applies
    if c * flat <= floor_monthly:
        return flat
    return fixed_monthly / (p - c)


# ---- this machine: peak FLOP/s of the CPU and the FLOPs of a small Keras model -----------------

# float32 FLOPs per cycle per core, by the widest vector instructions the CPU reports. These are
# rules of thumb for two fused multiply-add (FMA) units per core; some CPUs have one unit or split
# 512-bit work in two, so the true peak can be half of this.
FLOPS_PER_CYCLE: tuple[tuple[str, int, str], ...] = (
    ("avx512f", 64, "AVX-512: 16 float32 lanes x 2 (multiply-add) x 2 FMA units"),
    ("avx2+fma", 32, "AVX2 + FMA: 8 float32 lanes x 2 (multiply-add) x 2 FMA units"),
    ("avx", 16, "AVX: 8 float32 lanes x (1 add + 1 multiply)"),
    ("asimd", 16, "ARM NEON: 4 float32 lanes x 2 (multiply-add) x 2 units"),
    ("sse2", 8, "SSE2: 4 float32 lanes x (1 add + 1 multiply)"),
)
DEFAULT_CLOCK_GHZ = 3.0


@dataclass(frozen=True)
class CpuPeak:
    """An estimate of a CPU's peak float32 FLOP/s: cores x clock x FLOPs per cycle."""

    cores: int
    clock_ghz: float
    flops_per_cycle: int
    instruction_set: str
    how: str

    @property
    def peak_flops(self) -> float:
        """Return the estimated peak in FLOP/s."""
        return self.cores * self.clock_ghz * 1e9 * self.flops_per_cycle


def usable_cores() -> int:
    """Return the number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def estimate_cpu_peak(cpuinfo: str | None = None, cores: int | None = None) -> CpuPeak:
    """Estimate the peak float32 FLOP/s of this CPU from /proc/cpuinfo (flags and clock).

    Without /proc/cpuinfo (macOS, Windows) it assumes 3.0 GHz and guesses the vector width from
    the machine type. The clock read from /proc/cpuinfo is the current or nominal one; turbo
    clocks can be higher.
    """
    if cpuinfo is not None:
        text(cpuinfo, "cpuinfo (the text of /proc/cpuinfo)", allow_empty=True)
    if cpuinfo is None:
        try:
            with open("/proc/cpuinfo", encoding="utf-8") as handle:
                cpuinfo = handle.read()
        except OSError:
            cpuinfo = ""
    if cores is None:
        cores = usable_cores()
    if isinstance(cores, bool) or not isinstance(cores, int) or cores < 1:
        raise ValueError(f"cores must be a positive integer, got {cores!r}.")
    flags_match = re.search(r"^(?:flags|Features)\s*:\s*(.*)$", cpuinfo, flags=re.M)
    flags = set(flags_match.group(1).split()) if flags_match else set()
    mhz_match = re.search(r"^cpu MHz\s*:\s*([0-9.]+)", cpuinfo, flags=re.M)
    how = []
    if mhz_match and float(mhz_match.group(1)) > 0:
        clock = float(mhz_match.group(1)) / 1000.0
        how.append("clock from /proc/cpuinfo 'cpu MHz'")
    else:
        clock = DEFAULT_CLOCK_GHZ
        how.append(f"clock assumed {DEFAULT_CLOCK_GHZ} GHz (not reported)")
    if not flags:
        machine = platform.machine().lower()
        flags = {"asimd"} if machine in ("arm64", "aarch64") else {"avx2", "fma"}
        how.append(f"vector width guessed from the machine type ({machine or 'unknown'})")
    else:
        how.append("vector width from the CPU flags")
    for name, per_cycle, _ in FLOPS_PER_CYCLE:
        needed = name.split("+")
        if all(n in flags for n in needed):
            return CpuPeak(cores, clock, per_cycle, name, "; ".join(how))
    return CpuPeak(cores, clock, 4, "scalar", "; ".join(how))


def measure_matmul_peak(size: int = 2048, repeats: int = 5) -> float:
    """Return the float32 FLOP/s of the fastest of `repeats` size x size TensorFlow matmuls: an achievable peak.

    Taught in notebook 03 ("Measure this CPU"): MFU is computed against this measured rate, since the
    clock-based estimate above can fall below what the CPU really reaches.
    """
    for name, value, low, high in (("size", size, 64, 8192), ("repeats", repeats, 1, 1000)):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"{name} must be an integer from {low} to {high}, got {value!r:.40}.")
    import tensorflow as tf

    a = tf.random.stateless_normal((size, size), seed=(0, 1))
    b = tf.random.stateless_normal((size, size), seed=(1, 2))
    matmul = tf.function(lambda x, y: tf.reduce_sum(tf.linalg.matmul(x, y)))
    matmul(a, b).numpy()  # trace and warm up
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        matmul(a, b).numpy()
        best = min(best, time.perf_counter() - start)
    return 2.0 * size**3 / best


def dense_training_step_flops(layer_shapes: Sequence[tuple[int, int]], batch: int) -> dict[str, int]:
    """Count the matrix-multiply FLOPs of one training step of a stack of Dense layers.

    Per layer (fan_in, fan_out) and batch B: forward 2 B fan_in fan_out; the backward pass needs
    the same again for the weight gradient and again for the gradient of the layer's input,
    except in the first layer, whose input (the data) needs no gradient.
    Biases, activations and the optimizer add only O(B x fan_out) and are left out.
    """
    if isinstance(batch, bool) or not isinstance(batch, (int, np.integer)) or batch < 1:
        raise ValueError(f"batch must be a positive integer, got {batch!r}.")
    if isinstance(layer_shapes, (list, tuple)) and not layer_shapes:
        raise ValueError("layer_shapes is empty: give [(fan_in, fan_out), ...] of the Dense layers.")
    layer_shapes = sequence(layer_shapes, "layer_shapes")
    forward = weight_grad = input_grad = 0
    for i, shape in enumerate(layer_shapes):
        if (
            not isinstance(shape, (tuple, list))
            or len(shape) != 2
            or not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) and s > 0 for s in shape)
        ):
            raise ValueError(f"layer_shapes[{i}] must be (fan_in, fan_out), two positive integers, got {shape!r:.40}.")
        if i and shape[0] != layer_shapes[i - 1][1]:
            raise ValueError(
                f"layer_shapes[{i}] takes {shape[0]} inputs but layer {i - 1} gives {layer_shapes[i - 1][1]} outputs."
            )
        fan_in, fan_out = int(shape[0]), int(shape[1])
        mm = 2 * int(batch) * fan_in * fan_out
        forward += mm
        weight_grad += mm
        input_grad += mm if i > 0 else 0
    return {"forward": forward, "backward": weight_grad + input_grad, "total": forward + weight_grad + input_grad}


def tf_profiler_flops(function: Callable[..., Any], *input_specs: Any) -> int | None:
    """Count FLOPs in the TensorFlow graph of a tf.function with TF's (v1) profiler.

    Returns None when this TensorFlow build does not ship the profiler module.
    """
    if not hasattr(function, "get_concrete_function"):
        raise TypeError(f"function must be a tf.function, got {type(function).__name__}.")
    try:
        from tensorflow.python.profiler import model_analyzer, option_builder
    except ImportError:
        return None
    graph = function.get_concrete_function(*input_specs).graph
    options = (
        option_builder.ProfileOptionBuilder(option_builder.ProfileOptionBuilder.float_operation())
        .with_empty_output()
        .build()
    )
    return int(model_analyzer.profile(graph, options=options).total_float_ops)


# ---- figures -----------------------------------------------------------------------------------


def _money(value: float) -> str:
    """Format dollars for a figure (the dollar sign escaped, so matplotlib does not start maths)."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"US\\${value / size:,.1f}{suffix}"
    return f"US\\${value:,.0f}"
