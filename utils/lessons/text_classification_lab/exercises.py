"""Checkers for notebook 08 (text classification lab)."""

from __future__ import annotations

import re
import string
from typing import Any

import numpy as np

from utils.checking import Example, Exercise, Feedback, compare, describe_value
from utils.environment import import_tensorflow
from utils.lessons.text_classification_lab import helpers
from utils.lessons.text_classification_lab import solutions as solution

# ---- precision, recall, F1 ----------------------------------------------------------------------


def _compare_metric_triple(got: Any, expected: Any, _example: Example | None = None) -> str | None:
    if hasattr(got, "numpy") and callable(got.numpy):
        got = got.numpy()
    if not isinstance(got, (tuple, list, np.ndarray)) or np.ndim(got) != 1:
        return f"expected a tuple (precision, recall, f1) of 3 numbers, got {describe_value(got)}"
    if len(got) != 3:
        return f"expected a tuple (precision, recall, f1) of 3 numbers, got {len(got)} items"
    for name, g, e in zip(("precision", "recall", "F1"), got, expected):
        if g is None:
            return f"{name} is None: return 0.0 when its denominator is 0"
        problem = compare(g, e, rtol=1e-6, atol=1e-9)  # Keras metrics (float32) are right too
        if problem:
            return f"{name} is wrong ({problem})"
    return None


def _counts(t: Any, p: Any) -> tuple[int, int, int, int]:
    c = helpers.confusion_counts(np.ravel(t), np.ravel(p))
    return c["tp"], c["fp"], c["fn"], c["tn"]


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _mean_f1(t: Any, p: Any) -> tuple[float, float, float]:
    precision, recall, _ = solution.precision_recall_f1(t, p)
    return precision, recall, (precision + recall) / 2


def _draw_labels(rng: np.random.Generator) -> Example:
    n = int(rng.integers(1, 61))
    y_true = (rng.random(n) < rng.uniform(0, 1)).astype(np.int64)
    accuracy = rng.uniform(0, 1)
    y_pred = np.where(rng.random(n) < accuracy, y_true, 1 - y_true)
    kind = str(rng.choice(["mixed", "mixed", "mixed", "no positive predictions", "all positive predictions"]))
    if kind == "no positive predictions":
        y_pred = np.zeros(n, dtype=np.int64)
    elif kind == "all positive predictions":
        y_pred = np.ones(n, dtype=np.int64)
    if rng.random() < 0.2:
        y_true, y_pred = y_true.astype(np.int32), y_pred.astype(np.int32)
    return Example((y_true, y_pred), f"{n} labels, {kind}")


PRECISION_RECALL_F1 = Exercise(
    name="precision_recall_f1",
    reference=solution.precision_recall_f1,
    examples=[
        Example(
            (np.array([1, 1, 1, 0, 0, 0, 0, 0]), np.array([1, 1, 0, 1, 1, 1, 0, 0])),
            "y_true [1 1 1 0 0 0 0 0], y_pred [1 1 0 1 1 1 0 0] (2 TP, 3 FP, 1 FN)",
        ),
        Example((np.array([1, 1, 0, 0]), np.array([1, 0, 0, 0])), "y_true [1 1 0 0], y_pred [1 0 0 0]"),
    ],
    edges=[
        Example(
            (np.array([1, 0, 1, 0]), np.array([0, 0, 0, 0])),
            "y_true [1 0 1 0], y_pred all 0 (no positive predictions: precision counts as 0)",
        ),
        Example(
            (np.array([0, 0, 1, 0, 0]), np.array([1, 1, 1, 1, 0])),
            "y_true [0 0 1 0 0], y_pred [1 1 1 1 0] (recall 1, precision low: the two differ)",
        ),
        Example(
            (np.array([0, 0, 0, 0]), np.array([1, 0, 1, 0])),
            "no positive labels at all (recall counts as 0, and so does precision: no true positive)",
        ),
        Example((np.array([0, 0, 0]), np.array([0, 0, 0])), "all labels and predictions 0 (everything counts as 0)"),
        Example((np.array([1, 0, 1, 1]), np.array([1, 0, 1, 1])), "every prediction right (all three are 1)"),
        Example(
            (np.array([1, 0, 1, 0]), np.array([0, 1, 0, 1])),
            "every prediction wrong (no true positive: F1 counts as 0)",
        ),
        Example((np.array([1]), np.array([1])), "a single label"),
        Example((np.array([1, 1, 0, 1, 0], dtype=np.int32), np.array([1, 0, 0, 1, 1], dtype=np.int32)), "int32 arrays"),
        Example((np.array([1.0, 0.0, 1.0, 1.0]), np.array([1.0, 1.0, 0.0, 1.0])), "0.0/1.0 float arrays (thresholded)"),
    ],
    draw=_draw_labels,
    comparer=_compare_metric_triple,
    show_call=False,
    hint="precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2·P·R / (P + R); return them in that "
    "order, 0.0 when a denominator is 0.",
    suspects={
        "precision and recall are swapped: precision divides by the predicted positives (TP + FP), recall "
        "by the real positives (TP + FN)": lambda t, p: tuple(np.array(solution.precision_recall_f1(t, p))[[1, 0, 2]]),
        "F1 is the harmonic mean 2PR / (P + R), not the plain average of P and R": _mean_f1,
        "you returned (f1, precision, recall); return (precision, recall, f1)": lambda t, p: tuple(
            np.array(solution.precision_recall_f1(t, p))[[2, 0, 1]]
        ),
    },
    suspect_comparer=lambda got, candidate: _compare_metric_triple(got, candidate) is None,
)


def check_precision_recall_f1(fn: Any, seed: int | None = None) -> Feedback:
    """Check precision_recall_f1(y_true, y_pred) -> (precision, recall, f1)."""
    return PRECISION_RECALL_F1.check(fn, seed)


# ---- a standardisation that joins negations, for TextVectorization -----------------------------

_NEGATION_INPUTS = (
    "This was not good.<br /><br />Not bad either!",
    "I cannot say it was NOT fun, and nothing in it is not worth seeing",
    "It's not a film I would not watch again",
    "plain words stay as they are",
)
_WORDS = (
    "not not not good bad fun great worth a film was it cannot nothing knot notable NOT br brown Acting 10 "
    "don't snake_case e-mail x café naïve"
).split()
_GLUE = [
    " ",
    " ",
    " ",
    "  ",
    "<br />",
    "<br/>",
    "<br /><br />",
    "<BR />",
    "<Br/>",
    ". ",
    ", ",
    "! ",
    "?",
    "...",
    " - ",
    "--",
    '"',
    "(",
    ")",
]


def _random_review(rng: np.random.Generator) -> str:
    words: list[str] = []
    for word in (str(w) for w in rng.choice(_WORDS, size=int(rng.integers(0, 9)))):
        if word.lower() == "not" and words and words[-1].lower() == "not":
            word = "good"  # no "not not": which of the two takes the next word is a matter of taste
        words.append(word)
    parts = []
    for word in words:
        # only ASCII words in capitals: tf.strings.lower (the instructed tool) lower-cases ASCII letters only
        parts.append(word.upper() if rng.random() < 0.1 and word.isascii() else word)
        parts.append(str(rng.choice(_GLUE)) if rng.random() < 0.8 else str(rng.choice(list(string.punctuation))))
    return "".join(parts)


def _draw_texts(rng: np.random.Generator) -> Example:
    tf = import_tensorflow()
    shape = [(), (int(rng.integers(1, 6)),), (int(rng.integers(1, 4)), 1)][int(rng.integers(0, 3))]
    texts = np.array([_random_review(rng) for _ in range(int(np.prod(shape)))], dtype=object).reshape(shape)
    return Example((tf.constant(texts),), f"a string tensor of shape {shape}: {texts.tolist()!r:.200}")


def _token_lists(value: Any) -> list[list[str]] | None:
    """Turn a string tensor/array/list into lists of whitespace-separated tokens, or None."""
    if hasattr(value, "numpy") and callable(value.numpy):
        value = value.numpy()
    if isinstance(value, np.ndarray) and value.dtype.kind not in "OSU":
        return None  # numbers, not strings
    try:
        items = list(np.asarray(value, dtype=object).reshape(-1))
    except (TypeError, ValueError):
        return None
    out = []
    for item in items:
        if isinstance(item, bytes):
            item = item.decode("utf-8")
        if not isinstance(item, str):
            return None
        out.append(item.split())
    return out


def _compare_tokens(got: Any, expected: Any, example: Example | None = None) -> str | None:
    want, have = _token_lists(expected), _token_lists(got)
    if have is None:
        return f"expected a string tensor, got {describe_value(got)}"
    if len(have) != len(want):
        return f"expected {len(want)} strings back (one per input), got {len(have)}"
    want_shape = tuple(np.shape(expected))
    have_shape = tuple(getattr(got, "shape", np.shape(got)))
    if have_shape != want_shape:
        return f"expected a tensor of the input's shape {want_shape}, got shape {have_shape}"
    raw = _token_lists(example.args[0]) if example is not None else None
    texts = [" ".join(tokens) for tokens in raw] if raw else [""] * len(want)
    if example is not None and hasattr(example.args[0], "numpy"):
        texts = [t.decode("utf-8") for t in np.asarray(example.args[0].numpy(), dtype=object).reshape(-1)]
    for text, h, w in zip(texts, have, want):
        if h != w:
            return f"for {text!r} the tokens should be {w}, got {h}"
    return None


_VECTORISED_TEXTS = (*_NEGATION_INPUTS, "NOT<br/>good, not bad", "nothing is not: 'quoted' text!")


def _tensorflow_error_text(err: BaseException, fn: Any) -> str:
    """The one line of a TensorFlow/Keras error that says what went wrong, and the learner's line that did it."""
    raw = str(err)
    bold = re.search(r"\x1b\[1m(.*?)\x1b\[0m", raw, flags=re.S)  # Keras puts the cause in bold
    if bold:
        core = bold.group(1)
    else:
        errors = re.findall(r"^\s*(\w+(?:Error|Exception): .*)$", raw, flags=re.M)
        core = errors[-1] if errors else raw
    core = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", core).split())[:160]
    name = getattr(fn, "__name__", "")
    line = re.search(rf"line \d+, in {re.escape(name)}\n\s+(.+)", raw) if name else None
    return core + (f" (at `{line.group(1).strip()[:80]}`)" if line else "")


def _works_in_text_vectorization(fn: Any) -> str | None:
    """The notebook hands the function to TextVectorization, which runs it in graph mode (inside tf.data).

    The layer adapts, then runs in a tf.function: the same tracing a tf.data pipeline does, at a tenth of its cost.
    """
    tf = import_tensorflow()
    from keras import layers

    texts = tf.constant(list(_VECTORISED_TEXTS))
    try:
        layer = layers.TextVectorization(standardize=fn)
        layer.adapt(texts)
        vocabulary = [str(t) for t in layer.get_vocabulary()]
        batches = [tf.function(layer)(texts).numpy()]
    except Exception as err:  # noqa: BLE001 - what the learner's function did inside TensorFlow, in words
        text = _tensorflow_error_text(err, fn)
        return (
            "inside a TextVectorization layer, as the notebook uses it (the layer adapts, then runs in graph mode "
            f"like in a tf.data pipeline), your function raised {type(err).__name__}: {text}. Use only tf.strings "
            "operations on the tensor: no .numpy(), no Python string methods or loops"
        )
    want = _token_lists(solution.mark_negations(texts)) or []
    have = [[vocabulary[i] for i in row if i != 0] for batch in batches for row in batch]
    for text, h, w in zip(_VECTORISED_TEXTS, have, want):
        if h != w:
            return (
                f"inside a TextVectorization layer (graph mode, as in the notebook's pipeline), {text!r} becomes "
                f"the tokens {h}, not {w}"
            )
    return None


def _string_tensor(got: Any, _example: Example) -> str | None:
    """TextVectorization hands the result on to its tokenizer: it must stay a TensorFlow string tensor."""
    tf = import_tensorflow()
    if isinstance(got, tf.Tensor) and got.dtype == tf.string:
        return None
    return (
        f"you returned {describe_value(got)}; TextVectorization needs a tf.string tensor back: return what "
        "tf.strings.regex_replace gives you, without .numpy() or a conversion"
    )


def _negations_done_wrong(texts: Any, mistake: str) -> Any:
    """The reference with one step done wrong (for naming a learner's mistake)."""
    tf = import_tensorflow()
    join = r"not_\1"
    if mistake == "join first":
        return helpers.standardize_review(tf.strings.regex_replace(texts, r"\bnot\s+(\S+)", join))
    if mistake == "not standardised":
        return tf.strings.regex_replace(tf.strings.lower(texts), r"\bnot\s+(\S+)", join)
    standard = helpers.standardize_review(texts)
    if mistake == "inside words":
        return tf.strings.regex_replace(standard, r"not\s+(\S+)", join)
    if mistake == "one space":
        return tf.strings.regex_replace(standard, r"\bnot (\S+)", join)
    if mistake == "glued":
        return tf.strings.regex_replace(standard, r"\bnot\s+(\S+)", r"not\1")
    return tf.strings.regex_replace(standard, r"\bnot\s+(\S+)", join, replace_global=False)


def _same_tokens(got: Any, candidate: Any) -> bool:
    have, want = _token_lists(got), _token_lists(candidate)
    return have is not None and have == want


MARK_NEGATIONS = Exercise(
    name="mark_negations",
    reference=solution.mark_negations,
    examples=[Example((list(_NEGATION_INPUTS),), "a batch of four reviews (compared word by word)")],
    edges=[
        Example(([""],), "an empty review"),
        Example((["It was not"],), "'not' as the last word (nothing to join)"),
        Example((["It was not !"],), "'not' last, then punctuation (standardised to trailing spaces)"),
        Example((["I cannot say nothing is notable, knot"],), "words that contain 'not' (not the word 'not')"),
        Example((["NOT<br/>good"],), "upper case and a line break between 'not' and its word"),
        Example((["not, good; not... bad"],), "punctuation between (standardised away first)"),
        Example((["I don't think it is not good"],), "'don't' (standardised to 'dont') and a 'not' after it"),
        Example((["not good and not bad and not great"],), "three negations in one review"),
        Example((["Café: not naïve, not jalapeño!"],), "accented letters (letters, not punctuation: keep them)"),
        Example(("Not good.",), "a scalar string tensor (shape ())"),
        Example(([["Not a<br />film"], ["Good, not great."]],), "a (2, 1) tensor of strings"),
    ],
    draw=_draw_texts,
    comparer=_compare_tokens,
    result=_string_tensor,
    show_call=False,
    after=_works_in_text_vectorization,
    hint="standardise first (helpers.standardize_review), then one tf.strings.regex_replace whose pattern finds the "
    "whole word 'not', the spaces after it and the next word (a group), and whose rewrite puts them back joined by "
    "an underscore.",
    suspects={
        "the text is not standardised: start from helpers.standardize_review(texts) (lower case, no breaks, no "
        "punctuation)": lambda t: _negations_done_wrong(t, "not standardised"),
        "only the whole word 'not' takes the next word: 'cannot be' and 'knot tied' stay as they are (a word "
        r"boundary \b before 'not')": lambda t: _negations_done_wrong(t, "inside words"),
        "standardisation leaves several spaces where punctuation was ('not, good' becomes 'not  good'): match "
        r"\s+ after 'not', not a single space": lambda t: _negations_done_wrong(t, "one space"),
        "join 'not' and its word with an underscore ('not_good'), not by deleting the space ('notgood')": lambda t: (
            _negations_done_wrong(t, "glued")
        ),
        "only the first 'not' of each review was joined: every one must be (replace_global=True, the default)": (
            lambda t: _negations_done_wrong(t, "first only")
        ),
        "'not' is still apart from the next word: join after standardising (standardize_review turns an "
        "underscore back into a space, so a join made before it is undone)": lambda t: _negations_done_wrong(
            t, "join first"
        ),
    },
    suspect_comparer=_same_tokens,
)


def _as_tensor_example(example: Example) -> Example:
    tf = import_tensorflow()
    return Example((tf.constant(example.args[0]),), example.label, example.kwargs)


def check_mark_negations(fn: Any, seed: int | None = None) -> Feedback:
    """Check mark_negations(texts): standardised text in which every word 'not' is joined to the next word."""
    import dataclasses

    spec = dataclasses.replace(
        MARK_NEGATIONS,
        examples=[_as_tensor_example(e) for e in MARK_NEGATIONS.examples],
        edges=[_as_tensor_example(e) for e in MARK_NEGATIONS.edges],
    )
    return spec.check(fn, seed)


# ---- nearest neighbours by cosine similarity -----------------------------------------------------


def _compare_neighbours(got: Any, expected: Any, example: Example) -> str | None:
    """Any order of exact ties is right: check that the indices are the k most similar rows, best first."""
    vectors, query, k = example.args
    sims = helpers.cosine_similarities(np.asarray(vectors, dtype=float), np.asarray(query, dtype=float))
    if hasattr(got, "numpy") and callable(got.numpy):
        got = got.numpy()
    if isinstance(got, (str, bytes, dict, set)) or got is None:
        return f"expected a NumPy array of {k} row indices, got {describe_value(got)}"
    try:
        idx = np.asarray(got)
    except (TypeError, ValueError):
        return f"expected a NumPy array of {k} row indices, got {describe_value(got)}"
    if idx.dtype.kind == "f":
        return (
            f"expected integer indices, got floats ({describe_value(idx)}); indices look rows and words up, "
            "so return np.argsort's integers (do not return the similarities)"
        )
    if idx.dtype.kind not in "iu" or idx.ndim != 1:
        return f"expected a 1-D array of {k} integer row indices, got {describe_value(got)}"
    if len(idx) != k:
        return f"expected {k} indices, got {len(idx)}"
    if idx.size and (idx.min() < 0 or idx.max() >= len(sims)):
        return f"the indices must be rows of vectors, 0 to {len(sims) - 1}; got {idx.tolist()}"
    if len(set(idx.tolist())) != len(idx):
        return f"the indices repeat a row: {idx.tolist()}"
    tol = 1e-6
    picked = sims[idx]
    best = np.sort(sims)[::-1][:k]
    for rank, (have, want) in enumerate(zip(picked, best)):
        if have < want - tol:
            missing = [int(i) for i in np.argsort(-sims, kind="stable")[:k] if i not in set(idx.tolist())]
            row = missing[0] if missing else int(idx[rank])
            return (
                f"expected the {k} most similar rows {np.argsort(-sims, kind='stable')[:k].tolist()}, got "
                f"{idx.tolist()}: row {row} (cosine {sims[row]:.6g}) is missing"
                if missing
                else f"the rows are not sorted from the most similar down: got {idx.tolist()} with cosines "
                f"{np.round(picked, 6).tolist()}"
            )
    if np.any(np.diff(picked) > tol):
        return (
            f"the rows are not sorted from the most similar down: got {idx.tolist()} with cosines "
            f"{np.round(picked, 6).tolist()}"
        )
    return None


def _same_indices(got: Any, candidate: Any) -> bool:
    try:
        return bool(np.array_equal(np.asarray(got), np.asarray(candidate)))
    except (TypeError, ValueError):
        return False


def _draw_vectors(rng: np.random.Generator) -> Example:
    n, d = int(rng.integers(1, 31)), int(rng.integers(1, 9))
    vectors = rng.normal(size=(n, d)) * rng.uniform(0.1, 5.0, size=(n, 1))
    query = rng.normal(size=d) * float(rng.uniform(0.1, 5.0))
    if rng.random() < 0.3:
        query = vectors[int(rng.integers(0, n))] * float(rng.uniform(0.5, 2.0))
    k = int(rng.integers(1, n + 1))
    if rng.random() < 0.15:
        vectors, query = vectors.astype(np.float32), query.astype(np.float32)
    return Example((vectors, query, k), f"{n} random {d}-D vectors, k = {k}")


_VECTORS = np.array([[10.0, 0.0], [1.0, 1.0], [0.1, 3.0], [-2.0, 0.1], [0.9, 0.1]])
_rng3 = np.random.default_rng(3)
_RANDOM_VECTORS = _rng3.normal(size=(30, 8)) * _rng3.uniform(0.1, 5.0, size=(30, 1))

NEAREST_BY_COSINE = Exercise(
    name="nearest_by_cosine",
    reference=solution.nearest_by_cosine,
    examples=[
        Example((_VECTORS, np.array([1.0, 0.0]), 2), "5 vectors of different lengths, query [1, 0], k=2"),
        Example((_VECTORS, np.array([0.2, 0.2]), 3), "5 vectors of different lengths, query [0.2, 0.2], k=3"),
        Example((_RANDOM_VECTORS, _RANDOM_VECTORS[4] + 0.1, 5), "30 random 8-D vectors, k=5"),
    ],
    edges=[
        Example(
            (_VECTORS, np.array([-1.0, 0.05]), 5), "5 vectors, query [-1, 0.05] pointing away from most, k=5 (all)"
        ),
        Example((_VECTORS, np.array([0.0, 1.0]), 1), "k = 1"),
        Example(
            (np.array([[1.0, 0.0], [3.0, 0.0], [0.0, 1.0], [-1.0, 0.0]]), np.array([2.0, 0.0]), 3),
            "parallel rows of different lengths (equal cosines: either order is right)",
        ),
        Example((np.array([[2.0], [-1.0], [0.5], [-3.0]]), np.array([1.0]), 4), "1-D vectors (cosines are ±1)"),
        Example((np.array([[1, 2], [3, -1], [0, 4], [-2, -2]]), np.array([1, 1]), 2), "whole-number (int) vectors"),
        Example((_RANDOM_VECTORS[:6].astype(np.float32), _RANDOM_VECTORS[0].astype(np.float32), 3), "float32 vectors"),
    ],
    draw=_draw_vectors,
    comparer=_compare_neighbours,
    show_call=False,
    hint="cosine similarity is the dot product divided by both lengths; "
    "sort from the most similar (largest) down and keep k indices.",
    suspects={
        "you ranked by the dot product: divide by each row's length, or long vectors win": lambda v, q, k: np.argsort(
            -(np.asarray(v, float) @ np.asarray(q, float)), kind="stable"
        )[:k],
        "you sorted from the least similar up: the most similar row comes first": lambda v, q, k: np.argsort(
            helpers.cosine_similarities(v, q), kind="stable"
        )[:k],
        "you ranked by Euclidean distance, which mixes length and direction: use the cosine": lambda v, q, k: (
            np.argsort(np.linalg.norm(np.asarray(v, float) - np.asarray(q, float), axis=1), kind="stable")[:k]
        ),
    },
    suspect_comparer=_same_indices,
)


def check_nearest_by_cosine(fn: Any, seed: int | None = None) -> Feedback:
    """Check nearest_by_cosine(vectors, query, k) -> indices of the k most similar rows, best first."""
    return NEAREST_BY_COSINE.check(fn, seed)
