import numpy as np
import pytest
from matplotlib.figure import Figure

from utils import plots
from utils.course import COURSE_MAP


def test_plot_history_from_dict_and_history():
    history = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7], "accuracy": [0.5, 0.8], "val_accuracy": [0.4, 0.7]}
    fig = plots.plot_history(history)
    assert isinstance(fig, Figure) and len(fig.axes) == 2

    class FakeHistory:
        pass

    h = FakeHistory()
    h.history = {"loss": [3.0, 2.0, 1.0]}
    assert len(plots.plot_history(h).axes) == 1


def test_plot_history_saves_under_outputs(tmp_path):
    fig = plots.plot_history({"loss": [1, 0.5]})
    plots.save_figure(fig, "curve", folder=tmp_path)
    assert (tmp_path / "curve.png").stat().st_size > 1000


@pytest.mark.parametrize(
    "bad, message",
    [
        ({}, "non-empty dict"),
        ("loss", "non-empty dict"),
        ({"loss": [1.0, 2.0], "val_loss": [1.0]}, "same non-zero number of epochs"),
        ({"loss": []}, "same non-zero number of epochs"),
    ],
)
def test_plot_history_bad_input(bad, message):
    with pytest.raises(ValueError, match=message):
        plots.plot_history(bad)


def test_plot_history_unknown_metric():
    with pytest.raises(ValueError, match=r"metrics \['acc'\] not in the history"):
        plots.plot_history({"loss": [1.0]}, metrics=["acc"])


@pytest.mark.parametrize("shape", [(5, 28, 28), (5, 28, 28, 1), (5, 32, 32, 3)])
def test_image_grid_shapes(shape):
    images = np.random.default_rng(0).integers(0, 255, shape, dtype=np.uint8)
    fig = plots.image_grid(images, labels=list("abcde"), ncols=3)
    assert len(fig.axes) == 6


@pytest.mark.parametrize(
    "images, message",
    [
        (np.zeros((28, 28)), "must have shape"),
        (np.zeros((2, 8, 8, 2)), "must have shape"),
        (np.zeros((0, 8, 8)), "empty"),
        (np.array([[["a"]]]), "must be numeric"),
        (np.zeros((2, 8, 8), dtype=bool), "must be numeric"),
    ],
)
def test_image_grid_bad_images(images, message):
    with pytest.raises(ValueError, match=message):
        plots.image_grid(images)


def test_image_grid_label_count_and_ncols():
    with pytest.raises(ValueError, match="got 2 labels for 3 images"):
        plots.image_grid(np.zeros((3, 4, 4)), labels=[1, 2])
    with pytest.raises(ValueError, match="ncols must be a positive integer"):
        plots.image_grid(np.zeros((3, 4, 4)), ncols=0)


def test_confusion_matrix_counts():
    matrix = plots.confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2])
    assert matrix.tolist() == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    fig = plots.plot_confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2], class_names=["a", "b", "c"], normalize=True)
    assert isinstance(fig, Figure)


@pytest.mark.parametrize(
    "y_true, y_pred, message",
    [
        ([0, 1], [0], "differ in length"),
        ([0.5, 1.0], [0, 1], "whole-number class labels"),
        ([0, 5], [0, 1], r"labels in 0\.\.2"),
    ],
)
def test_confusion_matrix_bad_input(y_true, y_pred, message):
    with pytest.raises(ValueError, match=message):
        plots.confusion_matrix(y_true, y_pred, num_classes=3)


def test_plot_lines_and_errors():
    fig = plots.plot_lines([1, 10, 100], {"a": [1, 2, 3]}, logx=True, logy=True)
    assert fig.axes[0].get_xscale() == "log"
    with pytest.raises(ValueError, match="series is empty"):
        plots.plot_lines([1, 2], {})
    with pytest.raises(ValueError, match=r"series\['a'\] has shape \(3,\), expected \(2,\)"):
        plots.plot_lines([1, 2], {"a": [1, 2, 3]})


def test_save_figure_rejects_paths():
    with pytest.raises(ValueError, match="plain file name stem"):
        plots.save_figure(plots.new_figure()[0], "../escape")


def test_course_map_figure():
    assert isinstance(plots.plot_course_map(COURSE_MAP), Figure)
    with pytest.raises(ValueError, match="entries is empty"):
        plots.plot_course_map([])


@pytest.mark.parametrize("dtype", [np.uint8, np.int32, np.int64])
def test_confusion_matrix_plot_accepts_any_integer_label_dtype(dtype):
    """Keras datasets give uint8 labels: the class-name check must not overflow on them."""
    y = np.array([0, 1, 2, 1], dtype=dtype)
    fig = plots.plot_confusion_matrix(y, y, class_names=["a", "b", "c"])
    assert isinstance(fig, Figure)
    with pytest.raises(ValueError, match="class_names has 2 names"):
        plots.plot_confusion_matrix(y, y, class_names=["a", "b"])
