"""The test command's defaults: the quick profile, one stop when data are missing, and the order for `-n 2`.

With `-n 2` (pytest-xdist), one worker runs each notebook whole (its cells share a kernel) and each test
module whole, side by side; the modules that read what the notebooks produced (AFTER_MODULES) run last,
together on one worker, which waits for every notebook's outputs (tests/conftest.py, `notebook_runs`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import uuid
from pathlib import Path

import pytest

# Kernels started by nbval inherit this environment, so this must happen before any notebook runs.
# An explicit COURSE_PROFILE (e.g. COURSE_PROFILE=full python -m pytest ...) wins; learners in
# Jupyter never load this file and keep the `full` default.
if not os.environ.get("COURSE_PROFILE", "").strip():
    os.environ["COURSE_PROFILE"] = "quick"

ROOT = Path(__file__).resolve().parent
_LOADER = re.compile(r"\bload_(mnist|cifar10|imdb)\(")
_READS_RESULTS = re.compile(r"\bload_results\(")  # notebook 10's scoreboard reads what the labs recorded
# The modules whose tests read what this session's notebooks produced (markers `after_notebooks`, `book`).
AFTER_MODULES = ("tests/authoring/test_prose_figures_in_runs.py", "tests/authoring/test_book_site.py")
AFTER_SCOPE = "after the notebooks"
NOTEBOOK_WAIT_S = {"quick": 1800, "full": 4 * 3600}  # the longest wait for another worker's notebooks, per profile


def datasets_needed(notebooks: list[Path]) -> list[str]:
    """Return the dataset names the given notebooks load (sorted, without duplicates)."""
    return sorted({name for path in notebooks for name in _LOADER.findall(path.read_text(encoding="utf-8"))})


def missing_datasets(names: list[str]) -> list[str]:
    """Return one message per dataset that cannot be found, verified or downloaded."""
    from utils.data import DatasetIntegrityError, DatasetUnavailableError, dataset_path

    problems = []
    for name in names:
        try:
            dataset_path(name)
        except (DatasetUnavailableError, DatasetIntegrityError) as err:
            problems.append(f"{name}: {err}")
    return problems


def stop_without_data(notebooks: list[Path]) -> None:
    """Exit the session with one message when the given notebooks' datasets are unavailable."""
    problems = missing_datasets(datasets_needed(notebooks)) if notebooks else []
    if problems:
        pytest.exit("The notebooks cannot run: their datasets are unavailable.\n" + "\n".join(problems), returncode=4)


def notebooks_named(args: list[str]) -> list[Path]:
    """Return the notebooks that the command-line paths name or contain (what nbval would collect)."""
    found = set()
    for arg in args:
        path = Path(arg.split("::")[0])
        path = path if path.is_absolute() else ROOT / path
        if path.suffix == ".ipynb" and path.is_file():
            found.add(path.resolve())
        elif path.is_dir():
            found |= {p.resolve() for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts}
    return sorted(found)


def is_worker(config: pytest.Config) -> bool:
    """Return True in a pytest-xdist worker process."""
    return hasattr(config, "workerinput")


def distributes(config: pytest.Config) -> bool:
    """Return True in the controller of a pytest-xdist run (`-n 2`)."""
    return not is_worker(config) and getattr(config.option, "dist", "no") not in ("no", None)


def pytest_configure(config: pytest.Config) -> None:
    """Name this session and note its start once; pytest-xdist workers get the controller's (pytest_configure_node)."""
    if is_worker(config):
        config.course_session = tuple(config.workerinput["course_session"])
        return
    config.course_session = (uuid.uuid4().hex[:12], time.time())


def scope_of(nodeid: str) -> str:
    """The unit of work one worker runs whole: a notebook, a test module, or all of AFTER_MODULES together."""
    path = nodeid.split("::")[0]
    return AFTER_SCOPE if path in AFTER_MODULES else path


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """pytest-xdist: hand out notebooks and modules whole, in collection order, AFTER_MODULES last."""
    from xdist.scheduler import LoadScopeScheduling

    class CourseScheduling(LoadScopeScheduling):
        """LoadScopeScheduling with the course's scopes, kept in collection order (never reordered by size)."""

        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid)

    config.option.loadscopereorder = False
    return CourseScheduling(config, log)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """pytest-xdist: give each worker this session's name and start time."""
    node.workerinput["course_session"] = list(node.config.course_session)


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> None:
    """With workers, check the notebooks' data once, here, before any worker runs a cell."""
    if distributes(session.config):
        stop_without_data(notebooks_named(session.config.args))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Stop before running notebooks whose datasets are unavailable, with one message."""
    if is_worker(session.config):
        return  # the controller checked (pytest_runtestloop)
    stop_without_data(sorted({Path(str(item.path)) for item in session.items if is_notebook_cell(item)}))


def is_notebook_cell(item: pytest.Item) -> bool:
    """Return True for a cell that nbval runs."""
    return type(item).__name__ == "IPyNbCell"


def notebook_number(path: Path) -> int:
    """Return the course number of a notebook file (`06_cnn_lab.ipynb` -> 6), -1 when it has none."""
    match = re.match(r"(\d+)_", path.name)
    return int(match.group(1)) if match else -1


def phase(item: pytest.Item) -> int:
    """0: notebooks and tests; 1: tests of what the notebooks produced; 2: the book, rendered from their outputs."""
    if item.get_closest_marker("book") is not None:
        return 2
    return 1 if item.get_closest_marker("after_notebooks") is not None else 0


def misplaced_tests(phases: list[tuple[str, int]]) -> list[str]:
    """Return the node ids whose phase (0, or 1-2 for the tests of the notebooks' outputs) contradicts their module."""
    return [nodeid for nodeid, when in phases if (when > 0) != (scope_of(nodeid) == AFTER_SCOPE)]


def reads_results(notebook: Path) -> bool:
    """Return True for a notebook that reads the figures other notebooks recorded (it must run after them)."""
    return bool(_READS_RESULTS.search(Path(notebook).read_text(encoding="utf-8")))


def pytest_collection_modifyitems(session, config, items) -> None:
    """Order: notebooks (long labs first), tests, notebooks reading the others' results, then phases 1 and 2."""
    readers: dict[Path, bool] = {}

    def key(item) -> tuple:
        if not is_notebook_cell(item):
            return (phase(item), 1, 0)
        path = Path(str(item.path))
        if path not in readers:
            readers[path] = reads_results(path)
        return (phase(item), 2 if readers[path] else 0, -notebook_number(path))

    items.sort(key=key)  # stable: cells keep their order within a notebook
    misplaced = misplaced_tests([(item.nodeid, phase(item)) for item in items])
    if misplaced:
        raise pytest.UsageError(
            "tests marked after_notebooks or book must live in, and fill, the modules of AFTER_MODULES in "
            f"conftest.py (they run last, on one worker): {', '.join(misplaced[:5])}"
        )


def session_runs_dir(config: pytest.Config) -> Path:
    """Folder where this session's workers leave what each notebook printed (git-ignored, removed at the end)."""
    return ROOT / "outputs" / "test_sessions" / config.course_session[0]


def notebook_record(config: pytest.Config, notebook: Path) -> Path:
    """File holding what `notebook`'s cells printed in this session, written when its last cell has run."""
    return session_runs_dir(config) / (
        Path(notebook).resolve().relative_to(ROOT).as_posix().replace("/", "__") + ".json"
    )


def wait_for_notebooks(config: pytest.Config, notebooks: list[Path], timeout: float) -> list[Path]:
    """Wait until each notebook's record of this session exists; return those still missing after timeout s."""
    deadline = time.monotonic() + timeout
    missing = [path for path in notebooks if not notebook_record(config, path).is_file()]
    while missing and time.monotonic() < deadline:
        time.sleep(1)
        missing = [path for path in missing if not notebook_record(config, path).is_file()]
    return missing


def notebook_wait_s() -> float:
    """How long to wait for another worker's notebooks in this profile (COURSE_PROFILE; unknown: the longest)."""
    return NOTEBOOK_WAIT_S.get(os.environ.get("COURSE_PROFILE", "").strip().lower(), max(NOTEBOOK_WAIT_S.values()))


def session_notebooks(session: pytest.Session) -> list[Path]:
    """The notebooks whose cells this session runs."""
    return sorted({Path(str(item.path)).resolve() for item in session.items if is_notebook_cell(item)})


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """Start a notebook that reads the others' results after them; write each notebook's outputs when it ends."""
    if is_notebook_cell(item) and not getattr(item.parent, "course_started", False):
        item.parent.course_started = True
        path = Path(str(item.path)).resolve()
        if reads_results(path):
            others = [other for other in session_notebooks(item.session) if not reads_results(other)]
            wait_for_notebooks(item.config, others, notebook_wait_s())
    result = yield
    if not is_notebook_cell(item) or (nextitem is not None and nextitem.parent is item.parent):
        return result
    cells = [i for i in item.session.items if i.parent is item.parent]
    record = {
        "source": str(Path(str(item.path)).resolve()),
        "cells": [{"id": cell.cell.get("id", ""), "outputs": cell.test_outputs} for cell in cells],
    }
    target = notebook_record(item.config, Path(str(item.path)))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_text(json.dumps(record, default=str), encoding="utf-8")
    partial.replace(target)
    return result


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Remove this session's notebook records (the controller, or the only process, does it)."""
    if not is_worker(session.config) and hasattr(session.config, "course_session"):
        shutil.rmtree(session_runs_dir(session.config), ignore_errors=True)
