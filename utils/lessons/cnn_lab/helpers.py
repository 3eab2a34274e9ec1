"""Helpers for notebook 06 (CNN lab): the augmented training stream of the fast CIFAR-10 recipe, its ablation table."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from utils.validation import integer_labels, one_of, positive_int, whole_number

FLIP_MODES = ("alternating", "random", "none")
MAX_EPOCHS = 10_000
MAX_CLASSES = 100_000
MAX_SEED = 2**32 - 1


def _images(images: Any, name: str = "images") -> np.ndarray:
    """Return a batch of images (n, height, width, channels) of numbers, or raise naming what is wrong."""
    if not isinstance(images, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array (n, height, width, channels), got {type(images).__name__}.")
    if images.ndim != 4:
        raise ValueError(f"{name} must be 4-D (n, height, width, channels), got shape {images.shape}.")
    if images.dtype.kind not in "uif":
        raise TypeError(f"{name} must hold numbers (uint8 pixels or floats), got dtype {images.dtype}.")
    if len(images) == 0:
        raise ValueError(f"{name} is empty: expected at least one image.")
    if images.dtype.kind == "f" and not np.isfinite(images).all():
        raise ValueError(f"{name} contains NaN or infinity.")
    return images


def shift_and_flip(images: Any, shift: int, flipped: Any, seed: int = 0) -> np.ndarray:
    """Return the images shifted by random whole pixels in [-shift, shift] per axis, mirrored where `flipped`."""
    images = _images(images)
    shift = whole_number(shift, "shift", minimum=0, maximum=min(images.shape[1:3]) - 1)
    try:
        flipped = np.asarray(flipped)
    except (ValueError, TypeError):
        raise ValueError(f"flipped must be a boolean array of shape ({len(images)},), got a ragged sequence.") from None
    if flipped.dtype != bool or flipped.shape != (len(images),):
        wanted = f"a boolean array of shape ({len(images)},)"
        raise ValueError(f"flipped must be {wanted}, got {flipped.dtype} {flipped.shape}.")
    rng = np.random.default_rng(whole_number(seed, "seed", minimum=0, maximum=MAX_SEED))
    n, height, width = images.shape[:3]
    if shift:
        padded = np.pad(images, ((0, 0), (shift, shift), (shift, shift), (0, 0)), mode="reflect")
        dy, dx = rng.integers(0, 2 * shift + 1, size=(2, n))
        out = np.empty_like(images)
        for i in range(2 * shift + 1):  # one copy per offset: (2 shift + 1)^2 vectorised copies, not n
            for j in range(2 * shift + 1):
                pick = (dy == i) & (dx == j)
                out[pick] = padded[pick, i : i + height, j : j + width]
    else:
        out = images.copy()
    out[flipped] = out[flipped, :, ::-1]
    return out


def flip_shift_batches(
    images: Any,
    labels: Any,
    batch_size: int,
    epochs: int,
    shift: int = 2,
    flip: str = "alternating",
    seed: int = 0,
    num_classes: int = 10,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield `epochs` epochs of (images, one-hot labels) batches, reshuffled, shifted and flipped anew each epoch."""
    # flip="alternating" mirrors a random half of the images in even epochs and the other half in odd ones
    # (Jordan 2024), "random" a fresh random half every epoch, "none" nothing. A generator runs in order, so
    # prefetching by Keras can never mix two epochs' augmentations (a PyDataset's on_epoch_begin can).
    images = _images(images)
    num_classes = positive_int(num_classes, "num_classes", maximum=MAX_CLASSES)
    labels = integer_labels(labels, "labels", num_classes=num_classes)
    if len(labels) != len(images):
        raise ValueError(f"labels must have one entry per image: {len(labels)} labels for {len(images)} images.")
    batch_size = positive_int(batch_size, "batch_size")
    if batch_size > len(images):
        raise ValueError(f"batch_size ({batch_size}) must not exceed the number of images ({len(images)}).")
    epochs = positive_int(epochs, "epochs", maximum=MAX_EPOCHS)
    shift = whole_number(shift, "shift", minimum=0, maximum=min(images.shape[1:3]) - 1)
    flip = one_of(flip, "flip", FLIP_MODES)
    seed = whole_number(seed, "seed", minimum=0, maximum=MAX_SEED)
    return _batches(images, labels, batch_size, epochs, shift, flip, seed, num_classes)


def _batches(images, labels, batch_size, epochs, shift, flip, seed, num_classes):
    """The generator behind flip_shift_batches (its arguments already checked)."""
    rng = np.random.default_rng(seed)
    onehot = np.eye(num_classes, dtype=np.float32)[labels]
    first = rng.random(len(images)) < 0.5
    for epoch in range(epochs):
        if flip == "alternating":
            flipped = first ^ (epoch % 2 == 1)
        elif flip == "random":
            flipped = rng.random(len(images)) < 0.5
        else:
            flipped = np.zeros(len(images), dtype=bool)
        epoch_images = shift_and_flip(images, shift, flipped, seed=int(rng.integers(2**31)))
        order = rng.permutation(len(images))
        for start in range(0, len(images) - batch_size + 1, batch_size):
            picked = order[start : start + batch_size]
            yield epoch_images[picked], onehot[picked]


ABLATION_CSV = Path(__file__).with_name("ablation.csv")
ABLATION_COLUMNS = (
    "change",
    "widths",
    "epochs",
    "train_images",
    "test_accuracy_plain",
    "test_accuracy_flip",
    "test_accuracy_six_views",
    "train_cpu_seconds",
    "relative_train_time",
    "measured_on",
    "source",
)
_ACCURACIES = ("test_accuracy_plain", "test_accuracy_flip", "test_accuracy_six_views")


def _ablation_row(row: dict[str, str], line: str) -> dict[str, Any]:
    """One validated row of the ablation table, with numbers as numbers and an unmeasured accuracy as None."""
    for column in ("change", "measured_on", "source"):
        if not (row[column] or "").strip():
            raise ValueError(f"{line}: column {column!r} is empty.")
    widths = row["widths"].split("/")
    if not all(w.isdigit() and int(w) > 0 for w in widths):
        raise ValueError(f"{line}: widths must be positive whole numbers joined by '/', got {row['widths']!r}.")
    out: dict[str, Any] = {"change": row["change"], "widths": tuple(int(w) for w in widths)}
    if not row["train_images"].isdigit() or int(row["train_images"]) <= 0:
        raise ValueError(f"{line}: train_images must be a positive whole number, got {row['train_images']!r}.")
    out["train_images"] = int(row["train_images"])
    try:
        epochs = float(row["epochs"])
    except ValueError:
        raise ValueError(f"{line}: epochs must be a positive number, got {row['epochs']!r}.") from None
    if not (math.isfinite(epochs) and epochs > 0):
        raise ValueError(f"{line}: epochs must be a positive number, got {row['epochs']!r}.")
    out["epochs"] = int(epochs) if epochs.is_integer() else epochs
    for column in (*_ACCURACIES, "train_cpu_seconds", "relative_train_time"):
        text = row[column].strip()
        try:
            value = float(text) if text else None
        except ValueError:
            raise ValueError(f"{line}: {column} must be a number or empty, got {text!r}.") from None
        if value is not None and not (math.isfinite(value) and value > 0):
            raise ValueError(f"{line}: {column} must be a positive finite number, got {text!r}.")
        if value is not None and column in _ACCURACIES and value > 1:
            raise ValueError(f"{line}: {column} is a share of the test images, at most 1, got {text!r}.")
        out[column] = value
    if all(out[column] is None for column in _ACCURACIES):
        raise ValueError(f"{line}: at least one test accuracy must be given.")
    if out["relative_train_time"] is None:
        raise ValueError(f"{line}: relative_train_time is missing.")
    try:
        date.fromisoformat(row["measured_on"])
    except ValueError:
        raise ValueError(f"{line}: measured_on must be a date YYYY-MM-DD, got {row['measured_on']!r}.") from None
    out["measured_on"], out["source"] = row["measured_on"], row["source"]
    return out


def load_ablation(path: str | Path | None = None) -> list[dict[str, Any]]:
    """Read and validate the measured accuracy-per-minute table (default: the course's ablation.csv)."""
    path = ABLATION_CSV if path is None else Path(path) if isinstance(path, str | Path) else path
    if not isinstance(path, Path):
        raise TypeError(f"path must be a file path (str or Path) or None, got {type(path).__name__}.")
    if not path.is_file():
        raise FileNotFoundError(f"path: no ablation table at {path}.")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != ABLATION_COLUMNS:
            raise ValueError(f"{path.name}: columns must be {', '.join(ABLATION_COLUMNS)}; got {reader.fieldnames}.")
        rows = [_ablation_row(row, f"{path.name} line {n}") for n, row in enumerate(reader, start=2)]
    if not rows:
        raise ValueError(f"{path.name} has no rows: expected at least one measured recipe.")
    return rows
