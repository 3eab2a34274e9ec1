"""Notebook conventions: naming, anatomy, identical Setup cell, clean storage, listed in the map."""

import re
from pathlib import Path

import nbformat
import pytest

from utils import course

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NAME = re.compile(r"^(\d\d)_[a-z0-9]+(?:_[a-z0-9]+)*\.ipynb$")
CHECK = "nbval-check-output"  # nbval's cell tag: compare this cell's stored output
ZH_NOTEBOOKS = sorted((ROOT / "notebooks" / "zh").glob("*.ipynb"))


def load(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


def markdown(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def test_names_follow_the_syllabus():
    assert NOTEBOOKS, "no notebooks found"
    for path in NOTEBOOKS:
        assert NAME.match(path.name), f"{path.name} is not NN_snake_case.ipynb"
        assert path.stem in course.SYLLABUS, f"{path.name} is not in utils.course.SYLLABUS"
    for number, stem in enumerate(course.SYLLABUS):
        assert stem.startswith(f"{number:02d}_"), f"SYLLABUS entry {stem} is not numbered {number:02d}"
    missing = [s for s in course.SYLLABUS if not (ROOT / "notebooks" / f"{s}.ipynb").exists()]
    assert not missing, f"notebooks in the syllabus but not in notebooks/: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_valid_nbformat4(path):
    nb = load(path)
    assert nb.nbformat == 4
    nbformat.validate(nb)
    ids = [c.get("id") for c in nb.cells]
    assert all(ids) and len(set(ids)) == len(ids), "cell ids must be present and unique"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_title_cell_with_matching_badge(path):
    first = load(path).cells[0]
    assert first.cell_type == "markdown"
    assert re.match(rf"^# {path.name[:2]} · \S", first.source), "title must read '# NN · Title'"
    assert f"({course.colab_url(path.name)})" in first.source, "Colab badge must open this very file"
    lines = [ln for ln in first.source.splitlines() if ln.strip() and not ln.startswith(("#", "[!["))]
    assert lines, "the title cell needs a one-line summary"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_identical_setup_cell(path):
    cell = load(path).cells[1]
    assert cell.cell_type == "code"
    assert cell.source == course.setup_cell_source(), "the Setup cell differs: run `python scripts/notebooks.py sync`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_setup_cell_is_collapsed_where_the_front_end_allows_it(path):
    """Colab shows a form title, JupyterLab folds the source, the book (MyST-NB) hides the input; nothing else."""
    nb = load(path)
    assert nb.cells[1].metadata == course.SETUP_CELL_METADATA, "run `python scripts/notebooks.py sync`"
    hiding = {"cellView", "jupyter"}
    for i, cell in enumerate(nb.cells[2:], start=2):
        assert not hiding & set(cell.metadata), f"cell {i}: only the Setup cell is collapsed"
        assert "hide-input" not in cell.metadata.get("tags", []), f"cell {i}: only the Setup cell hides its input"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_anatomy_headings_in_order(path):
    text = "\n".join(markdown(load(path)))
    positions = []
    for heading in ("## What you will learn", "## Summary", "## Exercises"):
        match = re.search(rf"^{re.escape(heading)}\s*$", text, flags=re.M)
        assert match, f"missing heading {heading!r}"
        positions.append(match.start())
    assert positions == sorted(positions), "headings out of order"
    learn = text[positions[0] :].split("\n## ")[0]
    objectives = [ln for ln in learn.splitlines() if ln.startswith("- ")]
    assert 3 <= len(objectives) <= 6, f"'What you will learn' needs 3-6 objectives, has {len(objectives)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_exercises_are_checked_stubs(path):
    nb = load(path)
    start = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "## Exercises" in c.source)
    code = "\n".join(c.source for c in nb.cells[start:] if c.cell_type == "code")
    assert "raise NotImplementedError" in code and "check_" in code


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_clean(path):
    metadata = load(path).metadata
    assert "widgets" not in metadata, "widget state stored; run `python scripts/notebooks.py strip`"
    assert metadata.get("language_info") == {"name": "python"}, "kernel details stored; run strip"
    for i, cell in enumerate(load(path).cells):
        if cell.cell_type != "code":
            continue
        checked = CHECK in cell.metadata.get("tags", [])
        if checked:
            assert cell.outputs and cell.execution_count, f"cell {i}: checked cell has no stored output"
            for out in cell.outputs:
                assert out.output_type in ("stream", "execute_result"), f"cell {i}: stores {out.output_type}"
        else:
            assert not cell.outputs, f"cell {i} stores outputs"
            assert cell.execution_count is None, f"cell {i} stores an execution count"


@pytest.mark.parametrize(
    "path", [*NOTEBOOKS, *ZH_NOTEBOOKS], ids=lambda p: p.relative_to(ROOT / "notebooks").as_posix()
)
def test_no_test_markers_in_what_learners_read(path):
    """nbval reads cell tags; comments such as `# NBVAL_CHECK_OUTPUT` would show every reader a test marker."""
    for cell in load(path).cells:
        found = re.findall(r"NBVAL_\w+|not compared by nbval", cell.source, flags=re.I)
        assert not found, f"cell {cell.get('id')}: {found}; use nbval's cell tags (metadata) instead"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_metadata_is_minimal(path):
    nb = load(path)
    assert set(nb.metadata) <= {"kernelspec", "language_info"}, f"extra notebook metadata: {sorted(nb.metadata)}"
    assert nb.metadata.get("language_info", {}) in ({}, {"name": "python"}), "language_info stores versions"
    for i, cell in enumerate(nb.cells):
        assert "widgets" not in cell.metadata and "execution" not in cell.metadata, f"cell {i} stores run state"


def test_every_notebook_in_course_map_and_readme():
    stems = [p.stem for p in NOTEBOOKS]
    assert [e.stem for e in course.COURSE_MAP] == stems, "utils/course.py COURSE_MAP != notebooks/"
    readme = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| \[(\d\d) · [^\]]+\]\(notebooks/([^)]+)\.ipynb\) \|", readme, flags=re.M)
    assert [stem for _, stem in rows] == stems, "README course map rows != notebooks/"
    for entry in course.COURSE_MAP:
        row = next(ln for ln in readme.splitlines() if f"(notebooks/{entry.stem}.ipynb)" in ln)
        assert entry.quick in row and entry.full in row, f"README times for {entry.stem} differ from COURSE_MAP"


@pytest.mark.parametrize("path", [*NOTEBOOKS, ROOT / "README.md"], ids=lambda p: p.name)
def test_named_repository_files_exist(path):
    """Every `utils/...py` or `scripts/...py` file the prose points learners to exists (no stale paths)."""
    named = set(re.findall(r"`((?:utils|scripts|tests)/[\w/]+\.py)`", path.read_text(encoding="utf-8")))
    missing = sorted(p for p in named if not (ROOT / p).is_file())
    assert not missing, f"{path.name} names files that do not exist: {missing}"
