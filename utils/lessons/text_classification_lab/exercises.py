"""Checkers for notebook 08 (text classification lab)."""

from __future__ import annotations

from typing import Any

import numpy as np

from utils.checking import Case, Feedback, check_against, check_function, compare, describe_value
from utils.environment import import_tensorflow
from utils.lessons.text_classification_lab import solutions as solution


def _compare_metric_triple(got: Any, expected: Any) -> str | None:
    if not isinstance(got, (tuple, list, np.ndarray)) or np.ndim(got) != 1:
        return f"expected a tuple (precision, recall, f1) of 3 numbers, got {describe_value(got)}"
    if len(got) != 3:
        return f"expected a tuple (precision, recall, f1) of 3 numbers, got {len(got)} items"
    for name, g, e in zip(("precision", "recall", "F1"), got, expected):
        problem = compare(g, e, rtol=1e-6, atol=1e-9)
        if problem:
            return f"{name} is wrong ({problem})"
    return None


def check_precision_recall_f1(fn: Any) -> Feedback:
    """Check precision_recall_f1(y_true, y_pred) -> (precision, recall, f1)."""
    rng = np.random.default_rng(7)
    y_true = rng.integers(0, 2, size=40)
    y_pred = np.where(rng.random(40) < 0.75, y_true, 1 - y_true)
    inputs = [
        (
            np.array([1, 1, 1, 0, 0, 0, 0, 0]),
            np.array([1, 1, 0, 1, 1, 1, 0, 0]),
            "y_true [1 1 1 0 0 0 0 0], y_pred [1 1 0 1 1 1 0 0] (2 TP, 3 FP, 1 FN)",
        ),
        (np.array([1, 1, 0, 0]), np.array([1, 0, 0, 0]), "y_true [1 1 0 0], y_pred [1 0 0 0]"),
        (y_true, y_pred, "40 random labels with 75% of predictions right"),
        (
            np.array([1, 0, 1, 0]),
            np.array([0, 0, 0, 0]),
            "y_true [1 0 1 0], y_pred all 0 (no positive predictions: precision counts as 0)",
        ),
        (
            np.array([0, 0, 1, 0, 0]),
            np.array([1, 1, 1, 1, 0]),
            "y_true [0 0 1 0 0], y_pred [1 1 1 1 0] (recall 1, precision low: the two differ)",
        ),
    ]
    cases = [Case((t, p), solution.precision_recall_f1(t, p), label=label) for t, p, label in inputs]
    return check_function(
        fn,
        cases,
        "precision_recall_f1",
        comparer=_compare_metric_triple,
        hint="precision = TP / (TP + FP), recall = TP / (TP + FN), "
        "F1 = 2·P·R / (P + R); return them in that order, 0.0 when a "
        "denominator is 0.",
    )


_BREAK_INPUTS = (
    "A great film!<br /><br />Loved it.",
    "It was NOT good...<br/>Really, not.",
    "10/10 -- would watch again (twice)",
    "plain words stay as they are",
)


def _token_lists(value: Any) -> list[list[str]] | None:
    """Turn a string tensor/array/list into lists of whitespace-separated tokens, or None."""
    if hasattr(value, "numpy") and callable(value.numpy):
        value = value.numpy()
    try:
        items = list(np.asarray(value, dtype=object).reshape(-1))
    except (TypeError, ValueError):
        return None
    out = []
    for item in items:
        if isinstance(item, bytes):
            item = item.decode("utf-8")
        if not isinstance(item, str):
            return None
        out.append(item.split())
    return out


def _compare_tokens(got: Any, expected: Any) -> str | None:
    want, have = _token_lists(expected), _token_lists(got)
    if have is None:
        return f"expected a string tensor, got {type(got).__name__}"
    if len(have) != len(want):
        return f"expected {len(want)} strings back (one per input), got {len(have)}"
    for text, h, w in zip(_BREAK_INPUTS, have, want):
        if h != w:
            return f"for {text!r} the tokens should be {w}, got {h}"
    return None


def check_strip_html_and_punctuation(fn: Any) -> Feedback:
    """Check strip_html_and_punctuation(texts): lower case, <br /> and punctuation become spaces."""
    tf = import_tensorflow()
    batch = tf.constant(list(_BREAK_INPUTS))
    case = Case(
        (batch,), solution.strip_html_and_punctuation(batch), label="a batch of four reviews (compared word by word)"
    )
    return check_function(
        fn,
        [case],
        "strip_html_and_punctuation",
        comparer=_compare_tokens,
        hint="lower-case first, replace the breaks before the punctuation "
        "(else '<br />' leaves the word 'br'), and replace with a space, "
        "not '', so that words on both sides stay apart.",
    )


def check_nearest_by_cosine(fn: Any) -> Feedback:
    """Check nearest_by_cosine(vectors, query, k) -> indices of the k most similar rows, best first."""
    vectors = np.array([[10.0, 0.0], [1.0, 1.0], [0.1, 3.0], [-2.0, 0.1], [0.9, 0.1]])
    rng = np.random.default_rng(3)
    random_vectors = rng.normal(size=(30, 8)) * rng.uniform(0.1, 5.0, size=(30, 1))
    inputs = [
        (vectors, np.array([1.0, 0.0]), 2, "5 vectors of different lengths, query [1, 0], k=2"),
        (vectors, np.array([0.2, 0.2]), 3, "5 vectors of different lengths, query [0.2, 0.2], k=3"),
        (random_vectors, random_vectors[4] + 0.1, 5, "30 random 8-D vectors, k=5"),
        (vectors, np.array([-1.0, 0.05]), 5, "5 vectors, query [-1, 0.05] pointing away from most, k=5 (all)"),
    ]
    return check_against(
        fn,
        solution.nearest_by_cosine,
        [case[:-1] for case in inputs],
        "nearest_by_cosine",
        [case[-1] for case in inputs],
        hint="cosine similarity is the dot product divided by both lengths; "
        "sort from the most similar (largest) down and keep k indices.",
    )
