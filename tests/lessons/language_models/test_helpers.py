import numpy as np
import pytest

from utils.lessons.language_models import helpers as lm

TEXTS = ["A fine film.<br /><br />Loved it!", "Awful   acting; awful plot."]


def test_clean_review_and_tokenizer_round_trip():
    assert lm.clean_review(TEXTS[0]) == "a fine film. loved it!"
    tok = lm.CharTokenizer.build(TEXTS, min_count=1)
    ids = tok.encode("a fine film")
    assert tok.decode(ids) == "a fine film"
    assert tok.encode("z€")[1] == 1 and tok.decode(tok.encode("€")) == "?"
    stream = lm.encode_corpus(TEXTS, tok)
    assert tok.decode(stream).count("\n") == 2
    np.testing.assert_array_equal(lm.encode_corpus(np.array(TEXTS), tok), stream)  # arrays of reviews, as loaded
    with pytest.raises(TypeError, match="texts"):
        lm.encode_corpus(TEXTS[0], tok)  # one review is not a list of reviews


def test_tokenizer_bad_inputs():
    with pytest.raises(ValueError, match="empty"):
        lm.CharTokenizer.build([])
    with pytest.raises(ValueError, match="min_count"):
        lm.CharTokenizer.build(TEXTS, min_count=0)
    with pytest.raises(TypeError, match="str"):
        lm.clean_review(3)
    tok = lm.CharTokenizer.build(TEXTS, min_count=1)
    with pytest.raises(ValueError, match="ids"):
        tok.decode([999])
    with pytest.raises(ValueError, match="empty"):
        lm.encode_corpus([], tok)


def test_windows_shift_targets_by_one():
    x, y = lm.windows(np.arange(11), 5)
    assert x.tolist() == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    assert y.tolist() == [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]
    with pytest.raises(ValueError, match="too few"):
        lm.windows(np.arange(3), 5)


def test_review_tails_left_pad():
    tok = lm.CharTokenizer.build(TEXTS, min_count=1)
    tails = lm.review_tails(["ab", "a fine film"], lm.CharTokenizer.build(["ab", "a fine film"], 1), 4)
    assert tails.shape == (2, 4) and tails[0, 0] == 0 and tails[0, 1] == 0
    with pytest.raises(ValueError, match="length"):
        lm.review_tails(TEXTS, tok, 0)


def test_count_baselines():
    uniform = np.tile(np.arange(4), 50)
    assert lm.unigram_perplexity(uniform, uniform, 4, alpha=0) == pytest.approx(4.0)
    assert lm.bigram_perplexity(uniform, uniform, 4, alpha=1e-9) == pytest.approx(1.0, abs=1e-6)
    with pytest.raises(ValueError, match="val_ids"):
        lm.bigram_perplexity(uniform, [1], 4)
    with pytest.raises(ValueError, match="ids"):
        lm.unigram_perplexity(uniform, uniform, 3)


def test_perplexity():
    assert lm.perplexity(np.log(7.0)) == pytest.approx(7.0)
    with pytest.raises(ValueError, match="mean_loss"):
        lm.perplexity(-1.0)


def test_attention_is_causal_and_matches_keras():
    import keras

    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 5, 8)).astype("float32")
    mha = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4)
    expected = np.asarray(mha(x, x, use_causal_mask=True))
    got = lm.multi_head_attention(x, mha.get_weights(), causal=True)
    np.testing.assert_allclose(got, expected, atol=1e-5)
    x2 = x.copy()
    x2[:, -1] += 10  # changing the last position cannot change earlier outputs
    got2 = lm.multi_head_attention(x2, mha.get_weights(), causal=True)
    np.testing.assert_allclose(got2[:, :-1], got[:, :-1], atol=1e-9)
    with pytest.raises(ValueError, match="8 arrays"):
        lm.multi_head_attention(x, mha.get_weights()[:2])
    with pytest.raises(ValueError, match="shapes"):
        lm.scaled_dot_product_attention(np.ones((2, 3)), np.ones((2, 4)), np.ones((2, 3)))
    with pytest.raises(ValueError, match="length"):
        lm.causal_mask(0)


def test_param_counts_match_keras_dense_and_attention():
    import keras

    d, f = 16, 64
    block = [keras.layers.MultiHeadAttention(4, d // 4), keras.layers.Dense(f), keras.layers.Dense(d)]
    x = np.zeros((1, 3, d), "float32")
    block[0](x, x)
    block[2](block[1](x))
    norms = 2 * 2 * d
    assert sum(layer.count_params() for layer in block) + norms == lm.block_params(d, f)
    parts = lm.gpt_params(50, 32, d, 2, f)
    assert parts["total"] == 50 * d + 32 * d + 2 * lm.block_params(d, f) + 2 * d + d * 50 + 50
    with pytest.raises(ValueError, match="d_model"):
        lm.block_params(0)
    assert lm.training_flops_per_token(1000, 16, 2, 32, 50) == 6 * (1000 + 800) + 6 * 2 * 32 * 16
    with pytest.raises(ValueError, match="n_layers"):
        lm.training_flops_per_token(1000, 16, 0, 32, 50)


def test_fit_power_law_recovers_exponent():
    n = np.array([1e3, 1e4, 1e5, 1e6])
    fit = lm.fit_power_law(n, 5 * n**-0.1)
    assert fit["alpha"] == pytest.approx(0.1) and fit["a"] == pytest.approx(5) and fit["r2"] == pytest.approx(1)
    with pytest.raises(ValueError, match="positive"):
        lm.fit_power_law([1, 2, -3], [1, 2, 3])


def test_sampling():
    logits = np.array([0.0, 5.0, 1.0])
    assert lm.sample_next(logits) == 1
    rng = np.random.default_rng(0)
    picks = {lm.sample_next(logits, "top_k", k=1, rng=rng) for _ in range(20)}
    assert picks == {1}
    picks = {lm.sample_next(logits, "temperature", temperature=100.0, rng=rng) for _ in range(200)}
    assert picks == {0, 1, 2}
    with pytest.raises(ValueError, match="temperature"):
        lm.sample_next(logits, "temperature", temperature=0)
    with pytest.raises(ValueError, match="k must"):
        lm.sample_next(logits, "top_k", k=0)
    with pytest.raises(ValueError, match="method"):
        lm.sample_next(logits, "beam")


def test_generate_validates_and_continues():
    tok = lm.CharTokenizer.build(TEXTS, min_count=1)
    target = tok.encode("a")[0]

    def always_a(ids):
        logits = np.zeros((1, ids.shape[1], tok.vocab_size))
        logits[..., target] = 5.0
        return logits

    assert lm.generate(always_a, tok, "fine", 3, context=8) == "fineaaa"
    with pytest.raises(ValueError, match="prompt"):
        lm.generate(always_a, tok, "", 3, context=8)
    with pytest.raises(ValueError, match="context"):
        lm.generate(always_a, tok, "a fine film", 3, context=4)
    with pytest.raises(ValueError, match="temperature"):
        lm.generate(always_a, tok, "fine", 3, context=8, method="temperature", temperature=-1)
    with pytest.raises(ValueError, match="k must"):
        lm.generate(always_a, tok, "fine", 3, context=8, method="top_k", k=0)


def test_softmax_is_notebook_05s_and_masks_stay_finite():
    from utils.lessons.neural_networks_from_scratch import helpers as nn

    assert lm.softmax is nn.softmax
    rng = np.random.default_rng(1)
    q, k, v = rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    mask = lm.causal_mask(4)
    weights = np.exp(np.where(mask, q @ k.T / np.sqrt(3), -np.inf))
    expected = weights / weights.sum(axis=1, keepdims=True) @ v
    np.testing.assert_allclose(lm.scaled_dot_product_attention(q, k, v, mask), expected, rtol=1e-12)
    np.testing.assert_array_equal(
        lm.scaled_dot_product_attention(q, k, v, mask.astype(int)), lm.scaled_dot_product_attention(q, k, v, mask)
    )
    with pytest.raises(ValueError, match="mask"):
        lm.scaled_dot_product_attention(q, k, v, lm.causal_mask(3))


def test_top_k_draws_only_among_the_k_largest():
    rng = np.random.default_rng(0)
    logits = np.array([0.0, 3.0, 2.9, -1.0, 1.0])
    picks = [lm.sample_next(logits, "top_k", k=2, rng=rng) for _ in range(300)]
    assert set(picks) == {1, 2}
    assert lm.sample_next(logits, "top_k", k=99, rng=rng) in range(5)
