import numpy as np

from utils.checking import Case, Feedback, check_against, check_function, compare, run_learner


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


def test_keyboard_interrupt_is_not_swallowed():
    def interrupted(x):
        raise KeyboardInterrupt

    try:
        check_function(interrupted, CASES, "square")
    except KeyboardInterrupt:
        return
    raise AssertionError("KeyboardInterrupt was swallowed")


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
