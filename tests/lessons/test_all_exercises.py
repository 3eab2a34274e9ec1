"""Every checker has a reference solution that passes, and treats an unsolved stub as not attempted."""

import copy
import importlib
import importlib.util
import inspect
import pkgutil
import warnings

import numpy as np
import pytest

import utils.lessons

LESSONS = [m.name for m in pkgutil.iter_modules(utils.lessons.__path__) if m.ispkg]
MODULES = [name for name in LESSONS if importlib.util.find_spec(f"utils.lessons.{name}.exercises")]
CHECKERS = [
    (module, name)
    for module in MODULES
    for name, fn in inspect.getmembers(importlib.import_module(f"utils.lessons.{module}.exercises"), inspect.isfunction)
    if name.startswith("check_") and fn.__module__ == f"utils.lessons.{module}.exercises"
]


def stub(*args, **kwargs):
    raise NotImplementedError


def test_there_are_checkers():
    assert ("welcome_and_setup", "check_scale_pixels") in CHECKERS


@pytest.mark.parametrize("module, name", CHECKERS)
def test_reference_solution_passes(module, name):
    checker = getattr(importlib.import_module(f"utils.lessons.{module}.exercises"), name)
    solutions = importlib.import_module(f"utils.lessons.{module}.solutions")
    solution = getattr(solutions, name.removeprefix("check_"), None)
    assert solution is not None, f"utils/lessons/{module}/solutions.py has no {name.removeprefix('check_')}()"
    feedback = checker(solution)
    assert feedback.status == "passed", str(feedback)
    assert "warning" not in feedback.message, str(feedback)  # a right answer is not blamed for harmless underflow


@pytest.mark.parametrize("module, name", CHECKERS)
def test_stub_is_not_attempted(module, name):
    checker = getattr(importlib.import_module(f"utils.lessons.{module}.exercises"), name)
    feedback = checker(stub)
    assert feedback.status == "not_attempted", str(feedback)


@pytest.mark.parametrize("module, name", CHECKERS)
def test_garbage_is_explained_not_raised(module, name):
    checker = getattr(importlib.import_module(f"utils.lessons.{module}.exercises"), name)
    for wrong in (lambda *a, **k: None, lambda *a, **k: "nonsense", lambda *a, **k: 1 / 0):
        feedback = checker(wrong)
        assert feedback.status == "failed" and len(feedback.message) > 10, str(feedback)


def _checker_and_solution(module, name):
    checker = getattr(importlib.import_module(f"utils.lessons.{module}.exercises"), name)
    solution = getattr(importlib.import_module(f"utils.lessons.{module}.solutions"), name.removeprefix("check_"))
    return checker, solution


class _RaisingArray:
    def __array__(self, *args, **kwargs):
        raise RuntimeError("this object refuses to become an array")

    def __float__(self):
        raise RuntimeError("this object refuses to become a float")

    def __iter__(self):
        raise RuntimeError("this object refuses to be iterated")

    def __len__(self):
        raise RuntimeError("this object has no length")


def _leaves(*args, **kwargs):
    raise SystemExit(3)


def _generator_exit(*args, **kwargs):
    raise GeneratorExit


@pytest.mark.parametrize("module, name", CHECKERS)
@pytest.mark.parametrize(
    "wrong",
    [
        _leaves,
        _generator_exit,
        lambda *a, **k: 10**400,
        lambda *a, **k: _RaisingArray(),
        lambda *a, **k: float("nan"),
        lambda *a, **k: ("a", "b", "c", "d", "e"),
        lambda *a, **k: [1, [2, 3]],
    ],
    ids=["SystemExit", "GeneratorExit", "10**400", "raising __array__", "nan", "strings", "ragged"],
)
def test_generic_escapes_become_feedback(module, name, wrong):
    checker, _ = _checker_and_solution(module, name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        feedback = checker(wrong)
    assert feedback.status == "failed" and len(feedback.message) > 10, str(feedback)
    assert "\n" not in feedback.message
    assert not [w for w in caught if "refuses" in str(w.message)]


@pytest.mark.parametrize("module, name", CHECKERS)
def test_raising_on_a_later_call_becomes_feedback(module, name):
    checker, solution = _checker_and_solution(module, name)
    calls = []

    def counting(*args, **kwargs):
        calls.append(1)
        return solution(*args, **kwargs)

    assert checker(counting).passed
    total = len(calls)
    for fail_at in range(2, total + 1):
        seen = []

        def later(*args, seen=seen, fail_at=fail_at, **kwargs):
            seen.append(1)
            if len(seen) == fail_at:
                raise ValueError("raised only on a later call")
            return solution(*args, **kwargs)

        feedback = checker(later)
        assert feedback.status == "failed" and "later call" in feedback.message, (fail_at, str(feedback))


def _mutate(value):
    if isinstance(value, np.ndarray) and value.flags.writeable:
        value[...] = np.nan if value.dtype.kind == "f" else 0
    elif isinstance(value, list):
        value.clear()
    elif isinstance(value, dict):
        value.clear()


@pytest.mark.parametrize("module, name", CHECKERS)
def test_in_place_mutation_cannot_corrupt_the_checker(module, name):
    checker, solution = _checker_and_solution(module, name)

    def mutating(*args, **kwargs):
        result = solution(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        for value in [*args, *kwargs.values()]:
            _mutate(value)
        return result

    checker(mutating)
    feedback = checker(solution)
    assert feedback.passed, str(feedback)


@pytest.mark.parametrize("module, name", CHECKERS)
def test_warnings_are_captured_and_named(module, name):
    checker, solution = _checker_and_solution(module, name)

    def noisy(*args, **kwargs):
        warnings.warn("a learner warning", UserWarning, stacklevel=1)
        np.float64(1e308) * 10  # noqa: B018 - triggers a NumPy overflow warning
        return solution(*args, **kwargs)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        feedback = checker(noisy)
    assert feedback.passed, str(feedback)
    assert "a learner warning" in feedback.message
    assert not [w for w in caught if "a learner warning" in str(w.message) or "overflow" in str(w.message)]


@pytest.mark.parametrize("module, name", CHECKERS)
def test_non_callable_is_explained(module, name):
    checker, _ = _checker_and_solution(module, name)
    for value in (None, 3, "solution"):
        feedback = checker(value)
        assert feedback.status == "failed" and "function" in feedback.message, str(feedback)
