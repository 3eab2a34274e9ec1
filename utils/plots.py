"""Figure helpers shared by the labs; each returns a matplotlib Figure (optionally saved)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from utils.course import outputs_dir
from utils.validation import (
    file_stem,
    finite_array,
    flag,
    integer_labels,
    mapping,
    positive_int,
    positive_number,
    sequence,
    text,
    whole_number,
)

MAX_FIGURE_INCHES = 200.0  # matplotlib's renderer refuses images wider than 2**16 pixels
MAX_PANELS = 100  # per row or column of one figure


def _show_figures_inline() -> None:
    """Register a PNG formatter so a returned Figure renders in IPython even without pyplot."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    from IPython.core.pylabtools import print_figure

    # A (data, metadata) pair: the PNG plus its alt text, which the book renders on the <img>.
    shell.display_formatter.formatters["image/png"].for_type(
        Figure, lambda fig: (print_figure(fig, "png", dpi=96), {"alt": figure_alt_text(fig)})
    )


def set_alt_text(fig: Figure, text: str) -> Figure:
    """Give fig an explicit alt text (used instead of the one derived from its titles); return fig."""
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}.")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"text must be a non-empty description of the figure, got {text!r:.40}.")
    fig._course_alt = " ".join(text.split())
    return fig


def _plain(text: str) -> str:
    """Return figure text on one line, with mathtext's escaped dollar signs as plain dollars."""
    return " ".join(text.replace("\\$", "$").split())


def _panel_text(ax: Any, max_labels: int = 8) -> str:
    """Describe one axes by its title and axis labels, else by the text labels drawn in it."""
    title, x, y = (_plain(s) for s in (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()))
    axes_part = f"{y} against {x}" if x and y else (x or y)
    if axes_part:
        return f"{title} ({axes_part})" if title else axes_part
    words = [_plain(t.get_text()) for t in ax.texts if re.search(r"[A-Za-z]", t.get_text())]  # not cell counts
    more = f" and {len(words) - max_labels} more" if len(words) > max_labels else ""
    labels = f"labels {', '.join(words[:max_labels])}{more}" if words else ""
    return f"{title} ({labels})" if title and labels else title or labels


def figure_alt_text(fig: Figure, max_panels: int = 4) -> str:
    """Return a one-line alt text for fig: its explicit one, else its title and panel titles and labels."""
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}.")
    max_panels = positive_int(max_panels, "max_panels")
    explicit = getattr(fig, "_course_alt", None)
    if explicit:
        return explicit
    drawn = [ax for ax in fig.axes if ax.get_visible() and (ax.has_data() or ax.texts)]
    axes = [ax for ax in drawn if ax.get_label() != "<colorbar>"]
    panels = [text for text in (_panel_text(ax) for ax in axes) if text]
    suptitle = _plain(fig._suptitle.get_text()) if fig._suptitle is not None else ""
    described = panels[:max_panels] + ([f"and {len(panels) - max_panels} more"] if len(panels) > max_panels else [])
    if len(axes) > max_panels and all(ax.images and not ax.lines for ax in axes):
        kind = f"Grid of {len(axes)} images"
    else:
        kind = "Figure" if len(axes) <= 1 else f"Figure with {len(axes)} panels"
    parts = [f"{kind}: {suptitle}" if suptitle else kind]
    if described:
        parts.append(("Labelled " if kind.startswith("Grid") else "") + "; ".join(described))
    return ". ".join(parts) + "."


_show_figures_inline()

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def new_figure(
    ncols: int = 1, nrows: int = 1, width: float = 6.4, height: float = 3.6, **kwargs: Any
) -> tuple[Figure, Any]:
    """Return (figure, axes) not registered with pyplot, so a cell shows it exactly once."""
    ncols = positive_int(ncols, "ncols", maximum=MAX_PANELS)
    nrows = positive_int(nrows, "nrows", maximum=MAX_PANELS)
    width, height = figure_size(width, "width"), figure_size(height, "height")
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=True, **kwargs)
    return fig, axes


def figure_size(value: Any, name: str) -> float:
    """Return a figure width or height in inches: a positive number up to MAX_FIGURE_INCHES."""
    inches = positive_number(value, name)
    if inches > MAX_FIGURE_INCHES:
        raise ValueError(f"{name} must be at most {MAX_FIGURE_INCHES:g} inches, got {inches:g}.")
    return inches


def save_figure(fig: Figure, save: str | None, folder: Path | None = None) -> Figure:
    """Save fig as outputs/figures/<save>.png when a file stem is given; return fig."""
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}.")
    save = file_stem(save, "save")
    if folder is not None and not isinstance(folder, (str, os.PathLike)):
        raise TypeError(f"folder must be a folder path or None, got {type(folder).__name__} {folder!r:.40}.")
    if save:
        target = Path(folder) if folder is not None else outputs_dir() / "figures"
        if target.exists() and not target.is_dir():
            raise ValueError(f"folder {target} is a file, not a folder.")
        target.mkdir(parents=True, exist_ok=True)
        fig.savefig(target / f"{save}.png", dpi=120)
    return fig


def _history_dict(history: Any) -> dict[str, np.ndarray]:
    data = getattr(history, "history", history)
    if not isinstance(data, Mapping) or not data:
        raise ValueError(
            f"history must be a Keras History or a non-empty dict of metric lists, got {type(history).__name__}."
        )
    out = {}
    for key, values in data.items():
        text(key, "a metric name in history")
        if isinstance(values, (str, bytes)) or np.ndim(values) != 1:
            raise ValueError(f"history[{key!r}] must be a list of one number per epoch, got {values!r:.40}.")
        # NaN or inf is kept: a diverged run is a real result, and the curve shows where it broke off
        out[key] = _numbers(values, f"history[{key!r}]")
    lengths = {len(v) for v in out.values()}
    if len(lengths) != 1 or 0 in lengths:
        raise ValueError(f"every metric in history needs the same non-zero number of epochs, got {sorted(lengths)}.")
    return out


def _numbers(values: Any, name: str) -> np.ndarray:
    """Return values as a float array; NaN and inf allowed, anything non-numeric refused."""
    try:
        arr = np.asarray(values)
    except ValueError:
        raise ValueError(f"{name} must be a flat list of numbers.") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}.")
    return arr.astype(np.float64)


def plot_history(
    history: Any, metrics: Sequence[str] | None = None, title: str = "", save: str | None = None
) -> Figure:
    """Plot training (and validation) curves from a Keras History or a dict, one panel per metric."""
    data = _history_dict(history)
    if metrics is not None:
        metrics = sequence(metrics, "metrics")
        for metric in metrics:
            text(metric, "each name in metrics")
    title, save = text(title, "title", allow_empty=True), file_stem(save)
    names = list(metrics) if metrics else [k for k in data if not k.startswith("val_")]
    unknown = [m for m in names if m not in data]
    if unknown:
        raise ValueError(f"metrics {unknown} not in the history; it has {sorted(data)}.")
    if len(names) > 8:
        raise ValueError(f"metrics: at most 8 panels fit in one figure, got {len(names)}; choose with metrics=[...].")
    fig, axes = new_figure(ncols=len(names), width=3.6 * len(names) + 0.6, height=3.2)
    axes = np.atleast_1d(axes)
    for ax, name in zip(axes, names):
        epochs = np.arange(1, len(data[name]) + 1)
        ax.plot(epochs, data[name], "o-", ms=3, label="train")
        if f"val_{name}" in data:
            ax.plot(epochs, data[f"val_{name}"], "s--", ms=3, label="validation")
        ax.set(xlabel="epoch", ylabel=name, title=name.replace("_", " "))
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    return save_figure(fig, save)


def image_grid(
    images: np.ndarray,
    labels: Sequence[Any] | None = None,
    ncols: int = 8,
    cmap: str = "gray_r",
    title: str = "",
    size: float = 1.2,
    save: str | None = None,
) -> Figure:
    """Show a grid of images (N,H,W), (N,H,W,1) or (N,H,W,3) with optional labels."""
    if images is None or isinstance(images, (str, bytes, Mapping)):
        raise TypeError(f"images must be an array of images, got {type(images).__name__}.")
    try:
        images = np.asarray(images)
    except ValueError:
        raise ValueError("images must be a rectangular array (every image the same size).") from None
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4) or (images.ndim == 4 and images.shape[-1] != 3):
        raise ValueError(
            f"images must have shape (N, H, W), (N, H, W, 1) or (N, H, W, 3), got {np.asarray(images).shape}."
        )
    if images.dtype.kind not in "uif" or images.dtype == bool:
        raise ValueError(f"images must be numeric (uint8 or float), got dtype {images.dtype}.")
    if images.dtype.kind == "f" and not np.all(np.isfinite(images)):
        raise ValueError("images contains NaN or infinity; expected finite pixel values.")
    if len(images) == 0:
        raise ValueError("images is empty: nothing to draw.")
    if labels is not None:
        labels = sequence(labels, "labels")
        if len(labels) != len(images):
            raise ValueError(f"labels: got {len(labels)} labels for {len(images)} images; give one per image.")
    ncols = min(positive_int(ncols, "ncols"), len(images))
    cmap = _colormap(cmap)
    title, save = text(title, "title", allow_empty=True), file_stem(save)
    size = positive_number(size, "size")
    if int(np.ceil(len(images) / ncols)) > MAX_PANELS:
        raise ValueError(f"images: {len(images)} images in rows of {ncols} make more than {MAX_PANELS} rows.")
    nrows = int(np.ceil(len(images) / ncols))
    fig, axes = new_figure(
        ncols=ncols,
        nrows=nrows,
        width=size * ncols,
        height=size * nrows + (0.3 if labels is not None else 0) * nrows + 0.3,
    )
    axes = np.atleast_1d(axes).ravel()
    for i, ax in enumerate(axes):
        ax.axis("off")
        if i < len(images):
            img = images[i]
            if img.dtype.kind == "f" and img.ndim == 3:
                img = np.clip(img, 0, 1)
            ax.imshow(img, cmap=cmap if img.ndim == 2 else None)
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=8)
    if title:
        fig.suptitle(title)
    return save_figure(fig, save)


def _colormap(cmap: Any) -> str:
    """Return cmap if it names a matplotlib colormap, else raise naming the argument."""
    import matplotlib

    if not isinstance(cmap, str) or cmap not in matplotlib.colormaps:
        raise ValueError(f"cmap must name a matplotlib colormap such as 'gray_r' or 'viridis', got {cmap!r:.40}.")
    return cmap


MAX_CLASSES = 1000  # a k x k matrix and figure: beyond this a confusion matrix is unreadable and huge


def confusion_matrix(y_true: Sequence[int], y_pred: Sequence[int], num_classes: int | None = None) -> np.ndarray:
    """Return the (true x predicted) count matrix of integer labels (1-D, or (N, 1) columns)."""
    if num_classes is not None:
        num_classes = whole_number(num_classes, "num_classes", minimum=1, maximum=MAX_CLASSES)
    y_true = integer_labels(y_true, "y_true", num_classes=num_classes, allow_empty=False)
    y_pred = integer_labels(y_pred, "y_pred", num_classes=num_classes, allow_empty=False)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred differ in length: {y_true.shape[0]} vs {y_pred.shape[0]}.")
    k = num_classes or int(max(y_true.max(), y_pred.max())) + 1
    if k > MAX_CLASSES:
        raise ValueError(f"y_true and y_pred go up to label {k - 1}; at most {MAX_CLASSES} classes are supported.")
    matrix = np.zeros((k, k), dtype=np.int64)
    np.add.at(matrix, (y_true, y_pred), 1)
    return matrix


def plot_confusion_matrix(
    y_true: Sequence[int],
    y_pred: Sequence[int],
    class_names: Sequence[str] | None = None,
    normalize: bool = False,
    title: str = "Confusion matrix",
    save: str | None = None,
) -> Figure:
    """Draw the confusion matrix of integer labels, with counts (or row fractions) in the cells."""
    k = None
    normalize, title, save = flag(normalize, "normalize"), text(title, "title", allow_empty=True), file_stem(save)
    if class_names is not None:
        class_names = sequence(class_names, "class_names")
        if not all(isinstance(name, str) for name in class_names):
            raise TypeError("class_names must be a sequence of strings, one per class.")
        k = len(class_names)
        labels = [integer_labels(y, name, allow_empty=False) for y, name in ((y_true, "y_true"), (y_pred, "y_pred"))]
        seen = max(int(y.max()) for y in labels)  # int64 labels: any dtype (uint8 too) compares safely
        if seen >= k:
            raise ValueError(f"class_names has {k} names but the labels go up to {seen}: give one name per class.")
    matrix = confusion_matrix(y_true, y_pred, k)
    k = matrix.shape[0]
    names = list(class_names) if class_names is not None else [str(i) for i in range(k)]
    shown = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1) if normalize else matrix
    side = max(3.2, 0.45 * k + 1.6)
    fig, ax = new_figure(width=side + 0.8, height=side)
    im = ax.imshow(shown, cmap="Blues")
    fig.colorbar(im, ax=ax, shrink=0.8)
    ax.set(xticks=range(k), yticks=range(k), xlabel="predicted", ylabel="true", title=title)
    ax.set_xticklabels(names, rotation=45, ha="right", fontsize=8)
    ax.set_yticklabels(names, fontsize=8)
    threshold = shown.max() / 2 if shown.size else 0
    for i in range(k):
        for j in range(k):
            cell = f"{shown[i, j]:.2f}" if normalize else str(matrix[i, j])
            ax.text(
                j, i, cell, ha="center", va="center", fontsize=7, color="white" if shown[i, j] > threshold else "black"
            )
    return save_figure(fig, save)


def plot_lines(
    x: Sequence[float],
    series: Mapping[str, Sequence[float]],
    xlabel: str = "",
    ylabel: str = "",
    title: str = "",
    logx: bool = False,
    logy: bool = False,
    save: str | None = None,
) -> Figure:
    """Plot several named y-series against one x, optionally on log axes."""
    x = finite_array(x, "x", ndim=1)
    if isinstance(series, Mapping) and not series:
        raise ValueError("series is empty: give at least one {name: values} entry.")
    series = mapping(series, "series")
    logx, logy = flag(logx, "logx"), flag(logy, "logy")
    xlabel, ylabel = text(xlabel, "xlabel", allow_empty=True), text(ylabel, "ylabel", allow_empty=True)
    title, save = text(title, "title", allow_empty=True), file_stem(save)
    if logx and np.any(x <= 0):
        raise ValueError(f"x must be positive on a log axis (logx=True), got a minimum of {x.min():g}.")
    checked = {}
    for name, values in series.items():
        text(name, "a name in series")
        values = finite_array(values, f"series[{name!r}]")
        if values.shape != x.shape:
            raise ValueError(f"series[{name!r}] has shape {values.shape}, expected {x.shape} like x.")
        if logy and np.any(values <= 0):
            raise ValueError(
                f"series[{name!r}] must be positive on a log axis (logy=True), got a minimum of {values.min():g}."
            )
        checked[name] = values
    fig, ax = new_figure()
    for name, values in checked.items():
        ax.plot(x, values, label=name)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    ax.grid(alpha=0.3, which="both")
    ax.legend()
    return save_figure(fig, save)


def close_all() -> None:
    """Close every pyplot figure (frees memory in long notebooks)."""
    plt.close("all")


def plot_course_map(entries: Sequence[Any], title: str = "Course map", save: str | None = None) -> Figure:
    """Draw the course map: one box per notebook, coloured by part, linked in order."""
    if isinstance(entries, Sequence) and not isinstance(entries, str) and len(entries) == 0:
        raise ValueError("entries is empty: give the course map rows (utils.course.COURSE_MAP).")
    entries = sequence(entries, "entries")
    for i, entry in enumerate(entries):
        if not all(isinstance(getattr(entry, key, None), str) for key in ("stem", "title", "quick", "full", "part")):
            raise TypeError(f"entries[{i}] must be a course map row (utils.course.MapEntry), got {entry!r:.60}.")
    title, save = text(title, "title", allow_empty=True), file_stem(save)
    parts = list(dict.fromkeys(e.part for e in entries))
    colours = {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(parts)}
    ncols = min(3, len(entries))
    nrows = int(np.ceil(len(entries) / ncols))
    fig, ax = new_figure(width=9.5, height=1.35 * nrows + 0.6)
    ax.set(xlim=(0, ncols), ylim=(nrows, 0), title=title)
    ax.axis("off")
    centres = []
    for i, entry in enumerate(entries):
        row, col = divmod(i, ncols)
        x, y = col + 0.5, row + 0.5
        centres.append((x, y))
        label = f"{entry.stem[:2]} · {entry.title}\nquick {entry.quick} · full {entry.full}"
        ax.text(
            x,
            y,
            label,
            ha="center",
            va="center",
            fontsize=9,
            wrap=True,
            bbox={"boxstyle": "round,pad=0.5", "fc": colours[entry.part], "alpha": 0.25, "ec": colours[entry.part]},
        )
    for (x0, y0), (x1, y1) in zip(centres, centres[1:]):
        ax.annotate(
            "",
            xy=(x1 - 0.42 if y0 == y1 else x1, y1 - (0 if y0 == y1 else 0.3)),
            xytext=(x0 + 0.42 if y0 == y1 else x0, y0 + (0 if y0 == y1 else 0.3)),
            arrowprops={"arrowstyle": "->", "color": "0.5"},
        )
    handles = [matplotlib_patch(colours[p], p) for p in parts]
    ax.legend(
        handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.02 - 0.05 * nrows), ncols=len(parts), frameon=False
    )
    return save_figure(fig, save)


def matplotlib_patch(colour: str, label: str) -> Any:
    """Return a legend patch of one colour."""
    from matplotlib.colors import is_color_like
    from matplotlib.patches import Patch

    if not isinstance(colour, str) or not is_color_like(colour):
        raise ValueError(f"colour must be a matplotlib colour such as '#1f77b4' or 'red', got {colour!r:.40}.")
    label = text(label, "label", allow_empty=True)
    return Patch(facecolor=colour, alpha=0.4, edgecolor=colour, label=label)
