"""Shared fixtures: the repository root, an isolated Keras cache per test, headless Chromium."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STARTED = time.time()  # when this conftest was imported: before any test or notebook of the session ran
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


def pytest_collection_modifyitems(session, config, items) -> None:
    """Run the tests of what the notebooks produced, then the book's, after nbval has executed the notebooks."""

    def phase(item) -> int:
        if item.get_closest_marker("book") is not None:
            return 2
        return 1 if item.get_closest_marker("after_notebooks") is not None else 0

    items.sort(key=phase)


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
def session_started() -> float:
    """Unix time at which this test session started (figures recorded earlier are not this session's)."""
    return STARTED


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
