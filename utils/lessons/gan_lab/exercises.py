"""Checkers for notebook 07 (GAN lab)."""

from __future__ import annotations

from typing import Any

import numpy as np

from utils.checking import Example, Exercise, Feedback
from utils.lessons.gan_lab import helpers
from utils.lessons.gan_lab import solutions as solution


def _sigmoid(x: Any) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def _logits(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.normal(size=n) * float(10 ** rng.uniform(-1, 2.3))


def _draw_two_batches(rng: np.random.Generator) -> Example:
    real, fake = _logits(rng, int(rng.integers(1, 17))), _logits(rng, int(rng.integers(1, 17)))
    label = f"{len(real)} real and {len(fake)} fake logits up to {max(np.abs(real).max(), np.abs(fake).max()):.3g}"
    if rng.random() < 0.2:
        return Example((real.astype(np.float32), fake.astype(np.float32)), label + " in float32")
    if rng.random() < 0.15:
        return Example((real[:, None], fake[:, None]), label + ", shaped (n, 1) like a Keras model's output")
    return Example((real, fake), label)


_R = np.array([2.0, 0.5, -1.0, 3.0])
_F = np.array([-2.0, 0.3, -0.5])

DISCRIMINATOR_LOSS = Exercise(
    name="discriminator_loss",
    reference=solution.discriminator_loss,
    examples=[
        Example((np.array([0.0]), np.array([0.0])), "one real and one fake logit, both 0"),
        Example((_R, _F), f"real logits {_R.tolist()} and fake logits {_F.tolist()}"),
    ],
    edges=[
        Example((np.array([60.0, -60.0]), np.array([-60.0, 60.0])), "very large logits ±60 (numerical stability)"),
        Example(
            (np.array([-120.0, 4.0], dtype=np.float32), np.array([120.0, -3.0], dtype=np.float32)),
            "float32 logits ±120, where a sigmoid rounds to exactly 0 or 1 (numerical stability)",
        ),
        Example(
            (np.array([1.0]), np.array([-1.0, 0.5, 2.0, -3.0, 0.0])),
            "batches of different sizes: 1 real and 5 fake logits (average each batch separately)",
        ),
        Example((np.array([[1.5], [-0.5]]), np.array([[0.2], [-2.0], [0.7]])), "logits shaped (n, 1)"),
        Example(
            (np.array([-800.0, 3.0]), np.array([800.0, -1.0])),
            "huge logits, a real one at -800 and a fake one at +800, where exp overflows (numerical stability)",
        ),
    ],
    draw=_draw_two_batches,
    rtol=1e-6,
    atol=1e-9,
    show_call=False,
    hint="use -log sigmoid(a) = softplus(-a) and -log(1 - sigmoid(a)) = softplus(a), "
    "and average over each batch separately.",
    suspects={
        "the labels are swapped (real data should get D(x) close to 1, fakes close to 0)": lambda r, f: (
            solution.discriminator_loss(f, r)
        ),
        "you averaged over the real and fake logits pooled together; take the mean of each batch "
        "and add the two means": lambda r, f: float(
            np.mean(np.concatenate([np.logaddexp(0, -np.ravel(r)), np.logaddexp(0, np.ravel(f))]))
        ),
        "you summed over the batch instead of averaging": lambda r, f: float(
            np.sum(np.logaddexp(0, -np.asarray(r, float))) + np.sum(np.logaddexp(0, np.asarray(f, float)))
        ),
        "the loss has the wrong sign (the discriminator *minimises* the negative log-likelihood)": lambda r, f: (
            -solution.discriminator_loss(r, f)
        ),
        "you computed log(1 - sigmoid(a)) directly, which rounds to log(0) for large logits; use "
        "-log(1 - sigmoid(a)) = softplus(a) = np.logaddexp(0, a)": lambda r, f: float(
            np.mean(-np.log(_sigmoid(r))) + np.mean(-np.log(1 - _sigmoid(f)))
        ),
    },
)


def check_discriminator_loss(fn: Any, seed: int | None = None) -> Feedback:
    """Check discriminator_loss(real_logits, fake_logits): mean -log D(x) + mean -log(1 - D(G(z)))."""
    return DISCRIMINATOR_LOSS.check(fn, seed)


def _draw_fakes(rng: np.random.Generator) -> Example:
    fake = _logits(rng, int(rng.integers(1, 17)))
    label = f"{len(fake)} fake logits up to {np.abs(fake).max():.3g}"
    if rng.random() < 0.2:
        return Example((fake.astype(np.float32),), label + " in float32")
    return Example((fake,), label)


GENERATOR_LOSS = Exercise(
    name="generator_loss",
    reference=solution.generator_loss,
    examples=[
        Example((np.array([0.0]),), "one fake logit 0"),
        Example((_F,), f"fake logits {_F.tolist()}"),
    ],
    edges=[
        Example((np.array([-60.0, 0.0, 60.0]),), "large logits ±60"),
        Example((np.array([-800.0, 3.0, 800.0]),), "huge logits ±800, where exp overflows (numerical stability)"),
        Example(
            (np.array([-120.0, -20.0, 5.0], dtype=np.float32),),
            "float32 logits [-120, -20, 5], where sigmoid(-120) rounds to 0 in float32",
        ),
        Example((np.array([[0.5], [-1.0]]),), "logits shaped (n, 1)"),
        Example((np.zeros(7),), "seven logits of 0 (D = 1/2 everywhere)"),
    ],
    draw=_draw_fakes,
    rtol=1e-6,
    atol=1e-9,
    show_call=False,
    hint="the non-saturating loss is the mean of -log sigmoid(a) = softplus(-a).",
    suspects={
        "you wrote the saturating loss log(1 - D(G(z))); the exercise asks for the non-saturating "
        "-log D(G(z)), which keeps its gradient when the discriminator wins": lambda f: float(
            np.mean(-np.logaddexp(0, np.asarray(f, float)))
        ),
        "you wrote -log(1 - D(G(z))), which is the discriminator's term for fakes, not the generator's": lambda f: (
            float(np.mean(np.logaddexp(0, np.asarray(f, float))))
        ),
        "you summed over the batch instead of averaging": lambda f: float(np.sum(np.logaddexp(0, -np.asarray(f)))),
        "the sign is flipped: the loss is the mean of -log D(G(z))": lambda f: -solution.generator_loss(f),
    },
)


def check_generator_loss(fn: Any, seed: int | None = None) -> Feedback:
    """Check generator_loss(fake_logits): the non-saturating loss, mean of -log D(G(z))."""
    return GENERATOR_LOSS.check(fn, seed)


def _draw_probabilities(rng: np.random.Generator) -> Example:
    n, k = int(rng.integers(1, 41)), int(rng.integers(2, 13))
    probs = rng.dirichlet(np.full(k, float(10 ** rng.uniform(-1.5, 1))), size=n)
    extra = ""
    if rng.random() < 0.3:  # exact zeros, as a confident classifier's softmax rounds to
        probs = np.where(probs < 0.05, 0.0, probs)
        probs[probs.sum(axis=1) == 0, 0] = 1.0
        probs /= probs.sum(axis=1, keepdims=True)
        extra = " with exact zeros"
    if rng.random() < 0.2 and k > 2:  # a class no sample is put in
        probs[:, -1] = 0.0
        probs[probs.sum(axis=1) == 0, 0] = 1.0
        probs /= probs.sum(axis=1, keepdims=True)
        extra += ", one class empty"
    if rng.random() < 0.15:
        return Example((probs.astype(np.float32),), f"{n} float32 probability vectors over {k} classes{extra}")
    return Example((probs,), f"{n} probability vectors over {k} classes{extra}")


def _kl_rows(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    p = np.asarray(p, dtype=float)
    ratio = np.divide(p, q, out=np.ones_like(p), where=p > 0)
    return np.sum(np.where(p > 0, p * np.log(ratio), 0.0), axis=1)


IS_CASES = [
    Example((np.eye(10),), "10 samples, each one-hot on a different class"),
    Example((np.tile(np.eye(4)[[2]], (5, 1)),), "5 samples all one-hot on class 2 (total mode collapse)"),
    Example((np.full((6, 10), 0.1),), "6 samples with uniform probabilities (the classifier cannot decide)"),
    Example((np.random.default_rng(6).dirichlet(np.full(10, 0.3), size=50),), "50 random probability vectors"),
]

INCEPTION_SCORE = Exercise(
    name="inception_score",
    reference=solution.inception_score,
    examples=IS_CASES,
    edges=[
        Example(
            (np.array([[0.5, 0.5, 0.0], [0.0, 0.2, 0.8], [1.0, 0.0, 0.0]]),),
            "3 samples with some exact zeros (0·log 0 counts as 0)",
        ),
        Example(
            (np.array([[0.7, 0.3, 0.0], [0.1, 0.9, 0.0], [0.5, 0.5, 0.0], [1.0, 0.0, 0.0]]),),
            "a class that no sample belongs to (its column is all 0)",
        ),
        Example((np.array([[0.2, 0.3, 0.5]]),), "a single sample (the score is 1)"),
        Example((np.array([[0.6, 0.4], [0.1, 0.9]], dtype=np.float32),), "float32 probabilities over 2 classes"),
        Example((np.array([[1 - 1e-12, 1e-12], [1e-12, 1 - 1e-12]]),), "almost one-hot rows (1e-12 off)"),
    ],
    draw=_draw_probabilities,
    rtol=1e-6,
    atol=1e-9,
    show_call=False,
    hint="p(y) is the column mean of probs; sum p·(log p − log p(y)) over classes, "
    "average over samples, then take exp. Terms with p = 0 (0·log 0) count as 0: skip them (np.where(p > 0, ...)).",
    suspects={
        "you returned the mean KL divergence without taking its exponential": lambda p: float(
            np.mean(_kl_rows(p, np.asarray(p, float).mean(axis=0, keepdims=True)))
        ),
        "you returned exp(entropy of p(y)), which ignores how confident each prediction is": lambda p: float(
            np.exp(-np.sum(_xlogx(np.asarray(p, float).mean(axis=0))))
        ),
        "the KL divergence is reversed: it is KL(p(y|x) || p(y)), not KL(p(y) || p(y|x))": lambda p: float(
            np.exp(
                np.mean(
                    np.sum(
                        _xlogx(np.asarray(p, float).mean(axis=0))
                        - np.asarray(p, float).mean(axis=0) * np.log(np.asarray(p, float)),
                        axis=1,
                    )
                )
            )
        ),
        "p(y) is the mean over samples (axis 0, a column mean), not over classes": lambda p: float(
            np.exp(np.mean(_kl_rows(p, np.asarray(p, float).mean(axis=1, keepdims=True))))
        ),
        "you averaged the KL terms over classes; sum them over classes, then average over samples": lambda p: float(
            np.exp(np.mean(_kl_rows(p, np.asarray(p, float).mean(axis=0, keepdims=True)) / np.shape(p)[1]))
        ),
    },
)


def _xlogx(p: np.ndarray) -> np.ndarray:
    p = np.asarray(p, dtype=float)
    return np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)


def check_inception_score(fn: Any, seed: int | None = None) -> Feedback:
    """Check inception_score(probs): exp(mean_x KL(p(y|x) || p(y))) for an (N, K) probability matrix."""
    return INCEPTION_SCORE.check(fn, seed)


def _random_cov(rng: np.random.Generator, d: int, rank: int | None = None) -> np.ndarray:
    a = rng.standard_normal((d, rank or d))
    cov = a @ a.T / d
    return cov if rank else cov + float(10 ** rng.uniform(-3, 0)) * np.eye(d)


def _draw_gaussians(rng: np.random.Generator) -> Example:
    d = int(rng.integers(1, 7))
    scale = float(10 ** rng.uniform(-1, 1))
    rank = int(rng.integers(1, d)) if d > 1 and rng.random() < 0.2 else None
    mu1 = rng.standard_normal(d) * scale
    mu2 = mu1.copy() if rng.random() < 0.15 else rng.standard_normal(d) * scale
    cov1 = _random_cov(rng, d, rank) * scale**2
    cov2 = cov1.copy() if rng.random() < 0.15 else _random_cov(rng, d) * scale**2
    label = f"{d}-D Gaussians" + (f", the first covariance singular (rank {rank})" if rank else "")
    return Example((mu1, cov1, mu2, cov2), label)


def _frechet_scale(mu1: Any, cov1: Any, mu2: Any, cov2: Any) -> float:
    """The size of the terms that cancel: |mu1 - mu2|^2 + Tr(C1) + Tr(C2)."""
    diff = np.asarray(mu1, dtype=float) - np.asarray(mu2, dtype=float)
    return float(np.sum(diff**2) + np.trace(np.atleast_2d(cov1)) + np.trace(np.atleast_2d(cov2)))


def _frechet_roundoff(u: float, mu1: Any, cov1: Any, mu2: Any, cov2: Any) -> float:
    """Rounding of size u in a (nearly) singular covariance's zero eigenvalues becomes sqrt(u) in its square root.

    Clipping them at 0, taking |λ|, or building V diag(√λ) Vᵀ in another order all differ by about
    d x sqrt(u x λmax) in each trace: that much difference is rounding, not a mistake.
    """
    top = [float(np.max(np.abs(np.linalg.eigvalsh(np.atleast_2d(np.asarray(c, dtype=float)))))) for c in (cov1, cov2)]
    return 8.0 * len(np.atleast_1d(mu1)) * float(np.sqrt(u * (top[0] * top[1] + top[0] ** 2 + top[1] ** 2)))


_rng60 = np.random.default_rng(60)
_FULL = (_rng60.standard_normal(4), _random_cov(_rng60, 4), _rng60.standard_normal(4), _random_cov(_rng60, 4))
_SINGULAR = np.outer([1.0, 2.0, -1.0], [1.0, 2.0, -1.0]) / 3


def _sqrt_elementwise(mu1: Any, c1: Any, mu2: Any, c2: Any) -> float:
    diff = np.asarray(mu1) - np.asarray(mu2)
    return float(np.sum(diff**2) + np.trace(c1 + c2) - 2 * np.trace(np.sqrt(np.abs(np.asarray(c1) @ c2))))


def _no_factor_two(mu1: Any, c1: Any, mu2: Any, c2: Any) -> float:
    root = helpers.sqrtm_psd(c1)
    diff = np.asarray(mu1) - np.asarray(mu2)
    return float(np.sum(diff**2) + np.trace(c1 + c2) - np.trace(helpers.sqrtm_psd(root @ c2 @ root)))


def _product_of_roots(mu1: Any, c1: Any, mu2: Any, c2: Any) -> float:
    diff = np.asarray(mu1) - np.asarray(mu2)
    cross = np.trace(helpers.sqrtm_psd(c1) @ helpers.sqrtm_psd(c2))
    return float(np.sum(diff**2) + np.trace(c1 + c2) - 2 * cross)


FRECHET_DISTANCE = Exercise(
    name="frechet_distance",
    reference=solution.frechet_distance,
    examples=[
        Example((np.zeros(2), np.eye(2), np.zeros(2), np.eye(2)), "two identical 2-D standard normals (answer 0)"),
        Example(
            (np.array([1.0]), np.array([[4.0]]), np.array([3.0]), np.array([[1.0]])),
            "1-D: N(1, 2²) and N(3, 1²), where the answer is (1−3)² + (2−1)² = 5",
        ),
        Example(
            (np.array([0.0, 1.0]), np.diag([1.0, 9.0]), np.array([1.0, 1.0]), np.diag([4.0, 1.0])),
            "2-D Gaussians with diagonal covariances",
        ),
        Example(_FULL, "4-D Gaussians with full (non-diagonal) covariances"),
    ],
    edges=[
        Example((_FULL[0], _FULL[1], _FULL[2], _FULL[1]), "equal full covariances (the answer is |mu1 - mu2|²)"),
        Example(
            (np.zeros(3), _SINGULAR, np.ones(3), _random_cov(np.random.default_rng(61), 3)),
            "a singular covariance of rank 1 (tiny negative eigenvalues from rounding: clip them at 0)",
        ),
        Example(
            (np.array([1.0, -1.0]), np.zeros((2, 2)), np.array([0.0, 2.0]), np.zeros((2, 2))),
            "two points (zero covariances): the answer is |mu1 - mu2|²",
        ),
        Example(
            (
                np.array([0.5, 0.0]),
                np.array([[2.0, 1.9], [1.9, 2.0]]),
                np.zeros(2),
                np.array([[1.0, -0.8], [-0.8, 1.0]]),
            ),
            "strongly correlated covariances that do not commute",
        ),
        Example(tuple(a.astype(np.float32) for a in _FULL), "the 4-D Gaussians in float32"),
    ],
    draw=_draw_gaussians,
    rtol=1e-6,
    atol=1e-9,
    scale=_frechet_scale,
    scale_tol=1e-8,
    roundoff_atol=_frechet_roundoff,
    show_call=False,
    hint="FD = ||mu1 - mu2||² + Tr(C1) + Tr(C2) - 2 Tr((C1^½ C2 C1^½)^½), with matrix square roots "
    "(eigenvalues clipped at 0 before np.sqrt, since rounding makes zero ones slightly negative).",
    suspects={
        "the square root was taken element by element (np.sqrt of a matrix) instead of as a matrix "
        "square root; the two agree only for diagonal covariances": _sqrt_elementwise,
        "the factor 2 in front of the trace of the cross term is missing": _no_factor_two,
        "you used Tr(C1^½ C2^½), which equals the cross term only when the covariances commute; "
        "use Tr((C1^½ C2 C1^½)^½)": _product_of_roots,
        "the squared distance between the means is missing": lambda m1, c1, m2, c2: solution.frechet_distance(
            m1, c1, m1, c2
        ),
        "you used the distance between the means, not its square": lambda m1, c1, m2, c2: (
            solution.frechet_distance(m1, c1, m2, c2)
            - float(np.sum((np.asarray(m1) - m2) ** 2))
            + float(np.linalg.norm(np.asarray(m1) - m2))
        ),
    },
)


def check_frechet_distance(fn: Any, seed: int | None = None) -> Feedback:
    """Check frechet_distance(mu1, cov1, mu2, cov2) on Gaussians of dimension 1 to 6."""
    return FRECHET_DISTANCE.check(fn, seed)
