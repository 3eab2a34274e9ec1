"""Reference solutions for notebook 06 (CNN lab)."""

from __future__ import annotations

import math

import numpy as np


def conv_output_size(n: int, kernel: int, stride: int = 1, padding: str | int = "valid") -> int:
    """Return the output length of a convolution or pooling window along one axis.

    padding is "valid" (no padding), "same" (Keras: output = ceil(n / stride)) or an
    integer number of zeros added on each side.
    """
    if padding == "same":
        return math.ceil(n / stride)
    pad = 0 if padding == "valid" else int(padding)
    return (n + 2 * pad - kernel) // stride + 1


def conv2d(x: np.ndarray, w: np.ndarray, stride: int = 1) -> np.ndarray:
    """Cross-correlate x (H, W, C_in) with w (kh, kw, C_in, C_out), no padding: (H_out, W_out, C_out)."""
    x, w = np.asarray(x, dtype=np.float64), np.asarray(w, dtype=np.float64)
    kh, kw, _, c_out = w.shape
    h_out = (x.shape[0] - kh) // stride + 1
    w_out = (x.shape[1] - kw) // stride + 1
    out = np.zeros((h_out, w_out, c_out))
    for i in range(h_out):
        for j in range(w_out):
            patch = x[i * stride : i * stride + kh, j * stride : j * stride + kw, :]
            out[i, j, :] = np.tensordot(patch, w, axes=([0, 1, 2], [0, 1, 2]))
    return out


def count_params(input_shape: tuple[int, int, int], layers: list[tuple]) -> int:
    """Count the trainable parameters of a plain CNN described layer by layer.

    input_shape is (height, width, channels); each layer is one of
    ("conv", filters, kernel_size) with no padding, stride 1 and a bias per filter;
    ("pool", size) with stride = size; ("flatten",); ("dense", units) with biases.
    """
    h, w, c = input_shape
    flat = None
    total = 0
    for layer in layers:
        kind = layer[0]
        if kind == "conv":
            filters, k = layer[1], layer[2]
            total += (k * k * c + 1) * filters
            h, w, c = h - k + 1, w - k + 1, filters
        elif kind == "pool":
            size = layer[1]
            h, w = h // size, w // size
        elif kind == "flatten":
            flat = h * w * c
        elif kind == "dense":
            units = layer[1]
            if flat is None:  # a Dense layer on a feature map acts on the channel axis
                total += (c + 1) * units
                c = units
            else:
                total += (flat + 1) * units
                flat = units
        else:
            raise ValueError(f"unknown layer kind {kind!r}")
    return total
