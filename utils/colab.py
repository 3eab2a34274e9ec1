"""What the Setup cell installs in Colab: only packages Colab lacks, never TensorFlow."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

# (import name, pip requirement). Colab ships TensorFlow, Keras, NumPy, Matplotlib,
# Pillow and ipywidgets; anything listed here is installed only if it is missing.
COLAB_NEEDS: tuple[tuple[str, str], ...] = (
    ("ipywidgets", "ipywidgets==8.1.9"),
    ("PIL", "pillow==13.0.0"),
)


def missing_packages(needs: tuple[tuple[str, str], ...] = COLAB_NEEDS) -> list[str]:
    """Return the pip requirements whose modules cannot be imported here."""
    return [req for module, req in needs if importlib.util.find_spec(module) is None]


def install_missing(needs: tuple[tuple[str, str], ...] = COLAB_NEEDS) -> list[str]:
    """Pip-install the missing requirements (never TensorFlow) and return what was installed."""
    todo = missing_packages(needs)
    if any(req.split("=")[0].strip().lower().startswith("tensorflow") for req in todo):
        raise ValueError("Refusing to install TensorFlow: Colab provides its own build.")
    if todo:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", *todo], check=True)
        print("Installed for Colab:", ", ".join(todo))
    else:
        print("Colab: every package the course needs is already installed.")
    return todo
