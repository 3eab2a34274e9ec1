"""Figures for notebook 05: decision boundaries and activation functions."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from utils.plots import PALETTE, new_figure, save_figure
from utils.validation import file_stem, finite_array, function, mapping, positive_int, text


def _probabilities(values: Any, n: int, name: str) -> np.ndarray:
    """Return a predictor's output as n probabilities; say in words what is wrong otherwise."""
    try:
        prob = np.asarray(values)
    except ValueError:
        raise ValueError(f"predictors[{name!r}] must return an array of probabilities.") from None
    if prob.dtype.kind not in "biuf" or prob.size != n:
        raise ValueError(
            f"predictors[{name!r}] must return one probability P(y = 1) per point: {n} numbers for {n} points, "
            f"got shape {prob.shape} and dtype {prob.dtype}."
        )
    prob = prob.astype(float).reshape(-1)
    if not np.all(np.isfinite(prob)) or prob.min() < 0 or prob.max() > 1:
        raise ValueError(f"predictors[{name!r}] must return probabilities in [0, 1] (apply a sigmoid to logits).")
    return prob


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
    x, y = finite_array(x, "x"), finite_array(y, "y").reshape(-1)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError(f"x must have shape (samples, 2), got {x.shape}.")
    if len(y) != len(x) or not np.isin(y, (0.0, 1.0)).all():
        raise ValueError(f"y must hold one 0/1 label per sample ({len(x)}), got {len(y)} values.")
    if predictors is not None:
        mapping(predictors, "predictors", allow_empty=True)
        for name, fn in predictors.items():
            text(name, "a panel title in predictors")
            function(fn, f"predictors[{name!r}]")
    title, save = text(title, "title", allow_empty=True), file_stem(save)
    resolution = positive_int(resolution, "resolution", maximum=1000)
    if resolution < 2:
        raise ValueError(f"resolution must be at least 2 grid points a side, got {resolution}.")
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
            prob = _probabilities(fn(grid), len(grid), name).reshape(gx.shape)
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


def _curve(fn: Callable[[Any], Any], z: np.ndarray, name: str) -> np.ndarray:
    """Return fn(z) as floats of z's shape; say in words when fn returns something else."""
    values = np.asarray(fn(z))
    if values.dtype.kind not in "biuf" or values.shape != z.shape:
        raise ValueError(f"{name} must return one number per input, shape {z.shape}, got shape {values.shape}.")
    return values.astype(float)


def plot_activations(
    functions: Mapping[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]], z: Any = None, save: str | None = None
) -> Figure:
    """Two panels: each activation f(z) and its derivative f'(z), from {name: (f, f_prime)}."""
    if not isinstance(functions, Mapping) or not functions:
        raise ValueError("functions must be a non-empty dict {name: (f, f_prime)}.")
    z = np.linspace(-5, 5, 401) if z is None else finite_array(z, "z", ndim=1)
    save = file_stem(save)
    curves = {}
    for name, pair in functions.items():
        text(name, "a name in functions")
        if not (isinstance(pair, tuple) and len(pair) == 2 and all(map(callable, pair))):
            raise ValueError(f"functions[{name!r}] must be a pair (f, f_prime) of functions.")
        curves[name] = [_curve(fn, z, f"functions[{name!r}][{k}]") for k, fn in enumerate(pair)]
    fig, (left, right) = new_figure(ncols=2, width=10.0, height=3.6)
    for i, (name, pair) in enumerate(curves.items()):
        colour = PALETTE[i % len(PALETTE)]
        style = "--" if i % 2 else "-"  # dashed every other curve: leaky ReLU and ReLU overlap for z > 0
        left.plot(z, pair[0], style, color=colour, label=name)
        right.plot(z, pair[1], style, color=colour, label=name)
    left.set(xlabel="z", ylabel="f(z)", title="activation")
    right.set(xlabel="z", ylabel="f'(z)", title="derivative")
    for ax in (left, right):
        ax.axhline(0, color="0.6", lw=0.6)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    return save_figure(fig, save)
