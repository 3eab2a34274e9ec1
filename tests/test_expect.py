"""Tests of utils.expect: failed expectations speak in words; good figures pass through; bad input is named."""

from __future__ import annotations

import math

import numpy as np
import pytest

from utils import expect


def test_at_least_passes_and_returns_the_value():
    assert expect.at_least(np.float32(0.91), 0.9, "test accuracy") == pytest.approx(0.91)


def test_at_least_failure_names_figure_bound_measurement_profile_and_reasons():
    with pytest.raises(expect.ExpectationFailed) as info:
        expect.at_least(0.874, 0.9, "The better CIFAR-10 model's test accuracy", profile_name="full")
    text = str(info.value)
    assert "The better CIFAR-10 model's test accuracy should be at least 0.9000 in the full profile" in text
    assert "measured 0.8740" in text
    assert "Likely reasons:" in text and "quick profile" in text
    assert isinstance(info.value, AssertionError)  # nbval and plain `assert` users still see a failure


def test_at_most_and_between():
    assert expect.at_most(3, 5, "perplexity") == 3
    with pytest.raises(expect.ExpectationFailed, match="at most 5.00 .* measured 6.00"):
        expect.at_most(6, 5, "perplexity", digits=2, profile_name="quick")
    assert expect.between(0.1, 0.08, 0.12, "class share") == pytest.approx(0.1)
    with pytest.raises(expect.ExpectationFailed, match="between 0.0800 and 0.1200"):
        expect.between(0.05, 0.08, 0.12, "class share")


def test_custom_reasons_and_holds():
    with pytest.raises(expect.ExpectationFailed, match="Likely reasons: too few steps."):
        expect.at_least(1, 2, "score", reasons=["too few steps"])
    with pytest.raises(expect.ExpectationFailed) as info:
        expect.at_least(1, 2, "score", reasons=[])
    assert "Likely reasons" not in str(info.value)
    expect.holds(True, "cached and plain generation to agree", "identical tokens")
    with pytest.raises(expect.ExpectationFailed, match="Expected cached .* measured 3 of 40 tokens differ"):
        expect.holds(False, "cached and plain generation to agree", "3 of 40 tokens differ")


def test_ipython_shows_the_message_without_a_traceback():
    error = expect.ExpectationFailed("accuracy should be at least 0.9")
    assert error._render_traceback_() == ["ExpectationFailed: accuracy should be at least 0.9"]


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: expect.at_least("high", 0.9, "x"), TypeError, "measured must be a number"),
        (lambda: expect.at_least(True, 0.9, "x"), TypeError, "measured must be a number"),
        (lambda: expect.at_least(math.nan, 0.9, "x"), ValueError, "measured must be finite"),
        (lambda: expect.at_least(1.0, None, "x"), TypeError, "floor must be a number"),
        (lambda: expect.at_most(1.0, math.inf, "x"), ValueError, "ceiling must be finite"),
        (lambda: expect.at_least(1.0, 0.5, ""), TypeError, "what must be a non-empty string"),
        (lambda: expect.between(1.0, 2.0, 1.0, "x"), ValueError, "low must not exceed high"),
        (lambda: expect.at_least(1.0, 0.5, "x", reasons="one string"), TypeError, "reasons must be a sequence"),
        (lambda: expect.holds(True, "x", ""), TypeError, "measured must be a non-empty string"),
    ],
)
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()
