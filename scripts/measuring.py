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


def execute_notebook_timed(
    path: Path, profile: str, name: str, timeout: int = 1800
) -> tuple[float, list[tuple[int, float, str]], list[str]]:
    """Run a notebook under COURSE_PROFILE=profile; return (seconds, per-cell (index, seconds, first line), errors).

    A failing cell ends the run and is reported with what was measured so far; the executed copy,
    outputs included, is kept as outputs/<name>_<profile>.ipynb.
    """
    import nbformat
    from nbclient import NotebookClient

    from utils.course import outputs_dir

    os.environ["COURSE_PROFILE"] = profile
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    cells: list[tuple[int, float, str]] = []
    execute_cell = client.async_execute_cell

    async def timed(cell, index, **kwargs):
        start = time.perf_counter()
        try:
            return await execute_cell(cell, index, **kwargs)
        finally:
            first = cell.source.splitlines()[0][:60] if cell.source else ""
            cells.append((index, time.perf_counter() - start, first))

    client.async_execute_cell = timed
    errors: list[str] = []
    start = time.perf_counter()
    try:
        client.execute()
    except Exception as err:  # a failing cell: report it with what was measured so far
        errors.append(f"{type(err).__name__}: {str(err)[-1500:]}")
    seconds = time.perf_counter() - start
    nbformat.write(nb, outputs_dir() / f"{name}_{profile}.ipynb")
    return seconds, cells, errors


def profile_from_command_line(doc: str, default: str = "full") -> str:
    """Parse `--profile quick|full` (default full), export it as COURSE_PROFILE and return it."""
    import argparse

    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--profile", default=default, choices=("quick", "full"))
    profile = parser.parse_args().profile
    os.environ["COURSE_PROFILE"] = profile
    return profile


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
