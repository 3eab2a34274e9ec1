"""Checkers for notebook 07 (GAN lab)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from utils.checking import Case, Feedback, check_function, compare, run_learner
from utils.lessons.gan_lab import helpers
from utils.lessons.gan_lab import solutions as solution


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _diagnose(fn: Any, args: tuple, suspects: dict[str, Callable[..., float]]) -> str | None:
    """Return the name of the known mistake that fn's answer on args matches, if any."""
    outcome = run_learner(fn, *args)
    if outcome.error is not None:
        return None
    for explanation, wrong in suspects.items():
        with np.errstate(all="ignore"):
            value = float(wrong(*args))
        if np.isfinite(value) and compare(outcome.value, value, rtol=1e-6, atol=1e-9) is None:
            return explanation
    return None


def _with_diagnosis(feedback: Feedback, fn: Any, args: tuple, suspects: dict[str, Callable[..., float]]) -> Feedback:
    if feedback.status != "failed":
        return feedback
    explanation = _diagnose(fn, args, suspects)
    if explanation:
        return Feedback(feedback.exercise, "failed", f"{feedback.message} It looks like {explanation}.")
    return feedback


_R = np.array([2.0, 0.5, -1.0, 3.0])
_F = np.array([-2.0, 0.3, -0.5])


def check_discriminator_loss(fn: Any) -> Feedback:
    """Check discriminator_loss(real_logits, fake_logits): mean -log D(x) + mean -log(1 - D(G(z)))."""
    inputs = [
        (np.array([0.0]), np.array([0.0]), "one real and one fake logit, both 0"),
        (_R, _F, f"real logits {_R.tolist()} and fake logits {_F.tolist()}"),
        (np.array([60.0, -60.0]), np.array([-60.0, 60.0]), "very large logits ±60 (numerical stability)"),
        (
            np.array([-120.0, 4.0], dtype=np.float32),
            np.array([120.0, -3.0], dtype=np.float32),
            "float32 logits ±120, where a sigmoid rounds to exactly 0 or 1 (numerical stability)",
        ),
    ]
    cases = [Case((r, f), solution.discriminator_loss(r, f), label=label) for r, f, label in inputs]
    feedback = check_function(
        fn,
        cases,
        "discriminator_loss",
        rtol=1e-6,
        atol=1e-9,
        hint="use -log sigmoid(a) = softplus(-a) and -log(1 - sigmoid(a)) = softplus(a), "
        "and average over each batch separately.",
    )
    suspects = {
        "the labels are swapped (real data should get D(x) close to 1, fakes close to 0)": lambda r, f: (
            np.mean(-np.log(_sigmoid(f))) + np.mean(-np.log(1 - _sigmoid(r)))
        ),
        "you averaged over the real and fake logits pooled together; take the mean of each batch "
        "and add the two means": lambda r, f: np.mean(np.concatenate([-np.log(_sigmoid(r)), -np.log(1 - _sigmoid(f))])),
        "you summed over the batch instead of averaging": lambda r, f: (
            np.sum(-np.log(_sigmoid(r))) + np.sum(-np.log(1 - _sigmoid(f)))
        ),
        "the loss has the wrong sign (the discriminator *minimises* the negative log-likelihood)": lambda r, f: (
            np.mean(np.log(_sigmoid(r))) + np.mean(np.log(1 - _sigmoid(f)))
        ),
    }
    return _with_diagnosis(feedback, fn, (_R, _F), suspects)


def check_generator_loss(fn: Any) -> Feedback:
    """Check generator_loss(fake_logits): the non-saturating loss, mean of -log D(G(z))."""
    inputs = [
        (np.array([0.0]), "one fake logit 0"),
        (_F, f"fake logits {_F.tolist()}"),
        (np.array([-60.0, 0.0, 60.0]), "large logits ±60"),
        (np.array([-800.0, 3.0, 800.0]), "huge logits ±800, where exp overflows (numerical stability)"),
        (
            np.array([-120.0, -20.0, 5.0], dtype=np.float32),
            "float32 logits [-120, -20, 5], where sigmoid(-120) rounds to 0 in float32",
        ),
    ]
    cases = [Case((f,), solution.generator_loss(f), label=label) for f, label in inputs]
    feedback = check_function(
        fn,
        cases,
        "generator_loss",
        rtol=1e-6,
        atol=1e-9,
        hint="the non-saturating loss is the mean of -log sigmoid(a) = softplus(-a).",
    )
    suspects = {
        "you wrote the saturating loss log(1 - D(G(z))); the exercise asks for the non-saturating "
        "-log D(G(z)), which keeps its gradient when the discriminator wins": lambda f: np.mean(
            np.log(1 - _sigmoid(f))
        ),
        "you wrote -log(1 - D(G(z))), which is the discriminator's term for fakes, not the generator's": lambda f: (
            np.mean(-np.log(1 - _sigmoid(f)))
        ),
        "you summed over the batch instead of averaging": lambda f: np.sum(-np.log(_sigmoid(f))),
    }
    return _with_diagnosis(feedback, fn, (_F,), suspects)


def _probability_cases() -> list[tuple[np.ndarray, str]]:
    rng = np.random.default_rng(6)
    return [
        (np.eye(10), "10 samples, each one-hot on a different class"),
        (np.tile(np.eye(4)[[2]], (5, 1)), "5 samples all one-hot on class 2 (total mode collapse)"),
        (np.full((6, 10), 0.1), "6 samples with uniform probabilities (the classifier cannot decide)"),
        (rng.dirichlet(np.full(10, 0.3), size=50), "50 random probability vectors over 10 classes"),
        (
            np.array([[0.5, 0.5, 0.0], [0.0, 0.2, 0.8], [1.0, 0.0, 0.0]]),
            "3 samples with some exact zeros (0·log 0 counts as 0)",
        ),
    ]


def check_inception_score(fn: Any) -> Feedback:
    """Check inception_score(probs): exp(mean_x KL(p(y|x) || p(y))) for an (N, K) probability matrix."""
    cases = [Case((p,), solution.inception_score(p), label=label) for p, label in _probability_cases()]
    feedback = check_function(
        fn,
        cases,
        "inception_score",
        rtol=1e-6,
        atol=1e-9,
        hint="p(y) is the column mean of probs; sum p·(log p − log p(y)) over classes, "
        "average over samples, then take exp.",
    )
    if feedback.status == "failed" and "got nan" in feedback.message:
        return Feedback(
            "inception_score",
            "failed",
            f"{feedback.message} A NaN usually comes from 0·log 0: those terms count as 0, so "
            "skip them (for example with np.where(p > 0, ...)).",
        )
    probe = _probability_cases()[3][0]
    marginal = probe.mean(axis=0)
    suspects = {
        "you returned the mean KL divergence without taking its exponential": lambda p: np.log(
            solution.inception_score(p)
        ),
        "you returned exp(entropy of p(y)), which ignores how confident each prediction is": lambda p: np.exp(
            -np.sum(marginal * np.log(marginal))
        ),
        "the KL divergence is reversed: it is KL(p(y|x) || p(y)), not KL(p(y) || p(y|x))": lambda p: np.exp(
            np.mean(np.sum(marginal * (np.log(marginal) - np.log(p)), axis=1))
        ),
    }
    return _with_diagnosis(feedback, fn, (probe,), suspects)


def _random_cov(rng: np.random.Generator, d: int) -> np.ndarray:
    a = rng.standard_normal((d, d))
    return a @ a.T / d + 0.1 * np.eye(d)


def check_frechet_distance(fn: Any) -> Feedback:
    """Check frechet_distance(mu1, cov1, mu2, cov2) for Gaussians of dimension 1, 2 and 4."""
    rng = np.random.default_rng(60)
    full = (rng.standard_normal(4), _random_cov(rng, 4), rng.standard_normal(4), _random_cov(rng, 4))
    inputs = [
        ((np.zeros(2), np.eye(2), np.zeros(2), np.eye(2)), "two identical 2-D standard normals (answer 0)"),
        (
            (np.array([1.0]), np.array([[4.0]]), np.array([3.0]), np.array([[1.0]])),
            "1-D: N(1, 2²) and N(3, 1²), where the answer is (1−3)² + (2−1)² = 5",
        ),
        (
            (np.array([0.0, 1.0]), np.diag([1.0, 9.0]), np.array([1.0, 1.0]), np.diag([4.0, 1.0])),
            "2-D Gaussians with diagonal covariances",
        ),
        (full, "4-D Gaussians with full (non-diagonal) covariances"),
    ]
    cases = [Case(args, solution.frechet_distance(*args), label=label) for args, label in inputs]
    feedback = check_function(
        fn,
        cases,
        "frechet_distance",
        rtol=1e-5,
        atol=1e-7,
        hint="FD = ||mu1 - mu2||² + Tr(C1) + Tr(C2) - 2 Tr((C1^½ C2 C1^½)^½), with matrix square roots.",
    )
    mu1, c1, mu2, c2 = full
    suspects = {
        "the square root was taken element by element (np.sqrt of a matrix) instead of as a matrix "
        "square root; the two agree only for diagonal covariances": lambda *a: (
            np.sum((mu1 - mu2) ** 2) + np.trace(c1 + c2) - 2 * np.trace(np.sqrt(np.abs(c1 @ c2)))
        ),
        "the factor 2 in front of the trace of the cross term is missing": lambda *a: (
            np.sum((mu1 - mu2) ** 2)
            + np.trace(c1 + c2)
            - np.trace(helpers.sqrtm_psd(helpers.sqrtm_psd(c1) @ c2 @ helpers.sqrtm_psd(c1)))
        ),
        "the squared distance between the means is missing": lambda *a: solution.frechet_distance(mu1, c1, mu1, c2),
    }
    return _with_diagnosis(feedback, fn, full, suspects)
