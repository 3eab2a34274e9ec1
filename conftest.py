"""The test command's defaults: the quick profile, and one clear stop when notebooks lack their data."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

# Kernels started by nbval inherit this environment, so this must happen before any notebook runs.
# An explicit COURSE_PROFILE (e.g. COURSE_PROFILE=full python -m pytest ...) wins; learners in
# Jupyter never load this file and keep the `full` default.
if not os.environ.get("COURSE_PROFILE", "").strip():
    os.environ["COURSE_PROFILE"] = "quick"

_LOADER = re.compile(r"\bload_(mnist|cifar10|imdb)\(")


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


def pytest_collection_finish(session: pytest.Session) -> None:
    """Stop before running notebooks whose datasets are unavailable, with one message."""
    notebooks = sorted({Path(str(item.path)) for item in session.items if str(item.path).endswith(".ipynb")})
    problems = missing_datasets(datasets_needed(notebooks)) if notebooks else []
    if problems:
        pytest.exit("The notebooks cannot run: their datasets are unavailable.\n" + "\n".join(problems), returncode=4)
