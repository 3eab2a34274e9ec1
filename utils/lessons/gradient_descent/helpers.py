"""The NumPy maths of notebook 04 (notebook 05 reuses it): losses, their derivatives and gradient checking.

Every function here is written to be read: the notebooks print its source with `show_source`
next to the formula it implements, and check it against TensorFlow. Inputs are validated, so a
wrong shape or a probability outside (0, 1) gives a ValueError that says what was expected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from utils.validation import (
    Array,
    as_float_array,
    check_one_hot_rows,
    check_probabilities,
    finite_array,
    float_pair,
    non_negative_number,
    positive_number,
    real_number,
    whole_number,
)

# --- input validation (kept out of the formulas so that they stay short) ----------------------


# --- losses and their derivatives with respect to the prediction ------------------------------


def mse(y: Any, y_hat: Any) -> float:
    """Mean squared error: the average of (y_hat - y)**2 over all entries."""
    y, y_hat = float_pair(y, y_hat)
    return float(np.mean((y_hat - y) ** 2))


def mse_grad(y: Any, y_hat: Any) -> Array:
    """Derivative of `mse` with respect to every prediction: 2 (y_hat - y) / m."""
    y, y_hat = float_pair(y, y_hat)
    return 2.0 * (y_hat - y) / y.size


def binary_cross_entropy(y: Any, p: Any) -> float:
    """Binary cross-entropy of probabilities p for 0/1 targets y, averaged: both terms."""
    y, p = float_pair(y, p, ("y", "p"))
    p = check_probabilities(p)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def binary_cross_entropy_grad(y: Any, p: Any) -> Array:
    """Derivative of `binary_cross_entropy` with respect to p: (p - y) / (p (1 - p)) / m."""
    y, p = float_pair(y, p, ("y", "p"))
    p = check_probabilities(p)
    return (p - y) / (p * (1 - p)) / y.size


def categorical_cross_entropy(y: Any, p: Any) -> float:
    """Cross-entropy of probability rows p (samples, classes) for one-hot rows y, averaged over samples."""
    y, p = float_pair(y, p, ("y", "p"))
    y, p = check_one_hot_rows(y), check_probabilities(p)
    return float(-np.mean(np.sum(y * np.log(p), axis=1)))


def categorical_cross_entropy_grad(y: Any, p: Any) -> Array:
    """Derivative of `categorical_cross_entropy` with respect to p: -y / p / m."""
    y, p = float_pair(y, p, ("y", "p"))
    y, p = check_one_hot_rows(y), check_probabilities(p)
    return -y / p / y.shape[0]


# --- activations and their derivatives ---------------------------------------------------------


# --- softmax and cross-entropy from logits -----------------------------------------------------


# --- gradient checking -------------------------------------------------------------------------


def _scalar(value: Any) -> float:
    """Return what f returned as a float; say so in words when it is not one number."""
    if np.size(value) != 1 or isinstance(value, (str, bytes)):
        raise ValueError(f"f must return one number (a scalar loss), got {type(value).__name__} of {np.size(value)}.")
    try:
        return float(np.asarray(value).reshape(()))
    except (TypeError, ValueError):
        raise TypeError(f"f must return a real number, got {type(value).__name__} {value!r:.40}.") from None


def numerical_gradient(f: Callable[[Array], float], x: Any, eps: float = 1e-6) -> Array:
    """Central-difference estimate of the gradient of scalar f at x: (f(x+e_i h) - f(x-e_i h)) / 2h."""
    if not callable(f):
        raise TypeError(f"f must be a function of one array, got {type(f).__name__}.")
    eps = positive_number(eps, "eps")
    x = as_float_array(x, "x").copy()
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        up = _scalar(f(x))
        x[i] = old - eps
        down = _scalar(f(x))
        x[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad


def relative_error(a: Any, b: Any) -> float:
    """Relative distance ||a - b|| / (||a|| + ||b||), 0 when both are zero."""
    a, b = float_pair(a, b, ("a", "b"))
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


# --- data sets for the maths notebooks ---------------------------------------------------------


def make_line_data(
    n: int = 64,
    slope: float = 1.5,
    intercept: float = -2.0,
    noise: float = 0.5,
    x_range: tuple[float, float] = (0.0, 4.0),
    seed: int = 0,
) -> tuple[Array, Array]:
    """Points y = slope x + intercept + Gaussian noise with x uniform in x_range; returns x, y of shape (n,)."""
    n = whole_number(n, "n", minimum=2, maximum=10_000_000)
    slope, intercept = real_number(slope, "slope"), real_number(intercept, "intercept")
    noise = non_negative_number(noise, "noise")
    bounds = finite_array(x_range, "x_range", ndim=1)
    low, high = bounds if bounds.size == 2 else (np.nan, np.nan)
    if not low < high:
        raise ValueError(f"x_range must be (low, high) with finite low < high, got {x_range!r}.")
    seed = whole_number(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    x = rng.uniform(low, high, size=n)
    return x, slope * x + intercept + noise * rng.standard_normal(n)


# --- showing code in a notebook ----------------------------------------------------------------
