"""Checkers for notebook 01 (the AI big-model startup landscape)."""

from __future__ import annotations

from typing import Any

from utils.checking import NOT_ATTEMPTED, Feedback, check_against, run_learner, warnings_note
from utils.lessons.startup_landscape import solutions as solution

MIN_MAP_EDGES = 6


def check_cagr(fn: Any) -> Feedback:
    """Check cagr(start, end, years): the constant yearly rate that turns start into end."""
    inputs = [
        (36.9, 190.8, 7),
        (100.0, 200.0, 1),
        (100.0, 400.0, 2),
        (80.0, 80.0, 5),
        (50.0, 25.0, 2),
        (10.0, 30.0, 2.5),
    ]
    return check_against(
        fn,
        solution.cagr,
        inputs,
        "cagr",
        rtol=1e-6,
        hint="growth compounds: start x (1 + r)**years = end, so "
        "r = (end / start)**(1 / years) - 1; return a fraction (0.26, not 26).",
    )


def check_months_of_runway(fn: Any) -> Feedback:
    """Check months_of_runway(cash, team_size, cost_per_person_month, compute_per_month, revenue)."""
    inputs = [
        (1_000_000.0, 5, 15_000.0, 25_000.0, 0.0),
        (3_000_000.0, 10, 12_000.0, 30_000.0, 50_000.0),
        (500_000.0, 2, 10_000.0, 5_000.0, 5_000.0),
        (2_000_000.0, 4, 15_000.0, 10_000.0, 90_000.0),
        (2_000_000.0, 4, 15_000.0, 10_000.0, 70_000.0),
        (1_000_000.0, 3, 14_000.0, 7_500.0, 1_000.0),
        (250_000.0, 1, 9_000.0, 4_000.0, 0.0),
    ]
    labels = [
        "no revenue",
        "some revenue",
        "small team",
        "profitable (revenue above costs)",
        "revenue exactly equal to costs",
        "a runway that is not a whole number of months",
        "a solo founder (19.2 months)",
    ]
    return check_against(
        fn,
        solution.months_of_runway,
        inputs,
        "months_of_runway",
        [f"{label} {args}" for args, label in zip(inputs, labels)],
        rtol=1e-6,
        hint="monthly burn = team_size x cost_per_person_month + compute - revenue; "
        "runway = cash / burn, and math.inf when the burn is zero or negative.",
    )


def _describe_problem(edges: Any) -> str | None:
    from utils.lessons.startup_landscape.concept_maps import draw_concept_map, is_connected, validate_edges

    if not isinstance(edges, list):
        return f"return a list of (source, target) tuples, not a {type(edges).__name__}."
    for i, edge in enumerate(edges):
        if not isinstance(edge, tuple) or len(edge) not in (2, 3) or not all(isinstance(part, str) for part in edge):
            return f"edge {i} should be a (source, target) tuple of two strings, got {edge!r}."
    try:
        checked = validate_edges(edges)
    except ValueError as err:
        return str(err)
    if len(checked) < MIN_MAP_EDGES:
        return f"the map has {len(checked)} edges; draw at least {MIN_MAP_EDGES} so it says something."
    if not is_connected(checked):
        return (
            "the map falls apart into separate pieces; link every concept to the rest "
            "(ignoring arrow directions, you must be able to walk from any node to any other)."
        )
    try:
        draw_concept_map(edges, title="check")
    except Exception as err:  # the drawing helper failed: report, never raise
        return f"the map could not be drawn: {type(err).__name__}: {err}"
    return None


def check_challenges_map(fn: Any) -> Feedback:
    """Check a function returning a connected edge list of at least MIN_MAP_EDGES (source, target) pairs."""
    name = "challenges_map"
    if not callable(fn):
        return Feedback(name, "failed", f"expected a function, got {type(fn).__name__}.")
    outcome = run_learner(fn)
    if outcome.not_attempted:
        return Feedback(name, "not_attempted", NOT_ATTEMPTED)
    if outcome.error is not None:
        return Feedback(name, "failed", outcome.error_sentence() + "." + warnings_note(outcome.warnings))
    edges = outcome.value
    if edges is None:
        return Feedback(name, "failed", "returned None: did you forget the `return` statement?")
    try:
        problem = _describe_problem(edges)
    except Exception as err:  # noqa: BLE001 - a strange value that even the description could not read
        problem = f"the returned value could not be read as a list of edges ({type(err).__name__}: {err})."
    if problem:
        return Feedback(name, "failed", problem)
    nodes = {n for e in edges for n in e[:2]}
    return Feedback(
        name,
        "passed",
        f"a connected map of {len(nodes)} concepts and {len(edges)} arrows "
        "that the course's helper can draw. Well done!" + warnings_note(outcome.warnings),
    )


__all__ = ["check_cagr", "check_challenges_map", "check_months_of_runway"]
