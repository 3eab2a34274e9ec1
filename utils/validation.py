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


def _is_real_scalar(value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return False
    return isinstance(value, (int, float, np.integer, np.floating))


def real_number(
    value: Any,
    name: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    allow_infinity: bool = False,
    strict: bool = False,
) -> float:
    """Return value as a float; TypeError unless it is a real number, ValueError when NaN or out of range.

    With strict=True the bounds are exclusive.
    """
    if not _is_real_scalar(value):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r:.60}.")
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(f"{name} is too large to be a float: {value!r:.40}.") from None
    if np.isnan(number) or (np.isinf(number) and not allow_infinity):
        raise ValueError(f"{name} must be a finite number, got {number}.")  # NaN never passes a range check
    low_bad = minimum is not None and (number <= minimum if strict else number < minimum)
    high_bad = maximum is not None and (number >= maximum if strict else number > maximum)
    if low_bad or high_bad:
        low = "-inf" if minimum is None else f"{minimum:g}"
        high = "inf" if maximum is None else f"{maximum:g}"
        brackets = ("(", ")") if strict else ("[", "]")
        raise ValueError(f"{name} must lie in {brackets[0]}{low}, {high}{brackets[1]}, got {number:g}.")
    return number


def positive_number(value: Any, name: str, *, allow_infinity: bool = False) -> float:
    """Return value as a float; reject anything that is not a real number > 0."""
    if not _is_real_scalar(value):
        raise TypeError(f"{name} must be a positive number, got {type(value).__name__} {value!r:.60}.")
    number = float(value)
    if np.isnan(number) or (np.isinf(number) and not allow_infinity) or not number > 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}.")
    return number


def non_negative_number(value: Any, name: str) -> float:
    """Return value as a float; reject anything that is not a finite real number >= 0."""
    number = real_number(value, name)
    if number < 0:
        raise ValueError(f"{name} must be >= 0, got {value!r}.")
    return number


def probability(value: Any, name: str, *, open_interval: bool = False) -> float:
    """Return value as a float in [0, 1] (or (0, 1) with open_interval=True)."""
    return real_number(value, name, minimum=0.0, maximum=1.0, strict=open_interval)


def whole_number(value: Any, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Return value as an int; TypeError unless it is an integer (not a bool or float), ValueError when out of range."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r:.60}.")
    number = int(value)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        if maximum is None:
            wanted = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        else:
            wanted = f"an integer in [{'-inf' if minimum is None else minimum}, {maximum}]"
        raise ValueError(f"{name} must be {wanted}, got {number}.")
    return number


def positive_int(value: Any, name: str) -> int:
    """Return value as an int >= 1."""
    return whole_number(value, name, minimum=1)


def text(value: Any, name: str, *, allow_empty: bool = False) -> str:
    """Return value if it is a string (non-empty unless allow_empty), else raise TypeError/ValueError."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__} {value!r:.60}.")
    if not allow_empty and not value.strip():
        raise ValueError(f"{name} must be a non-empty string.")
    return value


def instance_of(value: Any, name: str, kind: type | tuple[type, ...]) -> Any:
    """Return value if it is an instance of kind (a type or a tuple of types), else raise a TypeError naming it."""
    if not isinstance(value, kind):
        kinds = kind if isinstance(kind, tuple) else (kind,)
        wanted = " or ".join(k.__name__ for k in kinds)
        raise TypeError(f"{name} must be a {wanted}, got {type(value).__name__} {value!r:.60}.")
    return value


def one_of(value: Any, name: str, choices: Any) -> Any:
    """Return value if it is one of choices; TypeError for an unhashable or wrongly typed value, else ValueError."""
    options = list(choices)
    try:
        hash(value)
    except TypeError:
        raise TypeError(f"{name} must be one of {options}, got {type(value).__name__} {value!r:.60}.") from None
    kinds = {type(option) for option in options}
    if options and not any(isinstance(value, kind) for kind in kinds):
        raise TypeError(f"{name} must be one of {options}, got {type(value).__name__} {value!r:.60}.")
    if value not in options:
        raise ValueError(f"{name} must be one of {options}, got {value!r:.60}.")
    return value


def finite_array(
    x: Any, name: str = "x", *, ndim: int | tuple[int, ...] | None = None, allow_empty: bool = False
) -> Array:
    """Return x as a finite float64 array, optionally of the given number(s) of dimensions."""
    if _has_text(x):
        raise TypeError(f"{name} must hold numbers, got text.")
    if allow_empty and np.size(x) == 0:
        arr = np.asarray(x, dtype=np.float64)
    else:
        arr = as_float_array(x, name)
    dims = (ndim,) if isinstance(ndim, int) else ndim
    if dims is not None and arr.ndim not in dims:
        wanted = " or ".join(f"{d}-D" for d in dims)
        raise ValueError(f"{name} must be {wanted}, got shape {arr.shape}.")
    return arr


def _has_text(x: Any) -> bool:
    if isinstance(x, (str, bytes)):
        return True
    if isinstance(x, np.ndarray):
        return x.dtype.kind in "SU"
    if isinstance(x, (list, tuple)):
        return any(_has_text(item) for item in x[:100])
    return False


def integer_labels(y: Any, name: str = "y", *, num_classes: int | None = None) -> np.ndarray:
    """Return y as a 1-D int64 array of class labels (empty allowed); whole-valued floats are accepted."""
    if _has_text(y):
        raise TypeError(f"{name} must hold integer class labels, got text.")
    arr = np.asarray(y)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of class labels, got shape {arr.shape}.")
    if arr.size == 0:
        return arr.astype(np.int64)
    if arr.dtype.kind == "b" or arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold integer class labels, got dtype {arr.dtype}.")
    if arr.dtype.kind == "f" and not (np.all(np.isfinite(arr)) and np.all(arr == np.round(arr))):
        raise ValueError(f"{name} must hold whole-number class labels, got non-integer values such as {arr[0]!r}.")
    labels = arr.astype(np.int64)
    if labels.min() < 0:
        raise ValueError(f"{name} must hold labels >= 0, got {labels.min()}.")
    if num_classes is not None and labels.max() >= num_classes:
        raise ValueError(
            f"{name} must hold labels in 0..{num_classes - 1} ({num_classes} classes), got {labels.max()}."
        )
    return labels
