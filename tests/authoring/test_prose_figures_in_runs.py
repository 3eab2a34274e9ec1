"""Every registered quick (or both-profile) figure against what this session's notebooks printed and recorded.

This module runs after nbval has executed the notebooks (marker `after_notebooks`; the order and the
pytest-xdist grouping are in the root conftest.py), from what each notebook's cells printed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from authoring import prose_figures as pf
from utils.profile import profile as current_profile
from utils.results import results_dir

pytestmark = pytest.mark.after_notebooks
ENTRIES = pf.load_registry()
STEMS = pf.notebook_stems()


def session_runs(notebook_runs: dict[Path, list], profile: str, since: float) -> dict[str, pf.RunFigures]:
    """What the English notebooks that nbval ran in this session printed, per code cell, and recorded."""
    cells = {
        path.stem: {cell_id: pf.output_text(outputs) for cell_id, outputs in run}
        for path, run in notebook_runs.items()
        if path.parent == pf.NOTEBOOKS.resolve()
    }
    return {
        stem: pf.RunFigures(
            stem, profile, pf.recorded_figures(pf.read_results(results_dir() / f"{stem}.json"), profile, since), outputs
        )
        for stem, outputs in cells.items()
    }


def test_registered_figures_hold_in_this_sessions_runs(notebook_runs, session_started, skip_or_fail):
    name = current_profile().name
    entries = [e for e in ENTRIES if e.profile in (name, "both")]
    runs = session_runs(notebook_runs, name, session_started)
    problems = pf.check_runs(entries, runs, name)
    assert not problems, pf.describe(problems, f"numbers in the text that this {name} run does not reproduce")
    missing = sorted({e.source(STEMS) for e in entries} - set(runs))
    if missing:
        skip_or_fail(
            f"the registered {name}-profile figures of {', '.join(missing)} were not checked: those notebooks did "
            "not run in this session (the README's test command, python -m pytest -n 2 --nbval-lax tests notebooks, "
            "runs them all)"
        )
