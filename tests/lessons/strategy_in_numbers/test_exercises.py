import math

import numpy as np
import pytest

from utils.lessons.strategy_in_numbers import exercises as checks
from utils.lessons.strategy_in_numbers import solutions as solution

CHECKS = {
    "ltv_to_cac": checks.check_ltv_to_cac,
    "bass_step": checks.check_bass_step,
    "p90": checks.check_p90,
    "flywheel_threshold": checks.check_flywheel_threshold,
}


def stub(*args, **kwargs):
    raise NotImplementedError


@pytest.mark.parametrize("name", CHECKS)
def test_solution_passes_and_stub_is_not_attempted(name):
    assert CHECKS[name](getattr(solution, name)).status == "passed"
    assert CHECKS[name](stub).status == "not_attempted"


def test_legitimate_variants_pass():
    assert checks.check_ltv_to_cac(lambda r, g, c, cac: (r * g * (1 / c)) / cac).passed
    assert checks.check_bass_step(lambda n, p, q, m: p * (m - n) + q * n * (m - n) / m).passed
    assert checks.check_p90(lambda s: float(np.quantile(s, 0.9))).passed

    def threshold(g, c, k, d, e):
        if g <= c:
            return math.inf
        return max(0.0, (c * k / (g - c) - e) / d)

    assert checks.check_flywheel_threshold(threshold).passed


@pytest.mark.parametrize(
    "wrong",
    [
        lambda r, g, c, cac: r / c / cac,  # LTV without the margin
        lambda r, g, c, cac: r * g / cac,  # without the churn lifetime
        lambda r, g, c, cac: r * g * c / cac,  # multiplied by churn
        lambda r, g, c, cac: cac / (r * g / c),  # CAC / LTV, inverted
        lambda r, g, c, cac: r * g * 12 / cac,  # a fixed 12-month lifetime
        lambda r, g, c, cac: r * g / (c * 100) / cac,  # churn read as a percentage
    ],
)
def test_ltv_to_cac_wrong_answers_fail(wrong):
    feedback = checks.check_ltv_to_cac(wrong)
    assert feedback.status == "failed" and "expected" in feedback.message


@pytest.mark.parametrize(
    "wrong",
    [
        lambda n, p, q, m: p * (m - n),  # no imitation
        lambda n, p, q, m: (p + q * n) * (m - n),  # imitation not divided by m
        lambda n, p, q, m: n + (p + q * n / m) * (m - n),  # returns cumulative, not new adopters
        lambda n, p, q, m: (p + q * n / m) * m,  # whole market instead of the remaining (m - N)
        lambda n, p, q, m: (p + q * (m - n) / m) * (m - n),  # imitation from non-adopters
        lambda n, p, q, m: (p + q) * (m - n),  # no share of adopters
    ],
)
def test_bass_step_wrong_answers_fail(wrong):
    feedback = checks.check_bass_step(wrong)
    assert feedback.status == "failed" and "expected" in feedback.message


@pytest.mark.parametrize(
    "wrong",
    [
        lambda s: float(np.mean(s) + 1.28 * np.std(s)),  # normal approximation on skewed data
        lambda s: float(np.percentile(s, 0.9)),  # q in percent, not fraction
        lambda s: float(np.percentile(s, 10)),  # the wrong tail
        lambda s: float(np.sort(s)[int(0.9 * len(s))]),  # nearest rank, off by one
        lambda s: float(np.sort(s)[int(0.9 * len(s)) - 1]),  # nearest rank, the other way
        lambda s: float(np.max(s)),  # the maximum
        lambda s: float(np.median(s)),  # P50
    ],
)
def test_p90_wrong_answers_fail(wrong):
    feedback = checks.check_p90(wrong)
    assert feedback.status == "failed" and "expected" in feedback.message


def _no_partner(g, c, k, d, e):
    return math.inf if g <= c else max(0.0, c * k / (g - c) / d)


def _no_clamp(g, c, k, d, e):
    return math.inf if g <= c else (c * k / (g - c) - e) / d


def _no_minus_churn(g, c, k, d, e):
    return max(0.0, (c * k / g - e) / d)


def _no_data_per_user(g, c, k, d, e):
    return math.inf if g <= c else max(0.0, c * k / (g - c) - e)


def _no_inf(g, c, k, d, e):
    return max(0.0, (c * k / (g - c) - e) / d)


@pytest.mark.parametrize("wrong", [_no_partner, _no_clamp, _no_minus_churn, _no_data_per_user, _no_inf])
def test_flywheel_threshold_wrong_answers_fail(wrong):
    feedback = checks.check_flywheel_threshold(wrong)
    assert feedback.status == "failed" and len(feedback.message) > 20


def test_failure_names_the_case_and_the_mistake_or_a_hint():
    feedback = checks.check_ltv_to_cac(lambda r, g, c, cac: r / c / cac)
    assert "healthy SaaS-like customer" in feedback.message and "left out the gross margin" in feedback.message
    feedback = checks.check_ltv_to_cac(lambda r, g, c, cac: r * g * 12 / cac)
    assert "healthy SaaS-like customer" in feedback.message and "Hint" in feedback.message


def _threshold(g, c, k, d, e):
    if g <= c:
        return math.inf
    return max(0.0, (c * k / (g - c) - e) / d)


def _threshold_in_steps(g, c, k, d, e):
    if g <= c:
        return float("inf")
    needed = c * k / (g - c)
    if e >= needed:
        return 0.0
    return (needed - e) / d


def _threshold_numpy(g, c, k, d, e):
    if np.less_equal(g, c):
        return np.inf
    return np.maximum(0.0, np.float64(c) * k / ((g - c) * d) - e / d)


def _p90_by_hand(s):
    x = np.sort(np.asarray(s, dtype=float))
    position = 0.9 * (len(x) - 1)
    low = int(np.floor(position))
    high = min(low + 1, len(x) - 1)
    return float(x[low] + (position - low) * (x[high] - x[low]))


def _p90_sorting_in_place(s):
    s.sort()
    return float(np.percentile(s, 90))


def _flywheel_strict(g, c, k, d, e):
    return math.inf if g < c else max(0.0, (c * k / (g - c) - e) / d)


WRONG = {
    "ltv_to_cac": [
        (lambda r, g, c, cac: r / c / cac, "left out the gross margin"),
        (lambda r, g, c, cac: r * g / cac, "expected"),
        (lambda r, g, c, cac: r * g * c / cac, "multiplied by the churn"),
        (lambda r, g, c, cac: cac / (r * g / c), "divided the acquisition cost by the lifetime value"),
        (lambda r, g, c, cac: r * g * 12 / cac, "expected"),
        (lambda r, g, c, cac: r * g / c - cac, "subtracted the acquisition cost"),
        (lambda r, g, c, cac: r * g * (1 / c - 1) / cac, "1 / churn - 1"),
    ],
    "bass_step": [
        (lambda n, p, q, m: p * (m - n), "expected"),
        (lambda n, p, q, m: (p + q * n) * (m - n), "q N instead of q N / m"),
        (lambda n, p, q, m: n + (p + q * n / m) * (m - n), "new total"),
        (lambda n, p, q, m: (p + q * n / m) * m, "whole market m"),
        (lambda n, p, q, m: (p + q * (m - n) / m) * (m - n), "expected"),
        (lambda n, p, q, m: q * n / m * (m - n), "innovation term p"),
    ],
    "p90": [
        (lambda s: float(np.mean(s) + 1.28 * np.std(s)), "expected"),
        (lambda s: float(np.percentile(s, 0.9)), "percent (90)"),
        (lambda s: float(np.percentile(s, 10)), "10th percentile"),
        (lambda s: float(np.sort(s)[min(int(0.9 * len(s)), len(s) - 1)]), "without interpolating"),
        (lambda s: float(np.sort(s)[int(0.9 * (len(s) - 1))]), "rounded the position"),
        (lambda s: float(np.percentile(s, 90, method="nearest")), "expected"),
        (lambda s: float(np.median(s)), "expected"),
        (_p90_sorting_in_place, "changed its input"),
    ],
    "flywheel_threshold": [
        (_no_partner, "left out the partner data"),
        (_no_clamp, "goes negative"),
        (_no_minus_churn, "growth instead of growth - churn"),
        (_no_data_per_user, "data_per_user"),
        (_no_inf, "churn above growth"),
        (_flywheel_strict, "growth equal to churn"),
    ],
}
RIGHT = {
    "ltv_to_cac": [
        lambda r, g, c, cac: (r * g * (1 / c)) / cac,
        lambda r, g, c, cac: (r * g) / (c * cac),
        lambda r, g, c, cac: float(np.float64(r) * g / c / cac),
    ],
    "bass_step": [
        lambda n, p, q, m: p * (m - n) + q * n * (m - n) / m,
        lambda n, p, q, m: m * (p + q * (n / m)) * (1 - n / m),
        lambda n, p, q, m: float(np.multiply(p + q * n / m, m - n)),
    ],
    "p90": [lambda s: float(np.quantile(s, 0.9)), _p90_by_hand, lambda s: np.percentile(np.asarray(s), 90.0)],
    "flywheel_threshold": [_threshold, _threshold_in_steps, _threshold_numpy],
}


@pytest.mark.parametrize(
    "name, wrong, words", [(n, w, s) for n, cases in WRONG.items() for w, s in cases], ids=lambda v: str(v)[:20]
)
def test_plausible_wrong_answers_fail_with_reason(name, wrong, words):
    feedback = CHECKS[name](wrong)
    assert feedback.status == "failed" and words in feedback.message, str(feedback)
    assert "\n" not in feedback.message


@pytest.mark.parametrize("name, right", [(n, r) for n, rights in RIGHT.items() for r in rights])
def test_right_answers_written_differently_pass(name, right):
    feedback = CHECKS[name](right)
    assert feedback.passed, str(feedback)
