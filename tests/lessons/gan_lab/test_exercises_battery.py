"""An outside battery for notebook 07's checkers: new plausible wrong answers (each wrong on some inputs only) and
right answers written differently, as a learner would write them. Every wrong one must be refused in words, every
right one accepted."""

import numpy as np
import pytest

from utils.environment import import_tensorflow
from utils.lessons.gan_lab.exercises import (
    check_discriminator_loss,
    check_frechet_distance,
    check_generator_loss,
    check_inception_score,
)

CHECKS = {
    "discriminator_loss": check_discriminator_loss,
    "generator_loss": check_generator_loss,
    "inception_score": check_inception_score,
    "frechet_distance": check_frechet_distance,
}


def _sigmoid(a):
    return 1 / (1 + np.exp(-np.asarray(a, dtype=float)))


def _softplus(a):
    a = np.asarray(a, dtype=float)
    return np.maximum(a, 0) + np.log1p(np.exp(-np.abs(a)))


# ---- discriminator_loss ---------------------------------------------------------------------------


def d_naive_logs(real_logits, fake_logits):  # log(1 - sigmoid(60)) is log(0)
    with np.errstate(divide="ignore", over="ignore"):
        return float(-np.mean(np.log(_sigmoid(real_logits))) - np.mean(np.log(1 - _sigmoid(fake_logits))))


def d_log1p_exp(real_logits, fake_logits):  # log1p(exp(800)) overflows
    with np.errstate(over="ignore"):
        return float(np.mean(np.log1p(np.exp(-real_logits))) + np.mean(np.log1p(np.exp(fake_logits))))


def d_clipped_probabilities(real_logits, fake_logits):  # Keras-style clipping to [1e-7, 1 - 1e-7]
    d_real = np.clip(_sigmoid(real_logits), 1e-7, 1 - 1e-7)
    d_fake = np.clip(_sigmoid(fake_logits), 1e-7, 1 - 1e-7)
    return float(-np.mean(np.log(d_real)) - np.mean(np.log(1 - d_fake)))


def d_eps_inside_log(real_logits, fake_logits):
    with np.errstate(over="ignore"):
        return float(-np.mean(np.log(_sigmoid(real_logits) + 1e-8)) - np.mean(np.log(1 - _sigmoid(fake_logits) + 1e-8)))


def d_halved(real_logits, fake_logits):  # the average of the two terms
    return float((np.mean(_softplus(-real_logits)) + np.mean(_softplus(fake_logits))) / 2)


def d_label_smoothing(real_logits, fake_logits):  # one-sided label smoothing (0.9) left in
    real, fake = np.asarray(real_logits, float), np.asarray(fake_logits, float)
    real_term = 0.9 * _softplus(-real) + 0.1 * _softplus(real)
    return float(np.mean(real_term) + np.mean(_softplus(fake)))


def d_elementwise_sum(real_logits, fake_logits):  # adds the batches element by element
    return float(np.mean(_softplus(-np.ravel(real_logits)) + _softplus(np.ravel(fake_logits))))


def d_keras_probabilities(real_logits, fake_logits):  # BinaryCrossentropy without from_logits=True
    from keras import losses

    bce = losses.BinaryCrossentropy()
    real, fake = np.reshape(real_logits, (-1, 1)), np.reshape(fake_logits, (-1, 1))
    return float(bce(np.ones_like(real), real) + bce(np.zeros_like(fake), fake))


def d_wrong_softplus(real_logits, fake_logits):  # softplus(x) written with max(x, 0) for both signs
    real, fake = np.asarray(real_logits, float), np.asarray(fake_logits, float)
    term_real = np.maximum(real, 0) + np.log1p(np.exp(-np.abs(real)))
    return float(np.mean(term_real) + np.mean(_softplus(fake)))


def d_keeps_axis(real_logits, fake_logits):  # mean over axis 0 keeps a (1,) array for (n, 1) logits
    return np.mean(_softplus(-np.asarray(real_logits, float)), axis=0) + np.mean(
        _softplus(np.asarray(fake_logits, float)), axis=0
    )


def d_hinge(real_logits, fake_logits):  # the hinge loss of other GANs
    return float(
        np.mean(np.maximum(0, 1 - np.asarray(real_logits))) + np.mean(np.maximum(0, 1 + np.asarray(fake_logits)))
    )


def d_first_only(real_logits, fake_logits):  # the loss of the first pair only
    return float(_softplus(-np.ravel(real_logits)[0]) + _softplus(np.ravel(fake_logits)[0]))


def d_keras_from_logits(real_logits, fake_logits):
    from keras import losses

    bce = losses.BinaryCrossentropy(from_logits=True)
    real, fake = np.reshape(real_logits, (-1, 1)), np.reshape(fake_logits, (-1, 1))
    return float(bce(np.ones_like(real), real) + bce(np.zeros_like(fake), fake))


def d_tf_sigmoid_ce(real_logits, fake_logits):
    tf = import_tensorflow()
    real, fake = tf.constant(real_logits, tf.float64), tf.constant(fake_logits, tf.float64)
    return float(
        tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(tf.ones_like(real), real))
        + tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(tf.zeros_like(fake), fake))
    )


def d_logaddexp(real_logits, fake_logits):
    return np.logaddexp(0, -np.asarray(real_logits)).mean() + np.logaddexp(0, np.asarray(fake_logits)).mean()


def d_where(real_logits, fake_logits):  # log(1 + e^x) = x + log(1 + e^-x) for x > 0
    def softplus(x):
        x = np.asarray(x, dtype=float)
        return np.where(x > 0, x + np.log1p(np.exp(-np.abs(x))), np.log1p(np.exp(-np.abs(x))))

    return float(np.mean(softplus(-real_logits)) + np.mean(softplus(fake_logits)))


def d_pure_python(real_logits, fake_logits):
    import math

    def softplus(x):
        return max(x, 0.0) + math.log1p(math.exp(-abs(x)))

    real = [float(v) for v in np.ravel(real_logits)]
    fake = [float(v) for v in np.ravel(fake_logits)]
    return sum(softplus(-a) for a in real) / len(real) + sum(softplus(a) for a in fake) / len(fake)


# ---- generator_loss -------------------------------------------------------------------------------


def g_naive(fake_logits):
    with np.errstate(divide="ignore", over="ignore"):
        return float(-np.mean(np.log(_sigmoid(fake_logits))))


def g_log1p_exp(fake_logits):
    with np.errstate(over="ignore"):
        return float(np.mean(np.log1p(np.exp(-np.asarray(fake_logits)))))


def g_clipped(fake_logits):
    return float(-np.mean(np.log(np.clip(_sigmoid(fake_logits), 1e-7, 1.0))))


def g_eps(fake_logits):
    with np.errstate(over="ignore"):
        return float(-np.mean(np.log(_sigmoid(fake_logits) + 1e-12)))


def g_per_sample(fake_logits):
    return _softplus(-np.ravel(fake_logits))


def g_float32(fake_logits):  # sigmoid(-120) is 0 in float32
    with np.errstate(divide="ignore", over="ignore"):
        a = np.asarray(fake_logits, dtype=np.float32)
        return float(-np.mean(np.log(np.float32(1) / (np.float32(1) + np.exp(-a)))))


def g_ratio_of_exps(fake_logits):  # e^a / (1 + e^a) overflows to inf / inf
    with np.errstate(over="ignore", invalid="ignore"):
        a = np.asarray(fake_logits, dtype=float)
        return float(-np.mean(np.log(np.exp(a) / (1 + np.exp(a)))))


def g_minimax_sign(fake_logits):  # minimises -log(1 - D) (the discriminator's fake term)
    return float(np.mean(_softplus(np.asarray(fake_logits, float))))


def g_median(fake_logits):
    return float(np.median(_softplus(-np.asarray(fake_logits, float))))


def g_max_over_batch(fake_logits):
    return float(np.max(_softplus(-np.asarray(fake_logits, float))))


def g_wasserstein(fake_logits):  # the WGAN generator loss
    return float(-np.mean(fake_logits))


def g_log_sigmoid_sum(fake_logits):
    return float(np.sum(_softplus(-np.asarray(fake_logits, float))) / 10)


def g_keras(fake_logits):
    from keras import losses

    fake = np.reshape(fake_logits, (-1, 1))
    return float(losses.BinaryCrossentropy(from_logits=True)(np.ones_like(fake), fake))


def g_tf_softplus(fake_logits):
    tf = import_tensorflow()
    return float(tf.reduce_mean(tf.nn.softplus(-tf.constant(fake_logits, tf.float64))))


def g_where_both_branches(fake_logits):  # np.where computes both branches: overflow warnings, right values
    a = np.asarray(fake_logits, dtype=float)
    with np.errstate(over="ignore"):
        return float(np.mean(np.where(a > 0, np.log1p(np.exp(-a)), -a + np.log1p(np.exp(a)))))


def g_logaddexp(fake_logits):
    return np.mean(np.logaddexp(0.0, -np.asarray(fake_logits)))


def g_keras_ops(fake_logits):
    import keras

    return float(keras.ops.mean(keras.ops.softplus(-keras.ops.convert_to_tensor(np.asarray(fake_logits, float)))))


# ---- inception_score ------------------------------------------------------------------------------


def is_nan_at_zeros(probs):
    with np.errstate(divide="ignore", invalid="ignore"):
        py = probs.mean(axis=0)
        return float(np.exp(np.mean(np.sum(probs * np.log(probs / py), axis=1))))


def is_log2(probs):
    py = probs.mean(axis=0)
    terms = np.where(probs > 0, probs * np.log2(np.where(probs > 0, probs, 1) / np.where(py > 0, py, 1)), 0)
    return float(np.exp(np.mean(terms.sum(axis=1))))


def is_splits(probs):  # the paper's 10 splits, averaged
    scores = []
    for part in np.array_split(probs, min(10, len(probs))):
        py = part.mean(axis=0)
        terms = np.where(part > 0, part * np.log(np.where(part > 0, part, 1) / np.where(py > 0, py, 1)), 0)
        scores.append(np.exp(np.mean(terms.sum(axis=1))))
    return float(np.mean(scores))


def is_scalar_marginal(probs):  # p(y) as the mean of the whole matrix
    py = probs.mean()
    terms = np.where(probs > 0, probs * np.log(np.where(probs > 0, probs, 1) / py), 0)
    return float(np.exp(np.mean(terms.sum(axis=1))))


def is_median_marginal(probs):
    py = np.median(probs, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(probs > 0, probs * np.log(np.where(probs > 0, probs, 1) / py), 0)
    return float(np.exp(np.mean(terms.sum(axis=1))))


def is_exp_per_row(probs):  # exp inside the mean
    py = probs.mean(axis=0)
    terms = np.where(probs > 0, probs * np.log(np.where(probs > 0, probs, 1) / np.where(py > 0, py, 1)), 0)
    return float(np.mean(np.exp(terms.sum(axis=1))))


def is_entropy_of_marginal_only(probs):
    py = probs.mean(axis=0)
    return float(np.exp(-np.sum(np.where(py > 0, py * np.log(np.where(py > 0, py, 1)), 0))))


def is_eps_too_large(probs):  # eps = 1e-3 smooths the probabilities visibly
    py = probs.mean(axis=0)
    return float(np.exp(np.mean(np.sum(probs * np.log((probs + 1e-3) / (py + 1e-3)), axis=1))))


def is_kl_of_mean(probs):  # KL of the mean row against p(y): always 0, so the score is 1
    py = probs.mean(axis=0)
    p = probs.mean(axis=0)
    return float(np.exp(np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p, 1) / np.where(py > 0, py, 1)), 0))))


def is_sum_over_rows(probs):  # sums the KL terms over samples instead of averaging
    py = probs.mean(axis=0)
    terms = np.where(probs > 0, probs * np.log(np.where(probs > 0, probs, 1) / np.where(py > 0, py, 1)), 0)
    return float(np.exp(terms.sum()))


def is_transposed_input(probs):  # reads the matrix as (K, N)
    p = probs.T
    py = p.mean(axis=0)
    terms = np.where(p > 0, p * np.log(np.where(p > 0, p, 1) / np.where(py > 0, py, 1)), 0)
    return float(np.exp(np.mean(terms.sum(axis=1))))


def is_small_eps(probs):
    eps = 1e-12
    py = probs.mean(axis=0)
    return float(np.exp(np.mean(np.sum(probs * (np.log(probs + eps) - np.log(py + eps)), axis=1))))


def is_nansum(probs):
    with np.errstate(divide="ignore", invalid="ignore"):
        py = probs.mean(axis=0, keepdims=True)
        return float(np.exp(np.mean(np.nansum(probs * np.log(probs / py), axis=1))))


def is_entropies(probs):  # exp(H(p(y)) - mean H(p(y|x)))
    def entropy(p, axis=None):
        return -np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p, 1)), 0), axis=axis)

    return float(np.exp(entropy(probs.mean(axis=0)) - np.mean(entropy(probs, axis=1))))


def is_loops(probs):
    import math

    n, k = len(probs), len(probs[0])
    py = [sum(float(probs[i][j]) for i in range(n)) / n for j in range(k)]
    total = 0.0
    for i in range(n):
        for j in range(k):
            p = float(probs[i][j])
            if p > 0:
                total += p * math.log(p / py[j])
    return math.exp(total / n)


def is_tensorflow(probs):
    tf = import_tensorflow()
    p = tf.constant(probs, tf.float64)
    py = tf.reduce_mean(p, axis=0, keepdims=True)
    safe = tf.where(p > 0, p, tf.ones_like(p))
    kl = tf.reduce_sum(tf.where(p > 0, p * (tf.math.log(safe) - tf.math.log(tf.where(p > 0, py, 1.0))), 0.0), axis=1)
    return float(tf.exp(tf.reduce_mean(kl)))


# ---- frechet_distance -----------------------------------------------------------------------------


def _sqrtm(c, clip=True):
    lam, v = np.linalg.eigh(c)
    lam = np.clip(lam, 0, None) if clip else lam
    with np.errstate(invalid="ignore"):
        return (v * np.sqrt(lam)) @ v.T


def fd_eigh_of_product(mu1, cov1, mu2, cov2):  # eigh on C1 @ C2, which is not symmetric
    lam = np.linalg.eigh(cov1 @ cov2)[0]
    cross = np.sum(np.sqrt(np.clip(lam, 0, None)))
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(cov1) + np.trace(cov2) - 2 * cross)


def fd_no_clip(mu1, cov1, mu2, cov2):  # sqrt of tiny negative eigenvalues gives NaN
    root = _sqrtm(cov1, clip=False)
    cross = np.trace(_sqrtm(root @ cov2 @ root, clip=False))
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(cov1) + np.trace(cov2) - 2 * cross)


def fd_cholesky(mu1, cov1, mu2, cov2):  # Cholesky needs a positive definite covariance
    low = np.linalg.cholesky(cov1)
    cross = np.trace(_sqrtm(low.T @ cov2 @ low))
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(cov1) + np.trace(cov2) - 2 * cross)


def fd_missing_cov2_trace(mu1, cov1, mu2, cov2):
    root = _sqrtm(cov1)
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(cov1) - 2 * np.trace(_sqrtm(root @ cov2 @ root)))


def fd_plus_cross(mu1, cov1, mu2, cov2):
    root = _sqrtm(cov1)
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(cov1) + np.trace(cov2) + 2 * np.trace(_sqrtm(root @ cov2 @ root)))


def fd_square_root(mu1, cov1, mu2, cov2):  # returns d, not d²
    root = _sqrtm(cov1)
    d2 = np.sum((mu1 - mu2) ** 2) + np.trace(cov1) + np.trace(cov2) - 2 * np.trace(_sqrtm(root @ cov2 @ root))
    return float(np.sqrt(max(d2, 0.0)))


def fd_regularised_in_place(mu1, cov1, mu2, cov2):  # adds 1e-6 I to the caller's covariances
    cov1 += 1e-6 * np.eye(len(cov1))
    cov2 += 1e-6 * np.eye(len(cov2))
    root = _sqrtm(cov1)
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(cov1) + np.trace(cov2) - 2 * np.trace(_sqrtm(root @ cov2 @ root)))


def fd_means_absolute(mu1, cov1, mu2, cov2):  # sum of |mu1 - mu2| instead of the squared norm
    root = _sqrtm(cov1)
    return float(np.sum(np.abs(mu1 - mu2)) + np.trace(cov1) + np.trace(cov2) - 2 * np.trace(_sqrtm(root @ cov2 @ root)))


def fd_root_of_product_of_roots(mu1, cov1, mu2, cov2):  # (C1^½ C2^½)^½ is not the cross term
    cross = np.trace(_sqrtm(_sqrtm(cov1) @ _sqrtm(cov2)))
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(cov1) + np.trace(cov2) - 2 * cross)


def fd_one_dimensional_only(mu1, cov1, mu2, cov2):  # treats the covariances as variances on the diagonal
    s1, s2 = np.sqrt(np.diag(cov1)), np.sqrt(np.diag(cov2))
    return float(np.sum((mu1 - mu2) ** 2) + np.sum((s1 - s2) ** 2))


def fd_covariance_of_difference(mu1, cov1, mu2, cov2):
    return float(
        np.sum((mu1 - mu2) ** 2)
        + np.trace(_sqrtm(cov1 - cov2 if np.all(np.linalg.eigvalsh(cov1 - cov2) >= 0) else cov2 - cov1))
    )


def fd_swapped_cross(mu1, cov1, mu2, cov2):  # Tr((C2^½ C1 C2^½)^½) is the same number
    root = _sqrtm(cov2)
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(cov1 + cov2) - 2 * np.trace(_sqrtm(root @ cov1 @ root)))


def fd_eigvals_of_product(mu1, cov1, mu2, cov2):  # Tr((C1 C2)^½) = sum of sqrt of the eigenvalues of C1 C2
    lam = np.linalg.eigvals(cov1 @ cov2).real
    return float(
        np.sum((mu1 - mu2) ** 2) + np.trace(cov1) + np.trace(cov2) - 2 * np.sum(np.sqrt(np.clip(lam, 0, None)))
    )


def fd_abs_eigenvalues(mu1, cov1, mu2, cov2):  # |λ| instead of clipping at 0
    def sqrtm(c):
        lam, v = np.linalg.eigh(c)
        return v @ np.diag(np.sqrt(np.abs(lam))) @ v.T

    root = sqrtm(cov1)
    return float(
        np.linalg.norm(mu1 - mu2) ** 2 + np.trace(cov1) + np.trace(cov2) - 2 * np.trace(sqrtm(root @ cov2 @ root))
    )


def fd_svd(mu1, cov1, mu2, cov2):  # the singular values of C1^½ C2^½ are the square roots needed
    root1, root2 = _sqrtm(cov1), _sqrtm(cov2)
    cross = np.sum(np.linalg.svd(root1 @ root2, compute_uv=False))
    return float(np.dot(mu1 - mu2, mu1 - mu2) + np.trace(cov1) + np.trace(cov2) - 2 * cross)


def fd_tensorflow(mu1, cov1, mu2, cov2):
    tf = import_tensorflow()

    def sqrtm(c):
        lam, v = tf.linalg.eigh(tf.constant(c, tf.float64))
        return (v * tf.sqrt(tf.maximum(lam, 0.0))) @ tf.transpose(v)

    root = sqrtm(cov1)
    cross = tf.linalg.trace(sqrtm((root @ tf.constant(cov2, tf.float64) @ root).numpy()))
    diff = tf.constant(mu1 - mu2, tf.float64)
    return float(tf.reduce_sum(diff * diff) + np.trace(cov1) + np.trace(cov2) - 2 * cross)


BATTERY_WRONG = {
    "discriminator_loss": [
        (d_naive_logs, ""),
        (d_log1p_exp, ""),
        (d_clipped_probabilities, "expected"),
        (d_eps_inside_log, "expected"),
        (d_halved, "expected"),
        (d_label_smoothing, "expected"),
        (d_elementwise_sum, ""),
        (d_keras_probabilities, "expected"),
        (d_wrong_softplus, "expected"),
        (d_keeps_axis, "single number"),
        (d_hinge, "expected"),
        (d_first_only, "expected"),
    ],
    "generator_loss": [
        (g_naive, ""),
        (g_log1p_exp, ""),
        (g_clipped, "expected"),
        (g_eps, "expected"),
        (g_per_sample, "single number"),
        (g_float32, ""),
        (g_ratio_of_exps, ""),
        (g_minimax_sign, "expected"),
        (g_median, "expected"),
        (g_max_over_batch, "expected"),
        (g_wasserstein, "expected"),
        (g_log_sigmoid_sum, "expected"),
    ],
    "inception_score": [
        (is_nan_at_zeros, ""),
        (is_log2, "expected"),
        (is_splits, "expected"),
        (is_scalar_marginal, "expected"),
        (is_median_marginal, "expected"),
        (is_exp_per_row, "expected"),
        (is_entropy_of_marginal_only, "expected"),
        (is_eps_too_large, "expected"),
        (is_kl_of_mean, "expected"),
        (is_sum_over_rows, "expected"),
        (is_transposed_input, "expected"),
    ],
    "frechet_distance": [
        (fd_eigh_of_product, "expected"),
        (fd_no_clip, ""),
        (fd_cholesky, "LinAlgError"),
        (fd_missing_cov2_trace, "expected"),
        (fd_plus_cross, "expected"),
        (fd_square_root, "expected"),
        (fd_regularised_in_place, ""),
        (fd_means_absolute, "expected"),
        (fd_root_of_product_of_roots, "expected"),
        (fd_one_dimensional_only, "expected"),
        (fd_covariance_of_difference, "expected"),
    ],
}
BATTERY_RIGHT = {
    "discriminator_loss": [d_keras_from_logits, d_tf_sigmoid_ce, d_logaddexp, d_where, d_pure_python],
    "generator_loss": [g_keras, g_tf_softplus, g_where_both_branches, g_logaddexp, g_keras_ops],
    "inception_score": [is_small_eps, is_nansum, is_entropies, is_loops, is_tensorflow],
    "frechet_distance": [fd_swapped_cross, fd_eigvals_of_product, fd_abs_eigenvalues, fd_svd, fd_tensorflow],
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
