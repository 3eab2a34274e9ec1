"""Shared fixtures: the repository root, an isolated Keras cache per test, headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing(reason: str) -> None:
    """Skip locally, but fail in CI: browser tests must never be skipped there."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip).")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def skip_or_fail():
    """The `missing` helper as a fixture (test modules cannot import conftest in importlib mode)."""
    return missing


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def session_started(request) -> float:
    """Unix time at which this test session started (figures recorded earlier are not this session's)."""
    return request.config.course_session[1]


@pytest.fixture(scope="session")
def notebook_runs(request) -> dict[Path, list[tuple[str, list | None]]]:
    """What nbval's cells printed in this session, per notebook that ran: (cell id, outputs or None if not run).

    With `-n 2` the notebooks run on either worker, which writes each notebook's outputs when its last cell
    finishes (conftest.py at the root); this waits until every notebook of the session has been written.
    """
    from conftest import notebook_record, notebook_wait_s, session_notebooks, wait_for_notebooks  # the root's

    expected = session_notebooks(request.session)
    missing = wait_for_notebooks(request.config, expected, notebook_wait_s())
    if missing:
        pytest.fail(
            f"these notebooks did not finish within {notebook_wait_s():.0f} s: {', '.join(p.name for p in missing)}"
        )
    records = {path: notebook_record(request.config, path) for path in expected}
    runs = {}
    for path, record in records.items():
        cells = json.loads(record.read_text(encoding="utf-8"))["cells"]
        runs[path] = [(cell["id"], cell["outputs"]) for cell in cells]
    return runs


@pytest.fixture
def isolated_cache(tmp_path, monkeypatch) -> Path:
    """A fresh KERAS_HOME and no mirror, so nothing touches the real caches."""
    home = tmp_path / "keras_home"
    monkeypatch.setenv("KERAS_HOME", str(home))
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    return home


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of Debian's Chromium; skip locally (fail in CI) without it or without playwright."""
    path = shutil.which(CHROMIUM) or (CHROMIUM if os.path.isfile(CHROMIUM) else None)
    if path is None:
        missing(f"Chromium not found at {CHROMIUM}; install it with `apt-get update && apt-get install -y chromium`")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("the playwright package is not installed (an authoring tool: pip install -r requirements-dev.txt)")
    return path


@pytest.fixture(scope="module")
def browser(chromium) -> Iterator:
    """A headless Chromium per test module (Playwright's driver, Debian's browser), closed after it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()
