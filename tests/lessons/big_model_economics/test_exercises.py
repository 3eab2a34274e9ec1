import math

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
        (lambda n, d, peak, mfu, price: 6 * n * d / peak / 3600 * price, "expected"),  # ignores MFU
        (lambda n, d, peak, mfu, price: 6 * n * d / (peak * mfu) * price, "expected"),  # seconds, not hours
        (lambda n, d, peak, mfu, price: 6 * n * d * mfu / peak / 3600 * price, "expected"),  # MFU multiplied
        (lambda n, d, peak, mfu: 6 * n * d / (peak * mfu) / 3600, "raised TypeError"),
    ],
)
def test_training_cost_wrong_answers(wrong, words):
    feedback = checks.check_training_cost(wrong)
    assert feedback.status == "failed" and words in feedback.message
    assert "Hint" in feedback.message or "raised" in feedback.message


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda c: math.sqrt(c / 6), "budget 5.88e+23"),  # forgot the 20 tokens per parameter
        (lambda c: c / 120, "budget 5.88e+23"),  # no square root
        (lambda c: 20 * math.sqrt(c / 120), "budget 5.88e+23"),  # returned tokens, not parameters
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
        (_negative_instead_of_inf, "API cheaper per token"),
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
