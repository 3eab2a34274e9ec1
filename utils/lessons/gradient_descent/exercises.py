"""Checkers for notebook 04 (gradient descent, the math)."""

from __future__ import annotations

from typing import Any

import numpy as np

from utils.checking import Case, Feedback, check_function
from utils.lessons.gradient_descent import solutions as solution


def check_mse_linear_gradient(fn: Any) -> Feedback:
    """Check (dJ/dw, dJ/db) of the mean squared error of a linear model y_hat = X @ w + b."""
    rng = np.random.default_rng(3)
    inputs = [
        (
            np.array([[1.0], [2.0], [3.0]]),
            np.array([2.0, 4.0, 6.5]),
            np.array([1.5]),
            0.5,
            "X = [[1], [2], [3]], y = [2, 4, 6.5], w = [1.5], b = 0.5",
        ),
        (
            rng.normal(size=(8, 3)),
            rng.normal(size=8),
            rng.normal(size=3),
            -0.7,
            "a random problem with m = 8 samples and d = 3 features",
        ),
        (rng.normal(size=(5, 2)), rng.normal(size=5), np.zeros(2), 0.0, "a random problem with w = 0 and b = 0"),
    ]
    cases = [Case((X, y, w, b), solution.mse_linear_gradient(X, y, w, b), label=label) for X, y, w, b, label in inputs]
    return check_function(
        fn,
        cases,
        "mse_linear_gradient",
        hint="with the residual r = X @ w + b - y, J is the mean of r**2; differentiate r**2 "
        "by the chain rule and average over the m samples.",
    )


def check_adam_step(fn: Any) -> Feedback:
    """Check one Adam update (Algorithm 1 of Kingma & Ba) returning (theta, m, v)."""
    theta = np.array([0.5, -1.0, 2.0])
    grad = np.array([0.2, -3.0, 0.01])
    m_prev = np.array([0.05, -0.1, 0.0])
    v_prev = np.array([0.001, 0.5, 1e-4])
    inputs = [
        ((theta, grad, np.zeros(3), np.zeros(3), 1), {}, "the first step (t = 1, m = v = 0)"),
        ((theta, grad, m_prev, v_prev, 5), {}, "step t = 5 with non-zero m and v"),
        (
            (theta, grad, m_prev, v_prev, 3),
            {"lr": 0.1, "beta_1": 0.8, "beta_2": 0.99},
            "step t = 3 with lr = 0.1, beta_1 = 0.8, beta_2 = 0.99",
        ),
        (
            (theta, np.array([0.0, 0.02, -0.001]), np.zeros(3), np.zeros(3), 1),
            {},
            "the first step with a zero gradient entry (0 / 0 without eps)",
        ),
        (
            (theta, grad, m_prev, v_prev, 2),
            {"eps": np.float32(0.1)},
            "step t = 2 with a large eps = 0.1 (eps is added after the square root)",
        ),
        (
            (theta, np.array([0.003, -0.002, 0.0005]), m_prev, v_prev * 1e-4, 4),
            {"lr": 0.01, "eps": 1e-3},
            "step t = 4 with small gradients and eps = 1e-3",
        ),
    ]
    cases = [
        Case(args, solution.adam_step(*args, **kwargs), label=label, kwargs=kwargs) for args, kwargs, label in inputs
    ]
    return check_function(
        fn,
        cases,
        "adam_step",
        rtol=1e-6,
        atol=1e-12,
        hint="update m and v first, then divide by (1 - beta**t) for m_hat and v_hat, "
        "and return the new m and v (not m_hat and v_hat).",
    )
