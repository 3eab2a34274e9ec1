"""Input validation shared by the course's helpers: each failure names the argument and what was expected."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

Array = np.ndarray


def _name(name: Any) -> str:
    """Return the argument name a validator reports; TypeError unless it is a non-empty string."""
    if not isinstance(name, str) or not name.strip():
        raise TypeError(f"name must be the argument's name (a non-empty string), got {_describe(name)}.")
    return name


def _numeric(x: Any, name: str) -> Array:
    """Return x as a float64 array (empty allowed); reject text, complex, ragged and non-numeric input."""
    if x is None or isinstance(x, (str, bytes, dict, set, frozenset)) or _has_text(x):
        raise ValueError(f"{name} must be numeric (a number or an array of numbers), got {_describe(x)}.")
    try:
        raw = np.asarray(x)
    except ValueError:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of numbers (every row the same length).") from None
    if raw.dtype.kind == "c":
        raise TypeError(f"{name} must hold real numbers, got complex values.")
    if raw.dtype.kind not in "biuf":
        try:
            raw = raw.astype(np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be numeric (a number or an array of numbers), got {_describe(x)}.") from None
    return raw.astype(np.float64)


def _describe(x: Any) -> str:
    """Say what x is, briefly, for an error message."""
    if isinstance(x, np.ndarray):
        return f"an array of dtype {x.dtype} and shape {x.shape}"
    return f"{type(x).__name__} {x!r:.40}"


def as_float_array(x: Any, name: str = "x") -> Array:
    """Return x as a float64 array; reject non-numeric, complex, ragged, empty or non-finite input."""
    name = _name(name)
    arr = _numeric(x, name)
    if arr.size == 0:
        raise ValueError(f"{name} is empty: expected at least one number.")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinity; expected finite numbers.")
    return arr


def float_pair(y: Any, y_hat: Any, names: tuple[str, str] = ("y", "y_hat")) -> tuple[Array, Array]:
    """Return (y, y_hat) as float arrays of the same shape, or raise a ValueError."""
    if (
        isinstance(names, (str, bytes))
        or not isinstance(names, (tuple, list))
        or len(names) != 2
        or not all(isinstance(n, str) and n.strip() for n in names)
    ):
        raise TypeError(f"names must be a pair of argument names (strings), got {names!r:.60}.")
    y, y_hat = as_float_array(y, names[0]), as_float_array(y_hat, names[1])
    if y.shape != y_hat.shape:
        raise ValueError(f"{names[0]} and {names[1]} must have the same shape, got {y.shape} and {y_hat.shape}.")
    return y, y_hat


def check_probabilities(p: Any, name: str = "p") -> Array:
    """Return p as a float array; reject probabilities outside the open interval (0, 1), where a log is infinite."""
    p = as_float_array(p, name)
    if np.any(p <= 0) or np.any(p >= 1):
        raise ValueError(
            f"{name} must hold probabilities strictly between 0 and 1, got values in "
            f"[{p.min():.3g}, {p.max():.3g}]; use the from-logits version for saturated outputs."
        )
    return p


def check_one_hot_rows(y: Any, name: str = "y") -> Array:
    """Return y as a float array; reject targets that are not a batch (2-D) of non-negative rows summing to 1."""
    y = as_float_array(y, name)
    if y.ndim != 2:
        raise ValueError(f"{name} must be 2-D (samples, classes), got shape {y.shape}.")
    if np.any(y < 0) or not np.allclose(y.sum(axis=1), 1.0):
        raise ValueError(f"every row of {name} must be a distribution (one-hot or non-negative, sum 1).")
    return y


def _is_real_scalar(value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return False
    return isinstance(value, (int, float, np.integer, np.floating))


def _bound(value: Any, name: str, kind: tuple[type, ...] = (int, float, np.integer, np.floating)) -> Any:
    """Return a range bound (None or a number) given to a validator, else raise a TypeError naming it."""
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, kind) or value != value:
        raise TypeError(f"{name} must be None or a number (a bound), got {type(value).__name__} {value!r:.40}.")
    return value


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
    name = _name(name)
    minimum, maximum = _bound(minimum, "minimum"), _bound(maximum, "maximum")
    try:
        minimum, maximum = (None if b is None else float(b) for b in (minimum, maximum))
    except OverflowError:
        raise ValueError(f"the bounds of {name} are too large to be floats.") from None
    allow_infinity, strict = flag(allow_infinity, "allow_infinity"), flag(strict, "strict")
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
    name = _name(name)
    allow_infinity = flag(allow_infinity, "allow_infinity")
    if not _is_real_scalar(value):
        raise TypeError(f"{name} must be a positive number, got {type(value).__name__} {value!r:.60}.")
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(f"{name} is too large to be a float: {value!r:.40}.") from None
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
    return real_number(value, name, minimum=0.0, maximum=1.0, strict=flag(open_interval, "open_interval"))


def whole_number(value: Any, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Return value as an int; TypeError unless it is an integer (not a bool or float), ValueError when out of range."""
    name = _name(name)
    minimum, maximum = _bound(minimum, "minimum", (int, np.integer)), _bound(maximum, "maximum", (int, np.integer))
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r:.60}.")
    number = int(value)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        if maximum is None:
            wanted = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
        else:
            wanted = f"an integer in [{'-inf' if minimum is None else minimum}, {maximum}]"
        raise ValueError(f"{name} must be {wanted}, got {str(number)[:40]}.")
    return number


def positive_int(value: Any, name: str, *, maximum: int | None = None) -> int:
    """Return value as an int >= 1 (and <= maximum when given)."""
    return whole_number(value, name, minimum=1, maximum=maximum)


def text(value: Any, name: str, *, allow_empty: bool = False) -> str:
    """Return value if it is a string (non-empty unless allow_empty), else raise TypeError/ValueError."""
    name = _name(name)
    allow_empty = flag(allow_empty, "allow_empty")
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__} {value!r:.60}.")
    if not allow_empty and not value.strip():
        raise ValueError(f"{name} must be a non-empty string.")
    return value


def flag(value: Any, name: str) -> bool:
    """Return value if it is a bool (True or False), else raise a TypeError naming it."""
    name = _name(name)
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r:.60}.")
    return bool(value)


def file_stem(value: Any, name: str = "save") -> str | None:
    """Return value if it is None or a plain file stem (no folders, no leading dot), else raise."""
    name = _name(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a file name stem (a string such as 'curve') or None, got {_describe(value)}.")
    if not value.strip() or "/" in value or "\\" in value or value.startswith(".") or "\0" in value:
        raise ValueError(f"{name} must be a plain file name stem such as 'loss_curve' (no folders), got {value!r:.60}.")
    return value


def instance_of(value: Any, name: str, kind: type | tuple[type, ...]) -> Any:
    """Return value if it is an instance of kind (a type or a tuple of types), else raise a TypeError naming it."""
    name = _name(name)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not kinds or not all(isinstance(k, type) for k in kinds):
        raise TypeError(f"kind must be a type or a tuple of types, got {kind!r:.60}.")
    if not isinstance(value, kinds):
        wanted = " or ".join(k.__name__ for k in kinds)
        raise TypeError(f"{name} must be a {wanted}, got {type(value).__name__} {value!r:.60}.")
    return value


def one_of(value: Any, name: str, choices: Any) -> Any:
    """Return value if it is one of choices; TypeError for an unhashable or wrongly typed value, else ValueError."""
    name = _name(name)
    if isinstance(choices, (str, bytes, Mapping)) or not isinstance(choices, Iterable):
        raise TypeError(f"choices must be a collection of allowed values, got {choices!r:.60}.")
    options = list(choices)
    if not options:
        raise ValueError("choices is empty: give at least one allowed value.")
    try:
        hash(value)
    except TypeError:
        raise TypeError(f"{name} must be one of {options}, got {type(value).__name__} {value!r:.60}.") from None
    kinds = {type(option) for option in options}
    if not any(isinstance(value, kind) for kind in kinds) or isinstance(value, bool) != any(
        isinstance(option, bool) for option in options
    ):
        raise TypeError(f"{name} must be one of {options}, got {type(value).__name__} {value!r:.60}.")
    if value not in options:
        raise ValueError(f"{name} must be one of {options}, got {value!r:.60}.")
    return value


def mapping(value: Any, name: str, *, allow_empty: bool = False) -> Mapping:
    """Return value if it is a mapping (a dict), non-empty unless allow_empty, else raise."""
    name, allow_empty = _name(name), flag(allow_empty, "allow_empty")
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a dict, got {_describe(value)}.")
    if not allow_empty and not value:
        raise ValueError(f"{name} is empty: give at least one entry.")
    return value


def sequence(value: Any, name: str, *, allow_empty: bool = False) -> list:
    """Return value as a list if it is a list, tuple or 1-D array (not a string or dict), else raise."""
    name, allow_empty = _name(name), flag(allow_empty, "allow_empty")
    if isinstance(value, np.ndarray) and value.ndim >= 1:
        value = list(value)
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a list or tuple, got {_describe(value)}.")
    if not allow_empty and len(value) == 0:
        raise ValueError(f"{name} is empty: give at least one item.")
    return list(value)


def function(value: Any, name: str) -> Any:
    """Return value if it can be called, else raise a TypeError naming it."""
    name = _name(name)
    if not callable(value) or isinstance(value, type):
        raise TypeError(f"{name} must be a function, got {_describe(value)}.")
    return value


def finite_array(
    x: Any, name: str = "x", *, ndim: int | tuple[int, ...] | None = None, allow_empty: bool = False
) -> Array:
    """Return x as a finite float64 array, optionally of the given number(s) of dimensions."""
    name = _name(name)
    dims = (ndim,) if isinstance(ndim, (int, np.integer)) else ndim
    if dims is not None and (
        not isinstance(dims, tuple)
        or not dims
        or not all(isinstance(d, (int, np.integer)) and not isinstance(d, bool) and 0 <= d <= 32 for d in dims)
    ):
        raise TypeError(f"ndim must be a number of dimensions (0-32) or a tuple of them, got {ndim!r:.40}.")
    allow_empty = flag(allow_empty, "allow_empty")
    if _has_text(x):
        raise TypeError(f"{name} must hold numbers, got text.")
    arr = _numeric(x, name)
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty: expected at least one number.")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinity; expected finite numbers.")
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


def integer_labels(y: Any, name: str = "y", *, num_classes: int | None = None, allow_empty: bool = True) -> np.ndarray:
    """Return y as a 1-D int64 array of class labels (empty allowed unless allow_empty=False).

    Whole-valued floats are accepted; NaN, fractions, negative labels and labels >= num_classes are not.
    """
    name, allow_empty = _name(name), flag(allow_empty, "allow_empty")
    if num_classes is not None:
        num_classes = whole_number(num_classes, "num_classes", minimum=1)
    if y is None or isinstance(y, (dict, set)) or _has_text(y):
        raise TypeError(f"{name} must hold integer class labels, got {_describe(y)}.")
    try:
        arr = np.asarray(y)
    except ValueError:
        raise ValueError(f"{name} must be a 1-D array of class labels (a ragged list was given).") from None
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of class labels, got shape {arr.shape}.")
    if arr.size == 0:
        if not allow_empty:
            raise ValueError(f"{name} is empty: give at least one class label.")
        return arr.astype(np.int64)
    if arr.dtype.kind == "b" or arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold integer class labels, got dtype {arr.dtype}.")
    if arr.dtype.kind == "f":
        bad = ~(np.isfinite(arr) & (arr == np.round(arr)))
        if bad.any():
            raise ValueError(
                f"{name} must hold whole-number class labels, got {arr[bad][0]!r} at position {np.flatnonzero(bad)[0]}."
            )
        if np.abs(arr).max() > 2**53:
            raise ValueError(f"{name} holds a label too large to be a class index: {np.abs(arr).max():g}.")
    labels = arr.astype(np.int64)
    if labels.min() < 0:
        raise ValueError(f"{name} must hold labels >= 0, got {labels.min()}.")
    if num_classes is not None and labels.max() >= num_classes:
        raise ValueError(
            f"{name} must hold labels in 0..{num_classes - 1} ({num_classes} classes), got {labels.max()}."
        )
    return labels
