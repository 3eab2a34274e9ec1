"""One call that seeds Python, NumPy and TensorFlow/Keras, through Keras' own `set_random_seed`."""

from __future__ import annotations


def seed_everything(seed: int = 42, deterministic_ops: bool = False) -> int:
    """Seed Python, NumPy and the backend via `keras.utils.set_random_seed`; deterministic_ops also pins kernels."""
    import numpy as np

    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    seed = int(seed)
    from utils.environment import import_tensorflow

    tf = import_tensorflow()
    import keras

    keras.utils.set_random_seed(seed)  # seeds Python's random, NumPy and TensorFlow in one call
    if deterministic_ops:
        tf.config.experimental.enable_op_determinism()
    return seed
