import numpy as np
import pytest

from utils.lessons.language_models import exercises as checks
from utils.lessons.language_models import helpers as lm
from utils.lessons.language_models import solutions


def _softmax(s, axis=-1):
    e = np.exp(s - s.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _attention(q, k, v, mask, scale="sqrt", axis=-1, masked_value=-1e9, flip=False):
    d = q.shape[-1]
    s = q @ k.T
    s = s / {"sqrt": np.sqrt(d), "d": d, "none": 1}[scale]
    if mask is not None:
        s = np.where(mask.T if flip else mask, s, masked_value)
    return _softmax(s, axis) @ v


def test_reference_solutions_pass():
    assert checks.check_causal_mask(solutions.causal_mask).passed
    assert checks.check_scaled_dot_product_attention(solutions.scaled_dot_product_attention).passed
    assert checks.check_perplexity(solutions.perplexity).passed
    assert checks.check_block_params(solutions.block_params).passed


def test_legitimate_variants_pass():
    assert checks.check_causal_mask(lambda n: np.arange(n)[None, :] <= np.arange(n)[:, None]).passed
    assert checks.check_scaled_dot_product_attention(
        lambda q, k, v, m: _attention(q, k, v, m, masked_value=-np.inf)
    ).passed
    assert checks.check_perplexity(lambda x: 2 ** (x / np.log(2))).passed
    assert checks.check_block_params(lambda d, f: 4 * (d * d + d) + (d * f + f) + (f * d + d) + 4 * d).passed


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda n: np.tril(np.ones((n, n), dtype=bool), -1), "diagonal"),
        (lambda n: np.triu(np.ones((n, n), dtype=bool)), "transpose"),
        (lambda n: ~np.tril(np.ones((n, n), dtype=bool)), "swapped"),
        (lambda n: np.tril(np.ones((n, n))), "boolean"),
        (lambda n: np.tril(np.ones((n + 1, n + 1), dtype=bool)), "shape"),
        (lambda n: np.ones((n, n), dtype=bool), "wrong"),
    ],
)
def test_causal_mask_wrong_answers(wrong, words):
    feedback = checks.check_causal_mask(wrong)
    assert feedback.status == "failed" and words in feedback.message


@pytest.mark.parametrize(
    "wrong",
    [
        lambda q, k, v, m: _attention(q, k, v, m, scale="d"),
        lambda q, k, v, m: _attention(q, k, v, m, scale="none"),
        lambda q, k, v, m: _attention(q, k, v, m, axis=0),
        lambda q, k, v, m: _attention(q, k, v, m, flip=True),
        lambda q, k, v, m: _attention(q, k, v, m, masked_value=0.0),
        lambda q, k, v, m: _attention(q, k, v, None),
    ],
)
def test_attention_wrong_answers(wrong):
    assert checks.check_scaled_dot_product_attention(wrong).status == "failed"


@pytest.mark.parametrize(
    "wrong",
    [
        lambda x: 2**x,
        lambda x: np.exp(x * 100),
        lambda x: x,
        lambda x: np.exp(-x),
        lambda x: 10**x,
        lambda x: np.log(x + 1),
    ],
)
def test_perplexity_wrong_answers(wrong):
    assert checks.check_perplexity(wrong).status == "failed"


@pytest.mark.parametrize(
    "wrong",
    [
        lambda d, f: 12 * d * d,
        lambda d, f: 4 * d * d + 2 * d * f,
        lambda d, f: 4 * d * d + 2 * d * f + 4 * d + f + d,
        lambda d, f: 4 * d * d + 2 * d * f + 4 * d,
        lambda d, f: 3 * d * d + 2 * d * f + 3 * d + f + d + 4 * d,
        lambda d, f: lm.block_params(d, f) + 2 * d,
        lambda d, f: float(lm.block_params(d, f)) * 1.01,
    ],
)
def test_block_params_wrong_answers(wrong):
    assert checks.check_block_params(wrong).status == "failed"


def test_exceptions_become_feedback():
    feedback = checks.check_perplexity(lambda x: 1 / 0)
    assert feedback.status == "failed" and "ZeroDivisionError" in feedback.message
