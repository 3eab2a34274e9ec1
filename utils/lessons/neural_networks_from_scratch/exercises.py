"""Checkers for notebook 05 (neural networks from scratch)."""

from __future__ import annotations

from typing import Any

import numpy as np

from utils.checking import Case, Feedback, check_against, check_function, run_learner
from utils.lessons.neural_networks_from_scratch import solutions as solution


def check_stable_softmax(fn: Any) -> Feedback:
    """Check a row-wise softmax that survives logits of +-1000."""
    rng = np.random.default_rng(5)
    inputs = [
        (np.array([[1.0, 2.0, 3.0]]), "z = [[1, 2, 3]]"),
        (rng.normal(size=(4, 5)), "4 rows of 5 random logits"),
        (
            np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1000.0, -999.0]]),
            "large logits [[1000, 1001, 1002], [-1000, -1000, -999]]",
        ),
        (np.array([[0.0, 0.0], [50.0, -50.0], [800.0, -800.0]]), "z = [[0, 0], [50, -50], [800, -800]]"),
        (np.array([[5.0, 1.0, -2.0, 0.5]]), "a single row z = [[5, 1, -2, 0.5]] (normalise along each row)"),
        (
            np.array([[100.0, 90.0], [-3.0, -4.0], [0.5, 0.5]], dtype=np.float32),
            "float32 logits [[100, 90], [-3, -4], [0.5, 0.5]]",
        ),
    ]
    cases = [Case((z,), solution.stable_softmax(z), label=label) for z, label in inputs]
    return check_function(
        fn,
        cases,
        "stable_softmax",
        rtol=1e-7,
        atol=1e-12,
        hint="subtract each row's maximum before exponentiating, then divide by the row sum "
        "(keepdims=True keeps the shapes compatible).",
    )


def check_dense_backward(fn: Any) -> Feedback:
    """Check (dL/dx, dL/dW, dL/db) of a dense layer out = x @ W + b."""
    rng = np.random.default_rng(6)
    inputs = [
        (
            np.array([[1.0, 2.0]]),
            np.array([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]]),
            np.array([[1.0, -2.0, 0.5]]),
            "one sample, x = [[1, 2]], 2 inputs, 3 units",
        ),
        (
            rng.normal(size=(5, 4)),
            rng.normal(size=(4, 3)),
            rng.normal(size=(5, 3)),
            "a batch of 5 samples, 4 inputs, 3 units",
        ),
        (
            rng.normal(size=(3, 2)),
            rng.normal(size=(2, 1)),
            rng.normal(size=(3, 1)),
            "a batch of 3 samples, 2 inputs, 1 unit",
        ),
    ]
    return check_against(
        fn,
        solution.dense_backward,
        [case[:-1] for case in inputs],
        "dense_backward",
        [case[-1] for case in inputs],
        hint="each gradient has the shape of what it differentiates (x, W or b); find the "
        "product of grad_out with W or x that has that shape, and sum over the batch for b.",
    )


def _sum_of_squares(x: np.ndarray) -> float:
    return float(np.sum(x**2))


def _sum_of_sines(x: np.ndarray) -> float:
    return float(np.sum(np.sin(x)))


def _mixed(x: np.ndarray) -> float:
    return float(np.sum(x[0] * x[1] ** 2 + np.exp(0.5 * x[0])))


def _mixed_grad(x: np.ndarray) -> np.ndarray:
    return np.stack([x[1] ** 2 + 0.5 * np.exp(0.5 * x[0]), 2 * x[0] * x[1]])


def _compare_errors(got: Any, expected: float) -> str | None:
    """A tiny expected error needs a tiny answer; a large one must match to 0.1%."""
    if got is None:
        return "returned None: did you forget the `return` statement?"
    try:
        value = float(np.asarray(got, dtype=float))
    except (TypeError, ValueError):
        return f"expected a single number (the relative error), got {type(got).__name__}"
    if not np.isfinite(value):
        return f"expected a finite relative error, got {value}"
    if expected < 1e-9:
        return (
            None
            if 0 <= value < 1e-7
            else (
                f"the gradient is correct, so the relative error should be tiny (< 1e-7), got {value:.3g}; "
                "use the central difference (f(x + eps) - f(x - eps)) / (2 eps), not a one-sided one, and "
                "restore x[i] after each nudge"
            )
        )
    return (
        None
        if np.isclose(value, expected, rtol=1e-3)
        else (f"expected a relative error of {expected:.4g}, got {value:.4g}")
    )


def check_gradient_check(fn: Any) -> Feedback:
    """Check a gradient-check function on right and wrong gradients of known functions."""
    x_vec = np.array([0.3, -1.2, 2.0, 0.7])
    x_mat = np.array([[0.5, -0.4, 1.1], [1.3, 0.2, -0.8]])
    inputs = [
        (_sum_of_squares, lambda x: 2 * x, x_vec, "f = sum(x**2) with its correct gradient 2x"),
        (_sum_of_squares, lambda x: x, x_vec, "f = sum(x**2) with the wrong gradient x"),
        (_sum_of_sines, np.cos, x_mat, "f = sum(sin(x)) on a 2x3 array with its correct gradient cos(x)"),
        (_sum_of_sines, lambda x: -np.cos(x), x_mat, "f = sum(sin(x)) with the wrong gradient -cos(x)"),
        (_mixed, _mixed_grad, x_mat[:, :2].copy(), "a mixed function with its correct gradient"),
        (
            _sum_of_squares,
            lambda x: 2 * x,
            np.array([0.01, -0.02, 0.005]),
            "f = sum(x**2) near 0, x = [0.01, -0.02, 0.005], with its correct gradient",
        ),
    ]
    return check_against(
        fn,
        solution.gradient_check,
        [case[:-1] for case in inputs],
        "gradient_check",
        [case[-1] for case in inputs],
        comparer=_compare_errors,
        hint="use x[i] + eps and x[i] - eps one entry at a time and restore x[i] after.",
        after=_changes_x,
    )


def _changes_x(fn: Any) -> str | None:
    """Reject a gradient check that leaves the caller's x changed (beyond one rounding step)."""
    x_vec = np.array([0.3, -1.2, 2.0, 0.7])
    seen: list[np.ndarray] = []

    def spy(f: Any, g: Any, x: np.ndarray) -> Any:
        seen.append(x)
        return fn(f, g, x)

    outcome = run_learner(spy, _sum_of_squares, lambda v: 2 * v, x_vec)
    if outcome.error is not None:
        return f"on a second call {outcome.error_sentence()}."
    x = seen[0] if seen else x_vec
    if not np.allclose(x, x_vec, rtol=1e-12, atol=1e-15):
        return (
            "the values are right but your function changed the caller's x; "
            "work on a copy or restore every entry after nudging it."
        )
    return None
