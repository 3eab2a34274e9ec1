"""Checkers for notebook 06 (CNN lab): output sizes, conv2d in NumPy, parameter counts."""

from __future__ import annotations

from typing import Any

import numpy as np

from utils.checking import Case, Feedback, check_function, compare, is_whole_number, run_learner
from utils.lessons.cnn_lab import solutions as solution

_SIZE_CASES = [
    ((28, 3, 1, "valid"), "a 3x3 kernel on 28 pixels, stride 1, 'valid'"),
    ((28, 3, 1, "same"), "a 3x3 kernel on 28 pixels, stride 1, 'same'"),
    ((32, 3, 2, "valid"), "a 3x3 kernel on 32 pixels, stride 2, 'valid'"),
    ((32, 3, 2, "same"), "a 3x3 kernel on 32 pixels, stride 2, 'same'"),
    ((13, 2, 2, "valid"), "a 2x2 pooling window on 13 pixels, stride 2, 'valid'"),
    ((7, 3, 2, 1), "a 3x3 kernel on 7 pixels, stride 2, padding 1"),
    ((5, 5, 1, 2), "a 5x5 kernel on 5 pixels, stride 1, padding 2"),
    ((33, 5, 3, "same"), "a 5x5 kernel on 33 pixels, stride 3, 'same'"),
    ((31, 3, 2, "same"), "a 3x3 kernel on 31 pixels, stride 2, 'same' (31 is odd: the last window is padded)"),
    ((10, 4, 1, "same"), "an even 4x4 kernel on 10 pixels, stride 1, 'same'"),
    ((8, 3, 2, 1), "a 3x3 kernel on 8 pixels, stride 2, padding 1 (the last step does not fit: round down)"),
    ((3, 5, 1, "same"), "a kernel larger than the image: 5x5 on 3 pixels, stride 1, 'same'"),
]


def check_conv_output_size(fn: Any) -> Feedback:
    """Check conv_output_size(n, kernel, stride, padding) on valid, same and integer padding."""
    cases = [Case(args, solution.conv_output_size(*args), label=label) for args, label in _SIZE_CASES]
    return check_function(
        fn,
        cases,
        "conv_output_size",
        hint="valid: (n - k) // s + 1; padding p: (n + 2p - k) // s + 1; same: ceil(n / s), whatever the kernel size.",
        after=_size_type_problem,
    )


def _size_type_problem(fn: Any) -> str | None:
    """A size is a whole number: reject a float or a bool even when its value is right."""
    outcome = run_learner(fn, 28, 3, 1, "valid")
    if outcome.error is not None:
        return f"on a second call with (28, 3, 1, 'valid') {outcome.error_sentence()}."
    if not is_whole_number(outcome.value):
        return (
            f"the values are right but the result is a {type(outcome.value).__name__}; a size is "
            "a whole number, so return an int (use // for the division)."
        )
    return None


def _tf_conv2d(x: np.ndarray, w: np.ndarray, stride: int) -> np.ndarray:
    """What tf.nn.conv2d computes for one image, without padding."""
    from utils.environment import import_tensorflow

    tf = import_tensorflow()
    out = tf.nn.conv2d(x[None].astype(np.float32), w.astype(np.float32), strides=stride, padding="VALID")
    return out.numpy()[0].astype(np.float64)


def _conv2d_cases() -> list[Case]:
    rng = np.random.default_rng(5)
    shapes = [
        ((5, 5, 1), (3, 3, 1, 1), 1, "one channel in, one out"),
        ((6, 7, 3), (3, 3, 3, 4), 1, "3 channels in, 4 out"),
        ((8, 8, 2), (2, 3, 2, 5), 1, "a 2x3 kernel"),
        ((9, 9, 2), (3, 3, 2, 3), 2, "stride 2"),
    ]
    cases = []
    for x_shape, w_shape, stride, what in shapes:
        x = rng.normal(size=x_shape)
        w = rng.normal(size=w_shape)
        label = f"random x of shape {x_shape} and w of shape {w_shape}, stride {stride} ({what})"
        cases.append(Case((x, w, stride), _tf_conv2d(x, w, stride), label=label))
    return cases


def check_conv2d(fn: Any) -> Feedback:
    """Check conv2d(x, w, stride) against tf.nn.conv2d on random inputs (no padding)."""
    cases = _conv2d_cases()
    feedback = check_function(
        fn,
        cases,
        "conv2d",
        rtol=1e-4,
        atol=1e-4,
        hint="slide the kernel over x, multiply element-wise and sum over the "
        "window and the input channels, once per output channel.",
    )
    if feedback.status != "failed":
        return feedback
    # Name the most common mistake: flipping the kernel (true convolution instead of cross-correlation).
    flipped = [Case((c.args[0], c.args[1][::-1, ::-1].copy(), c.args[2]), c.expected) for c in cases]
    outcomes = [run_learner(fn, *c.args) for c in flipped]
    if all(o.error is None and compare(o.value, c.expected, 1e-4, 1e-4) is None for o, c in zip(outcomes, flipped)):
        return Feedback(
            "conv2d",
            "failed",
            "your function flips the kernel: that is the textbook convolution, but "
            "deep-learning layers (and tf.nn.conv2d) compute cross-correlation: "
            "multiply each window by the kernel as it is.",
        )
    return feedback


_NETS = [
    (
        (28, 28, 1),
        [
            ("conv", 32, 3),
            ("pool", 2),
            ("conv", 64, 3),
            ("pool", 2),
            ("conv", 64, 3),
            ("flatten",),
            ("dense", 64),
            ("dense", 10),
        ],
        "the article-003 MNIST CNN",
    ),
    (
        (32, 32, 3),
        [("conv", 32, 3), ("pool", 2), ("conv", 64, 3), ("pool", 2), ("flatten",), ("dense", 128), ("dense", 10)],
        "the article-001 CIFAR-10 CNN",
    ),
    ((8, 8, 1), [("flatten",), ("dense", 10)], "a plain dense layer on 8x8 inputs"),
    ((10, 10, 3), [("conv", 4, 5), ("flatten",), ("dense", 2)], "one 5x5 conv on 3 channels"),
    (
        (16, 16, 2),
        [("conv", 8, 3), ("pool", 2), ("conv", 8, 3), ("pool", 2), ("flatten",), ("dense", 3)],
        "pooling that rounds down (7 -> 3)",
    ),
]


def check_count_params(fn: Any) -> Feedback:
    """Check count_params(input_shape, layers) on five small CNNs (values agree with Keras)."""
    cases = [Case((shape, layers), solution.count_params(shape, layers), label=label) for shape, layers, label in _NETS]
    return check_function(
        fn,
        cases,
        "count_params",
        hint="a conv layer has (k*k*channels_in + 1)*filters parameters, a dense "
        "layer (inputs + 1)*units; pooling has none but shrinks height and "
        "width (rounding down), and flatten gives height*width*channels inputs.",
    )
