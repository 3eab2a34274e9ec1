"""The house layout: one lesson package per notebook, named after its stem, with tests that mirror it."""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import utils.lessons
from utils import course

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_STEMS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LESSONS = sorted(m.name for m in pkgutil.iter_modules(utils.lessons.__path__) if m.ispkg)
LESSON_MODULES = ("helpers", "figures", "exercises", "solutions")


def lesson_name(stem: str) -> str:
    return stem.split("_", 1)[1]


def test_every_lesson_package_belongs_to_a_syllabus_notebook():
    syllabus = {lesson_name(s) for s in course.SYLLABUS}
    assert set(LESSONS) <= syllabus, f"lesson packages without a notebook: {set(LESSONS) - syllabus}"
    present = {lesson_name(s) for s in NOTEBOOK_STEMS}
    assert set(LESSONS) <= present, f"lesson packages whose notebook is missing: {set(LESSONS) - present}"


@pytest.mark.parametrize("stem", NOTEBOOK_STEMS)
def test_every_notebook_imports_only_its_own_or_earlier_lessons(stem):
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    order = [lesson_name(s) for s in course.SYLLABUS]
    mine = order.index(lesson_name(stem))
    for lesson in LESSONS:
        if f"utils.lessons.{lesson}" in code:
            assert order.index(lesson) <= mine, f"{stem} imports the later lesson {lesson}"


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_modules_are_the_standard_ones_and_tested(lesson):
    folder = ROOT / "utils" / "lessons" / lesson
    untested = []
    for path in sorted(folder.glob("*.py")):
        if path.name == "__init__.py":
            continue
        importlib.import_module(f"utils.lessons.{lesson}.{path.stem}")
        # reference solutions are tested against their checkers in test_exercises.py
        mirror = "exercises" if path.stem == "solutions" else path.stem
        if not (ROOT / "tests" / "lessons" / lesson / f"test_{mirror}.py").is_file():
            untested.append(path.name)
    assert not untested, f"utils/lessons/{lesson}: no tests/lessons/{lesson}/test_<module>.py for {untested}"
    assert (folder / "exercises.py").is_file() == (folder / "solutions.py").is_file(), (
        "a lesson with exercises needs reference solutions, and the other way round"
    )


def test_machinery_tests_mirror_utils():
    for path in (ROOT / "utils").glob("*.py"):
        if path.name == "__init__.py":
            continue
        assert (ROOT / "tests" / f"test_{path.stem}.py").is_file(), f"utils/{path.name} has no tests/test_{path.name}"


def test_authoring_tests_mirror_authoring():
    for path in (ROOT / "authoring").glob("*.py"):
        if path.name == "__init__.py":
            continue
        mirror = ROOT / "tests" / "authoring" / f"test_{path.stem}.py"
        assert mirror.is_file(), f"authoring/{path.name} has no tests/authoring/test_{path.name}"


def test_utils_never_imports_the_authoring_tools():
    """Notebooks import `utils`; the book builder and the translation machinery live apart in `authoring`."""
    offenders = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "utils").rglob("*.py"))
        if re.search(r"^\s*(from|import)\s+authoring\b", path.read_text(encoding="utf-8"), flags=re.M)
    ]
    assert not offenders, f"utils must not import authoring: {offenders}"


def test_readme_lists_every_lesson_with_its_modules():
    readme = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| (\d\d) (\w+) \| `utils/lessons/(\w+)/` \| ([^|]+) \|$", readme, flags=re.M)
    listed = {lesson: (number, stem, modules) for number, stem, lesson, modules in rows}
    assert sorted(listed) == LESSONS, "README's lesson table must list every lesson package"
    for lesson, (number, stem, modules) in listed.items():
        assert f"{number}_{stem}" in NOTEBOOK_STEMS and stem == lesson
        named = {re.sub(r"\s*\(.*", "", m).strip() for m in re.split(r",\s*(?![^()]*\))", modules)}
        actual = {p.stem for p in (ROOT / "utils" / "lessons" / lesson).glob("*.py") if p.name != "__init__.py"}
        assert named == actual, f"README lists {sorted(named)} for {lesson}, the package has {sorted(actual)}"
