import numpy as np
import pytest

from utils.lessons.gradient_descent.exercises import check_adam_step, check_mse_linear_gradient
from utils.lessons.gradient_descent.solutions import adam_step, mse_linear_gradient


def stub(*args, **kwargs):
    raise NotImplementedError


def test_mse_linear_gradient_solution_passes_and_stub_not_attempted():
    assert check_mse_linear_gradient(mse_linear_gradient).passed
    assert check_mse_linear_gradient(stub).status == "not_attempted"


def test_mse_linear_gradient_missing_factor_two():
    def wrong(X, y, w, b):
        r = X @ w + b - y
        return X.T @ r / len(y), float(r.mean())

    feedback = check_mse_linear_gradient(wrong)
    assert feedback.status == "failed" and "wrong value at index" in feedback.message


def test_mse_linear_gradient_wrong_sign_of_residual():
    def wrong(X, y, w, b):
        r = y - X @ w - b
        return 2 * X.T @ r / len(y), float(2 * r.mean())

    feedback = check_mse_linear_gradient(wrong)
    assert feedback.status == "failed" and "expected" in feedback.message


def test_mse_linear_gradient_db_as_array():
    def wrong(X, y, w, b):
        r = X @ w + b - y
        return 2 * X.T @ r / len(y), 2 * r / len(y)

    feedback = check_mse_linear_gradient(wrong)
    assert feedback.status == "failed" and "single number" in feedback.message


def test_mse_linear_gradient_returns_one_item():
    feedback = check_mse_linear_gradient(lambda X, y, w, b: mse_linear_gradient(X, y, w, b)[0])
    assert feedback.status == "failed" and "tuple of 2 items" in feedback.message


def test_adam_solution_passes_and_stub_not_attempted():
    assert check_adam_step(adam_step).passed
    assert check_adam_step(stub).status == "not_attempted"


def test_adam_without_bias_correction_fails():
    def wrong(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
        m = beta_1 * m + (1 - beta_1) * grad
        v = beta_2 * v + (1 - beta_2) * grad**2
        return theta - lr * m / (np.sqrt(v) + eps), m, v

    feedback = check_adam_step(wrong)
    assert feedback.status == "failed" and "item 0" in feedback.message


def test_adam_returning_corrected_moments_fails():
    def wrong(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
        m = (beta_1 * m + (1 - beta_1) * grad) / (1 - beta_1**t)
        v = (beta_2 * v + (1 - beta_2) * grad**2) / (1 - beta_2**t)
        return theta - lr * m / (np.sqrt(v) + eps), m, v

    feedback = check_adam_step(wrong)
    assert feedback.status == "failed" and "item 1" in feedback.message


def test_adam_with_gradient_instead_of_its_square_fails():
    def wrong(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
        m = beta_1 * m + (1 - beta_1) * grad
        v = beta_2 * v + (1 - beta_2) * np.abs(grad)
        return theta - lr * (m / (1 - beta_1**t)) / (np.sqrt(v / (1 - beta_2**t)) + eps), m, v

    assert check_adam_step(wrong).status == "failed"


def test_garbage_is_explained():
    for wrong in (lambda *a, **k: None, lambda *a, **k: "nonsense", lambda *a, **k: 1 / 0):
        for checker in (check_mse_linear_gradient, check_adam_step):
            feedback = checker(wrong)
            assert feedback.status == "failed" and len(feedback.message) > 10


def _adam(eps_inside=False, no_eps=False, no_sqrt=False, t_offset=0):
    def step(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
        m = beta_1 * m + (1 - beta_1) * grad
        v = beta_2 * v + (1 - beta_2) * grad**2
        m_hat = m / (1 - beta_1 ** (t + t_offset))
        v_hat = v / (1 - beta_2 ** (t + t_offset))
        if no_eps:
            denominator = np.sqrt(v_hat)
        elif eps_inside:
            denominator = np.sqrt(v_hat + eps)
        elif no_sqrt:
            denominator = v_hat + eps
        else:
            denominator = np.sqrt(v_hat) + eps
        return theta - lr * m_hat / denominator, m, v

    return step


@pytest.mark.parametrize(
    "wrong",
    [_adam(eps_inside=True), _adam(no_eps=True), _adam(no_sqrt=True), _adam(t_offset=1)],
    ids=["eps inside sqrt", "no eps", "no sqrt", "t off by one"],
)
def test_adam_plausible_wrong_answers(wrong):
    assert check_adam_step(wrong).status == "failed"


def test_adam_variant_with_fused_bias_correction_passes():
    def fused(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
        m = beta_1 * m + (1 - beta_1) * grad
        v = beta_2 * v + (1 - beta_2) * grad**2
        m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
        return theta - lr * m_hat / (v_hat**0.5 + eps), m, v

    assert check_adam_step(fused).passed
    assert check_adam_step(_adam()).passed


def test_mse_gradient_variant_and_more_wrong_answers():
    assert check_mse_linear_gradient(
        lambda X, y, w, b: (2 * np.mean((X @ w + b - y)[:, None] * X, axis=0), 2 * np.mean(X @ w + b - y))
    ).passed
    assert (
        check_mse_linear_gradient(lambda X, y, w, b: (2 * X.T @ (X @ w + b - y), 2 * np.sum(X @ w + b - y))).status
        == "failed"
    )
    assert "tuple of 2 items" in check_mse_linear_gradient(lambda X, y, w, b: (X.T @ (X @ w + b - y),)).message


def _mse_by_loops(X, y, w, b):
    m, d = np.shape(X)
    dw, db = [0.0] * d, 0.0
    for i in range(m):
        r = sum(X[i][j] * w[j] for j in range(d)) + b - y[i]
        for j in range(d):
            dw[j] += 2 * r * X[i][j] / m
        db += 2 * r / m
    return np.array(dw), db


def _mse_einsum(X, y, w, b):
    r = np.einsum("ij,j->i", X, w) + b - y
    return 2 * np.einsum("ij,i->j", X, r) / len(y), float(2 * r.sum() / len(y))


def _mse_with_tape(X, y, w, b):
    import tensorflow as tf

    X, y = tf.constant(np.asarray(X, dtype=float)), tf.constant(np.asarray(y, dtype=float))
    wv, bv = tf.Variable(np.asarray(w, dtype=float)), tf.Variable(np.float64(b))
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((tf.linalg.matvec(X, wv) + bv - y) ** 2)
    dw, db = tape.gradient(loss, [wv, bv])
    return dw.numpy(), float(db)


def _mse_X_not_transposed(X, y, w, b):
    r = X @ w + b - y
    return (2 / len(y) * X @ r if X.shape[0] == X.shape[1] else 2 / len(y) * X.T @ r), 2 * r.mean()


def _mse_without_b(X, y, w, b):
    r = X @ w - y
    return 2 / len(y) * X.T @ r, float(2 * r.mean())


def _mse_over_features(X, y, w, b):
    r = X @ w + b - y
    return 2 / X.shape[1] * X.T @ r, float(2 * r.sum() / X.shape[1])


def _mse_in_place(X, y, w, b):
    y -= X @ w + b
    y *= -1
    return 2 / len(y) * X.T @ y, 2 * y.mean()


def _adam_efficient(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
    """Kingma & Ba's reordering: the bias corrections folded into the step size (and eps rescaled)."""
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * np.square(grad)
    step = lr * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    return theta - step * m / (np.sqrt(v) + eps * np.sqrt(1 - beta_2**t)), m, v


def _adam_in_place(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
    m *= beta_1
    m += (1 - beta_1) * grad
    v *= beta_2
    v += (1 - beta_2) * grad**2
    return theta - lr * (m / (1 - beta_1**t)) / (np.sqrt(v / (1 - beta_2**t)) + eps), m, v


def _adam_with_copies(theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8):
    m, v = m.copy(), v.copy()
    m *= beta_1
    m += (1 - beta_1) * grad
    v *= beta_2
    v += (1 - beta_2) * grad**2
    return theta - lr * (m / (1 - beta_1**t)) / (np.sqrt(v / (1 - beta_2**t)) + eps), m, v


CHECKS = {"mse_linear_gradient": check_mse_linear_gradient, "adam_step": check_adam_step}
WRONG = {
    "mse_linear_gradient": [
        (lambda X, y, w, b: (X.T @ (X @ w + b - y) / len(y), float((X @ w + b - y).mean())), "factor 2"),
        (lambda X, y, w, b: (2 * X.T @ (X @ w + b - y), 2 * np.sum(X @ w + b - y)), "summed over the samples"),
        (lambda X, y, w, b: (-2 / len(y) * X.T @ (X @ w + b - y), -2 * np.mean(X @ w + b - y)), "sign is flipped"),
        (_mse_without_b, "left b out"),
        (_mse_over_features, "expected"),  # on d = 1 it is also a sum over the samples
        (_mse_X_not_transposed, "m = d = 3"),
        (lambda X, y, w, b: (2 * X.T @ (X @ w + b - y) / len(y), 2 * (X @ w + b - y) / len(y)), "single number"),
        (_mse_in_place, "changed its input `y`"),
    ],
    "adam_step": [
        (_adam(eps_inside=True), "eps is inside the square root"),
        (_adam(no_eps=True), "expected"),
        (_adam(no_sqrt=True), "expected"),
        (_adam(t_offset=-1), "expected"),  # nan at t = 1
        (_adam(t_offset=1), "expected"),
        (_adam_in_place, "changed its input `m`"),
        (
            lambda theta, grad, m, v, t, lr=0.001, beta_1=0.9, beta_2=0.999, eps=1e-8: (
                theta - lr * m / (np.sqrt(v) + eps),
                beta_1 * m + (1 - beta_1) * grad,
                beta_2 * v + (1 - beta_2) * grad**2,
            ),
            "expected",
        ),  # steps with the old moments
    ],
}
RIGHT = {
    "mse_linear_gradient": [_mse_by_loops, _mse_einsum, _mse_with_tape],
    "adam_step": [_adam_efficient, _adam_with_copies, _adam()],
}


@pytest.mark.parametrize(
    "name, wrong, words", [(n, w, s) for n, cases in WRONG.items() for w, s in cases], ids=lambda v: str(v)[:20]
)
def test_plausible_wrong_answers_fail_with_reason(name, wrong, words):
    feedback = CHECKS[name](wrong)
    assert feedback.status == "failed" and words in feedback.message, str(feedback)
    assert "\n" not in feedback.message


@pytest.mark.parametrize("name, right", [(n, r) for n, rights in RIGHT.items() for r in rights])
def test_right_answers_written_differently_pass(name, right):
    feedback = CHECKS[name](right)
    assert feedback.passed, str(feedback)
