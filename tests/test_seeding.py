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


@pytest.mark.parametrize("bad", [-1, 1.5, "42", True, None, 2**32, np.float64(3.0)])
def test_bad_seed(bad):
    with pytest.raises(ValueError, match="non-negative integer up to 2\\*\\*32 - 1"):
        seed_everything(bad)


def test_largest_seed_and_numpy_integers_are_accepted():
    assert seed_everything(2**32 - 1) == 2**32 - 1
    assert seed_everything(np.int64(5)) == 5


def test_deterministic_ops_must_be_a_bool():
    with pytest.raises(TypeError, match="deterministic_ops must be True or False"):
        seed_everything(1, deterministic_ops="yes")


def test_no_import_circle_between_environment_and_seeding():
    """seeding imports neither utils.environment nor anything that imports it (the old circle, issue #25)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "utils"

    def imported(name: str) -> set[str]:
        tree = ast.parse((root / f"{name}.py").read_text())
        return {
            n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("utils")
        }

    assert "utils.environment" not in imported("seeding")
    assert "utils.environment" not in imported("tf_import") and "utils.seeding" not in imported("tf_import")
