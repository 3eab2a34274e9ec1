"""The checker framework: run a learner's function on known cases and explain what is wrong."""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

Status = Literal["passed", "failed", "not_attempted"]
_ICON = {"passed": "✅", "failed": "❌", "not_attempted": "⏳"}
NOT_ATTEMPTED = "not attempted yet: replace `raise NotImplementedError` with your code, then run this cell again."
FLOAT32_RTOL, FLOAT32_ATOL = 1e-5, 1e-6


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


@dataclass(frozen=True)
class Outcome:
    """What one call of learner code gave: a value, or the exception it raised, plus its warnings in words."""

    value: Any = None
    error: BaseException | None = None
    warnings: tuple[str, ...] = ()

    @property
    def not_attempted(self) -> bool:
        """True when the learner's function still raises NotImplementedError."""
        return isinstance(self.error, NotImplementedError)

    def error_sentence(self) -> str:
        """Describe the exception in one line (no traceback)."""
        err = self.error
        if isinstance(err, SystemExit):
            return "your function called exit() / sys.exit() (SystemExit); return a value instead"
        if isinstance(err, GeneratorExit):
            return "your function raised GeneratorExit; return a value instead"
        text = _safe_str(err)
        return f"your function raised {type(err).__name__}" + (f": {text}" if text else "")


def _safe_str(value: Any, limit: int = 200) -> str:
    try:
        text = str(value)
    except BaseException as err:  # noqa: BLE001 - a learner's object may fail to print
        if isinstance(err, KeyboardInterrupt):
            raise
        return f"<{type(value).__name__} that cannot be printed>"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _warning_words(records: Sequence[warnings.WarningMessage]) -> tuple[str, ...]:
    seen: list[str] = []
    for record in records:
        text = f"{record.category.__name__}: {_safe_str(record.message, 120)}"
        if text not in seen:
            seen.append(text)
    return tuple(seen)


def run_learner(fn: Any, *args: Any, **kwargs: Any) -> Outcome:
    """Call fn on deep copies of the inputs; return its value or exception and warnings, never raise."""
    try:
        args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
    except Exception:  # noqa: BLE001 - inputs that cannot be copied (e.g. tensors) are passed as they are
        pass
    with warnings.catch_warnings(record=True) as records, np.errstate(all="warn", under="ignore"):
        warnings.simplefilter("always")
        try:
            value = fn(*args, **kwargs)
        except KeyboardInterrupt:
            raise
        except BaseException as err:  # noqa: BLE001 - SystemExit, GeneratorExit and all learner errors
            return Outcome(error=err, warnings=_warning_words(records))
    return Outcome(value=value, warnings=_warning_words(records))


def warnings_note(found: Sequence[str]) -> str:
    """Return a sentence naming the warnings learner code triggered, or '' when there were none."""
    if not found:
        return ""
    listed = "; ".join(found[:2])
    return f" While it ran, your code triggered a warning ({listed}): a sign of overflow, division by zero or NaN."


def _short(value: Any, limit: int = 60) -> str:
    try:
        if isinstance(value, np.ndarray):
            text = np.array2string(value, precision=4, threshold=8, separator=", ")
            text = " ".join(text.split())
            return text if len(text) <= limit else f"array of shape {value.shape}"
        if isinstance(value, float):
            return f"{value:.6g}"
        if isinstance(value, (tuple, list)) and len(value) > 3:
            return f"a {type(value).__name__} of {len(value)} items"
        text = " ".join(repr(value).split())
    except BaseException as err:  # noqa: BLE001 - a learner's object may fail to print
        if isinstance(err, KeyboardInterrupt):
            raise
        return f"a {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe_value(value: Any) -> str:
    """Name what a value is, precisely enough to tell a learner what to change."""
    if value is None:
        return "None"
    if isinstance(value, (bool, np.bool_)):
        return f"the bool {value}"
    if isinstance(value, (str, bytes)):
        return f"the string {_short(value)}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} items"
    return f"a {type(value).__name__} {_short(value)}"


def compare(got: Any, expected: Any, rtol: float = 1e-6, atol: float = 1e-9) -> str | None:
    """Return None when got matches expected, else a sentence saying what differs; never raise."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return _compare(got, expected, rtol, atol)
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # noqa: BLE001 - e.g. __array__, __float__ or __eq__ of the result raised
        return (
            f"the returned value ({type(got).__name__}) could not be read as the expected answer: "
            f"converting it raised {type(err).__name__}: {_safe_str(err, 120)}"
        )


def _compare(got: Any, expected: Any, rtol: float, atol: float) -> str | None:
    if got is None and expected is not None:
        return "returned None: did you forget the `return` statement?"
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(got, (bool, np.bool_)):
            return f"expected True or False, got {describe_value(got)}"
        return None if bool(got) == bool(expected) else f"expected {expected}, got {got}"
    if isinstance(expected, str):
        if not isinstance(got, str):
            return f"expected a string, got {describe_value(got)}"
        return None if got == expected else f"expected {expected!r}, got {_short(got)}"
    if isinstance(expected, Mapping):
        if not isinstance(got, Mapping):
            return f"expected a dict, got {describe_value(got)}"
        if set(got) != set(expected):
            return f"expected the keys {sorted(map(str, expected))}, got {sorted(map(str, got))}"
        for key in expected:
            problem = _compare(got[key], expected[key], rtol, atol)
            if problem:
                return f"for key {key!r}: {problem}"
        return None
    if isinstance(expected, tuple):
        if isinstance(got, np.ndarray) and got.ndim >= 1:
            got = list(got)
        if not isinstance(got, (tuple, list)):
            return f"expected a tuple of {len(expected)} items, got {describe_value(got)}"
        if len(got) != len(expected):
            return f"expected a tuple of {len(expected)} items, got {len(got)} items"
        for i, (g, e) in enumerate(zip(got, expected)):
            problem = _compare(g, e, rtol, atol)
            if problem:
                return f"item {i}: {problem}"
        return None
    if isinstance(expected, (int, float, np.number, np.ndarray, list)):
        return _compare_numbers(got, expected, rtol, atol)
    return None if got == expected else f"expected {_short(expected)}, got {_short(got)}"


def _has_strings(value: Any) -> bool:
    if isinstance(value, (str, bytes)):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "USO" and any(isinstance(v, (str, bytes)) for v in value.reshape(-1)[:100])
    if isinstance(value, (list, tuple)):
        return any(_has_strings(v) for v in value[:100])
    return False


def _as_numbers(got: Any, want: np.ndarray) -> tuple[np.ndarray | None, str | None]:
    """Turn got into a float array or explain why it is not numbers."""
    kind = "a number" if want.ndim == 0 else f"an array of shape {want.shape}"
    if _has_strings(got):
        return None, f"expected {kind}, got {describe_value(got)}: return numbers, not their text"
    if isinstance(got, (bool, np.bool_)):
        return None, f"expected {kind}, got {describe_value(got)}"
    if isinstance(got, int) and not isinstance(got, bool) and abs(got) > 10**300:
        return None, f"expected {kind}, got an integer with {len(str(abs(got)))} digits, too large for a float"
    if hasattr(got, "numpy") and callable(got.numpy):
        got = got.numpy()
    try:
        raw = np.asarray(got)
    except (TypeError, ValueError):
        return None, f"expected {kind}, got {describe_value(got)} that NumPy cannot turn into one rectangular array"
    if raw.dtype.kind == "c":
        if np.all(np.abs(raw.imag) <= 1e-8 * (1 + np.abs(raw.real))):
            raw = raw.real
        else:
            largest = np.abs(raw.imag).max()
            return None, f"expected real numbers, got complex numbers (imaginary parts up to {largest:.3g})"
    if raw.dtype.kind == "b" and want.dtype.kind != "b":
        return None, f"expected {kind}, got booleans ({describe_value(got)})"
    try:
        have = raw.astype(float)
    except (TypeError, ValueError, OverflowError):
        return None, f"expected {kind}, got {describe_value(got)}"
    return have, None


def _compare_numbers(got: Any, expected: Any, rtol: float, atol: float) -> str | None:
    want = np.asarray(expected, dtype=float)
    have, problem = _as_numbers(got, want)
    if problem:
        return problem
    low_precision = np.asarray(got).dtype in (np.float32, np.float16) or np.asarray(expected).dtype == np.float32
    if low_precision:
        rtol, atol = max(rtol, FLOAT32_RTOL), max(atol, FLOAT32_ATOL)
    if have.shape != want.shape:
        if want.ndim == 0:
            return f"expected a single number, got an array of shape {have.shape}"
        if have.ndim == 0:
            return f"expected an array of shape {want.shape}, got a single number"
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


def is_whole_number(value: Any) -> bool:
    """True for a Python or NumPy integer, not a bool."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def check_function(
    fn: Any,
    cases: Sequence[Case],
    exercise: str,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    hint: str = "",
    comparer: Callable[[Any, Any], str | None] | None = None,
    after: Callable[[Any], str | None] | None = None,
) -> Feedback:
    """Run fn on every case and return a Feedback: ✅, ⏳ for an unsolved stub, or ❌ with the reason.

    `after(fn)` runs once all cases pass and returns a further problem (or None); it must call fn via run_learner.
    """
    if not callable(fn):
        return Feedback(exercise, "failed", f"expected a function, got {describe_value(fn)}.")
    found: list[str] = []
    for case in cases:
        outcome = run_learner(fn, *case.args, **dict(case.kwargs))
        found += [w for w in outcome.warnings if w not in found]
        if outcome.not_attempted:
            return Feedback(exercise, "not_attempted", NOT_ATTEMPTED)
        if outcome.error is not None:
            message = f"for {case.describe()}: {outcome.error_sentence()}."
            return Feedback(exercise, "failed", message + warnings_note(outcome.warnings))
        if comparer is None:
            problem = compare(outcome.value, case.expected, rtol, atol)
        else:
            problem = compare_with(comparer, outcome.value, case.expected)
        if problem:
            extra = f" Hint: {hint}" if hint else ""
            return Feedback(exercise, "failed", f"for {case.describe()}: {problem}.{extra}{warnings_note(found)}")
    if after is not None:
        problem = compare_with(lambda f, _: after(f), fn, None)
        if problem:
            return Feedback(exercise, "failed", problem)
    note = warnings_note(found)
    inputs = "the test input" if len(cases) == 1 else f"all {len(cases)} test inputs"
    return Feedback(exercise, "passed", f"correct on {inputs}. Well done!{note}")


def compare_with(comparer: Callable[[Any, Any], str | None], got: Any, expected: Any) -> str | None:
    """Run a custom comparer, turning any exception it meets in the learner's value into a sentence."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return comparer(got, expected)
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # noqa: BLE001 - the returned value misbehaved while being read
        return (
            f"the returned value ({type(got).__name__}) could not be checked: "
            f"reading it raised {type(err).__name__}: {_safe_str(err, 120)}"
        )


def check_against(
    fn: Any,
    reference: Callable[..., Any],
    inputs: Sequence[tuple],
    exercise: str,
    labels: Sequence[str] = (),
    **options: Any,
) -> Feedback:
    """Check fn against reference(*args) for every argument tuple in inputs; labels (if given) name the inputs."""
    names = list(labels) or [""] * len(inputs)
    if len(names) != len(inputs):
        raise ValueError(f"got {len(names)} labels for {len(inputs)} inputs.")
    cases = [Case(tuple(args), reference(*args), label=label) for args, label in zip(inputs, names)]
    return check_function(fn, cases, exercise, **options)
