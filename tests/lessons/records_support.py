"""Shared by the lessons' test_records.py: the figure names a notebook records."""

import ast
import re
from pathlib import Path

import nbformat


def recorded_names(notebook: Path) -> list[str]:
    """The first argument of every `recorder.record(...)` in the notebook (an f-string as a regex)."""
    nb = nbformat.read(notebook, as_version=4)
    names = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(ln for ln in cell.source.splitlines() if not ln.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "record" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant):
                    names.append(re.escape(first.value))
                elif isinstance(first, ast.JoinedStr):
                    names.append(
                        "".join(re.escape(v.value) if isinstance(v, ast.Constant) else ".+" for v in first.values)
                    )
    return names
