import numpy as np
import pytest
from matplotlib.figure import Figure

from utils.lessons.gradient_descent import figures as gd_figures
from utils.lessons.neural_networks_from_scratch import figures as nn_figures


def test_descent_1d_one_panel_per_path():
    fig = gd_figures.plot_descent_1d(
        np.square, {"a": np.array([2.0, 1.0, 0.5]), "b": np.array([-1.0, 0.1])}, xlim=(-2, 2)
    )
    assert isinstance(fig, Figure) and len(fig.axes) == 2


def test_contour_paths():
    fig = gd_figures.plot_contour_paths(
        lambda w, b: w**2 + 3 * b**2,
        {"gd": np.array([[1.0, 1.0], [0.5, 0.2]])},
        xlim=(-2, 2),
        ylim=(-2, 2),
        minimum=(0, 0),
    )
    assert isinstance(fig, Figure) and fig.axes[0].get_legend() is not None


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: gd_figures.plot_descent_1d(np.square, {}, xlim=(0, 1)), "non-empty"),
        (lambda: gd_figures.plot_descent_1d(np.square, {"a": np.zeros((3, 2))}, xlim=(0, 1)), r"\(steps,\)"),
        (lambda: gd_figures.plot_descent_1d(np.square, {"a": [1.0]}, xlim=(1, 0)), "low < high"),
        (lambda: gd_figures.plot_contour_paths(np.add, {"a": np.zeros(3)}, xlim=(0, 1), ylim=(0, 1)), r"\(steps, 2\)"),
        (lambda: nn_figures.plot_decision_boundaries(np.zeros((4, 3)), np.zeros(4)), r"\(samples, 2\)"),
        (lambda: nn_figures.plot_decision_boundaries(np.zeros((4, 2)), np.full(4, 2.0)), "0/1 label"),
        (lambda: nn_figures.plot_decision_boundaries(np.zeros((4, 2)), np.zeros(3)), "0/1 label"),
        (lambda: nn_figures.plot_activations({}), "non-empty"),
        (lambda: nn_figures.plot_activations({"f": np.tanh}), "pair"),
    ],
)
def test_bad_inputs_raise_clear_value_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()
