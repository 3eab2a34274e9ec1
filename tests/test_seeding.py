import random

import numpy as np
import pytest

from utils.seeding import seed_everything


def test_same_seed_same_numbers():
    import tensorflow as tf

    seed_everything(7)
    first = (random.random(), np.random.rand(), float(tf.random.uniform(())))
    seed_everything(7)
    second = (random.random(), np.random.rand(), float(tf.random.uniform(())))
    assert first == second


def test_keras_initialisers_are_seeded():
    import keras

    seed_everything(3)
    layer1 = keras.layers.Dense(4)
    layer1.build((None, 3))
    seed_everything(3)
    layer2 = keras.layers.Dense(4)
    layer2.build((None, 3))
    np.testing.assert_array_equal(layer1.kernel.numpy(), layer2.kernel.numpy())


@pytest.mark.parametrize("bad", [-1, 1.5, "42", True, None])
def test_bad_seed(bad):
    with pytest.raises(ValueError, match="non-negative integer"):
        seed_everything(bad)
