"""Tests of the figures of lesson model_to_product."""

from matplotlib.figure import Figure

from utils.lessons.model_to_product import figures as serving_figures


def test_plot_latency_and_bars_return_figures():
    fig = serving_figures.plot_latency({"a": [1.0, 2.0, 3.0], "b": [0.5, 0.6]}, {"batch 1": 100.0, "batch 64": 900.0})
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    fig = serving_figures.plot_bars(["x", "y"], {"size": [1, 2], "acc": [0.9, 0.8]}, formats={"acc": "{:.2f}"})
    assert isinstance(fig, Figure) and len(fig.axes) == 2
