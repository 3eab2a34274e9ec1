"""Helpers for notebook 07 (GAN lab): densities, GAN metrics and the lab's figures.

Everything here is NumPy (no SciPy): the matrix square root that the Fréchet distance needs is
taken through an eigen-decomposition of a symmetric positive semi-definite matrix.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from utils.validation import finite_array, positive_int, positive_number, real_number, whole_number

# ----------------------------------------------------------------------------- densities


def gaussian_pdf(x: Any, mu: float, sigma: float) -> np.ndarray:
    """Return the normal density N(x; mu, sigma^2) at every x."""
    mu, sigma = real_number(mu, "mu"), positive_number(sigma, "sigma")
    x = finite_array(x, "x")
    return np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))


def normal_cdf(x: Any, mu: float = 0.0, sigma: float = 1.0) -> np.ndarray:
    """Return the normal cumulative distribution function at every x."""
    mu, sigma = real_number(mu, "mu"), positive_number(sigma, "sigma")
    z = (finite_array(x, "x") - mu) / (sigma * math.sqrt(2.0))
    return 0.5 * (1.0 + np.vectorize(math.erf, otypes=[float])(z))


def ks_statistic(samples: Any, mu: float, sigma: float) -> float:
    """Return the Kolmogorov-Smirnov statistic: the largest gap between the samples' CDF and N(mu, sigma^2)'s."""
    samples = np.sort(_samples_1d(samples))
    cdf = normal_cdf(samples, mu, sigma)
    n = len(samples)
    above = np.arange(1, n + 1) / n - cdf
    below = cdf - np.arange(0, n) / n
    return float(max(above.max(), below.max()))


def silverman_bandwidth(samples: Any) -> float:
    """Return Silverman's rule-of-thumb bandwidth 0.9 * min(std, IQR/1.34) * n^(-1/5)."""
    samples = _samples_1d(samples)
    q75, q25 = np.percentile(samples, [75, 25])
    spread = min(samples.std(ddof=1), (q75 - q25) / 1.34)
    if spread <= 0:
        spread = max(samples.std(ddof=1), 1e-3)
    return float(0.9 * spread * len(samples) ** (-0.2))


def kde(samples: Any, grid: Any, bandwidth: float | None = None) -> np.ndarray:
    """Estimate the density of 1-D samples on a grid with a Gaussian kernel."""
    samples = _samples_1d(samples)
    grid = finite_array(grid, "grid", allow_empty=True)
    if grid.ndim != 1 or grid.size == 0:
        raise ValueError(f"grid must be a non-empty 1-D array, got shape {grid.shape}.")
    h = silverman_bandwidth(samples) if bandwidth is None else positive_number(bandwidth, "bandwidth")
    if not h > 0:
        raise ValueError(f"bandwidth must be positive, got {bandwidth!r}.")
    density = np.zeros_like(grid)
    for chunk in np.array_split(samples, max(1, len(samples) // 2000)):
        density += gaussian_pdf((grid[:, None] - chunk[None, :]) / h, 0.0, 1.0).sum(axis=1)
    return density / (len(samples) * h)


def optimal_discriminator(p_data: Any, p_g: Any) -> np.ndarray:
    """Return D*(x) = p_data / (p_data + p_g), and 0.5 where both densities vanish."""
    p_data, p_g = finite_array(p_data, "p_data"), finite_array(p_g, "p_g")
    if p_data.shape != p_g.shape:
        raise ValueError(f"p_data and p_g must have the same shape, got {p_data.shape} and {p_g.shape}.")
    if (p_data < 0).any() or (p_g < 0).any():
        raise ValueError("densities cannot be negative.")
    total = p_data + p_g
    return np.divide(p_data, total, out=np.full_like(total, 0.5), where=total > 0)


def _samples_1d(samples: Any, name: str = "samples") -> np.ndarray:
    samples = finite_array(samples, name, allow_empty=True).reshape(-1)
    if samples.size < 2:
        raise ValueError(f"{name} must hold at least 2 samples, got {samples.size}.")
    return samples


# ----------------------------------------------------------------------------- metrics


def _probabilities(probs: Any) -> np.ndarray:
    probs = finite_array(probs, "probs", allow_empty=True)
    if probs.ndim != 2 or probs.shape[0] == 0 or probs.shape[1] < 2:
        raise ValueError(f"probs must be a (samples, classes) matrix with at least 2 classes, got shape {probs.shape}.")
    if (probs < 0).any() or not np.allclose(probs.sum(axis=1), 1.0, atol=1e-3):
        raise ValueError("every row of probs must be a probability vector (non-negative, summing to 1).")
    return probs


def inception_score(probs: Any, splits: int = 1) -> tuple[float, float]:
    """Return (mean, std) over `splits` of exp(E_x KL(p(y|x) || p(y))) for a (N, K) probability matrix."""
    probs = _probabilities(probs)
    splits = whole_number(splits, "splits (1 to the number of samples)", minimum=1, maximum=len(probs))
    scores = []
    for part in np.array_split(probs, splits):
        marginal = part.mean(axis=0, keepdims=True)
        # 0 * log 0 counts as 0: only terms with p(y|x) > 0 contribute.
        ratio = np.divide(part, marginal, out=np.ones_like(part), where=part > 0)
        kl = np.sum(np.where(part > 0, part * np.log(ratio), 0.0), axis=1)
        scores.append(np.exp(kl.mean()))
    return float(np.mean(scores)), float(np.std(scores))


def sqrtm_psd(matrix: Any) -> np.ndarray:
    """Return the symmetric square root of a symmetric positive semi-definite matrix."""
    return _sqrtm_psd(matrix, "matrix")


def _sqrtm_psd(matrix: Any, name: str) -> np.ndarray:
    matrix = finite_array(matrix, name)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"{name} must be a square matrix, got shape {matrix.shape}.")
    if not np.allclose(matrix, matrix.T, rtol=1e-6, atol=1e-9 * max(1.0, np.abs(matrix).max())):
        raise ValueError(f"{name} must be a symmetric matrix (a covariance).")
    values, vectors = np.linalg.eigh((matrix + matrix.T) / 2)
    if values.min() < -1e-8 * max(1.0, np.abs(values).max()):
        raise ValueError(
            f"{name} must be positive semi-definite (a covariance), but it has the eigenvalue {values.min():.3g}."
        )
    # Round-off can make tiny eigenvalues slightly negative; clip them to zero.
    return (vectors * np.sqrt(np.clip(values, 0.0, None))) @ vectors.T


def gaussian_stats(features: Any, name: str = "features") -> tuple[np.ndarray, np.ndarray]:
    """Return the mean vector and covariance matrix of (N, D) features."""
    features = finite_array(features, name)
    if features.ndim != 2 or features.shape[0] < 2:
        raise ValueError(f"{name} must be an (N, D) matrix with N >= 2, got shape {features.shape}.")
    return features.mean(axis=0), np.cov(features, rowvar=False).reshape(features.shape[1], -1)


def frechet_distance(mu1: Any, cov1: Any, mu2: Any, cov2: Any) -> float:
    """Return ||mu1 - mu2||^2 + Tr(C1 + C2 - 2 (C1^1/2 C2 C1^1/2)^1/2), the Fréchet distance of two Gaussians."""
    mu1, mu2 = np.atleast_1d(finite_array(mu1, "mu1")), np.atleast_1d(finite_array(mu2, "mu2"))
    cov1, cov2 = np.atleast_2d(finite_array(cov1, "cov1")), np.atleast_2d(finite_array(cov2, "cov2"))
    d = mu1.shape[0]
    if mu1.shape != (d,) or mu2.shape != (d,) or cov1.shape != (d, d) or cov2.shape != (d, d):
        raise ValueError(
            f"mu1, mu2 must be means of shape (D,) and cov1, cov2 covariances of shape (D, D); got "
            f"mu1 {mu1.shape}, cov1 {cov1.shape}, mu2 {mu2.shape}, cov2 {cov2.shape}."
        )
    root1 = _sqrtm_psd(cov1, "cov1")
    _sqrtm_psd(cov2, "cov2")
    middle = _sqrtm_psd(root1 @ cov2 @ root1, "cov1^1/2 cov2 cov1^1/2")
    value = np.sum((mu1 - mu2) ** 2) + np.trace(cov1) + np.trace(cov2) - 2 * np.trace(middle)
    return float(max(value, 0.0))


def frechet_distance_features(features1: Any, features2: Any) -> float:
    """Return the Fréchet distance between Gaussians fitted to two (N, D) feature matrices."""
    stats1, stats2 = gaussian_stats(features1, "features1"), gaussian_stats(features2, "features2")
    if stats1[0].shape != stats2[0].shape:
        raise ValueError(
            f"features1 and features2 must have the same number of features (columns), got "
            f"{stats1[0].size} and {stats2[0].size}."
        )
    return frechet_distance(*stats1, *stats2)


# ----------------------------------------------------------------------------- images


def tile_images(images: Any, ncols: int = 8, pad: int = 1, fill: float = 0.0) -> np.ndarray:
    """Tile (N, H, W) or (N, H, W, 1) images into one 2-D mosaic with `pad` pixels between them."""
    images = finite_array(images, "images")
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(f"images must have shape (N, H, W) or (N, H, W, 1), got {np.shape(images)}.")
    fill = real_number(fill, "fill")
    ncols = positive_int(ncols, "ncols")
    pad = whole_number(pad, "pad", minimum=0, maximum=100)
    n, h, w = images.shape
    ncols = min(int(ncols), n)
    nrows = -(-n // ncols)
    mosaic = np.full((nrows * (h + pad) + pad, ncols * (w + pad) + pad), fill, dtype=float)
    for i, img in enumerate(images):
        r, c = divmod(i, ncols)
        top, left = pad + r * (h + pad), pad + c * (w + pad)
        mosaic[top : top + h, left : left + w] = img
    return mosaic


# ----------------------------------------------------------------------------- figures
