"""Reference solutions for notebook 07 (GAN lab). Look only after you have tried."""

from __future__ import annotations

import numpy as np


def _softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|)."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def discriminator_loss(real_logits, fake_logits) -> float:
    """Mean of -log D(x) over real logits plus mean of -log(1 - D(G(z))) over fake logits."""
    real = np.asarray(real_logits, dtype=float)
    fake = np.asarray(fake_logits, dtype=float)
    # With D = sigmoid(a): -log sigmoid(a) = softplus(-a) and -log(1 - sigmoid(a)) = softplus(a).
    return float(np.mean(_softplus(-real)) + np.mean(_softplus(fake)))


def generator_loss(fake_logits) -> float:
    """The non-saturating generator loss: mean of -log D(G(z)) over fake logits."""
    fake = np.asarray(fake_logits, dtype=float)
    return float(np.mean(_softplus(-fake)))


def inception_score(probs) -> float:
    """Return exp of the mean KL divergence between each row p(y|x) and the marginal p(y)."""
    probs = np.asarray(probs, dtype=float)
    marginal = probs.mean(axis=0)
    safe = np.where(probs > 0, probs, 1.0)  # 0 * log 0 = 0
    kl = np.sum(probs * (np.log(safe) - np.log(np.where(marginal > 0, marginal, 1.0))), axis=1)
    return float(np.exp(kl.mean()))


def _sqrt_psd(matrix: np.ndarray) -> np.ndarray:
    """Square root of a symmetric positive semi-definite matrix via its eigen-decomposition."""
    values, vectors = np.linalg.eigh(matrix)
    return vectors @ np.diag(np.sqrt(np.clip(values, 0.0, None))) @ vectors.T


def frechet_distance(mu1, cov1, mu2, cov2) -> float:
    """||mu1 - mu2||^2 + Tr(C1 + C2 - 2 (C1^1/2 C2 C1^1/2)^1/2)."""
    mu1, mu2 = np.atleast_1d(np.asarray(mu1, dtype=float)), np.atleast_1d(np.asarray(mu2, dtype=float))
    cov1, cov2 = np.atleast_2d(np.asarray(cov1, dtype=float)), np.atleast_2d(np.asarray(cov2, dtype=float))
    root1 = _sqrt_psd(cov1)
    cross = _sqrt_psd(root1 @ cov2 @ root1)
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(cov1) + np.trace(cov2) - 2 * np.trace(cross))
