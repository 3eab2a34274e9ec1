"""Figures for notebook 10 (from model to product): latency and bar charts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from utils.plots import PALETTE, new_figure, save_figure
from utils.validation import file_stem, finite_array, mapping, non_negative_number, sequence, text


def plot_latency(
    latencies_ms: Mapping[str, Sequence[float]],
    throughput: Mapping[str, float],
    title: str = "",
    save: str | None = None,
) -> Figure:
    """Draw batch-1 latency distributions (median and p95 marked) and throughput bars side by side."""
    if isinstance(latencies_ms, Mapping) and isinstance(throughput, Mapping) and (not latencies_ms or not throughput):
        raise ValueError("latencies_ms and throughput: give at least one latency series and one throughput figure.")
    mapping(latencies_ms, "latencies_ms")
    mapping(throughput, "throughput")
    for name in [*latencies_ms, *throughput]:
        text(name, "a name in latencies_ms or throughput")
    title, save = text(title, "title", allow_empty=True), file_stem(save)
    names = list(latencies_ms)
    data = [finite_array(latencies_ms[n], f"latencies_ms[{n!r}]", ndim=1) for n in names]
    if any(np.any(d <= 0) for d in data):
        raise ValueError("latencies_ms: every latency must be positive (milliseconds on a log scale).")
    checked = {name: non_negative_number(value, f"throughput[{name!r}]") for name, value in throughput.items()}
    fig, (left, right) = new_figure(ncols=2, width=10, height=3.6)
    left.boxplot(data, orientation="horizontal", showfliers=True, whis=(5, 95))
    left.set_yticks(range(1, len(names) + 1), names)
    for i, d in enumerate(data, start=1):
        p50, p95 = np.median(d), np.percentile(d, 95)
        left.plot([p50], [i], "o", color=PALETTE[0], label="median" if i == 1 else None)
        left.plot([p95], [i], "|", color=PALETTE[3], ms=14, mew=2, label="p95" if i == 1 else None)
    left.set_xscale("log")
    left.set(xlabel="latency per request (ms, log scale)", title="Batch 1: one request at a time")
    left.grid(alpha=0.3, which="both", axis="x")
    left.legend(loc="lower right", fontsize=8)
    labels = list(throughput)
    values = [checked[k] for k in labels]
    bars = right.barh(labels, values, color=[PALETTE[i % len(PALETTE)] for i in range(len(labels))])
    right.bar_label(bars, labels=[f"{v:,.0f}/s" for v in values], fontsize=8, padding=2)
    right.set(xlabel="images per second", title="Throughput")
    right.set_xlim(0, max(values) * 1.3 if max(values) > 0 else 1)
    right.invert_yaxis()
    right.grid(alpha=0.3, axis="x")
    if title:
        fig.suptitle(title)
    return save_figure(fig, save)


def plot_bars(
    labels: Sequence[str],
    panels: Mapping[str, Sequence[float]],
    title: str = "",
    formats: Mapping[str, str] | None = None,
    save: str | None = None,
) -> Figure:
    """Draw one bar panel per metric ({metric: one value per label}), values written on the bars."""
    labels = sequence(labels, "labels", allow_empty=True)
    if not all(isinstance(label, str) for label in labels):
        raise TypeError("labels must be a list of strings, one per bar.")
    if not labels or (isinstance(panels, Mapping) and not panels):
        raise ValueError("labels and panels: give at least one label and one {metric: values} panel.")
    mapping(panels, "panels")
    formats = dict(mapping(formats, "formats", allow_empty=True)) if formats is not None else {}
    for metric, fmt in formats.items():
        try:
            text(fmt, f"formats[{metric!r}]").format(1.0)
        except (ValueError, IndexError, KeyError):
            raise ValueError(f"formats[{metric!r}] must be a format such as '{{:.1f}}', got {fmt!r}.") from None
    title, save = text(title, "title", allow_empty=True), file_stem(save)
    checked = {metric: finite_array(values, f"panels[{metric!r}]", ndim=1) for metric, values in panels.items()}
    fig, axes = new_figure(ncols=len(panels), width=3.4 * len(panels) + 0.6, height=3.2)
    axes = np.atleast_1d(axes)
    for ax, (metric, values) in zip(axes, panels.items()):
        values = checked[metric]
        if values.shape != (len(labels),):
            raise ValueError(f"panel {metric!r} has {values.size} values for {len(labels)} labels.")
        bars = ax.bar(labels, values, color=[PALETTE[i % len(PALETTE)] for i in range(len(labels))])
        fmt = formats.get(metric, "{:,.3g}")
        ax.bar_label(bars, labels=[fmt.format(v) for v in values], fontsize=8, padding=2)
        ax.set(title=metric)
        ax.set_ylim(0, values.max() * 1.2 if values.max() > 0 else 1)
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(alpha=0.3, axis="y")
    if title:
        fig.suptitle(title)
    return save_figure(fig, save)
