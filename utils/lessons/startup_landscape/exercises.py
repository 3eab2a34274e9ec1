"""Checkers for notebook 01 (the AI big-model startup landscape)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from utils.checking import Example, Exercise, Feedback
from utils.lessons.startup_landscape import solutions as solution

MIN_MAP_EDGES = 6


def _draw_growth(rng: np.random.Generator) -> tuple:
    start = float(10 ** rng.uniform(0, 6))
    end = start * float(10 ** rng.uniform(-1, 2))
    years = int(rng.integers(1, 31)) if rng.random() < 0.5 else float(rng.uniform(0.25, 30))
    if rng.random() < 0.25:
        start, end = int(round(start)) + 1, int(round(end)) + 1
    return start, end, years


CAGR = Exercise(
    name="cagr",
    reference=solution.cagr,
    examples=[
        Example((36.9, 190.8, 7), "article 001's market forecast"),
        Example((100.0, 200.0, 1), "doubling in one year"),
        Example((100.0, 400.0, 2), "quadrupling in two years"),
    ],
    edges=[
        Example((80.0, 80.0, 5), "no growth (start equal to end)"),
        Example((50.0, 25.0, 2), "a market that shrinks"),
        Example((10.0, 30.0, 2.5), "a fractional number of years"),
        Example((100.0, 110.0, 0.5), "half a year"),
        Example((100, 121, 2), "whole numbers (10% a year)"),
        Example((1.0, 1e6, 30), "a millionfold growth over 30 years"),
    ],
    draw=_draw_growth,
    rtol=1e-9,
    atol=1e-12,
    hint="growth compounds: start x (1 + r)**years = end, so r = (end / start)**(1 / years) - 1; "
    "return a fraction (0.26, not 26).",
    suspects={
        "you returned a percentage; return a fraction (0.26 for 26%)": lambda s, e, y: 100 * solution.cagr(s, e, y),
        "you spread the total growth evenly over the years ((end / start - 1) / years), but growth compounds": (
            lambda s, e, y: (e / s - 1) / y
        ),
        "`(end / start) ** 1 / years` raises to the power 1 and then divides: write `** (1 / years)`": (
            lambda s, e, y: (e / s) ** 1 / y - 1
        ),
        "you returned the growth factor (1 + r): subtract 1 to get the rate": lambda s, e, y: (e / s) ** (1 / y),
        "you computed the continuous rate ln(end / start) / years; the yearly compound rate is its exp minus 1": (
            lambda s, e, y: math.log(e / s) / y
        ),
    },
)


def check_cagr(fn: Any, seed: int | None = None) -> Feedback:
    """Check cagr(start, end, years): the constant yearly rate that turns start into end."""
    return CAGR.check(fn, seed)


def _burn(args: tuple) -> float:
    cash, team, cost, compute, *revenue = args
    return team * cost + compute - (revenue[0] if revenue else 0.0)


def _draw_runway(rng: np.random.Generator) -> tuple:
    cash = float(np.round(10 ** rng.uniform(4, 8), 2))
    team = int(rng.integers(0, 61))
    cost = float(np.round(rng.uniform(3_000, 25_000), 2))
    compute = 0.0 if rng.random() < 0.15 else float(np.round(10 ** rng.uniform(2, 6), 2))
    kind = rng.choice(["none", "some", "some", "above", "equal"])
    if kind == "equal":  # whole dollars: the costs add up exactly in any order, so revenue really equals them
        cost, compute = float(round(cost)), float(round(compute))
    costs = team * cost + compute
    revenue = {
        "none": 0.0,
        "some": float(np.round(rng.uniform(0, 0.95) * costs, 2)),
        "above": float(np.round(costs * rng.uniform(1.01, 3) + 1, 2)),
        "equal": costs,
    }[str(kind)]
    return cash, team, cost, compute, revenue


RUNWAY = Exercise(
    name="months_of_runway",
    reference=solution.months_of_runway,
    examples=[
        Example((1_000_000.0, 5, 15_000.0, 25_000.0, 0.0), "no revenue"),
        Example((3_000_000.0, 10, 12_000.0, 30_000.0, 50_000.0), "some revenue"),
        Example((250_000.0, 1, 9_000.0, 4_000.0, 0.0), "a solo founder (19.2 months)"),
    ],
    edges=[
        Example((2_000_000.0, 4, 15_000.0, 10_000.0, 90_000.0), "profitable (revenue above costs)"),
        Example((2_000_000.0, 4, 15_000.0, 10_000.0, 70_000.0), "revenue exactly equal to costs"),
        Example((1_000_000.0, 3, 14_000.0, 7_500.0), "revenue left at its default of 0"),
        Example((0.0, 3, 14_000.0, 7_500.0, 0.0), "no cash left"),
        Example((30_000.0, 3, 14_000.0, 7_500.0, 0.0), "less than one month of cash (a fraction of a month)"),
        Example((500_000.0, 0, 12_000.0, 20_000.0, 0.0), "no team, compute only"),
        Example((500_000.0, 4, 12_000.0, 0.0, 0.0), "a team without compute costs"),
        Example((500_000.0, 0, 12_000.0, 0.0, 0.0), "no costs at all"),
        Example((1_000_000, 3, 14_000, 7_500, 1_000), "whole-number inputs (not a whole number of months)"),
    ],
    draw=_draw_runway,
    rtol=1e-9,
    atol=1e-12,
    hint="monthly burn = team_size x cost_per_person_month + compute_per_month - revenue_per_month; "
    "runway = cash / burn, and math.inf when the burn is zero or negative.",
    suspects={
        "you left out compute_per_month": lambda c, t, p, k, r=0.0: math.inf if t * p - r <= 0 else c / (t * p - r),
        "you added the revenue to the costs; revenue reduces the monthly burn": lambda c, t, p, k, r=0.0: (
            c / (t * p + k + r)
        ),
        "you rounded down to whole months; return the exact number (19.2, not 19)": lambda c, t, p, k, r=0.0: (
            math.inf if t * p + k - r <= 0 else c // (t * p + k - r)
        ),
        "you returned a negative runway for a profitable company; it never runs out: return math.inf": (
            lambda c, t, p, k, r=0.0: c / (t * p + k - r) if t * p + k - r != 0 else math.inf
        ),
    },
)


def check_months_of_runway(fn: Any, seed: int | None = None) -> Feedback:
    """Check months_of_runway(cash, team_size, cost_per_person_month, compute_per_month, revenue)."""
    return RUNWAY.check(fn, seed)


def _describe_problem(edges: Any) -> str | None:
    """Say what keeps `edges` from being a connected map the notebook can draw, or None."""
    from utils.lessons.startup_landscape.concept_maps import draw_concept_map, is_connected, validate_edges

    if isinstance(edges, (str, bytes, dict, set, frozenset)) or not isinstance(edges, (list, tuple)):
        return (
            f"return a list of (source, target) tuples, not {_a(type(edges).__name__)}; "
            "draw_concept_map needs a list it can index"
        )
    for i, edge in enumerate(edges):
        if isinstance(edge, (str, bytes)) or not isinstance(edge, (list, tuple)) or len(edge) not in (2, 3):
            return f"edge {i} should be a (source, target) tuple of two strings, got {edge!r:.80}"
        if not all(isinstance(part, str) for part in edge):
            return f"edge {i} should hold strings only, got {edge!r:.80}"
    try:
        checked = validate_edges(edges)
    except ValueError as err:
        return str(err)
    if len(checked) < MIN_MAP_EDGES:
        return f"the map has {len(checked)} edges; draw at least {MIN_MAP_EDGES} so it says something"
    if not is_connected(checked):
        return (
            "the map falls apart into separate pieces; link every concept to the rest "
            "(ignoring arrow directions, you must be able to walk from any node to any other)"
        )
    try:
        draw_concept_map(edges, title="check")
    except Exception as err:  # noqa: BLE001 - the drawing helper failed: report, never raise
        return f"the map could not be drawn: {type(err).__name__}: {err}"
    return None


def _a(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def _praise(edges: Any) -> str:
    nodes = {str(part).strip() for edge in edges for part in list(edge)[:2]}
    return (
        f"a connected map of {len(nodes)} concepts and {len(edges)} arrows that the course's helper can draw. "
        "Well done!"
    )


CHALLENGES_MAP = Exercise(
    name="challenges_map",
    reference=solution.challenges_map,
    examples=[Example(())],
    comparer=lambda got, _expected, _example: _describe_problem(got),
    show_call=False,
    praise=_praise,
)


def check_challenges_map(fn: Any, seed: int | None = None) -> Feedback:
    """Check a function returning a connected edge list of at least MIN_MAP_EDGES (source, target) pairs."""
    return CHALLENGES_MAP.check(fn, seed)


__all__ = ["check_cagr", "check_challenges_map", "check_months_of_runway"]
