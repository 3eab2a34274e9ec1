"""The figure table of notebook 05 (records.py): each row makes a valid record; it lists what the notebook records."""

import ast
from dataclasses import asdict
from pathlib import Path

import nbformat
import pytest

from utils.lessons.neural_networks_from_scratch.records import FIGURES
from utils.results import FigureInfo, Recorder

NOTEBOOK = "05_neural_networks_from_scratch"
PATH = Path(__file__).resolve().parents[3] / "notebooks" / f"{NOTEBOOK}.ipynb"


def recorded_names() -> set[str]:
    """The names the notebook passes to recorder.record(...)."""
    names = set()
    for cell in nbformat.read(PATH, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "record" and node.args:
                names.add(ast.literal_eval(node.args[0]))
    return names


def test_the_table_lists_exactly_what_the_notebook_records():
    assert set(FIGURES) == recorded_names()


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_each_row_fills_a_valid_record(name, tmp_path):
    info = FIGURES[name]
    assert isinstance(info, FigureInfo)
    assert info.reference is None or info.reference_label, f"{name}: a reference needs a label saying what it is"
    entry = Recorder(NOTEBOOK, folder=tmp_path, profile_name="full").record(name, 0.5)
    assert {key: entry[key] for key in asdict(info)} == asdict(info)
    assert entry["value"] == 0.5
