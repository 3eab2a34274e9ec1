import numpy as np
import pytest

from utils.lessons.model_to_product import figures as serving_figures
from utils.lessons.model_to_product import helpers as serving


def test_time_calls_counts_warmup_and_repeats():
    calls = []
    times = serving.time_calls(lambda: calls.append(1), repeats=7, warmup=3)
    assert len(calls) == 10
    assert times.shape == (7,) and np.all(times >= 0)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"fn": 3, "repeats": 1}, "callable"),
        ({"fn": lambda: None, "repeats": 0}, "repeats must be an integer from 1"),
        ({"fn": lambda: None, "repeats": 2.5}, "repeats must be an integer from 1"),
        ({"fn": lambda: None, "repeats": 2, "warmup": -1}, "warmup must be an integer from 0"),
    ],
)
def test_time_calls_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        serving.time_calls(**kwargs)


def test_latency_summary_in_milliseconds():
    summary = serving.latency_summary(np.arange(1, 101) / 1000.0)  # 1..100 ms
    assert summary["median_ms"] == pytest.approx(50.5)
    assert summary["p95_ms"] == pytest.approx(95.05)
    assert summary["mean_ms"] == pytest.approx(50.5)
    assert summary["n"] == 100


@pytest.mark.parametrize(
    "bad, match",
    [
        ([], "empty"),
        (np.ones((2, 2)), "1-D"),
        ([0.1, -0.2], "seconds must be call times >= 0"),
        ([0.1, float("nan")], "seconds contains NaN"),
        ([[0.1, 0.2], [0.3]], "seconds must be a rectangular"),
    ],
)
def test_latency_summary_rejects_bad_input(bad, match):
    with pytest.raises(ValueError, match=match):
        serving.latency_summary(bad)


def cpuinfo(cores: int, threads_per_core: int) -> str:
    """A /proc/cpuinfo text listing cores x threads logical CPUs."""
    cpus = range(cores * threads_per_core)
    return "\n\n".join(f"processor\t: {i}\nphysical id\t: 0\ncore id\t\t: {i // threads_per_core}\n" for i in cpus)


def test_physical_cores_counts_cores_not_hyper_threads():
    assert serving.physical_cores(cpuinfo(1, 2)) == 1  # an AWS c5.large: 2 vCPUs on one core
    assert serving.physical_cores(cpuinfo(4, 2)) == 4
    assert serving.physical_cores(cpuinfo(2, 1)) == 2  # the course's test machine
    two_sockets = cpuinfo(2, 1) + "\n\n" + cpuinfo(2, 1).replace("physical id\t: 0", "physical id\t: 1")
    assert serving.physical_cores(two_sockets) == 4
    assert serving.physical_cores("processor\t: 0\n\nprocessor\t: 1\n") == 2  # no core ids: one core each
    assert serving.physical_cores("") is None
    assert serving.physical_cores() is None or serving.physical_cores() >= 1


def test_physical_cores_rejects_non_text():
    with pytest.raises(TypeError, match="cpuinfo must be the text"):
        serving.physical_cores(b"processor : 0")


def test_size_bytes_of_file_and_folder(tmp_path):
    (tmp_path / "a.bin").write_bytes(b"x" * 10)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.bin").write_bytes(b"y" * 5)
    assert serving.size_bytes(tmp_path / "a.bin") == 10
    assert serving.size_bytes(tmp_path) == 15
    with pytest.raises(FileNotFoundError, match="does not exist"):
        serving.size_bytes(tmp_path / "missing.keras")


def test_quiet_hides_native_and_python_output(capfd):
    import os
    import warnings

    with serving.quiet():
        os.write(1, b"native stdout\n")
        os.write(2, b"native stderr\n")
        print("python stdout")
        warnings.warn("Statistics for quantized inputs were expected, but not specified", stacklevel=1)
    print("after")
    out, err = capfd.readouterr()
    assert "native" not in out + err and "python stdout" not in out
    assert "Statistics" not in err
    assert "after" in out


@pytest.fixture(scope="module")
def tflite_models():
    """A tiny dense model converted to float and full-integer TensorFlow Lite."""
    tf = pytest.importorskip("tensorflow")
    rng = np.random.default_rng(0)
    weights = tf.constant(rng.normal(size=(4, 3)).astype("float32"))

    @tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])
    def model(x):
        return tf.nn.softmax(tf.matmul(x, weights))

    concrete = model.get_concrete_function()
    data = rng.uniform(0, 1, size=(64, 4)).astype("float32")

    def representative():
        for row in data[:32]:
            yield [row[None]]

    with serving.quiet():
        plain = tf.lite.TFLiteConverter.from_concrete_functions([concrete], model).convert()
        converter = tf.lite.TFLiteConverter.from_concrete_functions([concrete], model)
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        converter.representative_dataset = representative
        converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        converter.inference_input_type = tf.int8
        converter.inference_output_type = tf.int8
        quantised = converter.convert()
    expected = model(tf.constant(data)).numpy()
    return plain, quantised, data, expected


def test_tflite_model_float_matches_tensorflow(tflite_models):
    plain, _, data, expected = tflite_models
    runner = serving.TFLiteModel(plain)
    assert runner.input_dtype == np.float32 and runner.size == len(plain)
    np.testing.assert_allclose(runner(data[:5]), expected[:5], atol=1e-5)
    np.testing.assert_allclose(runner.predict(data, batch_size=10), expected, atol=1e-5)
    np.testing.assert_allclose(runner(data[:1]), expected[:1], atol=1e-5)  # resizes back to 1


def test_tflite_model_int8_quantises_and_dequantises(tflite_models):
    _, quantised, data, expected = tflite_models
    runner = serving.TFLiteModel(quantised)
    assert runner.input_dtype == np.int8 and runner.output_dtype == np.int8
    got = runner.predict(data, batch_size=64)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, expected, atol=0.06)
    assert np.mean(got.argmax(1) == expected.argmax(1)) >= 0.9


def test_tflite_model_rejects_bad_input(tflite_models):
    plain = tflite_models[0]
    with pytest.raises(ValueError, match="non-empty bytes"):
        serving.TFLiteModel(b"")
    runner = serving.TFLiteModel(plain)
    with pytest.raises(ValueError, match=r"expected a batch of shape \(N, 4\)"):
        runner(np.zeros((2, 5)))
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        runner.predict(np.zeros((2, 4)), batch_size=0)
    with pytest.raises(ValueError, match="empty"):
        runner.predict(np.zeros((0, 4)))


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: serving_figures.plot_latency({}, {"a": 1.0}), "at least one"),
        (lambda: serving_figures.plot_latency({"a": []}, {"a": 1.0}), "empty"),
        (lambda: serving_figures.plot_bars([], {"a": []}), "at least one label"),
        (lambda: serving_figures.plot_bars(["x", "y"], {"a": [1.0]}), "1 values for 2 labels"),
    ],
)
def test_plots_reject_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
