import numpy as np
import pytest

from utils.validation import as_float_array, check_one_hot_rows, check_probabilities, float_pair


def test_as_float_array_accepts_numbers_and_returns_float64():
    assert as_float_array([1, 2]).dtype == np.float64
    assert as_float_array(np.float32(3.0)).shape == ()


@pytest.mark.parametrize(
    "value, match",
    [([], "empty"), ([1.0, np.nan], "finite"), (["a"], "number"), ([np.inf], "finite")],
)
def test_as_float_array_rejects_bad_values_naming_the_argument(value, match):
    with pytest.raises(ValueError, match="weights") as info:
        as_float_array(value, "weights")
    assert match in str(info.value)


def test_float_pair_requires_equal_shapes():
    with pytest.raises(ValueError, match="y"):
        float_pair([1.0, 2.0], [1.0], ("y", "y_hat"))


def test_probabilities_and_one_hot_rows():
    with pytest.raises(ValueError, match="p"):
        check_probabilities(np.array([0.5, 1.5]))
    with pytest.raises(ValueError, match="y"):
        check_one_hot_rows(np.array([[1.0, 1.0]]))
    np.testing.assert_array_equal(check_one_hot_rows(np.eye(2)), np.eye(2))
