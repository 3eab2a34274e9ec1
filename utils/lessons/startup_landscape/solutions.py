"""Reference solutions for notebook 01 (the AI big-model startup landscape)."""

from __future__ import annotations

import math


def cagr(start: float, end: float, years: float) -> float:
    """Return the compound annual growth rate that takes `start` to `end` in `years` years."""
    return (end / start) ** (1.0 / years) - 1.0


def months_of_runway(
    cash: float, team_size: int, cost_per_person_month: float, compute_per_month: float, revenue_per_month: float = 0.0
) -> float:
    """Return how many months the cash lasts at a constant monthly burn (math.inf if none)."""
    burn = team_size * cost_per_person_month + compute_per_month - revenue_per_month
    if burn <= 0:
        return math.inf
    return cash / burn


def challenges_map() -> list[tuple[str, str]]:
    """Return a concept map linking the articles' challenges to what a startup can do about them."""
    return [
        ("Big-model startup", "Compute cost"),
        ("Big-model startup", "Data privacy"),
        ("Big-model startup", "Talent shortage"),
        ("Big-model startup", "Interpretability"),
        ("Big-model startup", "Competition"),
        ("Compute cost", "Cloud credits and smaller models"),
        ("Data privacy", "Federated learning, anonymisation"),
        ("Talent shortage", "Training and knowledge sharing"),
        ("Interpretability", "Explanations and audits"),
        ("Competition", "A focused niche"),
    ]
