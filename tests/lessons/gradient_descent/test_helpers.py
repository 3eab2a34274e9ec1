import numpy as np
import pytest

from utils.lessons.gradient_descent import helpers as gd
from utils.lessons.neural_networks_from_scratch import helpers as nn
from utils.source import show_source

Y = np.array([[1.0], [0.0], [1.0]])
P = np.array([[0.8], [0.3], [0.6]])
Y_CAT = np.eye(3)[[0, 2, 1]]
P_CAT = np.array([[0.6, 0.3, 0.1], [0.2, 0.2, 0.6], [0.1, 0.5, 0.4]])


def test_losses_match_hand_computed_values():
    assert gd.mse(Y, P) == pytest.approx((0.04 + 0.09 + 0.16) / 3)
    assert gd.binary_cross_entropy(Y, P) == pytest.approx(-(np.log(0.8) + np.log(0.7) + np.log(0.6)) / 3)
    assert gd.categorical_cross_entropy(Y_CAT, P_CAT) == pytest.approx(-(np.log(0.6) + np.log(0.6) + np.log(0.5)) / 3)


@pytest.mark.parametrize(
    "loss, grad, y, p",
    [
        (gd.mse, gd.mse_grad, Y, P),
        (gd.binary_cross_entropy, gd.binary_cross_entropy_grad, Y, P),
        (gd.categorical_cross_entropy, gd.categorical_cross_entropy_grad, Y_CAT, P_CAT),
        (nn.softmax_cross_entropy, nn.softmax_cross_entropy_grad, Y_CAT, np.log(P_CAT) * 3),
        (nn.sigmoid_cross_entropy, nn.sigmoid_cross_entropy_grad, Y, np.array([[2.0], [-0.5], [0.1]])),
    ],
)
def test_loss_gradients_match_finite_differences(loss, grad, y, p):
    numeric = gd.numerical_gradient(lambda q: loss(y, q), p)
    assert gd.relative_error(grad(y, p), numeric) < 1e-8


def test_numerical_gradient_leaves_input_untouched():
    x = np.array([1.0, 2.0])
    grad = gd.numerical_gradient(lambda v: float(v[0] ** 2 + 3 * v[1]), x)
    np.testing.assert_allclose(grad, [2.0, 3.0], atol=1e-6)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_relative_error_edge_cases():
    assert gd.relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert gd.relative_error([1.0], [-1.0]) == 1.0


def test_data_generators():
    x, y = nn.make_xor_blobs(100, seed=0)
    assert x.shape == (100, 2) and y.shape == (100, 1) and y.sum() == 50
    np.testing.assert_array_equal(x, nn.make_xor_blobs(100, seed=0)[0])
    xl, yl = gd.make_line_data(n=10, slope=2.0, intercept=1.0, noise=0.0)
    np.testing.assert_allclose(yl, 2 * xl + 1)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: gd.mse([1.0, 2.0], [1.0]), "same shape"),
        (lambda: gd.mse("abc", "abd"), "numeric"),
        (lambda: gd.mse([], []), "empty"),
        (lambda: gd.mse([np.nan], [1.0]), "NaN"),
        (lambda: gd.binary_cross_entropy([1.0], [1.0]), "strictly between 0 and 1"),
        (lambda: gd.binary_cross_entropy_grad([0.0], [0.0]), "strictly between 0 and 1"),
        (lambda: gd.categorical_cross_entropy([1.0, 0.0], [0.5, 0.5]), "2-D"),
        (lambda: gd.categorical_cross_entropy([[1.0, 1.0]], [[0.5, 0.5]]), "distribution"),
        (lambda: nn.softmax_cross_entropy([[0.5, 0.2]], [[1.0, 2.0]]), "distribution"),
        (lambda: gd.numerical_gradient("f", [1.0]), "function"),
        (lambda: gd.numerical_gradient(np.sum, [1.0], eps=0), "eps must be a positive"),
        (lambda: nn.make_xor_blobs(10), "multiple of 4"),
        (lambda: nn.make_xor_blobs(-4), "multiple of 4"),
        (lambda: nn.make_xor_blobs(8, spread=0), "spread"),
        (lambda: gd.make_line_data(n=1), "n must be"),
        (lambda: gd.make_line_data(noise=-1.0), "noise"),
        (lambda: gd.make_line_data(x_range=(2.0, 1.0)), "low < high"),
        (lambda: show_source(), "at least one"),
        (lambda: show_source(3), "must be a function or class"),
    ],
)
def test_bad_inputs_raise_clear_value_errors(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
