"""scripts/grade.py: a class's notebooks graded exercise by exercise, whatever the submissions do.

The end-to-end test writes five submissions of notebook 01 (solved with the reference solutions, blank
and deleting its working folder, one wrong answer, an endless loop that also starts a child process, a
kernel crash) and checks the whole table, the pass rates, that nothing is left running and that the
course folder is untouched.
"""

from __future__ import annotations

import copy
import csv
import importlib.util
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
STEM = "01_startup_landscape"
LESSON = "startup_landscape"


def grade_module():
    spec = importlib.util.spec_from_file_location("grade_cli", ROOT / "scripts" / "grade.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


grade = grade_module()


def exercise_cells(nb: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    """{exercise name: the cell that calls its checker}."""
    return {
        match.group(1): cell
        for cell in nb.cells
        if cell.cell_type == "code"
        for match in [re.search(r"^check_(\w+)\(", cell.source, flags=re.M)]
        if match
    }


def solve(cell: nbformat.NotebookNode, name: str) -> None:
    """Answer with the reference solution: import it over the stub just before the checker runs."""
    answer = f"from utils.lessons.{LESSON}.solutions import {name}  # noqa: E402\n\n"
    cell.source = cell.source.replace(f"check_{name}(", answer + f"check_{name}(")


def write(folder: Path, learner: str, nb: nbformat.NotebookNode) -> Path:
    path = folder / learner / f"{STEM}.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(nb, path)
    return path.parent


def class_of_five(folder: Path) -> list[Path]:
    """The five submissions, the slow one (the endless loop) first so that the others run beside it."""
    course_nb = nbformat.read(ROOT / "notebooks" / f"{STEM}.ipynb", as_version=4)
    assert list(exercise_cells(course_nb)) == ["cagr", "months_of_runway", "challenges_map"]
    made = []

    nb = copy.deepcopy(course_nb)
    cells = exercise_cells(nb)
    solve(cells["cagr"], "cagr")
    loop = "import subprocess\n\nsubprocess.Popen(['sleep', '600'])  # a child the grader must stop too\n"
    loop += "while True:\n    pass\n"
    cells["months_of_runway"].source = loop + cells["months_of_runway"].source
    made.append(write(folder, "loop", nb))

    nb = copy.deepcopy(course_nb)
    for name, cell in exercise_cells(nb).items():
        solve(cell, name)
    made.append(write(folder, "solved", nb))

    nb = copy.deepcopy(course_nb)
    vandal = (
        "import shutil\nfrom pathlib import Path\n\nshutil.rmtree(Path.cwd().parent)  # the working copy of the course"
    )
    nb.cells.append(nbformat.v4.new_code_cell(vandal))
    made.append(write(folder, "blank", nb))

    nb = copy.deepcopy(course_nb)
    cell = exercise_cells(nb)["cagr"]
    cell.source = cell.source.replace("raise NotImplementedError  # your code here", "return (end / start) / years")
    made.append(write(folder, "wrong", nb))

    nb = copy.deepcopy(course_nb)
    cell = exercise_cells(nb)["cagr"]
    cell.source = "import os\nimport signal\n\nos.kill(os.getpid(), signal.SIGKILL)\n" + cell.source
    made.append(write(folder, "crash", nb))
    return made


def processes_mentioning(text: str) -> list[str]:
    """Processes whose environment or working folder mentions text (the grader's temporary folders)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            environ = (proc / "environ").read_bytes().decode(errors="ignore")
            cwd = os.readlink(proc / "cwd")
        except OSError:
            continue
        if text in environ or text in cwd:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="ignore")
            found.append(f"{proc.name}: {command[:120]}")
    return found


def tracked_state() -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout


EXPECTED = [
    ["learner", "01 cagr", "01 months_of_runway", "01 challenges_map"],
    ["blank", "not attempted", "not attempted", "not attempted"],
    ["crash", "error", "error", "error"],
    ["loop", "passed", "timeout", "timeout"],
    ["solved", "passed", "passed", "passed"],
    ["wrong", "failed", "not attempted", "not attempted"],
]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find leftover processes")
def test_a_class_of_five_is_graded_exercise_by_exercise(tmp_path):
    submissions = class_of_five(tmp_path / "class")
    out, work = tmp_path / "grades", tmp_path / "work"
    before = tracked_state()
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "scripts/grade.py", *map(str, submissions), "--out", str(out), "--workdir", str(work)]
        + ["--timeout", "90", "--jobs", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    took = time.monotonic() - start
    print(result.stdout[-3000:], f"\ngraded in {took:.0f} s (indicative: depends on the machine's load)")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    with open(out / "grades.csv", encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == EXPECTED
    table = (out / "grades.md").read_text(encoding="utf-8")
    assert "| **pass rate** | 2/5 (40%) | 1/5 (20%) | 1/5 (20%) |" in table
    assert "| loop | ✅ passed | ⌛ timeout | ⌛ timeout |" in table
    assert "loop, notebook 01, cell 01-047: the notebook's 90 s limit ran out while this cell ran" in table
    assert "crash, notebook 01, cell 01-045: the kernel died in this cell" in table
    with open(out / "feedback.csv", encoding="utf-8", newline="") as handle:
        feedback = {(row["learner"], row["exercise"]): row["message"] for row in csv.DictReader(handle)}
    assert "expected 0.26455, got 0.738676" in feedback[("wrong", "cagr")]  # the checker's own words
    assert feedback[("crash", "challenges_map")] == "not run: the kernel died in an earlier cell"
    assert feedback[("blank", "cagr")].startswith("not attempted yet")
    for learner in ("blank", "crash", "loop", "solved", "wrong"):
        assert (out / "executed" / learner / f"{STEM}.ipynb").is_file()

    assert processes_mentioning(str(work)) == [], "the grader left processes running"
    assert list(work.iterdir()) == [], "the grader left temporary folders"
    assert tracked_state() == before and (ROOT / "utils" / "course.py").is_file(), "the course folder changed"


def test_submissions_are_named_after_their_folder_or_file(tmp_path):
    course_nb = nbformat.read(ROOT / "notebooks" / f"{STEM}.ipynb", as_version=4)
    nbformat.write(course_nb, tmp_path / "bob.ipynb")
    (tmp_path / "alice").mkdir()
    nbformat.write(course_nb, tmp_path / "alice" / "my copy of 01 (2).ipynb")
    (tmp_path / "carol").mkdir()
    nbformat.write(course_nb, tmp_path / "carol" / f"{STEM}.ipynb")
    (tmp_path / "alice" / "notes.ipynb").write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    found, notes = grade.collect(
        [tmp_path / "alice", tmp_path / "bob.ipynb", tmp_path / "carol" / f"{STEM}.ipynb", tmp_path / "nobody"]
    )
    assert [(s.learner, s.stem) for s in found] == [("alice", STEM), ("bob", STEM), ("carol", STEM)]
    assert any("notes.ipynb: not a notebook of this course" in n for n in notes)
    assert any("nobody: no such file or folder" in n for n in notes)


def test_verdicts_are_read_from_the_exercise_cells():
    nb = nbformat.read(ROOT / "notebooks" / f"{STEM}.ipynb", as_version=4)
    cells = exercise_cells(nb)
    cells["cagr"].outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "✅ cagr: correct."})]
    cells["cagr"].execution_count = 1
    cells["months_of_runway"].outputs = [
        nbformat.v4.new_output("error", ename="NameError", evalue="name 'mth' is not defined", traceback=[])
    ]
    cells["months_of_runway"].execution_count = 2
    del nb.cells[nb.cells.index(cells["challenges_map"])]
    expected = grade.course_exercises(STEM)
    results = grade.verdicts_from_cells(nb, expected, None)
    assert [(r.exercise, r.verdict) for r in results] == [
        ("cagr", "passed"),
        ("months_of_runway", "error"),
        ("challenges_map", "not attempted"),
    ]
    assert results[0].message == "correct."
    assert results[1].message == "the cell raised NameError: name 'mth' is not defined"
    assert "removed" in results[2].message


def test_every_course_notebook_has_gradable_exercises():
    import utils.course

    for stem in utils.course.SYLLABUS:
        names = grade.course_exercises(stem)
        assert names and len(names) == len(set(names)), stem


def test_bad_arguments_stop_with_a_message(tmp_path):
    result = subprocess.run(
        [sys.executable, "scripts/grade.py", str(tmp_path / "nothing"), "--out", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "nothing to grade" in result.stderr and "no such file" in result.stderr
