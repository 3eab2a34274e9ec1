"""Notebook 09 helpers: clean text and vocabularies, count baselines, attention in NumPy, FLOPs, fits, probes, serving.

Each public function validates its inputs and names the argument that is wrong; the arithmetic a notebook cell
shows with `show_source` lives in a private core (`_attention`, `_interpolate_labels`, ...) with shape comments.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

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
    probability,
    real_number,
    whole_number,
)

# ---- clean text ---------------------------------------------------------------------------------

# IMDB's files were decoded as Latin-1, so Windows-1252 punctuation arrived as C1 control characters
# (U+0080-U+009F): U+0096 is an en dash, U+0085 an ellipsis, U+0091/U+0092 curly quotes. Map them back,
# then fold typographic quotes and dashes into their plain ASCII forms.
_C1_TO_CP1252 = {}
for _code in range(0x80, 0xA0):
    try:
        _C1_TO_CP1252[_code] = bytes([_code]).decode("cp1252")
    except UnicodeDecodeError:
        _C1_TO_CP1252[_code] = " "  # the five codes Windows-1252 leaves undefined
_PLAIN = {
    "\u2018": "'",
    "\u2019": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2013": "-",
    "\u2014": " - ",
    "\u2026": "...",
    "\u00a0": " ",
    "\u2022": " ",
}
_CLEAN_TABLE = str.maketrans({**_C1_TO_CP1252})
_PLAIN_TABLE = str.maketrans(_PLAIN)
WORD_PATTERN = re.compile(r"[^\W_]+(?:'[^\W_]+)*|\S")  # a word (with inner apostrophes), or one other mark

PAD, UNKNOWN, END = "\x00", "\x01", "\n"  # character ids 0, 1 and 2: padding, rare characters, end of a review
END_WORD, UNKNOWN_WORD = "<end>", "<unk>"  # word ids 0 and 1: end of a review (also padding), rare words


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
    """Repair Windows-1252 punctuation, fold quotes and dashes to ASCII, drop HTML breaks, lower-case, one space."""
    instance_of(text, "text", str)
    text = unicodedata.normalize("NFC", text.translate(_CLEAN_TABLE).translate(_PLAIN_TABLE))
    return " ".join(re.sub(BREAK_PATTERN, " ", text).lower().split())


def split_words(text: str) -> list[str]:
    """Return the word tokens of a cleaned text: words (with inner apostrophes) and single punctuation marks."""
    return WORD_PATTERN.findall(instance_of(text, "text", str))


@dataclass(frozen=True)
class CharTokenizer:
    """A character-level vocabulary: id 0 is padding, id 1 any rare character, id 2 the end of a review."""

    characters: tuple[str, ...]

    @classmethod
    def build(cls, texts: Sequence[str], min_count: int = 20) -> CharTokenizer:
        """Keep every character seen at least `min_count` times in the cleaned texts (plus the three specials)."""
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

    @property
    def end_id(self) -> int:
        """Return the id that ends a review in a stream."""
        return 2

    def encode(self, text: str) -> np.ndarray:
        """Return the int32 ids of one cleaned review (rare characters become id 1)."""
        instance_of(text, "text", str)
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)  # one code point per character
        known = np.array([ord(c) for c in self.characters], dtype=np.uint32)
        order = np.argsort(known)
        at = np.clip(np.searchsorted(known[order], codes), 0, len(known) - 1)
        return np.where(known[order][at] == codes, order[at], 1).astype(np.int32)

    def decode(self, ids) -> str:
        """Return the text of a sequence of ids (padding dropped, unknown shown as '?')."""
        ids = _ids(ids, self.vocab_size)
        return "".join("?" if i == 1 else self.characters[i] for i in ids.tolist() if i != 0)


@dataclass(frozen=True)
class WordTokenizer:
    """A word-level vocabulary: id 0 ends a review (and pads), id 1 stands for any rarer word."""

    words: tuple[str, ...]
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {w: i for i, w in enumerate(self.words)})

    @classmethod
    def build(cls, texts: Sequence[str], vocab_size: int = 10000) -> WordTokenizer:
        """Keep the vocab_size - 2 most frequent tokens of the cleaned texts (ties in alphabetical order)."""
        texts = _texts(texts)
        vocab_size = whole_number(vocab_size, "vocab_size", minimum=3)
        counts = Counter()
        for text in texts:
            counts.update(split_words(clean_review(text)))
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[: vocab_size - 2]
        return cls(words=(END_WORD, UNKNOWN_WORD, *(w for w, _ in ranked)))

    @property
    def vocab_size(self) -> int:
        """Return the number of ids, the two special ones included."""
        return len(self.words)

    @property
    def end_id(self) -> int:
        """Return the id that ends a review in a stream."""
        return 0

    def encode(self, text: str) -> np.ndarray:
        """Return the int32 ids of the words of one cleaned review (rarer words become id 1)."""
        get = self.index.get
        return np.array([get(w, 1) for w in split_words(text)], dtype=np.int32)

    def decode(self, ids) -> str:
        """Return the tokens of a sequence of ids joined by spaces (the end of a review shown as ' ¶ ')."""
        ids = _ids(ids, self.vocab_size)
        return " ".join("¶" if i == 0 else self.words[i] for i in ids.tolist())


Tokenizer = CharTokenizer | WordTokenizer


def _ids(ids, vocab_size: int) -> np.ndarray:
    ids = np.asarray(ids)
    bad = ids.size and (ids.dtype.kind not in "iu" or ids.min() < 0 or ids.max() >= vocab_size)
    if ids.ndim != 1 or bad:
        raise ValueError(f"ids must be a 1-D array of integers in [0, {vocab_size}), got {ids!r:.80}.")
    return ids


def _tokenizer(tokenizer) -> Tokenizer:
    return instance_of(tokenizer, "tokenizer", (CharTokenizer, WordTokenizer))


def encode_corpus(texts: Sequence[str], tokenizer: Tokenizer) -> np.ndarray:
    """Clean and encode reviews into one long int32 stream, each review followed by the tokenizer's end id."""
    texts, tokenizer = _texts(texts), _tokenizer(tokenizer)
    end = np.array([tokenizer.end_id], dtype=np.int32)
    parts = []
    for text in texts:
        parts += [tokenizer.encode(clean_review(text)), end]
    return np.concatenate(parts)


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


def review_windows(
    texts: Sequence[str], tokenizer: Tokenizer, context: int, max_tokens: int = 512
) -> tuple[np.ndarray, np.ndarray]:
    """Cut the first `max_tokens` tokens of each review into windows of `context` tokens, for pooling.

    Returns (windows, owner): windows (W, context) int32, the last window of a review padded with id 0
    (padding is masked out when pooling), and owner (W,), the index of the review each window belongs to.
    Windows that would hold only padding are left out, so short reviews cost less.
    """
    texts, tokenizer = _texts(texts), _tokenizer(tokenizer)
    context = whole_number(context, "context", minimum=2)
    max_tokens = positive_int(max_tokens, "max_tokens")
    rows, owner = [], []
    for i, text in enumerate(texts):
        ids = tokenizer.encode(clean_review(text))[:max_tokens]
        if ids.size == 0:
            ids = np.array([tokenizer.end_id], dtype=np.int32)  # an empty review still gets one (end) token
        count = -(-ids.size // context)
        padded = np.zeros(count * context, dtype=np.int32)
        padded[: ids.size] = ids
        rows.append(padded.reshape(count, context))
        owner += [i] * count
    return np.concatenate(rows), np.array(owner, dtype=np.int64)


def pooled_features(
    hidden_of: Callable[[np.ndarray], np.ndarray], windows_ids, owner, n_reviews: int, batch: int = 256
) -> np.ndarray:
    """Mean hidden state over the real (non-padding) tokens of each review -> (n_reviews, d).

    hidden_of maps a batch of windows (b, T) to hidden states (b, T, d); windows and owner come from
    review_windows. A review's windows are read independently and their tokens averaged together.
    """
    if not callable(hidden_of):
        raise TypeError(f"hidden_of must be a function of token windows (b, T), got {type(hidden_of).__name__}.")
    windows_ids, owner = np.asarray(windows_ids), np.asarray(owner)
    n_reviews, batch = positive_int(n_reviews, "n_reviews"), positive_int(batch, "batch")
    if windows_ids.ndim != 2 or windows_ids.dtype.kind not in "iu" or owner.shape != windows_ids.shape[:1]:
        raise ValueError(
            f"windows (W, T) of token ids and owner (W,) must match, got {windows_ids.shape}, {owner.shape}."
        )
    if owner.size == 0 or owner.dtype.kind not in "iu" or owner.min() < 0 or owner.max() >= n_reviews:
        raise ValueError(f"owner must hold review indices in [0, {n_reviews}).")
    real = (windows_ids != 0).astype(np.float64)  # (W, T): 1 for a real token
    real[:, 0] = np.maximum(real[:, 0], (windows_ids == 0).all(axis=1))  # an empty review counts its end token
    sums = None
    for start in range(0, len(windows_ids), batch):
        hidden = np.asarray(hidden_of(windows_ids[start : start + batch]), dtype=np.float64)  # (b, T, d)
        if hidden.ndim != 3 or hidden.shape[:2] != windows_ids[start : start + batch].shape:
            raise ValueError(f"hidden_of must return (b, T, d) for windows (b, T), got {hidden.shape}.")
        sums = np.zeros((n_reviews, hidden.shape[-1])) if sums is None else sums
        np.add.at(sums, owner[start : start + batch], np.einsum("wtd,wt->wd", hidden, real[start : start + batch]))
    counts = np.bincount(owner, weights=real.sum(axis=1), minlength=n_reviews)  # (n_reviews,)
    if np.any(counts == 0):
        raise ValueError("every review needs at least one window: owner misses some review indices.")
    return sums / counts[:, None]


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


def _unigram_log_p(train: np.ndarray, vocab_size: int, alpha: float) -> np.ndarray:
    counts = np.bincount(train, minlength=vocab_size) + alpha  # (V,)
    return np.log(counts / counts.sum())


def unigram_perplexity(train_ids, val_ids, vocab_size: int, alpha: float = 1.0) -> float:
    """Validation perplexity of token frequencies counted on the training stream (add-alpha smoothing)."""
    train, val, v = _streams(train_ids, val_ids, vocab_size)
    log_p = _unigram_log_p(train, v, non_negative_number(alpha, "alpha"))
    return perplexity(-log_p[val[1:]].mean())


def _pair_table(train: np.ndarray, vocab_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Counts of a training stream: unigram probabilities (V,), observed pair codes and counts, previous counts (V,)."""
    unigram = np.exp(_unigram_log_p(train, vocab_size, 1.0))  # (V,), add-one smoothed
    seen, seen_counts = np.unique(train[:-1] * vocab_size + train[1:], return_counts=True)  # one code per pair
    return unigram, seen, seen_counts, np.bincount(train[:-1], minlength=vocab_size)


def _bigram_log_p(table: tuple, pairs: np.ndarray, vocab_size: int, weight: float) -> np.ndarray:
    """Log P(next | previous) for each (previous, next) row of pairs: weight x counts + (1 - weight) x unigram."""
    unigram, seen, seen_counts, previous_counts = table
    query = pairs[:, 0] * vocab_size + pairs[:, 1]
    at = np.clip(np.searchsorted(seen, query), 0, len(seen) - 1)
    pair_counts = np.where(seen[at] == query, seen_counts[at], 0)
    conditional = pair_counts / np.maximum(previous_counts[pairs[:, 0]], 1)
    return np.log(weight * conditional + (1 - weight) * unigram[pairs[:, 1]])


def bigram_perplexity(train_ids, val_ids, vocab_size: int, weight: float | None = None) -> tuple[float, float]:
    """Validation perplexity of P(next | previous) from training counts, interpolated with the unigram.

    The interpolation weight (Jelinek and Mercer 1980) is chosen on the last tenth of the training stream,
    counted on the other nine tenths, unless given; returns (perplexity, weight).
    """
    train, val, v = _streams(train_ids, val_ids, vocab_size)
    if weight is None:
        cut = int(len(train) * 0.9)
        if cut < 2 or len(train) - cut < 2:
            raise ValueError("train_ids is too short to hold out a tenth for choosing the weight; give weight.")
        held = np.stack([train[cut:-1], train[cut + 1 :]], axis=1)
        table = _pair_table(train[:cut], v)
        grid = np.round(np.arange(0.05, 1.0, 0.05), 2)
        losses = [-_bigram_log_p(table, held, v, w).mean() for w in grid]
        weight = float(grid[int(np.argmin(losses))])
    weight = probability(weight, "weight", open_interval=True)
    pairs = np.stack([val[:-1], val[1:]], axis=1)
    return perplexity(-_bigram_log_p(_pair_table(train, v), pairs, v, weight).mean()), weight


# ---- attention by hand -------------------------------------------------------------------------


def _causal_mask(length: int) -> np.ndarray:
    """The (length, length) boolean mask: True where query i may attend to key j, that is j <= i."""
    square = np.ones((length, length), dtype=bool)  # (queries i, keys j)
    return np.tril(square)  # keep j <= i: the diagonal and below


def causal_mask(length: int) -> np.ndarray:
    """Return the (length, length) boolean mask: True where query i may attend to key j, that is j <= i."""
    return _causal_mask(positive_int(length, "length"))


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


def _attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """softmax(q kᵀ / √d_k) v, with the masked-out scores (mask False) sent to a very negative number."""
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])  # (..., Tq, Tk): one score per query and key
    if mask is not None:
        scores = np.where(mask, scores, -1e9)  # exp(-1e9 - max) underflows to exactly 0
    weights = softmax(scores, axis=-1)  # (..., Tq, Tk): each row sums to 1 over the keys
    return weights @ v  # (..., Tq, d_v): a weighted average of the values


def scaled_dot_product_attention(q, k, v, mask=None) -> np.ndarray:
    """Return softmax(q kᵀ / √d_k, masked) v for q (..., Tq, d_k), k (..., Tk, d_k), v (..., Tk, d_v)."""
    q, k, v = (finite_array(a, name) for a, name in ((q, "q"), (k, "k"), (v, "v")))
    if q.ndim < 2 or k.ndim != q.ndim or v.ndim != q.ndim:
        raise ValueError(f"q, k, v must have the same rank >= 2, got shapes {q.shape}, {k.shape}, {v.shape}.")
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise ValueError(f"shapes do not fit: q {q.shape}, k {k.shape}, v {v.shape}.")
    if mask is not None:
        mask = _mask(mask, q.shape[:-1] + k.shape[-2:-1])
    return _attention(q, k, v, mask)


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
    q = np.einsum("btd,dhk->bhtk", x, wq) + bq[None, :, None, :]  # (B, h, T, d_k)
    k = np.einsum("btd,dhk->bhtk", x, wk) + bk[None, :, None, :]
    v = np.einsum("btd,dhk->bhtk", x, wv) + bv[None, :, None, :]
    mask = _causal_mask(x.shape[1]) if causal else None
    heads = _attention(q, k, v, mask)  # (B, h, T, d_k)
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


def training_flops_per_token(
    non_embedding: int, d_model: int, n_layers: int, context: int, vocab_size: int = 0
) -> float:
    """Training FLOPs per token: 6 N + 6 L T d (Kaplan et al. 2020, Table 1, x 3), plus 6 d V for the output layer.

    Kaplan's count (vocab_size=0) leaves out the output ("de-embedding") layer, as their C = 6 N D does;
    give vocab_size to count it too (what the CPU really computes, for utilisation).
    """
    non_embedding, d_model = positive_int(non_embedding, "non_embedding"), positive_int(d_model, "d_model")
    n_layers, context = positive_int(n_layers, "n_layers"), positive_int(context, "context")
    vocab_size = whole_number(vocab_size, "vocab_size", minimum=0)
    return 6.0 * non_embedding + 6.0 * n_layers * context * d_model + 6.0 * d_model * vocab_size


# ---- power laws and the compute frontier -------------------------------------------------------


def fit_power_law(x, y) -> dict[str, float]:
    """Fit y = a x^(-alpha) by least squares on log-log axes; return alpha, a and R² (of the log fit)."""
    x, y = finite_array(x, "x"), finite_array(y, "y")
    if x.ndim != 1 or x.shape != y.shape or x.size < 3:
        raise ValueError(f"x and y must be 1-D of the same length >= 3, got shapes {x.shape} and {y.shape}.")
    if not (np.all(x > 0) and np.all(y > 0)):
        raise ValueError("x and y must be positive for a log-log fit.")
    lx, ly = np.log(x), np.log(y)
    slope, intercept = np.polyfit(lx, ly, 1)
    residual = ly - (slope * lx + intercept)
    r2 = 1.0 - residual.var() / ly.var() if ly.var() > 0 else 0.0
    return {"alpha": float(-slope), "a": float(np.exp(intercept)), "r2": float(r2)}


def _curves(curves: Mapping[float, tuple]) -> dict[float, tuple[np.ndarray, np.ndarray]]:
    if not isinstance(curves, Mapping) or len(curves) < 2:
        raise ValueError("curves must be a mapping {size: (compute, loss)} of at least two model sizes.")
    out = {}
    for size, pair in curves.items():
        size = positive_number(size, "a size in curves")
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ValueError(f"curves[{size:g}] must be a pair (compute, loss).")
        c, loss = finite_array(pair[0], f"curves[{size:g}] compute", ndim=1), finite_array(pair[1], "loss", ndim=1)
        if c.shape != loss.shape or c.size < 2 or np.any(c <= 0) or np.any(loss <= 0) or np.any(np.diff(c) <= 0):
            raise ValueError(
                f"curves[{size:g}] needs >= 2 positive, increasing compute values and as many positive losses."
            )
        out[size] = (c, loss)
    return dict(sorted(out.items()))


def lower_envelope(curves: Mapping[float, tuple], points: int = 60) -> dict[str, np.ndarray]:
    """The compute frontier of several learning curves {size: (compute, loss)} on log-spaced compute budgets.

    At each budget C, every curve that reaches C is interpolated (log loss linear in log C) and the lowest
    loss wins. Returns {"compute", "loss", "best_size"} arrays, one entry per budget.
    """
    curves = _curves(curves)
    points = whole_number(points, "points", minimum=3)
    low = min(c[0] for c, _ in curves.values())
    high = max(c[-1] for c, _ in curves.values())
    grid = np.geomspace(low, high, points)
    sizes = np.array(list(curves))
    losses = np.full((len(sizes), points), np.inf)  # (sizes, budgets): inf where a curve does not reach
    for row, (c, loss) in enumerate(curves.values()):
        inside = (grid >= c[0]) & (grid <= c[-1])
        losses[row, inside] = np.exp(np.interp(np.log(grid[inside]), np.log(c), np.log(loss)))
    best = np.argmin(losses, axis=0)
    return {"compute": grid, "loss": losses[best, np.arange(points)], "best_size": sizes[best]}


def crossovers(curves: Mapping[float, tuple]) -> list[tuple[float, float, float]]:
    """Where each next-larger model overtakes the smaller one for good: [(compute, smaller, larger), ...].

    Within the compute both curves cover, the crossover is the first budget after which the larger model's
    (interpolated) loss stays below the smaller one's; a pair that never crosses is left out.
    """
    curves = _curves(curves)
    sizes = list(curves)
    found = []
    for small, large in zip(sizes[:-1], sizes[1:]):
        (cs, ls), (cl, ll) = curves[small], curves[large]
        grid = np.geomspace(max(cs[0], cl[0]), min(cs[-1], cl[-1]), 200)
        if grid[0] >= grid[-1]:
            continue
        gap = np.interp(np.log(grid), np.log(cl), np.log(ll)) - np.interp(np.log(grid), np.log(cs), np.log(ls))
        ahead = gap < 0  # (200,): True where the larger model has the lower loss
        if not ahead[-1] or ahead.all():
            continue
        first = int(np.nonzero(~ahead)[0][-1]) + 1  # first budget of the final run where the larger model leads
        g0, g1 = gap[first - 1], gap[first]  # interpolate the sign change between the two budgets
        t = g0 / (g0 - g1)
        found.append((float(np.exp(np.log(grid[first - 1]) + t * np.log(grid[first] / grid[first - 1]))), small, large))
    return found


def _interpolate_labels(counts: np.ndarray, accuracy: np.ndarray, target: float) -> float:
    """First label count at which the curve reaches target, linear in log(labels) between the grid points."""
    if accuracy[0] >= target:  # already there at the smallest count
        return float(counts[0])
    for i in range(1, len(counts)):  # counts (n,) ascending, accuracy (n,) at each count
        if accuracy[i] >= target:
            t = (target - accuracy[i - 1]) / (accuracy[i] - accuracy[i - 1])  # fraction of the way up
            return float(np.exp(np.log(counts[i - 1]) + t * np.log(counts[i] / counts[i - 1])))
    return math.inf  # never reached on this grid


def labels_to_match(label_counts, accuracies, target: float) -> float:
    """Labels a learning curve needs to reach `target` accuracy (interpolated in log labels); inf if never."""
    counts = finite_array(label_counts, "label_counts", ndim=1)
    accuracy = finite_array(accuracies, "accuracies", ndim=1)
    if counts.shape != accuracy.shape or counts.size < 2:
        raise ValueError(
            f"label_counts and accuracies must be 1-D of the same length >= 2, got {counts.shape} and {accuracy.shape}."
        )
    if np.any(counts <= 0) or np.any(np.diff(counts) <= 0):
        raise ValueError(f"label_counts must be positive and increasing, got {counts.tolist()}.")
    if np.any(accuracy < 0) or np.any(accuracy > 1):
        raise ValueError("accuracies must be fractions in [0, 1].")
    return _interpolate_labels(counts, accuracy, probability(target, "target"))


# ---- probes: label draws, logistic regression, TF-IDF ------------------------------------------


def label_draws(labels, counts: Sequence[int], draws: int, seed: int = 0) -> dict[int, list[np.ndarray]]:
    """Class-balanced random draws of labelled examples: {count: [indices of draw 0, draw 1, ...]}.

    Each draw of `count` examples takes count // 2 of each of the two classes from the pool `labels`.
    """
    y = np.asarray(labels)
    if y.ndim != 1 or y.size == 0:
        raise ValueError(f"labels must be a non-empty 1-D array of 0/1 labels, got shape {y.shape}.")
    if y.dtype.kind not in "iub" or not np.isin(y, (0, 1)).all() or len(np.unique(y)) < 2:
        raise ValueError("labels must hold both classes, as 0 and 1.")
    if isinstance(counts, (str, bytes)) or not isinstance(counts, Sequence) or len(counts) == 0:
        raise ValueError(f"counts must be a non-empty list of label counts, got {counts!r:.60}.")
    counts = [whole_number(c, f"counts[{i}]", minimum=2) for i, c in enumerate(counts)]
    draws = positive_int(draws, "draws")
    by_class = [np.flatnonzero(y == c) for c in (0, 1)]
    smallest = min(len(b) for b in by_class)
    for count in counts:
        if count // 2 > smallest or count % 2:
            raise ValueError(
                f"a label count of {count} needs {count // 2} examples of each class and an even count; "
                f"the pool holds {smallest} of its smaller class ({len(y)} in all)."
            )
    rng = np.random.default_rng(whole_number(seed, "seed", minimum=0))
    return {
        count: [
            np.sort(np.concatenate([rng.choice(b, count // 2, replace=False) for b in by_class])) for _ in range(draws)
        ]
        for count in counts
    }


@dataclass(frozen=True)
class SparseRows:
    """Rows of a sparse matrix (CSR): row r holds values data[indptr[r]:indptr[r+1]] in columns indices[...]."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    n_cols: int
    row_of: np.ndarray = field(init=False, repr=False, compare=False)  # the row of each stored value

    def __post_init__(self) -> None:
        object.__setattr__(self, "row_of", np.repeat(np.arange(len(self.indptr) - 1), np.diff(self.indptr)))

    @property
    def shape(self) -> tuple[int, int]:
        """Return (rows, columns)."""
        return len(self.indptr) - 1, self.n_cols

    def __len__(self) -> int:
        return self.shape[0]

    def __matmul__(self, v: np.ndarray) -> np.ndarray:
        """Return this matrix times a vector v (n_cols,) -> (rows,)."""
        return np.bincount(self.row_of, weights=self.data * v[self.indices], minlength=self.shape[0])

    def rmatvec(self, u: np.ndarray) -> np.ndarray:
        """Return the transpose times a vector u (rows,) -> (n_cols,)."""
        return np.bincount(self.indices, weights=self.data * u[self.row_of], minlength=self.n_cols)

    def take(self, rows) -> SparseRows:
        """Return the given rows as a new SparseRows."""
        rows = np.asarray(rows, dtype=np.int64)
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        pick = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends)]) if len(rows) else np.array([], int)
        indptr = np.concatenate([[0], np.cumsum(ends - starts)])
        return SparseRows(indptr, self.indices[pick], self.data[pick], self.n_cols)

    def __getitem__(self, rows) -> SparseRows:
        return self.take(np.arange(self.shape[0])[rows])


def ngram_bags(token_lists: Sequence[np.ndarray], vocab_size: int) -> SparseRows:
    """Count the unigrams and bigrams of each token-id list: one sparse row per review (column = n-gram code)."""
    if isinstance(token_lists, np.ndarray) or not isinstance(token_lists, Sequence) or len(token_lists) == 0:
        raise ValueError("token_lists must be a non-empty list of 1-D arrays of token ids.")
    v = whole_number(vocab_size, "vocab_size", minimum=2)
    indptr, indices, data = [0], [], []
    for i, ids in enumerate(token_lists):
        ids = np.asarray(ids, dtype=np.int64)
        if ids.ndim != 1 or (ids.size and (ids.min() < 0 or ids.max() >= v)):
            raise ValueError(f"token_lists[{i}] must be a 1-D array of ids in [0, {vocab_size}).")
        codes = np.concatenate([ids, v + ids[:-1] * v + ids[1:]])  # unigram id, or V + (first x V + second)
        unique, counts = np.unique(codes, return_counts=True)
        indices.append(unique)
        data.append(counts.astype(np.float64))
        indptr.append(indptr[-1] + len(unique))
    return SparseRows(np.array(indptr), np.concatenate(indices), np.concatenate(data), v + v * v)


def tfidf(train: SparseRows, test: SparseRows, min_df: int = 2) -> tuple[SparseRows, SparseRows]:
    """TF-IDF of n-gram counts with the vocabulary and document frequencies of the training rows only.

    As scikit-learn's TfidfVectorizer(min_df=2): n-grams in fewer than min_df training rows are dropped,
    idf = ln((1 + n) / (1 + df)) + 1, counts x idf, rows scaled to unit length.
    """
    train, test = instance_of(train, "train", SparseRows), instance_of(test, "test", SparseRows)
    if len(train) == 0:
        raise ValueError("train has no rows: give at least one labelled review.")
    min_df = positive_int(min_df, "min_df")
    vocab, df = np.unique(train.indices, return_counts=True)  # each row holds a code once
    vocab, df = vocab[df >= min_df], df[df >= min_df]
    if vocab.size == 0:
        raise ValueError(f"no n-gram occurs in {min_df} or more training rows: lower min_df or add rows.")
    idf = np.log((1 + len(train)) / (1 + df)) + 1.0
    out = []
    for rows in (train, test):
        at = np.clip(np.searchsorted(vocab, rows.indices), 0, len(vocab) - 1)
        keep = vocab[at] == rows.indices
        kept_rows = rows.row_of[keep]
        values = rows.data[keep] * idf[at[keep]]
        norms = np.sqrt(np.bincount(kept_rows, weights=values**2, minlength=len(rows)))
        values = values / np.maximum(norms[kept_rows], 1e-12)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(kept_rows, minlength=len(rows)))])
        out.append(SparseRows(indptr, at[keep], values, len(vocab)))
    return out[0], out[1]


def _logistic_fit(x, y: np.ndarray, l2: float, w0: np.ndarray | None = None, steps: int = 15) -> np.ndarray:
    """Weights (d + 1,) of L2-regularised logistic regression (bias unpenalised) by Newton's method.

    Dense x solves each Newton system exactly; sparse x (SparseRows) by conjugate gradients on Hessian-vector
    products, as scikit-learn's newton-cg solver does.
    """
    n, d = x.shape
    dense = isinstance(x, np.ndarray)
    design = np.hstack([x, np.ones((n, 1))]) if dense else None  # (n, d + 1): a column of ones for the bias
    penalty = np.full(d + 1, l2)
    penalty[d] = 1e-8  # the bias is (almost) not penalised
    w = np.zeros(d + 1) if w0 is None else w0.copy()
    for _ in range(steps):
        z = design @ w if dense else x @ w[:d] + w[d]  # (n,) scores
        p = 0.5 * (1.0 + np.tanh(0.5 * z))  # the sigmoid, without overflow
        residual = p - y
        grad = (design.T @ residual if dense else np.append(x.rmatvec(residual), residual.sum())) + penalty * w
        if np.abs(grad).max() < 1e-5 * max(1.0, np.abs(w).max()) * n:
            break
        s = p * (1 - p)  # (n,) curvature of each example's loss
        if dense:
            hessian = design.T @ (design * s[:, None]) + np.diag(penalty)
            w = w - np.linalg.solve(hessian, grad)
        else:

            def hess(v, s=s):  # Hessian-vector product Xᵀ S X v + penalty v, the bias column included
                xv = x @ v[:d] + v[d]
                return np.append(x.rmatvec(s * xv), (s * xv).sum()) + penalty * v

            w = w + _conjugate_gradient(hess, -grad, iterations=40)
    return w


def _conjugate_gradient(apply: Callable[[np.ndarray], np.ndarray], b: np.ndarray, iterations: int) -> np.ndarray:
    """Solve apply(x) = b for a symmetric positive definite operator, to a relative residual of 1%."""
    x = np.zeros_like(b)
    r, rs = b.copy(), b @ b
    p = r.copy()
    for _ in range(iterations):
        ap = apply(p)
        alpha = rs / (p @ ap)
        x += alpha * p
        r -= alpha * ap
        new = r @ r
        if new < 1e-4 * (b @ b):  # a truncated Newton step: 1% of the residual is enough
            break
        p = r + (new / rs) * p
        rs = new
    return x


L2_GRID = (0.01, 0.1, 1.0, 10.0, 100.0, 1000.0)


def _as_features(x, name: str):
    if isinstance(x, SparseRows):
        return x
    return finite_array(x, name, ndim=2)


def probe_accuracy(
    x_train,
    y_train,
    x_test,
    y_test,
    l2: float | None = None,
    l2_grid: Sequence[float] = L2_GRID,
    folds: int = 5,
    seed: int = 0,
) -> dict[str, float]:
    """Logistic regression on features; its L2 strength given, or chosen by cross-validation on the training rows.

    Dense features are standardised with the training rows' mean and spread; sparse TF-IDF rows are used as they
    are. Returns {"accuracy": test accuracy, "l2": the strength used}.
    """
    x_train, x_test = _as_features(x_train, "x_train"), _as_features(x_test, "x_test")
    y_train, y_test = np.asarray(y_train), np.asarray(y_test)
    for name, x, y in (("train", x_train, y_train), ("test", x_test, y_test)):
        if y.ndim != 1 or len(y) != x.shape[0] or len(y) == 0:
            raise ValueError(f"y_{name} must be 1-D with one label per row of x_{name} ({x.shape[0]}), got {y.shape}.")
        if not np.isin(y, (0, 1)).all():
            raise ValueError(f"y_{name} must hold 0/1 labels.")
    if x_train.shape[1] != x_test.shape[1] or type(x_train) is not type(x_test):
        raise ValueError(f"x_train and x_test must be alike, with as many columns: {x_train.shape}, {x_test.shape}.")
    if len(np.unique(y_train)) < 2:
        raise ValueError("y_train must hold both classes.")
    if isinstance(l2_grid, (str, bytes)) or not isinstance(l2_grid, Sequence) or not l2_grid:
        raise ValueError("l2_grid must be a non-empty list of positive strengths.")
    grid = sorted((positive_number(g, "l2_grid entry") for g in l2_grid), reverse=True)
    folds = whole_number(folds, "folds", minimum=2)
    if l2 is None and folds > len(y_train):
        raise ValueError(f"folds ({folds}) must not exceed the training rows ({len(y_train)}) to choose l2.")
    if isinstance(x_train, np.ndarray):
        mean, spread = x_train.mean(axis=0), x_train.std(axis=0) + 1e-8
        x_train, x_test = (x_train - mean) / spread, (x_test - mean) / spread
    y_train = y_train.astype(np.float64)
    if l2 is None:
        l2 = _cross_validate(x_train, y_train, grid, folds, seed)
    w = _logistic_fit(x_train, y_train, positive_number(l2, "l2"))
    z = x_test @ w[:-1] + w[-1]
    return {"accuracy": float(np.mean((z > 0) == (y_test > 0.5))), "l2": float(l2)}


def _cross_validate(x_train, y_train: np.ndarray, grid: list[float], folds: int, seed: int) -> float:
    """The strength of the grid (strongest first) with the best mean held-out accuracy over the folds."""
    order = np.random.default_rng(seed).permutation(len(y_train))
    fold_of = np.empty(len(y_train), dtype=int)
    fold_of[order] = np.arange(len(y_train)) % folds
    scores = np.zeros(len(grid))
    for f in range(folds):
        fit_rows, held = np.flatnonzero(fold_of != f), np.flatnonzero(fold_of == f)
        w = None
        for g, l2 in enumerate(grid):  # strong to weak, each fit starting from the last
            w = _logistic_fit(x_train[fit_rows], y_train[fit_rows], l2, w)
            z = x_train[held] @ w[:-1] + w[-1]
            scores[g] += np.mean((z > 0) == (y_train[held] > 0.5))
    return grid[int(np.argmax(scores))]  # ties go to the stronger regulariser (listed first)


# ---- sampling and generation -------------------------------------------------------------------


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
    tokenizer: Tokenizer,
    prompt: str,
    steps: int,
    context: int,
    method: str = "greedy",
    temperature: float = 1.0,
    k: int = 10,
    seed: int = 0,
) -> str:
    """Continue `prompt` by `steps` tokens; next_logits maps ids (1, t) to logits (1, t, vocab)."""
    if not callable(next_logits):
        raise TypeError(f"next_logits must be a function of ids (1, t), got {type(next_logits).__name__}.")
    tokenizer = _tokenizer(tokenizer)
    if not isinstance(prompt, str) or not clean_review(prompt):
        raise ValueError(f"prompt must be a non-empty string, got {prompt!r}.")
    steps, context = positive_int(steps, "steps"), positive_int(context, "context")
    ids = list(tokenizer.encode(clean_review(prompt)))
    if len(ids) > context:
        raise ValueError(f"the prompt has {len(ids)} tokens, more than the model's context of {context}.")
    sample_next(np.zeros(2), method, temperature, k)  # validates the sampling settings before any model call
    rng = np.random.default_rng(seed)
    for _ in range(steps):
        window = np.array(ids[-context:], dtype=np.int32)[None, :]
        logits = np.asarray(next_logits(window))[0, -1]
        ids.append(sample_next(logits, method, temperature, k, rng))
    return tokenizer.decode(np.array(ids))


# ---- serving: a key-value cache and prices -----------------------------------------------------


class KVCache:
    """Keys and values of every layer for the positions processed so far: (layers, heads, context, d_k) each."""

    def __init__(self, n_layers: int, heads: int, context: int, key_dim: int):
        """Allocate an empty cache with room for `context` positions."""
        self.n_layers, self.heads = positive_int(n_layers, "n_layers"), positive_int(heads, "heads")
        self.context, self.key_dim = positive_int(context, "context"), positive_int(key_dim, "key_dim")
        self.keys = np.zeros((self.n_layers, self.heads, self.context, self.key_dim), dtype=np.float32)
        self.values = np.zeros_like(self.keys)
        self.length = 0  # positions stored in every layer so far

    def _room(self, new: int) -> None:
        if self.length + new > self.context:
            raise ValueError(
                f"the cache holds {self.context} positions, the model's context, and {self.length} are used: "
                f"{new} more do not fit. A learned position embedding has no entry past position "
                f"{self.context - 1}, so stop generating there (or restart from a shorter window)."
            )

    def store(self, layer: int, k, v) -> tuple[np.ndarray, np.ndarray]:
        """Store new positions' keys and values (heads, t, d_k) of a layer; return all of them so far."""
        layer = whole_number(layer, "layer", minimum=0, maximum=self.n_layers - 1)
        k, v = np.asarray(k), np.asarray(v)
        for name, a in (("k", k), ("v", v)):
            if a.ndim != 3 or a.shape[0] != self.heads or a.shape[2] != self.key_dim or a.shape != k.shape:
                wanted = f"(heads, t, d_k) = ({self.heads}, t, {self.key_dim})"
                raise ValueError(f"{name} must have shape {wanted}, the same for k and v, got {a.shape}.")
        self._room(k.shape[1])
        end = self.length + k.shape[1]
        self.keys[layer, :, self.length : end], self.values[layer, :, self.length : end] = k, v
        return self.keys[layer, :, :end], self.values[layer, :, :end]

    def advance(self, new: int = 1) -> None:
        """Mark `new` positions as stored in every layer (call once per forward pass, after the last layer)."""
        new = positive_int(new, "new")
        self._room(new)
        self.length += new


def cost_per_million_tokens(tokens_per_second: float, price_per_hour: float) -> float:
    """US$ to generate one million tokens on a machine billed `price_per_hour`, busy all the time."""
    speed = positive_number(tokens_per_second, "tokens_per_second")
    price = positive_number(price_per_hour, "price_per_hour")
    return 1e6 / speed / 3600.0 * price


def scaled_tokens_per_second(flops_per_second: float, n_params: float) -> float:
    """Tokens per second a model of n_params parameters would generate at a FLOP/s rate (2 N FLOPs per token)."""
    rate = positive_number(flops_per_second, "flops_per_second")
    return rate / (2.0 * positive_number(n_params, "n_params"))


def log_steps(total: int, count: int, first: int = 10) -> list[int]:
    """About `count` log-spaced step numbers from `first` to `total` (both included), as distinct integers."""
    total, count = positive_int(total, "total"), whole_number(count, "count", minimum=2)
    first = min(positive_int(first, "first"), total)
    return sorted({int(round(s)) for s in np.geomspace(first, total, count)})
