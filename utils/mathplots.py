"""Figures for notebooks 04-05: descent paths on curves and contours, decision boundaries, activations.

Every helper returns a matplotlib Figure built with `utils.plots.new_figure`, so a notebook cell that
ends with the call shows the figure exactly once.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from utils.plots import PALETTE, new_figure, save_figure


def _paths(paths: Mapping[str, Any], dim: int) -> dict[str, np.ndarray]:
    """Validate {name: iterates}; 1-D paths have shape (k,), 2-D paths (k, 2)."""
    if not isinstance(paths, Mapping) or not paths:
        raise ValueError("paths must be a non-empty dict {name: array of iterates}.")
    out = {}
    for name, path in paths.items():
        arr = np.asarray(path, dtype=float)
        ok = arr.ndim == 1 if dim == 1 else (arr.ndim == 2 and arr.shape[1] == 2)
        if not ok or len(arr) == 0:
            want = "(steps,)" if dim == 1 else "(steps, 2)"
            raise ValueError(f"path {name!r} must have shape {want}, got {arr.shape}.")
        out[str(name)] = arr
    return out


def _check_range(name: str, lim: Sequence[float]) -> tuple[float, float]:
    if len(lim) != 2 or not lim[0] < lim[1]:
        raise ValueError(f"{name} must be (low, high) with low < high, got {lim!r}.")
    return float(lim[0]), float(lim[1])


def plot_descent_1d(f: Callable[[np.ndarray], np.ndarray], paths: Mapping[str, Any],
                    xlim: Sequence[float], xlabel: str = "w", ylabel: str = "J(w)",
                    ylim: Sequence[float] | None = None, save: str | None = None) -> Figure:
    """Draw f on xlim in one panel per path, with the iterates of gradient descent as numbered dots."""
    paths = _paths(paths, 1)
    low, high = _check_range("xlim", xlim)
    grid = np.linspace(low, high, 400)
    curve = np.asarray(f(grid), dtype=float)
    n = len(paths)
    fig, axes = new_figure(ncols=n, width=min(4.0 * n, 13.0) if n > 1 else 6.0, height=3.4)
    for ax, (name, path) in zip(np.atleast_1d(axes), paths.items()):
        ax.plot(grid, curve, color="0.3", lw=1.5)
        shown = path[np.abs(path) < 10 * max(abs(low), abs(high))]
        values = np.asarray(f(shown), dtype=float)
        ax.plot(shown, values, "-o", color=PALETTE[1], ms=3.5, lw=0.8, alpha=0.85)
        if len(shown):
            ax.plot(shown[0], values[0], "s", color=PALETTE[2], ms=7, label="start")
            ax.plot(shown[-1], values[-1], "*", color=PALETTE[3], ms=11, label="last")
        ax.set(xlim=(low, high), xlabel=xlabel, ylabel=ylabel, title=name)
        ax.set_ylim(*(ylim if ylim is not None else (curve.min() - 0.05 * np.ptp(curve),
                                                        curve.max() + 0.05 * np.ptp(curve))))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper center")
    return save_figure(fig, save)


def plot_contour_paths(f: Callable[[np.ndarray, np.ndarray], np.ndarray], paths: Mapping[str, Any],
                       xlim: Sequence[float], ylim: Sequence[float], xlabel: str = "w",
                       ylabel: str = "b", title: str = "", levels: int = 30, minimum: Sequence[float]
                       | None = None, save: str | None = None) -> Figure:
    """Contour plot of f(X, Y) (log-spaced levels) with one or more descent paths drawn over it."""
    paths = _paths(paths, 2)
    x0, x1 = _check_range("xlim", xlim)
    y0, y1 = _check_range("ylim", ylim)
    gx, gy = np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 200))
    gz = np.asarray(f(gx, gy), dtype=float)
    fig, ax = new_figure(width=6.4, height=4.4)
    lo, hi = max(gz.min(), 1e-12), gz.max()
    ax.contour(gx, gy, gz, levels=np.geomspace(lo * 1.01, hi, levels), cmap="Greys_r",
               linewidths=0.6, alpha=0.8)
    for i, (name, path) in enumerate(paths.items()):
        ax.plot(path[:, 0], path[:, 1], "-o", color=PALETTE[i % len(PALETTE)], ms=2.5, lw=1.2,
                label=f"{name} ({len(path) - 1} steps)")
    if minimum is not None:
        ax.plot(*minimum, "k*", ms=12, label="minimum")
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(fontsize=8)
    return save_figure(fig, save)


def plot_decision_boundaries(x: Any, y: Any, predictors: Mapping[str, Callable[[np.ndarray], Any]]
                             | None = None, title: str = "", resolution: int = 150,
                             save: str | None = None) -> Figure:
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
    fig, axes = new_figure(ncols=n, width=min(3.3 * n, 13.2) if n > 1 else 4.6,
                           height=3.4 if n > 1 else 4.2)
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
            ax.scatter(pts[:, 0], pts[:, 1], s=16, marker=marker, color=colour, edgecolor="k",
                       linewidth=0.4, label=f"y = {label}")
        ax.set(xlim=lx, ylim=ly, xlabel="x1", ylabel="x2", title=name, aspect="equal")
    np.atleast_1d(axes)[0].legend(fontsize=7, loc="upper left")
    if predictors and title:
        fig.suptitle(title)
    return save_figure(fig, save)


def plot_activations(functions: Mapping[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]],
                     z: Any = None, save: str | None = None) -> Figure:
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
