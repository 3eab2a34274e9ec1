"""Tests of the figures of lesson big_model_economics."""

from matplotlib.figure import Figure

from utils.lessons.big_model_economics import figures as econ_figures


def test_figures():
    assert isinstance(econ_figures.plot_cost_vs_size("A100", 0.3), Figure)
    assert isinstance(econ_figures.plot_compute_optimal(), Figure)
    assert isinstance(econ_figures.plot_break_even(10_000, 0.05, 0.6, 2_190), Figure)
    assert isinstance(econ_figures.plot_break_even(10_000, 0.8, 0.6), Figure)  # no crossing: nothing marked
    fig = econ_figures.plot_training_calculator(175, 300, "H100", 0.4, 3.0)
    assert "US\\$" in " ".join(t.get_text() for t in fig.axes[0].texts)
