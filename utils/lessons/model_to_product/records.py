"""The figures notebook 10 records for the scoreboard: what each one is and what it compares to."""

from __future__ import annotations

from utils.results import FigureInfo

TFLITE_GUIDE = "TensorFlow Lite post-training quantization guide"

FIGURES: dict[str, FigureInfo] = {
    "mnist_test_accuracy": FigureInfo(
        "accuracy",
        reference=0.9922,
        reference_label="keras-io simple convnet, 15 epochs",
        source="keras-io 'Simple MNIST convnet'",
        note="the digit classifier this notebook serves",
        split="test",
    ),
    "serve_latency_median_ms": FigureInfo("ms", higher_is_better=False, note="tf.function, batch 1, this machine"),
    "serve_latency_p95_ms": FigureInfo("ms", higher_is_better=False, note="tf.function, batch 1, this machine"),
    "serve_throughput_batch64": FigureInfo("images/s", note="tf.function, batch 64, this machine"),
    "cost_per_million_batch64": FigureInfo(
        "USD",
        higher_is_better=False,
        note="AWS c5.large on-demand, 100% busy, at this machine's throughput at batch 64",
    ),
    "int8_size_reduction": FigureInfo("x", reference=4.0, reference_label="'4x smaller'", source=TFLITE_GUIDE),
    "int8_speedup_batch1": FigureInfo(
        "x",
        reference=3.0,
        reference_label="'3x+ speedup'",
        source=TFLITE_GUIDE,
        note="TFLite interpreter, one image, this CPU",
    ),
    "int8_test_accuracy": FigureInfo(
        "accuracy",
        reference_label="the float TFLite model",  # the reference value is measured in the run
        note="full-integer TFLite model",
        split="test",
    ),
}
