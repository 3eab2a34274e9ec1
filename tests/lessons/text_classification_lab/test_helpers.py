import numpy as np
import pytest

from utils.environment import import_tensorflow
from utils.lessons.text_classification_lab import figures as text_figures
from utils.lessons.text_classification_lab import helpers as text

tf = import_tensorflow()


def standardized(raw: str) -> list[str]:
    return text.standardize_text(raw).split()


def test_standardize_removes_breaks_and_punctuation():
    raw = "A GREAT film!<br /><br />Loved it.<BR/>It's 10/10, isn't it?"
    assert standardized(raw) == ["a", "great", "film", "loved", "it", "its", "10", "10", "isnt", "it"]


def test_standardize_keeps_words_apart_across_breaks():
    assert standardized("end.<br />The start") == ["end", "the", "start"]
    assert "br" not in standardized("one<br>two<br/>three<br />four")


def test_standardize_splits_on_unicode_punctuation_and_odd_whitespace():
    raw = "\u201cGreat\u201d\u2026 don\u2019t\x85miss\u2028it\xa0now \u2013 caf\u00e9"
    assert standardized(raw) == ["great", "dont", "miss", "it", "now", "café"]


def test_standardize_lowercases_unicode_and_keeps_shape():
    out = text.standardize_review(tf.constant([["Éclair GOOD"], ["ÜBER"]]))
    assert out.shape == (2, 1)
    assert [x.decode() for x in out.numpy().ravel()] == ["éclair good", "über"]


def test_standardize_rejects_non_strings():
    with pytest.raises(ValueError, match="string tensor"):
        text.standardize_review(tf.constant([1, 2]))
    with pytest.raises(ValueError, match="text must be a str"):
        text.standardize_text(b"bytes")


def test_standardize_works_inside_text_vectorization_and_reloads(tmp_path):
    import keras

    vec = keras.layers.TextVectorization(standardize=text.standardize_review)
    # Keras writes the vocabulary as lines: a token holding U+0085 or U+2028 would break the reload.
    vec.adapt(np.array(["Good film.<br />Good!", "bad \x85", "odd\x85 \u2028 breaks"], dtype=object))
    assert "br" not in vec.get_vocabulary()
    inputs = keras.Input(shape=(), dtype="string")
    model = keras.Model(inputs, vec(inputs))
    model.save(tmp_path / "vec.keras")
    again = keras.saving.load_model(tmp_path / "vec.keras")
    sample = tf.constant(["GOOD<br />bad"])
    np.testing.assert_array_equal(model(sample), again(sample))


def test_confusion_counts_and_metrics():
    y_true = [1, 1, 1, 0, 0, 0, 0, 0]
    y_pred = [1, 1, 0, 1, 1, 1, 0, 0]
    assert text.confusion_counts(y_true, y_pred) == {"tp": 2, "fp": 3, "fn": 1, "tn": 2}
    m = text.binary_metrics(y_true, y_pred)
    assert m["accuracy"] == pytest.approx(4 / 8)
    assert m["precision"] == pytest.approx(2 / 5)
    assert m["recall"] == pytest.approx(2 / 3)
    assert m["f1"] == pytest.approx(2 * (2 / 5) * (2 / 3) / (2 / 5 + 2 / 3))


def test_metrics_accept_bool_and_column_vectors_and_undefined_cases():
    m = text.binary_metrics(np.array([[True], [False]]), np.array([[False], [False]]))
    assert m == {"accuracy": 0.5, "precision": 0.0, "recall": 0.0, "f1": 0.0}


@pytest.mark.parametrize(
    "y_true, y_pred, message",
    [
        ([0, 1], [0.2, 0.9], "only 0 and 1"),
        ([0, 1, 1], [0, 1], "differ in length"),
        ([[0, 1], [1, 0]], [[0, 1], [1, 0]], "1-D array"),
        (["a", "b"], [0, 1], "numbers 0 and 1"),
        ([], [], "empty"),
    ],
)
def test_metrics_bad_input(y_true, y_pred, message):
    with pytest.raises(ValueError, match=message):
        text.binary_metrics(y_true, y_pred)


def test_cosine_similarities():
    vectors = np.array([[1.0, 0.0], [0.0, 2.0], [-3.0, 0.0], [0.0, 0.0]])
    np.testing.assert_allclose(text.cosine_similarities(vectors, np.array([2.0, 0.0])), [1, 0, -1, 0])
    with pytest.raises(ValueError, match="2-D"):
        text.cosine_similarities(np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        text.cosine_similarities(vectors, np.ones(3))


def test_nearest_words_skips_padding_oov_and_the_word_itself():
    vocab = ["", "[UNK]", "good", "great", "bad", "awful"]
    emb = np.array([[1, 0], [1, 0], [1, 0.1], [0.9, 0.2], [-1, 0], [-1, -0.1]])
    assert [w for w, _ in text.nearest_words(emb, vocab, "good", k=2)] == ["great", "bad"]
    assert text.nearest_words(emb, vocab, "bad", k=1)[0][0] == "awful"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"word": "superb"}, "not in the vocabulary"),
        ({"word": "[UNK]"}, "not in the vocabulary"),
        ({"word": "good", "k": 0}, "positive integer"),
        ({"word": "good", "embeddings": np.ones((3, 2))}, "one row per vocabulary entry"),
    ],
)
def test_nearest_words_bad_input(kwargs, message):
    args = {"embeddings": np.ones((4, 2)), "vocabulary": ["", "[UNK]", "good", "bad"], "k": 2}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        text.nearest_words(**args)


def test_split_validation_is_stratified_disjoint_and_complete():
    texts = np.array([f"review {i}" for i in range(100)], dtype=object)
    labels = np.array([0] * 70 + [1] * 30)
    (xt, yt), (xv, yv) = text.split_validation(texts, labels, 0.2, seed=1)
    assert len(xv) == 20 and np.sum(yv) == 6 and len(xt) == 80
    assert set(xt).isdisjoint(xv) and set(xt) | set(xv) == set(texts)
    for x, y in zip(xv, yv):
        assert labels[int(x.split()[1])] == y
    again = text.split_validation(texts, labels, 0.2, seed=1)
    np.testing.assert_array_equal(again[1][0], xv)


@pytest.mark.parametrize("fraction", [0, 1, 1.5, -0.1, True, "0.1"])
def test_split_validation_bad_fraction(fraction):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        text.split_validation(["a", "b"], [0, 1], fraction)


def test_split_validation_bad_lengths():
    with pytest.raises(ValueError, match="same length"):
        text.split_validation(["a", "b"], [0], 0.5)


def test_shorten():
    assert text.shorten("short<br />text") == "short text"
    cut = text.shorten("word " * 100, width=20)
    assert len(cut) <= 20 and cut.endswith("…")
    with pytest.raises(ValueError, match="at least 4"):
        text.shorten("x", width=2)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: text_figures.plot_length_histogram([], cut=3), "empty"),
        (lambda: text_figures.plot_length_histogram([1, 2], cut=0), "positive integer"),
        (lambda: text_figures.plot_probabilities(["a"], [0.2, 0.3]), "one probability per text"),
        (lambda: text_figures.plot_probabilities(["a"], [1.5]), "between 0 and 1"),
        (lambda: text_figures.plot_accuracy_comparison([]), "rows is empty"),
        (lambda: text_figures.plot_accuracy_comparison([("x", 86.4, False)]), r"must lie in \[0, 1\]"),
    ],
)
def test_plots_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
