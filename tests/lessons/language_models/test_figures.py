import numpy as np
import pytest

from utils.lessons.language_models import figures


def test_figures_draw_and_validate():
    assert figures.plot_attention(np.eye(3), ["a", "b", "c"]).axes
    assert figures.plot_softmax_saturation([4, 64]).axes
    fit = {"a": 2.0, "alpha": 0.1, "r2": 1.0}
    assert figures.plot_scaling([1e3, 1e4], [1.0, 0.8], fit, "N").axes
    assert figures.plot_bars({"a": 1.0, "b": 2.0}, "x").axes
    with pytest.raises(ValueError, match="tokens"):
        figures.plot_attention(np.eye(3), ["a"])
    with pytest.raises(ValueError, match="dims"):
        figures.plot_softmax_saturation([0])
    with pytest.raises(ValueError, match="same length"):
        figures.plot_scaling([1, 2], [1], fit, "N")
    with pytest.raises(ValueError, match="empty"):
        figures.plot_bars({}, "x")


def test_labels_curve_frontier_and_token_times_draw():
    from utils.lessons.language_models import helpers as lm

    acc = {"pretrained": [[0.6, 0.7, 0.8], [0.62, 0.71, 0.79]], "random": [[0.5, 0.55, 0.6], [0.52, 0.54, 0.61]]}
    fig = figures.plot_labels_curve([100, 300, 1000], acc)
    assert fig.axes[0].get_xscale() == "log" and len(fig.axes[0].lines) == 3  # two arms and the coin flip
    c = np.geomspace(1e6, 1e9, 10)
    curves = {1e3: (c[:7], 3.0 * (c[:7] / 1e6) ** -0.05), 1e4: (c[2:], 3.2 * (c[2:] / 1e6) ** -0.08)}
    env = lm.lower_envelope(curves)
    fit = lm.fit_power_law(env["compute"], env["loss"])
    fig = figures.plot_frontier(curves, env, fit, 1e7)
    assert fig.axes[0].get_xscale() == "log" and len(fig.axes[0].lines) == 4
    assert figures.plot_token_times([1, 2, 3], [0.01, 0.02, 0.03], [0.01, 0.01, 0.01]).axes
    with pytest.raises(ValueError, match="increasing"):
        figures.plot_labels_curve([300, 100], {"a": [[0.5, 0.6]]})
    with pytest.raises(ValueError, match="envelope"):
        figures.plot_frontier(curves, {}, fit, 1e7)
