"""Figures for notebook 08 (text classification lab): review lengths, probabilities, accuracy comparison."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from utils.lessons.text_classification_lab.helpers import shorten
from utils.plots import new_figure, save_figure
from utils.validation import file_stem, finite_array, flag, probability, sequence, text


def plot_length_histogram(lengths, cut: int, title: str = "Review length in tokens", save: str | None = None) -> Figure:
    """Histogram of sequence lengths with the chosen cut-off drawn and the share it truncates."""
    lengths = finite_array(lengths, "lengths", allow_empty=True)
    if lengths.ndim != 1 or lengths.size == 0:
        raise ValueError(f"lengths must be a non-empty 1-D array, got shape {lengths.shape}.")
    if isinstance(cut, bool) or not isinstance(cut, (int, np.integer)) or cut < 1:
        raise ValueError(f"cut must be a positive integer, got {cut!r:.40}.")
    if lengths.min() < 0:
        raise ValueError(f"lengths must be token counts >= 0, got {lengths.min():g}.")
    title, save = text(title, "title", allow_empty=True), file_stem(save)
    fig, ax = new_figure()
    top = np.percentile(lengths, 99.5)
    ax.hist(np.minimum(lengths, top), bins=60, color="#1f77b4", alpha=0.8)
    ax.axvline(
        cut, color="#d62728", lw=2, label=f"sequence length {cut}: {np.mean(lengths > cut):.0%} of reviews truncated"
    )
    ax.axvline(np.median(lengths), color="0.3", ls="--", label=f"median {np.median(lengths):.0f}")
    ax.set(xlabel="tokens per review (longest 0.5% clipped)", ylabel="reviews", title=title)
    ax.legend()
    ax.grid(alpha=0.3)
    return save_figure(fig, save)


def plot_probabilities(
    texts: Sequence[str],
    probabilities,
    width: int = 60,
    title: str = "Predicted probability that the review is positive",
    save: str | None = None,
) -> Figure:
    """Horizontal bars: one per text, its predicted probability of the positive class."""
    texts = sequence(texts, "texts", allow_empty=True)
    if not all(isinstance(t, str) for t in texts):
        raise TypeError("texts must be a list of strings (the reviews).")
    probabilities = finite_array(probabilities, "probabilities", allow_empty=True).reshape(-1)
    if isinstance(width, bool) or not isinstance(width, int) or width < 4:
        raise ValueError(f"width must be an integer of at least 4, got {width!r:.40}.")
    title, save = text(title, "title", allow_empty=True), file_stem(save)
    if len(texts) != len(probabilities) or not texts or len(texts) > 100:
        raise ValueError(
            f"probabilities: need one probability per text (1 to 100 texts), got {len(probabilities)} "
            f"for {len(texts)} texts."
        )
    if not np.all((probabilities >= 0) & (probabilities <= 1)):
        raise ValueError("probabilities must lie between 0 and 1.")
    fig, ax = new_figure(width=8.0, height=0.45 * len(texts) + 1.2)
    rows = np.arange(len(texts))[::-1]
    colours = ["#2ca02c" if p >= 0.5 else "#d62728" for p in probabilities]
    ax.barh(rows, probabilities, color=colours, alpha=0.8)
    for row, p in zip(rows, probabilities):
        ax.text(min(p + 0.01, 0.9), row, f"{p:.2f}", va="center", fontsize=8)
    ax.axvline(0.5, color="0.4", ls="--", lw=1)
    ax.set_yticks(rows)
    ax.set_yticklabels([shorten(t, width) for t in texts], fontsize=8)
    ax.set(xlim=(0, 1), xlabel="P(positive)", title=title)
    return save_figure(fig, save)


def plot_accuracy_comparison(
    rows: Sequence[tuple[str, float, bool]],
    title: str = "IMDB test accuracy: this notebook vs published figures",
    save: str | None = None,
) -> Figure:
    """Horizontal bars of (label, accuracy, measured_here) rows; measured ones are coloured."""
    if isinstance(rows, (list, tuple)) and not rows:
        raise ValueError("rows is empty: give (label, accuracy, measured_here) tuples.")
    rows = sequence(rows, "rows")
    for i, row in enumerate(rows):
        if not isinstance(row, (tuple, list)) or len(row) != 3:
            raise ValueError(f"rows[{i}] must be (label, accuracy, measured_here), got {row!r:.60}.")
        text(row[0], f"the label of rows[{i}]")
        probability(row[1], f"the accuracy of rows[{i}] {row[0]!r}")
        flag(row[2], f"measured_here of rows[{i}] {row[0]!r}")
    title, save = text(title, "title", allow_empty=True), file_stem(save)
    fig, ax = new_figure(width=7.5, height=0.5 * len(rows) + 1.2)
    positions = np.arange(len(rows))[::-1]
    for pos, (_label, value, measured) in zip(positions, rows):
        ax.barh(pos, value, color="#1f77b4" if measured else "0.7")
        ax.text(value + 0.003, pos, f"{value:.1%}", va="center", fontsize=8)
    ax.axvline(0.5, color="#d62728", ls="--", lw=1, label="chance (balanced classes)")
    ax.set_yticks(positions)
    ax.set_yticklabels([r[0] for r in rows], fontsize=8)
    low = min(0.45, min(float(r[1]) for r in rows) - 0.05)
    ax.set(xlim=(max(low, 0.0), 1.0), xlabel="test accuracy", title=title)
    ax.legend(loc="lower right", fontsize=8)
    return save_figure(fig, save)
