"""Reference solutions for notebook 02 (strategy in numbers): thin wrappers over the lesson's helpers."""

from __future__ import annotations

from typing import Any

from utils.lessons.strategy_in_numbers import helpers


def ltv_to_cac(monthly_revenue: float, margin: float, monthly_churn: float, acquisition_cost: float) -> float:
    """Return lifetime gross profit (revenue x margin / churn) divided by the acquisition cost."""
    return helpers.ltv_to_cac(monthly_revenue, margin, monthly_churn, acquisition_cost)


def bass_step(cumulative: float, p: float, q: float, m: float) -> float:
    """Return next period's new adopters: (p + q N / m) (m - N)."""
    return helpers.bass_step(cumulative, p, q, m)


def p90(samples: Any) -> float:
    """Return the 90th percentile of the samples (linear interpolation, as np.percentile does)."""
    return helpers.percentile(samples, 90)


def flywheel_threshold(
    growth: float, churn: float, half_quality_data: float, data_per_user: float, partner_data: float
) -> float:
    """Return the user count above which the flywheel grows on its own (0 or inf at the extremes)."""
    fw = helpers.Flywheel(
        growth=growth,
        churn=churn,
        half_quality_data=half_quality_data,
        data_per_user=data_per_user,
        partner_data=partner_data,
    )
    return helpers.flywheel_threshold(fw)
