"""Notebook 09's figure table: every name the notebook and the issue's acceptance list record is in it, with a unit."""

from utils.lessons.language_models.records import FIGURES, LABEL_COUNTS
from utils.profile import PROFILES, profile
from utils.results import FigureInfo

ACCEPTANCE = (
    "gpt_val_perplexity",
    "bigram_val_perplexity",
    "unigram_val_perplexity",
    "gpt_mfu",
    "label_exchange_rate",
    "frontier_alpha",
    "frontier_r2",
    "optimal_size_exponent",
    "kv_cache_speedup",
    "generation_tokens_per_second",
    "cost_per_million_tokens_cpu",
)


def test_every_acceptance_figure_is_in_the_table():
    assert set(ACCEPTANCE) <= set(FIGURES)
    assert all(isinstance(info, FigureInfo) and info.unit for info in FIGURES.values())


def test_every_label_count_of_every_profile_has_its_three_arms():
    counts = {n for name in PROFILES for n in profile(name).lm.label_counts}
    assert counts <= set(LABEL_COUNTS)
    for n in counts:
        for arm in ("pretrained", "scratch", "bigrams"):
            assert FIGURES[f"{arm}_accuracy_at_{n}"].split == "test"


def test_retired_names_are_gone():
    retired = ("finetuned_test_accuracy", "scratch_test_accuracy", "bigrams_few_labels_test_accuracy")
    assert not set(retired + ("scaling_exponent", "scaling_r2")) & set(FIGURES)
