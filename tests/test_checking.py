import os
import signal
import sys
import threading
import time

import numpy as np
import pytest

from utils import checking
from utils.checking import Case, Example, Exercise, Feedback, check_against, check_function, compare, run_learner


def square(x):
    return x * x


CASES = [Case((2.0,), 4.0), Case((np.array([1.0, 3.0]),), np.array([1.0, 9.0]))]


def test_right_answer():
    feedback = check_function(square, CASES, "square")
    assert feedback.passed and bool(feedback) and feedback.status == "passed"
    assert "✅" in str(feedback)


def test_stub_is_not_attempted():
    def stub(x):
        raise NotImplementedError

    feedback = check_function(stub, CASES, "square")
    assert feedback.status == "not_attempted" and "not attempted yet" in feedback.message
    assert not feedback


def test_exception_is_explained():
    feedback = check_function(lambda x: x.nope, CASES, "square")
    assert feedback.status == "failed" and "raised AttributeError" in feedback.message


def test_wrong_value_names_input():
    feedback = check_function(lambda x: x + 1, CASES, "square", hint="multiply x by itself")
    assert feedback.status == "failed"
    assert "input (2)" in feedback.message and "expected 4, got 3" in feedback.message
    assert "Hint: multiply" in feedback.message


def test_missing_return():
    feedback = check_function(lambda x: None, CASES, "square")
    assert "forget the `return`" in feedback.message


def test_not_callable():
    assert "expected a function" in check_function(3, CASES, "square").message


def test_compare_messages():
    assert compare(np.zeros((2, 3)), np.zeros((3, 2))) == "wrong shape: expected (3, 2), got (2, 3)"
    assert "index (1,)" in compare(np.array([0.0, 1.0]), np.array([0.0, 2.0]))
    assert "expected a single number" in compare(np.zeros(3), 1.0)
    assert compare("a", "b") == "expected 'b', got 'a'"
    assert "expected True or False" in compare(1, True)
    assert "for key 'a'" in compare({"a": 1.0}, {"a": 2.0})
    assert "item 1" in compare((np.zeros(2), np.ones(2)), (np.zeros(2), np.zeros(2)))
    assert compare([1.0, 2.0], np.array([1.0, 2.0])) is None
    assert "got the string 'x'" in compare("x", 1.0)


def test_feedback_pretty_repr():
    text = []

    class Printer:
        def text(self, value):
            text.append(value)

    Feedback("ex", "failed", "because").__class__._repr_pretty_(Feedback("ex", "failed", "because"), Printer(), False)
    assert text == ["❌ ex: because"]


class RaisingArray:
    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array for you")


class RaisingFloat:
    def __float__(self):
        raise ValueError("no float")


def test_every_learner_failure_becomes_feedback():
    def leaves(x):
        raise SystemExit(1)

    def generator_exit(x):
        raise GeneratorExit

    for fn in (
        leaves,
        generator_exit,
        lambda x: 10**400,
        lambda x: RaisingArray(),
        lambda x: RaisingFloat(),
        lambda x: float("nan"),
        lambda x: "4",
        lambda x: [4.0, 1.0] if np.ndim(x) == 0 else x,
        lambda x: True,
        lambda x: np.array([1 + 2j, 3j]),
    ):
        feedback = check_function(fn, CASES, "square")
        assert feedback.status == "failed" and "\n" not in feedback.message, str(feedback)
    assert "sys.exit" in check_function(leaves, CASES, "square").message
    assert "string" in check_function(lambda x: "4", CASES, "square").message


def test_a_keyboard_interrupt_raised_by_learner_code_is_feedback():
    """The kernel's Interrupt arrives in the main thread (tested below); one raised in the worker is learner code."""

    def interrupted(x):
        raise KeyboardInterrupt

    feedback = check_function(interrupted, CASES, "square")
    assert feedback.status == "failed" and "KeyboardInterrupt" in feedback.message, str(feedback)


def test_warnings_are_reported_in_words(recwarn):
    feedback = check_function(lambda x: np.exp(np.asarray(x) * 1000.0) * 0, CASES, "square")
    assert feedback.status == "failed" and "overflow" in feedback.message
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_inputs_are_copied_per_call_and_changes_are_reported():
    x = np.array([1.0, 3.0])
    cases = [Case((x,), np.array([1.0, 9.0])), Case((x,), np.array([1.0, 9.0]))]

    def in_place(v):
        v *= v
        return v

    feedback = check_function(in_place, cases, "square")
    assert feedback.status == "failed" and "changed its input `v`" in feedback.message
    assert "entry (1,) was 3, now 9" in feedback.message
    assert x.tolist() == [1.0, 3.0]
    assert check_function(in_place, cases, "square", pure=False).passed


def test_wrong_tuple_length_in_one_line():
    expected = (np.zeros((3, 4)), np.ones((3, 4)), np.ones(4))
    problem = compare((np.zeros((3, 4)), np.ones((3, 4))), expected)
    assert problem == "expected a tuple of 3 items, got 2 items"


def test_float32_tolerance_and_float64_one_ulp():
    exact = np.array([0.1, 0.2, 0.7])
    assert compare(exact.astype(np.float32), exact) is None
    assert compare(exact * (1 + 1e-15), exact, rtol=1e-9) is None
    assert compare(exact.astype(np.float32) * 1.001, exact) is not None


def test_after_check_runs_safely():
    calls = []

    def second_call_raises(x):
        calls.append(1)
        if len(calls) > len(CASES):
            raise ValueError("only on the extra call")
        return x * x

    feedback = check_function(second_call_raises, CASES, "square", after=lambda f: run_learner(f, 2.0).error_sentence())
    assert feedback.status == "failed" and "only on the extra call" in feedback.message


def test_check_against_builds_cases_from_the_reference():
    feedback = check_against(lambda x: x * x, lambda x: x**2, [(2.0,), (3.0,)], "square", labels=["two", "three"])
    assert feedback.passed
    wrong = check_against(lambda x: 2 * x, lambda x: x**2, [(2.0,), (3.0,)], "square", labels=["two", "three"])
    assert wrong.status == "failed" and "for three" in wrong.message


# ---- the construction: time limit, missing return, digits, tolerances, draws --------------------


@pytest.fixture
def quick_limit(monkeypatch):
    monkeypatch.setattr(checking, "TIME_LIMIT_S", 0.3)
    monkeypatch.setattr(checking, "STOP_GRACE_S", 0.5)


def _loops_forever(x):
    while True:
        x = x + 1


def test_a_loop_that_never_ends_gets_a_message_within_the_time_limit(quick_limit):
    start = time.monotonic()
    feedback = check_function(_loops_forever, CASES, "square")
    took = time.monotonic() - start
    assert feedback.status == "failed"
    assert "did not return within 0.3 s: look for a loop that never ends" in feedback.message
    assert "\n" not in feedback.message and "Traceback" not in feedback.message
    assert took < 2.0
    time.sleep(0.2)
    assert not [t for t in threading.enumerate() if t.name == "course-checker"], "the looping call was not stopped"


def test_a_loop_that_swallows_every_exception_is_still_reported(quick_limit):
    end = time.monotonic() + 2.5  # so that the test leaves no thread spinning

    def stubborn(x):
        while time.monotonic() < end:
            try:
                while time.monotonic() < end:
                    pass
            except BaseException:  # noqa: BLE001 - a learner's bare except
                pass

    start = time.monotonic()
    feedback = check_function(stubborn, CASES, "square")
    assert feedback.status == "failed" and "did not return within 0.3 s" in feedback.message
    assert time.monotonic() - start < 2.0
    time.sleep(max(0.0, end - time.monotonic()) + 0.2)


def test_a_call_blocked_in_c_code_is_left_running_and_said_so(quick_limit):
    feedback = check_function(lambda x: time.sleep(1.5), CASES, "square")
    assert feedback.status == "failed" and "did not return within 0.3 s" in feedback.message
    assert "restart the kernel" in feedback.message
    time.sleep(1.5)  # the sleep ends, the pending stop request ends the thread
    assert not [t for t in threading.enumerate() if t.name == "course-checker"]


def test_a_slow_but_finite_call_within_the_limit_passes(quick_limit):
    def slow_square(x):
        time.sleep(0.05)
        return x * x

    assert check_function(slow_square, CASES, "square").passed


def test_an_import_is_never_interrupted(monkeypatch):
    monkeypatch.setattr(checking, "TIME_LIMIT_S", 0.2)
    calls = []

    def pretend_import(x):
        # A call that spends longer than the limit inside the import machinery keeps running.
        calls.append(checking._importing(threading.get_ident()))
        return x * x

    assert check_function(pretend_import, CASES, "square").passed
    assert calls == [False, False]


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or sys.platform == "win32", reason="needs a real SIGINT")
def test_keyboard_interrupt_while_waiting_stops_the_call_and_propagates(monkeypatch):
    """The kernel's Interrupt sends SIGINT: the checker stops the learner's call and lets the interrupt through."""
    monkeypatch.setattr(checking, "STOP_GRACE_S", 0.5)
    # A Jupyter kernel turns SIGINT into KeyboardInterrupt; a library used by an earlier test in this worker may
    # have left another handler (that made this test fail now and then), so install Python's own for this test.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    start = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            check_function(_loops_forever, CASES, "square")
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    assert time.monotonic() - start < 3.0
    time.sleep(0.3)
    assert not [t for t in threading.enumerate() if t.name == "course-checker"]


def _no_return(x):
    x * x  # noqa: B018 - the learner forgot `return`


def _printed(x):
    print(x * x)


def _returns_print(x):
    return print(x * x)


def _one_branch(x):
    if np.ndim(x) == 0:
        return x * x


def test_a_missing_return_is_named_precisely(capsys):
    assert "has no `return` statement" in check_function(_no_return, CASES, "square").message
    assert "prints its result but has no `return`" in check_function(_printed, CASES, "square").message
    assert "`return print(...)`" in check_function(_returns_print, CASES, "square").message
    assert "one path through your function" in check_function(_one_branch, CASES, "square").message
    capsys.readouterr()


def test_failure_messages_show_enough_digits_to_see_the_difference():
    assert compare(1.0000001, 1.0000002, rtol=1e-9) == (
        "expected 1.0000002, got 1.0000001 (close: they differ by 1.0e-07 relative, more than the 1e-09 "
        "allowed for float64 numbers)"
    )
    assert "expected 1.000000000001, got 1" in compare(1.0, 1.0 + 1e-12, rtol=0, atol=0)
    assert "expected 93322, got 93323" in compare(93323, 93322)


def test_tolerance_follows_the_returned_dtype():
    exact = np.array([0.1, 0.2, 0.7])
    near = exact * (1 + 3e-6)
    assert compare(near.astype(np.float32), exact) is None  # a float32 answer gets float32 tolerance
    assert compare(near, exact, rtol=1e-9) is not None  # the same numbers in float64 do not
    assert "allowed for float32 numbers" in compare(exact.astype(np.float32) * np.float32(1.00005), exact)
    # float16 throws away digits float64 inputs had: it gets float32's tolerance, and says so; float16 inputs allow it
    assert "float16" in compare(np.float16(0.2), 0.2) and compare(np.float16(0.2), 0.2, width=2) is None
    assert compare(np.float16(0.21), 0.2, width=2) is not None
    assert compare(93322.0, 93322) is None and compare(np.float32(93323), 93322) is not None  # counts are exact


def test_a_float32_answer_is_compared_with_the_reference_on_float32_inputs():
    spec = Exercise(
        "shift",
        reference=lambda x: np.exp(x - 1000.0),
        examples=[Example((np.array([1000.5, 1001.25]),), "large inputs")],
        rtol=1e-9,
    )
    as_float32 = spec.check(lambda x: np.exp(x.astype(np.float32) - np.float32(1000.0)))
    assert as_float32.passed, str(as_float32)
    rounded_but_float64 = spec.check(lambda x: np.exp(x.astype(np.float32).astype(np.float64) - 1000.0) * 1.001)
    assert rounded_but_float64.status == "failed"


def test_a_mutated_input_is_named_with_its_parameter(capsys):
    spec = Exercise("total", reference=lambda values: float(np.sum(values)), examples=[Example((np.arange(3.0),))])

    def sorts_in_place(values):
        values[::-1].sort()
        return float(values.sum())

    feedback = spec.check(sorts_in_place)
    assert feedback.status == "failed" and "changed its input `values`" in feedback.message
    assert "entry (0,) was 0, now 2" in feedback.message


def _spec(**options):
    base = {
        "name": "square",
        "reference": lambda x: x * x,
        "examples": [Example((3.0,), "three")],
        "edges": [Example((0.0,), "zero"), Example((-2,), "a negative whole number")],
        "draw": lambda rng: (float(rng.normal()),),
        "draws": 5,
    }
    return Exercise(**{**base, **options})


def test_exercise_checks_examples_then_edges_then_random_draws():
    order = []

    def recording(x):
        order.append(x)
        return x * x

    feedback = _spec().check(recording, seed=7)
    assert feedback.passed
    assert "all 8 inputs (1 worked example, 2 edge cases, 5 random inputs, seed 7)" in feedback.message
    assert order[:3] == [3.0, 0.0, -2]
    assert order[3:] == [e.args[0] for e in _spec().random_inputs(7)]


def test_random_draws_differ_across_calls_and_repeat_with_the_seed():
    spec = _spec()
    assert [e.args for e in spec.random_inputs(1)] == [e.args for e in spec.random_inputs(1)]
    assert [e.args for e in spec.random_inputs(1)] != [e.args for e in spec.random_inputs(2)]
    seen = []
    for _ in range(2):
        spec.check(lambda x: seen.append(x) or x * x)
    assert seen[3:8] != seen[11:16]


def test_a_wrong_random_input_message_names_the_seed_and_repeats():
    spec = _spec()

    def wrong_below_zero(x):
        return x * abs(x)

    feedback = spec.check(wrong_below_zero, seed=11)
    assert feedback.status == "failed"
    assert "seed 11" in feedback.message or "a negative whole number" in feedback.message
    wrong_for_drawn = _spec(edges=[]).check(lambda x: x * x if x in (3.0, 0.0) else x * x + 1e-3, seed=11)
    assert "random input 1 of 5 (seed 11)" in wrong_for_drawn.message
    assert "To repeat this draw, run check_square(<lambda>, seed=11)" not in wrong_for_drawn.message
    assert "check_square(square, seed=11)" in wrong_for_drawn.message
    assert _spec(edges=[]).check(lambda x: x * x if x in (3.0, 0.0) else x * x + 1e-3, seed=11).message == (
        wrong_for_drawn.message
    )


def test_seed_must_be_a_whole_number():
    with pytest.raises(TypeError, match="seed must be a whole number"):
        _spec().check(lambda x: x * x, seed="7")
    with pytest.raises(ValueError, match="seed must be between"):
        _spec().check(lambda x: x * x, seed=-1)


def test_a_known_mistake_is_named_and_replaces_the_hint():
    spec = _spec(suspects={"you doubled instead of squaring": lambda x: 2 * x}, hint="multiply x by itself")
    feedback = spec.check(lambda x: 2 * x)
    assert "It looks like you doubled instead of squaring." in feedback.message and "Hint" not in feedback.message
    assert "Hint: multiply x by itself" in spec.check(lambda x: x + 1).message


def test_result_and_after_checks_speak():
    spec = _spec(result=lambda got, ex: None if isinstance(got, float) else "return a float")
    assert "the value is right, but return a float" in spec.check(lambda x: np.float32(x * x)).message
    hangs_later = _spec(after=lambda fn: fn("not a number"))
    feedback = hangs_later.check(lambda x: x * x)
    assert feedback.status == "failed" and "on a further check, your function raised TypeError" in feedback.message


def test_not_implemented_after_a_right_answer_is_a_failure_not_a_stub():
    def half_done(x):
        if x < 0:
            raise NotImplementedError
        return x * x

    feedback = _spec().check(half_done)
    assert feedback.status == "failed" and "not handled yet" in feedback.message
