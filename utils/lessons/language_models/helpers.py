"""Notebook 09 helpers: a character vocabulary, count baselines, attention in NumPy, sampling, FLOPs and fits."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from utils.lessons.neural_networks_from_scratch.helpers import softmax  # the canonical one (notebook 05); lm.softmax
from utils.lessons.text_classification_lab.helpers import BREAK_PATTERN
from utils.validation import (
    finite_array,
    instance_of,
    non_negative_number,
    one_of,
    positive_int,
    positive_number,
    real_number,
    whole_number,
)

PAD, UNKNOWN, END = "\x00", "\x01", "\n"  # id 0 pads, id 1 stands for rare characters, "\n" ends a review


def _texts(texts: Sequence[str]) -> Sequence[str]:
    """Reject a lone string (a sequence of characters) or an empty or non-text collection of reviews."""
    listlike = isinstance(texts, Sequence) or (isinstance(texts, np.ndarray) and texts.ndim == 1)
    if isinstance(texts, (str, bytes)) or not listlike:
        raise TypeError(
            f"texts must be a list or 1-D array of review strings, got {type(texts).__name__} {texts!r:.60}."
        )
    if len(texts) == 0:
        raise ValueError("texts is empty: give at least one review.")
    for i, item in enumerate(texts):
        instance_of(item, f"texts[{i}]", str)
    return texts


def clean_review(text: str) -> str:
    """Lower-case a review, turn HTML line breaks and runs of white space into single spaces."""
    instance_of(text, "text", str)
    return " ".join(re.sub(BREAK_PATTERN, " ", text).lower().split())


@dataclass(frozen=True)
class CharTokenizer:
    """A character-level vocabulary: id 0 is padding, id 1 any rare character, then one id per character."""

    characters: tuple[str, ...]

    @classmethod
    def build(cls, texts: Sequence[str], min_count: int = 20) -> CharTokenizer:
        """Keep every character seen at least `min_count` times in the cleaned texts (plus the end mark)."""
        texts = _texts(texts)
        min_count = positive_int(min_count, "min_count")
        counts = Counter()
        for text in texts:
            counts.update(clean_review(text))
        kept = sorted(c for c, n in counts.items() if n >= min_count and c not in (PAD, UNKNOWN, END))
        return cls(characters=(PAD, UNKNOWN, END, *kept))

    @property
    def vocab_size(self) -> int:
        """Return the number of ids, padding and unknown included."""
        return len(self.characters)

    def encode(self, text: str) -> np.ndarray:
        """Return the int32 ids of one cleaned review (rare characters become id 1)."""
        instance_of(text, "text", str)
        index = {c: i for i, c in enumerate(self.characters)}
        return np.array([index.get(c, 1) for c in text], dtype=np.int32)

    def decode(self, ids) -> str:
        """Return the text of a sequence of ids (padding dropped, unknown shown as '?')."""
        ids = np.asarray(ids)
        bad = ids.size and (ids.dtype.kind not in "iu" or ids.min() < 0 or ids.max() >= self.vocab_size)
        if ids.ndim != 1 or bad:
            raise ValueError(f"ids must be a 1-D array of integers in [0, {self.vocab_size}), got {ids!r:.80}.")
        return "".join("?" if i == 1 else self.characters[i] for i in ids.tolist() if i != 0)


def encode_corpus(texts: Sequence[str], tokenizer: CharTokenizer) -> np.ndarray:
    """Clean and encode reviews into one long int32 stream, each review followed by the end mark."""
    texts, tokenizer = _texts(texts), instance_of(tokenizer, "tokenizer", CharTokenizer)
    return tokenizer.encode("".join(clean_review(t) + END for t in texts))


def windows(ids, context: int) -> tuple[np.ndarray, np.ndarray]:
    """Cut a token stream into non-overlapping (inputs, next-token targets) windows of `context` tokens."""
    ids = np.asarray(ids)
    context = whole_number(context, "context", minimum=2)
    if ids.ndim != 1 or (ids.size and ids.dtype.kind not in "iu"):
        raise ValueError(f"ids must be a 1-D stream of integer token ids, got shape {ids.shape}, dtype {ids.dtype}.")
    n = (len(ids) - 1) // context
    if n < 1:
        raise ValueError(f"the stream has {len(ids)} tokens, too few for one window of {context} + 1.")
    x = ids[: n * context].reshape(n, context)
    y = ids[1 : n * context + 1].reshape(n, context)
    return x.astype(np.int32), y.astype(np.int32)


def review_tails(texts: Sequence[str], tokenizer: CharTokenizer, length: int) -> np.ndarray:
    """Encode the last `length` characters of each cleaned review, left-padded with id 0."""
    length = positive_int(length, "length")
    texts, tokenizer = _texts(texts), instance_of(tokenizer, "tokenizer", CharTokenizer)
    out = np.zeros((len(texts), length), dtype=np.int32)
    for row, text in enumerate(texts):
        ids = tokenizer.encode(clean_review(text))[-length:]
        out[row, length - len(ids) :] = ids
    return out


# ---- count baselines ---------------------------------------------------------------------------


def _streams(train_ids, val_ids, vocab_size: int) -> tuple[np.ndarray, np.ndarray, int]:
    vocab_size = whole_number(vocab_size, "vocab_size", minimum=2)
    out = []
    for name, ids in (("train_ids", train_ids), ("val_ids", val_ids)):
        ids = np.asarray(ids)
        if ids.ndim != 1 or ids.size < 2:
            raise ValueError(f"{name} must be a 1-D token stream of at least 2 tokens, got shape {ids.shape}.")
        if ids.dtype.kind not in "iu" or ids.min() < 0 or ids.max() >= vocab_size:
            raise ValueError(f"{name} must hold integer ids in [0, {vocab_size}).")
        out.append(ids.astype(np.int64))
    return out[0], out[1], vocab_size


def perplexity(mean_loss: float) -> float:
    """Return the perplexity exp(mean cross-entropy in nats per token)."""
    return float(np.exp(real_number(mean_loss, "mean_loss (nats per token)", minimum=0.0)))


def unigram_perplexity(train_ids, val_ids, vocab_size: int, alpha: float = 1.0) -> float:
    """Validation perplexity of character frequencies counted on the training stream (add-alpha smoothing)."""
    train, val, v = _streams(train_ids, val_ids, vocab_size)
    alpha = non_negative_number(alpha, "alpha")
    counts = np.bincount(train, minlength=v) + alpha
    log_p = np.log(counts / counts.sum())
    return perplexity(-log_p[val[1:]].mean())


def bigram_perplexity(train_ids, val_ids, vocab_size: int, alpha: float = 0.1) -> float:
    """Validation perplexity of P(next | previous character) counted on the training stream (add-alpha)."""
    train, val, v = _streams(train_ids, val_ids, vocab_size)
    alpha = positive_number(alpha, "alpha")
    counts = np.zeros((v, v)) + alpha
    np.add.at(counts, (train[:-1], train[1:]), 1.0)
    log_p = np.log(counts / counts.sum(axis=1, keepdims=True))
    return perplexity(-log_p[val[:-1], val[1:]].mean())


# ---- attention by hand -------------------------------------------------------------------------


def causal_mask(length: int) -> np.ndarray:
    """Return the (length, length) boolean mask: True where query i may attend to key j, that is j <= i."""
    length = positive_int(length, "length")
    return np.tril(np.ones((length, length), dtype=bool))


def _mask(mask, shape: tuple[int, ...]) -> np.ndarray:
    """Return mask as a boolean array that broadcasts to the scores' shape (0/1 integers accepted, as in Keras)."""
    mask = np.asarray(mask)
    if mask.dtype.kind in "iu" and np.isin(mask, (0, 1)).all():
        mask = mask.astype(bool)
    try:
        fits = mask.dtype == bool and np.broadcast_shapes(mask.shape, shape) == shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(
            f"mask must be a boolean (or 0/1) array that broadcasts to {shape}, got {mask.dtype} {mask.shape}."
        )
    return mask


def scaled_dot_product_attention(q, k, v, mask=None) -> np.ndarray:
    """Return softmax(q kᵀ / √d_k, masked) v for q (..., Tq, d_k), k (..., Tk, d_k), v (..., Tk, d_v)."""
    q, k, v = (finite_array(a, name) for a, name in ((q, "q"), (k, "k"), (v, "v")))
    if q.ndim < 2 or k.ndim != q.ndim or v.ndim != q.ndim:
        raise ValueError(f"q, k, v must have the same rank >= 2, got shapes {q.shape}, {k.shape}, {v.shape}.")
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise ValueError(f"shapes do not fit: q {q.shape}, k {k.shape}, v {v.shape}.")
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        mask = _mask(mask, scores.shape)
        scores = np.where(mask, scores, -1e9)  # finite, so the canonical softmax accepts it; exp underflows to 0
    return softmax(scores, axis=-1) @ v


def multi_head_attention(x, weights: Sequence[np.ndarray], causal: bool = True) -> np.ndarray:
    """Self-attention of x (B, T, d) with Keras MultiHeadAttention's weights, in NumPy.

    `weights` are, in Keras's order: query kernel (d, h, d_k) and bias (h, d_k), the same for key
    and value, then the output kernel (h, d_k, d) and bias (d,).
    """
    x = finite_array(x, "x", ndim=3)
    if isinstance(weights, np.ndarray) or not isinstance(weights, Sequence) or len(weights) != 8:
        count = len(weights) if isinstance(weights, Sequence) else type(weights).__name__
        raise ValueError(f"weights must be the 8 arrays of a Keras MultiHeadAttention layer, got {count}.")
    wq, bq, wk, bk, wv, bv, wo, bo = (finite_array(w, f"weights[{i}]") for i, w in enumerate(weights))
    d = x.shape[-1]
    if wq.ndim != 3 or wq.shape[0] != d:
        raise ValueError(f"weights[0] (query kernel) must have shape ({d}, heads, key_dim), got {wq.shape}.")
    h, d_k = wq.shape[1:]
    expected = [(d, h, d_k), (h, d_k)] * 3 + [(h, d_k, d), (d,)]
    for i, (w, shape) in enumerate(zip((wq, bq, wk, bk, wv, bv, wo, bo), expected)):
        if w.shape != shape:
            raise ValueError(f"weights[{i}] must have shape {shape} for x of shape {x.shape}, got {w.shape}.")
    q = np.einsum("btd,dhk->bhtk", x, wq) + bq[None, :, None, :]
    k = np.einsum("btd,dhk->bhtk", x, wk) + bk[None, :, None, :]
    v = np.einsum("btd,dhk->bhtk", x, wv) + bv[None, :, None, :]
    mask = causal_mask(x.shape[1]) if causal else None
    heads = scaled_dot_product_attention(q, k, v, mask)  # (B, h, T, d_k)
    return np.einsum("bhtk,hkd->btd", heads, wo) + bo


# ---- parameter counts and FLOPs ----------------------------------------------------------------


def block_params(d_model: int, d_ff: int | None = None, biases: bool = True, layer_norm: bool = True) -> int:
    """Exact parameters of one pre-norm decoder block: attention (4 d²), MLP (2 d d_ff), biases, 2 LayerNorms."""
    d = positive_int(d_model, "d_model")
    f = 4 * d if d_ff is None else positive_int(d_ff, "d_ff")
    weights = 4 * d * d + 2 * d * f
    bias = (4 * d + f + d) if biases else 0
    norms = 2 * 2 * d if layer_norm else 0
    return weights + bias + norms


def gpt_params(vocab_size: int, context: int, d_model: int, n_layers: int, d_ff: int | None = None) -> dict[str, int]:
    """Parameters of the notebook's GPT: embeddings, blocks (non-embedding), final LayerNorm and output layer."""
    v, t = positive_int(vocab_size, "vocab_size"), positive_int(context, "context")
    d, n = positive_int(d_model, "d_model"), positive_int(n_layers, "n_layers")
    parts = {
        "embeddings": v * d + t * d,
        "blocks": n * block_params(d, d_ff),
        "final_norm": 2 * d,
        "output": d * v + v,
    }
    parts["total"] = sum(parts.values())
    return parts


def training_flops_per_token(non_embedding: int, d_model: int, n_layers: int, context: int, vocab_size: int) -> float:
    """Training FLOPs per token, 6 N + 6 L T d (Kaplan et al. 2020, eq. 2.2 x 3), output layer counted in N."""
    non_embedding, d_model = positive_int(non_embedding, "non_embedding"), positive_int(d_model, "d_model")
    n_layers, context = positive_int(n_layers, "n_layers"), positive_int(context, "context")
    n = non_embedding + d_model * positive_int(vocab_size, "vocab_size")
    return 6.0 * n + 6.0 * n_layers * context * d_model


def fit_power_law(x, y) -> dict[str, float]:
    """Fit y = a x^(-alpha) by least squares on log-log axes; return alpha, a and R² (of the log fit)."""
    x, y = finite_array(x, "x"), finite_array(y, "y")
    if x.ndim != 1 or x.shape != y.shape or x.size < 3:
        raise ValueError(f"x and y must be 1-D of the same length >= 3, got shapes {x.shape} and {y.shape}.")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y)) and np.all(x > 0) and np.all(y > 0)):
        raise ValueError("x and y must be finite and positive for a log-log fit.")
    lx, ly = np.log(x), np.log(y)
    slope, intercept = np.polyfit(lx, ly, 1)
    residual = ly - (slope * lx + intercept)
    r2 = 1.0 - residual.var() / ly.var() if ly.var() > 0 else 0.0
    return {"alpha": float(-slope), "a": float(np.exp(intercept)), "r2": float(r2)}


# ---- sampling ----------------------------------------------------------------------------------


def sample_next(logits, method: str = "greedy", temperature: float = 1.0, k: int = 10, rng=None) -> int:
    """Pick the next id from a logits vector: 'greedy' (argmax), 'temperature' or 'top_k' sampling."""
    logits = finite_array(logits, "logits", ndim=1)
    method = one_of(method, "method", ("greedy", "temperature", "top_k"))
    temperature = positive_number(temperature, "temperature")
    k = positive_int(k, "k")
    if rng is not None and not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator or None, got {type(rng).__name__}.")
    if method == "greedy":
        return int(np.argmax(logits))
    rng = np.random.default_rng() if rng is None else rng
    scaled = logits / temperature
    keep = np.ones(scaled.size, dtype=bool)
    if method == "top_k":
        keep = scaled >= np.sort(scaled)[-min(k, scaled.size)]
    p = np.zeros(scaled.size)
    p[keep] = softmax(scaled[keep])  # the other ids get probability 0
    return int(rng.choice(scaled.size, p=p))


def generate(
    next_logits: Callable[[np.ndarray], np.ndarray],
    tokenizer: CharTokenizer,
    prompt: str,
    steps: int,
    context: int,
    method: str = "greedy",
    temperature: float = 1.0,
    k: int = 10,
    seed: int = 0,
) -> str:
    """Continue `prompt` by `steps` characters; next_logits maps ids (1, t) to logits (1, t, vocab)."""
    if not callable(next_logits):
        raise TypeError(f"next_logits must be a function of ids (1, t), got {type(next_logits).__name__}.")
    tokenizer = instance_of(tokenizer, "tokenizer", CharTokenizer)
    if not isinstance(prompt, str) or not clean_review(prompt):
        raise ValueError(f"prompt must be a non-empty string, got {prompt!r}.")
    steps, context = positive_int(steps, "steps"), positive_int(context, "context")
    ids = list(tokenizer.encode(clean_review(prompt)))
    if len(ids) > context:
        raise ValueError(f"the prompt has {len(ids)} characters, more than the model's context of {context}.")
    sample_next(np.zeros(2), method, temperature, k)  # validates the sampling settings before any model call
    rng = np.random.default_rng(seed)
    for _ in range(steps):
        window = np.array(ids[-context:], dtype=np.int32)[None, :]
        logits = np.asarray(next_logits(window))[0, -1]
        ids.append(sample_next(logits, method, temperature, k, rng))
    return tokenizer.decode(np.array(ids))
