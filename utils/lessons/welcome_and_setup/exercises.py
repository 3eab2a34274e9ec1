"""Checkers for notebook 00 (welcome and setup)."""

from __future__ import annotations

from typing import Any

import numpy as np

from utils.checking import Example, Exercise, Feedback
from utils.lessons.welcome_and_setup import solutions as solution


def _images(shape: tuple[int, ...], values: Any = None) -> np.ndarray:
    if values is None:
        return np.zeros(shape, dtype=np.uint8)
    return np.asarray(values, dtype=np.uint8).reshape(shape)


def _draw_images(rng: np.random.Generator) -> Example:
    """A uint8 array of 1 to 4 dimensions; sometimes dark (no 255) or two-valued, like real scans."""
    shape = tuple(int(n) for n in rng.integers(1, 6, size=int(rng.integers(1, 5))))
    high = int(rng.choice([256, 256, 120, 2]))
    return Example((rng.integers(0, high, size=shape, dtype=np.uint8),), f"a uint8 array of shape {shape}")


def _float32_array(got: Any, example: Example) -> str | None:
    """Keras works in float32 on NumPy arrays and tensors: such a result can be fed to a model."""
    if hasattr(got, "numpy") and callable(got.numpy) and getattr(got, "dtype", None) is not None:
        return (
            None
            if str(getattr(got.dtype, "name", got.dtype)) == "float32"
            else (f"the dtype is {getattr(got.dtype, 'name', got.dtype)}; Keras works in float32, so cast to float32")
        )
    if not isinstance(got, np.ndarray):
        return (
            f"you returned an object of type {type(got).__name__}; return a NumPy array (x / 255.0 is one) "
            "converted with `.astype('float32')`"
        )
    if got.dtype != np.float32:
        return f"the dtype is {got.dtype}; Keras works in float32, so return `.astype('float32')`"
    return None


SCALE_PIXELS = Exercise(
    name="scale_pixels",
    reference=solution.scale_pixels,
    examples=[
        Example((np.array([0, 51, 255], dtype=np.uint8),), "the pixels [0, 51, 255]"),
        Example((np.random.default_rng(0).integers(0, 256, size=(2, 4, 4), dtype=np.uint8),), "two 4x4 images"),
        Example((np.full((1, 28, 28), 255, dtype=np.uint8),), "one white 28x28 image"),
    ],
    edges=[
        Example((_images((2, 3)),), "an all-black image (every pixel 0)"),
        Example((_images((1, 4), [0, 30, 60, 100]),), "a dark image whose brightest pixel is 100, not 255"),
        Example((_images((4,), [0, 1, 254, 255]),), "the extreme values 0, 1, 254 and 255"),
        Example((_images((2, 3), [0, 1, 1, 0, 1, 0]),), "a two-valued scan of 0s and 1s (its maximum is 1, not 255)"),
        Example((_images((0, 28, 28)),), "an empty batch of shape (0, 28, 28)"),
        Example((np.arange(24, dtype=np.uint8).reshape(2, 2, 2, 3) * 10,), "a batch of colour images (N, H, W, C)"),
    ],
    draw=_draw_images,
    rtol=1e-7,
    atol=1e-9,
    result=_float32_array,
    hint="divide by 255.0 (the largest uint8 value, not each image's maximum) and return float32 values.",
)


def check_scale_pixels(fn: Any, seed: int | None = None) -> Feedback:
    """Check a function that maps uint8 images (0..255) to float32 values in [0, 1]."""
    return SCALE_PIXELS.check(fn, seed)
