"""Reference solutions for notebook 04 (gradient descent, the math)."""

from __future__ import annotations

import numpy as np


def mse_linear_gradient(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """Return (dJ/dw, dJ/db) of J = mean((X @ w + b - y)**2)."""
    X, y, w = np.asarray(X, dtype=float), np.asarray(y, dtype=float), np.asarray(w, dtype=float)
    residual = X @ w + b - y
    m = len(y)
    return 2 / m * X.T @ residual, float(2 / m * residual.sum())


def adam_step(
    theta: np.ndarray,
    grad: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    lr: float = 0.001,
    beta_1: float = 0.9,
    beta_2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (theta, m, v) after one Adam update (Kingma & Ba 2015, Algorithm 1)."""
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    m_hat = m / (1 - beta_1**t)
    v_hat = v / (1 - beta_2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
