"""Notebook 09 figures: attention, softmax saturation, perplexities, the labels curve, the frontier, token times."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from utils.lessons.neural_networks_from_scratch.helpers import softmax
from utils.plots import PALETTE, new_figure, save_figure
from utils.validation import finite_array, positive_int, positive_number, text


def plot_attention(weights, tokens: Sequence[str], title: str = "Attention weights", save: str | None = None) -> Figure:
    """Show a (T, T) attention matrix: row = query position, column = key position."""
    weights = finite_array(weights, "weights", ndim=2)
    if isinstance(tokens, str) or not isinstance(tokens, Sequence):
        raise TypeError(f"tokens must be a list of token strings, got {type(tokens).__name__}.")
    if weights.ndim != 2 or weights.shape[0] != weights.shape[1] or weights.shape[0] != len(tokens):
        raise ValueError(f"weights must be (T, T) with T = len(tokens) = {len(tokens)}, got {weights.shape}.")
    fig, ax = new_figure(width=4.2, height=3.8)
    image = ax.imshow(weights, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(tokens)), [repr(t)[1:-1] for t in tokens])
    ax.set_yticks(range(len(tokens)), [repr(t)[1:-1] for t in tokens])
    ax.set(xlabel="key (attended to)", ylabel="query (attending)", title=title)
    fig.colorbar(image, ax=ax, shrink=0.8)
    return save_figure(fig, save)


def plot_softmax_saturation(dims: Sequence[int], seed: int = 0, save: str | None = None) -> Figure:
    """Largest softmax weight of random q·k scores, with and without dividing by √d, as d grows."""
    if isinstance(dims, str) or not isinstance(dims, Sequence) or len(dims) == 0:
        raise ValueError(f"dims must be a non-empty list of positive integers, got {dims!r:.60}.")
    dims = [positive_int(d, f"dims[{i}]") for i, d in enumerate(dims)]
    rng = np.random.default_rng(seed)
    raw, scaled = [], []
    for d in dims:
        q, k = rng.normal(size=(200, d)), rng.normal(size=(200, 16, d))
        scores = np.einsum("nd,nkd->nk", q, k)
        raw.append(softmax(scores).max(axis=-1).mean())
        scaled.append(softmax(scores / np.sqrt(d)).max(axis=-1).mean())
    fig, ax = new_figure()
    ax.plot(dims, raw, "o-", color=PALETTE[3], label="q·k (no scaling)")
    ax.plot(dims, scaled, "o-", color=PALETTE[0], label="q·k / √d")
    ax.axhline(1 / 16, color="grey", ls=":", label="uniform over 16 keys")
    ax.set(xscale="log", xlabel="head dimension d", ylabel="mean largest softmax weight", ylim=(0, 1.05))
    ax.set_title("Without √d the softmax saturates (one key takes all)")
    ax.legend()
    ax.grid(alpha=0.3)
    return save_figure(fig, save)


def plot_scaling(
    x,
    loss,
    fit: Mapping[str, float],
    xlabel: str,
    ylabel: str = "validation loss (nats per token)",
    save: str | None = None,
) -> Figure:
    """Validation loss against x on log-log axes with the fitted power law a x^-alpha."""
    x, loss = finite_array(x, "x", ndim=1), finite_array(loss, "loss", ndim=1)
    if x.shape != loss.shape or x.size < 2:
        raise ValueError(f"x and loss must be 1-D of the same length >= 2, got {x.shape} and {loss.shape}.")
    if np.any(x <= 0) or np.any(loss <= 0):
        raise ValueError("x and loss must be positive for log-log axes.")
    if not isinstance(fit, Mapping) or not {"a", "alpha"} <= set(fit):
        raise ValueError(f"fit must be a mapping with keys 'a' and 'alpha' (from fit_power_law), got {fit!r:.80}.")
    finite_array([fit["a"], fit["alpha"]], "fit['a'] and fit['alpha']")
    xlabel, ylabel = text(xlabel, "xlabel"), text(ylabel, "ylabel")
    fig, ax = new_figure()
    ax.loglog(x, loss, "o", color=PALETTE[0], label="measured")
    grid = np.geomspace(x.min(), x.max(), 50)
    ax.loglog(grid, fit["a"] * grid ** -fit["alpha"], color=PALETTE[1], label=f"fit: exponent {fit['alpha']:.3f}")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.legend()
    ax.grid(alpha=0.3, which="both")
    return save_figure(fig, save)


def plot_bars(values: Mapping[str, float], ylabel: str, title: str = "", save: str | None = None) -> Figure:
    """A labelled bar chart of named numbers (perplexities, accuracies)."""
    if not isinstance(values, Mapping):
        raise TypeError(f"values must be a mapping {{name: number}}, got {type(values).__name__}.")
    if not values:
        raise ValueError("values is empty: give at least one {name: number} entry.")
    finite_array(list(values.values()), "values", ndim=1)
    ylabel = text(ylabel, "ylabel")
    fig, ax = new_figure()
    bars = ax.bar(list(values), list(values.values()), color=PALETTE[: len(values)])
    ax.bar_label(bars, fmt="%.3g")
    ax.set(ylabel=ylabel, title=title)
    return save_figure(fig, save)


def plot_labels_curve(
    counts,
    accuracies: Mapping[str, object],
    title: str = "Test accuracy against labelled reviews",
    save: str | None = None,
) -> Figure:
    """Accuracy against the number of labels (log axis): each arm's mean over draws, shaded from lowest to highest."""
    counts = finite_array(counts, "counts", ndim=1)
    if np.any(counts <= 0) or np.any(np.diff(counts) <= 0):
        raise ValueError(f"counts must be positive and increasing, got {counts.tolist()}.")
    if not isinstance(accuracies, Mapping) or not accuracies:
        raise TypeError("accuracies must be a non-empty mapping {arm name: array (draws, counts)}.")
    fig, ax = new_figure(width=6.4, height=4.2)
    for i, (name, values) in enumerate(accuracies.items()):
        values = finite_array(values, f"accuracies[{name!r}]", ndim=2)
        if values.shape[1] != counts.size:
            raise ValueError(f"accuracies[{name!r}] needs one column per count ({counts.size}), got {values.shape}.")
        mean = values.mean(axis=0)
        ax.plot(counts, mean, "o-", color=PALETTE[i % len(PALETTE)], label=str(name))
        ax.fill_between(counts, values.min(axis=0), values.max(axis=0), color=PALETTE[i % len(PALETTE)], alpha=0.18)
    ax.axhline(0.5, color="grey", ls=":", lw=1, label="coin flip")
    ax.set_xscale("log")
    ax.set_xticks(counts, [f"{c:,.0f}" for c in counts])
    ax.set(xlabel="labelled reviews (log scale)", ylabel="test accuracy", title=title)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")
    return save_figure(fig, save)


def plot_frontier(
    curves: Mapping[float, tuple],
    envelope: Mapping[str, object],
    fit: Mapping[str, float],
    fit_from: float,
    save: str | None = None,
) -> Figure:
    """Every learning curve against training compute (log-log), their lower envelope and its power-law fit."""
    if not isinstance(curves, Mapping) or not curves:
        raise TypeError("curves must be a non-empty mapping {non-embedding parameters: (compute, loss)}.")
    if not isinstance(envelope, Mapping) or not {"compute", "loss"} <= set(envelope):
        raise ValueError("envelope must be the dict lower_envelope() returns (keys 'compute' and 'loss').")
    if not isinstance(fit, Mapping) or not {"a", "alpha"} <= set(fit):
        raise ValueError(f"fit must be a mapping with keys 'a' and 'alpha' (from fit_power_law), got {fit!r:.80}.")
    fit_from = positive_number(fit_from, "fit_from")
    grid, best = finite_array(envelope["compute"], "envelope['compute']"), finite_array(envelope["loss"], "envelope")
    fig, ax = new_figure(width=6.6, height=4.4)
    for i, (size, pair) in enumerate(sorted(curves.items())):
        compute, loss = finite_array(pair[0], "compute", ndim=1), finite_array(pair[1], "loss", ndim=1)
        ax.loglog(compute, loss, "o-", ms=3, lw=1, color=PALETTE[i % len(PALETTE)], label=f"N = {size:,.0f}")
    ax.loglog(grid, best, color="black", lw=2.5, alpha=0.35, label="lower envelope (frontier)")
    fitted = grid[grid >= fit_from]
    ax.loglog(fitted, fit["a"] * fitted ** -fit["alpha"], "k--", lw=1.2, label=f"fit: L ∝ C^-{fit['alpha']:.3f}")
    ax.set(xlabel="training compute C = 6·N·D (FLOPs)", ylabel="validation loss (nats per character)")
    ax.set_title("Learning curves against compute, and their frontier")
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3, which="both")
    return save_figure(fig, save)


def plot_token_times(positions, uncached, cached, save: str | None = None) -> Figure:
    """Seconds to generate the token at each position, without and with a key-value cache."""
    positions = finite_array(positions, "positions", ndim=1)
    uncached, cached = finite_array(uncached, "uncached", ndim=1), finite_array(cached, "cached", ndim=1)
    if not positions.shape == uncached.shape == cached.shape:
        raise ValueError(
            f"positions, uncached and cached must have the same length, got {positions.shape}, "
            f"{uncached.shape} and {cached.shape}."
        )
    fig, ax = new_figure()
    ax.plot(positions, 1000 * uncached, color=PALETTE[1], label="without a cache (recompute the prefix)")
    ax.plot(positions, 1000 * cached, color=PALETTE[0], label="with a key-value cache")
    ax.set(xlabel="position of the generated token", ylabel="milliseconds for that token", ylim=(0, None))
    ax.set_title("Cost of one more token")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return save_figure(fig, save)
