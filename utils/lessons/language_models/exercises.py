"""Checkers for notebook 09: a padding mask, a tied parameter count, the exchange rate, a sliding-window cache step."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from utils.checking import Case, Feedback, check_function, compare, describe_value
from utils.lessons.language_models import solutions as solution


def _mask_cases() -> list[Case]:
    rows = (
        ([True, True, True, False, False], "3 real tokens, then 2 of padding"),
        ([False, False, True, True], "2 of left padding, then 2 real tokens"),
        ([True, False, True, True, False, True], "padding in the middle"),
        ([True, True, True, True], "no padding"),
    )
    return [
        Case((np.array(v, dtype=bool),), solution.padded_causal_mask(np.array(v)), label=label) for v, label in rows
    ]


def _case_of(cases: list[Case], expected: Any) -> Case:
    """Return the case whose expected answer is this very object (check_function passes it through)."""
    return next(case for case in cases if case.expected is expected)


def _compare_mask(got: Any, expected: np.ndarray, valid: np.ndarray) -> str | None:
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
    if real_rows_right:
        return "rows of padding queries should be all False or follow the same rule as the other rows"
    return "some entries are wrong: a real query i may see exactly the real keys j <= i"


def check_padded_causal_mask(fn: Any) -> Feedback:
    """Check padded_causal_mask(valid) -> (T, T) booleans: j <= i and both positions real."""
    cases = _mask_cases()
    return check_function(
        fn,
        cases,
        "padded_causal_mask",
        comparer=lambda got, expected: _compare_mask(got, expected, _case_of(cases, expected).args[0]),
        hint="np.tril of a square of True values, and the valid vector as a row (keys) and, if you like, a column.",
    )


def check_tied_gpt_params(fn: Any) -> Feedback:
    """Check tied_gpt_params(vocab_size, context, d_model, n_layers) against the exact count."""
    settings = ((10000, 128, 128, 2), (70, 64, 32, 1), (50257, 1024, 768, 12), (5000, 64, 64, 3))
    cases = [
        Case(s, solution.tied_gpt_params(*s), label=f"vocabulary {s[0]:,}, context {s[1]}, d {s[2]}, {s[3]} blocks")
        for s in settings
    ]

    def comparer(got: Any, expected: Any) -> str | None:
        problem = compare(got, expected, rtol=0, atol=0)
        if problem is None or not isinstance(got, (int, float, np.number)) or isinstance(got, bool):
            return problem
        v, t, d, _ = _case_of(cases, expected).args
        gap = float(got) - expected
        known = {
            d * v: "you kept the output layer's own d x V kernel: with tied weights it reuses the embedding matrix",
            -v: "the output bias of V numbers is still there: only the kernel is shared",
            -2 * d: "the final LayerNorm (a scale and a shift of d each) is missing",
            -t * d: "the position embeddings (context x d) are missing",
            -v * d: "the token embeddings are counted nowhere: the tied layer still needs them once",
        }
        return known.get(int(gap) if float(gap).is_integer() else None, f"{problem} (off by {gap:+,.0f})")

    return check_function(
        fn,
        cases,
        "tied_gpt_params",
        comparer=comparer,
        hint="start from the untied count (embeddings, blocks, final LayerNorm, output kernel and bias) and remove "
        "what tying shares.",
    )


def _curve_cases() -> list[Case]:
    counts = np.array([100.0, 300.0, 1000.0, 3000.0])
    rows = (
        ([0.52, 0.55, 0.58, 0.61], 0.565, "a rising curve, target between 300 and 1,000"),
        ([0.53, 0.57, 0.56, 0.62], 0.565, "a curve with a dip: the first crossing counts"),
        ([0.55, 0.53, 0.58, 0.60], 0.565, "a curve that falls before it rises"),
        ([0.50, 0.52, 0.54, 0.56], 0.60, "a target the curve never reaches"),
        ([0.60, 0.62, 0.64, 0.66], 0.58, "a target already met at the smallest count"),
        ([0.55, 0.60, 0.65, 0.70], 0.65, "a target met exactly at a grid point"),
    )
    return [
        Case((counts, np.array(acc), target), solution.labels_to_match(counts, np.array(acc), target), label=label)
        for acc, target, label in rows
    ]


def _compare_labels(got: Any, expected: float, case: Case) -> str | None:
    counts, accuracy, target = case.args
    if expected == math.inf:
        if isinstance(got, (int, float, np.number)) and not isinstance(got, bool) and got == math.inf:
            return None
        return (
            f"the curve never reaches {target} on this grid: return math.inf (no finite count is known), "
            f"got {describe_value(got)}"
        )
    problem = compare(got, expected, rtol=1e-6)
    if problem is None:
        return None
    if isinstance(got, (int, float, np.number)) and not isinstance(got, bool) and math.isfinite(float(got)):
        got = float(got)
        if math.isclose(got, expected / counts[0], rel_tol=1e-6):
            return "this is the exchange rate (labels / smallest count); return the number of labels itself"
        if math.isclose(got, math.log(expected), rel_tol=1e-6):
            return "this is log(labels): interpolate in log space, then take the exponential"
        i = int(np.argmax(accuracy >= target))
        if 0 < i and math.isclose(got, float(np.interp(target, accuracy[i - 1 : i + 1], counts[i - 1 : i + 1]))):
            return "you interpolated linearly in the label counts; interpolate in log(labels), as the plot's log axis"
        if got in counts:
            return "you returned a grid point; interpolate between the two counts on either side of the crossing"
    return f"{problem}. Find the first count whose accuracy reaches the target, then interpolate in log(labels)"


def check_labels_to_match(fn: Any) -> Feedback:
    """Check labels_to_match(label_counts, accuracies, target): first crossing, interpolated in log labels."""
    cases = _curve_cases()

    def comparer(got: Any, expected: Any) -> str | None:
        return _compare_labels(got, expected, _case_of(cases, expected))

    return check_function(fn, cases, "labels_to_match", comparer=comparer)


def _window_cases() -> list[Case]:
    rng = np.random.default_rng(7)
    cases = []
    for held, window, d, dv, label in (
        (0, 4, 8, 8, "an empty cache"),
        (2, 4, 8, 5, "a cache with room"),
        (4, 4, 16, 4, "a full window: the oldest entry must go"),
        (6, 3, 4, 4, "a cache longer than the window"),
    ):
        q, k_new, v_new = rng.normal(size=d) * 2, rng.normal(size=d) * 2, rng.normal(size=dv)
        k_cache, v_cache = rng.normal(size=(held, d)) * 2, rng.normal(size=(held, dv))
        args = (q, k_new, v_new, k_cache, v_cache, window)
        cases.append(Case(args, solution.window_attention_step(*args), label=label))
    return cases


def _compare_window(got: Any, expected: tuple, case: Case) -> str | None:
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        return f"expected a tuple (output, keys, values), got {describe_value(got)}"
    out, keys, values = (np.asarray(g) if isinstance(g, (np.ndarray, list)) else g for g in got)
    q, k_new, v_new, k_cache, v_cache, window = case.args
    for name, g, e in (("keys", keys, expected[1]), ("values", values, expected[2])):
        if not isinstance(g, np.ndarray):
            return f"the {name} you returned are {describe_value(g)}, not an array"
        if g.shape != e.shape:
            held = len(k_cache)
            if g.shape[0] == held + 1:
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
    keys_all = expected[1]
    old_keys, old_values = k_cache[-window:], v_cache[-window:]
    if len(old_keys) and np.allclose(out, solution.softmax(old_keys @ q / np.sqrt(len(q))) @ old_values):
        return "the output ignores the new position: store the new key and value before attending"
    if np.allclose(out, solution.softmax(keys_all @ q) @ expected[2]):
        return "the scores are not divided by √d_k"
    return f"the output is wrong ({problem}): weights = softmax(keys @ q / √d_k), output = weights @ values"


def check_window_attention_step(fn: Any) -> Feedback:
    """Check window_attention_step(q, k_new, v_new, k_cache, v_cache, window) -> (output, keys, values)."""
    cases = _window_cases()

    def comparer(got: Any, expected: Any) -> str | None:
        return _compare_window(got, expected, _case_of(cases, expected))

    return check_function(fn, cases, "window_attention_step", comparer=comparer)
