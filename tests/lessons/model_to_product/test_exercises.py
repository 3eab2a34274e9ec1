import math

import numpy as np
import pytest

from utils.lessons.model_to_product import exercises as checks
from utils.lessons.model_to_product import solutions as solutions


def stub(*args, **kwargs):
    raise NotImplementedError


CHECKERS = [
    (checks.check_cost_per_million, solutions.cost_per_million),
    (checks.check_size_reduction, solutions.size_reduction),
    (checks.check_scaled_learning_rate, solutions.scaled_learning_rate),
]


@pytest.mark.parametrize("checker, solution", CHECKERS)
def test_reference_solution_passes(checker, solution):
    feedback = checker(solution)
    assert feedback.status == "passed", feedback.message
    assert str(feedback).startswith("✅")


@pytest.mark.parametrize("checker, solution", CHECKERS)
def test_stub_is_not_attempted(checker, solution):
    feedback = checker(stub)
    assert feedback.status == "not_attempted"
    assert "NotImplementedError" in feedback.message


@pytest.mark.parametrize("checker, solution", CHECKERS)
def test_not_a_function_fails(checker, solution):
    feedback = checker(0.5)
    assert feedback.status == "failed" and "expected a function" in feedback.message


def test_solutions_by_hand():
    # 1 ms per request, one worker: 1e6 requests take 1000 s = 0.2778 h
    assert math.isclose(solutions.cost_per_million(1.0, 0.085, 1), 0.085 * 1000 / 3600)
    assert math.isclose(solutions.size_reduction(1_000_000), 4.0)
    assert math.isclose(solutions.size_reduction(100_000, 32, 8, 10_000), 410_000 / 110_000)
    assert math.isclose(solutions.scaled_learning_rate(0.1, 256, 256, 32), 3.2)


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda latency_ms, price, workers=1: price * 1e6 * latency_ms / 3600 / workers, "expected"),  # ms as s
        (lambda latency_ms, price, workers=1: price * 1e6 * latency_ms / 1000 / 3600, "4 worker"),  # no workers
        (lambda latency_ms, price, workers=1: price * latency_ms / 1000 / 3600 / workers, "expected"),  # per request
        (lambda latency_ms, price, workers=1: "cheap", "expected a number"),
    ],
)
def test_cost_per_million_rejects_wrong_answers(wrong, words):
    feedback = checks.check_cost_per_million(wrong)
    assert feedback.status == "failed"
    assert words in feedback.message
    assert "latency" in feedback.message  # says for which input


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda n, before=32, after=8, overhead=0: before / after, "10,000 bytes of overhead"),  # ignores overhead
        (
            lambda n, before=32, after=8, overhead=0: (n * after / 8 + overhead) / (n * before / 8 + overhead),
            "expected 4, got 0.25",
        ),  # upside down
        (
            lambda n, before=32, after=8, overhead=0: (n * before + overhead) / (n * after + overhead),
            "overhead",
        ),  # overhead mixed into bits
        (lambda n, before=32, after=8, overhead=0: 1 / 0, "ZeroDivisionError"),
    ],
)
def test_size_reduction_rejects_wrong_answers(wrong, words):
    feedback = checks.check_size_reduction(wrong)
    assert feedback.status == "failed"
    assert words in feedback.message


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda lr, base, per, n: lr * per / base, "replicas"),  # forgets the replicas
        (lambda lr, base, per, n: lr * math.sqrt(per * n / base), "expected"),  # square-root rule
        (lambda lr, base, per, n: lr * n, "expected"),  # ignores batch sizes
        (lambda lr, base, per, n: None, "return"),
    ],
)
def test_scaled_learning_rate_rejects_wrong_answers(wrong, words):
    feedback = checks.check_scaled_learning_rate(wrong)
    assert feedback.status == "failed"
    assert words in feedback.message


@pytest.mark.parametrize(
    "check, wrong",
    [
        (checks.check_cost_per_million, lambda latency_ms, price, workers=1: price * 1e6 * latency_ms / 1000 / 60),
        (checks.check_size_reduction, lambda n, before=32, after=8, overhead=0: (n * before / 8) / (n * after / 8)),
        (checks.check_size_reduction, lambda n, before=32, after=8, overhead=0: (n * before / 8 + overhead) // 1e3),
        (checks.check_scaled_learning_rate, lambda lr, base, per, n: lr * base / (per * n)),
    ],
)
def test_more_plausible_wrong_answers(check, wrong):
    assert check(wrong).status == "failed"


def test_legitimate_variants_pass():
    def per_request(latency_ms, price, workers=1):
        return 1_000_000 * (latency_ms / 1000 / workers) * (price / 3600)

    assert checks.check_cost_per_million(per_request).passed
    assert checks.check_size_reduction(lambda n, b=32, a=8, o=0: (n * b + 8 * o) / (n * a + 8 * o)).passed
    assert checks.check_scaled_learning_rate(lambda lr, base, per, n: lr * (per * n) / base).passed


def _cost_from_throughput(latency_ms, price_per_hour, workers=1):
    requests_per_hour = workers * 3600 * 1000 / latency_ms
    return price_per_hour / requests_per_hour * 1e6


def _cost_numpy(latency_ms, price_per_hour, workers=1):
    return float(np.float64(price_per_hour) * 1e6 * (latency_ms / 1e3) / (3600 * workers))


def _cost_floor(latency_ms, price, workers=1):
    return price * (1e6 * latency_ms / 1000 // workers) / 3600


def _size_in_bits(n, before=32, after=8, overhead=0):
    return (n * before + 8 * overhead) / (n * after + 8 * overhead)


def _size_fraction(n, before=32, after=8, overhead=0):
    from fractions import Fraction

    return float(Fraction(n * before, 8) + overhead) / float(Fraction(n * after, 8) + overhead)


def _size_whole_bytes(n, before=32, after=8, overhead=0):
    return (n * before // 8 + overhead) / (n * after // 8 + overhead)


CHECKS = {
    "cost_per_million": checks.check_cost_per_million,
    "size_reduction": checks.check_size_reduction,
    "scaled_learning_rate": checks.check_scaled_learning_rate,
}
WRONG = {
    "cost_per_million": [
        (lambda ms, price, workers=1: price * 1e6 * ms / 3600 / workers, "milliseconds by 1000"),
        (lambda ms, price, workers=1: price * 1e6 * ms / 1000 / 3600, "left out the workers"),
        (lambda ms, price, workers=1: price * 1e6 * ms / 1000 * workers / 3600, "multiplied by the number of workers"),
        (lambda ms, price, workers=1: price * 1e6 * ms / 1000 / workers / 60, "60 instead of 3600"),
        (lambda ms, price, workers=1: price * 1e3 * ms / 1000 / workers / 3600, "one thousand requests"),
        (lambda ms, price, workers: price * 1e6 * ms / 1000 / workers / 3600, "default"),
        (_cost_floor, "expected"),
    ],
    "size_reduction": [
        (lambda n, before=32, after=8, overhead=0: before / after, "left out the overhead"),
        (lambda n, b=32, a=8, o=0: (n * a / 8 + o) / (n * b / 8 + o), "upside down"),
        (lambda n, b=32, a=8, o=0: (n * b + o) / (n * a + o), "bits"),
        (lambda n, b=32, a=8, o=0: (n * b / 8 + o) / ((n * b / 8 + o) * a / b), "left out the overhead"),
        (lambda n, b=32, a=8, o=0: (n * b / 8 - o) / (n * a / 8 - o), "expected"),
        (_size_whole_bytes, "1.5 bytes"),
        (lambda n, b, a, o: (n * b / 8 + o) / (n * a / 8 + o), "default"),
    ],
    "scaled_learning_rate": [
        (lambda lr, base, per, n: lr * per / base, "left out the replicas"),
        (lambda lr, base, per, n: lr * math.sqrt(per * n / base), "square root"),
        (lambda lr, base, per, n: lr * base / (per * n), "upside down"),
        (lambda lr, base, per, n: lr * (per * n // base), "integer division"),
        (lambda lr, base, per, n: lr * per / n / base, "divided by the replicas"),
        (lambda lr, base, per, n: lr * n, "expected"),
        (lambda lr, base, per, n: None, "forget the `return`"),
    ],
}
RIGHT = {
    "cost_per_million": [
        _cost_from_throughput,
        _cost_numpy,
        lambda ms, price, workers=1: 1_000_000 * (ms / 1000 / workers) * (price / 3600),
    ],
    "size_reduction": [_size_in_bits, _size_fraction, lambda n, b=32, a=8, o=0: (n * b / 8 + o) / (n * a / 8 + o)],
    "scaled_learning_rate": [
        lambda lr, base, per, n: lr * (per * n) / base,
        lambda lr, base, per, n: lr / base * per * n,
        lambda lr, base, per, n: float(np.float64(lr) * np.divide(per * n, base)),
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
