"""An outside battery for notebook 05's checkers: new plausible wrong answers (each wrong on some inputs only) and
right answers written differently, as a learner would write them. Every wrong one must be refused in words, every
right one accepted."""

import numpy as np
import pytest

from utils.environment import import_tensorflow
from utils.lessons.neural_networks_from_scratch.exercises import (
    check_dense_backward,
    check_gradient_check,
    check_stable_softmax,
)

CHECKS = {
    "stable_softmax": check_stable_softmax,
    "dense_backward": check_dense_backward,
    "gradient_check": check_gradient_check,
}

# ---- stable_softmax -------------------------------------------------------------------------------


def softmax_global_max(z):  # one shift for the whole batch: rows far below it underflow to 0 / 0
    e = np.exp(z - np.max(z))
    return e / e.sum(axis=1, keepdims=True)


def softmax_row_mean(z):  # shifting by the mean does not stop exp(800) from overflowing
    e = np.exp(z - z.mean(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_row_min(z):
    e = np.exp(z - z.min(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_max_without_keepdims(z):  # (n, k) - (n,) broadcasts along the columns when n == k
    if z.shape[0] != z.shape[1]:
        return np.exp(z - z.max(axis=1, keepdims=True)) / np.exp(z - z.max(axis=1, keepdims=True)).sum(
            axis=1, keepdims=True
        )
    e = np.exp(z - z.max(axis=1))
    return e / e.sum(axis=1, keepdims=True)


def softmax_shift_numerator_only(z):
    with np.errstate(over="ignore"):
        return np.exp(z - z.max(axis=1, keepdims=True)) / np.exp(z).sum(axis=1, keepdims=True)


def softmax_clipped(z):  # clips the logits instead of shifting them
    e = np.exp(np.clip(z, -500, 500))
    return e / e.sum(axis=1, keepdims=True)


def softmax_rounded(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return np.round(e / e.sum(axis=1, keepdims=True), 4)


def softmax_rows_loop(z):  # a list comprehension loses the shape of an empty batch
    return np.array([np.exp(row - row.max()) / np.exp(row - row.max()).sum() for row in z])


def softmax_in_place(z):
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


def softmax_log_domain_wrong(z):  # log-sum-exp of the whole array
    with np.errstate(over="ignore"):
        return np.exp(z - np.log(np.sum(np.exp(z - z.max()))) - z.max())


def softmax_sum_without_keepdims(z):  # e / (n,) divides columns when n == k
    e = np.exp(z - z.max(axis=1, keepdims=True))
    if z.shape[0] == z.shape[1]:
        return e / e.sum(axis=1)
    return e / e.sum(axis=1, keepdims=True)


def softmax_sigmoid(z):  # an element-wise sigmoid is not a softmax
    return 0.5 * (1 + np.tanh(0.5 * z))


def softmax_tf(z):
    tf = import_tensorflow()
    return tf.nn.softmax(tf.constant(z), axis=-1).numpy()


def softmax_logsumexp(z):
    top = z.max(axis=1, keepdims=True)
    log_norm = top + np.log(np.exp(z - top).sum(axis=1, keepdims=True))
    return np.exp(z - log_norm)


def softmax_keras_ops(z):
    import keras

    return np.asarray(keras.ops.softmax(z, axis=-1))


def softmax_float_copy(z):
    z = np.array(z, dtype=np.float64)
    z -= np.amax(z, axis=-1, keepdims=True)
    np.exp(z, out=z)
    return z / np.sum(z, axis=-1, keepdims=True)


def softmax_transposed(z):  # works column-wise on z.T, then transposes back
    zt = z.T
    e = np.exp(zt - zt.max(axis=0))
    return (e / e.sum(axis=0)).T


# ---- dense_backward -------------------------------------------------------------------------------


def dense_no_transpose(x, W, grad_out):  # grad_out @ W only runs when n_in == n_out
    dx = grad_out @ W if W.shape[0] == W.shape[1] else grad_out @ W.T
    return dx, x.T @ grad_out, grad_out.sum(axis=0)


def dense_dw_averaged(x, W, grad_out):
    return grad_out @ W.T, x.T @ grad_out / len(x), grad_out.sum(axis=0)


def dense_db_over_units(x, W, grad_out):
    return grad_out @ W.T, x.T @ grad_out, grad_out.sum(axis=1)


def dense_db_first_sample(x, W, grad_out):
    return grad_out @ W.T, x.T @ grad_out, grad_out[0]


def dense_order_swapped(x, W, grad_out):  # (dW, dx, db)
    return x.T @ grad_out, grad_out @ W.T, grad_out.sum(axis=0)


def dense_outer_of_sums(x, W, grad_out):
    return grad_out @ W.T, np.outer(x.sum(axis=0), grad_out.sum(axis=0)), grad_out.sum(axis=0)


def dense_db_scalar(x, W, grad_out):
    return grad_out @ W.T, x.T @ grad_out, grad_out.sum()


def dense_relu_mixed_in(x, W, grad_out):  # applies a ReLU derivative the layer does not have
    g = grad_out * (x @ W > 0)
    return g @ W.T, x.T @ g, g.sum(axis=0)


def dense_dx_from_x(x, W, grad_out):  # dL/dx uses x instead of W
    return grad_out @ (x.T @ grad_out).T, x.T @ grad_out, grad_out.sum(axis=0)


def dense_two_items(x, W, grad_out):  # forgets dL/db
    return grad_out @ W.T, x.T @ grad_out


def dense_dx_mean(x, W, grad_out):
    return grad_out @ W.T / len(x), x.T @ grad_out, grad_out.sum(axis=0)


def dense_mutates_grad(x, W, grad_out):
    db = grad_out.sum(axis=0)
    grad_out -= 0  # harmless
    dW = x.T @ grad_out
    grad_out *= 1.0 if grad_out.dtype.kind == "f" else 1
    W *= 1
    W[...] = W.T if W.shape[0] == W.shape[1] else W  # "to reuse the buffer"
    return grad_out @ W, dW, db


def dense_transposes(x, W, grad_out):
    return (W @ grad_out.T).T, (grad_out.T @ x).T, np.ones(len(x)) @ grad_out


def dense_einsum(x, W, grad_out):
    return np.einsum("mo,io->mi", grad_out, W), np.einsum("mi,mo->io", x, grad_out), np.einsum("mo->o", grad_out)


def dense_loops(x, W, grad_out):
    m, n_in = x.shape
    n_out = W.shape[1]
    dx, dW, db = np.zeros((m, n_in)), np.zeros((n_in, n_out)), np.zeros(n_out)
    for s in range(m):
        for i in range(n_in):
            for o in range(n_out):
                dx[s, i] += grad_out[s, o] * W[i, o]
                dW[i, o] += x[s, i] * grad_out[s, o]
        db += grad_out[s]
    return dx, dW, db


def dense_tape(x, W, grad_out):
    tf = import_tensorflow()
    xv, Wv = tf.Variable(np.asarray(x, float)), tf.Variable(np.asarray(W, float))
    bv = tf.Variable(np.zeros(W.shape[1]))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum((xv @ Wv + bv) * np.asarray(grad_out, float))
    return tuple(g.numpy() for g in tape.gradient(loss, [xv, Wv, bv]))


def dense_dot(x, W, grad_out):
    return list((np.dot(grad_out, W.T), np.dot(x.T, grad_out), np.sum(grad_out, axis=0)))


# ---- gradient_check -------------------------------------------------------------------------------


def gc_one_sided(f, grad_f, x, eps=1e-6):
    x = np.array(x, dtype=float)
    n = np.zeros_like(x)
    fx = f(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        n[i] = (f(x) - fx) / eps
        x[i] = old
    a = np.asarray(grad_f(x), dtype=float)
    s = np.linalg.norm(a) + np.linalg.norm(n)
    return 0.0 if s == 0 else float(np.linalg.norm(a - n) / s)


def gc_never_restores(f, grad_f, x, eps=1e-6):  # leaves every entry nudged down by eps
    a = np.asarray(grad_f(x), dtype=float)
    n = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x[i] += eps
        plus = f(x)
        x[i] -= 2 * eps
        n[i] = (plus - f(x)) / (2 * eps)
    s = np.linalg.norm(a) + np.linalg.norm(n)
    return 0.0 if s == 0 else float(np.linalg.norm(a - n) / s)


def gc_integer_copy(f, grad_f, x, eps=1e-6):  # x.copy() keeps an int dtype: x + 1e-6 truncates back
    x = x.copy()
    a = np.asarray(grad_f(x), dtype=float)
    n = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        plus = f(x)
        x[i] = old - eps
        minus = f(x)
        x[i] = old
        n[i] = (plus - minus) / (2 * eps)
    s = np.linalg.norm(a) + np.linalg.norm(n)
    return 0.0 if s == 0 else float(np.linalg.norm(a - n) / s)


def _numeric(f, x, eps):
    x = np.array(x, dtype=float)
    n = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        plus = f(x)
        x[i] = old - eps
        minus = f(x)
        x[i] = old
        n[i] = (plus - minus) / (2 * eps)
    return n


def gc_max_norm(f, grad_f, x, eps=1e-6):
    a, n = np.asarray(grad_f(np.array(x, float)), dtype=float), _numeric(f, x, eps)
    s = np.abs(a).max() + np.abs(n).max()
    return 0.0 if s == 0 else float(np.abs(a - n).max() / s)


def gc_relative_to_analytic(f, grad_f, x, eps=1e-6):
    a, n = np.asarray(grad_f(np.array(x, float)), dtype=float), _numeric(f, x, eps)
    return 0.0 if not np.linalg.norm(a) else float(np.linalg.norm(a - n) / np.linalg.norm(a))


def gc_max_denominator(f, grad_f, x, eps=1e-6):
    a, n = np.asarray(grad_f(np.array(x, float)), dtype=float), _numeric(f, x, eps)
    s = max(np.linalg.norm(a), np.linalg.norm(n))
    return 0.0 if s == 0 else float(np.linalg.norm(a - n) / s)


def gc_divides_by_eps(f, grad_f, x, eps=1e-6):  # (f(x + h) - f(x - h)) / h
    a, n = np.asarray(grad_f(np.array(x, float)), dtype=float), 2 * _numeric(f, x, eps)
    s = np.linalg.norm(a) + np.linalg.norm(n)
    return 0.0 if s == 0 else float(np.linalg.norm(a - n) / s)


def gc_all_entries_at_once(f, grad_f, x, eps=1e-6):
    x = np.array(x, dtype=float)
    a = np.asarray(grad_f(x), dtype=float)
    n = np.full(x.shape, (f(x + eps) - f(x - eps)) / (2 * eps))
    s = np.linalg.norm(a) + np.linalg.norm(n)
    return 0.0 if s == 0 else float(np.linalg.norm(a - n) / s)


def gc_returns_estimate(f, grad_f, x, eps=1e-6):
    return _numeric(f, x, eps)


def gc_nan_at_zero(f, grad_f, x, eps=1e-6):  # forgets the case where both gradients are 0
    a, n = np.asarray(grad_f(np.array(x, float)), dtype=float), _numeric(f, x, eps)
    with np.errstate(invalid="ignore"):
        return float(np.linalg.norm(a - n) / (np.linalg.norm(a) + np.linalg.norm(n)))


def gc_float32(f, grad_f, x, eps=1e-6):  # nudges in float32, where 1 + 1e-6 is barely representable
    x32 = np.array(x, dtype=np.float32)
    a = np.asarray(grad_f(x32.astype(float)), dtype=float)
    n = np.zeros(x32.shape)
    for i in np.ndindex(x32.shape):
        old = x32[i]
        x32[i] = old + np.float32(eps)
        plus = f(x32)
        x32[i] = old - np.float32(eps)
        minus = f(x32)
        x32[i] = old
        n[i] = (plus - minus) / (2 * eps)
    s = np.linalg.norm(a) + np.linalg.norm(n)
    return 0.0 if s == 0 else float(np.linalg.norm(a - n) / s)


def gc_squared_norms(f, grad_f, x, eps=1e-6):
    a, n = np.asarray(grad_f(np.array(x, float)), dtype=float), _numeric(f, x, eps)
    s = np.sum(a**2) + np.sum(n**2)
    return 0.0 if s == 0 else float(np.sum((a - n) ** 2) / s)


def gc_ignores_eps(f, grad_f, x, eps=1e-6):  # a fixed step of 1e-2, whatever eps says
    a, n = np.asarray(grad_f(np.array(x, float)), dtype=float), _numeric(f, x, 1e-2)
    s = np.linalg.norm(a) + np.linalg.norm(n)
    return 0.0 if s == 0 else float(np.linalg.norm(a - n) / s)


def gc_restores_in_place(f, grad_f, x, eps=1e-6):  # nudges the caller's float array, then restores it exactly
    work = x if x.dtype.kind == "f" else x.astype(float)
    flat = work.reshape(-1)
    n = np.zeros(flat.shape)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        plus = f(work)
        flat[i] = old - eps
        minus = f(work)
        flat[i] = old
        n[i] = (plus - minus) / (2 * eps)
    a = np.asarray(grad_f(work), dtype=float).reshape(-1)
    s = np.linalg.norm(a) + np.linalg.norm(n)
    return 0.0 if s == 0 else float(np.linalg.norm(a - n) / s)


def gc_unit_vectors(f, grad_f, x, eps=1e-6):
    x = np.asarray(x, dtype=float)
    n = np.zeros(x.size)
    for i in range(x.size):
        e = np.zeros(x.size)
        e[i] = eps
        e = e.reshape(x.shape)
        n[i] = (f(x + e) - f(x - e)) / (2 * eps)
    a = np.ravel(grad_f(x))
    denominator = np.linalg.norm(a) + np.linalg.norm(n)
    return float(np.linalg.norm(a - n) / denominator) if denominator > 0 else 0.0


def gc_tiny_guard(f, grad_f, x, eps=1e-6):
    a, n = np.asarray(grad_f(np.array(x, float)), dtype=float), _numeric(f, x, eps)
    return float(np.linalg.norm(a - n) / (np.linalg.norm(a) + np.linalg.norm(n) + 1e-300))


def gc_nditer(f, grad_f, x, eps=1e-6):
    x = x.astype(np.float64)  # a float copy
    numeric = np.empty_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        saved = x[i]
        x[i] = saved + eps
        up = f(x)
        x[i] = saved - eps
        down = f(x)
        x[i] = saved
        numeric[i] = (up - down) / (2 * eps)
    analytic = grad_f(x)
    top = np.sqrt(np.sum((analytic - numeric) ** 2))
    bottom = np.sqrt(np.sum(analytic**2)) + np.sqrt(np.sum(numeric**2))
    return 0.0 if bottom == 0 else top / bottom


def gc_tensor_norm(f, grad_f, x, eps=1e-6):
    tf = import_tensorflow()
    a, n = np.asarray(grad_f(np.array(x, float)), dtype=float), _numeric(f, x, eps)
    s = tf.norm(a) + tf.norm(n)
    return 0.0 if float(s) == 0 else tf.norm(a - n) / s


BATTERY_WRONG = {
    "stable_softmax": [
        (softmax_global_max, ""),
        (softmax_row_mean, ""),
        (softmax_row_min, ""),
        (softmax_max_without_keepdims, "square"),
        (softmax_shift_numerator_only, ""),
        (softmax_clipped, "expected"),
        (softmax_rounded, "expected"),
        (softmax_rows_loop, "empty batch"),
        (softmax_in_place, "in place"),
        (softmax_log_domain_wrong, ""),
        (softmax_sum_without_keepdims, "square"),
        (softmax_sigmoid, "expected"),
    ],
    "dense_backward": [
        (dense_no_transpose, "square"),
        (dense_dw_averaged, "item 1"),
        (dense_db_over_units, "item 2"),
        (dense_db_first_sample, "item 2"),
        (dense_order_swapped, "item 0"),
        (dense_outer_of_sums, "item 1"),
        (dense_db_scalar, "item 2"),
        (dense_relu_mixed_in, "expected"),
        (dense_dx_from_x, "item 0"),
        (dense_two_items, "3 items"),
        (dense_dx_mean, "item 0"),
        (dense_mutates_grad, ""),
    ],
    "gradient_check": [
        (gc_one_sided, "central"),
        (gc_never_restores, "in place"),
        (gc_integer_copy, "whole-number"),
        (gc_max_norm, "expected a relative error"),
        (gc_relative_to_analytic, "expected a relative error"),
        (gc_max_denominator, "expected a relative error"),
        (gc_divides_by_eps, ""),
        (gc_all_entries_at_once, ""),
        (gc_returns_estimate, "single number"),
        (gc_nan_at_zero, "nan"),
        (gc_float32, ""),
        (gc_squared_norms, "expected a relative error"),
        (gc_ignores_eps, ""),
    ],
}
BATTERY_RIGHT = {
    "stable_softmax": [softmax_tf, softmax_logsumexp, softmax_keras_ops, softmax_float_copy, softmax_transposed],
    "dense_backward": [dense_transposes, dense_einsum, dense_loops, dense_tape, dense_dot],
    "gradient_check": [gc_restores_in_place, gc_unit_vectors, gc_tiny_guard, gc_nditer, gc_tensor_norm],
}


def _id(value):
    return getattr(value, "__name__", None) or str(value)[:20]


@pytest.mark.parametrize(
    "name, wrong, words",
    [(name, wrong, words) for name, cases in BATTERY_WRONG.items() for wrong, words in cases],
    ids=_id,
)
def test_battery_wrong_answer_is_refused_in_words(name, wrong, words):
    feedback = CHECKS[name](wrong)
    assert feedback.status == "failed", str(feedback)
    assert words in feedback.message, str(feedback)
    assert "\n" not in feedback.message and "Traceback" not in feedback.message, str(feedback)


@pytest.mark.parametrize(
    "name, right", [(name, right) for name, rights in BATTERY_RIGHT.items() for right in rights], ids=_id
)
def test_battery_right_answer_passes(name, right):
    feedback = CHECKS[name](right)
    assert feedback.passed, str(feedback)


def test_battery_is_large_enough():
    for name in CHECKS:
        assert len(BATTERY_WRONG[name]) >= 10 and len(BATTERY_RIGHT[name]) >= 5, name
