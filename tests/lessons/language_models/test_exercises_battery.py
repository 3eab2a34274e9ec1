"""An outside battery for notebook 09's checkers: new plausible wrong answers (each wrong on some inputs only, as a
learner would get them wrong) and right answers written differently. Every wrong one must be refused in words,
every right one accepted."""

import math

import numpy as np
import pytest

from utils.lessons.language_models.exercises import (
    check_labels_to_match,
    check_padded_causal_mask,
    check_tied_gpt_params,
    check_window_attention_step,
)
from utils.lessons.language_models.helpers import block_params, gpt_params

CHECKS = {
    "padded_causal_mask": check_padded_causal_mask,
    "tied_gpt_params": check_tied_gpt_params,
    "labels_to_match": check_labels_to_match,
    "window_attention_step": check_window_attention_step,
}


def _softmax(s):
    e = np.exp(s - np.max(s))
    return e / e.sum()


# ---- padded_causal_mask ---------------------------------------------------------------------------


def mask_only_right_padding(valid):  # assumes padding sits at the end: counts the real tokens, fills from the left
    valid = np.asarray(valid, dtype=bool)
    real = int(valid.sum())
    keep = np.arange(len(valid)) < real
    return np.tril(np.ones((len(valid), len(valid)), dtype=bool)) & np.outer(keep, keep)


def mask_upper_triangle(valid):  # np.triu: the future instead of the past
    valid = np.asarray(valid, dtype=bool)
    return np.triu(np.ones((len(valid), len(valid)), dtype=bool)) & np.outer(valid, valid)


def mask_or_instead_of_and(valid):
    valid = np.asarray(valid, dtype=bool)
    return np.tril(np.ones((len(valid), len(valid)), dtype=bool)) & (valid[None, :] | valid[:, None])


def mask_float(valid):  # an additive-mask habit: 0 where allowed, -inf elsewhere
    valid = np.asarray(valid, dtype=bool)
    allowed = np.tril(np.ones((len(valid), len(valid)), dtype=bool)) & np.outer(valid, valid)
    return np.where(allowed, 0.0, -np.inf)


def mask_ignores_first_column(valid):  # loops from 1, leaving key 0 out
    valid = np.asarray(valid, dtype=bool)
    t = len(valid)
    out = np.zeros((t, t), dtype=bool)
    for i in range(t):
        for j in range(1, i + 1):
            out[i, j] = valid[i] and valid[j]
    return out


def mask_window_of_one(valid):  # only the diagonal: each token sees itself
    valid = np.asarray(valid, dtype=bool)
    return np.eye(len(valid), dtype=bool) & np.outer(valid, valid)


def mask_by_loops(valid):
    t = len(valid)
    out = np.zeros((t, t), dtype=bool)
    for i in range(t):
        for j in range(i + 1):
            out[i, j] = bool(valid[i]) and bool(valid[j])
    return out


def mask_with_keras_style(valid):  # the causal mask and a padding mask combined with np.logical_and
    valid = np.asarray(valid, dtype=bool)
    causal = np.arange(len(valid))[:, None] >= np.arange(len(valid))[None, :]
    return np.logical_and(causal, valid[None, :])


def mask_with_cumsum(valid):  # j <= i written as a cumulative count
    valid = np.asarray(valid, dtype=bool)
    t = len(valid)
    lower = np.cumsum(np.eye(t, dtype=int), axis=0) > 0
    return lower & valid & valid[:, None]


def mask_from_min(valid):  # real tokens only: an outer minimum of the 0/1 vector
    v = np.asarray(valid, dtype=int)
    return (np.minimum.outer(v, v) * np.tri(len(v), dtype=int)).astype(bool)


# ---- tied_gpt_params ----------------------------------------------------------------------------------


def tied_hidden_4d_only(v, t, d, n):  # the MLP as d x d: forgets the 4·d hidden layer
    block = 4 * d * d + 4 * d + 2 * (d * d + d) + 4 * d
    return v * d + t * d + n * block + 2 * d + v


def tied_no_positions_and_bias(v, t, d, n):
    return v * d + n * block_params(d) + 2 * d


def tied_counts_kernel_twice(v, t, d, n):  # the embedding matrix counted for both uses
    return 2 * v * d + t * d + n * block_params(d) + 2 * d + v


def tied_final_norm_per_block(v, t, d, n):
    return v * d + t * d + n * (block_params(d) + 2 * d) + v


def tied_rule_of_thumb(v, t, d, n):  # 12·d² per block, biases and LayerNorms left out
    return v * d + t * d + 12 * d * d * n + 2 * d + v


def tied_float(v, t, d, n):  # 4.0 * d somewhere: a float, right only while it stays exact
    return float(v * d + t * d + n * (12.0 * d * d + 13.0 * d) + 2 * d + v) * (1 + 1e-9)


def tied_no_positions(v, t, d, n):
    return v * d + n * block_params(d) + 2 * d + v


def tied_sum_of_parts(v, t, d, n):
    parts = {"tokens": v * d, "positions": t * d, "blocks": n * block_params(d), "norm": 2 * d, "bias": v}
    return sum(parts.values())


def tied_from_untied(v, t, d, n):
    counts = gpt_params(v, t, d, n)
    return counts["total"] - (counts["output"] - v)


def tied_numpy(v, t, d, n):
    attention = 4 * (d * d + d)
    mlp = d * 4 * d + 4 * d + 4 * d * d + d
    return np.int64(v * d + t * d + n * (attention + mlp + 4 * d) + 2 * d + v)


# ---- labels_to_match ---------------------------------------------------------------------------------


def labels_crossing_of_max(counts, acc, target):  # interpolates towards the best point, not the next one
    counts, acc = np.asarray(counts, float), np.asarray(acc, float)
    if acc[0] >= target:
        return float(counts[0])
    if acc.max() < target:
        return math.inf
    best = int(np.argmax(acc))
    t = (target - acc[0]) / (acc[best] - acc[0])
    return float(np.exp(np.log(counts[0]) + t * (np.log(counts[best]) - np.log(counts[0]))))


def labels_log_accuracy(counts, acc, target):  # interpolates against log(accuracy) as well
    for i, a in enumerate(acc):
        if a >= target:
            if i == 0:
                return float(counts[0])
            t = (math.log(target) - math.log(acc[i - 1])) / (math.log(a) - math.log(acc[i - 1]))
            return float(np.exp((1 - t) * np.log(counts[i - 1]) + t * np.log(counts[i])))
    return math.inf


def labels_none_when_never(counts, acc, target):
    for i, a in enumerate(acc):
        if a >= target:
            if i == 0:
                return float(counts[0])
            t = (target - acc[i - 1]) / (a - acc[i - 1])
            return float(np.exp((1 - t) * np.log(counts[i - 1]) + t * np.log(counts[i])))
    return None


def labels_zero_when_met_at_once(counts, acc, target):
    for i, a in enumerate(acc):
        if a >= target:
            if i == 0:
                return 0.0
            t = (target - acc[i - 1]) / (a - acc[i - 1])
            return float(np.exp((1 - t) * np.log(counts[i - 1]) + t * np.log(counts[i])))
    return math.inf


def labels_midpoint(counts, acc, target):  # the geometric midpoint of the two counts, whatever the accuracies
    for i, a in enumerate(acc):
        if a >= target:
            return float(counts[0]) if i == 0 else math.sqrt(counts[i - 1] * counts[i])
    return math.inf


def labels_t_inverted(counts, acc, target):  # the interpolation weight measured from the wrong end
    for i, a in enumerate(acc):
        if a >= target:
            if i == 0:
                return float(counts[0])
            t = (a - target) / (a - acc[i - 1])
            return float(np.exp((1 - t) * np.log(counts[i - 1]) + t * np.log(counts[i])))
    return math.inf


def labels_nan_when_never(counts, acc, target):
    value = labels_none_when_never(counts, acc, target)
    return math.nan if value is None else value


def labels_bisect(counts, acc, target):  # find the crossing in log space by bisection
    counts, acc = np.asarray(counts, float), np.asarray(acc, float)
    if acc[0] >= target:
        return float(counts[0])
    i = next((i for i in range(1, len(acc)) if acc[i] >= target), None)
    if i is None:
        return math.inf
    lo, hi = math.log(counts[i - 1]), math.log(counts[i])
    for _ in range(200):
        mid = (lo + hi) / 2
        frac = (mid - math.log(counts[i - 1])) / (math.log(counts[i]) - math.log(counts[i - 1]))
        if acc[i - 1] + frac * (acc[i] - acc[i - 1]) < target:
            lo = mid
        else:
            hi = mid
    return math.exp((lo + hi) / 2)


def labels_power(counts, acc, target):  # the same line written as a power of the count ratio
    for (c0, a0), (c1, a1) in zip(zip(counts, acc), zip(counts[1:], acc[1:])):
        if a0 >= target:
            return float(c0)
        if a1 >= target:
            return float(c0 * (c1 / c0) ** ((target - a0) / (a1 - a0)))
    return float(counts[-1]) if acc[-1] >= target else math.inf


def labels_searchsorted_free(counts, acc, target):
    reached = [i for i, a in enumerate(acc) if a >= target]
    if not reached:
        return float("inf")
    i = reached[0]
    if i == 0:
        return float(counts[0])
    x0, x1 = math.log2(counts[i - 1]), math.log2(counts[i])
    return 2 ** (x0 + (x1 - x0) * (target - acc[i - 1]) / (acc[i] - acc[i - 1]))


# ---- window_attention_step -------------------------------------------------------------------------


def _stack(k_cache, k_new):
    return np.vstack([k_cache, k_new[None, :]])


def window_off_by_one(q, k_new, v_new, k_cache, v_cache, window):  # keeps window + 1 rows
    keys, values = _stack(k_cache, k_new)[-(window + 1) :], _stack(v_cache, v_new)[-(window + 1) :]
    return _softmax(keys @ q / np.sqrt(len(q))) @ values, keys, values


def window_cut_before_append(q, k_new, v_new, k_cache, v_cache, window):  # cuts the old cache, then appends
    keys, values = _stack(k_cache[-window:], k_new), _stack(v_cache[-window:], v_new)
    return _softmax(keys @ q / np.sqrt(len(q))) @ values, keys, values


def window_scaled_by_dv(q, k_new, v_new, k_cache, v_cache, window):  # √d_v instead of √d_k
    keys, values = _stack(k_cache, k_new)[-window:], _stack(v_cache, v_new)[-window:]
    return _softmax(keys @ q / np.sqrt(values.shape[1])) @ values, keys, values


def window_softmax_over_all(q, k_new, v_new, k_cache, v_cache, window):  # weights over every key, then cut
    keys_all, values_all = _stack(k_cache, k_new), _stack(v_cache, v_new)
    weights = _softmax(keys_all @ q / np.sqrt(len(q)))[-window:]
    return weights @ values_all[-window:], keys_all[-window:], values_all[-window:]


def window_keys_as_values(q, k_new, v_new, k_cache, v_cache, window):
    keys, values = _stack(k_cache, k_new)[-window:], _stack(v_cache, v_new)[-window:]
    return _softmax(keys @ q / np.sqrt(len(q))) @ values, keys, keys if keys.shape == values.shape else values


def window_query_as_key(q, k_new, v_new, k_cache, v_cache, window):  # scores the new key with itself
    keys, values = _stack(k_cache, k_new)[-window:], _stack(v_cache, v_new)[-window:]
    return _softmax(keys @ k_new / np.sqrt(len(q))) @ values, keys, values


def window_mean_of_values(q, k_new, v_new, k_cache, v_cache, window):  # uniform weights
    keys, values = _stack(k_cache, k_new)[-window:], _stack(v_cache, v_new)[-window:]
    return values.mean(axis=0), keys, values


def window_deque(q, k_new, v_new, k_cache, v_cache, window):
    from collections import deque

    keys, values = deque(k_cache, maxlen=window), deque(v_cache, maxlen=window)
    keys.append(k_new)
    values.append(v_new)
    keys, values = np.array(keys).reshape(-1, len(q)), np.array(values).reshape(-1, len(v_new))
    return _softmax(keys @ q / math.sqrt(len(q))) @ values, keys, values


def window_log_sum_exp(q, k_new, v_new, k_cache, v_cache, window):
    keys = np.concatenate([k_cache, k_new[None]], axis=0)[-window:]
    values = np.concatenate([v_cache, v_new[None]], axis=0)[-window:]
    scores = keys @ q / math.sqrt(q.shape[0])
    log_weights = scores - (scores.max() + np.log(np.exp(scores - scores.max()).sum()))
    return np.exp(log_weights) @ values, keys, values


def window_tensorflow(q, k_new, v_new, k_cache, v_cache, window):
    import tensorflow as tf

    keys = tf.concat([tf.constant(k_cache, tf.float64), tf.constant(k_new[None], tf.float64)], 0)[-window:]
    values = tf.concat([tf.constant(v_cache, tf.float64), tf.constant(v_new[None], tf.float64)], 0)[-window:]
    weights = tf.nn.softmax(tf.linalg.matvec(keys, tf.constant(q, tf.float64)) / math.sqrt(len(q)))
    return tf.linalg.matvec(values, weights, transpose_a=True).numpy(), keys.numpy(), values.numpy()


BATTERY_WRONG = {
    "padded_causal_mask": [
        (mask_only_right_padding, "some entries are wrong"),
        (mask_upper_triangle, "transpose"),
        (mask_or_instead_of_and, "real queries can still see padding keys"),
        (mask_float, "boolean"),
        (mask_ignores_first_column, "some entries are wrong"),
        (mask_window_of_one, "some entries are wrong"),
    ],
    "tied_gpt_params": [
        (tied_hidden_4d_only, "off by"),
        (tied_no_positions_and_bias, "off by"),
        (tied_counts_kernel_twice, "own d x V kernel"),
        (tied_final_norm_per_block, "off by"),
        (tied_rule_of_thumb, "13·d per block"),
        (tied_no_positions, "position embeddings"),
        (tied_float, "expected"),
    ],
    "labels_to_match": [
        (labels_crossing_of_max, "expected"),
        (labels_log_accuracy, "expected"),
        (labels_none_when_never, "return"),
        (labels_zero_when_met_at_once, "expected"),
        (labels_midpoint, "expected"),
        (labels_t_inverted, "expected"),
        (labels_nan_when_never, "math.inf"),
    ],
    "window_attention_step": [
        (window_off_by_one, "not cut to the window"),
        (window_cut_before_append, "not cut to the window"),
        (window_scaled_by_dv, "output is wrong"),
        (window_softmax_over_all, "output is wrong"),
        (window_keys_as_values, "values are wrong"),
        (window_query_as_key, "output is wrong"),
        (window_mean_of_values, "output is wrong"),
    ],
}

BATTERY_RIGHT = {
    "padded_causal_mask": [mask_by_loops, mask_with_keras_style, mask_with_cumsum, mask_from_min],
    "tied_gpt_params": [tied_sum_of_parts, tied_from_untied, tied_numpy],
    "labels_to_match": [labels_bisect, labels_power, labels_searchsorted_free],
    "window_attention_step": [window_deque, window_log_sum_exp, window_tensorflow],
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
        assert len(BATTERY_WRONG[name]) >= 6 and len(BATTERY_RIGHT[name]) >= 3, name
