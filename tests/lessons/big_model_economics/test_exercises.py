import math

import numpy as np
import pytest

from utils.lessons.big_model_economics import exercises as checks
from utils.lessons.big_model_economics import solutions as solution

CHECKS = {
    "training_flops": checks.check_training_flops,
    "training_cost": checks.check_training_cost,
    "compute_optimal_params": checks.check_compute_optimal_params,
    "break_even_volume": checks.check_break_even_volume,
}


def stub(*args, **kwargs):
    raise NotImplementedError


@pytest.mark.parametrize("name", list(CHECKS))
def test_solution_passes_and_stub_is_not_attempted(name):
    assert CHECKS[name](getattr(solution, name)).status == "passed"
    assert CHECKS[name](stub).status == "not_attempted"


def test_solutions_match_the_published_figures():
    assert solution.training_flops(175e9, 300e9) == pytest.approx(3.15e23)
    assert solution.compute_optimal_params(6 * 70e9 * 1.4e12) == pytest.approx(70e9)
    assert math.isinf(solution.break_even_volume(1.0, 1.0, 0.5))


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda n, d: 2 * n * d, "expected 3.15e+23, got 1.05e+23"),  # forward pass only
        (lambda n, d: 6 * n + d, "expected"),
        (lambda n, d: 6 * n * d / 1e9, "expected"),
    ],
)
def test_training_flops_wrong_answers(wrong, words):
    feedback = checks.check_training_flops(wrong)
    assert feedback.status == "failed" and words in feedback.message


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda n, d, peak, mfu, price: 6 * n * d / peak / 3600 * price, "left out the MFU"),
        (lambda n, d, peak, mfu, price: 6 * n * d / (peak * mfu) * price, "divide the seconds by 3600"),
        (lambda n, d, peak, mfu, price: 6 * n * d * mfu / peak / 3600 * price, "multiplied by the MFU"),
        (lambda n, d, peak, mfu: 6 * n * d / (peak * mfu) / 3600, "raised TypeError"),
    ],
)
def test_training_cost_wrong_answers(wrong, words):
    feedback = checks.check_training_cost(wrong)
    assert feedback.status == "failed" and words in feedback.message
    assert "Hint" in feedback.message or "raised" in feedback.message or "It looks like" in feedback.message


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda c: math.sqrt(c / 6), "a budget of 5.88e+23 FLOPs"),  # forgot the 20 tokens per parameter
        (lambda c: c / 120, "forgot the square root"),
        (lambda c: 20 * math.sqrt(c / 120), "returned the tokens"),
    ],
)
def test_compute_optimal_params_wrong_answers(wrong, words):
    feedback = checks.check_compute_optimal_params(wrong)
    assert feedback.status == "failed" and words in feedback.message


def _no_inf(fixed, c, p):
    return fixed / (p - c)


def _negative_instead_of_inf(fixed, c, p):
    return fixed / (p - c) if p != c else math.inf


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda fixed, c, p: fixed / p, "cheap self-hosting"),  # ignores self-hosting's cost per token
        (lambda fixed, c, p: (p - c) / fixed if fixed else 0.0, "cheap self-hosting"),  # upside down
        (_no_inf, "ZeroDivisionError"),
        (_negative_instead_of_inf, "the API is cheaper per token"),
    ],
)
def test_break_even_wrong_answers(wrong, words):
    feedback = checks.check_break_even_volume(wrong)
    assert feedback.status == "failed" and words in feedback.message


@pytest.mark.parametrize(
    "check, wrong",
    [
        (checks.check_training_flops, lambda n, d: round(6 * n * d, -20)),
        (checks.check_training_flops, lambda n, d: str(6 * n * d)),
        (checks.check_training_cost, lambda n, d, peak, mfu, price: 6 * n * d / (peak * mfu) / 3600),
        (checks.check_compute_optimal_params, lambda c: math.sqrt(c / 20)),
        (checks.check_compute_optimal_params, lambda c: int(math.sqrt(c / 120) // 1e6 * 1e6)),
        (checks.check_break_even_volume, lambda fixed, c, p: math.inf if p <= c else fixed / (p + c)),
    ],
)
def test_more_plausible_wrong_answers(check, wrong):
    assert check(wrong).status == "failed"


def test_legitimate_variants_pass():
    assert checks.check_training_flops(lambda n, d: float(6) * n * d).passed
    assert checks.check_compute_optimal_params(lambda c: (c / 120) ** 0.5).passed
    assert checks.check_break_even_volume(lambda f, c, p: f / (p - c) if p > c else float("inf")).passed
    assert checks.check_training_cost(lambda n, d, peak, mfu, price: price * 6 * n * d / peak / mfu / 3600).passed


CHECKS = {
    "training_flops": checks.check_training_flops,
    "training_cost": checks.check_training_cost,
    "compute_optimal_params": checks.check_compute_optimal_params,
    "break_even_volume": checks.check_break_even_volume,
}


def _break_even_strict(fixed, c, p):
    return math.inf if p < c else fixed / (p - c)


def _break_even_zero(fixed, c, p):
    return fixed / (p - c) if p > c else 0.0


def _break_even_none(fixed, c, p):
    if p > c:
        return fixed / (p - c)


def _break_even_numpy(fixed, c, p):
    margin = np.float64(p) - c
    return np.inf if margin <= 0 else fixed / margin


def _break_even_try(fixed, c, p):
    try:
        volume = fixed / (p - c)
    except ZeroDivisionError:
        return math.inf
    return volume if p > c else math.inf


WRONG = {
    "training_flops": [
        (lambda n, d: 2 * n * d, "forward pass only"),
        (lambda n, d: 6 * n + d, "added instead of multiplying"),
        (lambda n, d: 6 * n * d / 1e9, "billions"),
        (lambda n, d: 3 * n * d, "3 N D"),
        (lambda n, d: 8 * n * d, "expected 3.15e+23"),
        (lambda n, d: str(6 * n * d), "string"),
        (lambda n, d: round(6 * n * d, -20), "expected"),
    ],
    "training_cost": [
        (lambda n, d, f, u, p: 6 * n * d / f / 3600 * p, "left out the MFU"),
        (lambda n, d, f, u, p: 6 * n * d * u / f / 3600 * p, "multiplied by the MFU"),
        (lambda n, d, f, u, p: 6 * n * d / (f * u) * p, "divide the seconds by 3600"),
        (lambda n, d, f, u, p: 6 * n * d / (f * u) / 60 * p, "60 instead of 3600"),
        (lambda n, d, f, u, p: 2 * n * d / (f * u) / 3600 * p, "forward pass only"),
        (lambda n, d, f, u, p: 6 * n * d / (f * u) / 3600, "expected"),
        (lambda n, d, f, u, p: 6 * n * d / (f * u) / 86400 * p, "expected"),
    ],
    "compute_optimal_params": [
        (lambda c: math.sqrt(c / 6), "20 tokens per parameter"),
        (lambda c: c / 120, "forgot the square root"),
        (lambda c: 20 * math.sqrt(c / 120), "returned the tokens"),
        (lambda c: math.sqrt(c / 20), "C = 20 N**2"),
        (lambda c: (c / 120) ** (1 / 3), "expected"),
        (lambda c: math.sqrt(c) / 120, "expected"),
        (lambda c: int(math.sqrt(c / 120) // 1e6 * 1e6), "expected"),
    ],
    "break_even_volume": [
        (lambda fixed, c, p: fixed / p, "divided by the API price alone"),
        (lambda fixed, c, p: (p - c) / fixed if fixed else 0.0, "upside down"),
        (_no_inf, "ZeroDivisionError"),
        (_negative_instead_of_inf, "negative volume"),
        (lambda fixed, c, p: math.inf if p <= c else fixed / (p + c), "added the two costs"),
        (_break_even_strict, "ZeroDivisionError"),
        (_break_even_zero, "returned 0 when the API is cheaper"),
        (_break_even_none, "one path through your function"),
    ],
}
RIGHT = {
    "training_flops": [lambda n, d: float(6) * n * d, lambda n, d: n * d * 6, lambda n, d: np.multiply(6.0 * n, d)],
    "training_cost": [
        lambda n, d, peak, mfu, price: price * 6 * n * d / peak / mfu / 3600,
        lambda n, d, peak, mfu, price: 6 * n * d / (peak * mfu * 3600) * price,
        lambda n, d, peak, mfu, price: float(np.float64(6 * n * d) / (peak * mfu) / 3600 * price),
    ],
    "compute_optimal_params": [
        lambda c: (c / 120) ** 0.5,
        lambda c: float(np.sqrt(c / 6 / 20)),
        lambda c: round(math.sqrt(c / 120)),  # a whole number of parameters is right too
    ],
    "break_even_volume": [
        lambda f, c, p: f / (p - c) if p > c else float("inf"),
        _break_even_numpy,
        _break_even_try,
    ],
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
