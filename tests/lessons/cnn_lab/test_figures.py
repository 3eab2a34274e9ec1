import numpy as np
import pytest
from matplotlib.figure import Figure

from utils.lessons.cnn_lab import figures as cnn


@pytest.fixture
def digit():
    return np.random.default_rng(0).random((28, 28))


def test_plot_kernel_effect(digit):
    kernel = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=float)
    fig = cnn.plot_kernel_effect(digit, kernel, digit[1:-1, 1:-1] - 0.5, title="sharpen")
    assert isinstance(fig, Figure) and len(fig.axes) == 4


def test_plot_kernel_effect_accepts_channel_axis(digit):
    fig = cnn.plot_kernel_effect(digit[..., None], np.ones((3, 3, 1)), digit[1:-1, 1:-1, None])
    assert isinstance(fig, Figure)


@pytest.mark.parametrize("bad", [np.ones((2, 3, 3)), np.ones(9), np.array([["a"]])])
def test_plot_kernel_effect_rejects_bad_kernel(digit, bad):
    with pytest.raises(ValueError, match="kernel must be"):
        cnn.plot_kernel_effect(digit, bad, digit)


def test_plot_kernel_gallery(digit):
    kernels = {"a": np.eye(3), "b": -np.eye(3)}
    fig = cnn.plot_kernel_gallery(kernels, {name: digit for name in kernels}, title="t")
    assert isinstance(fig, Figure) and len(fig.axes) == 4


def test_plot_kernel_gallery_needs_every_map(digit):
    with pytest.raises(ValueError, match=r"feature_maps has no map for the kernels \['b'\]"):
        cnn.plot_kernel_gallery({"a": np.eye(3), "b": np.eye(3)}, {"a": digit})
    with pytest.raises(ValueError, match="kernels is empty"):
        cnn.plot_kernel_gallery({}, {})


def test_plot_filters_shapes():
    weights = np.random.default_rng(1).normal(size=(3, 3, 1, 10))
    fig = cnn.plot_filters(weights, ncols=4)
    assert isinstance(fig, Figure) and len(fig.axes) == 12
    assert isinstance(cnn.plot_filters(weights[:, :, 0, :]), Figure)


@pytest.mark.parametrize("shape", [(3, 3, 2, 4), (3, 3), (3, 3, 0)])
def test_plot_filters_rejects_bad_shape(shape):
    with pytest.raises(ValueError, match=r"weights must have shape \(kh, kw, 1, n\)"):
        cnn.plot_filters(np.ones(shape))


def test_plot_filters_rejects_bad_ncols():
    with pytest.raises(ValueError, match="ncols must be a positive integer"):
        cnn.plot_filters(np.ones((3, 3, 1, 4)), ncols=0)


def test_plot_feature_maps():
    maps = np.random.default_rng(2).random((1, 26, 26, 6))
    fig = cnn.plot_feature_maps(maps, ncols=3, title="maps")
    assert isinstance(fig, Figure) and len(fig.axes) == 6


@pytest.mark.parametrize("shape", [(26, 26), (2, 26, 26, 3), (4, 4, 0)])
def test_plot_feature_maps_rejects_bad_shape(shape):
    with pytest.raises(ValueError, match=r"maps must have shape \(H, W, C\)"):
        cnn.plot_feature_maps(np.ones(shape))


def test_plot_probabilities_grey_and_colour():
    rng = np.random.default_rng(3)
    probs = rng.dirichlet(np.ones(10), size=3)
    fig = cnn.plot_probabilities(rng.random((3, 28, 28, 1)), probs, [1, 2, 3])
    assert isinstance(fig, Figure) and len(fig.axes) == 6
    names = [f"class{i}" for i in range(10)]
    fig = cnn.plot_probabilities(
        rng.integers(0, 256, (3, 32, 32, 3), dtype=np.uint8), probs, np.array([[1], [2], [3]]), class_names=names
    )
    assert isinstance(fig, Figure)


def test_plot_probabilities_rejects_mismatches():
    rng = np.random.default_rng(4)
    images, probs = rng.random((2, 8, 8)), rng.dirichlet(np.ones(3), size=2)
    with pytest.raises(ValueError, match="probabilities must have shape"):
        cnn.plot_probabilities(images, probs[:1], [0, 1])
    with pytest.raises(ValueError, match="got 1 labels for 2 images"):
        cnn.plot_probabilities(images, probs, [0])
    with pytest.raises(ValueError, match="got 2 class names for 3 classes"):
        cnn.plot_probabilities(images, probs, [0, 1], class_names=["a", "b"])
    with pytest.raises(ValueError, match="images must have shape"):
        cnn.plot_probabilities(np.ones((0, 8, 8)), probs[:0], [])
