"""Figures for notebook 06 (CNN lab): kernels and feature maps, filters, schedules, probabilities."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from utils.plots import new_figure, save_figure
from utils.validation import file_stem, finite_array, integer_labels, mapping, sequence, text


def _as_2d(name: str, array: np.ndarray) -> np.ndarray:
    if isinstance(array, np.ndarray) and (array.dtype.kind not in "uif" or array.dtype == bool):
        raise ValueError(f"{name} must be numeric, got dtype {array.dtype}.")
    array = finite_array(array, name, allow_empty=True)
    if array.ndim == 3 and array.shape[-1] == 1:
        array = array[..., 0]
    if array.ndim != 2 or array.size == 0:
        raise ValueError(f"{name} must be a 2-D array (H, W) or (H, W, 1), got shape {array.shape}.")
    return array


def _draw_kernel(ax, kernel: np.ndarray, title: str) -> None:
    limit = max(float(np.abs(kernel).max()), 1e-9)
    ax.imshow(kernel, cmap="RdBu_r", vmin=-limit, vmax=limit)
    for (i, j), value in np.ndenumerate(kernel):
        ax.text(
            j,
            i,
            f"{value:.2g}",
            ha="center",
            va="center",
            fontsize=8,
            color="white" if abs(value) > 0.6 * limit else "black",
        )
    ax.set_title(title, fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])


def _draw_map(ax, fmap: np.ndarray, title: str, diverging: bool) -> None:
    if diverging:
        limit = max(float(np.abs(fmap).max()), 1e-9)
        ax.imshow(fmap, cmap="RdBu_r", vmin=-limit, vmax=limit)
    else:
        ax.imshow(fmap, cmap="gray_r")
    ax.set_title(title, fontsize=9)
    ax.axis("off")


def plot_kernel_effect(
    image: np.ndarray, kernel: np.ndarray, feature_map: np.ndarray, title: str = "", save: str | None = None
) -> Figure:
    """Show an image, a kernel, the feature map it produces and that map after ReLU."""
    image, kernel, feature_map = (_as_2d("image", image), _as_2d("kernel", kernel), _as_2d("feature_map", feature_map))
    title, save = text(title, "title", allow_empty=True), file_stem(save)
    fig, axes = new_figure(ncols=4, width=9.6, height=2.9)
    _draw_map(axes[0], image, f"input {image.shape[0]}x{image.shape[1]}", diverging=False)
    _draw_kernel(axes[1], kernel, f"kernel {kernel.shape[0]}x{kernel.shape[1]}")
    _draw_map(axes[2], feature_map, "feature map (red +, blue -)", diverging=True)
    _draw_map(axes[3], np.maximum(feature_map, 0), "after ReLU", diverging=False)
    if title:
        fig.suptitle(title)
    return save_figure(fig, save)


def plot_kernel_gallery(
    kernels: Mapping[str, np.ndarray], feature_maps: Mapping[str, np.ndarray], title: str = "", save: str | None = None
) -> Figure:
    """Draw several kernels (top row) above the feature maps they give (bottom row)."""
    if isinstance(kernels, Mapping) and not kernels:
        raise ValueError("kernels is empty: give at least one {name: 3x3 array}.")
    mapping(kernels, "kernels")
    mapping(feature_maps, "feature_maps", allow_empty=True)
    missing = [name for name in kernels if name not in feature_maps]
    if missing:
        raise ValueError(f"feature_maps has no map for the kernels {missing}; give one per kernel name.")
    checked = {}
    for name in kernels:
        text(name, "a name in kernels")
        checked[name] = (
            _as_2d(f"kernels[{name!r}]", kernels[name]),
            _as_2d(f"feature_maps[{name!r}]", feature_maps[name]),
        )
    title, save = text(title, "title", allow_empty=True), file_stem(save)
    n = len(kernels)
    fig, axes = new_figure(ncols=n, nrows=2, width=1.9 * n + 0.4, height=4.2)
    axes = np.asarray(axes).reshape(2, n)
    for col, (name, (kernel, fmap)) in enumerate(checked.items()):
        _draw_kernel(axes[0, col], kernel, name)
        _draw_map(axes[1, col], fmap, "", diverging=True)
    if title:
        fig.suptitle(title)
    return save_figure(fig, save)


def plot_filters(weights: np.ndarray, ncols: int = 8, title: str = "", save: str | None = None) -> Figure:
    """Draw the first layer's kernels, weights shaped (kh, kw, 1, n) or (kh, kw, n), red + / blue -."""
    weights = finite_array(weights, "weights", allow_empty=True)
    if weights.ndim == 4 and weights.shape[2] == 1:
        weights = weights[:, :, 0, :]
    if weights.ndim != 3 or weights.shape[-1] == 0:
        raise ValueError(
            "weights must have shape (kh, kw, 1, n) or (kh, kw, n) for a one-channel input, "
            f"got {np.asarray(weights).shape}."
        )
    weights = finite_array(weights, "weights")
    limit = max(float(np.abs(weights).max()), 1e-9)
    return _channel_grid(weights, ncols, 0.9, title, save, cmap="RdBu_r", vmin=-limit, vmax=limit)


def _channel_grid(stack: np.ndarray, ncols: int, cell: float, title: str, save: str | None, **style: Any) -> Figure:
    """Draw each channel of an (H, W, C) stack in its own panel, ncols panels a row."""
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be a positive integer, got {ncols!r}.")
    title, save = text(title, "title", allow_empty=True), file_stem(save)
    n = stack.shape[-1]
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    fig, axes = new_figure(ncols=ncols, nrows=nrows, width=cell * ncols + 0.4, height=cell * nrows + 0.5)
    for i, ax in enumerate(np.atleast_1d(axes).ravel()):
        ax.axis("off")
        if i < n:
            ax.imshow(stack[:, :, i], **style)
    if title:
        fig.suptitle(title)
    return save_figure(fig, save)


def plot_feature_maps(maps: np.ndarray, ncols: int = 8, title: str = "", save: str | None = None) -> Figure:
    """Draw the channels of one feature map tensor (H, W, C), each with its own colour scale."""
    maps = finite_array(maps, "maps", allow_empty=True)
    if maps.ndim == 4 and maps.shape[0] == 1:
        maps = maps[0]
    if maps.ndim != 3 or maps.shape[-1] == 0:
        raise ValueError(f"maps must have shape (H, W, C) or (1, H, W, C), got {np.asarray(maps).shape}.")
    maps = finite_array(maps, "maps")
    return _channel_grid(maps, ncols, 1.1, title, save, cmap="viridis")


def plot_probabilities(
    images: np.ndarray,
    probabilities: np.ndarray,
    y_true: Sequence[int],
    class_names: Sequence[str] | None = None,
    title: str = "",
    save: str | None = None,
) -> Figure:
    """Show each image above a bar chart of its predicted class probabilities (true class in green)."""
    raw = images
    images = finite_array(images, "images", allow_empty=True)
    if isinstance(raw, np.ndarray) and raw.dtype.kind in "ui":
        images = images.astype(raw.dtype)  # keep uint8 pixels as they are
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4) or len(images) == 0:
        raise ValueError(f"images must have shape (N, H, W[, C]) with N >= 1, got {images.shape}.")
    probabilities = finite_array(probabilities, "probabilities")
    if len(images) > 50:
        raise ValueError(f"images: at most 50 images fit in one row of panels, got {len(images)}.")
    if probabilities.ndim != 2 or len(probabilities) != len(images):
        raise ValueError(
            f"probabilities must have shape (N, classes) with N = {len(images)}, got {probabilities.shape}."
        )
    if probabilities.min() < 0 or probabilities.max() > 1:
        raise ValueError("probabilities must lie in [0, 1] (apply a softmax to logits first).")
    k = probabilities.shape[1]
    y_true = integer_labels(y_true, "y_true", num_classes=k)
    if len(y_true) != len(images):
        raise ValueError(f"y_true: got {len(y_true)} labels for {len(images)} images.")
    if class_names is not None:
        class_names = sequence(class_names, "class_names", allow_empty=True)
        if not all(isinstance(name, str) for name in class_names):
            raise TypeError("class_names must be a sequence of strings, one per class.")
    names = list(class_names) if class_names is not None else [str(i) for i in range(k)]
    if len(names) != k:
        raise ValueError(f"class_names: got {len(names)} class names for {k} classes.")
    title, save = text(title, "title", allow_empty=True), file_stem(save)
    n = len(images)
    fig, axes = new_figure(ncols=n, nrows=2, width=1.45 * n + 0.4, height=3.6, gridspec_kw={"height_ratios": [1.3, 1]})
    axes = np.asarray(axes).reshape(2, n)
    for col in range(n):
        img = images[col]
        if img.dtype.kind == "f" and img.ndim == 3:
            img = np.clip(img, 0, 1)
        axes[0, col].imshow(img, cmap="gray_r" if img.ndim == 2 else None)
        pred = int(probabilities[col].argmax())
        axes[0, col].set_title(
            f"true {names[int(y_true[col])]}\npred {names[pred]} ({probabilities[col, pred]:.2f})", fontsize=8
        )
        axes[0, col].axis("off")
        colours = ["0.6"] * k
        colours[pred] = "#d62728"
        colours[int(y_true[col])] = "#2ca02c"
        axes[1, col].bar(range(k), probabilities[col], color=colours)
        axes[1, col].set(ylim=(0, 1), xticks=range(k))
        axes[1, col].set_xticklabels(
            [s[:4] for s in names], fontsize=6, rotation=90 if k > 10 or max(len(s) for s in names) > 1 else 0
        )
        axes[1, col].tick_params(axis="y", labelsize=6)
        if col:
            axes[1, col].set_yticklabels([])
    if title:
        fig.suptitle(title)
    return save_figure(fig, save)
