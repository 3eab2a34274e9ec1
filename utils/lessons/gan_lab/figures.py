"""Figures for notebook 07 (GAN lab): generator losses, 1-D GAN snapshots, sample grids, class histograms."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from utils.lessons.gan_lab.helpers import gaussian_pdf, kde, optimal_discriminator, tile_images
from utils.plots import PALETTE, new_figure, save_figure
from utils.validation import (
    file_stem,
    finite_array,
    mapping,
    positive_int,
    probability,
    sequence,
    text,
    whole_number,
)


def plot_generator_losses(num: int = 400, save: str | None = None) -> Figure:
    """Draw both generator losses and their gradients w.r.t. the logit against D(G(z))."""
    num = whole_number(num, "num", minimum=2, maximum=100_000)
    save = file_stem(save)
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
    if isinstance(snapshots, (list, tuple)) and not snapshots:
        raise ValueError("snapshots is empty: record at least one {step, samples, d_grid} dict.")
    snapshots = sequence(snapshots, "snapshots")
    if len(snapshots) > 12:
        raise ValueError(f"snapshots: at most 12 panels fit in one figure, got {len(snapshots)}.")
    grid = finite_array(grid, "grid", ndim=1)
    if grid.size < 2 or np.any(np.diff(grid) <= 0):
        raise ValueError("grid must be at least 2 increasing x values.")
    p_data = gaussian_pdf(grid, mu, sigma)
    bins = positive_int(bins, "bins", maximum=1000)
    save = file_stem(save)
    checked = []
    for i, snap in enumerate(snapshots):
        if not isinstance(snap, Mapping):
            raise TypeError(f"snapshots[{i}] must be a dict with keys step, samples and d_grid, got {snap!r:.40}.")
        missing = {"step", "samples", "d_grid"} - set(snap)
        if missing:
            raise ValueError(f"snapshots[{i}] lacks {sorted(missing)}.")
        samples = finite_array(snap["samples"], f"snapshots[{i}]['samples']").reshape(-1)
        if samples.size < 2:
            raise ValueError(f"snapshots[{i}]['samples'] must hold at least 2 generated values.")
        d_grid = finite_array(snap["d_grid"], f"snapshots[{i}]['d_grid']").reshape(-1)
        if d_grid.shape != grid.shape:
            raise ValueError(f"snapshots[{i}]: d_grid has shape {d_grid.shape}, expected {grid.shape}.")
        if d_grid.min() < 0 or d_grid.max() > 1:
            raise ValueError(f"snapshots[{i}]['d_grid'] must hold probabilities D(x) in [0, 1].")
        checked.append((snap["step"], samples, d_grid))
    fig, axes = new_figure(ncols=len(snapshots), width=3.3 * len(snapshots) + 0.6, height=3.4, sharey=True)
    axes = np.atleast_1d(axes)
    for ax, (step, samples, d_grid) in zip(axes, checked):
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
        ax.set(title=f"step {step}", xlabel="x", ylim=(0, 1.05), xlim=(grid[0], grid[-1]))
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("density / probability")
    axes[-1].legend(fontsize=7, loc="upper right")
    return save_figure(fig, save)


def plot_grid_snapshots(
    grids: Sequence[Any], labels: Sequence[str], ncols: int = 8, title: str = "", save: str | None = None
) -> Figure:
    """Show several sample grids (each (N, H, W[, 1]) images in [0, 1]) side by side as mosaics."""
    grids, labels = sequence(grids, "grids", allow_empty=True), sequence(labels, "labels", allow_empty=True)
    if not grids or len(grids) != len(labels) or len(grids) > 12:
        raise ValueError(f"need as many labels as grids (1 to 12), got {len(grids)} grids and {len(labels)} labels.")
    for i, label in enumerate(labels):
        text(label, f"labels[{i}]", allow_empty=True)
    ncols = positive_int(ncols, "ncols")
    title, save = text(title, "title", allow_empty=True), file_stem(save)
    mosaics = []
    for i, images in enumerate(grids):
        try:
            mosaics.append(tile_images(images, ncols=ncols))
        except (TypeError, ValueError) as err:
            raise type(err)(f"grids[{i}]: {err}") from None
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
    if isinstance(shares, Mapping) and not shares:
        raise ValueError("shares is empty: give {name: per-class shares}.")
    mapping(shares, "shares")
    arrays = {}
    for name, values in shares.items():
        text(name, "a name in shares")
        arrays[name] = finite_array(values, f"shares[{name!r}]", ndim=1)
        if arrays[name].min() < 0 or arrays[name].max() > 1:
            raise ValueError(f"shares[{name!r}] must hold fractions in [0, 1] (0.1 means 10%).")
    if (low is None) != (high is None):
        raise ValueError("low and high draw the acceptance band together: give both or neither.")
    if low is not None:
        low, high = probability(low, "low"), probability(high, "high")
        if low > high:
            raise ValueError(f"low ({low:g}) must not exceed high ({high:g}).")
    title, save = text(title, "title", allow_empty=True), file_stem(save)
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
