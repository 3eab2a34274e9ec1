"""Every checker has a reference solution that passes, and treats an unsolved stub as not attempted."""

import importlib
import importlib.util
import inspect
import pkgutil

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
