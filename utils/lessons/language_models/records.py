"""The figures notebook 09 records: what each is and what it compares to (read by Recorder.record)."""

from __future__ import annotations

from utils.results import FigureInfo

_PROBE = "logistic-regression probe (L2 by 5-fold cross-validation on each draw), mean of the label draws"
LABEL_COUNTS = (50, 100, 150, 300, 400, 1000, 3000)  # every label count of the quick and full profiles

FIGURES: dict[str, FigureInfo] = {
    "unigram_val_perplexity": FigureInfo(
        "perplexity",
        higher_is_better=False,
        split="validation",
        note="word frequencies of the pretraining text, add-one smoothing",
    ),
    "bigram_val_perplexity": FigureInfo(
        "perplexity",
        higher_is_better=False,
        split="validation",
        note="previous-word counts interpolated with the unigram (Jelinek-Mercer)",
    ),
    "gpt_val_perplexity": FigureInfo(
        "perplexity",
        higher_is_better=False,
        split="validation",
        reference_label="bigram counts",
        note="word-level GPT pretrained on IMDB training-split text",
    ),
    "gpt_mfu": FigureInfo(
        "fraction", note="training FLOPs (output layer included) per second over a measured 2048 x 2048 matmul rate"
    ),
    **{
        f"pretrained_accuracy_at_{n}": FigureInfo(
            "accuracy", split="test", note="pretrained GPT's mean-pooled hidden states; " + _PROBE
        )
        for n in LABEL_COUNTS
    },
    **{
        f"scratch_accuracy_at_{n}": FigureInfo(
            "accuracy", split="test", note="the same GPT at its initial random weights; " + _PROBE
        )
        for n in LABEL_COUNTS
    },
    **{
        f"bigrams_accuracy_at_{n}": FigureInfo(
            "accuracy", split="test", note="TF-IDF of words and word pairs; " + _PROBE
        )
        for n in LABEL_COUNTS
    },
    "label_exchange_rate": FigureInfo(
        "x",
        note="labels the random-weights arm needs to match the pretrained one at the smallest count, over that "
        "count (the largest count over the smallest, a lower bound, when it never gets there)",
    ),
    "frontier_alpha": FigureInfo(
        "exponent",
        reference=0.050,
        reference_label="Kaplan et al. 2020, L(C_min)",
        source="arXiv:2001.08361, section 1.2, eq. 1.3",
        note="power law of the lower envelope of validation loss against C = 6 N D",
    ),
    "frontier_r2": FigureInfo("R²", note="log-log least squares of the envelope"),
    "optimal_size_exponent": FigureInfo(
        "exponent",
        reference=0.50,
        reference_label="Hoffmann et al. 2022, a (approach 1)",
        source="arXiv:2203.15556, Table 2",
        note="N_opt ∝ C^a fitted to the crossovers of consecutive sizes",
    ),
    "kv_cache_speedup": FigureInfo("x", note="greedy tokens per second with / without the cache, longest generation"),
    "generation_tokens_per_second": FigureInfo("tokens/s", note="greedy decoding in NumPy with a key-value cache"),
    "cost_per_million_tokens_cpu": FigureInfo(
        "USD",
        higher_is_better=False,
        note="at US$0.085/h (AWS c5.large on-demand, notebook 10's assumption), 100% busy",
    ),
}
