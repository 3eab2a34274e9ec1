"""The outside battery's generic failure modes, run on every checker built as an Exercise: whatever a learner's
function does (raise KeyboardInterrupt, yield, recurse forever, return an object that lies or a huge array, take
the wrong parameters, be a class, run slowly), the checker answers with one clear sentence and no traceback."""

import importlib
import inspect
import time

import numpy as np
import pytest

from utils import checking

from .test_all_exercises import CHECKERS, NOT_YET_RETROFITTED, _checker_and_solution

BUILT = [(module, name) for module, name in CHECKERS if module not in NOT_YET_RETROFITTED]


def _clear(feedback) -> None:
    assert feedback.status == "failed", str(feedback)
    assert "\n" not in feedback.message and "Traceback" not in feedback.message, str(feedback)
    assert 10 < len(feedback.message) < 1200, str(feedback)


def _interrupts(*args, **kwargs):
    raise KeyboardInterrupt


def _yields(*args, **kwargs):
    yield 1.0


def _recurses(*args, **kwargs):
    return _recurses(*args, **kwargs)


class _Liar:
    """Equal to everything, a float of 0.5, iterable as nothing: a value that lies about itself."""

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__

    def __float__(self):
        return 0.5

    def __len__(self):
        return 3

    def __iter__(self):
        return iter(())

    def __bool__(self):
        raise RuntimeError("this object refuses to be a truth value")


class _AClass:
    def __init__(self, *args, **kwargs):
        self.args = args


GENERIC = {
    "KeyboardInterrupt": (_interrupts, "KeyboardInterrupt"),
    "generator": (_yields, "generator"),
    "recursion": (_recurses, "RecursionError"),
    "liar": (lambda *a, **k: _Liar(), ""),
    "huge array": (lambda *a, **k: np.zeros(5_000_000), ""),
    "huge string": (lambda *a, **k: "x" * 5_000_000, ""),
    "huge list": (lambda *a, **k: list(range(200_000)), ""),
    "no parameters": (lambda: 1.0, "TypeError"),
    "too many parameters": (lambda a, b, c, d, e, f, g: 1.0, "TypeError"),
    "a class": (_AClass, "class"),
    "returns the function": (lambda *a, **k: _interrupts, ""),
    "random numbers": (lambda *a, **k: float(np.random.default_rng().random()), ""),
}


@pytest.mark.parametrize("module, name", BUILT)
@pytest.mark.parametrize("mode", list(GENERIC))
def test_generic_failure_modes_get_one_clear_sentence(module, name, mode):
    checker, solution = _checker_and_solution(module, name)
    wrong, words = GENERIC[mode]
    if mode == "no parameters" and not inspect.signature(solution).parameters:
        words = ""  # the exercise's function takes no parameters: a wrong value, not a wrong call
    start = time.monotonic()
    feedback = checker(wrong)
    _clear(feedback)
    assert words in feedback.message, str(feedback)
    assert time.monotonic() - start < 10, f"{mode} took {time.monotonic() - start:.1f} s to explain"


@pytest.mark.parametrize("module, name", BUILT)
def test_a_right_but_slow_answer_passes_and_a_too_slow_one_is_named(module, name, monkeypatch):
    checker, solution = _checker_and_solution(module, name)

    def slow(*args, **kwargs):
        time.sleep(0.02)
        return solution(*args, **kwargs)

    assert checker(slow).passed
    monkeypatch.setattr(checking, "CHECK_LIMIT_S", 0.1)
    feedback = checker(slow)
    if feedback.status == "failed":  # a checker with very few inputs finishes within any limit
        _clear(feedback)
        assert "right on the first" in feedback.message and "faster" in feedback.message, str(feedback)


@pytest.mark.parametrize("module, name", BUILT)
def test_parameters_in_another_order_are_named(module, name):
    checker, solution = _checker_and_solution(module, name)
    names = list(inspect.signature(solution).parameters)
    required = [n for n, p in inspect.signature(solution).parameters.items() if p.default is inspect.Parameter.empty]
    if len(required) < 2:
        pytest.skip("fewer than two parameters to swap")
    swapped = [names[1], names[0], *names[2:]]
    namespace = {"solution": solution}
    params = ", ".join(swapped)
    calls = ", ".join(f"{n}={n}" for n in names)
    exec(f"def {name.removeprefix('check_')}({params}):\n    return solution({calls})", namespace)  # noqa: S102
    feedback = checker(namespace[name.removeprefix("check_")])
    if feedback.passed:  # the two parameters play symmetric roles (6 N D): any order is right
        return
    _clear(feedback)
    assert f"({', '.join(names[: len(names)])})" in feedback.message or "order" in feedback.message, str(feedback)


def test_every_checker_is_covered():
    assert len(BUILT) >= 30
    for module, name in BUILT:
        assert hasattr(importlib.import_module(f"utils.lessons.{module}.exercises"), name)
