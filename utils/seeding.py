"""One call that seeds Python, NumPy and TensorFlow/Keras, the way `keras.utils.set_random_seed` does.

TensorFlow is not imported for this: if it is not loaded yet, its seed is set right after it is (see
`utils.tf_import`), so a notebook that never uses TensorFlow never waits for it.
"""

from __future__ import annotations

import random
import sys

from utils.tf_import import import_tensorflow, watch_tensorflow_import

MAX_SEED = 2**32 - 1  # NumPy's legacy global generator takes seeds in [0, 2**32 - 1]


def seed_everything(seed: int = 42, deterministic_ops: bool = False) -> int:
    """Seed Python, NumPy and TensorFlow/Keras (now, or when TensorFlow loads); deterministic_ops pins kernels."""
    import numpy as np

    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be a non-negative integer up to 2**32 - 1, got {seed!r:.40}.")
    if not isinstance(deterministic_ops, (bool, np.bool_)):
        raise TypeError(f"deterministic_ops must be True or False, got {deterministic_ops!r:.40}.")
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed)
    if deterministic_ops:
        import_tensorflow()  # op determinism is a TensorFlow setting: it needs TensorFlow now
    if "tensorflow" not in sys.modules:
        # seeded right after TensorFlow is imported, before any random op (Python's and NumPy's streams, seeded
        # above, are left as they are by that import)
        watch_tensorflow_import("seed", lambda tf: tf.random.set_seed(seed))
        return seed
    tf = sys.modules["tensorflow"]
    tf.random.set_seed(seed)
    keras = sys.modules.get("keras")
    if keras is not None and hasattr(getattr(keras, "utils", None), "set_random_seed"):
        keras.utils.set_random_seed(seed)  # also resets Keras' global SeedGenerator
    if deterministic_ops:
        tf.config.experimental.enable_op_determinism()
    return seed
