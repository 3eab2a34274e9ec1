"""An outside battery for notebook 08's checkers: new plausible wrong answers (each wrong on some inputs only) and
right answers written differently, as a learner would write them. Every wrong one must be refused in words, every
right one accepted."""

import re

import numpy as np
import pytest

from utils.environment import import_tensorflow
from utils.lessons.text_classification_lab import helpers
from utils.lessons.text_classification_lab.exercises import (
    check_mark_negations,
    check_nearest_by_cosine,
    check_precision_recall_f1,
)

tf = import_tensorflow()

CHECKS = {
    "precision_recall_f1": check_precision_recall_f1,
    "mark_negations": check_mark_negations,
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


# ---- mark_negations -------------------------------------------------------------------------------


def _standard(texts):
    return helpers.standardize_review(texts)


def neg_python_re(texts):  # Python's re: fine eagerly, not inside tf.data's graph
    out = [re.sub(r"\bnot\s+(\S+)", r"not_\1", t.decode("utf-8")) for t in np.ravel(_standard(texts).numpy())]
    return tf.reshape(tf.constant(out), tf.shape(texts))


def neg_returns_numpy(texts):
    return tf.strings.regex_replace(_standard(texts), r"\bnot\s+(\S+)", r"not_\1").numpy()


def neg_hyphen(texts):  # 'not-good': the tokenizer keeps it, but it is not the asked-for token
    return tf.strings.regex_replace(_standard(texts), r"\bnot\s+(\S+)", r"not-\1")


def neg_trailing_underscore(texts):  # 'not ' at the end of a review becomes the token 'not_'
    return tf.strings.regex_replace(_standard(texts), r"\bnot\s+", "not_")


def neg_drops_not(texts):  # removes the negation instead of marking it
    return tf.strings.regex_replace(_standard(texts), r"\bnot\s+", "")


def neg_rest_of_review(texts):  # (.*) takes the whole rest of the review, so later negations stay apart
    return tf.strings.regex_replace(_standard(texts), r"\bnot\s+(.*)", r"not_\1")


def neg_previous_word(texts):  # joins 'not' to the word before it
    return tf.strings.regex_replace(_standard(texts), r"(\S+)\s+not\b", r"\1_not")


def neg_contractions_too(texts):  # also 'dont' and 'cannot': more than was asked
    return tf.strings.regex_replace(_standard(texts), r"\b(not|dont|cannot)\s+(\S+)", r"\1_\2")


def neg_space_kept(texts):  # 'not_ good': the underscore is there but the space too
    return tf.strings.regex_replace(_standard(texts), r"\bnot(\s+)(\S+)", r"not_\1\2")


def neg_keras_strip(texts):  # Keras' default standardisation: deletes punctuation, leaves 'br' from '<br />'
    texts = tf.strings.regex_replace(tf.strings.lower(texts), r"[!\"#$%&()*+,\-./:;<=>?@\[\\\]^_`{|}~']", "")
    return tf.strings.regex_replace(texts, r"\bnot\s+(\S+)", r"not_\1")


def neg_split_words(texts):  # returns the words, not a string
    return tf.strings.split(tf.strings.regex_replace(_standard(texts), r"\bnot\s+(\S+)", r"not_\1"))


def neg_two_groups(texts):
    return tf.strings.regex_replace(_standard(texts), r"\b(not)\s+(\S+)", r"\1_\2")


def neg_spaces_collapsed(texts):  # one space between words first, then a single-space pattern is enough
    texts = tf.strings.regex_replace(_standard(texts), r"\s+", " ")
    return tf.strings.regex_replace(texts, r"\bnot (\S+)", r"not_\1")


def neg_own_standardisation(texts):  # the course's standardisation written out again
    texts = tf.strings.lower(texts, encoding="utf-8")
    texts = tf.strings.regex_replace(texts, r"(?i)<br\s*/?\s*>", " ")
    texts = tf.strings.regex_replace(texts, "['\u2019]", "")
    texts = tf.strings.regex_replace(texts, r"[^\pL\pN\pM\s]", " ")
    return tf.strings.regex_replace(texts, r"\bnot\s+(\S+)", r"not_\1")


def neg_word_characters(texts):  # \w+ stops before an accented letter; the rest of the word stays attached
    return tf.strings.regex_replace(_standard(texts), r"\bnot\s+(\w+)", r"not_\1")


@tf.function
def neg_in_tf_function(texts):
    return tf.strings.regex_replace(helpers.standardize_review(texts), "\\bnot\\s+(\\S+)", "not_\\1")


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
    "mark_negations": [
        (neg_python_re, "TextVectorization"),
        (neg_returns_numpy, "TextVectorization"),
        (neg_hyphen, ""),
        (neg_trailing_underscore, ""),
        (neg_drops_not, ""),
        (neg_rest_of_review, ""),
        (neg_previous_word, ""),
        (neg_contractions_too, ""),
        (neg_space_kept, ""),
        (neg_keras_strip, ""),
        (neg_split_words, ""),
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
    "mark_negations": [
        neg_two_groups,
        neg_spaces_collapsed,
        neg_own_standardisation,
        neg_word_characters,
        neg_in_tf_function,
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
