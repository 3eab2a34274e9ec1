"""Checkers for notebook 02 (strategy in numbers)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from utils.checking import Example, Exercise, Feedback
from utils.lessons.strategy_in_numbers import solutions as solution


def _draw_customer(rng: np.random.Generator) -> tuple:
    revenue = float(np.round(10 ** rng.uniform(0, 4), 2))
    margin = float(rng.choice([0.0, 1.0])) if rng.random() < 0.1 else float(np.round(rng.uniform(-0.5, 1.0), 3))
    churn = 1.0 if rng.random() < 0.1 else float(np.round(rng.uniform(0.005, 1.0), 4))
    return revenue, margin, churn, float(np.round(10 ** rng.uniform(1, 4), 2))


LTV_TO_CAC = Exercise(
    name="ltv_to_cac",
    reference=solution.ltv_to_cac,
    examples=[
        Example((100.0, 0.6, 0.05, 400.0), "a healthy SaaS-like customer"),
        Example((50.0, 0.8, 0.02, 1000.0), "a cheap, sticky customer"),
        Example((2000.0, 0.3, 0.1, 3000.0), "an enterprise customer on a thin margin"),
    ],
    edges=[
        Example((100.0, -0.2, 0.05, 400.0), "a negative margin (each answer costs more than it earns)"),
        Example((100.0, 0.6, 1.0, 400.0), "a customer who always leaves after one month"),
        Example((100.0, 0.0, 0.05, 400.0), "a zero margin"),
        Example((0.0, 0.6, 0.05, 400.0), "a customer who pays nothing"),
        Example((100.0, 0.6, 0.001, 400.0), "a very loyal customer (0.1% churn a month)"),
        Example((120, 1, 1, 40), "whole numbers"),
        Example((29.0, 0.7, 0.035, 310.0), "a ratio that is not a round number (do not round it)"),
    ],
    draw=_draw_customer,
    rtol=1e-9,
    atol=1e-12,
    hint="lifetime value = monthly revenue x gross margin x expected lifetime, and the expected "
    "lifetime is 1 / monthly churn months; divide that by the acquisition cost.",
    suspects={
        "you divided the acquisition cost by the lifetime value; the ratio is LTV / CAC": lambda r, m, c, a: (
            a / (r * m / c)
        ),
        "you left out the gross margin: lifetime value counts profit, not revenue": lambda r, m, c, a: r / c / a,
        "you multiplied by the churn; the expected lifetime is 1 / churn months": lambda r, m, c, a: r * m * c / a,
        "you subtracted the acquisition cost instead of dividing by it": lambda r, m, c, a: r * m / c - a,
        "you used 1 / churn - 1 months as the lifetime; a customer pays in the month they leave too": (
            lambda r, m, c, a: r * m * (1 / c - 1) / a
        ),
    },
)


def check_ltv_to_cac(fn: Any, seed: int | None = None) -> Feedback:
    """Check ltv_to_cac(monthly_revenue, margin, monthly_churn, acquisition_cost)."""
    return LTV_TO_CAC.check(fn, seed)


def _draw_adoption(rng: np.random.Generator) -> tuple:
    m = float(np.round(10 ** rng.uniform(2, 8)))
    share = float(rng.choice([0.0, 1.0])) if rng.random() < 0.15 else float(rng.uniform(0, 1))
    p = 0.0 if rng.random() < 0.1 else float(np.round(rng.uniform(0.001, 0.1), 4))
    # p + q <= 1 keeps the new adopters at most the m - N left (the model's own domain), so an answer that caps
    # them at m - N is right too
    q = 0.0 if rng.random() < 0.1 else float(np.floor(rng.uniform(0.0, 1.0 - p) * 1000) / 1000)
    return float(np.round(share * m, 1)), p, q, m


BASS_STEP = Exercise(
    name="bass_step",
    reference=solution.bass_step,
    examples=[
        Example((200.0, 0.03, 0.38, 1000.0), "early growth"),
        Example((600.0, 0.03, 0.38, 1000.0), "past the peak"),
        Example((50.0, 0.01, 0.5, 400.0), "a product spread mostly by imitation"),
    ],
    edges=[
        Example((0.0, 0.03, 0.38, 1000.0), "the first period (no adopters yet)"),
        Example((1000.0, 0.03, 0.38, 1000.0), "a saturated market (everyone has adopted)"),
        Example((0.0, 0.0, 0.5, 1000.0), "no innovators and no adopters yet (nothing can start)"),
        Example((300.0, 0.05, 0.0, 1000.0), "no imitation (q = 0)"),
        Example((999.0, 0.03, 0.38, 1000.0), "one person left to adopt"),
        Example((250, 0.02, 0.4, 2000), "whole-number counts"),
    ],
    draw=_draw_adoption,
    rtol=1e-9,
    atol=1e-9,
    scale=lambda n, p, q, m: m,  # the terms of the expanded form p m + (q - p) N - q N^2 / m are as large as m
    hint="the people who have not adopted yet, m - N, each adopt with probability p (innovation) "
    "plus q times the share who already have, N / m (imitation); return the new adopters only.",
    suspects={
        "you used q N instead of q N / m: imitation depends on the share who have adopted": lambda n, p, q, m: (
            (p + q * n) * (m - n)
        ),
        "you returned the new total (N plus the new adopters); return the new adopters only": lambda n, p, q, m: (
            n + (p + q * n / m) * (m - n)
        ),
        "you multiplied by the whole market m; only the m - N who have not adopted can adopt": lambda n, p, q, m: (
            (p + q * n / m) * m
        ),
        "you left out the innovation term p": lambda n, p, q, m: q * n / m * (m - n),
    },
)


def check_bass_step(fn: Any, seed: int | None = None) -> Feedback:
    """Check bass_step(cumulative, p, q, m): next period's new adopters."""
    return BASS_STEP.check(fn, seed)


def _skewed_samples() -> np.ndarray:
    return np.random.default_rng(20240211).lognormal(mean=3.0, sigma=0.6, size=401)


def _draw_samples(rng: np.random.Generator) -> Example:
    n = int(rng.choice([1, 2, 3, 10, 11, int(rng.integers(4, 400))]))
    kind = str(rng.choice(["lognormal", "normal", "uniform", "integers", "float32"]))
    samples = {
        "lognormal": rng.lognormal(3.0, rng.uniform(0.1, 1.2), size=n),
        "normal": rng.normal(rng.uniform(-50, 50), rng.uniform(0.1, 20), size=n),
        "uniform": rng.uniform(0, 100, size=n),
        "integers": rng.integers(1, 60, size=n),
        "float32": rng.lognormal(2.0, 0.8, size=n).astype(np.float32),
    }[kind]
    return Example((samples,), f"{n} {kind} samples")


P90 = Exercise(
    name="p90",
    reference=solution.p90,
    examples=[
        Example((np.arange(1.0, 11.0),), "the numbers 1 to 10"),
        Example((_skewed_samples(),), "401 right-skewed durations"),
        Example((np.array([30.0, 10.0, 20.0, 40.0]),), "four unsorted samples"),
    ],
    edges=[
        Example((np.array([7.5]),), "a single sample"),
        Example((np.array([2.0, 1.0]),), "two samples"),
        Example((np.array([5.0, 5.0, 5.0]),), "three equal samples"),
        Example((np.arange(11.0)[::-1].copy(),), "11 samples, where the 90th percentile is a sample itself"),
        Example((np.array([-3.0, -10.0, -1.0, -7.0, -2.0]),), "negative durations (a change)"),
        Example((np.arange(1, 21),), "the whole numbers 1 to 20"),
    ],
    draw=_draw_samples,
    rtol=1e-9,
    atol=1e-12,
    scale=lambda samples: float(np.max(np.abs(samples))),
    show_call=False,
    hint="use np.percentile(samples, 90) (q is in percent, 0-100) or np.quantile(samples, 0.9); "
    "mean + 1.28 sigma only works for normal data, and simulated schedules are skewed.",
    suspects={
        "you took the sample at rank 0.9 n without interpolating; the course's P90 (the schedule above) "
        "interpolates linearly between neighbours, as np.percentile(samples, 90) does": lambda x: float(
            np.sort(x)[min(len(x) - 1, int(0.9 * len(x)))]
        ),
        "you rounded the position 0.9 (n - 1) down instead of interpolating between neighbours, as "
        "np.percentile(samples, 90) does": lambda x: float(np.sort(x)[int(0.9 * (len(x) - 1))]),
        "you asked for the 0.9th percentile: np.percentile takes percent (90), np.quantile a fraction (0.9)": (
            lambda x: float(np.percentile(x, 0.9))
        ),
        "you computed the 10th percentile; P90 has 90% of the samples below it": lambda x: float(np.percentile(x, 10)),
        "you used mean + 1.28 standard deviations, which holds only for normal data": lambda x: float(
            np.mean(x) + 1.2815515655446004 * np.std(x)
        ),
    },
)


def check_p90(fn: Any, seed: int | None = None) -> Feedback:
    """Check p90(samples): the 90th percentile with linear interpolation."""
    return P90.check(fn, seed)


def _draw_flywheel(rng: np.random.Generator) -> tuple:
    growth = float(np.round(rng.uniform(0.0, 1.0), 3))
    churn = float(np.round(rng.uniform(0.0, growth if rng.random() < 0.8 else 1.0), 3))
    if rng.random() < 0.1:
        churn = growth
    half = float(np.round(10 ** rng.uniform(3, 6)))
    per_user = float(np.round(rng.uniform(0.1, 5.0), 2))
    needed = churn * half / (growth - churn) if growth > churn else half
    partner = 0.0 if rng.random() < 0.4 else float(np.round(rng.uniform(0.0, 2.0) * needed, 1))
    return growth, churn, half, per_user, partner


def _flywheel_scale(growth: float, churn: float, half: float, per_user: float, partner: float) -> float:
    """The size of the two terms that cancel when partner data is almost enough."""
    needed = churn * half / (growth - churn) if growth > churn else 0.0
    return (needed + partner) / per_user if per_user > 0 else needed + partner


FLYWHEEL_THRESHOLD = Exercise(
    name="flywheel_threshold",
    reference=solution.flywheel_threshold,
    examples=[
        Example((0.30, 0.08, 50_000.0, 1.0, 0.0), "the notebook's base case"),
        Example((0.30, 0.08, 50_000.0, 2.5, 0.0), "users who bring more data"),
        Example((0.30, 0.08, 50_000.0, 1.0, 10_000.0), "a data partnership"),
    ],
    edges=[
        Example((0.30, 0.08, 50_000.0, 1.0, 30_000.0), "partner data alone is more than enough (threshold 0)"),
        Example((0.5, 0.25, 40_000.0, 1.0, 40_000.0), "partner data exactly enough (threshold 0)"),
        Example((0.05, 0.08, 50_000.0, 1.0, 0.0), "churn above growth (never takes off: math.inf)"),
        Example((0.2, 0.2, 50_000.0, 1.0, 0.0), "growth equal to churn (never takes off: math.inf)"),
        Example((0.3, 0.0, 50_000.0, 1.0, 0.0), "no churn at all (threshold 0)"),
        Example((0.50, 0.05, 20_000.0, 0.5, 0.0), "fast growth, low churn"),
        Example((1, 0.5, 1000, 2, 0), "whole numbers"),
        Example((0.30, 0.08, 50_000.0, 2.5, 10_000.0), "users who bring more data and a data partnership"),
    ],
    draw=_draw_flywheel,
    rtol=1e-9,
    atol=1e-9,
    scale=_flywheel_scale,
    hint="growth x D / (D + K) > churn gives D > churn K / (growth - churn); D = data_per_user x "
    "users + partner_data, solved for users; return 0 when partner data suffices and math.inf "
    "when growth <= churn.",
    suspects={
        "you left out the partner data, which counts towards D": lambda g, c, k, u, e: solution.flywheel_threshold(
            g, c, k, u, 0.0
        ),
        "your threshold goes negative when partner data is more than enough; return 0 then": lambda g, c, k, u, e: (
            math.inf if g <= c else (c * k / (g - c) - e) / u
        ),
        "you divided by growth instead of growth - churn": lambda g, c, k, u, e: (
            math.inf if g <= c else max(0.0, (c * k / g - e) / u)
        ),
        "you forgot to divide by data_per_user to turn data into users": lambda g, c, k, u, e: (
            math.inf if g <= c else max(0.0, c * k / (g - c) - e)
        ),
    },
)


def check_flywheel_threshold(fn: Any, seed: int | None = None) -> Feedback:
    """Check flywheel_threshold(growth, churn, half_quality_data, data_per_user, partner_data)."""
    return FLYWHEEL_THRESHOLD.check(fn, seed)


__all__ = ["check_bass_step", "check_flywheel_threshold", "check_ltv_to_cac", "check_p90"]
