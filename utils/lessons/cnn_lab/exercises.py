"""Checkers for notebook 06 (CNN lab): output sizes, conv2d in NumPy, parameter counts."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from utils.checking import Example, Exercise, Feedback, is_whole_number
from utils.lessons.cnn_lab import solutions as solution


def _size_text(n: Any, kernel: Any, stride: Any = 1, padding: Any = "valid") -> str:
    pad = f"'{padding}'" if isinstance(padding, str) else f"padding {padding}"
    return f"a {kernel}x{kernel} window on {n} pixels, stride {stride}, {pad}"


def _draw_size(rng: np.random.Generator) -> Example:
    n = int(rng.integers(1, 65))
    stride = int(rng.integers(1, 5))
    padding: str | int = str(rng.choice(["valid", "same", "int"]))
    if padding == "int":
        padding = int(rng.integers(0, 4))
    room = n if padding == "valid" else n + 2 * padding if isinstance(padding, int) else 9
    kernel = int(rng.integers(1, min(room, 9) + 1))
    return Example((n, kernel, stride, padding), _size_text(n, kernel, stride, padding))


def _whole_number(got: Any, _example: Example) -> str | None:
    """A size indexes arrays and builds shapes, so it must be an int, not a float or a bool."""
    if is_whole_number(got):
        return None
    return (
        f"the result is {_a(type(got).__name__)}; a size is a whole number that shapes and ranges use, "
        "so return an int (use // for the division)"
    )


def _a(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


CONV_OUTPUT_SIZE = Exercise(
    name="conv_output_size",
    reference=solution.conv_output_size,
    examples=[
        Example((28, 3, 1, "valid"), _size_text(28, 3, 1, "valid")),
        Example((28, 3, 1, "same"), _size_text(28, 3, 1, "same")),
        Example((32, 3, 2, "valid"), _size_text(32, 3, 2, "valid")),
        Example((32, 3, 2, "same"), _size_text(32, 3, 2, "same")),
    ],
    edges=[
        Example(
            (13, 2, 2, "valid"), "a 2x2 pooling window on 13 pixels, stride 2, 'valid' (13 - 2 is odd: round down)"
        ),
        Example((7, 3, 2, 1), _size_text(7, 3, 2, 1)),
        Example((5, 5, 1, 2), _size_text(5, 5, 1, 2)),
        Example((5, 5, 1, "valid"), "a kernel as large as the image: 5x5 on 5 pixels, 'valid'"),
        Example((33, 5, 3, "same"), _size_text(33, 5, 3, "same")),
        Example(
            (31, 3, 2, "same"), "a 3x3 kernel on 31 pixels, stride 2, 'same' (31 is odd: the last window is padded)"
        ),
        Example((10, 4, 1, "same"), "an even 4x4 kernel on 10 pixels, stride 1, 'same'"),
        Example((10, 4, 2, "same"), "an even 4x4 kernel on 10 pixels, stride 2, 'same'"),
        Example((8, 3, 2, 1), "a 3x3 kernel on 8 pixels, stride 2, padding 1 (the last step does not fit: round down)"),
        Example((3, 5, 1, "same"), "a kernel larger than the image: 5x5 on 3 pixels, stride 1, 'same'"),
        Example((6, 1, 4, "valid"), "a stride larger than the kernel: 1x1 on 6 pixels, stride 4, 'valid'"),
        Example((9, 3, 1, 0), _size_text(9, 3, 1, 0)),
        Example((10, 3, 1, 2), _size_text(10, 3, 1, 2) + " (more padding than 'same' needs: the output grows)"),
        Example((28, 3), "stride and padding left at their defaults (1, 'valid')"),
        Example((np.int64(30), np.int64(5), np.int64(5), "valid"), "NumPy integers (as shapes give them)"),
    ],
    draw=_draw_size,
    rtol=0.0,
    atol=0.0,
    show_call=False,
    result=_whole_number,
    hint="valid: (n - k) // s + 1; padding p: (n + 2p - k) // s + 1; same: ceil(n / s), whatever the kernel size.",
    suspects={
        "you divided with / instead of //: a size is a whole number, rounded down": lambda n, k, s=1, p="valid": (
            math.ceil(n / s) if p == "same" else (n + 2 * (0 if p == "valid" else p) - k) / s + 1
        ),
        "'same' ignores the stride: Keras gives ceil(n / stride) outputs": lambda n, k, s=1, p="valid": (
            n if p == "same" else solution.conv_output_size(n, k, s, p)
        ),
        "'same' is not (n + 2 (k // 2) - k) // s + 1 for even kernels: Keras pads so that the output is "
        "ceil(n / stride) whatever the kernel": lambda n, k, s=1, p="valid": (
            (n + 2 * (k // 2) - k) // s + 1 if p == "same" else solution.conv_output_size(n, k, s, p)
        ),
        "you ignored an integer padding: it adds p zeros on each side, 2p in all": lambda n, k, s=1, p="valid": (
            math.ceil(n / s) if p == "same" else (n - k) // s + 1
        ),
        "you rounded up where the last window does not fit: use // (round down)": lambda n, k, s=1, p="valid": (
            math.ceil(n / s) if p == "same" else math.ceil((n + 2 * (0 if p == "valid" else p) - k) / s) + 1
        ),
    },
)


def check_conv_output_size(fn: Any, seed: int | None = None) -> Feedback:
    """Check conv_output_size(n, kernel, stride, padding) on valid, same and integer padding."""
    return CONV_OUTPUT_SIZE.check(fn, seed)


def _conv_example(rng: np.random.Generator, x_shape: tuple, w_shape: tuple, stride: int, what: str) -> Example:
    x, w = rng.normal(size=x_shape), rng.normal(size=w_shape)
    return Example((x, w, stride), f"random x of shape {x_shape} and w of shape {w_shape}, stride {stride} ({what})")


def _draw_conv(rng: np.random.Generator) -> Example:
    h, wd = int(rng.integers(1, 10)), int(rng.integers(1, 10))
    kh, kw = int(rng.integers(1, h + 1)), int(rng.integers(1, wd + 1))
    c_in, c_out, stride = int(rng.integers(1, 4)), int(rng.integers(1, 4)), int(rng.integers(1, 4))
    example = _conv_example(rng, (h, wd, c_in), (kh, kw, c_in, c_out), stride, "drawn at random")
    if rng.random() < 0.15:
        x, w, s = example.args
        return Example((x.astype(np.float32), w.astype(np.float32), s), example.label + " in float32")
    return example


def _conv_scale(x: Any, w: Any, stride: Any = 1) -> float:
    """The largest sum of |x| |w| over a window: the size of the terms an output adds up."""
    return float(np.max(np.abs(x))) * float(np.max(np.sum(np.abs(w), axis=(0, 1, 2))))


_rng5 = np.random.default_rng(5)
CONV2D = Exercise(
    name="conv2d",
    reference=solution.conv2d,
    examples=[
        _conv_example(_rng5, (5, 5, 1), (3, 3, 1, 1), 1, "one channel in, one out"),
        _conv_example(_rng5, (6, 7, 3), (3, 3, 3, 4), 1, "3 channels in, 4 out"),
        _conv_example(_rng5, (8, 8, 2), (2, 3, 2, 5), 1, "a 2x3 kernel"),
        _conv_example(_rng5, (9, 9, 2), (3, 3, 2, 3), 2, "stride 2"),
    ],
    edges=[
        _conv_example(_rng5, (4, 4, 2), (4, 4, 2, 3), 1, "a kernel as large as the image: one output pixel"),
        _conv_example(_rng5, (5, 6, 3), (1, 1, 3, 2), 1, "a 1x1 kernel"),
        _conv_example(_rng5, (8, 8, 1), (3, 3, 1, 2), 2, "the last stride does not fit: 8 - 3 is odd"),
        _conv_example(_rng5, (7, 7, 2), (2, 2, 2, 1), 3, "a stride larger than the kernel"),
        _conv_example(_rng5, (5, 9, 2), (2, 4, 2, 2), 2, "a tall kernel on a wide image"),
        Example(
            (_rng5.normal(size=(6, 6, 2)).astype(np.float32), _rng5.normal(size=(3, 3, 2, 2)).astype(np.float32), 1),
            "float32 x and w of shapes (6, 6, 2) and (3, 3, 2, 2)",
        ),
        Example(
            (_rng5.normal(size=(6, 5, 1)), _rng5.normal(size=(3, 2, 1, 2))),
            "stride left at its default of 1, x of shape (6, 5, 1), w of shape (3, 2, 1, 2)",
        ),
    ],
    draw=_draw_conv,
    rtol=1e-6,  # float32 arithmetic (tf.nn.conv2d) is right too
    atol=1e-12,
    scale=_conv_scale,
    show_call=False,
    hint="slide the kernel over x, multiply element-wise and sum over the "
    "window and the input channels, once per output channel.",
    suspects={
        "your function flips the kernel: that is the textbook convolution, but deep-learning layers (and "
        "tf.nn.conv2d) compute cross-correlation: multiply each window by the kernel as it is": lambda x, w, s=1: (
            solution.conv2d(x, np.asarray(w)[::-1, ::-1], s)
        ),
        "only the first input channel is used: sum over all input channels": lambda x, w, s=1: solution.conv2d(
            np.asarray(x)[:, :, :1], np.asarray(w)[:, :, :1, :], s
        ),
        "the stride is ignored: step the window by `stride` pixels": lambda x, w, s=1: solution.conv2d(x, w, 1),
        "the kernel's height and width are swapped": lambda x, w, s=1: solution.conv2d(
            x, np.asarray(w).transpose(1, 0, 2, 3), s
        ),
    },
)


def check_conv2d(fn: Any, seed: int | None = None) -> Feedback:
    """Check conv2d(x, w, stride) against a reference (itself checked against tf.nn.conv2d), no padding."""
    return CONV2D.check(fn, seed)


def _draw_net(rng: np.random.Generator) -> Example:
    h, w, c = int(rng.integers(4, 33)), int(rng.integers(4, 33)), int(rng.integers(1, 5))
    layers: list[tuple] = []
    size_h, size_w = h, w
    for _ in range(int(rng.integers(0, 5))):
        if rng.random() < 0.6:
            k = int(rng.integers(1, min(size_h, size_w, 5) + 1))
            layers.append(("conv", int(rng.integers(1, 65)), k))
            size_h, size_w = size_h - k + 1, size_w - k + 1
        elif min(size_h, size_w) >= 2:
            p = int(rng.integers(2, min(size_h, size_w, 3) + 1))
            layers.append(("pool", p))
            size_h, size_w = size_h // p, size_w // p
    layers.append(("flatten",))
    layers += [("dense", int(rng.integers(1, 129))) for _ in range(int(rng.integers(1, 4)))]
    return Example(((h, w, c), layers), f"input {(h, w, c)} and layers {layers}")


_NETS = [
    Example(
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
        ),
        "the article-003 MNIST CNN",
    ),
    Example(
        (
            (32, 32, 3),
            [("conv", 32, 3), ("pool", 2), ("conv", 64, 3), ("pool", 2), ("flatten",), ("dense", 128), ("dense", 10)],
        ),
        "the article-001 CIFAR-10 CNN",
    ),
]

COUNT_PARAMS = Exercise(
    name="count_params",
    reference=solution.count_params,
    examples=_NETS,
    edges=[
        Example(((8, 8, 1), [("flatten",), ("dense", 10)]), "a plain dense layer on 8x8 inputs"),
        Example(((10, 10, 3), [("conv", 4, 5), ("flatten",), ("dense", 2)]), "one 5x5 conv on 3 channels"),
        Example(
            ((16, 16, 2), [("conv", 8, 3), ("pool", 2), ("conv", 8, 3), ("pool", 2), ("flatten",), ("dense", 3)]),
            "pooling that rounds down (7 -> 3)",
        ),
        Example(
            ((12, 20, 3), [("conv", 6, 3), ("pool", 2), ("flatten",), ("dense", 4)]),
            "a non-square 12x20 input (height and width differ)",
        ),
        Example(((9, 9, 1), [("pool", 3), ("flatten",), ("dense", 5)]), "a 3x3 pooling window first"),
        Example(((6, 6, 4), [("conv", 7, 1), ("flatten",), ("dense", 1)]), "a 1x1 convolution on 4 channels"),
        Example(((5, 5, 2), [("conv", 3, 5), ("flatten",), ("dense", 2)]), "a conv down to a 1x1 map"),
        Example(((4, 4, 1), [("flatten",)]), "no layer with parameters (0)"),
    ],
    draw=_draw_net,
    rtol=0.0,
    atol=0.0,
    show_call=False,
    hint="a conv layer has (k*k*channels_in + 1)*filters parameters, a dense "
    "layer (inputs + 1)*units; pooling has none but shrinks height and "
    "width (rounding down), and flatten gives height*width*channels inputs.",
)


def check_count_params(fn: Any, seed: int | None = None) -> Feedback:
    """Check count_params(input_shape, layers) on small CNNs (the reference agrees with Keras)."""
    return COUNT_PARAMS.check(fn, seed)
