import math

import numpy as np
import pytest

from utils.lessons.big_model_economics import figures as econ_figures
from utils.lessons.big_model_economics import helpers as e

CPUINFO_AVX512 = """processor\t: 0
model name\t: Test CPU
cpu MHz\t\t: 2500.000
flags\t\t: fpu sse sse2 avx avx2 fma avx512f
"""
CPUINFO_AVX2 = "cpu MHz\t\t: 3000.0\nflags\t\t: sse2 avx avx2 fma\n"
CPUINFO_ARM = "processor\t: 0\nFeatures\t: fp asimd evtstrm\n"


def test_gpt3_training_flops_match_the_paper():
    c = e.training_flops(e.GPT3_PARAMS, e.GPT3_TOKENS)
    assert c == pytest.approx(3.15e23)
    assert c / e.GPT3_FLOPS == pytest.approx(1.0, abs=0.01)


def test_gpu_hours_and_cost():
    run = e.estimate_training(175e9, 300e9, "A100", 0.213)
    assert run.gpu_hours == pytest.approx(3.15e23 / (312e12 * 0.213) / 3600)
    assert run.cost == pytest.approx(run.gpu_hours * 2.0)
    assert run.days_on(1024) == pytest.approx(run.gpu_hours / 1024 / 24)
    own_price = e.estimate_training(175e9, 300e9, "H100", 0.4, price_per_hour=1.0)
    assert own_price.cost == pytest.approx(own_price.gpu_hours)
    custom = e.Gpu("toy", 1e12, 1.0)
    assert e.estimate_training(1e6, 1e6, custom, 1.0).gpu_hours == pytest.approx(6e12 / 1e12 / 3600)


def test_compute_optimal_recovers_chinchilla_for_gophers_budget():
    n, d = e.compute_optimal(e.training_flops(e.CHINCHILLA_PARAMS, e.CHINCHILLA_TOKENS))
    assert n == pytest.approx(70e9) and d == pytest.approx(1.4e12)
    n_gopher, _ = e.compute_optimal(e.training_flops(e.GOPHER_PARAMS, e.GOPHER_TOKENS))
    assert 60e9 < n_gopher < 70e9
    n, d = e.compute_optimal(1e24, tokens_per_param=10)
    assert 6 * n * d == pytest.approx(1e24) and d == pytest.approx(10 * n)


def test_inference_cost_and_capacity():
    assert e.inference_flops_per_token(8e9) == 1.6e10
    cost = e.inference_cost_per_million(8e9, "H100", 0.25)
    assert cost == pytest.approx(1.6e16 / (989e12 * 0.25) / 3600 * 3.0)
    per_month = e.tokens_per_gpu_month(8e9, "H100", 0.25)
    assert per_month / 1e6 * cost == pytest.approx(730 * 3.0)  # a full GPU-month costs the hourly rate x 730


def test_break_even_linear_and_with_floor():
    assert e.break_even_volume(10_000, 0.05, 0.60) == pytest.approx(10_000 / 0.55)
    assert math.isinf(e.break_even_volume(10_000, 0.60, 0.60))
    assert math.isinf(e.break_even_volume(10_000, 0.80, 0.60))
    # crossing while the floor applies: fixed + floor = p V
    v = e.break_even_volume(10_000, 0.05, 0.60, floor_monthly=2_190)
    assert v == pytest.approx(12_190 / 0.60)
    # a small floor is exceeded before the crossing: back to the linear formula
    v = e.break_even_volume(10_000, 0.05, 0.60, floor_monthly=10)
    assert v == pytest.approx(10_000 / 0.55)
    for volume in (v,):
        assert 0.60 * volume == pytest.approx(float(e.self_host_monthly_cost(volume, 10_000, 0.05, 10)))


def test_self_host_cost_vectorised():
    costs = e.self_host_monthly_cost([0, 1e3, 1e6], 100.0, 0.5, floor_monthly=1_000)
    np.testing.assert_allclose(costs, [1_100, 1_100, 500_100])


def test_cpu_peak_from_cpuinfo():
    peak = e.estimate_cpu_peak(CPUINFO_AVX512, cores=2)
    assert (peak.flops_per_cycle, peak.instruction_set, peak.clock_ghz) == (64, "avx512f", 2.5)
    assert peak.peak_flops == pytest.approx(2 * 2.5e9 * 64)
    assert e.estimate_cpu_peak(CPUINFO_AVX2, cores=4).flops_per_cycle == 32
    arm = e.estimate_cpu_peak(CPUINFO_ARM, cores=8)
    assert arm.instruction_set == "asimd" and arm.clock_ghz == e.DEFAULT_CLOCK_GHZ
    assert "assumed" in arm.how
    guessed = e.estimate_cpu_peak("", cores=1)
    assert guessed.flops_per_cycle in (16, 32) and "guessed" in guessed.how
    assert e.estimate_cpu_peak("flags : fpu\n", cores=1).instruction_set == "scalar"


def test_cpu_peak_of_this_machine_is_plausible():
    peak = e.estimate_cpu_peak()
    assert peak.cores >= 1 and 1e9 < peak.peak_flops < 1e14


def test_dense_training_step_flops():
    step = e.dense_training_step_flops([(784, 512), (512, 512), (512, 10)], 256)
    matmuls = 2 * 256 * (784 * 512 + 512 * 512 + 512 * 10)
    assert step["forward"] == matmuls
    assert step["backward"] == 2 * matmuls - 2 * 256 * 784 * 512
    assert step["total"] == step["forward"] + step["backward"]


def test_tf_profiler_agrees_with_the_count():
    from utils.environment import import_tensorflow

    tf = import_tensorflow()
    import keras

    model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(16), keras.layers.Dense(4)])

    @tf.function
    def forward(x):
        return model(x)

    counted = e.tf_profiler_flops(forward, tf.TensorSpec([8, 20], tf.float32))
    if counted is None:
        pytest.skip("this TensorFlow build has no graph profiler")
    expected = e.dense_training_step_flops([(20, 16), (16, 4)], 8)["forward"]
    assert counted == pytest.approx(expected, rel=0.05)


def test_assumptions_table_names_sources():
    table = e.assumptions_table()
    for needle in ("Kaplan", "Chowdhery", "Hoffmann", "312 TFLOP/s", "989 TFLOP/s", "US$2.00", "US$3.00"):
        assert needle in table


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: e.training_flops(-1, 10), "n_params must be a positive finite number"),
        (lambda: e.training_flops(1e9, 0), "n_tokens must be a positive finite number"),
        (lambda: e.training_flops("175B", 1), "n_params must be a positive number"),
        (lambda: e.training_flops(True, 1), "n_params must be a positive number"),
        (lambda: e.gpu_hours(1e20, 312e12, 40), r"mfu is a fraction in \(0, 1\]"),
        (lambda: e.gpu_hours(1e20, 312e12, 0), "mfu must be a positive finite number"),
        (lambda: e.estimate_training(1e9, 1e9, "V100"), "gpu must be one of"),
        (lambda: e.estimate_training(1e9, 1e9, "A100", 0.4, price_per_hour=-2), "price_per_hour"),
        (lambda: e.compute_optimal(float("inf")), "budget_flops must be a positive finite number"),
        (lambda: e.break_even_volume(-1, 0.1, 0.5), "fixed_monthly must be >= 0"),
        (lambda: e.break_even_volume(1, 0, 0.5), "self_cost_per_million"),
        (lambda: e.self_host_monthly_cost([-5], 1, 0.1), "millions_of_tokens must be >= 0"),
        (lambda: e.estimate_cpu_peak("", cores=0), "cores must be a positive integer"),
        (lambda: e.dense_training_step_flops([(784, 512)], 0), "batch must be a positive integer"),
        (lambda: e.dense_training_step_flops([], 32), "layer_shapes is empty"),
        (lambda: e.dense_training_step_flops([(784, -1)], 32), r"must be \(fan_in, fan_out\)"),
        (lambda: econ_figures.plot_training_calculator(0, 300), "params_billion"),
    ],
)
def test_bad_inputs_raise_clear_errors(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_measure_matmul_peak_is_a_positive_rate():
    rate = e.measure_matmul_peak(size=256, repeats=2)
    assert 1e8 < rate < 1e14  # between 0.1 GFLOP/s and 100 TFLOP/s on any CPU
