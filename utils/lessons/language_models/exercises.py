"""Checkers for notebook 09: a padding mask, a tied parameter count, the exchange rate, a sliding-window cache step."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from utils.checking import Example, Exercise, Feedback, compare, describe_value
from utils.lessons.language_models import solutions as solution

# ---- exercise 1: a causal mask with padding ----------------------------------------------------------------


def _valid(values: list[bool] | np.ndarray) -> np.ndarray:
    return np.array(values, dtype=bool)


def _draw_valid(rng: np.random.Generator) -> Example:
    t = int(rng.integers(1, 13))
    kind = rng.random()
    if kind < 0.3:  # right padding, as a batch of prompts padded at the end
        real = int(rng.integers(1, t + 1))
        valid, label = np.arange(t) < real, f"T = {t}, {real} real tokens, then padding"
    elif kind < 0.5:  # left padding
        real = int(rng.integers(1, t + 1))
        valid, label = np.arange(t) >= t - real, f"T = {t}, padding, then {real} real tokens"
    else:
        valid, label = rng.random(t) < 0.7, f"T = {t}, padding anywhere"
    return Example((valid,), label)


def _compare_mask(got: Any, expected: np.ndarray, example: Example) -> str | None:
    valid = np.asarray(example.args[0], dtype=bool)
    if not isinstance(got, np.ndarray):
        return f"expected a NumPy array, got {describe_value(got)}"
    if got.shape != expected.shape:
        return f"expected shape {expected.shape} (one row per query, one column per key), got {got.shape}"
    if got.dtype != bool:
        return f"expected a boolean array (True = may attend), got dtype {got.dtype}"
    causal = np.tril(np.ones(expected.shape, dtype=bool))
    keys_only = causal & valid[None, :]
    real_rows_right = np.array_equal(got[valid], expected[valid])
    padding_rows = got[~valid]
    if real_rows_right and (not padding_rows.any() or np.array_equal(padding_rows, keys_only[~valid])):
        return None  # rows of padding queries may follow the rule or be all False: their outputs are discarded
    if np.array_equal(got, causal):
        return "this is the plain causal mask: padding keys (valid False) must get False in their columns too"
    if np.array_equal(got, causal & valid[:, None]):
        return "you masked the rows of padding queries but not the columns: real queries can still see padding keys"
    if np.array_equal(got[valid], np.broadcast_to(valid, expected.shape)[valid]):
        return "the causal part is missing: query i must not see keys j > i"
    if np.array_equal(got, expected.T) or np.array_equal(got, keys_only.T):
        return "this is the transpose: rows are queries (i), columns are keys (j), and j <= i"
    if np.array_equal(got, ~expected) or np.array_equal(got, ~keys_only):
        return "True and False are swapped: True marks the keys a query may see"
    if np.array_equal(got, np.tril(np.ones(expected.shape, dtype=bool), k=-1) & valid[None, :] & valid[:, None]):
        return "the diagonal is missing: a query may attend to itself (j <= i, not j < i)"
    if real_rows_right:
        return "rows of padding queries should be all False or follow the same rule as the other rows"
    return "some entries are wrong: a real query i may see exactly the real keys j <= i"


PADDED_CAUSAL_MASK = Exercise(
    name="padded_causal_mask",
    reference=solution.padded_causal_mask,
    examples=[
        Example((_valid([True, True, True, False, False]),), "3 real tokens, then 2 of padding"),
        Example((_valid([False, False, True, True]),), "2 of left padding, then 2 real tokens"),
    ],
    edges=[
        Example((_valid([True, False, True, True, False, True]),), "padding in the middle"),
        Example((_valid([True, True, True, True]),), "no padding (the plain causal mask)"),
        Example((_valid([True]),), "a single real token (T = 1)"),
        Example((_valid([False, False, False]),), "padding only (every entry False)"),
        Example((_valid([False, True]),), "one padding token, then one real token"),
    ],
    draw=_draw_valid,
    comparer=_compare_mask,
    hint="np.tril of a square of True values, and the valid vector as a row (keys) and, if you like, a column.",
)


def check_padded_causal_mask(fn: Any, seed: int | None = None) -> Feedback:
    """Check padded_causal_mask(valid) -> (T, T) booleans: j <= i and both positions real."""
    return PADDED_CAUSAL_MASK.check(fn, seed)


# ---- exercise 2: the parameters of a GPT with a tied output layer ------------------------------------------


def _draw_sizes(rng: np.random.Generator) -> Example:
    v, t = int(rng.integers(2, 60001)), int(rng.integers(1, 2049))
    d, n = int(rng.choice([1, 2, 8, 16, 32, 64, 96, 128, 256, 512, 768, 1024])), int(rng.integers(1, 49))
    return Example((v, t, d, n), f"vocabulary {v:,}, context {t}, d {d}, {n} blocks")


def _compare_tied(got: Any, expected: int, example: Example) -> str | None:
    problem = compare(got, expected, rtol=0, atol=0)
    if problem is None or not isinstance(got, (int, float, np.number)) or isinstance(got, bool):
        return problem
    v, t, d, n = (int(a) for a in example.args)
    gap = float(got) - expected
    known = {
        d * v: "you kept the output layer's own d x V kernel: with tied weights it reuses the embedding matrix",
        -v: "the output bias of V numbers is missing: only the kernel is shared, the bias stays",
        -2 * d: "the final LayerNorm (a scale and a shift of d each) is missing",
        -t * d: "the position embeddings (context x d) are missing",
        -v * d: "the token embeddings are counted nowhere: the tied layer still needs them once",
        -n * 13 * d: "the blocks' biases and LayerNorms (13·d per block) are missing: 12·d² is only the weights",
        -2 * n * d: "the blocks' two LayerNorms (2·d each) are missing",
    }
    if float(gap).is_integer() and int(gap) in known:
        return known[int(gap)]
    return f"{problem} (off by {gap:+,.0f})"


TIED_GPT_PARAMS = Exercise(
    name="tied_gpt_params",
    reference=solution.tied_gpt_params,
    examples=[
        Example(
            (10000, 128, 128, 2), "this notebook's full-profile GPT (vocabulary 10,000, context 128, d 128, 2 blocks)"
        ),
        Example((50257, 1024, 768, 12), "GPT-2 small (vocabulary 50,257, context 1,024, d 768, 12 blocks)"),
    ],
    edges=[
        Example((70, 64, 32, 1), "a character model (vocabulary 70, context 64, d 32, 1 block)"),
        Example((5000, 64, 64, 3), "vocabulary 5,000, context 64, d 64, 3 blocks"),
        Example((2, 1, 1, 1), "the smallest model (vocabulary 2, context 1, d 1, 1 block)"),
        Example((np.int64(4000), np.int64(64), np.int64(64), np.int64(2)), "sizes given as NumPy integers"),
        Example((50257, 2048, 12288, 96), "GPT-3's architecture (d 12,288, 96 blocks, context 2,048)"),
    ],
    draw=_draw_sizes,
    comparer=_compare_tied,
    show_call=False,
    hint="start from the untied count (embeddings, blocks, final LayerNorm, output kernel and bias) and remove "
    "what tying shares.",
)


def check_tied_gpt_params(fn: Any, seed: int | None = None) -> Feedback:
    """Check tied_gpt_params(vocab_size, context, d_model, n_layers) against the exact count."""
    return TIED_GPT_PARAMS.check(fn, seed)


# ---- exercise 3: the labels a curve needs to reach a target -------------------------------------------------

_COUNTS = np.array([100.0, 300.0, 1000.0, 3000.0])


def _curve(accuracy: list[float], target: float, label: str, counts: np.ndarray = _COUNTS) -> Example:
    return Example((counts.copy(), np.array(accuracy), target), label)


def _draw_curve(rng: np.random.Generator) -> Example:
    size = int(rng.integers(2, 7))
    counts = np.unique(np.round(np.geomspace(float(rng.integers(10, 200)), float(rng.integers(500, 20000)), size)))
    accuracy = np.round(np.clip(0.5 + np.cumsum(rng.normal(0.03, 0.03, len(counts))), 0.0, 1.0), 4)
    kind = rng.random()
    if kind < 0.7:  # a target between the first and the best accuracy: a crossing to find
        target = float(np.round(rng.uniform(accuracy[0], accuracy.max()), 4))
    elif kind < 0.85:
        target = float(np.round(accuracy.max() + rng.uniform(0.001, 0.05), 4))  # never reached
    else:
        target = float(np.round(accuracy[0] - rng.uniform(0.0, 0.05), 4))  # met at once
    return Example((counts, accuracy, target), f"{len(counts)} label counts from {counts[0]:,.0f}, target {target}")


def _compare_labels(got: Any, expected: float, example: Example) -> str | None:
    counts, accuracy, target = example.args
    counts, accuracy = np.asarray(counts, dtype=float), np.asarray(accuracy, dtype=float)
    number = isinstance(got, (int, float, np.number)) and not isinstance(got, bool)
    if expected == math.inf:
        if number and got == math.inf:
            return None
        return (
            f"the curve never reaches {target} on this grid: return math.inf (no finite count is known), "
            f"got {describe_value(got)}"
        )
    problem = compare(got, expected, rtol=1e-6)
    if problem is None:
        return None
    if number and math.isfinite(float(got)):
        got = float(got)
        if math.isclose(got, expected / counts[0], rel_tol=1e-6):
            return "this is the exchange rate (labels / smallest count); return the number of labels itself"
        if math.isclose(got, math.log(expected), rel_tol=1e-6) or math.isclose(got, math.log10(expected), rel_tol=1e-6):
            return "this is log(labels): interpolate in log space, then take the exponential"
        i = int(np.argmax(accuracy >= target))
        if 0 < i and math.isclose(got, float(np.interp(target, accuracy[i - 1 : i + 1], counts[i - 1 : i + 1]))):
            return "you interpolated linearly in the label counts; interpolate in log(labels), as the plot's log axis"
        if got in counts:
            return "you returned a grid point; interpolate between the two counts on either side of the crossing"
    return f"{problem}. Find the first count whose accuracy reaches the target, then interpolate in log(labels)"


LABELS_TO_MATCH = Exercise(
    name="labels_to_match",
    reference=solution.labels_to_match,
    examples=[
        _curve([0.52, 0.55, 0.58, 0.61], 0.565, "a rising curve, target between 300 and 1,000"),
        _curve([0.50, 0.52, 0.54, 0.56], 0.60, "a target the curve never reaches"),
    ],
    edges=[
        _curve([0.53, 0.57, 0.56, 0.62], 0.565, "a curve with a dip: the first crossing counts"),
        _curve([0.55, 0.53, 0.58, 0.60], 0.565, "a curve that falls before it rises"),
        _curve([0.60, 0.62, 0.64, 0.66], 0.58, "a target already met at the smallest count"),
        _curve([0.55, 0.60, 0.65, 0.70], 0.65, "a target met exactly at a grid point"),
        _curve([0.55, 0.55, 0.61, 0.70], 0.58, "a flat stretch before the crossing"),
        Example(([50, 150, 400], [0.5, 0.6, 0.7], 0.55), "counts and accuracies as Python lists"),
        _curve([0.5, 0.7], 0.6, "two label counts only", counts=np.array([100.0, 400.0])),
    ],
    draw=_draw_curve,
    comparer=_compare_labels,
    show_call=False,
    hint="walk up the counts; at the first accuracy >= target, interpolate log(labels) linearly between that "
    "count and the one before, then take exp.",
)


def check_labels_to_match(fn: Any, seed: int | None = None) -> Feedback:
    """Check labels_to_match(label_counts, accuracies, target): first crossing, interpolated in log labels."""
    return LABELS_TO_MATCH.check(fn, seed)


# ---- exercise 4: one attention step with a sliding-window key-value cache ------------------------------------


def _window_example(rng: np.random.Generator, held: int, window: int, d: int, dv: int, label: str) -> Example:
    q, k_new, v_new = rng.normal(size=d) * 2, rng.normal(size=d) * 2, rng.normal(size=dv)
    k_cache, v_cache = rng.normal(size=(held, d)) * 2, rng.normal(size=(held, dv))
    return Example((q, k_new, v_new, k_cache, v_cache, window), label)


def _draw_window(rng: np.random.Generator) -> Example:
    window, d, dv = int(rng.integers(1, 9)), int(rng.integers(1, 17)), int(rng.integers(1, 17))
    held = int(rng.integers(0, window + 4))
    return _window_example(rng, held, window, d, dv, f"{held} cached positions, window {window}, d_k {d}, d_v {dv}")


def _softmax(scores: np.ndarray) -> np.ndarray:
    e = np.exp(scores - scores.max())
    return e / e.sum()


def _compare_window(got: Any, expected: tuple, example: Example) -> str | None:
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        return f"expected a tuple (output, keys, values), got {describe_value(got)}"
    out, keys, values = (np.asarray(g) if isinstance(g, (np.ndarray, list)) else g for g in got)
    q, k_new, v_new, k_cache, v_cache, window = example.args
    for name, g, e in (("keys", keys, expected[1]), ("values", values, expected[2])):
        if not isinstance(g, np.ndarray):
            return f"the {name} you returned are {describe_value(g)}, not an array"
        if g.shape != e.shape:
            if g.shape[:1] == (len(k_cache) + 1,):
                return f"the {name} were not cut to the window: keep only the last {window} rows"
            return f"the {name} should have shape {e.shape} (at most {window} rows), got {g.shape}"
        if not np.allclose(g, e):
            old = np.concatenate([k_cache if name == "keys" else v_cache, (k_new if name == "keys" else v_new)[None]])
            if g.shape == old[:window].shape and np.allclose(g, old[:window]):
                return f"you kept the oldest {window} rows; a sliding window keeps the newest"
            return f"the {name} are wrong: append the new row at the end, then keep the last {window} rows"
    problem = compare(out, expected[0], rtol=1e-6, atol=1e-9)
    if problem is None:
        return None
    old_keys, old_values = k_cache[-window:], v_cache[-window:]
    if len(old_keys) and np.allclose(out, _softmax(old_keys @ q / np.sqrt(len(q))) @ old_values):
        return "the output ignores the new position: store the new key and value before attending"
    if np.allclose(out, _softmax(expected[1] @ q) @ expected[2]):
        return "the scores are not divided by √d_k"
    if np.allclose(out, _softmax(expected[1] @ q / len(q)) @ expected[2]):
        return "the scores are divided by d_k; divide by √d_k"
    if np.allclose(out, (expected[1] @ q / np.sqrt(len(q))) @ expected[2]):
        return "the softmax is missing: the weights must be positive and sum to 1"
    return f"the output is wrong ({problem}): weights = softmax(keys @ q / √d_k), output = weights @ values"


WINDOW_ATTENTION_STEP = Exercise(
    name="window_attention_step",
    reference=solution.window_attention_step,
    examples=[
        _window_example(np.random.default_rng(7), 2, 4, 8, 5, "a cache with room (2 positions, window 4)"),
        _window_example(np.random.default_rng(8), 4, 4, 16, 4, "a full window: the oldest entry must go"),
    ],
    edges=[
        _window_example(np.random.default_rng(9), 0, 4, 8, 8, "an empty cache"),
        _window_example(np.random.default_rng(10), 6, 3, 4, 4, "a cache longer than the window"),
        _window_example(np.random.default_rng(11), 3, 1, 4, 2, "a window of 1: only the new position"),
        _window_example(np.random.default_rng(12), 2, 5, 1, 3, "d_k = 1"),
        _window_example(np.random.default_rng(13), 3, 8, 6, 1, "values of size d_v = 1"),
    ],
    draw=_draw_window,
    comparer=_compare_window,
    show_call=False,
    hint="keys = np.vstack([k_cache, k_new])[-window:], the same for the values, then softmax(keys @ q / √d_k) "
    "@ values.",
)


def check_window_attention_step(fn: Any, seed: int | None = None) -> Feedback:
    """Check window_attention_step(q, k_new, v_new, k_cache, v_cache, window) -> (output, keys, values)."""
    return WINDOW_ATTENTION_STEP.check(fn, seed)
