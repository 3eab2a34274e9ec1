"""Input validation shared by the course's helpers: each failure names the argument and what was expected."""

from __future__ import annotations

from typing import Any

import numpy as np

Array = np.ndarray


def as_float_array(x: Any, name: str = "x") -> Array:
    """Return x as a float64 array; reject non-numeric, empty or non-finite input."""
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric (a number or an array of numbers), got {type(x).__name__}.") from None
    if arr.size == 0:
        raise ValueError(f"{name} is empty: expected at least one number.")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinity; expected finite numbers.")
    return arr


def float_pair(y: Any, y_hat: Any, names: tuple[str, str] = ("y", "y_hat")) -> tuple[Array, Array]:
    """Return (y, y_hat) as float arrays of the same shape, or raise a ValueError."""
    y, y_hat = as_float_array(y, names[0]), as_float_array(y_hat, names[1])
    if y.shape != y_hat.shape:
        raise ValueError(f"{names[0]} and {names[1]} must have the same shape, got {y.shape} and {y_hat.shape}.")
    return y, y_hat


def check_probabilities(p: Array, name: str = "p") -> Array:
    """Reject probabilities outside the open interval (0, 1), where a log is infinite."""
    if np.any(p <= 0) or np.any(p >= 1):
        raise ValueError(
            f"{name} must hold probabilities strictly between 0 and 1, got values in "
            f"[{p.min():.3g}, {p.max():.3g}]; use the from-logits version for saturated outputs."
        )
    return p


def check_one_hot_rows(y: Array, name: str = "y") -> Array:
    """Reject targets that are not a batch (2-D) of rows of non-negative weights summing to 1."""
    if y.ndim != 2:
        raise ValueError(f"{name} must be 2-D (samples, classes), got shape {y.shape}.")
    if np.any(y < 0) or not np.allclose(y.sum(axis=1), 1.0):
        raise ValueError(f"every row of {name} must be a distribution (one-hot or non-negative, sum 1).")
    return y
