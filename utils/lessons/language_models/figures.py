"""Notebook 09 figures: attention weights, softmax saturation, the scaling law and the accuracy comparison."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from utils.lessons.neural_networks_from_scratch.helpers import softmax
from utils.plots import PALETTE, new_figure, save_figure
from utils.validation import finite_array, positive_int, text


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


def plot_scaling(x, loss, fit: Mapping[str, float], xlabel: str, save: str | None = None) -> Figure:
    """Validation loss against x on log-log axes with the fitted power law a x^-alpha."""
    x, loss = finite_array(x, "x", ndim=1), finite_array(loss, "loss", ndim=1)
    if x.shape != loss.shape or x.size < 2:
        raise ValueError(f"x and loss must be 1-D of the same length >= 2, got {x.shape} and {loss.shape}.")
    if np.any(x <= 0) or np.any(loss <= 0):
        raise ValueError("x and loss must be positive for log-log axes.")
    if not isinstance(fit, Mapping) or not {"a", "alpha"} <= set(fit):
        raise ValueError(f"fit must be a mapping with keys 'a' and 'alpha' (from fit_power_law), got {fit!r:.80}.")
    finite_array([fit["a"], fit["alpha"]], "fit['a'] and fit['alpha']")
    xlabel = text(xlabel, "xlabel")
    fig, ax = new_figure()
    ax.loglog(x, loss, "o", color=PALETTE[0], label="measured")
    grid = np.geomspace(x.min(), x.max(), 50)
    ax.loglog(grid, fit["a"] * grid ** -fit["alpha"], color=PALETTE[1], label=f"fit: exponent {fit['alpha']:.3f}")
    ax.set(xlabel=xlabel, ylabel="validation loss (nats/char)")
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
