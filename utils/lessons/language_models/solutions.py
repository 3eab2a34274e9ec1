"""Reference solutions for notebook 09 (language models): the canonical helpers themselves."""

from __future__ import annotations

from utils.lessons.language_models.helpers import block_params, causal_mask, perplexity, scaled_dot_product_attention

__all__ = ["block_params", "causal_mask", "perplexity", "scaled_dot_product_attention"]
