"""scripts/cifar_variants.py: its ablation edits find the notebook's lines, and change only what they name.

The ablation rows of notebook 06's table come from this script, so a notebook edit that moves a line the script
replaces must make these tests fail (the script itself stops with the same message).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import keras
import nbformat
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent


def variants_module():
    spec = importlib.util.spec_from_file_location("cifar_variants_cli", ROOT / "scripts" / "cifar_variants.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


variants = variants_module()
CELLS = {cell.get("id"): cell.source for cell in nbformat.read(variants.NOTEBOOK, as_version=4).cells}


def test_the_recipe_itself_keeps_every_line():
    cells = variants.ablated(CELLS, [], "alternating")
    assert cells[variants.NETWORK_CELL] == CELLS[variants.NETWORK_CELL]
    training = cells[variants.TRAINING_CELL]
    assert "shift=2, flip='alternating'," in training and "label_smoothing=0.2" in training
    others = {k: v for k, v in cells.items() if k not in (variants.NETWORK_CELL, variants.TRAINING_CELL)}
    assert others == {k: v for k, v in CELLS.items() if k in others}


@pytest.mark.parametrize(
    ("without", "flip", "cell", "gone", "present"),
    [
        (["whitening"], "alternating", "06-072", "whiten.kernel.trainable = False", "whiten = layers.Conv2D("),
        (["label-smoothing"], "alternating", "06-082", "label_smoothing=0.2", "label_smoothing=0.0"),
        (["shifts"], "alternating", "06-082", "shift=2", "shift=0, flip='alternating'"),
        ([], "random", "06-082", "flip='alternating'", "shift=2, flip='random'"),
        ([], "none", "06-082", "flip='alternating'", "flip='none'"),
    ],
)
def test_each_ablation_edits_its_line(without, flip, cell, gone, present):
    edited = variants.ablated(CELLS, without, flip)[cell]
    assert gone not in edited and present in edited
    assert edited.count("\n") <= CELLS[cell].count("\n")  # lines removed or changed, none added


def test_an_edit_that_misses_its_line_stops_with_the_cell_named():
    with pytest.raises(SystemExit, match="cell 06-082 no longer contains 'shift=2,' exactly once"):
        variants.edited("batches = make(shift=3)", "shift=2,", "shift=0,", "06-082")
    with pytest.raises(SystemExit, match="exactly once"):
        variants.edited("a=1, a=1,", "a=1,", "a=2,", "06-082")


def test_random_kernels_have_no_identity_and_the_fan_in_bound():
    shape = (3, 3, 8, 16)
    kernel = np.asarray(variants.random_kernels(keras)()(shape))
    limit = 1 / np.sqrt(3 * 3 * 8)
    assert kernel.shape == shape and np.abs(kernel).max() <= limit
    centre = kernel[1, 1, np.arange(8), np.arange(8)]
    assert not np.allclose(centre, 1.0)  # the notebook's PartialIdentity puts ones there
    assert kernel.std() > limit / 3  # uniform in +-limit has std limit / sqrt(3)
