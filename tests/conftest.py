"""Shared fixtures: the repository root and an isolated Keras cache per test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def isolated_cache(tmp_path, monkeypatch) -> Path:
    """A fresh KERAS_HOME and no mirror, so nothing touches the real caches."""
    home = tmp_path / "keras_home"
    monkeypatch.setenv("KERAS_HOME", str(home))
    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    return home
