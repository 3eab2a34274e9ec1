"""Tests of notebook 05's NumPy maths."""

import numpy as np
import pytest

from utils.lessons.gradient_descent import helpers as gd
from utils.lessons.neural_networks_from_scratch import helpers as nn

Y = np.array([[1.0], [0.0], [1.0]])


@pytest.mark.parametrize("name", list(nn.ACTIVATIONS))
def test_activation_derivatives_match_finite_differences(name):
    f, f_prime = nn.ACTIVATIONS[name]
    z = np.linspace(-3, 3, 12)  # even count: avoids the kink at 0
    numeric = gd.numerical_gradient(lambda v: float(np.sum(f(v))), z)
    np.testing.assert_allclose(f_prime(z), numeric, atol=1e-7)


def test_sigmoid_is_stable_and_symmetric():
    z = np.array([-1000.0, -5.0, 0.0, 5.0, 1000.0])
    s = nn.sigmoid(z)
    assert np.all(np.isfinite(s)) and s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
    np.testing.assert_allclose(s + nn.sigmoid(-z), 1.0)


def test_softmax_stable_for_huge_logits():
    z = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])
    p = nn.softmax(z)
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[0], nn.softmax(np.array([[0.0, 1.0, 2.0]]))[0])
    np.testing.assert_allclose(np.exp(nn.log_softmax(z)), p, atol=1e-300)
    assert nn.softmax_cross_entropy(np.eye(3)[[0, 0]], z) == pytest.approx(
        (2 + np.log1p(np.exp(-1) + np.exp(-2)) + 2000) / 2
    )


def test_sigmoid_cross_entropy_equals_bce_of_sigmoid():
    z = np.array([[2.0], [-0.5], [0.1]])
    assert nn.sigmoid_cross_entropy(Y, z) == pytest.approx(gd.binary_cross_entropy(Y, nn.sigmoid(z)))
    assert np.isfinite(nn.sigmoid_cross_entropy(Y, np.array([[-800.0], [800.0], [0.0]])))
