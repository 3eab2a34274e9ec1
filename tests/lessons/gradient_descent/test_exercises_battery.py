"""An outside battery for notebook 04's checkers: new plausible wrong answers (each wrong on some inputs only) and
right answers written differently, as a learner would write them. Every wrong one must be refused in words, every
right one accepted."""

import numpy as np
import pytest

from utils.environment import import_tensorflow
from utils.lessons.gradient_descent.exercises import check_adam_step, check_mse_linear_gradient

CHECKS = {"mse_linear_gradient": check_mse_linear_gradient, "adam_step": check_adam_step}

# ---- mse_linear_gradient --------------------------------------------------------------------------


def mse_divides_by_size(X, y, w, b):  # X.size is m * d, not m
    r = X @ w + b - y
    return 2 * X.T @ r / X.size, 2 * r.mean()


def mse_broadcast_without_axis(X, y, w, b):  # X * r broadcasts r along the features when m == d
    r = X @ w + b - y
    if X.shape[0] == X.shape[1]:
        return 2 * (X * r).mean(axis=0), 2 * r.mean()
    return 2 * (X * r[:, None]).mean(axis=0), 2 * r.mean()


def mse_db_not_summed(X, y, w, b):
    r = X @ w + b - y
    return 2 * X.T @ r / len(y), 2 * r / len(y)


def mse_dw_column(X, y, w, b):  # a (d, 1) column instead of shape (d,)
    r = (X @ w + b - y)[:, None]
    return 2 * X.T @ r / len(y), float(2 * r.mean())


def mse_db_keepdims(X, y, w, b):
    r = X @ w + b - y
    return 2 / len(y) * X.T @ r, 2 / len(y) * np.sum(r, keepdims=True)


def mse_mean_over_everything(X, y, w, b):
    r = X @ w + b - y
    return 2 * np.mean(X * r[:, None]) * np.ones(X.shape[1]), 2 * r.mean()


def mse_in_place(X, y, w, b):  # reuses y as the residual buffer
    y = np.asarray(y, dtype=float)
    residual = y
    residual -= X @ w + b
    return -2 * X.T @ residual / len(residual), -2 * residual.mean()


def mse_half_in_dw_only(X, y, w, b):  # the factor 2 in db but not in dw
    r = X @ w + b - y
    return X.T @ r / len(y), 2 * r.mean()


def mse_b_broadcast_wrong(X, y, w, b):  # b added to the weights instead of the prediction
    r = X @ (w + b) - y
    return 2 * X.T @ r / len(y), 2 * r.mean()


def mse_rows_of_x(X, y, w, b):  # dw averaged over features: uses X @ r (needs m == d to run)
    r = X @ w + b - y
    if X.shape[0] != X.shape[1]:
        return 2 * X.T @ r / len(y), 2 * r.mean()
    return 2 * X @ r / len(y), 2 * r.mean()


def mse_dict(X, y, w, b):
    r = X @ w + b - y
    return {"dw": 2 * X.T @ r / len(y), "db": 2 * r.mean()}


def mse_gradient_step(X, y, w, b):  # returns the updated parameters instead of the gradient
    r = X @ w + b - y
    return w - 0.01 * 2 * X.T @ r / len(y), b - 0.01 * 2 * r.mean()


def mse_loops(X, y, w, b):
    m, d = len(X), len(w)
    dw, db = [0.0] * d, 0.0
    for i in range(m):
        error = sum(float(X[i][j]) * float(w[j]) for j in range(d)) + float(b) - float(y[i])
        for j in range(d):
            dw[j] += 2 * error * float(X[i][j]) / m
        db += 2 * error / m
    return np.array(dw), db


def mse_einsum(X, y, w, b):
    r = np.einsum("ij,j->i", X, w) + b - y
    return 2 * np.einsum("ij,i->j", X, r) / len(y), 2 * np.einsum("i->", r) / len(y)


def mse_tensorflow(X, y, w, b):
    tf = import_tensorflow()
    X_, y_ = tf.constant(X, tf.float64), tf.constant(y, tf.float64)
    w_, b_ = tf.Variable(np.asarray(w, dtype=float)), tf.Variable(float(b), dtype=tf.float64)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((tf.linalg.matvec(X_, w_) + b_ - y_) ** 2)
    dw, db = tape.gradient(loss, [w_, b_])
    return dw.numpy(), float(db)


def mse_ones_column(X, y, w, b):  # the column-of-ones trick, then split
    X1 = np.column_stack([X, np.ones(len(X))])
    theta = np.append(np.asarray(w, dtype=float), b)
    grad = 2 / len(y) * X1.T @ (X1 @ theta - y)
    return grad[:-1], grad[-1]


def mse_broadcast_mean(X, y, w, b):
    r = X @ w + b - y
    return np.mean(2 * r[:, None] * X, axis=0), np.mean(2 * r)


def mse_as_list(X, y, w, b):
    r = np.dot(X, w) + b - y
    return [2 * np.dot(r, X) / len(y), 2 * np.sum(r) / len(y)]


# ---- adam_step ------------------------------------------------------------------------------------


def adam_in_place(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):  # updates the caller's m, v
    m *= beta_1
    m += (1 - beta_1) * grad
    v *= beta_2
    v += (1 - beta_2) * grad**2
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def adam_theta_in_place(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    theta -= lr * (m / (1 - beta_1**t)) / (np.sqrt(v / (1 - beta_2**t)) + eps)
    return theta, m, v


def adam_zero_based_t(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    m_hat, v_hat = m / (1 - beta_1 ** (t + 1)), v / (1 - beta_2 ** (t + 1))
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def adam_gradient_not_squared(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * np.abs(grad)
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def adam_keras_form(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):  # eps on sqrt(v), not v_hat
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    alpha = lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    return theta - alpha * m / (np.sqrt(v) + eps), m, v


def adam_other_defaults(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.99, eps=1e-7):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def adam_precedence(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    m_hat, v_hat = m / (1 - beta_1) ** t, v / (1 - beta_2) ** t
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def adam_eps_squared_inside(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return theta - lr * m_hat / np.sqrt(v_hat + eps**2), m, v


LR = 0.001


def adam_global_lr(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):  # ignores its lr argument
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return theta - LR * m_hat / (np.sqrt(v_hat) + eps), m, v


_state: dict = {}


def adam_remembers_state(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):  # keeps its own m, v
    m = _state.get("m", m) if np.shape(_state.get("m", m)) == np.shape(m) else m
    v = _state.get("v", v) if np.shape(_state.get("v", v)) == np.shape(v) else v
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    _state.update(m=m, v=v)
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def adam_momentum_uses_old_v(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):  # old v in update
    m_new = beta_1 * m + (1 - beta_1) * grad
    v_new = beta_2 * v + (1 - beta_2) * grad**2
    m_hat, v_hat = m_new / (1 - beta_1**t), v / (1 - beta_2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


def adam_sign_flipped(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return theta + lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def adam_pure_python(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
    shape = np.shape(theta)
    th, g, mm, vv = (np.asarray(a, dtype=float).ravel().tolist() for a in (theta, grad, m, v))
    out_t, out_m, out_v = [], [], []
    for x, gi, mi, vi in zip(th, g, mm, vv):
        mi = beta_1 * mi + (1 - beta_1) * gi
        vi = beta_2 * vi + (1 - beta_2) * gi * gi
        m_hat = mi / (1 - beta_1**t)
        v_hat = vi / (1 - beta_2**t)
        out_t.append(x - lr * m_hat / (v_hat**0.5 + eps))
        out_m.append(mi)
        out_v.append(vi)
    return tuple(np.array(a).reshape(shape) for a in (out_t, out_m, out_v))


def adam_reciprocals(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
    m_new = np.add(np.multiply(beta_1, m), np.multiply(1 - beta_1, grad))
    v_new = np.add(np.multiply(beta_2, v), np.multiply(1 - beta_2, np.square(grad)))
    correction_1, correction_2 = 1.0 / (1.0 - np.power(beta_1, t)), 1.0 / (1.0 - np.power(beta_2, t))
    step = lr * (m_new * correction_1) / (np.sqrt(v_new * correction_2) + eps)
    return [theta - step, m_new, v_new]


def adam_tensorflow(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
    tf = import_tensorflow()
    theta, grad, m, v = (tf.constant(np.asarray(a, dtype=float)) for a in (theta, grad, m, v))
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * tf.square(grad)
    m_hat = m / (1 - beta_1 ** float(t))
    v_hat = v / (1 - beta_2 ** float(t))
    return (theta - lr * m_hat / (tf.sqrt(v_hat) + eps)).numpy(), m.numpy(), v.numpy()


def adam_lerp(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):  # m + (1 - b)(g - m)
    m = m + (1 - beta_1) * (grad - m)
    v = v + (1 - beta_2) * (grad * grad - v)
    return theta - lr * (m / (1 - beta_1**t)) / (np.sqrt(v / (1 - beta_2**t)) + eps), m, v


def adam_first_step_shortcut(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    if t == 1:  # m and v start at 0, so the corrected moments are the gradient and its square
        m_hat, v_hat = grad, grad**2
    else:
        m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def adam_copies_first(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):  # in place on copies
    theta, m, v = np.array(theta, dtype=float), np.array(m, dtype=float), np.array(v, dtype=float)
    m *= beta_1
    m += (1 - beta_1) * grad
    v *= beta_2
    v += (1 - beta_2) * grad**2
    theta -= lr * (m / (1 - beta_1**t)) / (np.sqrt(v / (1 - beta_2**t)) + eps)
    return theta, m, v


BATTERY_WRONG = {
    "mse_linear_gradient": [
        (mse_divides_by_size, "expected"),
        (mse_broadcast_without_axis, "as many samples as features"),
        (mse_db_not_summed, "item 1"),
        (mse_dw_column, "shape"),
        (mse_db_keepdims, "item 1"),
        (mse_mean_over_everything, "expected"),
        (mse_in_place, ""),
        (mse_half_in_dw_only, "expected"),
        (mse_b_broadcast_wrong, "expected"),
        (mse_rows_of_x, "as many samples as features"),
        (mse_dict, "tuple"),
        (mse_gradient_step, "expected"),
    ],
    "adam_step": [
        (adam_in_place, "in place"),
        (adam_theta_in_place, "in place"),
        (adam_zero_based_t, "expected"),
        (adam_gradient_not_squared, "expected"),
        (adam_keras_form, "eps"),
        (adam_other_defaults, "expected"),
        (adam_precedence, "expected"),
        (adam_eps_squared_inside, "eps"),
        (adam_global_lr, "lr"),
        (adam_remembers_state, "expected"),
        (adam_momentum_uses_old_v, "expected"),
        (adam_sign_flipped, "expected"),
    ],
}
BATTERY_RIGHT = {
    "mse_linear_gradient": [mse_loops, mse_einsum, mse_tensorflow, mse_ones_column, mse_broadcast_mean, mse_as_list],
    "adam_step": [
        adam_first_step_shortcut,
        adam_pure_python,
        adam_reciprocals,
        adam_tensorflow,
        adam_lerp,
        adam_copies_first,
    ],
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
