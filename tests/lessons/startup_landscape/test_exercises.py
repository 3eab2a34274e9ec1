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
        (_forgot_compute, "left out compute_per_month"),
        (_zero_division_at_break_even, "ZeroDivisionError"),
    ],
)
def test_months_of_runway_wrong_answers_fail_with_reason(wrong, words):
    feedback = checks.check_months_of_runway(wrong)
    assert feedback.status == "failed"
    assert words in feedback.message
    assert "Hint" in feedback.message or "raised" in feedback.message or "It looks like" in feedback.message


@pytest.mark.parametrize(
    "edges, words",
    [
        ({"Compute cost": "Credits"}, "list of (source, target) tuples"),
        ([("A", "B"), ("B", "C")], "at least 6"),
        ([("A", "B"), ("B", "C"), ("C", "D"), ("E", "F"), ("F", "G"), ("G", "H")], "separate pieces"),
        ([("A", "B"), ("B", "B"), ("B", "C"), ("C", "D"), ("D", "E"), ("E", "F")], "self-loop"),
        ([("A", "B"), "B-C", ("C", "D"), ("D", "E"), ("E", "F"), ("F", "G")], "edge 1 should be"),
        ([("A", "B"), ("B", 3), ("C", "D"), ("D", "E"), ("E", "F"), ("F", "G")], "edge 1 should hold strings"),
        ({("A", "B"), ("B", "C"), ("C", "D"), ("D", "E"), ("E", "F"), ("F", "G")}, "not a set"),
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


def test_edges_the_drawing_helper_accepts_are_accepted():
    """draw_concept_map takes lists as edges and a tuple of edges; the checker accepts what it can draw."""
    assert checks.check_challenges_map(lambda: [list(e) for e in solution.challenges_map()]).passed
    assert checks.check_challenges_map(lambda: tuple(solution.challenges_map())).passed


def test_a_map_that_is_only_printed_is_named():
    def printed():
        print(solution.challenges_map())

    feedback = checks.check_challenges_map(printed)
    assert feedback.status == "failed" and "prints its result but has no `return`" in feedback.message


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


def _linear(s, e, y):
    return (e / s - 1) / y


def _power_then_divide(s, e, y):
    return (e / s) ** 1 / y - 1


def _one_year_too_many(s, e, y):
    return (e / s) ** (1 / (y + 1)) - 1


def _runway(cash, team, cost, compute, revenue=0.0):
    burn = team * cost + compute - revenue
    return math.inf if burn <= 0 else cash / burn


def _runway_try(cash, team, cost, compute, revenue=0.0):
    try:
        months = cash / (team * cost + compute - revenue)
    except ZeroDivisionError:
        return float("inf")
    return months if months >= 0 else float("inf")


def _runway_numpy(cash, team, cost, compute, revenue=0.0):
    burn = np.float64(team) * cost + compute - revenue
    return np.inf if burn <= 0 else np.float64(cash) / burn


def _runway_without_default(cash, team, cost, compute, revenue):
    return _runway(cash, team, cost, compute, revenue)


def _runway_zero_when_profitable(cash, team, cost, compute, revenue=0.0):
    burn = team * cost + compute - revenue
    return 0.0 if burn <= 0 else cash / burn


def _runway_none_when_profitable(cash, team, cost, compute, revenue=0.0):
    burn = team * cost + compute - revenue
    if burn > 0:
        return cash / burn


def _map_with_loose_concept():
    return [*solution.challenges_map(), ("Regulation", "Lobbying")]


def _five_edges():
    return solution.challenges_map()[:5]


def _map_as_dict():
    return dict(solution.challenges_map())


def _map_with_self_loop():
    return [*solution.challenges_map(), ("Competition", "Competition")]


def _map_with_repeat():
    return [*solution.challenges_map(), solution.challenges_map()[0]]


def _map_of_numbers():
    return [(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7)]


def _map_as_one_string():
    return " -> ".join(a for a, _ in solution.challenges_map())


CHECKS = {
    "cagr": checks.check_cagr,
    "months_of_runway": checks.check_months_of_runway,
    "challenges_map": checks.check_challenges_map,
}
WRONG = {
    "cagr": [
        (_linear, "spread the total growth evenly"),
        (_power_then_divide, "raises to the power 1 and then divides"),
        (lambda s, e, y: 100 * ((e / s) ** (1 / y) - 1), "percentage"),
        (lambda s, e, y: (e / s) ** (1 / y), "growth factor"),
        (lambda s, e, y: math.log(e / s) / y, "continuous rate"),
        (_one_year_too_many, "expected 0.26455"),
        (lambda s, e, y: round((e / s) ** (1 / y) - 1, 4), "expected 0.26455, got 0.2645"),
    ],
    "months_of_runway": [
        (_forgot_compute, "left out compute_per_month"),
        (_ignore_revenue, "some revenue"),
        (_negative_when_profitable, "negative runway"),
        (_zero_division_at_break_even, "ZeroDivisionError"),
        (_runway_without_default, "default"),
        (_runway_zero_when_profitable, "expected inf, got 0"),
        (_runway_none_when_profitable, "one path through your function"),
        (
            lambda c, t, p, m, r=0.0: math.inf if _burn(c, t, p, m, r) <= 0 else c // _burn(c, t, p, m, r),
            "rounded down",
        ),
    ],
    "challenges_map": [
        (_five_edges, "at least 6"),
        (_map_with_loose_concept, "separate pieces"),
        (_map_as_dict, "not a dict"),
        (_map_with_self_loop, "self-loop"),
        (_map_with_repeat, "repeats"),
        (_map_of_numbers, "strings"),
        (_map_as_one_string, "not a str"),
    ],
}
RIGHT = {
    "cagr": [
        lambda s, e, y: math.exp(math.log(e / s) / y) - 1,
        lambda s, e, y: np.power(e / s, 1 / y) - 1,
        lambda s, e, y: e ** (1 / y) / s ** (1 / y) - 1,
    ],
    "months_of_runway": [_runway, _runway_try, _runway_numpy],
    "challenges_map": [
        lambda: [(a, b, "is eased by") for a, b in solution.challenges_map()],
        lambda: [list(e) for e in solution.challenges_map()],
        lambda: [("Startup", c) for c in "ABCDEFG"],
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
