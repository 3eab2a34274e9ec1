import math

import numpy as np
import pytest

from utils.lessons.startup_landscape import exercises as checks
from utils.lessons.startup_landscape import solutions as solution


def stub(*args, **kwargs):
    raise NotImplementedError


def test_solutions_pass():
    assert checks.check_cagr(solution.cagr).status == "passed"
    assert checks.check_months_of_runway(solution.months_of_runway).status == "passed"
    assert checks.check_challenges_map(solution.challenges_map).status == "passed"


def test_stubs_are_not_attempted():
    for check in (checks.check_cagr, checks.check_months_of_runway, checks.check_challenges_map):
        feedback = check(stub)
        assert feedback.status == "not_attempted", feedback
        assert "not attempted" in feedback.message


def test_solution_reproduces_the_market_claim():
    assert solution.cagr(36.9, 190.8, 7) == pytest.approx(0.26455, abs=1e-5)


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda s, e, y: (e / s - 1) / y, "expected 0.264"),  # simple, not compound, growth
        (lambda s, e, y: (e / s) ** (1 / y), "expected 0.264"),  # forgot the "- 1"
        (lambda s, e, y: 100 * ((e / s) ** (1 / y) - 1), "a fraction"),  # a percentage
        (lambda s, e, y: (e / s) ** (1 / (y - 1)) - 1, "expected"),  # counted 2021..2028 as 6 years
        (lambda s, e: (e / s) - 1, "raised TypeError"),  # wrong signature
    ],
)
def test_cagr_wrong_answers_fail_with_reason(wrong, words):
    feedback = checks.check_cagr(wrong)
    assert feedback.status == "failed"
    assert words in feedback.message


def _ignore_revenue(cash, team, cost, compute, revenue=0.0):
    return cash / (team * cost + compute)


def _negative_when_profitable(cash, team, cost, compute, revenue=0.0):
    return cash / (team * cost + compute - revenue)


def _annual_salary_mistake(cash, team, cost, compute, revenue=0.0):
    burn = team * cost / 12 + compute - revenue
    return math.inf if burn <= 0 else cash / burn


def _forgot_compute(cash, team, cost, compute, revenue=0.0):
    burn = team * cost - revenue
    return math.inf if burn <= 0 else cash / burn


def _zero_division_at_break_even(cash, team, cost, compute, revenue=0.0):
    burn = team * cost + compute - revenue
    return math.inf if burn < 0 else cash / burn


@pytest.mark.parametrize(
    "wrong, words",
    [
        (_ignore_revenue, "some revenue"),
        (_negative_when_profitable, "profitable"),
        (_annual_salary_mistake, "no revenue"),
        (_forgot_compute, "no revenue"),
        (_zero_division_at_break_even, "ZeroDivisionError"),
    ],
)
def test_months_of_runway_wrong_answers_fail_with_reason(wrong, words):
    feedback = checks.check_months_of_runway(wrong)
    assert feedback.status == "failed"
    assert words in feedback.message
    assert "Hint" in feedback.message or "raised" in feedback.message


@pytest.mark.parametrize(
    "edges, words",
    [
        ({"Compute cost": "Credits"}, "list of (source, target) tuples"),
        ([("A", "B"), ("B", "C")], "at least 6"),
        ([("A", "B"), ("B", "C"), ("C", "D"), ("E", "F"), ("F", "G"), ("G", "H")], "separate pieces"),
        ([("A", "B"), ("B", "B"), ("B", "C"), ("C", "D"), ("D", "E"), ("E", "F")], "self-loop"),
        ([("A", "B"), ["B", "C"], ("C", "D"), ("D", "E"), ("E", "F"), ("F", "G")], "edge 1 should be"),
        ([("A", "B"), ("B", 3), ("C", "D"), ("D", "E"), ("E", "F"), ("F", "G")], "edge 1 should be"),
        ([("A", "B"), ("A", "B"), ("B", "C"), ("C", "D"), ("D", "E"), ("E", "F")], "repeats"),
        (None, "forget the `return`"),
    ],
)
def test_challenges_map_wrong_answers_fail_with_reason(edges, words):
    feedback = checks.check_challenges_map(lambda: edges)
    assert feedback.status == "failed"
    assert words in feedback.message


def test_challenges_map_checker_never_raises():
    def broken():
        raise KeyError("oops")

    feedback = checks.check_challenges_map(broken)
    assert feedback.status == "failed" and "KeyError" in feedback.message
    assert checks.check_challenges_map("not a function").status == "failed"


def test_labelled_edges_are_accepted():
    edges = [(a, b, "leads to") for a, b in solution.challenges_map()]
    assert checks.check_challenges_map(lambda: edges).status == "passed"


def _burn(cash, team, cost, compute, revenue=0.0):
    return team * cost + compute - revenue


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda c, t, p, m, r=0.0: math.inf if _burn(c, t, p, m, r) <= 0 else c // _burn(c, t, p, m, r), "expected"),
        (lambda c, t, p, m, r=0.0: math.inf if _burn(c, t, p, m, r) <= 0 else round(c / _burn(c, t, p, m, r)), "exp"),
        (lambda c, t, p, m, r=0.0: math.inf if _burn(c, t, p, m, r) <= 0 else str(c / _burn(c, t, p, m, r)), "string"),
        (lambda c, t, p, m, r=0.0: math.inf if _burn(c, t, p, m, r) < 0 else c / _burn(c, t, p, m, r), "Zero"),
        (lambda c, t, p, m, r=0.0: 0.0 if _burn(c, t, p, m, r) <= 0 else c / _burn(c, t, p, m, r), "expected inf"),
    ],
)
def test_months_of_runway_rounding_and_types_are_rejected(wrong, words):
    feedback = checks.check_months_of_runway(wrong)
    assert feedback.status == "failed" and words in feedback.message, str(feedback)


def test_months_of_runway_variant_with_numpy_passes():
    def variant(cash, team, cost, compute, revenue=0.0):
        burn = np.float64(team) * cost + compute - revenue
        return float("inf") if burn <= 0 else np.float64(cash) / burn

    assert checks.check_months_of_runway(variant).passed


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda s, e, y: round((e / s) ** (1 / y) - 1, 2), "expected"),
        (lambda s, e, y: f"{(e / s) ** (1 / y) - 1:.4f}", "string"),
        (lambda s, e, y: (e / s) ** (1 / int(y)) - 1, "expected"),
        (lambda s, e, y: math.log(e / s) / y, "expected"),
        (lambda s, e, y: [(e / s) ** (1 / y) - 1], "single number"),
    ],
)
def test_cagr_more_wrong_answers(wrong, words):
    feedback = checks.check_cagr(wrong)
    assert feedback.status == "failed" and words in feedback.message, str(feedback)


def test_cagr_variant_with_exp_log_passes():
    assert checks.check_cagr(lambda s, e, y: math.exp(math.log(e / s) / y) - 1).passed


def test_challenges_map_system_exit_is_feedback():
    def leaves():
        raise SystemExit

    assert checks.check_challenges_map(leaves).status == "failed"
