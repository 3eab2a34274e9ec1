"""Checkers for notebook 09 (language models)."""

from __future__ import annotations

from typing import Any

import numpy as np

from utils.checking import Case, Feedback, check_function, compare
from utils.lessons.language_models import solutions as solution


def _compare_mask(got: Any, expected: Any) -> str | None:
    if not isinstance(got, np.ndarray):
        return f"expected a NumPy array, got {type(got).__name__}"
    if got.shape != expected.shape:
        return f"expected shape {expected.shape}, got {got.shape}"
    if got.dtype != bool:
        return f"expected a boolean array (True = may attend), got dtype {got.dtype}"
    if np.array_equal(got, expected):
        return None
    if np.array_equal(got, expected.T):
        return "this is the transpose: query i (row) may see keys j <= i (columns), not j >= i"
    if np.array_equal(got, np.tril(expected, -1)):
        return "the diagonal is missing: a position may attend to itself"
    if np.array_equal(got, ~expected):
        return "True and False are swapped: True marks the keys a query may see"
    if not np.array_equal(got, expected):
        return "some entries are wrong: row i must be True exactly in columns 0..i"
    return None


def check_causal_mask(fn: Any) -> Feedback:
    """Check causal_mask(length) -> (length, length) boolean array, True where j <= i."""
    cases = [Case((n,), solution.causal_mask(n), label=f"length {n}") for n in (3, 5, 8, 1)]
    return check_function(
        fn, cases, "causal_mask", comparer=_compare_mask, hint="np.tril of a square of ones, as booleans."
    )


def check_scaled_dot_product_attention(fn: Any) -> Feedback:
    """Check scaled_dot_product_attention(q, k, v, mask) against the reference."""
    rng = np.random.default_rng(3)
    cases = []
    for t, d, dv, masked in ((4, 8, 8, True), (5, 16, 3, False), (3, 64, 4, True), (6, 32, 32, True)):
        q, k, v = rng.normal(size=(t, d)) * 2, rng.normal(size=(t, d)) * 2, rng.normal(size=(t, dv))
        mask = solution.causal_mask(t) if masked else None
        expected = solution.scaled_dot_product_attention(q, k, v, mask)
        cases.append(Case((q, k, v, mask), expected, label=f"T={t}, d_k={d}, {'causal' if masked else 'no'} mask"))
    return check_function(
        fn,
        cases,
        "scaled_dot_product_attention",
        rtol=1e-5,
        atol=1e-7,
        hint="scores = q @ k.T / sqrt(d_k); masked scores to a very negative number; softmax over the "
        "keys (last axis); then @ v.",
    )


def check_perplexity(fn: Any) -> Feedback:
    """Check perplexity(mean_loss) = exp(mean cross-entropy in nats)."""
    cases = [Case((x,), solution.perplexity(x), label=f"mean loss {x} nats") for x in (0.0, 0.5, 1.3, 2.0, 4.1)]
    return check_function(
        fn, cases, "perplexity", rtol=1e-6, hint="Keras losses are natural logs of a mean per token: exp(mean_loss)."
    )


def check_block_params(fn: Any) -> Feedback:
    """Check block_params(d_model, d_ff) = exact parameters of a pre-norm decoder block."""
    cases = [
        Case((d, f), solution.block_params(d, f), label=f"d_model {d}, d_ff {f}")
        for d, f in ((64, 256), (128, 512), (32, 64), (768, 3072))
    ]

    def comparer(got: Any, expected: Any) -> str | None:
        return compare(got, expected, rtol=0, atol=0)

    return check_function(
        fn,
        cases,
        "block_params",
        comparer=comparer,
        hint="attention: 4 d x d matrices + 4 biases of d; MLP: d x d_ff + d_ff and d_ff x d + d; "
        "two LayerNorms with a scale and a shift of d each.",
    )
