import numpy as np

from utils.lessons.gradient_descent.helpers import numerical_gradient
from utils.lessons.neural_networks_from_scratch.exercises import (
    check_dense_backward,
    check_gradient_check,
    check_stable_softmax,
)
from utils.lessons.neural_networks_from_scratch.solutions import dense_backward, gradient_check, stable_softmax


def stub(*args, **kwargs):
    raise NotImplementedError


def test_solutions_pass_and_stubs_not_attempted():
    for checker, solution in (
        (check_stable_softmax, stable_softmax),
        (check_dense_backward, dense_backward),
        (check_gradient_check, gradient_check),
    ):
        assert checker(solution).passed, str(checker(solution))
        assert checker(stub).status == "not_attempted"


def test_naive_softmax_overflows_and_is_rejected():
    def naive(z):
        with np.errstate(over="ignore", invalid="ignore"):
            return np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)

    feedback = check_stable_softmax(naive)
    assert feedback.status == "failed" and "large logits" in feedback.message


def test_softmax_over_the_wrong_axis_is_rejected():
    def wrong_axis(z):
        e = np.exp(z - z.max(axis=0, keepdims=True))
        return e / e.sum(axis=0, keepdims=True)

    feedback = check_stable_softmax(wrong_axis)
    assert feedback.status == "failed" and "wrong value" in feedback.message


def test_softmax_without_keepdims_is_explained():
    def no_keepdims(z):
        e = np.exp(z - z.max(axis=1))
        return e / e.sum(axis=1)

    feedback = check_stable_softmax(no_keepdims)
    assert feedback.status == "failed"


def test_dense_backward_transposed_weight_gradient():
    feedback = check_dense_backward(lambda x, W, g: (g @ W.T, g.T @ x, g.sum(axis=0)))
    assert feedback.status == "failed" and "item 1: wrong shape" in feedback.message


def test_dense_backward_mean_instead_of_sum_for_bias():
    feedback = check_dense_backward(lambda x, W, g: (g @ W.T, x.T @ g, g.mean(axis=0)))
    assert feedback.status == "failed" and "item 2" in feedback.message


def test_dense_backward_forgets_the_weights_for_dx():
    feedback = check_dense_backward(
        lambda x, W, g: (g.sum(axis=1, keepdims=True) * np.ones_like(x), x.T @ g, g.sum(axis=0))
    )
    assert feedback.status == "failed" and "item 0" in feedback.message


def test_gradient_check_returning_absolute_error_fails():
    def absolute(f, grad_f, x, eps=1e-6):
        a = np.asarray(grad_f(np.array(x, dtype=float)), dtype=float)
        return float(np.linalg.norm(a - numerical_gradient(f, x, eps)))

    feedback = check_gradient_check(absolute)
    assert feedback.status == "failed" and "expected a relative error" in feedback.message


def test_gradient_check_that_never_restores_x_fails():
    def no_restore(f, grad_f, x, eps=1e-6):
        a = np.asarray(grad_f(x), dtype=float)
        n = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            x[i] += eps
            up = f(x)
            x[i] -= 2 * eps
            down = f(x)
            n[i] = (up - down) / (2 * eps)
        return float(np.linalg.norm(a - n) / (np.linalg.norm(a) + np.linalg.norm(n)))

    feedback = check_gradient_check(no_restore)
    assert feedback.status == "failed" and (
        "changed the caller's x" in feedback.message or "restore" in feedback.message
    )


def test_gradient_check_that_always_says_zero_fails():
    feedback = check_gradient_check(lambda f, g, x, eps=1e-6: 0.0)
    assert feedback.status == "failed" and "wrong gradient" in feedback.message


def test_garbage_is_explained():
    for wrong in (lambda *a, **k: None, lambda *a, **k: "nonsense", lambda *a, **k: 1 / 0):
        for checker in (check_stable_softmax, check_dense_backward, check_gradient_check):
            feedback = checker(wrong)
            assert feedback.status == "failed" and len(feedback.message) > 10


def test_forward_difference_is_rejected():
    def forward(f, grad_f, x, eps=1e-6):
        x = np.array(x, dtype=float)
        a = np.asarray(grad_f(x.copy()), dtype=float)
        n = np.zeros_like(x)
        base = f(x)
        for i in np.ndindex(x.shape):
            x[i] += eps
            n[i] = (f(x) - base) / eps
            x[i] -= eps
        return float(np.linalg.norm(a - n) / (np.linalg.norm(a) + np.linalg.norm(n)))

    feedback = check_gradient_check(forward)
    assert feedback.status == "failed" and "central difference" in feedback.message


def test_gradient_check_variant_with_one_ulp_restore_passes():
    def variant(f, grad_f, x, eps=1e-5):
        a = np.asarray(grad_f(x.copy()), dtype=float)
        n = np.zeros_like(x, dtype=float)
        for i in np.ndindex(x.shape):
            x[i] += eps
            up = f(x)
            x[i] -= 2 * eps
            down = f(x)
            x[i] += eps  # restored up to rounding
            n[i] = (up - down) / (2 * eps)
        return float(np.linalg.norm(a - n) / (np.linalg.norm(a) + np.linalg.norm(n)))

    assert check_gradient_check(variant).passed


def test_float32_softmax_variant_passes_and_global_max_fails():
    def float32_softmax(z):
        z = np.asarray(z, dtype=np.float32)
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    assert check_stable_softmax(float32_softmax).passed

    def global_max(z):
        e = np.exp(z - z.max())
        return e / e.sum(axis=1, keepdims=True)

    assert check_stable_softmax(global_max).status == "failed"
    assert check_stable_softmax(lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)).status == "failed"


def test_dense_backward_wrong_count_is_one_line():
    feedback = check_dense_backward(lambda x, W, g: (g @ W.T, x.T @ g))
    assert "expected a tuple of 3 items, got 2 items" in feedback.message and "\n" not in feedback.message


def test_softmax_dividing_by_global_sum_fails():
    def global_sum(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum()

    assert check_stable_softmax(global_sum).status == "failed"
    assert check_stable_softmax(lambda z: np.exp(z - z.max(axis=1, keepdims=True))).status == "failed"


def test_dense_backward_more_wrong_answers_and_variant():
    assert check_dense_backward(lambda x, W, g: (g @ W.T, x.T @ g, g.sum(axis=1))).status == "failed"
    assert check_dense_backward(lambda x, W, g: (W @ g.T, x.T @ g, g.sum(axis=0))).status == "failed"
    assert check_dense_backward(
        lambda x, W, g: (np.einsum("bj,ij->bi", g, W), np.einsum("bi,bj->ij", x, g), np.einsum("bj->j", g))
    ).passed


def test_gradient_check_without_normalising_fails():
    def unnormalised(f, grad_f, x, eps=1e-6):
        return float(np.linalg.norm(np.asarray(grad_f(x), dtype=float) - numerical_gradient(f, x, eps)))

    assert check_gradient_check(unnormalised).status == "failed"
