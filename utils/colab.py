"""What the Setup cell installs in Colab: only packages Colab lacks, never TensorFlow."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Sequence

# (import name, pip requirement). Colab ships TensorFlow, Keras, NumPy, Matplotlib,
# Pillow and ipywidgets; anything listed here is installed only if it is missing.
COLAB_NEEDS: tuple[tuple[str, str], ...] = (
    ("ipywidgets", "ipywidgets==8.1.9"),
    ("PIL", "pillow==13.0.0"),
)
PIP_TIMEOUT_S = 600  # a slow mirror still finishes; a dead network fails long before


def _needs(needs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return needs as a list of (module, requirement) pairs of non-empty strings, else raise naming it."""
    if isinstance(needs, (str, bytes, dict)) or not isinstance(needs, Sequence):
        raise TypeError(f"needs must be a list of (import name, pip requirement) pairs, got {type(needs).__name__}.")
    checked = []
    for i, pair in enumerate(needs):
        if (
            not isinstance(pair, (tuple, list))
            or len(pair) != 2
            or not all(isinstance(part, str) and part.strip() for part in pair)
        ):
            raise ValueError(f"needs[{i}] must be an (import name, pip requirement) pair of strings, got {pair!r:.60}.")
        module = pair[0].strip()
        if not all(part.isidentifier() for part in module.split(".")):
            raise ValueError(f"needs[{i}]: {module!r} is not an importable module name.")
        checked.append((module, pair[1].strip()))
    return checked


def missing_packages(needs: Sequence[tuple[str, str]] = COLAB_NEEDS) -> list[str]:
    """Return the pip requirements whose modules cannot be imported here."""
    return [req for module, req in _needs(needs) if importlib.util.find_spec(module) is None]


def install_missing(needs: Sequence[tuple[str, str]] = COLAB_NEEDS) -> list[str]:
    """Pip-install the missing requirements (never TensorFlow) and return what was installed.

    A failed install (no network, a package index that cannot be reached) raises RuntimeError with one message
    naming the packages and what to do.
    """
    todo = missing_packages(needs)
    if any(req.split("=")[0].strip().lower().startswith("tensorflow") for req in todo):
        raise ValueError("Refusing to install TensorFlow: Colab provides its own build.")
    if not todo:
        print("Colab: every package the course needs is already installed.")
        return todo
    command = [sys.executable, "-m", "pip", "install", "-q", *todo]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=PIP_TIMEOUT_S)
        failure = None if result.returncode == 0 else _last_line(result.stderr or result.stdout)
    except subprocess.TimeoutExpired:
        failure = f"pip did not finish within {PIP_TIMEOUT_S} s"
    except OSError as err:
        failure = f"pip could not start ({err})"
    if failure is not None:
        raise RuntimeError(
            f"Could not install {', '.join(todo)} for the course ({failure}). Check that this runtime has internet "
            f"access, then rerun the Setup cell; or install it yourself with `!pip install {' '.join(todo)}` "
            "in a new cell, and rerun the Setup cell."
        )
    print("Installed for Colab:", ", ".join(todo))
    return todo


def _last_line(text: str) -> str:
    """Return the last non-empty line of pip's output (its error), shortened."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines[-1] if lines else "no message from pip")[:300]
