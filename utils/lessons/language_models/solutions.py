"""Reference solutions for notebook 09 (language models); each is a variant of what the notebook shows."""

from __future__ import annotations

import math

import numpy as np

from utils.lessons.language_models.helpers import block_params
from utils.lessons.neural_networks_from_scratch.helpers import softmax


def padded_causal_mask(valid) -> np.ndarray:
    """Return the (T, T) mask: True where query i and key j are real tokens and j <= i."""
    valid = np.asarray(valid, dtype=bool)
    causal = np.tril(np.ones((len(valid), len(valid)), dtype=bool))
    return causal & valid[None, :] & valid[:, None]


def tied_gpt_params(vocab_size: int, context: int, d_model: int, n_layers: int) -> int:
    """Return the parameters of the notebook's GPT when the output layer reuses the token embeddings."""
    embeddings = vocab_size * d_model + context * d_model
    output_bias = vocab_size  # the output layer keeps its own bias; its kernel is the embedding matrix
    return embeddings + n_layers * block_params(d_model) + 2 * d_model + output_bias


def labels_to_match(label_counts, accuracies, target: float) -> float:
    """Return the first label count at which the curve reaches target, interpolated in log labels; inf if never."""
    counts = np.asarray(label_counts, dtype=float)
    accuracy = np.asarray(accuracies, dtype=float)
    if accuracy[0] >= target:
        return float(counts[0])
    for i in range(1, len(counts)):
        if accuracy[i] >= target:
            t = (target - accuracy[i - 1]) / (accuracy[i] - accuracy[i - 1])
            return float(np.exp(np.log(counts[i - 1]) + t * (np.log(counts[i]) - np.log(counts[i - 1]))))
    return math.inf


def window_attention_step(q, k_new, v_new, k_cache, v_cache, window: int):
    """Append the new key and value, keep the last `window`, attend with q; return (output, keys, values)."""
    keys = np.concatenate([k_cache, k_new[None, :]])[-window:]
    values = np.concatenate([v_cache, v_new[None, :]])[-window:]
    weights = softmax(keys @ q / np.sqrt(q.shape[-1]))
    return weights @ values, keys, values
