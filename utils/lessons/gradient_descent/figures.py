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
from utils.validation import file_stem, function, positive_int, real_number, text


def _paths(paths: Mapping[str, Any], dim: int) -> dict[str, np.ndarray]:
    """Validate {name: iterates}; 1-D paths have shape (k,), 2-D paths (k, 2)."""
    if not isinstance(paths, Mapping) or not paths:
        raise ValueError("paths must be a non-empty dict {name: array of iterates}.")
    out = {}
    for name, path in paths.items():
        text(name, "a name in paths")
        # inf and NaN stay: a diverging run is a real result (points far outside the axes are not drawn)
        try:
            arr = np.asarray(path)
        except ValueError:
            raise ValueError(f"paths[{name!r}] must be a rectangular array of iterates.") from None
        if arr.dtype.kind not in "iuf":
            raise TypeError(f"paths[{name!r}] must hold real numbers, got dtype {arr.dtype}.")
        arr = arr.astype(float)
        ok = arr.ndim == 1 if dim == 1 else (arr.ndim == 2 and arr.shape[1] == 2)
        if not ok or len(arr) == 0:
            want = "(steps,)" if dim == 1 else "(steps, 2)"
            raise ValueError(f"paths[{name!r}] must have shape {want}, got {arr.shape}.")
        out[str(name)] = arr
    return out


def _check_range(name: str, lim: Sequence[float]) -> tuple[float, float]:
    if isinstance(lim, (str, bytes)) or not isinstance(lim, (tuple, list, np.ndarray)) or len(lim) != 2:
        raise ValueError(f"{name} must be (low, high) with low < high, got {lim!r:.60}.")
    low, high = real_number(lim[0], f"{name}[0]"), real_number(lim[1], f"{name}[1]")
    if not low < high:
        raise ValueError(f"{name} must be (low, high) with low < high, got {lim!r:.60}.")
    return low, high


def _values(f: Callable[..., Any], grid: tuple[np.ndarray, ...]) -> np.ndarray:
    """Return f(*grid) as a float array of grid[0]'s shape; say so in words when f returns something else."""
    try:
        with np.errstate(all="ignore"):  # NaN or inf from f is reported below, in words
            values = np.asarray(f(*grid))
    except ValueError:
        raise ValueError("f must return an array of numbers, got a ragged sequence.") from None
    if values.dtype.kind not in "biuf":
        raise TypeError(f"f must return real numbers, got dtype {values.dtype}.")
    if values.shape != grid[0].shape:
        raise ValueError(
            f"f must return one value per grid point, shape {grid[0].shape}, got shape {values.shape}; "
            "write it with NumPy operations that work element-wise on arrays."
        )
    values = values.astype(float)
    if not np.all(np.isfinite(values)):
        raise ValueError("f returned NaN or infinity on the plotted range; choose limits where it is finite.")
    return values


def _point(minimum: Any) -> tuple[float, float]:
    if isinstance(minimum, (str, bytes)) or not isinstance(minimum, (tuple, list, np.ndarray)) or len(minimum) != 2:
        raise ValueError(f"minimum must be a point (x, y) or None, got {minimum!r:.60}.")
    return real_number(minimum[0], "minimum[0]"), real_number(minimum[1], "minimum[1]")


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
    function(f, "f")
    paths = _paths(paths, 1)
    low, high = _check_range("xlim", xlim)
    if ylim is not None:
        ylim = _check_range("ylim", ylim)
    xlabel, ylabel = text(xlabel, "xlabel", allow_empty=True), text(ylabel, "ylabel", allow_empty=True)
    save = file_stem(save)
    grid = np.linspace(low, high, 400)
    curve = _values(f, (grid,))
    n = len(paths)
    fig, axes = new_figure(ncols=n, width=min(4.0 * n, 13.0) if n > 1 else 6.0, height=3.4)
    for ax, (name, path) in zip(np.atleast_1d(axes), paths.items()):
        ax.plot(grid, curve, color="0.3", lw=1.5)
        shown = path[np.abs(path) < 10 * max(abs(low), abs(high))]
        values = _values(f, (shown,)) if len(shown) else shown
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
    function(f, "f")
    paths = _paths(paths, 2)
    x0, x1 = _check_range("xlim", xlim)
    y0, y1 = _check_range("ylim", ylim)
    if minimum is not None:
        minimum = _point(minimum)
    levels = positive_int(levels, "levels", maximum=500)
    xlabel, ylabel = text(xlabel, "xlabel", allow_empty=True), text(ylabel, "ylabel", allow_empty=True)
    title, save = text(title, "title", allow_empty=True), file_stem(save)
    gx, gy = np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 200))
    gz = _values(f, (gx, gy))
    lo, hi = max(gz.min(), 1e-12), gz.max()
    if not hi > lo * 1.01:
        raise ValueError(
            "f must rise above its minimum on the plotted range (the levels are log-spaced from a positive "
            f"minimum), got values from {gz.min():.3g} to {hi:.3g}."
        )
    fig, ax = new_figure(width=6.4, height=4.4)
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
