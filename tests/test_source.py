"""Tests of show_source."""

from utils.lessons.gradient_descent import helpers as gd
from utils.source import show_source


def test_show_source_returns_markdown_with_code():
    md = show_source(gd.mse)
    assert md.data.startswith("```python\ndef mse(")
