"""Tests of show_source."""

from utils.lessons.gradient_descent import helpers as gd
from utils.source import show_source


def test_show_source_returns_markdown_with_code():
    md = show_source(gd.mse)
    assert md.data.startswith("```python\ndef mse(")


def test_show_source_says_why_it_cannot_show_something():
    import functools

    import numpy as np
    import pytest

    square = lambda x: x * x  # noqa: E731 - the point of the test
    for bad, match in [
        (square, "lambda"),
        (len, "built into Python"),
        (np.float64, "compiled"),
        (functools.partial(gd.mse, [1.0]), "functools.partial"),
        (3, "must be a function or class"),
    ]:
        with pytest.raises((ValueError, TypeError), match=match):
            show_source(bad)
    with pytest.raises(ValueError, match="functions is empty"):
        show_source()
    with pytest.raises(TypeError, match=r"functions\[1\]"):
        show_source(gd.mse, "gd.mse")


def test_show_source_shows_classes_and_methods():
    from utils.results import Recorder

    assert "class Recorder" in show_source(Recorder).data
    assert "def record(" in show_source(Recorder.record).data
