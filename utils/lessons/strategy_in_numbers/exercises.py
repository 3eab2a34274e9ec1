"""Checkers for notebook 02 (strategy in numbers)."""

from __future__ import annotations

from typing import Any

import numpy as np

from utils.checking import Case, Feedback, check_function
from utils.lessons.strategy_in_numbers import solutions as solution


def _check_cases(fn: Any, name: str, inputs: list, hint: str, rtol: float = 1e-6, show_args: bool = True) -> Feedback:
    """Run the learner's fn against the reference solution `name` on (args, label) inputs."""
    reference = getattr(solution, name)
    cases = [Case(args, reference(*args), label=f"{label} {args}" if show_args else label) for args, label in inputs]
    return check_function(fn, cases, name, rtol=rtol, hint=hint)


def check_ltv_to_cac(fn: Any) -> Feedback:
    """Check ltv_to_cac(monthly_revenue, margin, monthly_churn, acquisition_cost)."""
    inputs = [
        ((100.0, 0.6, 0.05, 400.0), "a healthy SaaS-like customer"),
        ((50.0, 0.8, 0.02, 1000.0), "a cheap, sticky customer"),
        ((2000.0, 0.3, 0.1, 3000.0), "an enterprise customer on a thin margin"),
        ((100.0, -0.2, 0.05, 400.0), "a negative margin (each answer costs more than it earns)"),
        ((100.0, 0.6, 1.0, 400.0), "a customer who always leaves after one month"),
    ]
    return _check_cases(
        fn,
        "ltv_to_cac",
        inputs,
        rtol=1e-6,
        hint="lifetime value = monthly revenue x gross margin x expected lifetime, and the expected "
        "lifetime is 1 / monthly churn months; divide that by the acquisition cost.",
    )


def check_bass_step(fn: Any) -> Feedback:
    """Check bass_step(cumulative, p, q, m): next period's new adopters."""
    inputs = [
        ((0.0, 0.03, 0.38, 1000.0), "the first period (no adopters yet)"),
        ((200.0, 0.03, 0.38, 1000.0), "early growth"),
        ((600.0, 0.03, 0.38, 1000.0), "past the peak"),
        ((50.0, 0.01, 0.5, 400.0), "a product spread mostly by imitation"),
        ((1000.0, 0.03, 0.38, 1000.0), "a saturated market"),
    ]
    return _check_cases(
        fn,
        "bass_step",
        inputs,
        rtol=1e-6,
        hint="the people who have not adopted yet, m - N, each adopt with probability p (innovation) "
        "plus q times the share who already have, N / m (imitation); return the new adopters only.",
    )


def _skewed_samples() -> np.ndarray:
    return np.random.default_rng(20240211).lognormal(mean=3.0, sigma=0.6, size=401)


def check_p90(fn: Any) -> Feedback:
    """Check p90(samples): the 90th percentile with linear interpolation."""
    small = np.arange(1.0, 11.0)
    inputs = [
        ((small,), "the numbers 1 to 10"),
        ((_skewed_samples(),), "401 right-skewed durations"),
        ((np.array([5.0, 5.0, 5.0]),), "three equal samples"),
        ((np.array([30.0, 10.0, 20.0, 40.0]),), "four unsorted samples"),
    ]
    return _check_cases(
        fn,
        "p90",
        inputs,
        show_args=False,
        rtol=1e-9,
        hint="use np.percentile(samples, 90) (q is in percent, 0-100) or np.quantile(samples, 0.9); "
        "mean + 1.28 sigma only works for normal data, and simulated schedules are skewed.",
    )


def check_flywheel_threshold(fn: Any) -> Feedback:
    """Check flywheel_threshold(growth, churn, half_quality_data, data_per_user, partner_data)."""
    inputs = [
        ((0.30, 0.08, 50_000.0, 1.0, 0.0), "the notebook's base case"),
        ((0.30, 0.08, 50_000.0, 2.5, 0.0), "users who bring more data"),
        ((0.30, 0.08, 50_000.0, 1.0, 10_000.0), "a data partnership"),
        ((0.30, 0.08, 50_000.0, 1.0, 30_000.0), "partner data alone is enough (threshold 0)"),
        ((0.05, 0.08, 50_000.0, 1.0, 0.0), "churn above growth (never takes off: math.inf)"),
        ((0.50, 0.05, 20_000.0, 0.5, 0.0), "fast growth, low churn"),
    ]
    return _check_cases(
        fn,
        "flywheel_threshold",
        inputs,
        rtol=1e-6,
        hint="growth x D / (D + K) > churn gives D > churn K / (growth - churn); D = data_per_user x "
        "users + partner_data, solved for users; return 0 when partner data suffices and math.inf "
        "when growth <= churn.",
    )


__all__ = ["check_bass_step", "check_flywheel_threshold", "check_ltv_to_cac", "check_p90"]
