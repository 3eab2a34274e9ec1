import numpy as np
import pytest

from utils.lessons.gan_lab import exercises as checks
from utils.lessons.gan_lab import helpers as lib
from utils.lessons.gan_lab import solutions as solution


def stub(*args, **kwargs):
    raise NotImplementedError


def sigmoid(x):
    return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))


@pytest.mark.parametrize("name", ["discriminator_loss", "generator_loss", "inception_score", "frechet_distance"])
def test_solution_passes_and_stub_is_not_attempted(name):
    checker = getattr(checks, f"check_{name}")
    assert checker(getattr(solution, name)).status == "passed"
    assert checker(stub).status == "not_attempted"


# -- discriminator loss -------------------------------------------------------------------------


def test_discriminator_loss_swapped_labels_is_named():
    def swapped(r, f):
        return float(np.mean(-np.log(sigmoid(f))) + np.mean(-np.log(1 - sigmoid(r))))

    feedback = checks.check_discriminator_loss(swapped)
    assert feedback.status == "failed" and "swapped" in feedback.message


def test_discriminator_loss_naive_formula_fails_on_large_logits():
    def naive(r, f):
        return float(np.mean(-np.log(sigmoid(r))) + np.mean(-np.log(1 - sigmoid(f))))

    with np.errstate(all="ignore"):
        feedback = checks.check_discriminator_loss(naive)
    assert feedback.status == "failed" and "±60" in feedback.message and "softplus" in feedback.message


def test_discriminator_loss_pooled_mean_is_named():
    def pooled(r, f):
        return float(np.mean(np.concatenate([np.logaddexp(0, -np.asarray(r)), np.logaddexp(0, f)])))

    feedback = checks.check_discriminator_loss(pooled)
    assert feedback.status == "failed" and "pooled" in feedback.message


def test_discriminator_loss_sum_is_named():
    def summed(r, f):
        return float(np.sum(np.logaddexp(0, -np.asarray(r))) + np.sum(np.logaddexp(0, f)))

    feedback = checks.check_discriminator_loss(summed)
    assert feedback.status == "failed" and "summed" in feedback.message


# -- generator loss -----------------------------------------------------------------------------


def test_generator_loss_saturating_is_named():
    feedback = checks.check_generator_loss(lambda f: float(np.mean(-np.logaddexp(0, f))))
    assert feedback.status == "failed" and "saturating" in feedback.message


def test_generator_loss_discriminator_term_is_named():
    feedback = checks.check_generator_loss(lambda f: float(np.mean(np.logaddexp(0, f))))
    assert feedback.status == "failed" and "discriminator's term" in feedback.message


def test_generator_loss_wrong_shape_is_explained():
    feedback = checks.check_generator_loss(lambda f: np.logaddexp(0, -np.asarray(f)))
    assert feedback.status == "failed" and "single number" in feedback.message


# -- inception score ----------------------------------------------------------------------------


def test_inception_score_without_exp_is_named():
    def no_exp(p):
        return np.log(solution.inception_score(p))

    feedback = checks.check_inception_score(no_exp)
    assert feedback.status == "failed" and "exponential" in feedback.message


def test_inception_score_marginal_entropy_only_is_named():
    def entropy_only(p):
        m = np.asarray(p).mean(axis=0)
        m = m[m > 0]
        return float(np.exp(-np.sum(m * np.log(m))))

    feedback = checks.check_inception_score(entropy_only)
    assert feedback.status == "failed" and "entropy of p(y)" in feedback.message


def test_inception_score_naive_log_of_zero_is_explained():
    def naive(p):
        p = np.asarray(p)
        return float(np.exp(np.mean(np.sum(p * (np.log(p) - np.log(p.mean(axis=0))), axis=1))))

    with np.errstate(all="ignore"):
        feedback = checks.check_inception_score(naive)
    assert feedback.status == "failed" and "0·log 0" in feedback.message


# -- Fréchet distance ---------------------------------------------------------------------------


def test_frechet_elementwise_sqrt_is_named():
    def elementwise(mu1, c1, mu2, c2):
        c1, c2 = np.atleast_2d(c1), np.atleast_2d(c2)
        return float(np.sum((np.asarray(mu1) - mu2) ** 2) + np.trace(c1 + c2) - 2 * np.trace(np.sqrt(np.abs(c1 @ c2))))

    feedback = checks.check_frechet_distance(elementwise)
    assert feedback.status == "failed" and "element by element" in feedback.message
    assert "non-diagonal" in feedback.message


def test_frechet_missing_factor_two_is_named():
    def no_two(mu1, c1, mu2, c2):
        r = lib.sqrtm_psd(np.atleast_2d(c1))
        return float(
            np.sum((np.asarray(mu1) - mu2) ** 2)
            + np.trace(np.atleast_2d(c1) + c2)
            - np.trace(lib.sqrtm_psd(r @ np.atleast_2d(c2) @ r))
        )

    feedback = checks.check_frechet_distance(no_two)
    assert feedback.status == "failed" and "factor 2" in feedback.message


def test_frechet_missing_mean_term_is_named():
    feedback = checks.check_frechet_distance(lambda mu1, c1, mu2, c2: solution.frechet_distance(mu1, c1, mu1, c2))
    assert feedback.status == "failed" and "means is missing" in feedback.message


def test_frechet_exception_is_explained():
    feedback = checks.check_frechet_distance(lambda *a: np.linalg.cholesky(-np.eye(2)))
    assert feedback.status == "failed" and "LinAlgError" in feedback.message


# -- the solutions agree with the library the notebook uses ------------------------------------


def test_solutions_agree_with_library():
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(10), size=40)
    assert np.isclose(solution.inception_score(p), lib.inception_score(p)[0])
    a, b = rng.standard_normal((5, 5)), rng.standard_normal((5, 5))
    c1, c2 = a @ a.T, b @ b.T
    m1, m2 = rng.standard_normal(5), rng.standard_normal(5)
    assert np.isclose(solution.frechet_distance(m1, c1, m2, c2), lib.frechet_distance(m1, c1, m2, c2))


def _sig(x):
    return 1 / (1 + np.exp(-np.asarray(x)))


@pytest.mark.parametrize(
    "wrong",
    [
        lambda f: float(np.mean(-np.log(_sig(f)))),  # naive: overflows at -800 and in float32
        lambda f: float(np.mean(np.log1p(np.exp(-np.asarray(f))))),  # softplus without the stable form
        lambda f: float(np.mean(-np.log(_sig(f) + 1e-12))),  # clipped log: wrong for large negative logits
        lambda f: float(np.mean(np.logaddexp(0, np.asarray(f)))),  # softplus(+a): the discriminator's term
        lambda f: float(np.mean(np.maximum(-np.asarray(f), 0))),  # hinge-like approximation
        lambda f: np.logaddexp(0, -np.asarray(f)),  # forgot the mean
    ],
)
def test_generator_loss_plausible_wrong_answers(wrong):
    assert checks.check_generator_loss(wrong).status == "failed"


def test_generator_loss_variant_with_logaddexp_passes():
    assert checks.check_generator_loss(lambda f: np.mean(np.logaddexp(0.0, -np.asarray(f, dtype=float)))).passed


def test_discriminator_loss_float32_naive_fails():
    def naive(r, f):
        return float(np.mean(-np.log(_sig(r))) + np.mean(-np.log(1 - _sig(f))))

    assert checks.check_discriminator_loss(naive).status == "failed"


def test_frechet_hint_does_not_blame_the_square_root_for_other_mistakes():
    def wrong_sign(mu1, c1, mu2, c2):
        return solution.frechet_distance(mu1, c1, mu2, c2) + 2 * np.sum((np.asarray(mu1) - mu2) ** 2) + 1.0

    feedback = checks.check_frechet_distance(wrong_sign)
    assert feedback.status == "failed" and "element" not in feedback.message


def test_frechet_scipy_style_complex_result_is_accepted():
    def complex_result(mu1, c1, mu2, c2):
        return complex(solution.frechet_distance(mu1, c1, mu2, c2), 1e-14)

    assert checks.check_frechet_distance(complex_result).passed


def _is(p, reverse=False, log_base=np.log, use_max=False):
    p = np.asarray(p, dtype=float)
    marginal = p.max(axis=0) if use_max else p.mean(axis=0)
    safe = np.where(p > 0, p, 1.0)
    if reverse:
        kl = np.sum(marginal * (log_base(np.where(marginal > 0, marginal, 1.0)) - log_base(safe)), axis=1)
    else:
        kl = np.sum(np.where(p > 0, p * (log_base(safe) - log_base(np.where(marginal > 0, marginal, 1.0))), 0), axis=1)
    return float(np.exp(kl.mean()))


@pytest.mark.parametrize(
    "wrong",
    [
        lambda p: _is(p, log_base=np.log2),
        lambda p: _is(p, use_max=True),
        lambda p: _is(p, reverse=True),
        lambda p: float(np.exp(np.mean(np.sum(np.asarray(p) * np.log(np.asarray(p) + 1e-3), axis=1)))),
    ],
)
def test_inception_score_more_wrong_answers(wrong):
    assert checks.check_inception_score(wrong).status == "failed"


def test_inception_score_variant_with_entropies_passes():
    def variant(p):
        p = np.asarray(p, dtype=float)
        marginal = p.mean(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            row_entropy = -np.nansum(p * np.log(p), axis=1).mean()
            marginal_entropy = -np.nansum(marginal * np.log(marginal))
        return float(np.exp(marginal_entropy - row_entropy))

    assert checks.check_inception_score(variant).passed


@pytest.mark.parametrize(
    "wrong",
    [
        lambda mu1, c1, mu2, c2: float(np.sum((np.asarray(mu1) - mu2) ** 2) + np.trace(np.atleast_2d(c1) - c2)),
        lambda mu1, c1, mu2, c2: float(np.sqrt(solution.frechet_distance(mu1, c1, mu2, c2))),
        lambda mu1, c1, mu2, c2: float(
            np.linalg.norm(np.asarray(mu1) - mu2) + solution.frechet_distance(mu1, c1, mu1, c2)
        ),
    ],
)
def test_frechet_more_wrong_answers(wrong):
    assert checks.check_frechet_distance(wrong).status == "failed"


def test_frechet_variant_with_eigenvalues_of_product_passes():
    def variant(mu1, c1, mu2, c2):
        c1, c2 = np.atleast_2d(c1), np.atleast_2d(c2)
        roots = np.sqrt(np.clip(np.linalg.eigvals(c1 @ c2).real, 0, None))
        return float(np.sum((np.atleast_1d(mu1) - mu2) ** 2) + np.trace(c1) + np.trace(c2) - 2 * roots.sum())

    assert checks.check_frechet_distance(variant).passed


def _d_loss_tensorflow(r, f):
    import tensorflow as tf

    real = tf.nn.sigmoid_cross_entropy_with_logits(tf.ones_like(r), r)
    fake = tf.nn.sigmoid_cross_entropy_with_logits(tf.zeros_like(f), f)
    return float(tf.reduce_mean(real) + tf.reduce_mean(fake))


def _d_loss_keras(r, f):
    import keras

    bce = keras.losses.BinaryCrossentropy(from_logits=True)
    return bce(np.ones_like(r), r) + bce(np.zeros_like(f), f)


def _d_loss_where(r, f):
    def softplus(a):
        a = np.asarray(a, dtype=float)
        return np.where(a > 0, a + np.log1p(np.exp(-np.abs(a))), np.log1p(np.exp(-np.abs(a))))

    return float(softplus(-np.asarray(r)).mean() + softplus(f).mean())


def _d_loss_clipped(r, f):
    d_real, d_fake = np.clip(_sig(r), 1e-7, 1 - 1e-7), np.clip(_sig(f), 1e-7, 1 - 1e-7)
    return float(np.mean(-np.log(d_real)) + np.mean(-np.log(1 - d_fake)))


def _g_loss_keras(f):
    import keras

    return keras.losses.BinaryCrossentropy(from_logits=True)(np.ones_like(f), f)


def _g_loss_tensorflow(f):
    import tensorflow as tf

    return tf.reduce_mean(tf.nn.softplus(-tf.constant(f)))


def _is_loops(p):
    import math

    p = np.asarray(p, dtype=float)
    n, k = p.shape
    marginal = [sum(p[i][j] for i in range(n)) / n for j in range(k)]
    total = sum(p[i][j] * math.log(p[i][j] / marginal[j]) for i in range(n) for j in range(k) if p[i][j] > 0)
    return math.exp(total / n)


def _is_epsilon(p):
    p = np.asarray(p, dtype=float)
    marginal = p.mean(axis=0)
    return float(np.exp(np.mean(np.sum(p * (np.log(p + 1e-12) - np.log(marginal + 1e-12)), axis=1))))


def _is_marginal_over_classes(p):
    p = np.asarray(p, dtype=float)
    marginal = p.mean(axis=1, keepdims=True)
    kl = np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0) / marginal), 0.0), axis=1)
    return float(np.exp(kl.mean()))


def _fd(mu1, c1, mu2, c2, root=None):
    def sqrtm(c):
        values, vectors = np.linalg.eigh(c)
        return (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T

    root = root or sqrtm
    r = root(c1)
    return float(np.sum((np.asarray(mu1) - mu2) ** 2) + np.trace(c1) + np.trace(c2) - 2 * np.trace(root(r @ c2 @ r)))


def _fd_other_side(mu1, c1, mu2, c2):
    return _fd(mu2, c2, mu1, c1)


def _fd_unclipped(mu1, c1, mu2, c2):
    def sqrtm(c):
        values, vectors = np.linalg.eigh(c)
        return (vectors * np.sqrt(values)) @ vectors.T

    return _fd(mu1, c1, mu2, c2, root=sqrtm)


def _fd_product_of_roots(mu1, c1, mu2, c2):
    def sqrtm(c):
        values, vectors = np.linalg.eigh(c)
        return (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T

    diff = np.asarray(mu1) - mu2
    return float(diff @ diff + np.trace(c1 + c2) - 2 * np.trace(sqrtm(c1) @ sqrtm(c2)))


def _fd_eigh_of_product(mu1, c1, mu2, c2):
    def sqrtm(c):
        values, vectors = np.linalg.eigh(c)
        return (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T

    diff = np.asarray(mu1) - mu2
    return float(diff @ diff + np.trace(c1 + c2) - 2 * np.trace(sqrtm(c1 @ c2)))  # eigh assumes a symmetric matrix


CHECKS = {
    "discriminator_loss": checks.check_discriminator_loss,
    "generator_loss": checks.check_generator_loss,
    "inception_score": checks.check_inception_score,
    "frechet_distance": checks.check_frechet_distance,
}
WRONG = {
    "discriminator_loss": [
        (lambda r, f: float(np.mean(-np.log(sigmoid(f))) + np.mean(-np.log(1 - sigmoid(r)))), "swapped"),
        (
            lambda r, f: float(np.mean(np.concatenate([np.logaddexp(0, -np.ravel(r)), np.logaddexp(0, np.ravel(f))]))),
            "pooled",
        ),
        (lambda r, f: float(np.sum(np.logaddexp(0, -np.asarray(r))) + np.sum(np.logaddexp(0, f))), "summed"),
        (lambda r, f: -float(np.mean(np.logaddexp(0, -np.asarray(r))) + np.mean(np.logaddexp(0, f))), "wrong sign"),
        (lambda r, f: float(np.mean(-np.log(_sig(r))) + np.mean(-np.log(1 - _sig(f)))), "±60"),
        (_d_loss_clipped, "±60"),
        (lambda r, f: float(np.mean(np.logaddexp(0, -np.asarray(r)))), "expected"),
    ],
    "generator_loss": [
        (lambda f: float(np.mean(-np.logaddexp(0, f))), "saturating"),
        (lambda f: float(np.mean(np.logaddexp(0, f))), "discriminator's term"),
        (lambda f: float(np.sum(np.logaddexp(0, -np.asarray(f)))), "summed"),
        (lambda f: float(np.mean(-np.log(_sig(f)))), "exp overflows"),
        (lambda f: float(np.mean(np.log1p(np.exp(-np.asarray(f))))), "exp overflows"),
        (lambda f: float(np.mean(-np.log(_sig(f) + 1e-12))), "expected"),
        (lambda f: np.logaddexp(0, -np.asarray(f)), "single number"),
    ],
    "inception_score": [
        (lambda p: np.log(solution.inception_score(p)), "exponential"),
        (lambda p: _is(p, log_base=np.log2), "expected"),
        (lambda p: _is(p, reverse=True), "expected"),
        (_is_marginal_over_classes, "axis 0"),
        (
            lambda p: float(np.exp(np.mean(np.sum(np.asarray(p) * (np.log(p) - np.log(np.mean(p, axis=0))), axis=1)))),
            "0·log 0",
        ),
        (lambda p: _is(p, use_max=True), "expected"),
        (lambda p: float(np.exp(np.sum(np.log(np.asarray(p, float).mean(0)) * 0) + 1)), "expected"),
    ],
    "frechet_distance": [
        (
            lambda m1, c1, m2, c2: float(
                np.sum((m1 - m2) ** 2) + np.trace(c1 + c2) - 2 * np.trace(np.sqrt(np.abs(c1 @ c2)))
            ),
            "element by element",
        ),
        (lambda m1, c1, m2, c2: solution.frechet_distance(m1, c1, m1, c2), "means is missing"),
        (_fd_product_of_roots, "commute"),
        (_fd_unclipped, "singular"),
        (_fd_eigh_of_product, "expected"),
        (lambda m1, c1, m2, c2: float(np.sqrt(solution.frechet_distance(m1, c1, m2, c2))), "expected"),
        (lambda m1, c1, m2, c2: float(np.sum((m1 - m2) ** 2) + np.trace(c1 - c2)), "expected"),
    ],
}
RIGHT = {
    "discriminator_loss": [_d_loss_tensorflow, _d_loss_keras, _d_loss_where],
    "generator_loss": [
        lambda f: np.mean(np.logaddexp(0.0, -np.asarray(f, dtype=float))),
        _g_loss_keras,
        _g_loss_tensorflow,
    ],
    "inception_score": [_is_loops, _is_epsilon, lambda p: _is(p)],
    "frechet_distance": [
        _fd,
        _fd_other_side,
        lambda m1, c1, m2, c2: float(
            np.sum((np.asarray(m1) - m2) ** 2)
            + np.trace(c1)
            + np.trace(c2)
            - 2 * np.sqrt(np.clip(np.linalg.eigvals(np.asarray(c1) @ c2).real, 0, None)).sum()
        ),
    ],
}


@pytest.mark.parametrize(
    "name, wrong, words", [(n, w, s) for n, cases in WRONG.items() for w, s in cases], ids=lambda v: str(v)[:20]
)
def test_plausible_wrong_answers_fail_with_reason(name, wrong, words):
    with np.errstate(all="ignore"):
        feedback = CHECKS[name](wrong)
    assert feedback.status == "failed" and words in feedback.message, str(feedback)
    assert "\n" not in feedback.message


@pytest.mark.parametrize("name, right", [(n, r) for n, rights in RIGHT.items() for r in rights])
def test_right_answers_written_differently_pass(name, right):
    feedback = CHECKS[name](right)
    assert feedback.passed, str(feedback)
