"""Shared pieces of the measure_*.py scripts: run a notebook, read the load, save a report."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def execute_notebook(path: Path, profile: str | None = None, timeout: int = 600) -> tuple[Any, float]:
    """Run a notebook top to bottom in a fresh kernel (COURSE_PROFILE=profile if given); return it and its seconds."""
    import nbformat
    from nbclient import NotebookClient

    if profile is not None:
        os.environ["COURSE_PROFILE"] = profile
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return nb, time.perf_counter() - start


def load_average() -> list[float]:
    """Return the 1, 5 and 15 minute load averages, rounded (empty where the OS has none)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def save_report(report: dict, name: str) -> Path:
    """Print the report as JSON and write it to outputs/<name>.json; return the path."""
    from utils.course import outputs_dir

    path = outputs_dir() / f"{name}.json"
    path.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    print(f"written to {path}")
    return path
