"""Every checker: its reference passes, a stub is not attempted, and no answer (a loop that never ends, an exception,
garbage, an input changed in place) escapes as a traceback; every checker built as an Exercise draws fresh random
inputs at every call, reproducible from the seed its failure message shows, and meets its battery of wrong and right
answers in tests/lessons/<lesson>/test_exercises.py."""

import copy
import dataclasses
import importlib
import importlib.util
import inspect
import pkgutil
import re
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

import utils.lessons
from utils import checking
from utils.checking import Exercise

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
    for fail_at in sorted({2, 3, total // 2, total - 1, total} & set(range(2, total + 1))):
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


# ---- the construction: time limits, random draws, batteries -------------------------------------

NOT_YET_RETROFITTED: set[str] = set()  # every lesson's checkers are Exercise specs


def _specs(module):
    exercises = importlib.import_module(f"utils.lessons.{module}.exercises")
    return {value.name: value for value in vars(exercises).values() if isinstance(value, Exercise)}


SPECS = [(module, name, spec) for module in MODULES for name, spec in _specs(module).items()]


def _looping(*args, **kwargs):
    x = 0
    while True:
        x += 1


@pytest.mark.parametrize("module, name", CHECKERS)
def test_a_loop_that_never_ends_gets_a_message_within_the_time_limit(module, name, monkeypatch):
    monkeypatch.setattr(checking, "TIME_LIMIT_S", 0.3)
    monkeypatch.setattr(checking, "STOP_GRACE_S", 0.5)
    checker, _ = _checker_and_solution(module, name)
    start = time.monotonic()
    feedback = checker(_looping)
    took = time.monotonic() - start
    assert feedback.status == "failed" and "did not return within 0.3 s" in feedback.message, str(feedback)
    assert "loop that never ends" in feedback.message and "Traceback" not in feedback.message
    assert took < 0.3 + 0.5 + 2.0, f"the looping answer took {took:.1f} s to get its message"


@pytest.mark.parametrize("module, name", [(m, n) for m, n in CHECKERS if m not in NOT_YET_RETROFITTED])
def test_every_checker_is_an_exercise_with_examples_edges_and_random_draws(module, name):
    checker = getattr(importlib.import_module(f"utils.lessons.{module}.exercises"), name)
    assert "seed" in inspect.signature(checker).parameters, f"{name} takes no seed"
    spec = _specs(module).get(name.removeprefix("check_"))
    assert spec is not None, f"{name} has no Exercise spec in utils/lessons/{module}/exercises.py"
    assert spec.examples, "no worked example"
    if name != "check_challenges_map":  # a function without inputs has no domain to explore
        assert len(spec.edges) >= 4, "fewer than four edge cases"
        assert spec.draw is not None and spec.draws >= 10, "no random draws"


@pytest.mark.parametrize("module, name, spec", [s for s in SPECS if s[2].draw is not None], ids=lambda v: str(v)[:30])
def test_reference_passes_on_many_seeds(module, name, spec):
    """The random domain is valid for the reference, whatever the seed."""
    solution = getattr(importlib.import_module(f"utils.lessons.{module}.solutions"), name)
    for seed in (0, 1, 2, 123456, 999999):
        feedback = spec.check(solution, seed=seed)
        assert feedback.passed, str(feedback)


@pytest.mark.parametrize("module, name, spec", [s for s in SPECS if s[2].draw is not None], ids=lambda v: str(v)[:30])
def test_random_draws_differ_across_calls_and_repeat_with_the_seed(module, name, spec):
    solution = getattr(importlib.import_module(f"utils.lessons.{module}.solutions"), name)
    seen: list[list] = []

    def recording(*args, **kwargs):
        seen[-1].append(repr((args, kwargs)))
        return solution(*args, **kwargs)

    for seed in (None, None, 4242, 4242):
        seen.append([])
        assert spec.check(recording, seed=seed).passed
    assert seen[0] != seen[1], "two checks without a seed drew the same inputs"
    assert seen[2] == seen[3], "the same seed drew different inputs"


@pytest.mark.parametrize("module, name, spec", [s for s in SPECS if s[2].draw is not None], ids=lambda v: str(v)[:30])
def test_a_failure_on_a_random_input_shows_the_seed_that_repeats_it(module, name, spec):
    solution = getattr(importlib.import_module(f"utils.lessons.{module}.solutions"), name)
    fixed = len(spec.examples) + len(spec.edges)
    calls = []

    def wrong_on_the_third_draw(*args, **kwargs):
        calls.append(1)
        if len(calls) == fixed + 3:
            raise ArithmeticError("wrong on a random input")
        return solution(*args, **kwargs)

    feedback = spec.check(wrong_on_the_third_draw)
    assert feedback.status == "failed" and "random input 3 of" in feedback.message, str(feedback)
    seed = int(re.search(r"seed=(\d+)\)", feedback.message).group(1))
    assert f"check_{name}(wrong_on_the_third_draw, seed={seed})" in feedback.message
    calls.clear()
    again = spec.check(wrong_on_the_third_draw, seed=seed)
    assert again.message == feedback.message


def _battery(module):
    path = Path(__file__).parent / module / "test_exercises.py"
    loader = importlib.util.spec_from_file_location(f"_battery_{module}", path)
    tests = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(tests)
    return getattr(tests, "WRONG", {}), getattr(tests, "RIGHT", {})


@pytest.mark.parametrize("module", [m for m in MODULES if m not in NOT_YET_RETROFITTED])
def test_every_checker_has_a_battery_of_wrong_and_right_answers(module):
    wrong, right = _battery(module)
    names = [n.removeprefix("check_") for m, n in CHECKERS if m == module]
    for name in names:
        assert len(wrong.get(name, [])) >= 6, f"{module}: {name} meets fewer than 6 plausible wrong answers"
        assert len(right.get(name, [])) >= 3, f"{module}: {name} meets fewer than 3 right answers written differently"


def _wrong_answers(module):
    """Every plausible wrong answer of a lesson's two batteries (test_exercises.py and test_exercises_battery.py)."""
    found = []
    for file, var in (("test_exercises.py", "WRONG"), ("test_exercises_battery.py", "BATTERY_WRONG")):
        path = Path(__file__).parent / module / file
        if not path.exists():
            continue
        loader = importlib.util.spec_from_file_location(f"_wrong_{module}_{path.stem}", path)
        tests = importlib.util.module_from_spec(loader)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            loader.loader.exec_module(tests)
        for name, cases in getattr(tests, var, {}).items():
            found += [(name, case[0] if isinstance(case, tuple) else case) for case in cases]
    return found


@pytest.mark.parametrize("module", MODULES)
def test_every_wrong_answer_is_refused_without_random_draws(module):
    """A mistake the batteries know is caught by the worked examples and edge cases alone, so no seed lets it pass."""
    specs = _specs(module)
    slipped = []
    for name, wrong in _wrong_answers(module):
        if name in specs and specs[name].draw is not None:
            fixed = dataclasses.replace(specs[name], draws=0)
            if fixed.check(wrong, seed=0).passed:
                slipped.append(f"{name}: {getattr(wrong, '__name__', wrong)}")
    assert not slipped, f"caught only by random draws (add an edge case): {slipped}"
