"""Figures for notebook 05: decision boundaries and activation functions."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from utils.plots import PALETTE, new_figure, save_figure


def plot_decision_boundaries(
    x: Any,
    y: Any,
    predictors: Mapping[str, Callable[[np.ndarray], Any]] | None = None,
    title: str = "",
    resolution: int = 150,
    save: str | None = None,
) -> Figure:
    """Scatter 2-feature binary data, with one panel per predictor if given.

    `predictors` maps a panel title to fn(points) -> P(y = 1); each panel shades that probability
    and draws the 0.5 decision boundary.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float).reshape(-1)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError(f"x must have shape (samples, 2), got {x.shape}.")
    if len(y) != len(x) or not np.isin(y, (0.0, 1.0)).all():
        raise ValueError(f"y must hold one 0/1 label per sample ({len(x)}), got {len(y)} values.")
    panels = dict(predictors) if predictors else {title or "data": None}
    n = len(panels)
    fig, axes = new_figure(ncols=n, width=min(3.3 * n, 13.2) if n > 1 else 4.6, height=3.4 if n > 1 else 4.2)
    pad = 0.5
    lx = (x[:, 0].min() - pad, x[:, 0].max() + pad)
    ly = (x[:, 1].min() - pad, x[:, 1].max() + pad)
    gx, gy = np.meshgrid(np.linspace(*lx, resolution), np.linspace(*ly, resolution))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    for ax, (name, fn) in zip(np.atleast_1d(axes), panels.items()):
        if fn is not None:
            prob = np.asarray(fn(grid), dtype=float).reshape(gx.shape)
            ax.contourf(gx, gy, prob, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.45)
            if prob.min() < 0.5 < prob.max():
                ax.contour(gx, gy, prob, levels=[0.5], colors="k", linewidths=1.2)
        for label, marker, colour in ((0, "o", PALETTE[0]), (1, "^", PALETTE[3])):
            pts = x[y == label]
            ax.scatter(
                pts[:, 0],
                pts[:, 1],
                s=16,
                marker=marker,
                color=colour,
                edgecolor="k",
                linewidth=0.4,
                label=f"y = {label}",
            )
        ax.set(xlim=lx, ylim=ly, xlabel="x1", ylabel="x2", title=name, aspect="equal")
    np.atleast_1d(axes)[0].legend(fontsize=7, loc="upper left")
    if predictors and title:
        fig.suptitle(title)
    return save_figure(fig, save)


def plot_activations(
    functions: Mapping[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]], z: Any = None, save: str | None = None
) -> Figure:
    """Two panels: each activation f(z) and its derivative f'(z), from {name: (f, f_prime)}."""
    if not isinstance(functions, Mapping) or not functions:
        raise ValueError("functions must be a non-empty dict {name: (f, f_prime)}.")
    z = np.linspace(-5, 5, 401) if z is None else np.asarray(z, dtype=float)
    fig, (left, right) = new_figure(ncols=2, width=10.0, height=3.6)
    for i, (name, pair) in enumerate(functions.items()):
        if not (isinstance(pair, tuple) and len(pair) == 2 and all(map(callable, pair))):
            raise ValueError(f"{name!r}: expected a pair (f, f_prime) of functions.")
        colour = PALETTE[i % len(PALETTE)]
        style = "--" if i % 2 else "-"  # dashed every other curve: leaky ReLU and ReLU overlap for z > 0
        left.plot(z, pair[0](z), style, color=colour, label=name)
        right.plot(z, pair[1](z), style, color=colour, label=name)
    left.set(xlabel="z", ylabel="f(z)", title="activation")
    right.set(xlabel="z", ylabel="f'(z)", title="derivative")
    for ax in (left, right):
        ax.axhline(0, color="0.6", lw=0.6)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    return save_figure(fig, save)
