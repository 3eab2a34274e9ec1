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
