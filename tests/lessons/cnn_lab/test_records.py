"""The figure table of notebook 06_cnn_lab: a valid row per recorded figure, no stale row."""

import math
import re
from pathlib import Path

import pytest

from tests.lessons.records_support import recorded_names
from utils.lessons.cnn_lab.records import FIGURES
from utils.results import SPLITS, FigureInfo, Recorder, figure_table

NOTEBOOK = Path(__file__).resolve().parents[3] / "notebooks" / "06_cnn_lab.ipynb"


def test_the_table_is_what_the_results_module_reads():
    assert figure_table("06_cnn_lab") is FIGURES


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_each_row_is_a_valid_figure(name, tmp_path):
    info = FIGURES[name]
    assert isinstance(info, FigureInfo) and info.unit.strip()
    assert info.reference is None or math.isfinite(info.reference)
    assert info.split in SPLITS
    assert all(isinstance(words, str) for words in (info.reference_label, info.source, info.note))
    if info.reference is not None:
        assert info.reference_label, f"{name}: a reference needs a label saying what it is"
    entry = Recorder("06_cnn_lab", folder=tmp_path, profile_name="quick").record(name, 0.5)
    assert (entry["unit"], entry["reference"], entry["split"]) == (info.unit, info.reference, info.split)


def test_every_recorded_figure_has_a_row_and_every_row_is_recorded():
    patterns = recorded_names(NOTEBOOK)
    assert patterns, "the notebook records no figure"
    missing = [p for p in patterns if not any(re.fullmatch(p, name) for name in FIGURES)]
    stale = [name for name in FIGURES if not any(re.fullmatch(p, name) for p in patterns)]
    assert not missing, f"recorded but not in the table: {missing}"
    assert not stale, f"in the table but never recorded: {stale}"
