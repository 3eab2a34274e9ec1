"""Checkers for notebook 00 (welcome and setup)."""

from __future__ import annotations

from typing import Any

import numpy as np

from utils.checking import Case, Feedback, check_function, run_learner
from utils.lessons.welcome_and_setup import solutions as solution


def check_scale_pixels(fn: Any) -> Feedback:
    """Check a function that maps uint8 images (0..255) to float32 values in [0, 1]."""
    rng = np.random.default_rng(0)
    inputs = [
        np.array([0, 51, 255], dtype=np.uint8),
        rng.integers(0, 256, size=(2, 4, 4), dtype=np.uint8),
        np.full((1, 28, 28), 255, dtype=np.uint8),
    ]
    cases = [Case((x,), solution.scale_pixels(x), label=f"a uint8 array of shape {x.shape}") for x in inputs]
    return check_function(
        fn, cases, "scale_pixels", hint="divide by 255.0 and return float32 values.", after=_dtype_problem
    )


def _dtype_problem(fn: Any) -> str | None:
    """Name the container or dtype problem of an otherwise right answer."""
    outcome = run_learner(fn, np.array([0, 51, 255], dtype=np.uint8))
    if outcome.error is not None:
        return f"on a second call {outcome.error_sentence()}."
    result = outcome.value
    if not isinstance(result, np.ndarray):
        return (
            f"the values are right but you returned a {type(result).__name__}; return a NumPy array "
            "(x / 255.0 is one) converted with `.astype('float32')`."
        )
    if result.dtype != np.float32:
        return (
            f"the values are right but the dtype is {result.dtype}; "
            "Keras works in float32, so return `.astype('float32')`."
        )
    return None
