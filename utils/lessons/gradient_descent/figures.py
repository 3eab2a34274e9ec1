"""Figures for notebook 04: descent paths on curves and on contour plots.

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


def plot_descent_1d(
    f: Callable[[np.ndarray], np.ndarray],
    paths: Mapping[str, Any],
    xlim: Sequence[float],
    xlabel: str = "w",
    ylabel: str = "J(w)",
    ylim: Sequence[float] | None = None,
    save: str | None = None,
) -> Figure:
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
        ax.set_ylim(
            *(ylim if ylim is not None else (curve.min() - 0.05 * np.ptp(curve), curve.max() + 0.05 * np.ptp(curve)))
        )
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper center")
    return save_figure(fig, save)


def plot_contour_paths(
    f: Callable[[np.ndarray, np.ndarray], np.ndarray],
    paths: Mapping[str, Any],
    xlim: Sequence[float],
    ylim: Sequence[float],
    xlabel: str = "w",
    ylabel: str = "b",
    title: str = "",
    levels: int = 30,
    minimum: Sequence[float] | None = None,
    save: str | None = None,
) -> Figure:
    """Contour plot of f(X, Y) (log-spaced levels) with one or more descent paths drawn over it."""
    paths = _paths(paths, 2)
    x0, x1 = _check_range("xlim", xlim)
    y0, y1 = _check_range("ylim", ylim)
    gx, gy = np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 200))
    gz = np.asarray(f(gx, gy), dtype=float)
    fig, ax = new_figure(width=6.4, height=4.4)
    lo, hi = max(gz.min(), 1e-12), gz.max()
    ax.contour(gx, gy, gz, levels=np.geomspace(lo * 1.01, hi, levels), cmap="Greys_r", linewidths=0.6, alpha=0.8)
    for i, (name, path) in enumerate(paths.items()):
        ax.plot(
            path[:, 0],
            path[:, 1],
            "-o",
            color=PALETTE[i % len(PALETTE)],
            ms=2.5,
            lw=1.2,
            label=f"{name} ({len(path) - 1} steps)",
        )
    if minimum is not None:
        ax.plot(*minimum, "k*", ms=12, label="minimum")
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(fontsize=8)
    return save_figure(fig, save)
