"""The course book's machinery: unit tests (the built book in a browser is test_book_site.py)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from authoring import book
from utils.course import COURSE_MAP, ROOT, colab_url

SCREENSHOTS = ROOT / "outputs" / "book" / "screenshots"
BOOK_TOOLS = {"sphinx", "myst-nb", "myst-parser", "sphinx-book-theme", "pydata-sphinx-theme", "sphinx-mathjax-offline"}


# ---------------------------------------------------------------- machinery (no Sphinx, no kernel)


def small_notebook(path: Path, widget: bool = False) -> Path:
    nb = nbformat.v4.new_notebook(metadata={"widgets": {"state": {}}} if widget else {})
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 05 · A lab"),
        nbformat.v4.new_code_cell("print(1)"),
        nbformat.v4.new_markdown_cell("## Read the course scoreboard"),
        nbformat.v4.new_code_cell("draw()"),
        nbformat.v4.new_markdown_cell("## Summary"),
    ]
    nbformat.write(nb, path)
    return path


WIDGET_OUTPUT = {
    "output_type": "display_data",
    "metadata": {"course_controls": [["learning rate", "0.1"], ["log", "True"]]},
    "data": {
        book.WIDGET_VIEW: {"model_id": "abc", "version_major": 2, "version_minor": 0},
        "text/plain": "HBox(children=(IntSlider(value=3, description='learning rate'), Checkbox(description='log')))",
    },
}
IMAGE_OUTPUT = {
    "output_type": "display_data",
    "metadata": {"image/png": {"alt": "A curve."}},
    "data": {"image/png": "iVBOR"},
}


@pytest.fixture
def executed(tmp_path) -> tuple[Path, Path]:
    source = small_notebook(tmp_path / "05_a_lab.ipynb")
    outputs = [[{"output_type": "stream", "name": "stdout", "text": "1\n"}, WIDGET_OUTPUT], [IMAGE_OUTPUT]]
    target = book.from_cell_outputs(
        source,
        outputs,
        "quick",
        tmp_path / "out" / "05_a_lab.ipynb",
        executed_at=dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC),
    )
    return source, target


def test_check_profile_names_the_choices():
    assert book.check_profile("quick") == "quick"
    with pytest.raises(ValueError, match="quick, full"):
        book.check_profile("fast")


def test_course_notebooks_follow_the_course_map():
    pairs = book.course_notebooks()
    assert [entry.stem for entry, _ in pairs] == [entry.stem for entry in COURSE_MAP]
    assert all(path.is_file() for _, path in pairs)


def test_course_notebooks_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="folder"):
        book.course_notebooks(tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match=COURSE_MAP[0].stem):
        book.course_notebooks(tmp_path)
    for entry in COURSE_MAP:
        (tmp_path / f"{entry.stem}.ipynb").write_text("{}")
    (tmp_path / "99_stray.ipynb").write_text("{}")
    with pytest.raises(ValueError, match="99_stray"):
        book.course_notebooks(tmp_path)


def test_from_cell_outputs_stamps_and_numbers(executed):
    source, target = executed
    nb = nbformat.read(target, as_version=4)
    info = book.stamp_of(nb)
    assert info == {
        "profile": "quick",
        "source": source.name,
        "source_sha256": book.digest(source),
        "utils_sha256": book.digest(book.UTILS, book.NOT_RUN),
        "executed_at": "2026-01-02 03:04 UTC",
    }
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code] == [1, 2]
    assert code[0].outputs[0].text == "1\n"
    assert book.count_images(nb) == 1
    assert nbformat.read(source, as_version=4).cells[1].outputs == []  # the source is never written


def test_from_cell_outputs_rejects_partial_runs(tmp_path):
    source = small_notebook(tmp_path / "05_a_lab.ipynb")
    with pytest.raises(ValueError, match="1 entries for the 2 code cells"):
        book.from_cell_outputs(source, [[]], "quick", tmp_path / "out.ipynb")
    with pytest.raises(ValueError, match="did not run"):
        book.from_cell_outputs(source, [[], None], "quick", tmp_path / "out.ipynb")
    with pytest.raises(ValueError, match="profile"):
        book.from_cell_outputs(source, [[], []], "fast", tmp_path / "out.ipynb")


def test_is_fresh_follows_source_and_profile(executed):
    source, target = executed
    assert book.is_fresh(target, source, "quick")
    assert not book.is_fresh(target, source, "full")
    assert not book.is_fresh(target.with_name("missing.ipynb"), source, "quick")
    source.write_text(source.read_text().replace("print(1)", "print(2)"))
    assert not book.is_fresh(target, source, "quick")


def test_is_fresh_follows_the_utils_package(executed, monkeypatch, tmp_path):
    source, target = executed
    utils_copy = tmp_path / "utils"
    (utils_copy / "lessons").mkdir(parents=True)
    (utils_copy / "lessons" / "a.py").write_text("A = 1\n")
    monkeypatch.setattr(book, "UTILS", utils_copy)
    nbformat.write(book.stamp(nbformat.read(target, as_version=4), "quick", source), target)
    assert book.is_fresh(target, source, "quick")
    (utils_copy / "lessons" / "a.py").write_text("A = 2\n")
    assert not book.is_fresh(target, source, "quick")


def test_error_outputs_name_the_cell(executed):
    _, target = executed
    nb = nbformat.read(target, as_version=4)
    assert book.error_outputs(nb) == []
    nb.cells[3].outputs.append(nbformat.v4.new_output("error", ename="ValueError", evalue="bad", traceback=[]))
    assert book.error_outputs(nb) == ["cell 3: ValueError: bad"]


def test_execute_runs_in_the_profile_and_reports_errors(tmp_path):
    source = tmp_path / "notebooks" / "01_tiny.ipynb"
    source.parent.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import os; print(os.environ['COURSE_PROFILE'])"),
        nbformat.v4.new_code_cell("raise ValueError('broken cell')"),
    ]
    nbformat.write(nb, source)
    target = tmp_path / "executed" / source.name
    with pytest.raises(RuntimeError, match="01_tiny.ipynb raised in full profile: cell 1: ValueError: broken cell"):
        book.execute(source, target, "full", timeout=120)
    executed = nbformat.read(target, as_version=4)
    assert executed.cells[0].outputs[0].text == "full\n"
    assert book.stamp_of(executed)["profile"] == "full"
    assert nbformat.read(source, as_version=4).cells[0].outputs == []


def test_build_without_execution_needs_executed_copies(tmp_path):
    with pytest.raises(FileNotFoundError, match="no executed copy"):
        book.build("quick", "never", out=tmp_path, log=lambda line: None)


def test_stamp_of_rejects_unexecuted_notebooks():
    with pytest.raises(ValueError, match="not an executed copy"):
        book.stamp_of(nbformat.v4.new_notebook())


def test_widget_note_names_the_controls():
    note = book.widget_note(WIDGET_OUTPUT)
    assert "(*learning rate* = 0.1, *log* = True)" in note.data["text/markdown"]
    assert book.WIDGET_VIEW not in note.data
    bare = book.widget_note({**WIDGET_OUTPUT, "metadata": {}})
    assert "shows controls here. Open it" in bare.data["text/markdown"]
    with pytest.raises(ValueError, match="widget view"):
        book.widget_note(IMAGE_OUTPUT)


def test_prepare_page_adds_the_stamp_and_replaces_widgets(executed):
    _, target = executed
    nb = nbformat.read(target, as_version=4)
    nb.metadata["widgets"] = {"state": {}}
    page = book.prepare_page(nb, COURSE_MAP[5])
    header = page.cells[1].source
    assert "profile `quick`" in header and "2026-01-02 03:04 UTC" in header
    assert colab_url(f"{COURSE_MAP[5].stem}.ipynb") in header
    assert f"<{book.RAW_DIR}/{COURSE_MAP[5].stem}.ipynb>" in header
    assert "widgets" not in page.metadata
    outputs = [out for cell in page.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not any(book.WIDGET_VIEW in out.get("data", {}) for out in outputs)
    assert book.count_images(page) == book.count_images(nb) == 1
    assert len(nb.cells) == len(page.cells) - 1 and "widgets" in nb.metadata  # the input is untouched


def test_scoreboard_page_takes_the_section(executed):
    _, target = executed
    nb = nbformat.read(target, as_version=4)
    page = book.scoreboard_page([(COURSE_MAP[0], nb)])
    assert page.cells[0].source.startswith("# Course scoreboard")
    assert [cell.source for cell in page.cells[1:]] == ["## Read the course scoreboard", "draw()"]
    nb.cells[2].source = "## Something else"
    with pytest.raises(ValueError, match="scoreboard"):
        book.scoreboard_page([(COURSE_MAP[0], nb)])


def test_index_lists_the_course_map_in_order_with_parts():
    info = {"profile": "quick", "executed_at": "2026-01-02 03:04 UTC"}
    text = book.index_markdown(COURSE_MAP, "Title", info)
    positions = [text.index(f"]({entry.stem}.ipynb)") for entry in COURSE_MAP]
    assert positions == sorted(positions)
    parts = list(dict.fromkeys(entry.part for entry in COURSE_MAP))
    captions = re.findall(r":caption: (.+)", text)
    assert captions == [part.capitalize() for part in parts] + ["Back matter"]
    with pytest.raises(ValueError, match="entries"):
        book.index_markdown([], "Title", info)


def test_bad_arguments_are_named(tmp_path):
    with pytest.raises(ValueError, match="execute_mode"):
        book.build("quick", execute_mode="sometimes")
    with pytest.raises(ValueError, match="profile"):
        book.BookPaths.for_profile("fast")
    with pytest.raises(FileNotFoundError, match="source"):
        book.execute(tmp_path / "missing.ipynb", tmp_path / "out.ipynb", "quick")
    source = small_notebook(tmp_path / "05_a_lab.ipynb")
    with pytest.raises(ValueError, match="target"):
        book.execute(source, tmp_path / "05_copy.ipynb", "quick")
    with pytest.raises(FileNotFoundError, match="index.md"):
        book.render_html(tmp_path, tmp_path / "html")


def test_figures_and_widgets_carry_alt_text_and_control_labels():
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from utils import plots, widgets

    InteractiveShell.instance()
    plots._show_figures_inline()  # as in a kernel: the PNG formatter that adds alt text

    def draw(slope: float = 1.0):
        fig, ax = plots.new_figure()
        ax.plot([0, 1], [0, slope])
        ax.set(title="A line", xlabel="x", ylabel="y")
        return fig

    with capture_output() as captured:
        widgets.interact(draw, slope=(0.0, 2.0, 0.5, 1.0))
    widget, figure = captured.outputs
    assert widget.metadata[widgets.CONTROLS_METADATA] == [["slope", "1.0"]]
    assert figure.metadata["image/png"] == {"alt": "Figure. A line (y against x)."}


def test_alt_text_describes_the_figure():
    from utils import plots

    fig = plots.plot_history({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7], "accuracy": [0.5, 0.8]}, title="Training")
    assert plots.figure_alt_text(fig) == (
        "Figure with 2 panels: Training. loss (loss against epoch); accuracy (accuracy against epoch)."
    )
    grid = plots.image_grid(np.zeros((10, 5, 5)), labels=list("abcdefghij"), title="Digits")
    assert plots.figure_alt_text(grid) == "Grid of 10 images: Digits. Labelled a; b; c; d; and 6 more."
    matrix = plots.plot_confusion_matrix([0, 1, 1], [0, 1, 0], title="Mistakes")
    assert plots.figure_alt_text(matrix).startswith("Figure. Mistakes")  # the colour bar is no panel
    diagram, ax = plots.new_figure()
    ax.text(0, 0, "Platform")
    ax.text(1, 1, "Cost US\\$3\nper hour")
    assert plots.figure_alt_text(diagram) == "Figure. labels Platform, Cost US$3 per hour."
    assert plots.figure_alt_text(plots.set_alt_text(diagram, " Two  boxes. ")) == "Two boxes."


def test_alt_text_arguments_are_checked():
    from utils import plots

    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        plots.figure_alt_text("figure")
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        plots.set_alt_text(None, "text")
    with pytest.raises(ValueError, match="text must be a non-empty"):
        plots.set_alt_text(plots.new_figure()[0], "  ")


def test_book_requirements_are_exact_pins_and_installed(skip_or_fail):
    from importlib import metadata

    lines = [ln.strip() for ln in (ROOT / "requirements-dev.txt").read_text().splitlines()]
    tools = dict(ln.split("==") for ln in lines if ln and not ln.startswith("#"))
    pins = {name: version for name, version in tools.items() if name in BOOK_TOOLS}
    assert set(pins) == BOOK_TOOLS
    installed = {}
    for name in pins:
        try:
            installed[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed[name] = None
    if all(version is None for version in installed.values()):
        skip_or_fail("the book tools are not installed (authoring tools): pip install -r requirements-dev.txt")
    assert installed == pins


def test_cli_rejects_an_unknown_profile():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "book.py"), "build", "--profile", "fast"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "invalid choice: 'fast'" in result.stderr


def test_render_html_fails_on_a_sphinx_warning(tmp_path, skip_or_fail):
    if importlib.util.find_spec("myst_nb") is None:
        skip_or_fail("the book needs MyST-NB (an authoring tool): pip install -r requirements-dev.txt")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.md").write_text("# Title\n\nSee {doc}`a_page_that_does_not_exist`.\n")
    with pytest.raises(RuntimeError, match="a_page_that_does_not_exist"):
        book.render_html(tmp_path / "src", tmp_path / "html")
