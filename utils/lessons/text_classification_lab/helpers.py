"""Text-lab helpers: review standardisation, binary metrics, cosine neighbours, display helpers."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from utils.environment import import_tensorflow
from utils.validation import finite_array, sequence, text, whole_number

# An HTML line break as it appears in the IMDB reviews: <br />, <br/>, <br> in any case.
BREAK_PATTERN = r"(?i)<br\s*/?\s*>"


def _keras():
    import_tensorflow()
    import keras

    return keras


def _register(fn):
    """Register fn as a Keras-serialisable function so saved models that use it reload."""
    return _keras().saving.register_keras_serializable(package="course_text")(fn)


@_register
def standardize_review(texts):
    """Lower-case review strings, turn HTML line breaks into spaces and strip punctuation.

    Apostrophes (' and ’) are dropped, so ``don't`` becomes ``dont``; every other character
    that is not a letter, a digit or a space (punctuation, symbols, curly quotes, stray
    control characters such as U+0085) becomes a space, so ``end.The`` still splits into two
    words. Works on a string tensor of any shape (TextVectorization passes a batch) and
    returns a tensor of the same shape.
    """
    tf = import_tensorflow()
    if texts is None or isinstance(texts, (dict, set, bytes)):
        raise TypeError(f"texts must be a string or a tensor or list of strings, got {type(texts).__name__}.")
    try:
        texts = tf.convert_to_tensor(texts)
    except (TypeError, ValueError):
        raise ValueError("texts must be a string or a rectangular tensor or list of strings.") from None
    if texts.dtype != tf.string:
        raise ValueError(f"texts must be a string tensor (standardize_review), got dtype {texts.dtype.name}.")
    texts = tf.strings.lower(texts, encoding="utf-8")
    texts = tf.strings.regex_replace(texts, BREAK_PATTERN, " ")
    texts = tf.strings.regex_replace(texts, "['\u2019]", "")
    return tf.strings.regex_replace(texts, r"[^\pL\pN\pM\s]", " ")


def standardize_text(text: str) -> str:
    """Standardise one Python string with `standardize_review` and return it as a str."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a str (standardize_text), got {type(text).__name__}.")
    return standardize_review([text]).numpy()[0].decode("utf-8")


def _binary_labels(name: str, values) -> np.ndarray:
    if values is None or isinstance(values, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be an array of 0/1 labels, got {type(values).__name__}.")
    try:
        array = np.asarray(values)
    except ValueError:
        raise ValueError(f"{name} must be a flat array of 0/1 labels (a ragged list was given).") from None
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of 0/1 labels, got shape {array.shape}.")
    if array.dtype == bool:
        return array.astype(np.int64)
    if array.dtype.kind not in "iuf":
        raise ValueError(f"{name} must hold numbers 0 and 1, got dtype {array.dtype}.")
    if array.size and not np.isin(array, (0, 1)).all():
        raise ValueError(
            f"{name} must hold only 0 and 1 (threshold probabilities first), "
            f"got values such as {array[~np.isin(array, (0, 1))][0]!r}."
        )
    return array.astype(np.int64)


def confusion_counts(y_true, y_pred) -> dict[str, int]:
    """Return the four cells of a binary confusion matrix: tp, fp, fn, tn (1 is the positive class)."""
    y_true, y_pred = _binary_labels("y_true", y_true), _binary_labels("y_pred", y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred differ in length: {len(y_true)} vs {len(y_pred)}.")
    return {
        "tp": int(np.sum((y_true == 1) & (y_pred == 1))),
        "fp": int(np.sum((y_true == 0) & (y_pred == 1))),
        "fn": int(np.sum((y_true == 1) & (y_pred == 0))),
        "tn": int(np.sum((y_true == 0) & (y_pred == 0))),
    }


def binary_metrics(y_true, y_pred) -> dict[str, float]:
    """Return accuracy, precision, recall and F1 of 0/1 predictions (0.0 where undefined)."""
    c = confusion_counts(y_true, y_pred)
    total = c["tp"] + c["fp"] + c["fn"] + c["tn"]
    if total == 0:
        raise ValueError("y_true and y_pred are empty: no predictions to score.")
    precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"accuracy": (c["tp"] + c["tn"]) / total, "precision": precision, "recall": recall, "f1": f1}


def cosine_similarities(vectors, query) -> np.ndarray:
    """Return the cosine similarity of every row of `vectors` (N, D) with `query` (D,)."""
    vectors = finite_array(vectors, "vectors", ndim=2)
    query = finite_array(query, "query", ndim=1)
    if query.shape != (vectors.shape[1],):
        raise ValueError(f"query must have shape ({vectors.shape[1]},) like a row of vectors, got {query.shape}.")
    norms = np.linalg.norm(vectors, axis=1) * np.linalg.norm(query)
    dots = vectors @ query
    return np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)


def nearest_words(
    embeddings, vocabulary: Sequence[str], word: str, k: int = 5, skip: int = 2
) -> list[tuple[str, float]]:
    """Return the k words whose embedding rows are most cosine-similar to `word`'s.

    `vocabulary[i]` names row i of `embeddings`; the first `skip` rows (padding and
    out-of-vocabulary in a TextVectorization vocabulary) and the word itself are left out.
    """
    embeddings = finite_array(embeddings, "embeddings", ndim=2)
    vocabulary = sequence(vocabulary, "vocabulary")
    if not all(isinstance(entry, str) for entry in vocabulary):
        raise TypeError("vocabulary must be a sequence of strings, one per row of embeddings.")
    word = text(word, "word")
    if embeddings.ndim != 2 or embeddings.shape[0] != len(vocabulary):
        raise ValueError(
            f"embeddings must have one row per vocabulary entry: shape {embeddings.shape} for {len(vocabulary)} words."
        )
    skip = whole_number(skip, "skip", minimum=0, maximum=max(len(vocabulary) - 2, 0))
    k = whole_number(k, "k", minimum=1)
    if word not in vocabulary[skip:]:
        raise ValueError(f"{word!r} is not in the vocabulary (of {len(vocabulary)} entries).")
    candidates = len(vocabulary) - skip - 1
    if k > candidates:
        raise ValueError(
            f"k must be at most {candidates}: the vocabulary has {len(vocabulary)} entries, "
            f"{skip} skipped (padding, [UNK]) and the query word itself; got k={k}."
        )
    index = vocabulary.index(word, skip)
    scores = cosine_similarities(embeddings, embeddings[index])
    scores[:skip] = -np.inf
    scores[index] = -np.inf
    order = np.argsort(-scores, kind="stable")[:k]
    return [(vocabulary[i], float(scores[i])) for i in order]


def shorten(text: str, width: int = 200) -> str:
    """Return text on one line, cut to at most `width` characters with an ellipsis."""
    if isinstance(width, bool) or not isinstance(width, int) or width < 4:
        raise ValueError(f"width must be an integer of at least 4, got {width!r:.40}.")
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__} {text!r:.40}.")
    flat = " ".join(text.replace("<br />", " ").split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _array(values, name: str) -> np.ndarray:
    if values is None or isinstance(values, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be a list or array with one entry per example, got {type(values).__name__}.")
    try:
        array = np.asarray(values)
    except ValueError:
        raise ValueError(f"{name} must be a flat list or array (a ragged list was given).") from None
    if array.ndim == 0:
        raise TypeError(f"{name} must be a list or array with one entry per example, got {type(values).__name__}.")
    if array.size == 0:
        raise ValueError(f"{name} is empty: give at least one example.")
    return array


def split_validation(
    texts, labels, fraction: float, seed: int = 0
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Split (texts, labels) into a training part and a class-stratified validation part.

    Returns ((train_texts, train_labels), (val_texts, val_labels)); each class gives
    round(fraction * its count) examples to the validation part, and both parts are shuffled.
    """
    texts = _array(texts, "texts")
    labels = _array(labels, "labels")
    if labels.dtype.kind not in "biu" and not (labels.dtype.kind == "f" and np.all(labels == np.round(labels))):
        raise ValueError(f"labels must be class labels (integers), got dtype {labels.dtype}.")
    seed = whole_number(seed, "seed", minimum=0)
    if len(texts) != len(labels):
        raise ValueError(f"texts and labels must have the same length, got {len(texts)} and {len(labels)}.")
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1-D, got shape {labels.shape}.")
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) or not 0 < fraction < 1:
        raise ValueError(f"fraction must be a number strictly between 0 and 1, got {fraction!r}.")
    rng = np.random.default_rng(seed)
    val_index = []
    for value in np.unique(labels):
        members = np.flatnonzero(labels == value)
        val_index.append(rng.choice(members, size=int(round(fraction * len(members))), replace=False))
    val_index = np.concatenate(val_index) if val_index else np.array([], dtype=int)
    is_val = np.zeros(len(labels), dtype=bool)
    is_val[val_index] = True
    train_index = rng.permutation(np.flatnonzero(~is_val))
    val_index = rng.permutation(val_index)
    return (texts[train_index], labels[train_index]), (texts[val_index], labels[val_index])
