import numpy as np
import pytest

from utils.lessons.welcome_and_setup.exercises import check_scale_pixels
from utils.lessons.welcome_and_setup.solutions import scale_pixels


def test_solution_passes():
    assert check_scale_pixels(scale_pixels).passed


def test_float64_is_rejected_with_dtype_message():
    feedback = check_scale_pixels(lambda x: x / 255)
    assert feedback.status == "failed" and "float64" in feedback.message


def test_wrong_divisor_names_the_value():
    feedback = check_scale_pixels(lambda x: (x / 256).astype("float32"))
    assert feedback.status == "failed" and "wrong value at index" in feedback.message


def test_wrong_shape():
    feedback = check_scale_pixels(lambda x: np.ravel(x).astype("float32") / 255)
    assert feedback.status == "failed" and "wrong shape" in feedback.message


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda x: (x / 256).astype("float32"), "expected"),
        (lambda x: (x // 255).astype("float32"), "expected"),
        (lambda x: x.astype("float32"), "expected"),
        (lambda x: (x / 255).tolist(), "returned a list"),
        (lambda x: x / 255.0, "dtype is float64"),
    ],
)
def test_plausible_wrong_answers_are_rejected(wrong, words):
    feedback = check_scale_pixels(wrong)
    assert feedback.status == "failed" and words in feedback.message, str(feedback)


def test_legitimate_variants_pass():
    assert check_scale_pixels(lambda x: x.astype(np.float32) / np.float32(255)).passed
    assert check_scale_pixels(lambda x: np.divide(x, 255, dtype=np.float32)).passed
