#!/usr/bin/env python3
"""Measure the foundation's figures: Setup-cell time, dataset load times (first and second), notebook 00.

    COURSE_DATA_DIR=.cache/datasets python scripts/measure_foundation.py

Each measurement runs in a fresh Python process (as a learner's kernel would); dataset loads use a
temporary, empty Keras cache so the first load includes extraction and preparation. Results are
printed and written to outputs/measure_foundation.json.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from utils.course import outputs_dir, setup_cell_source  # noqa: E402


def timed(code: str, env: dict[str, str], cwd: Path) -> tuple[float, str, str]:
    """Run code in a fresh interpreter; return (seconds, stdout, stderr)."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"measurement failed:\n{result.stderr}")
    return time.perf_counter() - start, result.stdout, result.stderr


def main() -> None:
    """Print and save the measurements."""
    if not os.environ.get("COURSE_DATA_DIR"):
        raise SystemExit("set COURSE_DATA_DIR to the dataset mirror first")
    figures: dict[str, float | str] = {"load_average": os.getloadavg()[0]}
    env = dict(os.environ)
    seconds, out, err = timed(setup_cell_source(), env, ROOT / "notebooks")
    figures["setup_cell_s"] = round(seconds, 2)
    figures["setup_cell_stderr_chars"] = len(err.strip())
    print(out)
    with tempfile.TemporaryDirectory() as home:
        env_cache = dict(env, KERAS_HOME=home)
        for name in ("mnist", "cifar10", "imdb"):
            code = (
                f"import time, utils.data as d; t = time.perf_counter(); d.load_{name}(); "
                "print(time.perf_counter() - t)"
            )
            for attempt in ("first", "second"):
                _, out, _ = timed(code, env_cache, ROOT)
                figures[f"load_{name}_{attempt}_s"] = round(float(out.strip()), 2)
    start = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "-q",
            "-p",
            "no:cacheprovider",
            "notebooks/00_welcome_and_setup.ipynb",
        ],
        cwd=ROOT,
        env=dict(env, COURSE_PROFILE="quick"),
        capture_output=True,
        text=True,
    )
    figures["notebook_00_nbval_s"] = round(time.perf_counter() - start, 1)
    figures["notebook_00_passed"] = str(result.returncode == 0)
    for key, value in figures.items():
        print(f"{key:>28}: {value}")
    path = outputs_dir() / "measure_foundation.json"
    path.write_text(json.dumps(figures, indent=2))
    print("written to", path)


if __name__ == "__main__":
    main()
