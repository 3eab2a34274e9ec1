import numpy as np
import pytest

from utils.lessons.welcome_and_setup import exercises as checks
from utils.lessons.welcome_and_setup.exercises import check_scale_pixels
from utils.lessons.welcome_and_setup.solutions import scale_pixels

CHECKS = {"scale_pixels": check_scale_pixels}


def _by_its_maximum(x):
    return (x / max(int(np.max(x)), 1)).astype("float32") if x.size else x.astype("float32")


# Each checker meets at least six plausible wrong answers (with words its message must contain) and three right
# answers written differently from the reference (tests/lessons/test_all_exercises.py counts them).
WRONG = {
    "scale_pixels": [
        (lambda x: (x / 256).astype("float32"), "wrong value at index"),  # the wrong divisor
        (lambda x: (x // 255).astype("float32"), "expected 0.2, got 0"),  # integer division
        (lambda x: x / 255.0, "dtype is float64"),  # right values, Keras-unfriendly dtype
        (lambda x: (x / 255).tolist(), "object of type list"),
        (_by_its_maximum, "expected"),  # scales each image by its own maximum
        (lambda x: ((x - 127.5) / 127.5).astype("float32"), "expected 0, got -1"),  # [-1, 1], not [0, 1]
        (lambda x: x.astype("float32"), "expected"),  # forgot to divide
        (lambda x: np.ravel(x).astype("float32") / 255, "wrong shape"),
        (lambda x: (x / 255).astype("float16"), "float16"),
    ],
}
RIGHT = {
    "scale_pixels": [
        lambda x: x.astype(np.float32) / np.float32(255),
        lambda x: np.divide(x, 255, dtype=np.float32),
        lambda x: (x / 255.0).astype("float32"),
        lambda x: x * np.float32(1 / 255),
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


def test_solution_passes():
    assert check_scale_pixels(scale_pixels).passed


def test_edge_cases_cover_the_domain():
    labels = " ".join(e.label for e in checks.SCALE_PIXELS.edges)
    for words in ("all-black", "brightest pixel is 100", "empty batch", "colour images"):
        assert words in labels
