"""Show a function's source in a notebook, so that code kept in utils can still be read where it is used."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any


def show_source(*functions: Callable[..., Any]) -> Any:
    """Return the source of the given functions as a Markdown code block (what a notebook cell shows)."""
    from IPython.display import Markdown

    if not functions:
        raise ValueError("give at least one function whose source to show.")
    parts = []
    for fn in functions:
        if not callable(fn):
            raise ValueError(f"expected a function, got {type(fn).__name__}.")
        parts.append(inspect.getsource(fn).rstrip())
    return Markdown("```python\n" + "\n\n".join(parts) + "\n```")
