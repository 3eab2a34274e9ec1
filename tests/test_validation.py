import numpy as np
import pytest

from utils import validation
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


def test_scalar_helpers_accept_numpy_scalars_and_name_the_argument():
    from utils.validation import non_negative_number, positive_number, probability, real_number, whole_number

    assert positive_number(np.float32(1e-3), "eps") == pytest.approx(1e-3)
    assert whole_number(np.int64(3), "k") == 3
    assert probability(np.float16(0.5), "p") == 0.5
    assert non_negative_number(0, "cost") == 0.0
    assert real_number(-2, "slope") == -2.0
    with pytest.raises(TypeError, match="eps must be a positive number"):
        positive_number("1e-3", "eps")
    with pytest.raises(ValueError, match="eps must be a positive finite number"):
        positive_number(np.float32("nan"), "eps")
    with pytest.raises(TypeError, match="k must be an integer"):
        whole_number(True, "k")


def test_integer_labels_and_one_of():
    from utils.validation import integer_labels, one_of

    assert integer_labels(np.array([], dtype=float), "y").dtype == np.int64
    assert integer_labels([0.0, 2.0], "y").tolist() == [0, 2]
    with pytest.raises(ValueError, match=r"y must hold labels in 0\.\.1"):
        integer_labels([0, 2], "y", num_classes=2)
    with pytest.raises(TypeError, match="name must be one of"):
        one_of(["mnist"], "name", ["mnist", "imdb"])


def test_float32_eps_is_accepted_by_numerical_gradient():
    from utils.lessons.gradient_descent.helpers import numerical_gradient

    grad = numerical_gradient(lambda v: float(np.sum(v**2)), np.array([1.0, -2.0]), eps=np.float32(1e-4))
    assert np.allclose(grad, [2.0, -4.0], atol=1e-3)


def test_instance_of_names_the_argument_and_the_types():
    assert validation.instance_of("a", "text", str) == "a"
    assert validation.instance_of(2.5, "x", (int, float)) == 2.5
    with pytest.raises(TypeError, match="text must be a str, got int 3"):
        validation.instance_of(3, "text", str)
    with pytest.raises(TypeError, match="x must be a int or float, got str"):
        validation.instance_of("2.5", "x", (int, float))
