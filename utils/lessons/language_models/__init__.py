"""Notebook 09 (language models): tokenizer, count baselines, attention by hand, sampling, scaling fits."""
