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


def test_clean_review_repairs_windows_1252_punctuation():
    raw = "It\x92s good \x96 really\x85 <br />\x93Yes\x94 \u00b4n\u2019 caf\u00e9"
    assert lm.clean_review(raw) == "it's good - really... \"yes\" 'n' caf\u00e9"
    assert not any(0x80 <= ord(c) < 0xA0 for c in lm.clean_review("".join(map(chr, range(0x80, 0xA0)))))
    assert lm.split_words("it's a film, isn't it?") == ["it's", "a", "film", ",", "isn't", "it", "?"]


def test_word_tokenizer_keeps_the_most_frequent_tokens():
    tok = lm.WordTokenizer.build(["b a a c", "a b d"], vocab_size=4)
    assert tok.words == ("<end>", "<unk>", "a", "b")
    np.testing.assert_array_equal(tok.encode("a c b"), [2, 1, 3])
    stream = lm.encode_corpus(["A a", "b"], tok)
    np.testing.assert_array_equal(stream, [2, 2, 0, 3, 0])
    assert tok.decode(stream) == "a a ¶ b ¶"
    with pytest.raises(ValueError, match="vocab_size"):
        lm.WordTokenizer.build(["a"], vocab_size=2)
    with pytest.raises(ValueError, match="ids"):
        tok.decode([4])


def test_review_windows_and_pooling_skip_padding():
    tok = lm.WordTokenizer.build(["a b c d e"], vocab_size=7)
    win, owner = lm.review_windows(["a b c d e", "a", ""], tok, context=2, max_tokens=4)
    np.testing.assert_array_equal(owner, [0, 0, 1, 2])  # 4 tokens -> 2 windows; 1 token -> 1; empty -> 1
    np.testing.assert_array_equal(win[1], tok.encode("c d"))
    assert win[2, 1] == 0  # padding
    hidden = np.arange(win.size * 3, dtype=float).reshape(*win.shape, 3)
    lookup = {w.tobytes(): h for w, h in zip(win, hidden)}
    pooled = lm.pooled_features(lambda ids: np.stack([lookup[w.tobytes()] for w in ids]), win, owner, 3, batch=3)
    np.testing.assert_allclose(pooled[0], hidden[:2].reshape(4, 3).mean(axis=0))
    np.testing.assert_allclose(pooled[1], hidden[2, 0])  # the padding slot is left out
    np.testing.assert_allclose(pooled[2], hidden[3, 0])  # an empty review: its single end token
    with pytest.raises(ValueError, match="owner"):
        lm.pooled_features(lambda ids: hidden[: len(ids)], win, owner, 2)
    with pytest.raises(ValueError, match="b, T, d"):
        lm.pooled_features(lambda ids: hidden[: len(ids), :1], win, owner, 3)
    with pytest.raises(ValueError, match="max_tokens"):
        lm.review_windows(["a"], tok, 2, max_tokens=0)


def test_count_baselines():
    uniform = np.tile(np.arange(4), 50)
    assert lm.unigram_perplexity(uniform, uniform, 4, alpha=0) == pytest.approx(4.0)
    ppl, weight = lm.bigram_perplexity(uniform, uniform, 4)
    assert ppl < 1.3 and weight >= 0.9  # the next token is certain: the counts take almost all the weight
    ppl_half, _ = lm.bigram_perplexity(uniform, uniform, 4, weight=0.5)
    assert ppl_half == pytest.approx(1 / (0.5 + 0.5 * 0.25))
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
    assert lm.training_flops_per_token(1000, 16, 2, 32) == 6 * 1000 + 6 * 2 * 32 * 16  # Kaplan's count
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
    words = lm.WordTokenizer.build(["a fine film"], vocab_size=5)
    logits = lambda ids: np.eye(5)[None, [[2] * ids.shape[1]]][0]  # noqa: E731 - always the word "a"
    assert lm.generate(logits, words, "fine", 2, context=8) == "fine a a"
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


def test_envelope_and_crossovers():
    c = np.geomspace(1e6, 1e9, 20)
    small = (c[:14], np.maximum(3.0 * (c[:14] / 1e6) ** -0.1, 2.4))  # the small model flattens at 2.4
    large = (c[4:], 3.6 * (c[4:] / 1e6) ** -0.1)
    env = lm.lower_envelope({1e4: small, 1e5: large}, points=40)
    assert env["best_size"][0] == 1e4 and env["best_size"][-1] == 1e5
    assert np.all(np.diff(env["best_size"]) >= 0)
    ((where, a, b),) = lm.crossovers({1e4: small, 1e5: large})
    assert (a, b) == (1e4, 1e5)
    assert np.interp(np.log(where), np.log(large[0]), large[1]) == pytest.approx(2.4, rel=0.01)
    with pytest.raises(ValueError, match="at least two"):
        lm.lower_envelope({1e4: small})
    with pytest.raises(ValueError, match="increasing"):
        lm.crossovers({1e4: small, 1e5: (large[0][::-1], large[1])})


def test_labels_to_match_interpolates_in_log_labels():
    counts, acc = [100, 1000], [0.5, 0.7]
    assert lm.labels_to_match(counts, acc, 0.6) == pytest.approx(np.sqrt(100 * 1000))
    assert lm.labels_to_match(counts, acc, 0.45) == 100
    assert lm.labels_to_match(counts, acc, 0.8) == np.inf
    with pytest.raises(ValueError, match="increasing"):
        lm.labels_to_match([100, 100], acc, 0.6)
    with pytest.raises(ValueError, match="target"):
        lm.labels_to_match(counts, acc, 1.5)


def test_label_draws_are_balanced_and_checked():
    y = np.array([0] * 30 + [1] * 20)
    draws = lm.label_draws(y, [10, 40], draws=3, seed=0)
    assert all(len(d) == 10 and y[d].sum() == 5 for d in draws[10])
    assert all(len(set(d)) == 40 for d in draws[40])
    assert not np.array_equal(draws[10][0], draws[10][1])
    with pytest.raises(ValueError, match="pool holds 20"):
        lm.label_draws(y, [50], draws=1)
    with pytest.raises(ValueError, match="non-empty"):
        lm.label_draws(y, [], draws=1)
    with pytest.raises(ValueError, match="both classes"):
        lm.label_draws(np.zeros(10, int), [4], draws=1)


def test_logistic_probe_matches_the_optimum_and_sparse_equals_dense():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 5))
    y = (x @ np.array([1.0, -2.0, 0.5, 0.0, 0.0]) + rng.normal(size=300) > 0).astype(float)
    w = lm._logistic_fit(x, y, 1.0)
    p = 1 / (1 + np.exp(-(x @ w[:-1] + w[-1])))
    gradient = np.append(x.T @ (p - y) + w[:-1], (p - y).sum())
    np.testing.assert_allclose(gradient, 0, atol=1e-5 * 300 * max(1.0, np.abs(w).max()))  # Newton's stopping rule
    rows = lm.SparseRows(np.arange(0, 1501, 5), np.tile(np.arange(5), 300), x.ravel(), 5)
    np.testing.assert_allclose(lm._logistic_fit(rows, y, 1.0), w, atol=1e-3)
    result = lm.probe_accuracy(x[:200], y[:200], x[200:], y[200:])
    assert result["accuracy"] > 0.8 and result["l2"] in lm.L2_GRID
    with pytest.raises(ValueError, match="both classes"):
        lm.probe_accuracy(x[:10], np.zeros(10), x, y)
    with pytest.raises(ValueError, match="y_test"):
        lm.probe_accuracy(x[:200], y[:200], x[200:], y[:5])
    with pytest.raises(ValueError, match="folds"):
        lm.probe_accuracy(x[:4], np.array([0.0, 1.0, 0.0, 1.0]), x, y)  # 5 folds need at least 5 training rows
    assert lm.probe_accuracy(x[:4], np.array([0.0, 1.0, 0.0, 1.0]), x, y, l2=1.0)["l2"] == 1.0  # no folds needed


def test_probe_chooses_its_strength_by_five_fold_cross_validation():
    rng = np.random.default_rng(2)  # a draw where 3 folds (the old default) choose another strength than 5
    x = rng.normal(size=(400, 20))
    y = (x[:, 0] + rng.normal(size=400) > 0).astype(float)
    grid = sorted(lm.L2_GRID, reverse=True)
    standardised = (x[:100] - x[:100].mean(0)) / (x[:100].std(0) + 1e-8)
    five, three = (lm._cross_validate(standardised, y[:100], grid, folds, 0) for folds in (5, 3))
    assert five != three
    assert lm.probe_accuracy(x[:100], y[:100], x[100:], y[100:])["l2"] == five


def test_tfidf_matches_the_textbook_formula():
    bags = lm.ngram_bags([np.array([2, 3, 2]), np.array([3, 4])], vocab_size=5)
    assert bags.shape[0] == 2
    train, test = lm.tfidf(bags, lm.ngram_bags([np.array([2, 9 % 5])], vocab_size=5), min_df=1)
    # document 0 holds unigrams 2 (twice), 3 and bigrams (2,3), (3,2): idf = ln(3/2) + 1 for terms in one document
    idf_one, idf_both = np.log(3 / 2) + 1, 1.0
    raw = np.array([2 * idf_one, idf_both, idf_one, idf_one])
    np.testing.assert_allclose(np.sort(train.data[: train.indptr[1]]), np.sort(raw / np.linalg.norm(raw)))
    assert test.shape[1] == train.shape[1]  # test rows keep only n-grams seen in training
    with pytest.raises(ValueError, match="token_lists"):
        lm.ngram_bags([np.array([7])], vocab_size=5)


def test_kv_cache_stores_and_stops_at_the_context():
    cache = lm.KVCache(n_layers=2, heads=1, context=3, key_dim=3)
    keys, values = cache.store(0, np.ones((1, 2, 3)), np.full((1, 2, 3), 2.0))  # a prompt of 2 positions
    assert keys.shape == (1, 2, 3) and values[0, 1, 0] == 2.0
    cache.advance(2)
    keys, _ = cache.store(1, np.zeros((1, 1, 3)), np.zeros((1, 1, 3)))
    assert keys.shape == (1, 3, 3)
    cache.advance()
    with pytest.raises(ValueError, match="3 positions"):
        cache.store(1, np.ones((1, 1, 3)), np.ones((1, 1, 3)))
    with pytest.raises(ValueError, match="shape"):
        lm.KVCache(1, 1, 4, 3).store(0, np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match="layer"):
        lm.KVCache(1, 1, 4, 3).store(1, np.ones((1, 1, 3)), np.ones((1, 1, 3)))


def test_prices():
    assert lm.cost_per_million_tokens(1e6 / 3600, 2.0) == pytest.approx(2.0)
    assert lm.scaled_tokens_per_second(1.4e10, 7e9) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="price_per_hour"):
        lm.cost_per_million_tokens(100.0, 0.0)
    with pytest.raises(ValueError, match="price_per_hour"):
        lm.cost_per_million_tokens(100.0, -1.0)
