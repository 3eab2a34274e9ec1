"""Reference solutions for notebook 08 (text classification lab)."""

from __future__ import annotations

import numpy as np

from utils.environment import import_tensorflow
from utils.lessons.text_classification_lab import helpers


def precision_recall_f1(y_true, y_pred) -> tuple[float, float, float]:
    """Return (precision, recall, F1) of 0/1 predictions; 1 is the positive class, 0.0 where undefined."""
    metrics = helpers.binary_metrics(np.ravel(y_true), np.ravel(y_pred))
    return float(metrics["precision"]), float(metrics["recall"]), float(metrics["f1"])


def mark_negations(texts):
    """Standardise review strings like the course, then join every word 'not' to the next word: 'not_good'."""
    tf = import_tensorflow()
    texts = helpers.standardize_review(texts)
    return tf.strings.regex_replace(texts, r"\bnot\s+(\S+)", r"not_\1")


def nearest_by_cosine(vectors, query, k: int) -> np.ndarray:
    """Return the indices of the k rows of `vectors` most cosine-similar to `query`, best first."""
    similarity = helpers.cosine_similarities(vectors, query)
    return np.argsort(-similarity, kind="stable")[:k]
