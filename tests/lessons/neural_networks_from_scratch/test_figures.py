"""Tests of notebook 05's figures."""

import numpy as np

from utils.lessons.neural_networks_from_scratch import figures as nn_figures
from utils.lessons.neural_networks_from_scratch import helpers as nn


def test_decision_boundaries_with_and_without_predictors():
    x, y = nn.make_xor_blobs(20)
    assert len(nn_figures.plot_decision_boundaries(x, y).axes) == 1
    fig = nn_figures.plot_decision_boundaries(
        x,
        y,
        {"p": lambda pts: nn.sigmoid(pts[:, 0] * pts[:, 1]), "q": lambda pts: np.full(len(pts), 0.3)},
        resolution=20,
    )
    assert len(fig.axes) == 2


def test_activations():
    assert len(nn_figures.plot_activations(nn.ACTIVATIONS).axes) == 2
