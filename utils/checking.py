"""The checker framework: run a learner's function on known cases and explain what is wrong."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

Status = Literal["passed", "failed", "not_attempted"]
_ICON = {"passed": "✅", "failed": "❌", "not_attempted": "⏳"}


@dataclass(frozen=True)
class Case:
    """One input to a checked function and the answer it must give."""

    args: tuple
    expected: Any
    label: str = ""
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        """Return a short description of the input for feedback messages."""
        if self.label:
            return self.label
        parts = [_short(a) for a in self.args] + [f"{k}={_short(v)}" for k, v in self.kwargs.items()]
        return "input (" + ", ".join(parts) + ")"


@dataclass(frozen=True)
class Feedback:
    """The verdict of a checker: status plus a sentence for the learner."""

    exercise: str
    status: Status
    message: str

    @property
    def passed(self) -> bool:
        """Return True when the answer is right."""
        return self.status == "passed"

    def __bool__(self) -> bool:
        """Truthy only for a right answer."""
        return self.passed

    def __str__(self) -> str:
        """Return the feedback line shown under the exercise."""
        return f"{_ICON[self.status]} {self.exercise}: {self.message}"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


def _short(value: Any, limit: int = 60) -> str:
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=4, threshold=8, separator=", ")
        text = text.replace("\n", " ")
        return text if len(text) <= limit else f"array of shape {value.shape}"
    if isinstance(value, float):
        return f"{value:.6g}"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def compare(got: Any, expected: Any, rtol: float = 1e-6, atol: float = 1e-9) -> str | None:
    """Return None when got matches expected, else a sentence saying what differs."""
    if isinstance(expected, (bool, np.bool_)):
        if got is None or not isinstance(got, (bool, np.bool_)):
            return f"expected True or False, got {_short(got)}"
        return None if bool(got) == bool(expected) else f"expected {expected}, got {got}"
    if isinstance(expected, str):
        if not isinstance(got, str):
            return f"expected a string, got {type(got).__name__} {_short(got)}"
        return None if got == expected else f"expected {expected!r}, got {got!r}"
    if isinstance(expected, Mapping):
        if not isinstance(got, Mapping):
            return f"expected a dict, got {type(got).__name__}"
        if set(got) != set(expected):
            return f"expected the keys {sorted(map(str, expected))}, got {sorted(map(str, got))}"
        for key in expected:
            problem = compare(got[key], expected[key], rtol, atol)
            if problem:
                return f"for key {key!r}: {problem}"
        return None
    if isinstance(expected, (tuple, list)) and any(isinstance(e, (np.ndarray, tuple, list, Mapping)) for e in expected):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return f"expected a tuple of {len(expected)} items, got {_short(got)}"
        for i, (g, e) in enumerate(zip(got, expected)):
            problem = compare(g, e, rtol, atol)
            if problem:
                return f"item {i}: {problem}"
        return None
    if isinstance(expected, (int, float, np.number, np.ndarray, list, tuple)):
        return _compare_numbers(got, expected, rtol, atol)
    return None if got == expected else f"expected {_short(expected)}, got {_short(got)}"


def _compare_numbers(got: Any, expected: Any, rtol: float, atol: float) -> str | None:
    want = np.asarray(expected, dtype=float)
    if got is None:
        return "returned None: did you forget the `return` statement?"
    if hasattr(got, "numpy") and callable(got.numpy):
        got = got.numpy()
    try:
        have = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        kind = "a number" if want.ndim == 0 else "an array"
        return f"expected {kind}, got {type(got).__name__} {_short(got)}"
    if have.shape != want.shape:
        if want.ndim == 0:
            return f"expected a single number, got an array of shape {have.shape}"
        return f"wrong shape: expected {want.shape}, got {have.shape}"
    bad = ~np.isclose(have, want, rtol=rtol, atol=atol, equal_nan=True)
    if not bad.any():
        return None
    if want.ndim == 0:
        return f"expected {float(want):.6g}, got {float(have):.6g}"
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    return (
        f"wrong value at index {index}: expected {want[index]:.6g}, got {have[index]:.6g} "
        f"({int(bad.sum())} of {bad.size} entries differ)"
    )


def check_function(
    fn: Any,
    cases: Sequence[Case],
    exercise: str,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    hint: str = "",
    comparer: Callable[[Any, Any], str | None] | None = None,
) -> Feedback:
    """Run fn on every case and return a Feedback: ✅, ⏳ for an unsolved stub, or ❌ with the reason."""
    if not callable(fn):
        return Feedback(exercise, "failed", f"expected a function, got {type(fn).__name__}.")
    for case in cases:
        try:
            got = fn(*copy.deepcopy(tuple(case.args)), **copy.deepcopy(dict(case.kwargs)))
        except NotImplementedError:
            return Feedback(
                exercise,
                "not_attempted",
                "not attempted yet: replace `raise NotImplementedError` with your code, then run this cell again.",
            )
        except Exception as err:  # the learner's code failed: explain, never traceback
            return Feedback(
                exercise,
                "failed",
                f"for {case.describe()} your function raised {type(err).__name__}: {err}".rstrip(": ") + ".",
            )
        problem = comparer(got, case.expected) if comparer else compare(got, case.expected, rtol, atol)
        if problem:
            extra = f" Hint: {hint}" if hint else ""
            return Feedback(exercise, "failed", f"for {case.describe()}: {problem}.{extra}")
    return Feedback(exercise, "passed", f"correct on all {len(cases)} test inputs. Well done!")
