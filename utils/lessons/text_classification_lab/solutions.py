"""Reference solutions for notebook 08 (text classification lab)."""

from __future__ import annotations

import numpy as np

from utils.environment import import_tensorflow


def precision_recall_f1(y_true, y_pred) -> tuple[float, float, float]:
    """Return (precision, recall, F1) of 0/1 predictions; 1 is the positive class, 0.0 where undefined."""
    y_true, y_pred = np.asarray(y_true).ravel(), np.asarray(y_pred).ravel()
    tp = np.sum((y_true == 1) & (y_pred == 1))
    fp = np.sum((y_true == 0) & (y_pred == 1))
    fn = np.sum((y_true == 1) & (y_pred == 0))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(precision), float(recall), float(f1)


def strip_html_and_punctuation(texts):
    """Lower-case a string tensor, turn <br />-style breaks into spaces, then punctuation into spaces."""
    tf = import_tensorflow()
    texts = tf.strings.lower(texts)
    texts = tf.strings.regex_replace(texts, r"<br\s*/?>", " ")
    return tf.strings.regex_replace(texts, r"[[:punct:]]", " ")


def nearest_by_cosine(vectors, query, k: int) -> np.ndarray:
    """Return the indices of the k rows of `vectors` most cosine-similar to `query`, best first."""
    vectors, query = np.asarray(vectors, dtype=float), np.asarray(query, dtype=float)
    similarity = vectors @ query / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(query))
    return np.argsort(-similarity, kind="stable")[:k]
