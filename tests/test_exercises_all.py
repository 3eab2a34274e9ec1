"""Every checker has a reference solution that passes, and treats an unsolved stub as not attempted."""
import importlib
import inspect
import pkgutil

import pytest

import utils.exercises

MODULES = [m.name for m in pkgutil.iter_modules(utils.exercises.__path__) if m.name != "core"]
CHECKERS = [(module, name) for module in MODULES
            for name, fn in inspect.getmembers(importlib.import_module(f"utils.exercises.{module}"),
                                               inspect.isfunction)
            if name.startswith("check_") and fn.__module__ == f"utils.exercises.{module}"]


def stub(*args, **kwargs):
    raise NotImplementedError


def test_there_are_checkers():
    assert ("welcome", "check_scale_pixels") in CHECKERS


@pytest.mark.parametrize("module, name", CHECKERS)
def test_reference_solution_passes(module, name):
    checker = getattr(importlib.import_module(f"utils.exercises.{module}"), name)
    solutions = importlib.import_module(f"utils.solutions.{module}")
    solution = getattr(solutions, name.removeprefix("check_"), None)
    assert solution is not None, f"utils/solutions/{module}.py has no {name.removeprefix('check_')}()"
    feedback = checker(solution)
    assert feedback.status == "passed", str(feedback)


@pytest.mark.parametrize("module, name", CHECKERS)
def test_stub_is_not_attempted(module, name):
    checker = getattr(importlib.import_module(f"utils.exercises.{module}"), name)
    feedback = checker(stub)
    assert feedback.status == "not_attempted", str(feedback)


@pytest.mark.parametrize("module, name", CHECKERS)
def test_garbage_is_explained_not_raised(module, name):
    checker = getattr(importlib.import_module(f"utils.exercises.{module}"), name)
    for wrong in (lambda *a, **k: None, lambda *a, **k: "nonsense", lambda *a, **k: 1 / 0):
        feedback = checker(wrong)
        assert feedback.status == "failed" and len(feedback.message) > 10, str(feedback)
