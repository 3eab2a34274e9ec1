"""The NumPy maths of notebooks 04-05: losses, activations, softmax and gradient checking.

Every function here is written to be read: the notebooks print its source with `show_source`
next to the formula it implements, and check it against TensorFlow. Inputs are validated, so a
wrong shape or a probability outside (0, 1) gives a ValueError that says what was expected.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

Array = np.ndarray


# --- input validation (kept out of the formulas so that they stay short) ----------------------

def as_float_array(x: Any, name: str = "x") -> Array:
    """Return x as a float64 array; reject non-numeric, empty or non-finite input."""
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric (a number or an array of numbers), "
                         f"got {type(x).__name__}.") from None
    if arr.size == 0:
        raise ValueError(f"{name} is empty: expected at least one number.")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinity; expected finite numbers.")
    return arr


def _pair(y: Any, y_hat: Any, names: tuple[str, str] = ("y", "y_hat")) -> tuple[Array, Array]:
    """Return (y, y_hat) as float arrays of the same shape, or raise a ValueError."""
    y, y_hat = as_float_array(y, names[0]), as_float_array(y_hat, names[1])
    if y.shape != y_hat.shape:
        raise ValueError(f"{names[0]} and {names[1]} must have the same shape, "
                         f"got {y.shape} and {y_hat.shape}.")
    return y, y_hat


def _probabilities(p: Array, name: str = "p") -> Array:
    """Reject probabilities outside the open interval (0, 1), where a log is infinite."""
    if np.any(p <= 0) or np.any(p >= 1):
        raise ValueError(f"{name} must hold probabilities strictly between 0 and 1, got values in "
                         f"[{p.min():.3g}, {p.max():.3g}]; use the from-logits version for saturated outputs.")
    return p


def _one_hot_rows(y: Array, name: str = "y") -> Array:
    """Reject targets that are not a batch (2-D) of rows of non-negative weights summing to 1."""
    if y.ndim != 2:
        raise ValueError(f"{name} must be 2-D (samples, classes), got shape {y.shape}.")
    if np.any(y < 0) or not np.allclose(y.sum(axis=1), 1.0):
        raise ValueError(f"every row of {name} must be a distribution (one-hot or non-negative, sum 1).")
    return y


# --- losses and their derivatives with respect to the prediction ------------------------------

def mse(y: Any, y_hat: Any) -> float:
    """Mean squared error: the average of (y_hat - y)**2 over all entries."""
    y, y_hat = _pair(y, y_hat)
    return float(np.mean((y_hat - y) ** 2))


def mse_grad(y: Any, y_hat: Any) -> Array:
    """Derivative of `mse` with respect to every prediction: 2 (y_hat - y) / m."""
    y, y_hat = _pair(y, y_hat)
    return 2.0 * (y_hat - y) / y.size


def binary_cross_entropy(y: Any, p: Any) -> float:
    """Binary cross-entropy of probabilities p for 0/1 targets y, averaged: both terms."""
    y, p = _pair(y, p, ("y", "p"))
    p = _probabilities(p)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def binary_cross_entropy_grad(y: Any, p: Any) -> Array:
    """Derivative of `binary_cross_entropy` with respect to p: (p - y) / (p (1 - p)) / m."""
    y, p = _pair(y, p, ("y", "p"))
    p = _probabilities(p)
    return (p - y) / (p * (1 - p)) / y.size


def categorical_cross_entropy(y: Any, p: Any) -> float:
    """Cross-entropy of probability rows p (samples, classes) for one-hot rows y, averaged over samples."""
    y, p = _pair(y, p, ("y", "p"))
    y, p = _one_hot_rows(y), _probabilities(p)
    return float(-np.mean(np.sum(y * np.log(p), axis=1)))


def categorical_cross_entropy_grad(y: Any, p: Any) -> Array:
    """Derivative of `categorical_cross_entropy` with respect to p: -y / p / m."""
    y, p = _pair(y, p, ("y", "p"))
    y, p = _one_hot_rows(y), _probabilities(p)
    return -y / p / y.shape[0]


# --- activations and their derivatives ---------------------------------------------------------

def sigmoid(z: Any) -> Array:
    """Logistic sigmoid 1 / (1 + exp(-z)), computed without overflow for large |z|."""
    z = as_float_array(z, "z")
    e = np.exp(-np.abs(z))  # never overflows: the exponent is <= 0
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_grad(z: Any) -> Array:
    """Derivative of the sigmoid: s (1 - s), at most 1/4 (at z = 0)."""
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z: Any) -> Array:
    """Hyperbolic tangent."""
    return np.tanh(as_float_array(z, "z"))


def tanh_grad(z: Any) -> Array:
    """Derivative of tanh: 1 - tanh(z)**2."""
    return 1 - np.tanh(as_float_array(z, "z")) ** 2


def relu(z: Any) -> Array:
    """Rectified linear unit max(0, z)."""
    return np.maximum(as_float_array(z, "z"), 0.0)


def relu_grad(z: Any) -> Array:
    """Derivative of ReLU: 1 where z > 0, else 0 (the value 0 is used at the kink z = 0)."""
    return (as_float_array(z, "z") > 0).astype(np.float64)


def leaky_relu(z: Any, slope: float = 0.2) -> Array:
    """Leaky ReLU: z for z > 0, slope * z otherwise (Keras' default slope is 0.2)."""
    z = as_float_array(z, "z")
    return np.where(z > 0, z, slope * z)


def leaky_relu_grad(z: Any, slope: float = 0.2) -> Array:
    """Derivative of leaky ReLU: 1 for z > 0, slope otherwise."""
    return np.where(as_float_array(z, "z") > 0, 1.0, slope)


ACTIVATIONS: dict[str, tuple[Callable[[Any], Array], Callable[[Any], Array]]] = {
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
}


# --- softmax and cross-entropy from logits -----------------------------------------------------

def softmax(z: Any, axis: int = -1) -> Array:
    """Softmax along `axis`, stable for large logits: subtracting the maximum changes nothing else."""
    z = as_float_array(z, "z")
    shifted = z - z.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(z: Any, axis: int = -1) -> Array:
    """log(softmax(z)) without forming the softmax: z - max - log(sum(exp(z - max)))."""
    z = as_float_array(z, "z")
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax_cross_entropy(y: Any, logits: Any) -> float:
    """Cross-entropy of softmax(logits) for one-hot rows y, averaged over samples, from logits."""
    y, logits = _pair(y, logits, ("y", "logits"))
    y = _one_hot_rows(y)
    return float(-np.mean(np.sum(y * log_softmax(logits), axis=1)))


def softmax_cross_entropy_grad(y: Any, logits: Any) -> Array:
    """Derivative of `softmax_cross_entropy` with respect to the logits: (softmax(z) - y) / m."""
    y, logits = _pair(y, logits, ("y", "logits"))
    y = _one_hot_rows(y)
    return (softmax(logits) - y) / y.shape[0]


def sigmoid_cross_entropy(y: Any, z: Any) -> float:
    """Binary cross-entropy of sigmoid(z) from the logit z, stable: max(z,0) - z y + log(1 + e^-|z|)."""
    y, z = _pair(y, z, ("y", "z"))
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))


def sigmoid_cross_entropy_grad(y: Any, z: Any) -> Array:
    """Derivative of `sigmoid_cross_entropy` with respect to the logit: (sigmoid(z) - y) / m."""
    y, z = _pair(y, z, ("y", "z"))
    return (sigmoid(z) - y) / y.size


# --- gradient checking -------------------------------------------------------------------------

def numerical_gradient(f: Callable[[Array], float], x: Any, eps: float = 1e-6) -> Array:
    """Central-difference estimate of the gradient of scalar f at x: (f(x+e_i h) - f(x-e_i h)) / 2h."""
    if not callable(f):
        raise ValueError(f"f must be a function of one array, got {type(f).__name__}.")
    if not (isinstance(eps, (int, float)) and eps > 0):
        raise ValueError(f"eps must be a positive number, got {eps!r}.")
    x = as_float_array(x, "x").copy()
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        up = float(f(x))
        x[i] = old - eps
        down = float(f(x))
        x[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad


def relative_error(a: Any, b: Any) -> float:
    """Relative distance ||a - b|| / (||a|| + ||b||), 0 when both are zero."""
    a, b = _pair(a, b, ("a", "b"))
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


# --- data sets for the maths notebooks ---------------------------------------------------------

def make_xor_blobs(n: int = 100, spread: float = 0.35, seed: int = 0) -> tuple[Array, Array]:
    """Four Gaussian blobs at (+-1, +-1); label 1 where the coordinates have the same sign (XOR-like).

    Returns X of shape (n, 2) and y of shape (n, 1) with values 0.0 or 1.0; n must be a multiple of 4.
    """
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 4 or n % 4:
        raise ValueError(f"n must be a positive multiple of 4 (one quarter per blob), got {n!r}.")
    if not (isinstance(spread, (int, float)) and spread > 0):
        raise ValueError(f"spread must be a positive number, got {spread!r}.")
    rng = np.random.default_rng(seed)
    centres = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    labels = np.array([1.0, 1.0, 0.0, 0.0])
    blob = np.repeat(np.arange(4), n // 4)
    x = centres[blob] + spread * rng.standard_normal((n, 2))
    return x, labels[blob][:, None]


def make_line_data(n: int = 64, slope: float = 1.5, intercept: float = -2.0, noise: float = 0.5,
                   x_range: tuple[float, float] = (0.0, 4.0), seed: int = 0) -> tuple[Array, Array]:
    """Points y = slope x + intercept + Gaussian noise with x uniform in x_range; returns x, y of shape (n,)."""
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 2:
        raise ValueError(f"n must be an integer >= 2, got {n!r}.")
    if noise < 0 or not x_range[0] < x_range[1]:
        raise ValueError(f"need noise >= 0 and x_range = (low, high) with low < high, "
                         f"got noise={noise!r}, x_range={x_range!r}.")
    rng = np.random.default_rng(seed)
    x = rng.uniform(*x_range, size=n)
    return x, slope * x + intercept + noise * rng.standard_normal(n)


# --- showing code in a notebook ----------------------------------------------------------------

def show_source(*functions: Callable[..., Any]) -> Any:
    """Return the source of the given functions as a Markdown code block (what a notebook cell shows)."""
    from IPython.display import Markdown

    if not functions:
        raise ValueError("give at least one function whose source to show.")
    parts = []
    for fn in functions:
        if not callable(fn):
            raise ValueError(f"expected a function, got {type(fn).__name__}.")
        parts.append(inspect.getsource(fn).rstrip())
    return Markdown("```python\n" + "\n\n".join(parts) + "\n```")
