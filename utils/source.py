"""Show a function's source in a notebook, so that code kept in utils can still be read where it is used."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any


def _source(fn: Any, name: str) -> str:
    """Return the source of one function or class, or raise a ValueError/TypeError saying why it has none."""
    if isinstance(fn, functools.partial):
        raise TypeError(f"{name} is a functools.partial; show the function it wraps instead ({name}.func).")
    if not callable(fn):
        raise TypeError(f"{name} must be a function or class, got {type(fn).__name__} {fn!r:.40}.")
    if inspect.isbuiltin(fn) or (inspect.isroutine(fn) and not inspect.isfunction(inspect.unwrap(fn))):
        if not inspect.ismethod(fn):
            raise ValueError(
                f"{name}: {getattr(fn, '__name__', fn)!r} is built into Python or a compiled library "
                "(written in C), so there is no Python source to show."
            )
    if not (inspect.isfunction(inspect.unwrap(fn)) or inspect.ismethod(fn) or inspect.isclass(fn)):
        raise TypeError(f"{name} must be a function or class, got an instance of {type(fn).__name__}.")
    if getattr(fn, "__name__", "") == "<lambda>":
        raise ValueError(f"{name} is a lambda: it has no name and shares its line with other code; define it with def.")
    try:
        return inspect.getsource(fn).rstrip()
    except (OSError, TypeError):
        code = getattr(inspect.unwrap(fn), "__code__", None)
        why = (
            "it was defined with exec or at an interactive prompt, which keep no source"
            if code is not None
            else "it is compiled (written in C), so there is no Python source to show"
        )
        raise ValueError(f"{name}: the source of {getattr(fn, '__qualname__', fn)!r} cannot be shown: {why}.") from None


def show_source(*functions: Callable[..., Any]) -> Any:
    """Return the source of the given functions as a Markdown code block (what a notebook cell shows)."""
    from IPython.display import Markdown

    if not functions:
        raise ValueError("functions is empty: give at least one function whose source to show.")
    parts = [_source(fn, f"functions[{i}]") for i, fn in enumerate(functions)]
    return Markdown("```python\n" + "\n\n".join(parts) + "\n```")
