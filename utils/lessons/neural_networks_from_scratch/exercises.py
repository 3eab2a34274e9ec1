"""Checkers for notebook 05 (neural networks from scratch)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from utils.checking import Example, Exercise, Feedback
from utils.lessons.neural_networks_from_scratch import solutions as solution


def _draw_logits(rng: np.random.Generator) -> Example:
    n, k = int(rng.integers(1, 7)), int(rng.integers(1, 9))
    if rng.random() < 0.25:
        n = k = int(rng.integers(2, 6))
    spread = float(10 ** rng.uniform(-1, 3))
    z = rng.normal(size=(n, k)) * spread + rng.uniform(-1000, 1000, size=(n, 1)) * (rng.random() < 0.4)
    if rng.random() < 0.2:
        z = z.astype(np.float32)
    return Example((z,), f"{n} rows of {k} logits spread over about {spread:.3g}")


def _softmax_condition(z: Any) -> float:
    """A relative rounding error e in a logit of size |z| moves its probability by about |z| e (log-sum-exp forms)."""
    z = np.abs(np.asarray(z, dtype=float))
    finite = z[np.isfinite(z)]
    return 1.0 + (float(finite.max()) if finite.size else 0.0)


def _softmax_over(z: np.ndarray, axis: int | None) -> np.ndarray:
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


STABLE_SOFTMAX = Exercise(
    name="stable_softmax",
    reference=solution.stable_softmax,
    examples=[
        Example((np.array([[1.0, 2.0, 3.0]]),), "z = [[1, 2, 3]]"),
        Example((np.random.default_rng(5).normal(size=(4, 5)),), "4 rows of 5 random logits"),
        Example(
            (np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1000.0, -999.0]]),),
            "large logits [[1000, 1001, 1002], [-1000, -1000, -999]]",
        ),
    ],
    edges=[
        Example((np.array([[0.0, 0.0], [50.0, -50.0], [800.0, -800.0]]),), "z = [[0, 0], [50, -50], [800, -800]]"),
        Example((np.array([[5.0, 1.0, -2.0, 0.5]]),), "a single row z = [[5, 1, -2, 0.5]] (normalise along each row)"),
        Example(
            (np.array([[3.0, 1.0, 0.2], [0.5, 2.5, -1.0], [-2.0, 0.0, 4.0]]),),
            "a square 3x3 array (rows and columns have the same length: is the sum over the right axis?)",
        ),
        Example((np.array([[2.0], [-700.0], [0.0]]),), "one logit per row (every probability is 1)"),
        Example(
            (np.array([[100.0, 90.0], [-3.0, -4.0], [0.5, 0.5]], dtype=np.float32),),
            "float32 logits [[100, 90], [-3, -4], [0.5, 0.5]]",
        ),
        Example((np.zeros((0, 4)),), "an empty batch of shape (0, 4)"),
    ],
    draw=_draw_logits,
    rtol=1e-6,  # float32 arithmetic is right too
    atol=1e-15,
    condition=_softmax_condition,
    show_call=False,
    hint="subtract each row's maximum before exponentiating, then divide by the row sum "
    "(keepdims=True keeps the shapes compatible).",
    suspects={
        "you normalised each column (axis=0); each row is one sample, so use axis=1": lambda z: _softmax_over(
            np.asarray(z, dtype=float), 0
        ),
        "you divided by the sum of the whole array; divide each row by its own sum": lambda z: (
            np.exp(z - np.max(z, axis=1, keepdims=True)) / np.exp(z - np.max(z, axis=1, keepdims=True)).sum()
        ),
        "you returned the log-softmax; return the probabilities": lambda z: np.log(solution.stable_softmax(z)),
    },
)


def check_stable_softmax(fn: Any, seed: int | None = None) -> Feedback:
    """Check a row-wise softmax that survives logits of +-1000."""
    return STABLE_SOFTMAX.check(fn, seed)


def _draw_dense(rng: np.random.Generator) -> Example:
    m, n_in, n_out = (int(v) for v in rng.integers(1, 7, size=3))
    if rng.random() < 0.25:
        m = n_in = n_out = int(rng.integers(1, 5))
    x, W, g = rng.normal(size=(m, n_in)), rng.normal(size=(n_in, n_out)), rng.normal(size=(m, n_out))
    return Example((x, W, g), f"a batch of {m} samples, {n_in} inputs, {n_out} units")


def _dense_scale(x: Any, W: Any, grad_out: Any) -> float:
    x, W, g = (np.abs(np.asarray(a, dtype=float)) for a in (x, W, grad_out))
    return float(max(np.max(g @ W.T, initial=0.0), np.max(x.T @ g, initial=0.0), np.max(g.sum(axis=0), initial=0.0)))


_rng6 = np.random.default_rng(6)
DENSE_BACKWARD = Exercise(
    name="dense_backward",
    reference=solution.dense_backward,
    examples=[
        Example(
            (np.array([[1.0, 2.0]]), np.array([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]]), np.array([[1.0, -2.0, 0.5]])),
            "one sample, x = [[1, 2]], 2 inputs, 3 units",
        ),
        Example(
            (_rng6.normal(size=(5, 4)), _rng6.normal(size=(4, 3)), _rng6.normal(size=(5, 3))),
            "a batch of 5 samples, 4 inputs, 3 units",
        ),
    ],
    edges=[
        Example(
            (_rng6.normal(size=(3, 2)), _rng6.normal(size=(2, 1)), _rng6.normal(size=(3, 1))),
            "a batch of 3 samples, 2 inputs, 1 unit",
        ),
        Example(
            (_rng6.normal(size=(3, 3)), _rng6.normal(size=(3, 3)), _rng6.normal(size=(3, 3))),
            "3 samples, 3 inputs, 3 units (every shape square: are the transposes right?)",
        ),
        Example((_rng6.normal(size=(4, 1)), _rng6.normal(size=(1, 2)), _rng6.normal(size=(4, 2))), "one input"),
        Example((np.ones((2, 3)), np.ones((3, 2)), np.zeros((2, 2))), "a zero upstream gradient"),
        Example(
            (np.array([[1, 2], [3, 4]]), np.array([[1, 0, -1], [2, 1, 0]]), np.array([[1, -1, 2], [0, 1, 1]])),
            "whole-number (int) arrays",
        ),
    ],
    draw=_draw_dense,
    rtol=1e-9,
    atol=1e-12,
    scale=_dense_scale,
    show_call=False,
    hint="each gradient has the shape of what it differentiates (x, W or b); find the "
    "product of grad_out with W or x that has that shape, and sum over the batch for b.",
    suspects={
        "dL/db averages over the batch; the loss gradient of a bias sums over the samples": lambda x, W, g: (
            g @ W.T,
            x.T @ g,
            g.mean(axis=0),
        ),
        "dL/db keeps a batch axis: sum over axis 0 to get shape (n_out,)": lambda x, W, g: (
            g @ W.T,
            x.T @ g,
            g.sum(axis=0, keepdims=True),
        ),
        "dL/dx and dL/dW are swapped": lambda x, W, g: (x.T @ g, g @ W.T, g.sum(axis=0)),
        "dL/dW is transposed: it must have the shape of W, (n_in, n_out) = x.T @ grad_out": lambda x, W, g: (
            g @ W.T,
            g.T @ x,
            g.sum(axis=0),
        ),
    },
)


def check_dense_backward(fn: Any, seed: int | None = None) -> Feedback:
    """Check (dL/dx, dL/dW, dL/db) of a dense layer out = x @ W + b."""
    return DENSE_BACKWARD.check(fn, seed)


@dataclass(frozen=True)
class _Function:
    """A scalar test function f(x) = sum(a x^2 + b sin(c x)) + k (sum x)^2, with its text for messages."""

    a: float
    b: float
    c: float
    k: float

    def __call__(self, x: np.ndarray) -> float:
        x = np.asarray(x, dtype=float)
        return float(np.sum(self.a * x**2 + self.b * np.sin(self.c * x)) + self.k * np.sum(x) ** 2)

    def gradient(self, x: np.ndarray) -> np.ndarray:
        """The exact gradient."""
        x = np.asarray(x, dtype=float)
        return 2 * self.a * x + self.b * self.c * np.cos(self.c * x) + 2 * self.k * np.sum(x)

    def __str__(self) -> str:
        return f"f(x) = sum({self.a:.3g} x² + {self.b:.3g} sin({self.c:.3g} x)) + {self.k:.3g} (sum x)²"


@dataclass(frozen=True)
class _Gradient:
    """A gradient function handed to gradient_check: the exact one (`right`) or a mistake of known kind."""

    f: Callable[[np.ndarray], float]
    exact: Callable[[np.ndarray], np.ndarray]
    mistake: str = ""

    @property
    def right(self) -> bool:
        """True when this is the exact gradient."""
        return not self.mistake

    def __call__(self, x: np.ndarray) -> np.ndarray:
        g = np.array(self.exact(np.array(x, dtype=float)), dtype=float)
        if self.mistake == "halved":
            return g / 2
        if self.mistake == "sign":
            return -g
        if self.mistake == "one entry":
            flat = g.reshape(-1)
            flat[0] += 0.5 * (1.0 + abs(flat[0]))
            return g
        if self.mistake == "shifted":
            return g + 1.0
        return g

    def __str__(self) -> str:
        return "its exact gradient" if self.right else f"a wrong gradient ({self.mistake})"


def _sum_of_squares(x: np.ndarray) -> float:
    return float(np.sum(np.asarray(x, dtype=float) ** 2))


def _sum_of_sines(x: np.ndarray) -> float:
    return float(np.sum(np.sin(np.asarray(x, dtype=float))))


def _mixed(x: np.ndarray) -> float:
    x = np.asarray(x, dtype=float)
    return float(np.sum(x[0] * x[1] ** 2 + np.exp(0.5 * x[0])))


def _mixed_grad(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return np.stack([x[1] ** 2 + 0.5 * np.exp(0.5 * x[0]), 2 * x[0] * x[1]])


def _squares_grad(x: np.ndarray) -> np.ndarray:
    return 2 * np.asarray(x, dtype=float)


def _draw_gradient_check(rng: np.random.Generator) -> Example:
    f = _Function(
        *(
            float(np.round(v, 3))
            for v in (rng.uniform(-2, 2), rng.uniform(-2, 2), rng.uniform(0.2, 3), rng.uniform(-0.5, 0.5))
        )
    )
    shape = tuple(int(n) for n in rng.integers(1, 5, size=int(rng.integers(1, 4))))
    x = rng.uniform(-2, 2, size=shape)
    mistake = str(rng.choice(["", "", "halved", "sign", "one entry", "shifted"]))
    grad = _Gradient(f, f.gradient, mistake)
    kwargs = {"eps": float(rng.choice([1e-5, 1e-6, 1e-4]))} if rng.random() < 0.3 else {}
    return Example((f, grad, x), f"{f} on x of shape {shape}, with {grad}", kwargs)


def _compare_errors(got: Any, expected: float, example: Example) -> str | None:
    """A right gradient needs a tiny relative error (at most 10x the reference's); a wrong one must match it to 0.1%."""
    try:
        value = float(np.asarray(got.numpy() if hasattr(got, "numpy") else got, dtype=float))
    except (TypeError, ValueError):
        return f"expected a single number (the relative error), got {type(got).__name__}"
    if not np.isfinite(value):
        return f"expected a finite relative error, got {value}"
    grad_f = example.args[1]
    right = grad_f.right if isinstance(grad_f, _Gradient) else expected < 1e-9
    if right:
        # the central difference has its own error, about eps**2 |f'''| / 6, large next to a gradient near 0
        limit = max(1e-7, 10 * expected)
        if 0 <= value < limit:
            return None
        return (
            f"the gradient is correct, so the relative error should be tiny (< {limit:.2g}), got {value:.3g}; "
            "use the central difference (f(x + eps) - f(x - eps)) / (2 eps), not a one-sided one, nudge one "
            "entry at a time in a float copy of x, and restore it after each nudge"
        )
    if np.isclose(value, expected, rtol=1e-3):
        return None
    return f"expected a relative error of {expected:.4g}, got {value:.4g}"


_X_VEC = np.array([0.3, -1.2, 2.0, 0.7])
_X_MAT = np.array([[0.5, -0.4, 1.1], [1.3, 0.2, -0.8]])
GRADIENT_CHECK = Exercise(
    name="gradient_check",
    reference=solution.gradient_check,
    examples=[
        Example(
            (_sum_of_squares, _Gradient(_sum_of_squares, _squares_grad), _X_VEC),
            "f = sum(x**2) with its correct gradient 2x",
        ),
        Example(
            (_sum_of_squares, _Gradient(_sum_of_squares, _squares_grad, "halved"), _X_VEC),
            "f = sum(x**2) with the wrong gradient x",
        ),
    ],
    edges=[
        Example(
            (_sum_of_sines, _Gradient(_sum_of_sines, np.cos), _X_MAT),
            "f = sum(sin(x)) on a 2x3 array with its correct gradient cos(x)",
        ),
        Example(
            (_sum_of_sines, _Gradient(_sum_of_sines, np.cos, "sign"), _X_MAT),
            "f = sum(sin(x)) on a 2x3 array with the wrong gradient -cos(x)",
        ),
        Example(
            (_sum_of_sines, _Gradient(_sum_of_sines, np.cos, "one entry"), _X_MAT),
            "f = sum(sin(x)) on a 2x3 array with a gradient wrong in its first entry only",
        ),
        Example(
            (_sum_of_squares, _Gradient(_sum_of_squares, _squares_grad, "shifted"), _X_VEC),
            "f = sum(x**2) with the wrong gradient 2x + 1",
        ),
        Example(
            (_mixed, _Gradient(_mixed, _mixed_grad), _X_MAT[:, :2].copy()), "a mixed function with its correct gradient"
        ),
        Example(
            (_sum_of_squares, _Gradient(_sum_of_squares, _squares_grad), np.array([0.01, -0.02, 0.005])),
            "f = sum(x**2) near 0, x = [0.01, -0.02, 0.005], with its correct gradient",
        ),
        Example(
            (_sum_of_squares, _Gradient(_sum_of_squares, _squares_grad), np.zeros(3)),
            "f = sum(x**2) at x = 0, where both gradients are 0 (return 0.0)",
        ),
        Example(
            (_sum_of_squares, _Gradient(_sum_of_squares, _squares_grad), np.array([1, -2, 3])),
            "f = sum(x**2) at the whole-number (int) point x = [1, -2, 3]",
        ),
        Example(
            (_sum_of_sines, _Gradient(_sum_of_sines, np.cos), _X_VEC),
            "f = sum(sin(x)) with eps = 1e-4 given",
            {"eps": 1e-4},
        ),
    ],
    draw=_draw_gradient_check,
    comparer=_compare_errors,
    show_call=False,
    hint="use x[i] + eps and x[i] - eps one entry at a time (on a float copy of x) and restore x[i] after.",
)


def check_gradient_check(fn: Any, seed: int | None = None) -> Feedback:
    """Check a gradient-check function on right and wrong gradients of known functions."""
    return GRADIENT_CHECK.check(fn, seed)
