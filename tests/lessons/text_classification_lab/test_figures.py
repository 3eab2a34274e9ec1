"""Tests of the figures of lesson text_classification_lab."""

import numpy as np

from utils.lessons.text_classification_lab import figures as text_figures


def test_plots_return_figures():
    from matplotlib.figure import Figure

    fig = text_figures.plot_length_histogram(np.arange(1, 500), cut=300)
    assert isinstance(fig, Figure)
    assert isinstance(text_figures.plot_probabilities(["good", "bad"], [0.9, 0.1]), Figure)
    rows = [("measured", 0.88, True), ("published", 0.864, False)]
    assert isinstance(text_figures.plot_accuracy_comparison(rows), Figure)
