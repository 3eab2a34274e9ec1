#!/usr/bin/env python3
"""Grade a class: run every submitted notebook and collect each exercise checker's verdict.

  python scripts/grade.py SUBMISSIONS... --out DIR [--timeout 600] [--jobs 2]

A SUBMISSION is a folder (one learner, named after the folder, with the course notebooks in it) or a
notebook file (the learner is named after the file, or after its folder when the file keeps its course
name, e.g. alice/01_startup_landscape.ipynb). Each notebook runs top to bottom in the quick profile, in
its own temporary copy of the course's `utils`, with a time limit; a cell that raises does not stop the
notebook. For every exercise the verdict is one of: passed, failed, not attempted (the checker's ✅, ❌
and ⏳), error (the exercise cell raised, or the kernel died) or timeout (the time limit ran out at or
before it). DIR receives grades.csv (learner x exercise), feedback.csv (one row per exercise with the
checker's message), grades.md (the table and each exercise's pass rate) and executed/LEARNER/NN_stem.ipynb.

There is no sandbox: learners' code runs with your rights. Grade on a machine, or as a user, that holds
nothing a submission could damage.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from utils import course  # noqa: E402

VERDICTS = ("passed", "failed", "not attempted", "error", "timeout")
ICONS = {"passed": "✅", "failed": "❌", "not attempted": "⏳", "error": "💥", "timeout": "⌛"}
FROM_CHECKER = {"✅": "passed", "❌": "failed", "⏳": "not attempted"}
VERDICT_LINE = re.compile(r"^\s*(✅|❌|⏳)\s*(.*)$", flags=re.M)
CHECK_CALL = re.compile(r"^\s*(check_\w+)\(", flags=re.M)
TITLE = re.compile(r"^#\s*(\d\d)\s*·")
DEFAULT_TIMEOUT = 600
NOT_SUBMITTED = "not submitted"


@dataclass(frozen=True)
class Submission:
    """One notebook of one learner."""

    learner: str
    stem: str
    path: Path


@dataclass
class Result:
    """An exercise's verdict for one learner, with the checker's (or the grader's) words."""

    learner: str
    notebook: str
    exercise: str
    verdict: str
    message: str


def exercises_start(nb: nbformat.NotebookNode) -> int:
    """Return the index of the '## Exercises' heading cell (0 if there is none: look everywhere)."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and re.search(r"^## Exercises\s*$", cell.source, flags=re.M):
            return i
    return 0


def course_exercises(stem: str) -> list[str]:
    """Return the checker names of a course notebook's exercises, in order (`check_cagr`, ...)."""
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    cells = nb.cells[exercises_start(nb) :]
    return [name for cell in cells if cell.cell_type == "code" for name in CHECK_CALL.findall(cell.source)]


def identify(path: Path) -> str | None:
    """Return the course notebook a submitted file is (by its title 'NN · ...', else its file name), or None."""
    try:
        nb = nbformat.read(path, as_version=4)
        first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    except Exception:  # noqa: BLE001 - an unreadable file is reported, never graded
        return None
    match = TITLE.match(first) or re.match(r"^(\d\d)_", path.name)
    number = match.group(1) if match else None
    return next((stem for stem in course.SYLLABUS if stem[:2] == number), None)


def collect(paths: list[Path]) -> tuple[list[Submission], list[str]]:
    """Return the submissions found in the given folders and files, and a note for each file not graded."""
    found: list[Submission] = []
    notes: list[str] = []
    for path in paths:
        if path.is_dir():
            files, learner = sorted(path.rglob("*.ipynb")), path.resolve().name
        elif path.is_file():
            files = [path]
            learner = path.resolve().parent.name if path.stem in course.SYLLABUS else path.stem
        else:
            notes.append(f"{path}: no such file or folder")
            continue
        for file in files:
            if ".ipynb_checkpoints" in file.parts:
                continue
            stem = identify(file)
            if stem is None:
                notes.append(f"{file}: not a notebook of this course (no '# NN · title'), not graded")
            elif any(s.learner == learner and s.stem == stem for s in found):
                notes.append(f"{file}: a second copy of {learner}'s notebook {stem[:2]}, not graded")
            else:
                found.append(Submission(learner, stem, file))
    return found, notes


# ---- one notebook, in a worker process ----------------------------------------------------------------


def verdicts_from_cells(nb: nbformat.NotebookNode, expected: list[str], stopped: dict | None) -> list[Result]:
    """Read each exercise's verdict from the executed exercise cells (stopped: where and why the run ended)."""
    found: dict[str, tuple[str, str]] = {}
    start = exercises_start(nb)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or index < start:
            continue
        calls = [name for name in CHECK_CALL.findall(cell.source) if name in expected]
        if not calls:
            continue
        lines: list[tuple[str, str]] = []
        error = None
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            text = output.get("text", "") or data.get("text/plain", "") or data.get("text/markdown", "")
            lines += [(FROM_CHECKER[icon], rest.strip()) for icon, rest in VERDICT_LINE.findall(text)]
            if output.get("output_type") == "error":
                error = (
                    f"the cell raised {output.get('ename')}: {' '.join(str(output.get('evalue', '')).split())[:300]}"
                )
        for i, name in enumerate(calls):
            if name in found:
                continue
            if stopped and index >= stopped["cell"]:
                found[name] = (stopped["verdict"], stopped["why"] if index == stopped["cell"] else stopped["later"])
            elif i < len(lines):
                verdict, message = lines[i]
                found[name] = (verdict, re.sub(rf"^{re.escape(name.removeprefix('check_'))}:\s*", "", message))
            elif error:
                found[name] = ("error", error)
            elif cell.get("execution_count") is None:
                found[name] = ("not attempted", "the cell was not run")
            else:
                found[name] = ("error", "the checker printed no verdict")
    results = []
    for name in expected:
        verdict, message = found.get(name, ("not attempted", f"no cell calls {name}: the exercise cell was removed"))
        results.append(Result("", "", name.removeprefix("check_"), verdict, message))
    return results


def _stop(nb: nbformat.NotebookNode, index: int, verdict: str, why: str, later: str) -> dict:
    """Where and why a run ended: the cell's verdict and message, and the message for the cells after it."""
    cell_id = nb.cells[index].get("id", str(index)) if index < len(nb.cells) else str(index)
    return {"cell": index, "cell_id": cell_id, "verdict": verdict, "why": why, "later": f"not run: {later}"}


def run_notebook(job: dict) -> dict:
    """Execute one submission in its own copy of the course; return its verdicts and how the run ended."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    work = Path(job["work"])
    course_copy = work / "course"
    shutil.copytree(ROOT / "utils", course_copy / "utils", ignore=shutil.ignore_patterns("__pycache__"))
    notebook = course_copy / "notebooks" / f"{job['stem']}.ipynb"
    notebook.parent.mkdir(parents=True)
    shutil.copyfile(job["path"], notebook)
    nb = nbformat.read(notebook, as_version=4)
    env = {
        **os.environ,
        "COURSE_PROFILE": "quick",
        "COURSE_ROOT": str(course_copy),
        "MPLBACKEND": "agg",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    client = NotebookClient(
        nb,
        kernel_name="python3",
        allow_errors=True,
        timeout=job["timeout"],
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    client.reset_execution_trackers()
    deadline = time.monotonic() + job["timeout"]
    stopped = None
    pgid = None
    start = time.monotonic()
    try:
        with client.setup_kernel(env=env, cwd=str(notebook.parent)):
            pgid = getattr(client.km.provisioner, "pgid", None)
            if pgid:
                Path(job["pgid_file"]).write_text(str(pgid))
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                left = deadline - time.monotonic()
                limit = f"the notebook's {job['timeout']} s limit"
                if left <= 0:
                    stopped = _stop(nb, index, "timeout", f"{limit} ran out before this cell", f"{limit} ran out")
                    break
                client.timeout = max(1, int(left))
                try:
                    client.execute_cell(cell, index)
                except CellTimeoutError:
                    why = f"{limit} ran out while this cell ran (an endless loop?)"
                    stopped = _stop(nb, index, "timeout", why, f"{limit} ran out in an earlier cell")
                    break
                except DeadKernelError:
                    why = "the kernel died in this cell (a crash, os._exit, or too little memory)"
                    stopped = _stop(nb, index, "error", why, "the kernel died in an earlier cell")
                    break
    except Exception as err:  # noqa: BLE001 - a kernel that will not start is one submission's problem
        why = f"the notebook could not run: {type(err).__name__}: {err}"
        stopped = _stop(nb, 0, "error", why, why)
    finally:
        if pgid and pgid != os.getpgid(0):
            try:  # whatever the learner's code started in the kernel's process group
                os.killpg(pgid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    executed = Path(job["executed"])
    executed.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, executed)
    results = verdicts_from_cells(nb, job["exercises"], stopped)
    return {
        "results": [asdict(r) for r in results],
        "seconds": round(time.monotonic() - start, 1),
        "stopped": stopped,
    }


def worker(job_file: Path) -> int:
    """Entry point of a worker process: run the job, write its result file."""
    job = json.loads(job_file.read_text())
    result = run_notebook(job)
    part = Path(job["result"] + ".part")
    part.write_text(json.dumps(result))
    os.replace(part, job["result"])
    return 0


# ---- the class: workers, then the tables --------------------------------------------------------------


def grade_one(sub: Submission, index: int, control: Path, out: Path, timeout: int, workdir: Path | None) -> dict:
    """Run one submission in a worker process with a hard limit; return its result (never raise)."""
    exercises = course_exercises(sub.stem)
    work = Path(tempfile.mkdtemp(prefix=f"grade-{index:03d}-", dir=workdir))
    job = {
        "stem": sub.stem,
        "path": str(sub.path.resolve()),
        "work": str(work),
        "timeout": timeout,
        "exercises": exercises,
        "executed": str(out / "executed" / safe_name(sub.learner) / f"{sub.stem}.ipynb"),
        "result": str(control / f"{index:03d}.json"),
        "pgid_file": str(control / f"{index:03d}.pgid"),
    }
    job_file = control / f"{index:03d}.job.json"
    job_file.write_text(json.dumps(job))
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", str(job_file)]
    process = subprocess.Popen(
        command, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        log, _ = process.communicate(timeout=timeout + 120)  # the worker enforces the limit; this is a backstop
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        log, _ = process.communicate()
    finally:
        for group in (process.pid, _read_int(control / f"{index:03d}.pgid")):
            if group:
                try:
                    os.killpg(group, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        shutil.rmtree(work, ignore_errors=True)
    result_file = Path(job["result"])
    if result_file.is_file():
        return json.loads(result_file.read_text())
    tail = " ".join(log.decode(errors="replace").split())[-300:]
    why = f"the grader's worker failed ({process.returncode}): {tail or 'no output'}"
    return {
        "results": [asdict(Result("", "", n.removeprefix("check_"), "error", why)) for n in exercises],
        "seconds": None,
        "stopped": {"cell": 0, "cell_id": "-", "verdict": "error", "why": why, "later": why},
    }


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_text())
    except (OSError, ValueError):
        return None


def safe_name(text: str) -> str:
    """A learner's name as a folder name."""
    return re.sub(r"[^\w.-]+", "_", text).strip("._") or "learner"


def column(stem: str, exercise: str) -> str:
    """The table's column name of an exercise: its notebook number and function name."""
    return f"{stem[:2]} {exercise}"


def write_reports(
    out: Path, rows: list[Result], columns: list[str], learners: list[str], notes: list[str], info: str
) -> str:
    """Write grades.csv, feedback.csv and grades.md; return the Markdown text."""
    cell = {(r.learner, column(r.notebook, r.exercise)): r for r in rows}
    with open(out / "grades.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["learner", *columns])
        for learner in learners:
            verdicts = [cell[(learner, c)].verdict if (learner, c) in cell else NOT_SUBMITTED for c in columns]
            writer.writerow([learner, *verdicts])
    with open(out / "feedback.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["learner", "notebook", "exercise", "verdict", "message"])
        for r in sorted(rows, key=lambda r: (r.learner, r.notebook)):
            writer.writerow([r.learner, r.notebook, r.exercise, r.verdict, r.message])
    lines = ["# Grades", "", info, "", "| learner | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for learner in learners:
        shown = []
        for c in columns:
            r = cell.get((learner, c))
            shown.append(f"{ICONS[r.verdict]} {r.verdict}" if r else NOT_SUBMITTED)
        lines.append(f"| {learner} | " + " | ".join(shown) + " |")
    rates = []
    for c in columns:
        graded = [cell[(learner, c)] for learner in learners if (learner, c) in cell]
        passed = sum(r.verdict == "passed" for r in graded)
        rates.append(f"{passed}/{len(graded)} ({passed / len(graded):.0%})" if graded else "—")
    lines.append("| **pass rate** | " + " | ".join(rates) + " |")
    key = ", ".join(f"{ICONS[v]} {v}" for v in VERDICTS)
    lines += ["", f"Verdicts: {key}. The messages are in `feedback.csv`, the executed notebooks in `executed/`."]
    if notes:
        lines += ["", "## Notes", "", *[f"- {note}" for note in notes]]
    text = "\n".join(lines) + "\n"
    (out / "grades.md").write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    """Grade the submissions; return 0 when every notebook ran (whatever its verdicts), 2 on bad arguments."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("submissions", nargs="*", type=Path, metavar="SUBMISSION", help="folders or notebooks")
    parser.add_argument("--out", type=Path, help="folder for grades.csv, feedback.csv, grades.md and executed/")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help="seconds per notebook (default 600)")
    parser.add_argument("--jobs", type=int, default=max(1, min(2, os.cpu_count() or 1)), help="notebooks at once")
    parser.add_argument("--workdir", type=Path, help="where the temporary folders go (default: the system's)")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args.worker)
    if not args.submissions or args.out is None:
        parser.error("give at least one SUBMISSION and --out DIR")
    if args.timeout < 1 or args.jobs < 1:
        parser.error("--timeout and --jobs must be at least 1")
    submissions, notes = collect(args.submissions)
    if not submissions:
        print("error: nothing to grade:\n" + "\n".join(notes), file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    control = Path(tempfile.mkdtemp(prefix="grade-control-", dir=args.workdir))
    print(f"grading {len(submissions)} notebooks, {args.jobs} at a time, {args.timeout} s limit each (quick profile)")
    rows: list[Result] = []
    try:
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = [
                pool.submit(grade_one, sub, i, control, args.out.resolve(), args.timeout, args.workdir)
                for i, sub in enumerate(submissions)
            ]
            for sub, future in zip(submissions, futures):
                outcome = future.result()
                for item in outcome["results"]:
                    rows.append(Result(sub.learner, sub.stem, item["exercise"], item["verdict"], item["message"]))
                stopped = outcome["stopped"]
                if stopped:
                    notes.append(f"{sub.learner}, notebook {sub.stem[:2]}, cell {stopped['cell_id']}: {stopped['why']}")
                took = f"{outcome['seconds']:.0f} s" if outcome["seconds"] is not None else "no time"
                verdicts = ", ".join(i["verdict"] for i in outcome["results"])
                print(f"  {sub.learner} · {sub.stem}: {verdicts} ({took})")
    finally:
        shutil.rmtree(control, ignore_errors=True)
    stems = sorted({s.stem for s in submissions}, key=course.SYLLABUS.index)
    columns = [column(stem, name.removeprefix("check_")) for stem in stems for name in course_exercises(stem)]
    learners = sorted({s.learner for s in submissions}, key=str.lower)
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    info = (
        f"{len(submissions)} notebooks of {len(learners)} learners, run in the quick profile with a {args.timeout} s "
        f"limit per notebook on {when}."
    )
    print()
    print(write_reports(args.out, rows, columns, learners, notes, info))
    print(f"written: {args.out / 'grades.csv'}, {args.out / 'feedback.csv'}, {args.out / 'grades.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
