import numpy as np
import pytest

from utils.environment import import_tensorflow
from utils.lessons.text_classification_lab import solutions as solution
from utils.lessons.text_classification_lab.exercises import (
    check_nearest_by_cosine,
    check_precision_recall_f1,
    check_strip_html_and_punctuation,
)

tf = import_tensorflow()


def stub(*args, **kwargs):
    raise NotImplementedError


# --- precision / recall / F1 -------------------------------------------------------------


def prf_swapped(y_true, y_pred):  # precision and recall mixed up
    p, r, f = solution.precision_recall_f1(y_true, y_pred)
    return r, p, f


def prf_mean_not_harmonic(y_true, y_pred):  # F1 as the arithmetic mean
    p, r, _ = solution.precision_recall_f1(y_true, y_pred)
    return p, r, (p + r) / 2


def prf_divides_by_zero(y_true, y_pred):  # no guard for "no positive predictions"
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.sum(y_true * y_pred)
    precision = tp / np.sum(y_pred)
    recall = tp / np.sum(y_true)
    return precision, recall, 2 * precision * recall / (precision + recall)


def prf_accuracy_as_precision(y_true, y_pred):
    p, r, f = solution.precision_recall_f1(y_true, y_pred)
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred))), r, f


def test_prf_solution_passes():
    assert check_precision_recall_f1(solution.precision_recall_f1).status == "passed"


def test_prf_stub_not_attempted():
    assert check_precision_recall_f1(stub).status == "not_attempted"


@pytest.mark.parametrize(
    "wrong, words",
    [
        (prf_swapped, "precision is wrong (expected 0.4, got 0.666667)"),
        (prf_mean_not_harmonic, "F1 is wrong"),
        (prf_divides_by_zero, "no positive predictions"),
        (prf_accuracy_as_precision, "precision is wrong (expected 0.4, got 0.5)"),
        (lambda t, p: (0.4, 0.5), "tuple (precision, recall, f1)"),
        (lambda t, p: {"precision": 0.4}, "tuple (precision, recall, f1)"),
    ],
)
def test_prf_wrong_answers(wrong, words):
    with np.errstate(all="ignore"):
        feedback = check_precision_recall_f1(wrong)
    assert feedback.status == "failed"
    assert words in feedback.message


# --- standardisation ----------------------------------------------------------------------


def strip_punctuation_first(texts):  # '<br />' becomes the word 'br'
    texts = tf.strings.regex_replace(tf.strings.lower(texts), r"[[:punct:]]", " ")
    return tf.strings.regex_replace(texts, r"<br\s*/?>", " ")


def strip_no_lowercase(texts):
    texts = tf.strings.regex_replace(texts, r"<br\s*/?>", " ")
    return tf.strings.regex_replace(texts, r"[[:punct:]]", " ")


def strip_glues_words(texts):  # deletes instead of replacing with a space
    texts = tf.strings.regex_replace(tf.strings.lower(texts), r"<br\s*/?>", "")
    return tf.strings.regex_replace(texts, r"[[:punct:]]", "")


def strip_returns_python_list(texts):
    return [t.decode().lower() for t in texts.numpy()]


def strip_returns_numbers(texts):
    return tf.strings.length(texts)


def test_strip_solution_passes():
    assert check_strip_html_and_punctuation(solution.strip_html_and_punctuation).status == "passed"


def test_strip_python_version_on_bytes_is_accepted():
    def python_version(texts):
        import re

        out = []
        for raw in texts.numpy():
            t = re.sub(r"<br\s*/?>", " ", raw.decode().lower())
            out.append(re.sub(r"[^\w\s]|_", " ", t))
        return out

    assert check_strip_html_and_punctuation(python_version).status == "passed"


def test_strip_stub_not_attempted():
    assert check_strip_html_and_punctuation(stub).status == "not_attempted"


@pytest.mark.parametrize(
    "wrong, words",
    [
        (strip_punctuation_first, "'br'"),
        (strip_no_lowercase, "'A'"),
        (strip_glues_words, "'filmloved'"),
        (strip_returns_python_list, "tokens should be"),
        (strip_returns_numbers, "expected a string tensor"),
    ],
)
def test_strip_wrong_answers(wrong, words):
    feedback = check_strip_html_and_punctuation(wrong)
    assert feedback.status == "failed"
    assert words in feedback.message


# --- nearest neighbours by cosine ---------------------------------------------------------


def nearest_euclidean(vectors, query, k):
    return np.argsort(np.linalg.norm(vectors - query, axis=1))[:k]


def nearest_dot(vectors, query, k):
    return np.argsort(-(vectors @ query))[:k]


def nearest_worst_first(vectors, query, k):
    sims = vectors @ query / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(query))
    return np.argsort(sims)[:k]


def nearest_wrong_axis(vectors, query, k):
    sims = vectors @ query / (np.linalg.norm(vectors) * np.linalg.norm(query))  # one global norm
    return np.argsort(-sims)[:k]


def test_nearest_solution_passes():
    assert check_nearest_by_cosine(solution.nearest_by_cosine).status == "passed"


def test_nearest_list_answer_is_accepted():
    def as_list(vectors, query, k):
        return [int(i) for i in solution.nearest_by_cosine(vectors, query, k)]

    assert check_nearest_by_cosine(as_list).status == "passed"


def test_nearest_stub_not_attempted():
    assert check_nearest_by_cosine(stub).status == "not_attempted"


@pytest.mark.parametrize(
    "wrong, words",
    [
        (nearest_euclidean, "wrong value at index"),
        (nearest_dot, "wrong value at index"),
        (nearest_worst_first, "wrong value at index"),
        (nearest_wrong_axis, "wrong value at index"),
        (lambda v, q, k: solution.nearest_by_cosine(v, q, k + 1), "wrong shape"),
    ],
)
def test_nearest_wrong_answers(wrong, words):
    feedback = check_nearest_by_cosine(wrong)
    assert feedback.status == "failed"
    assert words in feedback.message


def test_prf_recall_precision_swapped_and_variant():
    def swapped(t, p):
        prec, rec, f1 = solution.precision_recall_f1(t, p)
        return rec, prec, f1

    assert check_precision_recall_f1(swapped).status == "failed"
    assert "2 items" in check_precision_recall_f1(lambda t, p: solution.precision_recall_f1(t, p)[:2]).message

    def with_numpy(t, p):
        t, p = np.asarray(t, bool), np.asarray(p, bool)
        tp, fp, fn = np.sum(t & p), np.sum(~t & p), np.sum(t & ~p)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        return np.array([prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0])

    assert check_precision_recall_f1(with_numpy).passed


def test_nearest_ascending_order_fails():
    def ascending(vectors, query, k):
        sims = vectors @ query / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(query))
        return np.argsort(sims)[:k]

    assert check_nearest_by_cosine(ascending).status == "failed"


@pytest.mark.parametrize(
    "wrong",
    [
        lambda t, p: (float(np.mean(t == p)),) * 3,  # accuracy for everything
        lambda t, p: solution.precision_recall_f1(p, t),  # arguments swapped: precision and recall swap
        lambda t, p: (*solution.precision_recall_f1(t, p)[:2], float(np.mean(solution.precision_recall_f1(t, p)[:2]))),
    ],
)
def test_prf_more_wrong_answers(wrong):
    assert check_precision_recall_f1(wrong).status == "failed"


def test_nearest_more_wrong_answers():
    def by_dot(vectors, query, k):
        return np.argsort(-(vectors @ query))[:k]

    def by_distance(vectors, query, k):
        return np.argsort(np.linalg.norm(vectors - query, axis=1))[:k]

    def one_too_many(vectors, query, k):
        return solution.nearest_by_cosine(vectors, query, k + 1)

    for wrong in (by_dot, by_distance, one_too_many):
        assert check_nearest_by_cosine(wrong).status == "failed"
