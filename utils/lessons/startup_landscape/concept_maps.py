"""Concept maps drawn from edge lists: validation, a deterministic layout (circle or layers), a figure."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from utils.plots import PALETTE, figure_size, new_figure, save_figure
from utils.validation import file_stem, flag, one_of, positive_int, sequence, text

LAYOUTS = ("auto", "circle", "layered", "layered-down")


@dataclass(frozen=True)
class Edge:
    """One arrow of a concept map: source -> target, with an optional label."""

    source: str
    target: str
    label: str = ""


def validate_edges(edges: Any) -> list[Edge]:
    """Check an edge list and return it as Edge objects; raise ValueError saying what is wrong.

    An edge list is a non-empty list (or tuple) of (source, target) or (source, target, label)
    tuples of non-empty strings, with no self-loops and no repeated (source, target) pair.
    """
    if isinstance(edges, (str, bytes, dict)) or not isinstance(edges, (list, tuple)):
        raise ValueError(f"edges must be a list of (source, target) pairs of strings, got {type(edges).__name__}.")
    if len(edges) == 0:
        raise ValueError("edges is empty: a concept map needs at least one (source, target) pair.")
    out: list[Edge] = []
    seen: set[tuple[str, str]] = set()
    for i, edge in enumerate(edges):
        if isinstance(edge, Edge):
            edge = (edge.source, edge.target, edge.label)
        if isinstance(edge, (str, bytes)) or not isinstance(edge, (list, tuple)) or len(edge) not in (2, 3):
            raise ValueError(f"edges[{i}] must be a (source, target) or (source, target, label) tuple, got {edge!r}.")
        if not all(isinstance(part, str) for part in edge):
            raise ValueError(f"edges[{i}] must contain only strings, got {edge!r}.")
        source, target = edge[0].strip(), edge[1].strip()
        if not source or not target:
            raise ValueError(f"edges[{i}] has an empty node name: {edge!r}.")
        if source == target:
            raise ValueError(
                f"edges[{i}] is a self-loop ({source!r} -> {source!r}); an arrow must join two different concepts."
            )
        if (source, target) in seen:
            raise ValueError(f"edges[{i}] repeats {source!r} -> {target!r}; list each arrow once.")
        seen.add((source, target))
        out.append(Edge(source, target, edge[2].strip() if len(edge) == 3 else ""))
    return out


def nodes_of(edges: Sequence[Edge]) -> list[str]:
    """Return the node names in order of first appearance."""
    edges = validate_edges(edges)
    return list(dict.fromkeys(name for e in edges for name in (e.source, e.target)))


def is_connected(edges: Any) -> bool:
    """Return True when the map is one piece (ignoring arrow directions)."""
    checked = validate_edges(edges)
    names = nodes_of(checked)
    neighbours: dict[str, set[str]] = {n: set() for n in names}
    for e in checked:
        neighbours[e.source].add(e.target)
        neighbours[e.target].add(e.source)
    seen, stack = {names[0]}, [names[0]]
    while stack:
        for nxt in neighbours[stack.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return len(seen) == len(names)


def is_single_cycle(edges: Sequence[Edge]) -> bool:
    """Return True when the edges form one directed loop through every node."""
    edges = validate_edges(edges)
    names = nodes_of(edges)
    succ = {e.source: e.target for e in edges}
    if len(edges) != len(names) or len(succ) != len(names):
        return False
    node, visited = names[0], []
    for _ in names:
        visited.append(node)
        node = succ.get(node, "")
    return node == names[0] and len(set(visited)) == len(names)


def circle_layout(edges: Sequence[Edge]) -> dict[str, tuple[float, float]]:
    """Place nodes on a circle, clockwise from the top, following the loop (or first-seen order)."""
    edges = validate_edges(edges)
    names = nodes_of(edges)
    if is_single_cycle(edges):
        succ = {e.source: e.target for e in edges}
        order, node = [], names[0]
        for _ in names:
            order.append(node)
            node = succ[node]
        names = order
    angles = np.pi / 2 - 2 * np.pi * np.arange(len(names)) / len(names)
    return {n: (1.7 * float(np.cos(a)), float(np.sin(a))) for n, a in zip(names, angles)}


def layer_of(edges: Sequence[Edge]) -> dict[str, int]:
    """Assign each node a layer: breadth-first distance from the roots (nodes nothing points to)."""
    edges = validate_edges(edges)
    names = nodes_of(edges)
    has_parent = {e.target for e in edges}
    roots = [n for n in names if n not in has_parent] or names[:1]
    succ: dict[str, list[str]] = {n: [] for n in names}
    for e in edges:
        succ[e.source].append(e.target)
    layer = {r: 0 for r in roots}
    queue = list(roots)
    while queue:
        node = queue.pop(0)
        for nxt in succ[node]:
            if nxt not in layer:
                layer[nxt] = layer[node] + 1
                queue.append(nxt)
    for n in names:  # parts that no root reaches (only inside a cycle of their own)
        layer.setdefault(n, 0)
    return layer


def layered_layout(edges: Sequence[Edge], down: bool = False) -> dict[str, tuple[float, float]]:
    """Place nodes in columns (left to right) or rows (top to bottom) by layer.

    Each node aims for the mean position of its parents, children of one parent fan out around
    it, and overlaps are pushed apart one slot at a time; ties keep first-appearance order, so
    the same edges always give the same picture.
    """
    edges, down = validate_edges(edges), flag(down, "down")
    names = nodes_of(edges)
    order = {n: i for i, n in enumerate(names)}
    layer = layer_of(edges)
    parents: dict[str, list[str]] = {n: [] for n in names}
    for e in edges:
        if layer[e.source] < layer[e.target]:
            parents[e.target].append(e.source)
    slot: dict[str, float] = {}
    for k in range(max(layer.values()) + 1):
        members = [n for n in names if layer[n] == k]
        groups: dict[str, list[str]] = {}
        for n in members:
            groups.setdefault(parents[n][0] if parents[n] else "", []).append(n)
        desired = {}
        for parent, group in groups.items():
            for i, n in enumerate(group):
                base = float(np.mean([slot[p] for p in parents[n]])) if parent else 0.0
                desired[n] = base + i - (len(group) - 1) / 2
        ranked = sorted(members, key=lambda n: (desired[n], order[n]))
        placed: list[float] = []
        for n in ranked:
            placed.append(desired[n] if not placed else max(desired[n], placed[-1] + 1.0))
        shift = float(np.mean([desired[n] - x for n, x in zip(ranked, placed)]))
        for n, x in zip(ranked, placed):
            slot[n] = x + shift
    pos = {}
    for n in names:
        along, across = float(layer[n]), slot[n]
        pos[n] = (across, -along) if down else (along, -across)
    return pos


def compute_layout(edges: Any, kind: str = "auto") -> dict[str, tuple[float, float]]:
    """Return node positions for an edge list; `auto` draws a single loop as a circle, else layers."""
    checked = validate_edges(edges)
    one_of(kind, "kind", LAYOUTS)
    if kind == "circle" or (kind == "auto" and is_single_cycle(checked)):
        return circle_layout(checked)
    return layered_layout(checked, down=kind == "layered-down")


def draw_concept_map(
    edges: Any,
    title: str = "",
    layout: str = "auto",
    highlight: Sequence[str] = (),
    width: float = 9.0,
    wrap: int = 14,
    save: str | None = None,
) -> Figure:
    """Draw a concept map from an edge list and return the Figure.

    edges: [(source, target) or (source, target, label), ...] of strings.
    layout: "auto" (a single loop becomes a circle, anything else layered left to right),
    "circle", "layered" (left to right) or "layered-down" (top to bottom).
    highlight: node names drawn in a stronger colour.
    """
    checked = validate_edges(edges)
    one_of(layout, "layout", LAYOUTS)
    title, save = text(title, "title", allow_empty=True), file_stem(save)
    width, wrap = figure_size(width, "width"), positive_int(wrap, "wrap")
    highlight = sequence(highlight, "highlight", allow_empty=True)
    if not all(isinstance(h, str) for h in highlight):
        raise TypeError(f"highlight must be a list of node names (strings), got {highlight!r:.60}.")
    pos = compute_layout(checked, layout)
    names = nodes_of(checked)
    unknown = [h for h in highlight if h not in pos]
    if unknown:
        raise ValueError(f"highlight names {unknown} are not nodes of the map; nodes are {names}.")
    xs, ys = np.array([p[0] for p in pos.values()]), np.array([p[1] for p in pos.values()])
    span_x, span_y = float(np.ptp(xs)) or 1.0, float(np.ptp(ys)) or 1.0
    if layout == "circle" or (layout == "auto" and is_single_cycle(checked)):
        height = width * (span_y + 1.1) / (span_x + 1.6)
    else:
        height = (0.95 if layout == "layered-down" else 0.8) * (span_y + 1.1) + 0.4
    height = float(np.clip(height, 2.4, 7.0))
    fig, ax = new_figure(width=width, height=height)
    ax.set_xlim(xs.min() - 0.8, xs.max() + 0.8)
    ax.set_ylim(ys.min() - 0.55, ys.max() + 0.55)
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=11)
    boxes = {}
    for name in names:
        strong = name in highlight
        colour = PALETTE[3] if strong else PALETTE[0]
        label = textwrap.fill(name, wrap, break_long_words=False)
        boxes[name] = ax.text(
            *pos[name],
            label,
            ha="center",
            va="center",
            fontsize=8.5,
            zorder=3,
            fontweight="bold" if strong else "normal",
            bbox={"boxstyle": "round,pad=0.4", "fc": colour, "alpha": 0.3 if strong else 0.18, "ec": colour},
        )
    layer = layer_of(checked)
    for e in checked:
        (x0, y0), (x1, y1) = pos[e.source], pos[e.target]
        backwards = layout != "circle" and not is_single_cycle(checked) and layer[e.target] <= layer[e.source]
        ax.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            zorder=2,
            arrowprops={
                "arrowstyle": "-|>",
                "color": "0.35",
                "lw": 1.1,
                "shrinkA": 2,
                "shrinkB": 2,
                "patchA": boxes[e.source].get_bbox_patch(),
                "patchB": boxes[e.target].get_bbox_patch(),
                "connectionstyle": "arc3,rad=0.35" if backwards else "arc3",
            },
        )
        if e.label:
            mx, my = (x0 + x1) / 2, (y0 + y1) / 2
            ax.text(
                mx,
                my,
                textwrap.fill(e.label, 18),
                ha="center",
                va="center",
                fontsize=7,
                color="0.25",
                style="italic",
                zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            )
    return save_figure(fig, save)
