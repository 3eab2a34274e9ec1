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


def strip_returns_python_list_of_cleaned(texts):
    cleaned = solution.strip_html_and_punctuation(texts).numpy()
    return np.vectorize(lambda b: b.decode(), otypes=[object])(cleaned).tolist()  # Python strings, same shape


def strip_returns_numbers(texts):
    return tf.strings.length(texts)


def test_strip_solution_passes():
    assert check_strip_html_and_punctuation(solution.strip_html_and_punctuation).status == "passed"


def _python_version(texts):
    import re

    def clean(raw):
        text = re.sub(r"<br\s*/?>", " ", raw.decode().lower())
        return re.sub(r"[^\w\s]|_", " ", text)

    return tf.constant(np.vectorize(clean, otypes=[object])(texts.numpy()))


def test_strip_python_version_is_refused_because_text_vectorization_cannot_run_it():
    """Right words, but .numpy() does not exist when a tf.data pipeline calls the function in graph mode."""
    feedback = check_strip_html_and_punctuation(_python_version)
    assert feedback.status == "failed" and "inside a TextVectorization layer" in feedback.message
    assert "graph mode" in feedback.message and "tf.strings" in feedback.message


def test_strip_stub_not_attempted():
    assert check_strip_html_and_punctuation(stub).status == "not_attempted"


@pytest.mark.parametrize(
    "wrong, words",
    [
        (strip_punctuation_first, "'br'"),
        (strip_no_lowercase, "'A'"),
        (strip_glues_words, "'filmloved'"),
        (strip_returns_python_list, "tokens should be"),
        (strip_returns_python_list_of_cleaned, "TextVectorization needs a tf.string tensor"),
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
        (nearest_euclidean, "Euclidean distance"),
        (nearest_dot, "dot product"),
        (nearest_worst_first, "least similar up"),
        (nearest_wrong_axis, "dot product"),  # one global norm ranks like the plain dot product
        (lambda v, q, k: solution.nearest_by_cosine(v, q, k + 1), "expected 2 indices, got 3"),
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


def _prf_counts(t, p):
    t, p = np.asarray(t), np.asarray(p)
    tp = int(np.sum((t == 1) & (p == 1)))
    fp = int(np.sum((t == 0) & (p == 1)))
    fn = int(np.sum((t == 1) & (p == 0)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _prf_keras(t, p):
    import keras

    precision, recall = keras.metrics.Precision(), keras.metrics.Recall()
    precision.update_state(t, p)
    recall.update_state(t, p)
    pr, rc = float(precision.result()), float(recall.result())
    return pr, rc, 2 * pr * rc / (pr + rc) if pr + rc else 0.0


def _prf_integer_division(t, p):
    t, p = np.asarray(t), np.asarray(p)
    tp, fp, fn = int(np.sum(t * p)), int(np.sum((1 - t) * p)), int(np.sum(t * (1 - p)))
    precision = tp // (tp + fp) if tp + fp else 0
    recall = tp // (tp + fn) if tp + fn else 0
    return precision, recall, 2 * precision * recall // (precision + recall) if precision + recall else 0


def _prf_zero_as_positive(t, p):
    return solution.precision_recall_f1(1 - np.asarray(t), 1 - np.asarray(p))


def _strip_two_literals(texts):
    texts = tf.strings.lower(texts)
    texts = tf.strings.regex_replace(texts, "<br />", " ")
    texts = tf.strings.regex_replace(texts, "<br/>", " ")
    return tf.strings.regex_replace(texts, "[[:punct:]]", " ")


def _strip_lower_last(texts):
    texts = tf.strings.regex_replace(texts, r"(?i)<br\s*/?>", " ")
    return tf.strings.lower(tf.strings.regex_replace(texts, "[[:punct:]]", " "))


def _strip_ascii_ranges(texts):
    texts = tf.strings.regex_replace(tf.strings.lower(texts), r"<br\s*/?>", " ")
    return tf.strings.regex_replace(texts, r"[!-/:-@\[-`{-~]", " ")


def _strip_only_spaced_break(texts):
    texts = tf.strings.regex_replace(tf.strings.lower(texts), "<br />", " ")
    return tf.strings.regex_replace(texts, "[[:punct:]]", " ")


def _strip_every_br(texts):
    texts = tf.strings.regex_replace(tf.strings.lower(texts), "[[:punct:]]", " ")
    return tf.strings.regex_replace(texts, "br", " ")


def _strip_every_tag(texts):
    texts = tf.strings.regex_replace(tf.strings.lower(texts), "<[^>]*>", " ")  # all tags, not only breaks
    return tf.strings.regex_replace(texts, "[[:punct:]]", " ")


def _strip_word_characters(texts):
    texts = tf.strings.regex_replace(tf.strings.lower(texts), r"<br\s*/?>", " ")
    return tf.strings.regex_replace(texts, r"[^\w\s]", " ")  # keeps '_', which is punctuation


def _nearest_partition(vectors, query, k):
    sims = (vectors @ query) / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(query))
    top = np.argpartition(-sims, k - 1)[:k]
    return top[np.argsort(-sims[top])]


def _nearest_top_k(vectors, query, k):
    v = tf.math.l2_normalize(tf.constant(vectors, tf.float64), axis=1)
    q = tf.math.l2_normalize(tf.constant(query, tf.float64))
    return tf.math.top_k(tf.linalg.matvec(v, q), k=k).indices


def _nearest_sorted(vectors, query, k):
    import math

    def cosine(row):
        return sum(a * b for a, b in zip(row, query)) / math.sqrt(sum(a * a for a in row))

    return np.array(sorted(range(len(vectors)), key=lambda i: -cosine(vectors[i]))[:k])


def _nearest_similarities(vectors, query, k):
    sims = (vectors @ query) / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(query))
    return np.sort(sims)[::-1][:k]


def _nearest_abs(vectors, query, k):
    sims = (vectors @ query) / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(query))
    return np.argsort(-np.abs(sims))[:k]


def _nearest_one_based(vectors, query, k):
    return solution.nearest_by_cosine(vectors, query, k) + 1


CHECKS = {
    "precision_recall_f1": check_precision_recall_f1,
    "strip_html_and_punctuation": check_strip_html_and_punctuation,
    "nearest_by_cosine": check_nearest_by_cosine,
}
WRONG = {
    "precision_recall_f1": [
        (prf_swapped, "swapped"),
        (prf_mean_not_harmonic, "harmonic mean"),
        (prf_divides_by_zero, "no positive predictions"),
        (prf_accuracy_as_precision, "precision is wrong (expected 0.4, got 0.5)"),
        (_prf_integer_division, "precision is wrong (expected 0.4, got 0)"),
        (_prf_zero_as_positive, "expected"),
        (lambda t, p: solution.precision_recall_f1(t, p)[::-1], "expected"),
    ],
    "strip_html_and_punctuation": [
        (strip_punctuation_first, "left the word 'br'"),
        (strip_no_lowercase, "not lower-cased"),
        (strip_glues_words, "glues words together"),
        (_strip_only_spaced_break, "'<br/>'"),
        (_strip_every_br, "brown"),
        (_strip_word_characters, "snake_case"),
        (_strip_every_tag, "other tags"),
        (strip_returns_python_list_of_cleaned, "TextVectorization needs a tf.string tensor"),
        (strip_returns_numbers, "expected a string tensor"),
    ],
    "nearest_by_cosine": [
        (nearest_euclidean, "Euclidean"),
        (nearest_dot, "dot product"),
        (nearest_worst_first, "least similar up"),
        (_nearest_similarities, "integer indices"),
        (_nearest_abs, "expected the"),
        (_nearest_one_based, "rows of vectors"),
        (lambda v, q, k: solution.nearest_by_cosine(v, q, k)[: k - 1] if k > 1 else [], "indices, got"),
    ],
}
RIGHT = {
    "precision_recall_f1": [_prf_counts, _prf_keras, lambda t, p: list(solution.precision_recall_f1(t, p))],
    "strip_html_and_punctuation": [_strip_two_literals, _strip_lower_last, _strip_ascii_ranges],
    "nearest_by_cosine": [_nearest_partition, _nearest_top_k, _nearest_sorted],
}


@pytest.mark.parametrize(
    "name, wrong, words", [(n, w, s) for n, cases in WRONG.items() for w, s in cases], ids=lambda v: str(v)[:20]
)
def test_plausible_wrong_answers_fail_with_reason(name, wrong, words):
    with np.errstate(all="ignore"):
        feedback = CHECKS[name](wrong)
    assert feedback.status == "failed" and words in feedback.message, str(feedback)
    assert "\n" not in feedback.message


@pytest.mark.parametrize("name, right", [(n, r) for n, rights in RIGHT.items() for r in rights])
def test_right_answers_written_differently_pass(name, right):
    feedback = CHECKS[name](right)
    assert feedback.passed, str(feedback)
