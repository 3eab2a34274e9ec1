"""Reference solutions for notebook 05 (neural networks from scratch)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from utils.lessons.gradient_descent import helpers as gd


def stable_softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of a 2-D array of logits, without overflow."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def dense_backward(x: np.ndarray, W: np.ndarray, grad_out: np.ndarray) -> tuple[np.ndarray, ...]:
    """Return (dL/dx, dL/dW, dL/db) for out = x @ W + b."""
    return grad_out @ W.T, x.T @ grad_out, grad_out.sum(axis=0)


def gradient_check(
    f: Callable[[np.ndarray], float], grad_f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, eps: float = 1e-6
) -> float:
    """Relative error between grad_f(x) and a central-difference estimate of the gradient of f."""
    x = np.array(x, dtype=float)
    analytic = np.asarray(grad_f(x.copy()), dtype=float)
    numeric = gd.numerical_gradient(f, x, eps)
    scale = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return 0.0 if scale == 0 else float(np.linalg.norm(analytic - numeric) / scale)
