import numpy as np

from utils.checking import Case, Feedback, check_function, compare


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
    assert "got str" in compare("x", 1.0)


def test_feedback_pretty_repr():
    text = []

    class Printer:
        def text(self, value):
            text.append(value)

    Feedback("ex", "failed", "because").__class__._repr_pretty_(Feedback("ex", "failed", "because"), Printer(), False)
    assert text == ["❌ ex: because"]
