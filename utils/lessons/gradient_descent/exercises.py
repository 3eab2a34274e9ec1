"""Checkers for notebook 04 (gradient descent, the math)."""

from __future__ import annotations

from typing import Any

import numpy as np

from utils.checking import Example, Exercise, Feedback
from utils.lessons.gradient_descent import solutions as solution


def _problem(rng: np.random.Generator, m: int, d: int) -> tuple:
    return rng.normal(size=(m, d)), rng.normal(size=m), rng.normal(size=d), float(np.round(rng.normal(), 3))


def _draw_regression(rng: np.random.Generator) -> Example:
    m, d = int(rng.integers(1, 16)), int(rng.integers(1, 7))
    if rng.random() < 0.2:
        d = m = min(m, 6)
    X, y, w, b = _problem(rng, m, d)
    X = X * float(10 ** rng.uniform(-1, 1))
    if rng.random() < 0.15:
        X, y, w, b = rng.integers(-5, 6, size=(m, d)), rng.integers(-5, 6, size=m), rng.integers(-3, 4, size=d), 1
    return Example((X, y, w, b), f"m = {m} samples and d = {d} features")


def _regression_scale(X: Any, y: Any, w: Any, b: Any) -> float:
    """The size of the terms of the gradient, for answers whose residual nearly cancels."""
    X, y, w = np.asarray(X, dtype=float), np.asarray(y, dtype=float), np.asarray(w, dtype=float)
    size = np.abs(X) @ np.abs(w) + abs(float(b)) + np.abs(y)
    return 2.0 * float(size.max()) * max(1.0, float(np.abs(X).max()))


def _residual(X: Any, y: Any, w: Any, b: Any) -> np.ndarray:
    return np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b - np.asarray(y, dtype=float)


_RNG = np.random.default_rng(3)
_X8, _y8, _w8, _ = _problem(_RNG, 8, 3)
_X5, _y5 = _RNG.normal(size=(5, 2)), _RNG.normal(size=5)
_Xsq, _ysq, _wsq, _ = _problem(np.random.default_rng(33), 3, 3)

MSE_LINEAR_GRADIENT = Exercise(
    name="mse_linear_gradient",
    reference=solution.mse_linear_gradient,
    examples=[
        Example(
            (np.array([[1.0], [2.0], [3.0]]), np.array([2.0, 4.0, 6.5]), np.array([1.5]), 0.5),
            "X = [[1], [2], [3]], y = [2, 4, 6.5], w = [1.5], b = 0.5",
        ),
        Example((_X8, _y8, _w8, -0.7), "a random problem with m = 8 samples and d = 3 features"),
        Example((_X5, _y5, np.zeros(2), 0.0), "a random problem with w = 0 and b = 0"),
    ],
    edges=[
        Example((np.array([[2.0, -1.0]]), np.array([3.0]), np.array([0.5, 0.5]), 1.0), "a single sample (m = 1)"),
        Example((_Xsq, _ysq, _wsq, 0.3), "as many samples as features (m = d = 3: X and X.T have the same shape)"),
        Example(
            (np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]), np.array([1.5, 3.0, 4.75]), np.array([0.5, 0.25]), 0.5),
            "a perfect fit (every residual 0, so both gradients are 0)",
        ),
        Example(
            (np.array([[1, 2], [3, 4], [5, 6], [7, 9]]), np.array([1, 0, 2, 1]), np.array([1, -1]), 2),
            "whole-number (int) arrays and b",
        ),
        Example(
            (_X8.astype(np.float32), _y8.astype(np.float32), _w8.astype(np.float32), np.float32(-0.7)),
            "float32 inputs",
        ),
    ],
    draw=_draw_regression,
    rtol=1e-9,
    atol=1e-12,
    scale=_regression_scale,
    show_call=False,
    hint="with the residual r = X @ w + b - y, J is the mean of r**2; differentiate r**2 "
    "by the chain rule and average over the m samples.",
    suspects={
        "the factor 2 from differentiating r**2 is missing": lambda X, y, w, b: (
            X.T @ _residual(X, y, w, b) / len(y),
            float(_residual(X, y, w, b).mean()),
        ),
        "you summed over the samples instead of averaging (J is a mean)": lambda X, y, w, b: (
            2 * X.T @ _residual(X, y, w, b),
            float(2 * _residual(X, y, w, b).sum()),
        ),
        "the sign is flipped: with r = X @ w + b - y the gradient is +2/m X.T @ r": lambda X, y, w, b: (
            -2 / len(y) * X.T @ _residual(X, y, w, b),
            float(-2 * _residual(X, y, w, b).mean()),
        ),
        "you left b out of the prediction X @ w + b": lambda X, y, w, b: (
            2 / len(y) * X.T @ _residual(X, y, w, 0.0),
            float(2 * _residual(X, y, w, 0.0).mean()),
        ),
        "you divided by the number of features d instead of the number of samples m": lambda X, y, w, b: (
            2 / np.shape(X)[1] * X.T @ _residual(X, y, w, b),
            float(2 * _residual(X, y, w, b).sum() / np.shape(X)[1]),
        ),
    },
)


def check_mse_linear_gradient(fn: Any, seed: int | None = None) -> Feedback:
    """Check (dJ/dw, dJ/db) of the mean squared error of a linear model y_hat = X @ w + b."""
    return MSE_LINEAR_GRADIENT.check(fn, seed)


_THETA = np.array([0.5, -1.0, 2.0])
_GRAD = np.array([0.2, -3.0, 0.01])
_M = np.array([0.05, -0.1, 0.0])
_V = np.array([0.001, 0.5, 1e-4])


def _draw_adam(rng: np.random.Generator) -> Example:
    shape = (int(rng.integers(1, 7)),) if rng.random() < 0.7 else (int(rng.integers(1, 4)), int(rng.integers(1, 4)))
    scale = float(10 ** rng.uniform(-4, 1))
    theta, grad = rng.normal(size=shape), rng.normal(size=shape) * scale
    t = int(rng.integers(1, 2000)) if rng.random() < 0.7 else int(rng.integers(1, 6))
    first = t == 1 or rng.random() < 0.2  # step 1 starts from m = v = 0, as Algorithm 1 initialises them
    m = np.zeros(shape) if first else rng.normal(size=shape) * scale
    v = np.zeros(shape) if first else np.abs(rng.normal(size=shape)) * scale**2
    kwargs: dict[str, Any] = {}
    if rng.random() < 0.6:
        kwargs = {
            "lr": float(10 ** rng.uniform(-4, -1)),
            "beta_1": float(np.round(rng.uniform(0.0, 0.99), 3)),
            "beta_2": float(np.round(rng.uniform(0.9, 0.9999), 4)),
            "eps": float(10 ** rng.uniform(-10, -2)),
        }
    label = f"theta of shape {shape}, step t = {t}" + (", " + ", ".join(f"{k} = {v:.3g}" for k, v in kwargs.items()))
    return Example((theta, grad, m, v, t), label, kwargs)


def _adam_without_correction(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
    m, v = beta_1 * m + (1 - beta_1) * grad, beta_2 * v + (1 - beta_2) * grad**2
    return theta - lr * m / (np.sqrt(v) + eps), m, v


def _adam_returning_hats(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
    m, v = beta_1 * m + (1 - beta_1) * grad, beta_2 * v + (1 - beta_2) * grad**2
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m_hat, v_hat


def _adam_eps_inside(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
    m, v = beta_1 * m + (1 - beta_1) * grad, beta_2 * v + (1 - beta_2) * grad**2
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return theta - lr * m_hat / np.sqrt(v_hat + eps), m, v


def _adam_previous_step(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
    return solution.adam_step(theta, grad, m, v, t - 1, lr, beta_1, beta_2, eps)


ADAM_STEP = Exercise(
    name="adam_step",
    reference=solution.adam_step,
    examples=[
        Example((_THETA, _GRAD, np.zeros(3), np.zeros(3), 1), "the first step (t = 1, m = v = 0)"),
        Example((_THETA, _GRAD, _M, _V, 5), "step t = 5 with non-zero m and v"),
        Example(
            (_THETA, _GRAD, _M, _V, 3),
            "step t = 3 with lr = 0.1, beta_1 = 0.8, beta_2 = 0.99",
            {"lr": 0.1, "beta_1": 0.8, "beta_2": 0.99},
        ),
    ],
    edges=[
        Example(
            (_THETA, np.array([0.0, 0.02, -0.001]), np.zeros(3), np.zeros(3), 1),
            "the first step with a zero gradient entry (0 / 0 without eps)",
        ),
        Example(
            (_THETA, _GRAD, _M, _V, 2),
            "step t = 2 with a large eps = 0.1 (eps is added after the square root)",
            {"eps": np.float32(0.1)},
        ),
        Example(
            (_THETA, np.array([0.003, -0.002, 0.0005]), _M, _V * 1e-4, 4),
            "step t = 4 with small gradients and eps = 1e-3",
            {"lr": 0.01, "eps": 1e-3},
        ),
        Example((_THETA, _GRAD, _M, _V, 3), "beta_1 = 0 (no momentum)", {"beta_1": 0.0}),
        Example((_THETA, _GRAD, _M, _V, 7), "lr = 0 (theta must not move, m and v still update)", {"lr": 0.0}),
        Example((_THETA, _GRAD, _M, _V, 5000), "a late step t = 5000 (bias correction almost 1)"),
        Example(
            (
                _THETA.reshape(3, 1) * np.ones((3, 2)),
                _GRAD.reshape(3, 1) * np.ones((3, 2)),
                np.zeros((3, 2)),
                np.zeros((3, 2)),
                2,
            ),
            "a 3x2 weight matrix",
        ),
        Example((_THETA, _GRAD, _M, _V, np.int64(6)), "t given as a NumPy integer"),
    ],
    draw=_draw_adam,
    rtol=1e-9,
    atol=1e-12,
    show_call=False,
    hint="update m and v first, then divide by (1 - beta**t) for m_hat and v_hat, "
    "and return the new m and v (not m_hat and v_hat).",
    suspects={
        "the bias correction is missing: divide m by (1 - beta_1**t) and v by (1 - beta_2**t)": (
            _adam_without_correction
        ),
        "you returned m_hat and v_hat; return the uncorrected moments m and v (the next step corrects again)": (
            _adam_returning_hats
        ),
        "eps is inside the square root; Algorithm 1 adds it after: sqrt(v_hat) + eps": _adam_eps_inside,
        "the bias correction uses t - 1: t is already the number of this step (the first step has t = 1)": (
            _adam_previous_step
        ),
    },
)


def check_adam_step(fn: Any, seed: int | None = None) -> Feedback:
    """Check one Adam update (Algorithm 1 of Kingma & Ba) returning (theta, m, v)."""
    return ADAM_STEP.check(fn, seed)
