"""Tests of the figures of lesson gan_lab."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from utils.lessons.gan_lab import figures as gan_figures


def test_figures_are_figures():
    grid = np.linspace(0, 8, 50)
    snap = {"step": 0, "samples": np.random.default_rng(0).normal(4, 1, 500), "d_grid": np.full(50, 0.5)}
    assert isinstance(gan_figures.plot_generator_losses(), Figure)
    assert isinstance(gan_figures.plot_gan1d_snapshots([snap, snap], 4, 1.25, grid), Figure)
    images = np.random.default_rng(0).random((16, 28, 28))
    assert isinstance(gan_figures.plot_grid_snapshots([images, images], ["a", "b"], ncols=4), Figure)
    assert isinstance(gan_figures.plot_class_histogram({"real": np.full(10, 0.1)}, 0.05, 0.15), Figure)


def test_figures_reject_bad_input():
    grid = np.linspace(0, 8, 50)
    with pytest.raises(ValueError, match="empty"):
        gan_figures.plot_gan1d_snapshots([], 4, 1.25, grid)
    with pytest.raises(ValueError, match="lacks"):
        gan_figures.plot_gan1d_snapshots([{"step": 0}], 4, 1.25, grid)
    with pytest.raises(ValueError, match="d_grid has shape"):
        gan_figures.plot_gan1d_snapshots([{"step": 0, "samples": [1.0, 2.0], "d_grid": [0.5]}], 4, 1.25, grid)
    with pytest.raises(ValueError, match="labels"):
        gan_figures.plot_grid_snapshots([np.zeros((1, 2, 2))], ["a", "b"])
    with pytest.raises(ValueError, match="same number of classes"):
        gan_figures.plot_class_histogram({"a": np.ones(10), "b": np.ones(9)})
