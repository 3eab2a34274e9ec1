import math

import numpy as np
import pytest

from utils.lessons.language_models import exercises as checks
from utils.lessons.language_models import helpers as lm
from utils.lessons.language_models import solutions


def _softmax(s):
    e = np.exp(s - s.max())
    return e / e.sum()


def test_reference_solutions_pass():
    assert checks.check_padded_causal_mask(solutions.padded_causal_mask).passed
    assert checks.check_tied_gpt_params(solutions.tied_gpt_params).passed
    assert checks.check_labels_to_match(solutions.labels_to_match).passed
    assert checks.check_window_attention_step(solutions.window_attention_step).passed


def test_stubs_are_not_attempted():
    def stub(*args):
        raise NotImplementedError  # noqa: ARG001

    for check in (
        checks.check_padded_causal_mask,
        checks.check_tied_gpt_params,
        checks.check_labels_to_match,
        checks.check_window_attention_step,
    ):
        assert check(stub).status == "not_attempted"


def test_tying_removes_exactly_the_output_kernel():
    untied = lm.gpt_params(50, 8, 16, 1)
    assert solutions.tied_gpt_params(50, 8, 16, 1) == untied["total"] - 16 * 50
    assert untied["output"] - 16 * 50 == 50  # what stays: the output bias


# ---- exercise 1: a padding mask ---------------------------------------------------------------


def _keys_only(valid):
    valid = np.asarray(valid, dtype=bool)
    return np.tril(np.ones((len(valid), len(valid)), dtype=bool)) & valid[None, :]


# ---- exercise 2: a tied parameter count --------------------------------------------------------


def _untied(v, t, d, n):
    return lm.gpt_params(v, t, d, n)["total"]


# ---- exercise 3: the exchange rate by interpolation --------------------------------------------


def _vectorised(counts, acc, target):
    counts, acc = np.asarray(counts, float), np.asarray(acc, float)
    reached = acc >= target
    if not reached.any():
        return np.inf
    i = int(np.argmax(reached))
    if i == 0:
        return counts[0]
    log_c = np.log(counts[i - 1 : i + 1])
    return np.exp(np.interp(target, acc[i - 1 : i + 1], log_c))


def _log10_version(counts, acc, target):
    for i, a in enumerate(acc):
        if a >= target:
            if i == 0:
                return float(counts[0])
            t = (target - acc[i - 1]) / (a - acc[i - 1])
            return 10 ** ((1 - t) * math.log10(counts[i - 1]) + t * math.log10(counts[i]))
    return float("inf")


def _geometric_version(counts, acc, target):
    pairs = list(zip(counts, acc))
    if pairs[0][1] >= target:
        return pairs[0][0]
    for (c0, a0), (c1, a1) in zip(pairs, pairs[1:]):
        if a1 >= target:
            return c0 * (c1 / c0) ** ((target - a0) / (a1 - a0))
    return math.inf


def _linear_in_counts(counts, acc, target):
    for i, a in enumerate(acc):
        if a >= target:
            return float(counts[0]) if i == 0 else float(np.interp(target, acc[i - 1 : i + 1], counts[i - 1 : i + 1]))
    return math.inf


def _nearest_grid_point(counts, acc, target):
    for c, a in zip(counts, acc):
        if a >= target:
            return float(c)
    return math.inf


def _last_crossing(counts, acc, target):
    for i in range(len(acc) - 1, 0, -1):
        if acc[i] >= target > acc[i - 1]:
            t = (target - acc[i - 1]) / (acc[i] - acc[i - 1])
            return float(np.exp(np.log(counts[i - 1]) + t * np.log(counts[i] / counts[i - 1])))
    return float(counts[0]) if acc[0] >= target else math.inf


def _largest_count_when_never(counts, acc, target):
    value = solutions.labels_to_match(counts, acc, target)
    return float(counts[-1]) if math.isinf(value) else value


def _rate_not_labels(counts, acc, target):
    return solutions.labels_to_match(counts, acc, target) / counts[0]


def _log_labels(counts, acc, target):
    value = solutions.labels_to_match(counts, acc, target)
    return value if math.isinf(value) else math.log(value)


def _extrapolates(counts, acc, target):
    value = solutions.labels_to_match(counts, acc, target)
    if not math.isinf(value):
        return value
    slope = (acc[-1] - acc[-2]) / math.log(counts[-1] / counts[-2])
    return float(counts[-1] * math.exp((target - acc[-1]) / slope))


# ---- exercise 4: one attention step with a sliding-window cache ---------------------------------


def _einsum_version(q, k_new, v_new, k_cache, v_cache, window):
    keys = np.vstack([k_cache, k_new])[-window:]
    values = np.vstack([v_cache, v_new])[-window:]
    w = _softmax(np.einsum("td,d->t", keys, q) / math.sqrt(len(q)))
    return np.einsum("t,tv->v", w, values), keys, values


def _list_version(q, k_new, v_new, k_cache, v_cache, window):
    keys = [*k_cache, k_new][-window:]
    values = [*v_cache, v_new][-window:]
    scores = np.array([k @ q for k in keys]) / np.sqrt(q.size)
    return _softmax(scores) @ np.array(values), np.array(keys), np.array(values)


def _step(q, keys, values, scale=True):
    return _softmax(keys @ q / (np.sqrt(len(q)) if scale else 1.0)) @ values


def _window(keys_first=False, scale=True, cut=True, newest=True, include_new=True):
    def step(q, kn, vn, kc, vc, w):
        keys, values = (
            (np.vstack([kn, kc]), np.vstack([vn, vc])) if keys_first else (np.vstack([kc, kn]), np.vstack([vc, vn]))
        )
        if cut:
            keys, values = (keys[-w:], values[-w:]) if newest else (keys[:w], values[:w])
        if not include_new:
            out = _step(q, kc[-w:], vc[-w:]) if len(kc) else vn
        else:
            out = _step(q, keys, values, scale)
        return out, keys, values

    return step


def _mask_strict(v):  # j < i: the diagonal left out
    v = np.asarray(v, dtype=bool)
    return np.tril(np.ones((len(v), len(v)), dtype=bool), k=-1) & np.outer(v, v)


def _labels_int(counts, acc, target):  # rounds the interpolated count to a whole number of labels
    value = solutions.labels_to_match(counts, acc, target)
    return value if math.isinf(value) else round(value)


WRONG = {
    "padded_causal_mask": [
        (lambda v: np.tril(np.ones((len(v), len(v)), dtype=bool)), "plain causal mask"),
        (lambda v: np.tril(np.ones((len(v), len(v)), dtype=bool)) & np.asarray(v)[:, None], "rows of padding"),
        (lambda v: np.broadcast_to(np.asarray(v, dtype=bool), (len(v), len(v))).copy(), "causal part is missing"),
        (lambda v: _keys_only(v).T, "transpose"),
        (lambda v: ~_keys_only(v), "swapped"),
        (lambda v: _keys_only(v).astype(int), "boolean"),
        (lambda v: _keys_only(list(v) + [True]), "shape"),
        (lambda v: list(_keys_only(v)), "NumPy array"),
        (_mask_strict, "diagonal is missing"),
    ],
    "tied_gpt_params": [
        (lambda v, t, d, n: _untied(v, t, d, n), "own d x V kernel"),
        (lambda v, t, d, n: _untied(v, t, d, n) - d * v - v, "bias"),
        (lambda v, t, d, n: _untied(v, t, d, n) - d * v - 2 * d, "final LayerNorm"),
        (lambda v, t, d, n: _untied(v, t, d, n) - d * v - t * d, "position embeddings"),
        (lambda v, t, d, n: _untied(v, t, d, n) - 2 * d * v, "token embeddings"),
        (lambda v, t, d, n: v * d + t * d + n * 12 * d * d + 2 * d + v, "13·d per block"),
        (lambda v, t, d, n: 12 * d * d * n, "off by"),
        (lambda v, t, d, n: str(_untied(v, t, d, n) - d * v), "not their text"),
    ],
    "labels_to_match": [
        (_linear_in_counts, "linearly in the label counts"),
        (_nearest_grid_point, "grid point"),
        (_last_crossing, "first count whose accuracy reaches"),
        (_largest_count_when_never, "math.inf"),
        (_extrapolates, "math.inf"),
        (_rate_not_labels, "exchange rate"),
        (_log_labels, "log(labels)"),
        (_labels_int, "expected"),
        (lambda c, a, t: None, "return"),
    ],
    "window_attention_step": [
        (_window(include_new=False), "ignores the new position"),
        (_window(scale=False), "√d_k"),
        (_window(cut=False), "not cut to the window"),
        (_window(newest=False), "oldest"),
        (lambda q, kn, vn, kc, vc, w: _window()(q, kn, vn, kc, vc, w)[0], "tuple"),
        (_window(keys_first=True), "wrong"),
        (lambda q, kn, vn, kc, vc, w: _window()(q, kn, vn, kc, vc, w)[::-1], "should have shape"),
    ],
}

RIGHT = {
    "padded_causal_mask": [
        _keys_only,  # padding query rows left to the rule: their outputs are discarded
        lambda v: np.tril(np.ones((len(v), len(v)), dtype=bool)) & np.outer(v, v),
        lambda v: (np.arange(len(v))[None, :] <= np.arange(len(v))[:, None]) & np.outer(v, v).astype(bool),
    ],
    "tied_gpt_params": [
        lambda v, t, d, n: _untied(v, t, d, n) - d * v,
        lambda v, t, d, n: v * d + t * d + n * (12 * d * d + 13 * d) + 2 * d + v,
        lambda v, t, d, n: int(np.int64(v) * d + t * d + n * lm.block_params(d) + 2 * d + v),
    ],
    "labels_to_match": [solutions.labels_to_match, _vectorised, _log10_version, _geometric_version],
    "window_attention_step": [solutions.window_attention_step, _einsum_version, _list_version],
}

CHECKS = {
    "padded_causal_mask": checks.check_padded_causal_mask,
    "tied_gpt_params": checks.check_tied_gpt_params,
    "labels_to_match": checks.check_labels_to_match,
    "window_attention_step": checks.check_window_attention_step,
}


@pytest.mark.parametrize(
    "name, wrong, words", [(n, w, s) for n, cases in WRONG.items() for w, s in cases], ids=lambda v: str(v)[:20]
)
def test_plausible_wrong_answers_fail_with_reason(name, wrong, words):
    feedback = CHECKS[name](wrong)
    assert feedback.status == "failed" and words in feedback.message, str(feedback)
    assert "\n" not in feedback.message


@pytest.mark.parametrize("name, right", [(n, r) for n, rights in RIGHT.items() for r in rights])
def test_right_answers_written_differently_pass(name, right):
    feedback = CHECKS[name](right)
    assert feedback.passed, str(feedback)
