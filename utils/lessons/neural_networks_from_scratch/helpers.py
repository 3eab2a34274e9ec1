"""The NumPy maths of notebook 05: activations, softmax, cross-entropy from logits and the XOR data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from utils.validation import (
    Array,
    as_float_array,
    check_one_hot_rows,
    float_pair,
    positive_number,
    real_number,
    whole_number,
)


def sigmoid(z: Any) -> Array:
    """Logistic sigmoid 1 / (1 + exp(-z)), computed without overflow for large |z|."""
    z = as_float_array(z, "z")
    e = np.exp(-np.abs(z))  # never overflows: the exponent is <= 0
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_grad(z: Any) -> Array:
    """Derivative of the sigmoid: s (1 - s), at most 1/4 (at z = 0)."""
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z: Any) -> Array:
    """Hyperbolic tangent."""
    return np.tanh(as_float_array(z, "z"))


def tanh_grad(z: Any) -> Array:
    """Derivative of tanh: 1 - tanh(z)**2."""
    return 1 - np.tanh(as_float_array(z, "z")) ** 2


def relu(z: Any) -> Array:
    """Rectified linear unit max(0, z)."""
    return np.maximum(as_float_array(z, "z"), 0.0)


def relu_grad(z: Any) -> Array:
    """Derivative of ReLU: 1 where z > 0, else 0 (the value 0 is used at the kink z = 0)."""
    return (as_float_array(z, "z") > 0).astype(np.float64)


def leaky_relu(z: Any, slope: float = 0.2) -> Array:
    """Leaky ReLU: z for z > 0, slope * z otherwise (Keras' default slope is 0.2)."""
    z = as_float_array(z, "z")
    slope = real_number(slope, "slope")
    return np.where(z > 0, z, slope * z)


def leaky_relu_grad(z: Any, slope: float = 0.2) -> Array:
    """Derivative of leaky ReLU: 1 for z > 0, slope otherwise."""
    return np.where(as_float_array(z, "z") > 0, 1.0, real_number(slope, "slope"))


ACTIVATIONS: dict[str, tuple[Callable[[Any], Array], Callable[[Any], Array]]] = {
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
}


def _at_least_1d(z: Array) -> Array:
    if z.ndim == 0:
        raise ValueError("z must be a vector or a batch of logits (at least 1-D), got a single number.")
    return z


def softmax(z: Any, axis: int = -1) -> Array:
    """Softmax along `axis`, stable for large logits: subtracting the maximum changes nothing else."""
    z = _at_least_1d(as_float_array(z, "z"))
    axis = whole_number(axis, "axis", minimum=-z.ndim, maximum=z.ndim - 1)
    shifted = z - z.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(z: Any, axis: int = -1) -> Array:
    """log(softmax(z)) without forming the softmax: z - max - log(sum(exp(z - max)))."""
    z = _at_least_1d(as_float_array(z, "z"))
    axis = whole_number(axis, "axis", minimum=-z.ndim, maximum=z.ndim - 1)
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax_cross_entropy(y: Any, logits: Any) -> float:
    """Cross-entropy of softmax(logits) for one-hot rows y, averaged over samples, from logits."""
    y, logits = float_pair(y, logits, ("y", "logits"))
    y = check_one_hot_rows(y)
    return float(-np.mean(np.sum(y * log_softmax(logits), axis=1)))


def softmax_cross_entropy_grad(y: Any, logits: Any) -> Array:
    """Derivative of `softmax_cross_entropy` with respect to the logits: (softmax(z) - y) / m."""
    y, logits = float_pair(y, logits, ("y", "logits"))
    y = check_one_hot_rows(y)
    return (softmax(logits) - y) / y.shape[0]


def sigmoid_cross_entropy(y: Any, z: Any) -> float:
    """Binary cross-entropy of sigmoid(z) from the logit z, stable: max(z,0) - z y + log(1 + e^-|z|)."""
    y, z = float_pair(y, z, ("y", "z"))
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))


def sigmoid_cross_entropy_grad(y: Any, z: Any) -> Array:
    """Derivative of `sigmoid_cross_entropy` with respect to the logit: (sigmoid(z) - y) / m."""
    y, z = float_pair(y, z, ("y", "z"))
    return (sigmoid(z) - y) / y.size


def make_xor_blobs(n: int = 100, spread: float = 0.35, seed: int = 0) -> tuple[Array, Array]:
    """Four Gaussian blobs at (+-1, +-1); label 1 where the coordinates have the same sign (XOR-like).

    Returns X of shape (n, 2) and y of shape (n, 1) with values 0.0 or 1.0; n must be a multiple of 4.
    """
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or not 4 <= n <= 10_000_000 or n % 4:
        raise ValueError(f"n must be a multiple of 4 from 4 to 10,000,000 (one quarter per blob), got {n!r:.40}.")
    spread = positive_number(spread, "spread")
    seed = whole_number(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    centres = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    labels = np.array([1.0, 1.0, 0.0, 0.0])
    blob = np.repeat(np.arange(4), n // 4)
    x = centres[blob] + spread * rng.standard_normal((n, 2))
    return x, labels[blob][:, None]
