"""An outside battery for notebook 00's checker: new plausible wrong answers (each wrong on some inputs only) and
right answers written differently, as a learner would write them. Every wrong one must be refused in words, every
right one accepted."""

import numpy as np
import pytest

from utils.environment import import_tensorflow
from utils.lessons.welcome_and_setup.exercises import check_scale_pixels

CHECKS = {"scale_pixels": check_scale_pixels}


def min_max_scaled(images):  # scales by the batch's own range: wrong on dark images, NaN on a flat one
    x = images.astype(np.float32)
    return (x - x.min()) / (x.max() - x.min())


def skips_already_scaled(images):  # "already in [0, 1]?" guard: wrong on an image of only 0s and 1s
    if images.size and images.max() <= 1:
        return images.astype(np.float32)
    return images.astype(np.float32) / 255


def crashes_on_empty(images):  # np.max of an empty batch raises
    assert images.max() <= 255
    return images.astype(np.float32) / 255


def rounded_to_two_places(images):
    return np.round(images / 255, 2).astype(np.float32)


def adds_channel_axis(images):
    return (images / 255.0).astype(np.float32)[..., np.newaxis]


def squeezed(images):
    return np.squeeze(images / 255.0).astype(np.float32)


def via_int8(images):  # overflows above 127
    return images.astype(np.int8).astype(np.float32) / 255


def bin_centres(images):  # (p + 0.5) / 256: the centre of each intensity bin
    return ((images.astype(np.float32) + 0.5) / 256).astype(np.float32)


_cache: dict = {}


def cached_by_shape(images):  # remembers the first batch of each shape
    key = images.shape
    if key not in _cache:
        _cache[key] = images.astype(np.float32) / 255
    return _cache[key]


def list_of_images(images):
    return [image.astype(np.float32) / 255 for image in images]


def float32_then_uint8(images):  # divides, then casts back to the input's dtype
    return (images / 255).astype(images.dtype)


def in_place_divide(images):  # np.divide into the caller's array (cast to float first, then back)
    out = images.astype(np.float32)
    out /= 255
    images[...] = 0
    return out


def per_channel_max(images):  # scales every colour channel by its own maximum
    x = images.astype(np.float32)
    if x.ndim < 4:
        return x / 255
    return x / np.maximum(x.max(axis=(0, 1, 2), keepdims=True), 1)


# Right answers written differently.
def tf_convert_image_dtype(images):
    tf = import_tensorflow()
    return tf.image.convert_image_dtype(images, tf.float32).numpy()


def divide_by_float32_scalar(images):
    return images / np.float32(255)


def interpolated(images):
    return np.interp(images, [0, 255], [0, 1]).astype(np.float32)


def vectorised_python(images):
    return np.vectorize(lambda p: p / 255, otypes=[np.float32])(images)


def multiply_by_reciprocal(images):
    return np.multiply(images, 1 / 255, dtype=np.float32)


def tf_cast_tensor(images):  # a float32 tensor: Keras takes it as it takes an array
    tf = import_tensorflow()
    return tf.cast(images, tf.float32) / 255.0


def keras_rescaling(images):
    from keras import layers

    return np.asarray(layers.Rescaling(1 / 255)(images.astype("float32")))


BATTERY_WRONG = {
    "scale_pixels": [
        (min_max_scaled, ""),
        (skips_already_scaled, "expected"),
        (crashes_on_empty, "empty batch"),
        (rounded_to_two_places, "expected"),
        (adds_channel_axis, "shape"),
        (squeezed, "shape"),
        (via_int8, "expected"),
        (bin_centres, "expected"),
        (cached_by_shape, "expected"),
        (list_of_images, "NumPy array"),
        (float32_then_uint8, "expected"),
        (in_place_divide, "in place"),
        (per_channel_max, "expected"),
    ],
}
BATTERY_RIGHT = {
    "scale_pixels": [
        tf_convert_image_dtype,
        divide_by_float32_scalar,
        interpolated,
        vectorised_python,
        multiply_by_reciprocal,
        keras_rescaling,
        tf_cast_tensor,
    ],
}


def _id(value):
    return getattr(value, "__name__", None) or str(value)[:20]


@pytest.mark.parametrize(
    "name, wrong, words",
    [(name, wrong, words) for name, cases in BATTERY_WRONG.items() for wrong, words in cases],
    ids=_id,
)
def test_battery_wrong_answer_is_refused_in_words(name, wrong, words):
    feedback = CHECKS[name](wrong)
    assert feedback.status == "failed", str(feedback)
    assert words in feedback.message, str(feedback)
    assert "\n" not in feedback.message and "Traceback" not in feedback.message, str(feedback)


@pytest.mark.parametrize(
    "name, right", [(name, right) for name, rights in BATTERY_RIGHT.items() for right in rights], ids=_id
)
def test_battery_right_answer_passes(name, right):
    feedback = CHECKS[name](right)
    assert feedback.passed, str(feedback)


def test_battery_is_large_enough():
    for name in CHECKS:
        assert len(BATTERY_WRONG[name]) >= 10 and len(BATTERY_RIGHT[name]) >= 5, name
