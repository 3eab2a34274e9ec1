"""Notebook checks that speak: a failed expectation says in words what was expected, what was measured and why."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from utils.profile import profile as current_profile

# The usual reasons a measured figure misses its bound, in the order a learner should consider them.
DEFAULT_REASONS = (
    "a setting changed in this notebook (epochs, learning rate, batch size, model size) trains a weaker model",
    "the quick profile trains on small subsets for a few epochs, so its figures are lower and noisier",
    "a cell was skipped or run out of order: Restart & Run All reruns every cell from the top",
)


class ExpectationFailed(AssertionError):
    """An expectation on a measured figure that did not hold; Jupyter shows its message without a traceback."""

    def _render_traceback_(self) -> list[str]:
        """Show the message alone in IPython (nbval still sees the error and fails the cell)."""
        return [f"ExpectationFailed: {self}"]


def _finite(value: Any, name: str) -> float:
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number, got a bool.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}.") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {number}.")
    return number


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"{name} must be a non-empty string describing the figure, got {value!r}.")
    return value.strip()


def _reasons(reasons: Sequence[str] | None) -> tuple[str, ...]:
    if reasons is None:
        return DEFAULT_REASONS
    if isinstance(reasons, str) or not all(isinstance(r, str) and r.strip() for r in reasons):
        raise TypeError("reasons must be a sequence of non-empty strings.")
    return tuple(reasons)


def _fmt(value: float, digits: int) -> str:
    return f"{value:.{digits}f}" if abs(value) < 1e6 else f"{value:.{digits}g}"


def _fail(what: str, wanted: str, measured: float, digits: int, reasons: tuple[str, ...], profile_name: str) -> None:
    lines = [
        f"{what} should be {wanted} in the {profile_name} profile; this run measured {_fmt(measured, digits)}.",
    ]
    if reasons:
        lines.append("Likely reasons: " + "; ".join(reasons) + ".")
    raise ExpectationFailed(" ".join(lines))


def at_least(
    measured: Any,
    floor: Any,
    what: str,
    *,
    digits: int = 4,
    reasons: Sequence[str] | None = None,
    profile_name: str | None = None,
) -> float:
    """Return `measured` if it is at least `floor`; otherwise raise ExpectationFailed saying so in words."""
    value, bound = _finite(measured, "measured"), _finite(floor, "floor")
    what, why = _text(what, "what"), _reasons(reasons)
    if value < bound:
        _fail(what, f"at least {_fmt(bound, digits)}", value, digits, why, profile_name or current_profile().name)
    return value


def at_most(
    measured: Any,
    ceiling: Any,
    what: str,
    *,
    digits: int = 4,
    reasons: Sequence[str] | None = None,
    profile_name: str | None = None,
) -> float:
    """Return `measured` if it is at most `ceiling`; otherwise raise ExpectationFailed saying so in words."""
    value, bound = _finite(measured, "measured"), _finite(ceiling, "ceiling")
    what, why = _text(what, "what"), _reasons(reasons)
    if value > bound:
        _fail(what, f"at most {_fmt(bound, digits)}", value, digits, why, profile_name or current_profile().name)
    return value


def between(
    measured: Any,
    low: Any,
    high: Any,
    what: str,
    *,
    digits: int = 4,
    reasons: Sequence[str] | None = None,
    profile_name: str | None = None,
) -> float:
    """Return `measured` if low <= measured <= high; otherwise raise ExpectationFailed saying so in words."""
    value, lo, hi = _finite(measured, "measured"), _finite(low, "low"), _finite(high, "high")
    if lo > hi:
        raise ValueError(f"low must not exceed high, got low={lo} and high={hi}.")
    what, why = _text(what, "what"), _reasons(reasons)
    if not lo <= value <= hi:
        wanted = f"between {_fmt(lo, digits)} and {_fmt(hi, digits)}"
        _fail(what, wanted, value, digits, why, profile_name or current_profile().name)
    return value


def holds(condition: Any, what: str, measured: str, *, reasons: Sequence[str] | None = None) -> None:
    """Raise ExpectationFailed naming `what` (expected) and `measured` (seen) unless `condition` is true."""
    what, seen = _text(what, "what"), _text(measured, "measured")
    why = _reasons(reasons)
    if not bool(condition):
        text = f"Expected {what} in the {current_profile().name} profile; this run measured {seen}."
        if why:
            text += " Likely reasons: " + "; ".join(why) + "."
        raise ExpectationFailed(text)
