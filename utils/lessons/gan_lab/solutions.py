"""Reference solutions for notebook 07 (GAN lab). Look only after you have tried."""

from __future__ import annotations

import numpy as np

from utils.lessons.gan_lab import helpers


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
    """Return exp of the mean KL divergence between each row p(y|x) and the marginal p(y) (the course helper)."""
    return helpers.inception_score(probs)[0]


def frechet_distance(mu1, cov1, mu2, cov2) -> float:
    """||mu1 - mu2||^2 + Tr(C1 + C2 - 2 (C1^1/2 C2 C1^1/2)^1/2) (the course helper)."""
    return helpers.frechet_distance(mu1, cov1, mu2, cov2)
