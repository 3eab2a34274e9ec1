"""Helpers for notebook 07 (GAN lab): densities, GAN metrics and the lab's figures.

Everything here is NumPy (no SciPy): the matrix square root that the Fréchet distance needs is
taken through an eigen-decomposition of a symmetric positive semi-definite matrix.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from utils.plots import PALETTE, new_figure, save_figure
from utils.validation import finite_array, positive_number, real_number, whole_number

# ----------------------------------------------------------------------------- densities


def gaussian_pdf(x: Any, mu: float, sigma: float) -> np.ndarray:
    """Return the normal density N(x; mu, sigma^2) at every x."""
    for name, value in (("mu", mu), ("sigma", sigma)):
        if not isinstance(value, (int, float, np.integer, np.floating)) or isinstance(value, bool):
            raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r:.40}.")
    if not np.isfinite(mu) or not np.isfinite(sigma) or sigma <= 0:
        raise ValueError(f"need a finite mean and a positive standard deviation, got mu={mu!r}, sigma={sigma!r}.")
    x = finite_array(x, "x")
    return np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))


def normal_cdf(x: Any, mu: float = 0.0, sigma: float = 1.0) -> np.ndarray:
    """Return the normal cumulative distribution function at every x."""
    gaussian_pdf(0.0, mu, sigma)  # validates mu and sigma
    z = (np.asarray(x, dtype=float) - mu) / (sigma * math.sqrt(2.0))
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
    grid = finite_array(grid, "grid")
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


def _samples_1d(samples: Any) -> np.ndarray:
    samples = np.asarray(samples, dtype=float).reshape(-1)
    if samples.size < 2:
        raise ValueError(f"need at least 2 samples, got {samples.size}.")
    if not np.isfinite(samples).all():
        raise ValueError("samples contain NaN or infinity.")
    return samples


# ----------------------------------------------------------------------------- metrics


def _probabilities(probs: Any) -> np.ndarray:
    probs = finite_array(probs, "probs")
    if probs.ndim != 2 or probs.shape[0] == 0 or probs.shape[1] < 2:
        raise ValueError(f"probs must be a (samples, classes) matrix with at least 2 classes, got shape {probs.shape}.")
    if (probs < 0).any() or not np.allclose(probs.sum(axis=1), 1.0, atol=1e-3):
        raise ValueError("every row of probs must be a probability vector (non-negative, summing to 1).")
    return probs


def inception_score(probs: Any, splits: int = 1) -> tuple[float, float]:
    """Return (mean, std) over `splits` of exp(E_x KL(p(y|x) || p(y))) for a (N, K) probability matrix."""
    probs = _probabilities(probs)
    if not isinstance(splits, (int, np.integer)) or not 1 <= splits <= len(probs):
        raise ValueError(f"splits must be an integer from 1 to the number of samples, got {splits!r}.")
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
    matrix = finite_array(matrix, "matrix")
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"expected a square matrix, got shape {matrix.shape}.")
    if not np.allclose(matrix, matrix.T, rtol=1e-6, atol=1e-9 * max(1.0, np.abs(matrix).max())):
        raise ValueError("expected a symmetric matrix (a covariance).")
    values, vectors = np.linalg.eigh((matrix + matrix.T) / 2)
    if values.min() < -1e-8 * max(1.0, np.abs(values).max()):
        raise ValueError(
            f"expected a positive semi-definite matrix (a covariance), but it has the eigenvalue {values.min():.3g}."
        )
    # Round-off can make tiny eigenvalues slightly negative; clip them to zero.
    return (vectors * np.sqrt(np.clip(values, 0.0, None))) @ vectors.T


def gaussian_stats(features: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return the mean vector and covariance matrix of (N, D) features."""
    features = finite_array(features, "features")
    if features.ndim != 2 or features.shape[0] < 2:
        raise ValueError(f"features must be an (N, D) matrix with N >= 2, got shape {features.shape}.")
    return features.mean(axis=0), np.cov(features, rowvar=False).reshape(features.shape[1], -1)


def frechet_distance(mu1: Any, cov1: Any, mu2: Any, cov2: Any) -> float:
    """Return ||mu1 - mu2||^2 + Tr(C1 + C2 - 2 (C1^1/2 C2 C1^1/2)^1/2), the Fréchet distance of two Gaussians."""
    mu1, mu2 = np.atleast_1d(finite_array(mu1, "mu1")), np.atleast_1d(finite_array(mu2, "mu2"))
    cov1, cov2 = np.atleast_2d(finite_array(cov1, "cov1")), np.atleast_2d(finite_array(cov2, "cov2"))
    d = mu1.shape[0]
    if mu1.shape != (d,) or mu2.shape != (d,) or cov1.shape != (d, d) or cov2.shape != (d, d):
        raise ValueError(
            f"need two means of shape (D,) and two covariances of shape (D, D); got "
            f"{mu1.shape}, {cov1.shape}, {mu2.shape}, {cov2.shape}."
        )
    root1 = sqrtm_psd(cov1)
    middle = sqrtm_psd(root1 @ cov2 @ root1)
    value = np.sum((mu1 - mu2) ** 2) + np.trace(cov1) + np.trace(cov2) - 2 * np.trace(middle)
    return float(max(value, 0.0))


def frechet_distance_features(features1: Any, features2: Any) -> float:
    """Return the Fréchet distance between Gaussians fitted to two (N, D) feature matrices."""
    return frechet_distance(*gaussian_stats(features1), *gaussian_stats(features2))


# ----------------------------------------------------------------------------- images


def tile_images(images: Any, ncols: int = 8, pad: int = 1, fill: float = 0.0) -> np.ndarray:
    """Tile (N, H, W) or (N, H, W, 1) images into one 2-D mosaic with `pad` pixels between them."""
    images = finite_array(images, "images")
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(f"images must have shape (N, H, W) or (N, H, W, 1), got {np.shape(images)}.")
    fill = real_number(fill, "fill")
    if not isinstance(ncols, (int, np.integer)) or ncols < 1 or pad < 0:
        raise ValueError(f"ncols must be a positive integer and pad >= 0, got ncols={ncols!r}, pad={pad!r}.")
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


def plot_generator_losses(num: int = 400, save: str | None = None) -> Figure:
    """Draw both generator losses and their gradients w.r.t. the logit against D(G(z))."""
    num = whole_number(num, "num", minimum=2)
    d = np.linspace(1e-3, 1 - 1e-3, num)
    fig, (left, right) = new_figure(ncols=2, width=10, height=3.6)
    left.plot(d, np.log(1 - d), color=PALETTE[3], label="saturating: minimise log(1 − D(G(z)))")
    left.plot(d, -np.log(d), color=PALETTE[0], label="non-saturating: minimise −log D(G(z))")
    left.set(
        xlabel="D(G(z)): the discriminator's belief that a fake is real",
        ylabel="generator loss",
        title="Two generator losses",
    )
    right.plot(d, d, color=PALETTE[3], label="saturating: |∂loss/∂logit| = D(G(z))")
    right.plot(d, 1 - d, color=PALETTE[0], label="non-saturating: |∂loss/∂logit| = 1 − D(G(z))")
    right.axvspan(0, 0.1, color="0.85", zorder=0)
    right.text(0.05, 0.5, "early\ntraining", ha="center", fontsize=8)
    right.set(
        xlabel="D(G(z))",
        ylabel="gradient size w.r.t. the logit",
        ylim=(0, 1.05),
        title="How hard each loss pushes the generator",
    )
    for ax in (left, right):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    return save_figure(fig, save)


def plot_gan1d_snapshots(
    snapshots: Sequence[Mapping[str, Any]], mu: float, sigma: float, grid: Any, bins: int = 60, save: str | None = None
) -> Figure:
    """Draw, per snapshot, the real density, the generated histogram, D(x) and D*(x).

    Each snapshot is a dict with keys step, samples (generated values) and d_grid (D(x) on grid).
    """
    if not snapshots:
        raise ValueError("snapshots is empty: record at least one {step, samples, d_grid} dict.")
    grid = np.asarray(grid, dtype=float)
    p_data = gaussian_pdf(grid, mu, sigma)
    fig, axes = new_figure(ncols=len(snapshots), width=3.3 * len(snapshots) + 0.6, height=3.4, sharey=True)
    axes = np.atleast_1d(axes)
    for i, (ax, snap) in enumerate(zip(axes, snapshots)):
        missing = {"step", "samples", "d_grid"} - set(snap)
        if missing:
            raise ValueError(f"snapshot {i} lacks {sorted(missing)}.")
        samples = np.asarray(snap["samples"], dtype=float).reshape(-1)
        d_grid = np.asarray(snap["d_grid"], dtype=float).reshape(-1)
        if d_grid.shape != grid.shape:
            raise ValueError(f"snapshot {i}: d_grid has shape {d_grid.shape}, expected {grid.shape}.")
        inside = samples[(samples >= grid[0]) & (samples <= grid[-1])]
        ax.hist(
            inside,
            bins=bins,
            range=(grid[0], grid[-1]),
            density=True,
            color=PALETTE[1],
            alpha=0.45,
            label="generated (histogram)",
        )
        ax.plot(grid, p_data, color=PALETTE[0], lw=2, label="real density p_data")
        ax.plot(grid, d_grid, color=PALETTE[2], lw=2, label="discriminator D(x)")
        d_star = optimal_discriminator(p_data, kde(samples, grid))
        ax.plot(grid, d_star, color="k", ls="--", lw=1.2, label="optimal D*(x)")
        ax.axhline(0.5, color="0.6", lw=0.8, ls=":")
        ax.set(title=f"step {snap['step']}", xlabel="x", ylim=(0, 1.05), xlim=(grid[0], grid[-1]))
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("density / probability")
    axes[-1].legend(fontsize=7, loc="upper right")
    return save_figure(fig, save)


def plot_grid_snapshots(
    grids: Sequence[Any], labels: Sequence[str], ncols: int = 8, title: str = "", save: str | None = None
) -> Figure:
    """Show several sample grids (each (N, H, W[, 1]) images in [0, 1]) side by side as mosaics."""
    if not grids or len(grids) != len(labels):
        raise ValueError(
            f"need as many labels as grids (and at least one), got {len(grids)} grids and {len(labels)} labels."
        )
    mosaics = [tile_images(images, ncols=ncols) for images in grids]
    aspect = mosaics[0].shape[0] / mosaics[0].shape[1]
    fig, axes = new_figure(ncols=len(grids), width=3.2 * len(grids), height=3.2 * aspect + 0.9)
    axes = np.atleast_1d(axes)
    for ax, mosaic, label in zip(axes, mosaics, labels):
        ax.imshow(mosaic, cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(label)
        ax.axis("off")
    if title:
        fig.suptitle(title)
    return save_figure(fig, save)


def plot_class_histogram(
    shares: Mapping[str, Any],
    low: float | None = None,
    high: float | None = None,
    title: str = "Which digits does the generator make?",
    save: str | None = None,
) -> Figure:
    """Draw grouped bars of class shares ({name: (K,) shares}) with optional acceptance band."""
    if not shares:
        raise ValueError("shares is empty: give {name: per-class shares}.")
    arrays = {name: np.asarray(v, dtype=float).reshape(-1) for name, v in shares.items()}
    k = {a.size for a in arrays.values()}
    if len(k) != 1:
        raise ValueError(f"every share vector needs the same number of classes, got sizes {sorted(k)}.")
    k = k.pop()
    fig, ax = new_figure(width=8.2, height=3.4)
    width = 0.8 / len(arrays)
    for i, (name, values) in enumerate(arrays.items()):
        ax.bar(
            np.arange(k) + (i - (len(arrays) - 1) / 2) * width,
            values,
            width=width,
            color=PALETTE[i % len(PALETTE)],
            label=name,
        )
    if low is not None and high is not None:
        ax.axhspan(low, high, color="0.9", zorder=0, label=f"{low:.0%}–{high:.0%} band")
    ax.set(xticks=range(k), xlabel="predicted digit", ylabel="share of samples", title=title)
    ax.grid(alpha=0.3, axis="y")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return save_figure(fig, save)
