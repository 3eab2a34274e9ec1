"""An outside battery for notebook 08's checkers: new plausible wrong answers (each wrong on some inputs only) and
right answers written differently, as a learner would write them. Every wrong one must be refused in words, every
right one accepted."""

import re
import string

import numpy as np
import pytest

from utils.environment import import_tensorflow
from utils.lessons.text_classification_lab.exercises import (
    check_nearest_by_cosine,
    check_precision_recall_f1,
    check_strip_html_and_punctuation,
)

tf = import_tensorflow()

CHECKS = {
    "precision_recall_f1": check_precision_recall_f1,
    "strip_html_and_punctuation": check_strip_html_and_punctuation,
    "nearest_by_cosine": check_nearest_by_cosine,
}


def _counts(y_true, y_pred):
    t, p = np.ravel(y_true).astype(int), np.ravel(y_pred).astype(int)
    return int(np.sum((t == 1) & (p == 1))), int(np.sum((t == 0) & (p == 1))), int(np.sum((t == 1) & (p == 0)))


# ---- precision_recall_f1 --------------------------------------------------------------------------


def prf_recall_unguarded(y_true, y_pred):  # guards precision's denominator but not recall's
    tp, fp, fn = _counts(y_true, y_pred)
    precision = tp / (tp + fp) if tp + fp else 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        recall = np.float64(tp) / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, float(recall), f1


def prf_matches_as_tp(y_true, y_pred):  # counts every agreement (TN too) as a true positive
    t, p = np.ravel(y_true), np.ravel(y_pred)
    tp = int(np.sum(t == p))
    fp, fn = int(np.sum((t == 0) & (p == 1))), int(np.sum((t == 1) & (p == 0)))
    precision, recall = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def prf_dict(y_true, y_pred):
    tp, fp, fn = _counts(y_true, y_pred)
    precision, recall = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def prf_rounded(y_true, y_pred):
    tp, fp, fn = _counts(y_true, y_pred)
    precision, recall = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 2), round(recall, 2), round(f1, 2)


def prf_percent(y_true, y_pred):
    tp, fp, fn = _counts(y_true, y_pred)
    precision, recall = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return 100 * precision, 100 * recall, 100 * f1


def prf_zero_is_positive(y_true, y_pred):  # scores class 0
    return _from_counts(*_counts(1 - np.asarray(y_true), 1 - np.asarray(y_pred)))


def _from_counts(tp, fp, fn):
    precision, recall = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def prf_macro(y_true, y_pred):  # averaged over both classes
    a, b = (
        _from_counts(*_counts(y_true, y_pred)),
        _from_counts(*_counts(1 - np.asarray(y_true), 1 - np.asarray(y_pred))),
    )
    return tuple((x + y) / 2 for x, y in zip(a, b))


def prf_over_all_samples(y_true, y_pred):  # divides by the number of samples
    tp, fp, fn = _counts(y_true, y_pred)
    n = len(np.ravel(y_true))
    precision, recall = tp / n, tp / n
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def prf_undefined_is_one(y_true, y_pred):  # "no positive predictions, so no false positives: precision 1"
    tp, fp, fn = _counts(y_true, y_pred)
    precision, recall = tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def prf_f1_from_accuracy(y_true, y_pred):
    tp, fp, fn = _counts(y_true, y_pred)
    precision, recall = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, float(np.mean(np.ravel(y_true) == np.ravel(y_pred)))


def prf_fp_fn_swapped(y_true, y_pred):  # false positives counted where the label is 1 and the prediction 0
    t, p = np.ravel(y_true), np.ravel(y_pred)
    tp = int(np.sum((t == 1) & (p == 1)))
    fp = int(np.sum((t == 1) & (p == 0)))
    fn = int(np.sum((t == 0) & (p == 1)))
    return _from_counts(tp, fp, fn)


def prf_none_when_undefined(y_true, y_pred):
    tp, fp, fn = _counts(y_true, y_pred)
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else 0.0
    return precision, recall, f1


def prf_counts_formula(y_true, y_pred):  # F1 = 2 TP / (2 TP + FP + FN)
    tp, fp, fn = _counts(y_true, y_pred)
    precision, recall = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def prf_array(y_true, y_pred):
    t, p = np.asarray(y_true, bool), np.asarray(y_pred, bool)
    tp, fp, fn = np.sum(t & p), np.sum(~t & p), np.sum(t & ~p)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.nan_to_num(tp / (tp + fp))
        recall = np.nan_to_num(tp / (tp + fn))
        f1 = np.nan_to_num(2 * precision * recall / (precision + recall))
    return np.array([precision, recall, f1])


def prf_keras(y_true, y_pred):
    import keras

    precision, recall = keras.metrics.Precision(), keras.metrics.Recall()
    precision.update_state(y_true, y_pred)
    recall.update_state(y_true, y_pred)
    p, r = float(precision.result()), float(recall.result())
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def prf_pure_python(y_true, y_pred):
    pairs = list(zip([int(v) for v in y_true], [int(v) for v in y_pred]))
    tp = sum(1 for t, p in pairs if t and p)
    fp = sum(1 for t, p in pairs if p and not t)
    fn = sum(1 for t, p in pairs if t and not p)
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return precision, recall, f1


def prf_epsilon(y_true, y_pred):  # a tiny epsilon in each denominator
    tp, fp, fn = _counts(y_true, y_pred)
    precision, recall = tp / (tp + fp + 1e-12), tp / (tp + fn + 1e-12)
    return precision, recall, 2 * precision * recall / (precision + recall + 1e-12)


def prf_list(y_true, y_pred):
    return list(_from_counts(*_counts(y_true, y_pred)))


# ---- strip_html_and_punctuation -------------------------------------------------------------------


def strip_word_class(texts):  # [^\w\s] keeps the underscore
    texts = tf.strings.regex_replace(tf.strings.lower(texts), r"<br\s*/?>", " ")
    return tf.strings.regex_replace(texts, r"[^\w\s]", " ")


def strip_ascii_letters_only(texts):  # removes accented letters as if they were punctuation
    texts = tf.strings.regex_replace(tf.strings.lower(texts), r"<br\s*/?>", " ")
    return tf.strings.regex_replace(texts, r"[^a-z0-9\s]", " ")


def strip_all_tags(texts):  # removes every tag, not only line breaks
    texts = tf.strings.regex_replace(tf.strings.lower(texts), r"<[^>]+>", " ")
    return tf.strings.regex_replace(texts, r"[[:punct:]]", " ")


def strip_breaks_before_lower(texts):  # a case-sensitive break pattern meets '<BR />' before lower-casing
    texts = tf.strings.regex_replace(texts, r"<br\s*/?>", " ")
    return tf.strings.regex_replace(tf.strings.lower(texts), r"[[:punct:]]", " ")


def strip_in_python(texts):  # Python string methods: fine eagerly, not inside tf.data's graph
    out = []
    for t in np.ravel(texts.numpy()):
        t = re.sub(r"<br\s*/?>", " ", t.decode("utf-8").lower())
        out.append(re.sub(f"[{re.escape(string.punctuation)}]", " ", t))
    return tf.reshape(tf.constant(out), tf.shape(texts))


def strip_returns_numpy(texts):
    texts = tf.strings.regex_replace(tf.strings.lower(texts), r"<br\s*/?>", " ")
    return tf.strings.regex_replace(texts, r"[[:punct:]]", " ").numpy()


def strip_keras_default(texts):  # Keras' own standardisation deletes punctuation
    texts = tf.strings.regex_replace(tf.strings.lower(texts), r"<br\s*/?>", " ")
    return tf.strings.regex_replace(texts, f"[{re.escape(string.punctuation)}]", "")


def strip_split_words(texts):  # returns the words, not a string
    texts = tf.strings.regex_replace(tf.strings.lower(texts), r"<br\s*/?>", " ")
    return tf.strings.split(tf.strings.regex_replace(texts, r"[[:punct:]]", " "))


def strip_br_letters(texts):  # '<br' and '/>' removed separately
    texts = tf.strings.lower(texts)
    texts = tf.strings.regex_replace(texts, "<br", " ")
    texts = tf.strings.regex_replace(texts, "/>", " ")
    return tf.strings.regex_replace(texts, r"[[:punct:]]", " ")


def strip_only_listed_punctuation(texts):  # a hand-written list that misses some characters
    texts = tf.strings.regex_replace(tf.strings.lower(texts), r"<br\s*/?>", " ")
    return tf.strings.regex_replace(texts, r"[.,!?;:'\"()\-]", " ")


def strip_breaks_to_newline(texts):  # a break becomes '\n'... and the punctuation pass removes nothing else
    texts = tf.strings.regex_replace(tf.strings.lower(texts), r"<br\s*/?>", "\n")
    return tf.strings.regex_replace(texts, r"[[:punct:]]+", "")


def strip_upper(texts):
    texts = tf.strings.regex_replace(tf.strings.upper(texts), r"<BR\s*/?>", " ")
    return tf.strings.regex_replace(texts, r"[[:punct:]]", " ")


def strip_two_literals(texts):
    texts = tf.strings.lower(texts)
    for tag in ("<br />", "<br/>"):
        texts = tf.strings.regex_replace(texts, tag, " ")
    return tf.strings.regex_replace(texts, "[[:punct:]]", " ")


def strip_escaped_punctuation(texts):
    texts = tf.strings.regex_replace(tf.strings.lower(texts), "<br ?/>", " ")
    return tf.strings.regex_replace(texts, "[" + re.escape(string.punctuation) + "]", " ")


def strip_collapses_spaces(texts):
    texts = tf.strings.regex_replace(tf.strings.lower(texts), r"<br\s*/>", " ")
    texts = tf.strings.regex_replace(texts, r"[[:punct:]]+", " ")
    return tf.strings.strip(tf.strings.regex_replace(texts, r"\s+", " "))


def strip_lazy_tag(texts):  # <br.*?> also swallows '<brown ... />' up to the next '>'
    texts = tf.strings.regex_replace(tf.strings.lower(texts), r"<br.*?>", " ")
    return tf.strings.regex_replace(texts, r"[[:punct:]]", " ")


def strip_case_insensitive_breaks(texts):  # (?i) matches <BR /> before lower-casing
    texts = tf.strings.regex_replace(texts, r"(?i)<br */?>", " ")
    return tf.strings.regex_replace(tf.strings.lower(texts), r"[[:punct:]]", " ")


def strip_one_regex(texts):  # one alternation: breaks first, then any punctuation character
    return tf.strings.regex_replace(tf.strings.lower(texts), r"<br\s*/?>|[[:punct:]]", " ")


# ---- nearest_by_cosine ----------------------------------------------------------------------------


def _cos(vectors, query):
    vectors, query = np.asarray(vectors, float), np.asarray(query, float)
    return vectors @ query / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(query))


def nn_query_normalised_only(vectors, query, k):
    return np.argsort(-(vectors @ (query / np.linalg.norm(query))))[:k]


def nn_last_k(vectors, query, k):  # the k best, but in ascending order
    return np.argsort(_cos(vectors, query))[-k:]


def nn_sorted_by_index(vectors, query, k):  # the right rows, but in index order
    return np.sort(np.argsort(-_cos(vectors, query))[:k])


def nn_similarities(vectors, query, k):
    return np.sort(_cos(vectors, query))[::-1][:k]


def nn_skips_first(vectors, query, k):  # leaves out the best match, as if it were the query word itself
    return np.argsort(-_cos(vectors, query))[1 : k + 1]


def nn_absolute(vectors, query, k):
    return np.argsort(-np.abs(_cos(vectors, query)))[:k]


def nn_normalises_in_place(vectors, query, k):
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.argsort(-(vectors @ query))[:k]


def nn_float_indices(vectors, query, k):
    return np.argsort(-_cos(vectors, query))[:k].astype(float)


def nn_pair(vectors, query, k):
    sims = _cos(vectors, query)
    order = np.argsort(-sims)[:k]
    return order, sims[order]


def nn_angle_descending(vectors, query, k):  # sorts the angles from the largest down
    angles = np.arccos(np.clip(_cos(vectors, query), -1, 1))
    return np.argsort(-angles)[:k]


def nn_k_plus_one(vectors, query, k):
    return np.argsort(-_cos(vectors, query))[: k + 1]


def nn_rows_normalised_only(vectors, query, k):  # |query| is the same for every row: the ranking is right
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.argsort(-(unit @ query))[:k]


def nn_reversed_argsort(vectors, query, k):
    return np.argsort(_cos(vectors, query))[::-1][:k]


def nn_top_k(vectors, query, k):
    sims = tf.constant(_cos(vectors, query))
    return tf.math.top_k(sims, k=k).indices.numpy()


def nn_sorted_partition(vectors, query, k):
    sims = _cos(vectors, query)
    top = np.argpartition(-sims, k - 1)[:k]
    return top[np.argsort(-sims[top])]


def nn_python(vectors, query, k):
    import math

    q = [float(v) for v in query]
    qn = math.sqrt(sum(v * v for v in q))
    scored = []
    for i, row in enumerate(vectors):
        r = [float(v) for v in row]
        scored.append((sum(a * b for a, b in zip(r, q)) / (math.sqrt(sum(v * v for v in r)) * qn), i))
    scored.sort(key=lambda pair: -pair[0])
    return np.array([i for _, i in scored[:k]])


BATTERY_WRONG = {
    "precision_recall_f1": [
        (prf_recall_unguarded, "recall"),
        (prf_matches_as_tp, "expected"),
        (prf_dict, "tuple"),
        (prf_rounded, "expected"),
        (prf_percent, "expected"),
        (prf_zero_is_positive, "expected"),
        (prf_macro, "expected"),
        (prf_over_all_samples, "expected"),
        (prf_undefined_is_one, "expected"),
        (prf_f1_from_accuracy, "F1"),
        (prf_fp_fn_swapped, "expected"),
        (prf_none_when_undefined, "None"),
    ],
    "strip_html_and_punctuation": [
        (strip_word_class, "snake"),
        (strip_ascii_letters_only, ""),
        (strip_all_tags, ""),
        (strip_breaks_before_lower, ""),
        (strip_in_python, "TextVectorization"),
        (strip_returns_numpy, "TextVectorization"),
        (strip_keras_default, ""),
        (strip_split_words, ""),
        (strip_br_letters, ""),
        (strip_only_listed_punctuation, ""),
        (strip_breaks_to_newline, ""),
        (strip_upper, ""),
        (strip_lazy_tag, ""),
    ],
    "nearest_by_cosine": [
        (nn_query_normalised_only, ""),
        (nn_last_k, ""),
        (nn_sorted_by_index, "sorted"),
        (nn_similarities, "integer"),
        (nn_skips_first, ""),
        (nn_absolute, ""),
        (nn_normalises_in_place, ""),
        (nn_float_indices, "integer"),
        (nn_pair, ""),
        (nn_angle_descending, ""),
        (nn_k_plus_one, "indices"),
    ],
}
BATTERY_RIGHT = {
    "precision_recall_f1": [prf_counts_formula, prf_array, prf_keras, prf_pure_python, prf_epsilon, prf_list],
    "strip_html_and_punctuation": [
        strip_two_literals,
        strip_escaped_punctuation,
        strip_collapses_spaces,
        strip_one_regex,
        strip_case_insensitive_breaks,
    ],
    "nearest_by_cosine": [nn_rows_normalised_only, nn_reversed_argsort, nn_top_k, nn_sorted_partition, nn_python],
}


def _id(value):
    return getattr(value, "__name__", None) or str(value)[:20]


@pytest.mark.parametrize(
    "name, wrong, words",
    [(name, wrong, words) for name, cases in BATTERY_WRONG.items() for wrong, words in cases],
    ids=_id,
)
def test_battery_wrong_answer_is_refused_in_words(name, wrong, words):
    feedback = CHECKS[name](wrong)
    assert feedback.status == "failed", str(feedback)
    assert words in feedback.message, str(feedback)
    assert "\n" not in feedback.message and "Traceback" not in feedback.message, str(feedback)


@pytest.mark.parametrize(
    "name, right", [(name, right) for name, rights in BATTERY_RIGHT.items() for right in rights], ids=_id
)
def test_battery_right_answer_passes(name, right):
    feedback = CHECKS[name](right)
    assert feedback.passed, str(feedback)


def test_battery_is_large_enough():
    for name in CHECKS:
        assert len(BATTERY_WRONG[name]) >= 10 and len(BATTERY_RIGHT[name]) >= 5, name
