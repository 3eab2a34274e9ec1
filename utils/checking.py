"""The checker framework: run a learner's function on known and drawn inputs and explain what is wrong.

A checker is stated declaratively as an `Exercise`: the reference solution, the exercise's worked
examples, the edge cases of its domain and a generator of random valid inputs. `Exercise.check(fn)`
compares fn with the reference on all of them (fresh random draws at every call, seeded; the seed is
shown on failure so the learner can repeat the draw). The tolerance follows the float width the learner
returns (or is given); a missing `return` is named as such; an input changed in place is reported; and a
right value of a type the notebook cannot use (checked by the exercise's `result` or `after`) is refused
with the reason. A known mistake (`suspects`) is named only when it also explains the learner's other answers; a
failure only as large as rounding gives way to a plainer one on a later input; parameters given in another order,
a generator, a class and an answer too slow for the whole check (CHECK_LIMIT_S) are each named. Stating a checker:

    SPEC = Exercise("name", reference, examples=[Example(args, "label")], edges=[...], draw=lambda rng: args)

    def check_name(fn, seed=None):
        return SPEC.check(fn, seed)

Every call of learner code runs in a daemon worker thread under a time limit (the same mechanism in
JupyterLab, Colab and plain Python, on Linux, macOS and Windows; `signal.setitimer` would work only in the
main thread on Unix). Past the limit the checker raises SystemExit inside that thread
(`PyThreadState_SetAsyncExc`), which a Python loop meets at its next step, so a loop that never ends becomes
a sentence instead of a frozen kernel; an import in progress is never interrupted. A call stuck inside C code
(a long sleep) or one that swallows every exception cannot be stopped: it is left running as a daemon thread
(the pending stop request ends it as soon as it is back in Python), and the message says to restart the kernel
if the notebook slows down.
"""

from __future__ import annotations

import ast
import copy
import ctypes
import dataclasses
import inspect
import math
import secrets
import sys
import textwrap
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

Status = Literal["passed", "failed", "not_attempted"]
_ICON = {"passed": "✅", "failed": "❌", "not_attempted": "⏳"}
NOT_ATTEMPTED = "not attempted yet: replace `raise NotImplementedError` with your code, then run this cell again."
FLOAT32_RTOL, FLOAT32_ATOL = 1e-5, 1e-6
TIME_LIMIT_S = 10.0  # per call of learner code; read at every call, so tests may lower it
STOP_GRACE_S = 1.0  # how long a call past its limit is given to stop before it is left running
CHECK_LIMIT_S = 60.0  # a whole check (all inputs) of a right but slow answer stops after this many seconds
IMPORT_GRACE_S = 120.0  # a call past its limit while it imports (TensorFlow: seconds) may run this much longer
RANDOM_DRAWS = 20  # random inputs per check, fresh at every call
SEED_LIMIT = 1_000_000  # seeds are drawn below this, so a failure message shows a short number
# The loosest relative tolerance each float width may need (bytes -> rtol), and the absolute floor per unit
# of the result's magnitude: a float32 result cannot match a float64 reference to more than ~7 digits.
_RTOL_FLOOR = {2: 2e-3, 4: FLOAT32_RTOL, 8: 0.0}
_ATOL_PER_UNIT = {2: 1e-3, 4: FLOAT32_ATOL, 8: 1e-13}
_UNIT_ROUNDOFF = {2: 2.0**-11, 4: 2.0**-24, 8: 2.0**-53}
_CLOSE = "close: they differ by"  # how a rounding-sized difference is worded (and recognised)
LOOK_AHEAD_S = 3.0  # time spent, after a failure, calling learner code again to find a plainer failure or cause


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
class Example:
    """One input to a checked function (positional and keyword arguments) with a label for feedback."""

    args: tuple = ()
    label: str = ""
    kwargs: Mapping[str, Any] = field(default_factory=dict)


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
    """What one call of learner code gave: a value or exception, warnings in words, a time-out, inputs changed."""

    value: Any = None
    error: BaseException | None = None
    warnings: tuple[str, ...] = ()
    timed_out: bool = False
    still_running: bool = False
    time_limit: float = TIME_LIMIT_S
    changed: tuple[str, ...] = ()

    @property
    def not_attempted(self) -> bool:
        """True when the learner's function still raises NotImplementedError."""
        return isinstance(self.error, NotImplementedError)

    def error_sentence(self) -> str:
        """Describe the exception (or the time-out) in one line, without a traceback."""
        if self.timed_out:
            sentence = (
                f"your function did not return within {self.time_limit:g} s: look for a loop that never ends "
                "(a `while` whose condition never becomes false, or a counter that is never updated)"
            )
            if self.still_running:
                sentence += (
                    "; it could not be stopped and keeps running in the background, so restart the kernel "
                    "(Kernel > Restart) if the notebook slows down"
                )
            return sentence
        err = self.error
        if isinstance(err, SystemExit):
            return "your function called exit() / sys.exit() (SystemExit); return a value instead"
        if isinstance(err, GeneratorExit):
            return "your function raised GeneratorExit; return a value instead"
        if isinstance(err, KeyboardInterrupt):
            return "your function raised KeyboardInterrupt itself; return a value instead"
        if isinstance(err, RecursionError):
            return "your function raised RecursionError: it calls itself without ever reaching a case that stops"
        text = _safe_str(err)
        return f"your function raised {type(err).__name__}" + (f": {text}" if text else "")


# ---------------------------------------------------------------------------------------------------------------
# Calling learner code: a worker thread, a time limit, warnings in words, inputs copied and watched.


@dataclass(eq=False)
class _Run:
    """State shared by the checker and the worker thread of one call."""

    value: Any = None
    error: BaseException | None = None
    finished: bool = False
    stopping: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)


def _worker(run: _Run, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    """Call fn, store its value or exception, mark the call finished and wait until the checker releases it.

    A stop request arrives as SystemExit at any statement; each stage is retried until it completes, so a
    late stop can neither lose the result nor escape the thread.
    """
    stage = 0
    while True:
        try:
            if stage == 0:
                stage = 1
                try:
                    with np.errstate(all="warn", under="ignore"):
                        run.value = fn(*args, **kwargs)
                except BaseException as err:  # noqa: BLE001 - every learner failure becomes feedback
                    run.error = err
            if stage == 1:
                with run.lock:
                    run.finished = True
                    run.done.set()
                stage = 2
            run.released.wait()
            return
        except SystemExit:
            continue


def _inject(ident: int | None, exc: type[BaseException] | None) -> None:
    """Raise exc asynchronously in the thread `ident` (None cancels a pending one); CPython only."""
    if ident is None:
        return
    try:
        setter = ctypes.pythonapi.PyThreadState_SetAsyncExc
    except AttributeError:  # not CPython: the thread is left to finish on its own
        return
    setter(ctypes.c_ulong(ident), ctypes.py_object(exc) if exc is not None else None)


def _stop(thread: threading.Thread, run: _Run) -> bool:
    """Ask a call past its limit to stop (SystemExit at its next statement); True if it still runs after the grace."""
    deadline = time.monotonic() + STOP_GRACE_S
    while True:
        with run.lock:
            if run.finished:
                _inject(thread.ident, None)  # cancel a request the thread has not met yet
                run.released.set()
                return False
            run.stopping = True
            _inject(thread.ident, SystemExit)
        if run.done.wait(0.05):
            continue
        if time.monotonic() > deadline:
            run.released.set()  # once it ends it leaves; a pending SystemExit stops it at its next statement
            return True


def _importing(ident: int | None) -> bool:
    """True while the thread `ident` is inside Python's import machinery."""
    frame = sys._current_frames().get(ident) if ident is not None else None
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


def _call(fn: Callable[..., Any], args: tuple, kwargs: Mapping[str, Any], limit: float) -> Outcome:
    """Call fn(*args, **kwargs) in a daemon thread; give up after `limit` seconds; never raise (but Ctrl-C)."""
    run = _Run()
    thread = threading.Thread(target=_worker, args=(run, fn, args, dict(kwargs)), daemon=True, name="course-checker")
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        thread.start()
        try:
            finished = run.done.wait(limit)
            cap = time.monotonic() + IMPORT_GRACE_S
            while not finished and _importing(thread.ident) and time.monotonic() < cap:
                # Never stop a call in the middle of an import (a half-imported TensorFlow breaks the kernel):
                # give it the time limit again once it is past its imports.
                finished = run.done.wait(limit)
        except BaseException:  # KeyboardInterrupt from the kernel: stop the call too, then pass it on
            _stop(thread, run)
            raise
        if finished:
            run.released.set()
            still_running = False
        else:
            still_running = _stop(thread, run)
        found = _warning_words(records)
    if not finished:  # it ran past the limit, whatever it did during the grace
        return Outcome(warnings=found, timed_out=True, still_running=still_running, time_limit=limit)
    # A KeyboardInterrupt in the worker comes from the learner's code itself: the kernel's Interrupt arrives in the
    # main thread (above) and stops the call. It is reported like any other exception.
    return Outcome(value=run.value, error=run.error, warnings=found, time_limit=limit)


def _call_copied(fn: Callable[..., Any], args: tuple, kwargs: Mapping[str, Any], limit: float) -> Outcome:
    """Call fn on deep copies of its inputs, then name the inputs it changed in place."""
    try:
        passed_args, passed_kwargs = copy.deepcopy((tuple(args), dict(kwargs)))
    except Exception:  # noqa: BLE001 - inputs that cannot be copied are passed as they are and not watched
        return _call(fn, tuple(args), kwargs, limit)
    outcome = _call(fn, passed_args, passed_kwargs, limit)
    changed = _changed_inputs(fn, args, kwargs, passed_args, passed_kwargs)
    return dataclasses.replace(outcome, changed=changed) if changed else outcome


def _parameter_names(fn: Any) -> list[str]:
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return []
    names = []
    for p in params:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD, p.KEYWORD_ONLY):
            break
        names.append(p.name)
    return names


def _changed_inputs(fn: Any, args: tuple, kwargs: Mapping[str, Any], after: tuple, after_kw: dict) -> tuple[str, ...]:
    names = _parameter_names(fn)
    found = []
    for i, (before, now) in enumerate(zip(args, after)):
        difference = _difference(before, now)
        if difference:
            name = f"`{names[i]}`" if i < len(names) else f"argument {i + 1}"
            found.append(f"{name} ({difference})")
    for key, before in kwargs.items():
        difference = _difference(before, after_kw.get(key))
        if difference:
            found.append(f"`{key}` ({difference})")
    return tuple(found)


def _difference(before: Any, now: Any, depth: int = 0) -> str | None:
    """Describe how `now` differs from `before` (an input after a call), or None; never raise."""
    try:
        if isinstance(before, np.ndarray):
            if not isinstance(now, np.ndarray):
                return None
            if now.shape != before.shape:
                return f"its shape changed from {before.shape} to {now.shape}"
            if before.dtype.kind in "fc":
                scale = max(1.0, float(np.nanmax(np.abs(before)))) if before.size else 1.0
                same = np.isclose(now, before, rtol=1e-12, atol=1e-15 * scale, equal_nan=True)
            else:
                same = now == before
            if np.all(same):
                return None
            index = tuple(int(i) for i in np.argwhere(~np.asarray(same))[0])
            where = f"entry {index}" if index else "its value"
            if before.dtype.kind in "fiub":
                return "{} was {}, now {}".format(where, *_number_pair(before[index], now[index]))
            return f"{where} changed"
        if depth < 3 and isinstance(before, list) and isinstance(now, list):
            if len(before) != len(now):
                return f"it had {len(before)} items, now {len(now)}"
            for i, (b, n) in enumerate(zip(before, now)):
                inner = _difference(b, n, depth + 1)
                if inner:
                    return f"item {i}: {inner}"
            if any(type(b) is not type(n) or (_is_plain(b) and b != n) for b, n in zip(before, now)):
                return "its items changed"
            return None
        if depth < 3 and isinstance(before, dict) and isinstance(now, dict):
            if set(before) != set(now):
                return "its keys changed"
            for key in before:
                inner = _difference(before[key], now[key], depth + 1)
                if inner:
                    return f"key {key!r}: {inner}"
            return None
    except Exception:  # noqa: BLE001 - a strange input is not worth a crash
        return None
    return None


def _is_plain(value: Any) -> bool:
    return isinstance(value, (int, float, str, bytes, bool, type(None)))


def run_learner(fn: Any, *args: Any, **kwargs: Any) -> Outcome:
    """Call fn on deep copies of the inputs under the time limit; return its value or exception, never raise."""
    return _call_copied(fn, args, kwargs, TIME_LIMIT_S)


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


def warnings_note(found: Sequence[str]) -> str:
    """Return a sentence naming the warnings learner code triggered, or '' when there were none."""
    if not found:
        return ""
    listed = "; ".join(found[:2])
    numeric = any(text.startswith(("RuntimeWarning", "FloatingPointError")) for text in found[:2])
    meaning = ": a sign of overflow, division by zero or NaN" if numeric else ""
    return f" While it ran, your code triggered a warning ({listed}){meaning}."


# ---------------------------------------------------------------------------------------------------------------
# Describing values and inputs.


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


def _literal(value: Any, limit: int = 120) -> str:
    """Write an input exactly (every digit a float has), or name its shape when it is too long to read."""
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, np.floating):
        return f"np.{value.dtype.name}({float(value)!r})"
    if isinstance(value, (int, np.integer)):
        return repr(int(value))
    if isinstance(value, str):
        text = repr(value)
        return text if len(text) <= limit else f"a string of {len(value)} characters"
    if isinstance(value, np.ndarray):
        if value.size == 0 and value.ndim != 1 and value.dtype.kind in "biuf":
            dtype = "" if value.dtype == np.float64 else f", dtype={value.dtype.name}"
            return f"np.zeros({value.shape}{dtype})"  # np.array([]) would lose the shape (0, 28, 28)
        if value.size <= 16 and value.dtype.kind in "biuf":
            body = np.array2string(value, separator=", ", floatmode="unique", max_line_width=10_000, threshold=100)
            body = " ".join(body.split()).replace("[ ", "[")
            dtype = "" if value.dtype in (np.float64, np.int64, np.bool_) else f", dtype={value.dtype.name}"
            text = f"np.array({body}{dtype})"
            if len(text) <= limit:
                return text
        return f"an array of shape {value.shape} ({value.dtype.name})"
    if callable(value):
        name = getattr(value, "__name__", type(value).__name__)
        return "a lambda" if name == "<lambda>" else name
    if isinstance(value, (list, tuple)):
        inner = ", ".join(_literal(v, limit) for v in value[:8])
        text = f"[{inner}]" if isinstance(value, list) else f"({inner}{',' if len(value) == 1 else ''})"
        if len(value) <= 8 and len(text) <= limit:
            return text
        return f"a {type(value).__name__} of {len(value)} items"
    return _short(value, limit)


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


def _number_pair(want: Any, have: Any) -> tuple[str, str]:
    """Format two numbers with just enough significant digits to show that they differ."""
    try:
        a, b = float(want), float(have)
    except (TypeError, ValueError, OverflowError):
        return str(want), str(have)
    for digits in range(6, 18):
        x, y = f"{a:.{digits}g}", f"{b:.{digits}g}"
        if x != y:
            return x, y
    return repr(a), repr(b)


# ---------------------------------------------------------------------------------------------------------------
# Comparing a learner's value with the reference's.


def compare(got: Any, expected: Any, rtol: float = 1e-6, atol: float = 1e-9, *, width: int = 8) -> str | None:
    """Return None when got matches expected, else a sentence saying what differs; never raise.

    The tolerance is at least what the narrowest float involved can hold: `width` is the smallest float width
    (bytes) among the inputs, and the width of the returned value counts too (float32: about 7 digits).
    """
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return _compare(got, expected, rtol, atol, width)
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # noqa: BLE001 - e.g. __array__, __float__ or __eq__ of the result raised
        return (
            f"the returned value ({type(got).__name__}) could not be read as the expected answer: "
            f"converting it raised {type(err).__name__}: {_safe_str(err, 120)}"
        )


def _compare(got: Any, expected: Any, rtol: float, atol: float, width: int = 8) -> str | None:
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
            problem = _compare(got[key], expected[key], rtol, atol, width)
            if problem:
                return f"for key {key!r}: {problem}"
        return None
    if isinstance(expected, tuple):
        if isinstance(got, np.ndarray) and got.ndim >= 1:
            if len(got) != len(expected):
                return f"expected a tuple of {len(expected)} items, got {describe_value(got)}"
            got = list(got)
        if not isinstance(got, (tuple, list)):
            return f"expected a tuple of {len(expected)} items, got {describe_value(got)}"
        if len(got) != len(expected):
            return f"expected a tuple of {len(expected)} items, got {len(got)} items"
        for i, (g, e) in enumerate(zip(got, expected)):
            if g is None and e is not None:
                return f"item {i} is None: every item of the tuple needs a value"
            problem = _compare(g, e, rtol, atol, width)
            if problem:
                return f"item {i}: {problem}"
        return None
    if isinstance(expected, (int, float, np.number, np.ndarray, list)):
        return _compare_numbers(got, expected, rtol, atol, width)
    return None if got == expected else f"expected {_short(expected)}, got {_short(got)}"


def _has_strings(value: Any) -> bool:
    if isinstance(value, (str, bytes)):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "USO" and any(isinstance(v, (str, bytes)) for v in value.reshape(-1)[:100])
    if isinstance(value, (list, tuple)):
        return any(_has_strings(v) for v in value[:100])
    return False


def _float_width(value: Any, depth: int = 0) -> int:
    """The narrowest float width (bytes) in a value: 2, 4 or 8 (8 for Python numbers and non-floats)."""
    dtype = getattr(value, "dtype", None)
    if dtype is not None:
        try:
            numpy_dtype = np.dtype(getattr(dtype, "as_numpy_dtype", dtype))  # a TensorFlow DType too
        except TypeError:
            return 8
        if numpy_dtype.kind == "f":
            return min(8, numpy_dtype.itemsize)
        if numpy_dtype.kind == "c":
            return min(8, numpy_dtype.itemsize // 2)
        return 8
    if depth < 2 and isinstance(value, (list, tuple)):
        return min([8] + [_float_width(v, depth + 1) for v in value[:50]])
    return 8


def _inputs_width(args: Sequence[Any], kwargs: Mapping[str, Any]) -> int:
    return min([8] + [_float_width(v) for v in (*args, *kwargs.values())])


def _allowed_width(got: Any, width: int) -> int:
    """The float width whose tolerance a result gets: its own, but never narrower than float32 unless the inputs are.

    A float32 answer to float64 inputs is right to float32's precision (TensorFlow computes in float32); a float16
    answer throws away digits the inputs had, so it is held to float32's tolerance.
    """
    return min(width, max(_float_width(got), 4))


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


def _is_integral(expected: Any) -> bool:
    if is_whole_number(expected):
        return True
    return isinstance(expected, np.ndarray) and expected.dtype.kind in "iu"


def _compare_numbers(got: Any, expected: Any, rtol: float, atol: float, width: int = 8) -> str | None:
    want = np.asarray(expected, dtype=float)
    have, problem = _as_numbers(got, want)
    if problem:
        return problem
    if have.shape != want.shape:
        if want.ndim == 0:
            return f"expected a single number, got an array of shape {have.shape}"
        if have.ndim == 0:
            return f"expected an array of shape {want.shape}, got a single number"
        return f"wrong shape: expected {want.shape}, got {have.shape}"
    exact = _is_integral(expected)
    narrowed = _float_width(got) < min(width, 4)
    width = _allowed_width(got, width)
    if exact:
        rtol, atol = 0.0, 0.0
    else:
        finite = np.abs(want[np.isfinite(want)])
        magnitude = float(finite.max()) if finite.size else 1.0
        rtol = max(rtol, _RTOL_FLOOR.get(width, 0.0))
        atol = max(atol, _ATOL_PER_UNIT.get(width, 0.0) * magnitude)
    bad = ~np.isclose(have, want, rtol=rtol, atol=atol, equal_nan=True)
    if not bad.any():
        return None
    index = tuple(int(i) for i in np.argwhere(bad)[0]) if want.ndim else ()
    w, h = float(want[index]), float(have[index])
    a, b = _number_pair(w, h)
    where = "" if want.ndim == 0 else f"wrong value at index {index}: "
    notes = [f"{int(bad.sum())} of {bad.size} entries differ"] if want.ndim else []
    if math.isnan(h) and not math.isnan(w):
        notes.append("NaN comes from 0/0, inf - inf, 0 * inf, or the log or square root of a negative number")
    elif math.isinf(h) and not math.isinf(w):
        notes.append("inf comes from an overflow (exp of a large number) or a division by zero")
    elif exact and not float(h).is_integer():
        notes.append("the answer is a whole number")
    elif narrowed:
        notes.append("you returned float16 numbers, which keep only about 3 digits: compute in float32 or float64")
    elif not exact and math.isfinite(w) and math.isfinite(h) and w != 0 and abs(h - w) <= 1e-4 * abs(w):
        kind = {2: "float16", 4: "float32"}.get(width, "float64")
        notes.append(
            f"{_CLOSE} {abs(h - w) / abs(w):.1e} relative, more than the {rtol:.0e} allowed for {kind} numbers"
        )
    return f"{where}expected {a}, got {b}" + (f" ({'; '.join(notes)})" if notes else "")


def is_whole_number(value: Any) -> bool:
    """True for a Python or NumPy integer, not a bool."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


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


# ---------------------------------------------------------------------------------------------------------------
# A function that returned None: name the missing `return` precisely.


def _own_nodes(func: ast.AST) -> Iterator[ast.AST]:
    """Walk a function's body without entering nested functions, lambdas or classes."""
    stack = list(ast.iter_child_nodes(func))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))


def _is_print(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"


def _none_message(fn: Any) -> str:
    """Say why fn returned None, reading its source when it is available."""
    generic = "returned None: did you forget the `return` statement?"
    try:
        source = textwrap.dedent(inspect.getsource(fn))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError, IndentationError, ValueError):
        return generic
    func = next((n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))), None)
    if func is None:
        return generic
    if isinstance(func, ast.Lambda):
        if _is_print(func.body):
            return "returned None: your lambda returns what print() returns, which is None; return the value itself"
        return generic
    nodes = list(_own_nodes(func))
    returns = [n for n in nodes if isinstance(n, ast.Return)]
    prints = any(_is_print(n) for n in nodes)
    if any(_is_print(r.value) for r in returns):
        return "returned None: `return print(...)` returns what print() returns, which is None; return the value itself"
    if not any(r.value is not None for r in returns):
        if prints:
            return (
                "returned None: your function prints its result but has no `return` statement; print() only "
                "shows a value, so end with `return <result>` instead"
            )
        return "returned None: your function has no `return` statement; end it with `return <result>`"
    if any(_may_give_none(r.value) for r in returns):
        return (
            "returned None for this input: one of your `return` statements gives None (`return None`, or "
            "`... if ... else None`) for it; return a value the exercise asks for in every case"
        )
    return (
        "returned None for this input: one path through your function ends without a `return <value>` "
        "(check every if/else branch and early `return`)"
    )


def _may_give_none(node: ast.AST | None) -> bool:
    """True for a returned expression that is None itself or a conditional with a None branch."""
    if isinstance(node, ast.Constant) and node.value is None:
        return True
    return isinstance(node, ast.IfExp) and (_may_give_none(node.body) or _may_give_none(node.orelse))


# ---------------------------------------------------------------------------------------------------------------
# The checker loop, shared by Exercise.check and check_function.


@dataclass(frozen=True)
class _Trial:
    """One call to check: where it comes from (for messages), its inputs and how to get the right answer."""

    where: str
    args: tuple
    kwargs: Mapping[str, Any]
    expected: Callable[[], Any]
    random: bool = False
    at_width: Callable[[int], Any] | None = None  # the right answer for inputs rounded to a narrower float


def _rounded(value: Any, width: int, depth: int = 0) -> Any:
    """Round the floats in an input to a narrower float width (2 or 4 bytes), as a float32 computation would."""
    dtype = {2: np.float16, 4: np.float32}[width]
    if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.dtype.itemsize > width:
        return value.astype(dtype)
    if isinstance(value, (float, np.floating)) and np.dtype(type(value)).itemsize > width:
        return dtype(value)
    if depth < 2 and isinstance(value, (list, tuple)):
        return type(value)(_rounded(v, width, depth + 1) for v in value)
    return value


def _verdict(
    fn: Any,
    exercise: str,
    trials: Sequence[_Trial],
    *,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    hint: str = "",
    comparer: Callable[[Any, Any, _Trial], str | None] | None = None,
    result: Callable[[Any, _Trial], str | None] | None = None,
    after: Callable[[Any], str | None] | None = None,
    suspects: Mapping[str, Callable[..., Any]] | None = None,
    suspect_comparer: Callable[[Any, Any], bool] | None = None,
    pure: bool = True,
    repeat: str = "",
    summary: str = "",
    praise: Callable[[Any], str] | None = None,
    reference_names: Sequence[str] = (),
) -> Feedback:
    if not callable(fn):
        return Feedback(
            exercise,
            "failed",
            f"expected a function, got {describe_value(fn)}: pass the function itself, "
            f"check_{exercise}({exercise}), not the result of calling it.",
        )
    if inspect.isclass(fn):
        return Feedback(
            exercise,
            "failed",
            f"expected a function, got the class {fn.__name__}: write the answer as a function (`def {exercise}(...):` "
            "with a `return`) and pass that function to the checker.",
        )
    limit = TIME_LIMIT_S
    found: list[str] = []
    answered = False
    value: Any = None
    started = time.monotonic()
    for position, trial in enumerate(trials):
        spent = time.monotonic() - started
        if position and spent > CHECK_LIMIT_S:
            return Feedback(
                exercise,
                "failed",
                f"your function was right on the first {position} of {len(trials)} inputs, but the check stopped after "
                f"{spent:.0f} s ({spent / position:.1f} s a call on these small inputs): look for repeated work (a "
                "loop over every value where one array operation would do, a model or layer rebuilt at every call) "
                "and make it faster, since the notebook's data are larger.",
            )
        outcome = _call_copied(fn, trial.args, trial.kwargs, limit)
        found += [w for w in outcome.warnings if w not in found]
        note = warnings_note(found)
        again = f" {repeat}" if trial.random and repeat else ""
        where = f"for {trial.where}: " if trial.where else ""
        if outcome.not_attempted and not answered:
            return Feedback(exercise, "not_attempted", NOT_ATTEMPTED)
        if outcome.timed_out:
            return Feedback(exercise, "failed", f"{where}{outcome.error_sentence()}.{again}")
        if outcome.error is not None:
            sentence = outcome.error_sentence()
            if outcome.not_attempted:
                sentence += " (this case is not handled yet)"
            order = _order_note(fn, reference_names)
            return Feedback(exercise, "failed", f"{where}{_end(sentence)}{order}{again}{note}")
        answered = True
        value = outcome.value
        if inspect.isgenerator(value):
            message = "your function returned a generator: `yield` makes it one; `return` the value (a list, an array)"
            return Feedback(exercise, "failed", f"{where}{message} instead.{again}")
        expected = trial.expected()
        if value is None and expected is not None:
            return Feedback(exercise, "failed", f"{where}{_end(_none_message(fn))}{again}")
        problem = _problem_of(value, trial, rtol, atol, comparer)
        if problem:
            index, cache = position, {}
            if _CLOSE in problem:  # a rounding-sized difference: a later input may show the mistake more plainly
                clearer = _clearer_failure(fn, trials, index, rtol, atol, comparer, limit, cache)
                if clearer is not None:
                    index, value, problem = clearer
                    trial = trials[index]
                    again = f" {repeat}" if trial.random and repeat else ""
                    where = f"for {trial.where}: " if trial.where else ""
            diagnosis = _order_note(fn, reference_names) or _diagnose(
                fn, value, trials, index, position, suspects or {}, rtol, atol, suspect_comparer, limit, cache
            )
            extra = f" Hint: {hint}" if hint and not diagnosis else ""
            return Feedback(exercise, "failed", f"{where}{_end(problem)}{diagnosis}{extra}{again}{note}")
        if result is not None:
            problem = compare_with(lambda g, _, t=trial: result(g, t), value, None)
            if problem:
                message = f"{where}the value is right, but {_end(problem)}{again}"
                return Feedback(exercise, "failed", message)
        if pure and outcome.changed:
            changed = " and ".join(outcome.changed)
            return Feedback(
                exercise,
                "failed",
                f"{where}the result is right, but your function changed its input {changed} in place; "
                "the caller's data must stay as it was: work on a copy (`x = x.copy()`, `np.array(x, dtype=float)`) "
                f"or write out-of-place operations (`m = beta * m`, not `m *= beta`).{again}",
            )
    if after is not None:
        outcome = _call(after, (fn,), {}, max(4 * limit, 20.0))
        if outcome.timed_out or outcome.error is not None:
            problem = "on a further check, " + outcome.error_sentence()
        else:
            problem = outcome.value
        if problem:
            return Feedback(exercise, "failed", _sentence(problem))
    note = warnings_note(found)
    if praise is not None:
        return Feedback(exercise, "passed", praise(value) + note)
    if not summary:
        summary = "the test input" if len(trials) == 1 else f"all {len(trials)} test inputs"
    return Feedback(exercise, "passed", f"correct on {summary}. Well done!{note}")


def _judge(
    value: Any,
    expected: Any,
    trial: _Trial,
    rtol: float,
    atol: float,
    comparer: Callable[[Any, Any, _Trial], str | None] | None,
) -> str | None:
    if comparer is None:
        return compare(value, expected, rtol, atol, width=_inputs_width(trial.args, trial.kwargs))
    return compare_with(lambda g, e, t=trial: comparer(g, e, t), value, expected)


def _sentence(text: Any) -> str:
    return _end(_safe_str(text, 600))


def _end(text: str) -> str:
    """End a sentence with a full stop unless it already ends with one (or ? or !)."""
    return text if text.endswith((".", "!", "?")) else text + "."


def _problem_of(
    value: Any,
    trial: _Trial,
    rtol: float,
    atol: float,
    comparer: Callable[[Any, Any, _Trial], str | None] | None,
) -> str | None:
    """Say what is wrong with a learner's value for one trial (None if right), allowing float32 inputs' rounding."""
    problem = _judge(value, trial.expected(), trial, rtol, atol, comparer)
    if problem and trial.at_width is not None:
        width = _inputs_width(trial.args, trial.kwargs)
        narrow = _allowed_width(value, width)
        if narrow < width:
            # A float32 answer cannot be closer than the float32 rounding of its inputs: compare it with the
            # reference on those rounded inputs too.
            try:
                rounded_answer = trial.at_width(narrow)
            except Exception:  # noqa: BLE001 - a reference that refuses narrow floats decides nothing
                rounded_answer = None
            if rounded_answer is not None and _judge(value, rounded_answer, trial, rtol, atol, comparer) is None:
                problem = None
    return problem


_NO_VALUE = object()  # a learner call that raised, timed out or returned None; a suspect that could not run


def _learner_value(fn: Any, trials: Sequence[_Trial], index: int, limit: float, cache: dict[int, Any]) -> Any:
    """The learner's value on trials[index] (called once, under the time limit), or _NO_VALUE."""
    if index not in cache:
        outcome = _call_copied(fn, trials[index].args, trials[index].kwargs, limit)
        good = not outcome.timed_out and outcome.error is None and outcome.value is not None
        cache[index] = outcome.value if good else _NO_VALUE
    return cache[index]


def _clearer_failure(
    fn: Any,
    trials: Sequence[_Trial],
    index: int,
    rtol: float,
    atol: float,
    comparer: Callable[[Any, Any, _Trial], str | None] | None,
    limit: float,
    cache: dict[int, Any],
) -> tuple[int, Any, str] | None:
    """After a rounding-sized failure, the first later fixed input where the answer is plainly wrong, if any."""
    deadline = time.monotonic() + LOOK_AHEAD_S
    for later in range(index + 1, len(trials)):
        if trials[later].random or time.monotonic() > deadline:
            continue
        value = _learner_value(fn, trials, later, min(limit, LOOK_AHEAD_S), cache)
        if value is _NO_VALUE:
            continue
        problem = _problem_of(value, trials[later], rtol, atol, comparer)
        if problem and _CLOSE not in problem:
            return later, value, problem
    return None


def _suspect_value(wrong: Callable[..., Any], trial: _Trial) -> Any:
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return wrong(*copy.deepcopy(trial.args), **copy.deepcopy(dict(trial.kwargs)))
    except Exception:  # noqa: BLE001 - a suspect that cannot run on this input says nothing
        return _NO_VALUE


def _diagnose(
    fn: Any,
    value: Any,
    trials: Sequence[_Trial],
    index: int,
    right_before: int,
    suspects: Mapping[str, Callable[..., Any]],
    rtol: float,
    atol: float,
    same: Callable[[Any, Any], bool] | None,
    limit: float,
    cache: dict[int, Any],
) -> str:
    """Name the known mistake that explains the learner's answer on trials[index], or ''.

    The learner was right on trials[:right_before].
    A suspect is named when it gives the learner's value on the failing input (and differs from the right one
    there), agrees with the reference wherever the learner was right before, and gives the learner's value on one of
    the next two inputs where it differs from the reference: one coincidence does not name a mistake.
    """
    if not suspects:
        return ""

    def agree(a: Any, b: Any) -> bool:
        if a is _NO_VALUE or b is _NO_VALUE:
            return False
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                return bool(same(a, b)) if same is not None else _compare(a, b, rtol, atol) is None
        except Exception:  # noqa: BLE001 - values that cannot be compared do not agree
            return False

    trial = trials[index]
    expected = trial.expected()
    deadline = time.monotonic() + LOOK_AHEAD_S
    for explanation, wrong in suspects.items():
        candidate = _suspect_value(wrong, trial)
        # an inf or NaN that the learner shares with a mistake names nothing: many mistakes overflow
        if not agree(value, candidate) or not _finite_everywhere(candidate) or agree(expected, candidate):
            continue
        earlier = [(t.expected(), _suspect_value(wrong, t)) for t in trials[:right_before]]
        if any(guess is not _NO_VALUE and not agree(right, guess) for right, guess in earlier):
            continue  # the learner was right where this mistake would have shown
        checked, matched = 0, 0
        for later in range(index + 1, len(trials)):
            if checked >= 2 or time.monotonic() > deadline:
                break
            guess = _suspect_value(wrong, trials[later])
            if guess is _NO_VALUE or agree(trials[later].expected(), guess):
                continue
            checked += 1
            matched += agree(_learner_value(fn, trials, later, min(limit, LOOK_AHEAD_S), cache), guess)
        if matched or not checked:  # the mistake shows again (or nothing later could tell it apart)
            return f" It looks like {explanation}."
    return ""


def _order_note(fn: Any, reference_names: Sequence[str]) -> str:
    """Point out parameters that carry the exercise's names in another order (the checker passes them by position)."""
    names, wanted = _parameter_names(fn)[: len(reference_names)], list(reference_names)
    if len(names) == len(wanted) and names != wanted and sorted(names) == sorted(wanted):
        return (
            f" Your parameters are in the order ({', '.join(names)}), but the exercise (and the checker) passes them "
            f"in the order ({', '.join(reference_names)}): keep the order of the stub."
        )
    return ""


def _finite_everywhere(value: Any) -> bool:
    try:
        return bool(np.all(np.isfinite(np.asarray(value, dtype=float))))
    except (TypeError, ValueError):
        return True


# ---------------------------------------------------------------------------------------------------------------
# Declarative exercises.


@dataclass(frozen=True)
class Exercise:
    """A checker stated declaratively: compare a learner's function with `reference` on three kinds of input.

    `examples` are the exercise's worked examples, `edges` the edge cases of its domain (zero and empty inputs,
    equal parameters, sizes that do not divide, integer and float inputs...), and `draw(rng)` returns one random
    valid input (an Example or an argument tuple); `draws` of them are drawn afresh at every check from a seed
    that a failure message shows. `rtol`/`atol` are the tolerances for float64 answers (looser ones follow a
    float32 result or input); `scale(*args)` gives the magnitude of the terms for an input whose answer
    cancels (the absolute tolerance is `scale_tol` times it, more for float32); `condition(*args)` says how much
    the answer amplifies a relative rounding error of the inputs (softmax: 1 + the largest |logit|), and the relative
    tolerance grows to 4 x condition x the unit roundoff of the float width returned; `roundoff_atol(u, *args)` is
    an absolute tolerance for an answer whose rounding error is not proportional to u (square roots of nearly
    singular matrices: sqrt(u)). `comparer(got, expected,
    example)` replaces the numeric comparison; `result(got, example)` names a problem of a right value that the
    notebook cannot use; `after(fn)` runs once at the end (with fn's calls under the time limit); `suspects`
    maps the explanation of a known mistake to a function computing its wrong answer (matched numerically, or
    by `suspect_comparer(got, wrong)`); `pure` reports inputs changed in place.
    """

    name: str
    reference: Callable[..., Any]
    examples: Sequence[Example] = ()
    edges: Sequence[Example] = ()
    draw: Callable[[np.random.Generator], Example | tuple] | None = None
    draws: int = RANDOM_DRAWS
    rtol: float = 1e-6
    atol: float = 1e-9
    scale: Callable[..., float] | None = None
    scale_tol: float = 1e-12
    condition: Callable[..., float] | None = None
    roundoff_atol: Callable[..., float] | None = None
    hint: str = ""
    comparer: Callable[[Any, Any, Example], str | None] | None = None
    result: Callable[[Any, Example], str | None] | None = None
    after: Callable[[Any], str | None] | None = None
    suspects: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    suspect_comparer: Callable[[Any, Any], bool] | None = None
    pure: bool = True
    show_call: bool = True
    praise: Callable[[Any], str] | None = None

    def random_inputs(self, seed: int) -> list[Example]:
        """Return the random inputs that `seed` draws (the same list for the same seed)."""
        if self.draw is None or self.draws <= 0:
            return []
        rng = np.random.default_rng(_valid_seed(seed))
        out = []
        for _ in range(self.draws):
            drawn = self.draw(rng)
            out.append(drawn if isinstance(drawn, Example) else Example(tuple(drawn)))
        return out

    def check(self, fn: Any, seed: int | None = None) -> Feedback:
        """Compare fn with the reference on the examples, the edge cases and fresh random inputs."""
        seed = secrets.randbelow(SEED_LIMIT) if seed is None else _valid_seed(seed)
        trials = [self._trial(ex, ex.label or "the worked example") for ex in self.examples]
        trials += [self._trial(ex, ex.label or "an edge case") for ex in self.edges]
        drawn = self.random_inputs(seed)
        for i, ex in enumerate(drawn, start=1):
            head = f"random input {i} of {len(drawn)} (seed {seed})"
            trials.append(self._trial(ex, f"{head}, {ex.label}" if ex.label else head, random=True))
        fn_name = getattr(fn, "__name__", "")
        fn_name = fn_name if fn_name.isidentifier() else self.name
        counts = [(len(self.examples), "worked example"), (len(self.edges), "edge case"), (len(drawn), "random input")]
        parts = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts if n]
        summary = f"all {len(trials)} inputs ({', '.join(parts)}{f', seed {seed}' if drawn else ''})"
        if len(trials) == 1:
            summary = "the test input"
        return _verdict(
            fn,
            self.name,
            trials,
            rtol=self.rtol,
            atol=self.atol,
            hint=self.hint,
            comparer=self._comparer(),
            result=(lambda got, t: self.result(got, _example(t))) if self.result else None,
            after=self.after,
            suspects=self.suspects,
            suspect_comparer=self.suspect_comparer,
            pure=self.pure,
            repeat=f"To repeat this draw, run check_{self.name}({fn_name}, seed={seed}).",
            summary=summary,
            praise=self.praise,
            reference_names=_parameter_names(self.reference),
        )

    def _trial(self, example: Example, head: str, random: bool = False) -> _Trial:
        call = self._call_text(example) if self.show_call else ""
        where = f"{head}, {call}" if call and call not in head else head
        if not self.show_call and not example.args and not example.label and len(self.examples) == 1:
            where = ""  # a function without inputs: nothing to name

        def expected(ex: Example = example) -> Any:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                return self.reference(*copy.deepcopy(ex.args), **copy.deepcopy(dict(ex.kwargs)))

        def at_width(width: int, ex: Example = example) -> Any:
            args, kwargs = _rounded(tuple(ex.args), width), {k: _rounded(v, width) for k, v in ex.kwargs.items()}
            return expected(Example(args, ex.label, kwargs))

        return _Trial(where, tuple(example.args), dict(example.kwargs), expected, random, at_width)

    def _call_text(self, example: Example) -> str:
        names = _parameter_names(self.reference)
        parts = []
        for i, value in enumerate(example.args):
            text = _literal(value)
            parts.append(f"{names[i]}={text}" if i < len(names) else text)
        parts += [f"{key}={_literal(value)}" for key, value in example.kwargs.items()]
        return f"{self.name}({', '.join(parts)})"

    def _comparer(self) -> Callable[[Any, Any, _Trial], str | None] | None:
        if self.comparer is not None:
            custom = self.comparer
            return lambda got, expected, t: custom(got, expected, _example(t))
        if self.scale is None and self.condition is None and self.roundoff_atol is None:
            return None

        def scaled(got: Any, expected: Any, t: _Trial) -> str | None:
            width = _inputs_width(t.args, t.kwargs)
            allowed = _allowed_width(got, width)
            rtol, atol = self.rtol, self.atol
            if self.scale is not None:
                magnitude = float(self.scale(*t.args, **dict(t.kwargs)))
                atol = max(atol, self.scale_tol * magnitude, _ATOL_PER_UNIT[allowed] * magnitude)
            if self.condition is not None:
                amplified = 4.0 * float(self.condition(*t.args, **dict(t.kwargs))) * _UNIT_ROUNDOFF[allowed]
                rtol = max(rtol, amplified)
            if self.roundoff_atol is not None:
                atol = max(atol, float(self.roundoff_atol(_UNIT_ROUNDOFF[allowed], *t.args, **dict(t.kwargs))))
            return compare(got, expected, rtol, atol, width=width)

        return scaled


def _example(trial: _Trial) -> Example:
    return Example(trial.args, trial.where, trial.kwargs)


def _valid_seed(seed: Any) -> int:
    if not is_whole_number(seed):
        raise TypeError(f"seed must be a whole number (the one a failure message shows), got {seed!r:.40}.")
    if not 0 <= int(seed) < 2**63:
        raise ValueError(f"seed must be between 0 and 2**63 - 1, got {seed}.")
    return int(seed)


# ---------------------------------------------------------------------------------------------------------------
# The case-list interface (answers given per case).


def check_function(
    fn: Any,
    cases: Sequence[Case],
    exercise: str,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    hint: str = "",
    comparer: Callable[[Any, Any], str | None] | None = None,
    after: Callable[[Any], str | None] | None = None,
    pure: bool = True,
) -> Feedback:
    """Run fn on every case and return a Feedback: ✅, ⏳ for an unsolved stub, or ❌ with the reason.

    Each call runs under the time limit on copies of the inputs (an input changed in place is reported when
    `pure`); `after(fn)` runs once all cases pass and returns a further problem (or None).
    """
    trials = [_Trial(case.describe(), tuple(case.args), dict(case.kwargs), lambda c=case: c.expected) for case in cases]
    custom = None if comparer is None else (lambda got, expected, _t: comparer(got, expected))
    return _verdict(fn, exercise, trials, rtol=rtol, atol=atol, hint=hint, comparer=custom, after=after, pure=pure)


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
