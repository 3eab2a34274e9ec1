#!/usr/bin/env python3
"""Measure the Setup cell's start-up: the "Ready in" it prints, the whole cell, and TensorFlow's import after it.

    COURSE_DATA_DIR=.cache/datasets python scripts/measure_startup.py [--runs 7] [--root PATH]

Each run is a fresh Python process started in the course's notebooks/ folder (as a learner's kernel is) that
executes the Setup cell exactly as stored, then `import tensorflow, keras` (what notebooks 03-10 do next).
Medians over the runs are printed with the load average before and after, and written to
outputs/measure_startup.json. `--root` measures another checkout (e.g. an older commit) the same way, so a
before/after pair comes from one machine. Times depend on the machine and its load: compare runs made together.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from utils.course import outputs_dir  # noqa: E402

CHILD = """
import json, resource, time
start = time.perf_counter()
exec(compile(SOURCE, "<setup cell>", "exec"))
cell = time.perf_counter() - start
import tensorflow, keras
imports = time.perf_counter() - start - cell
usage = resource.getrusage(resource.RUSAGE_SELF)
print("MEASURED", json.dumps({"cell_s": cell, "tf_keras_import_s": imports, "cpu_s": usage.ru_utime + usage.ru_stime}))
"""


def setup_source(root: Path) -> str:
    """Return the Setup cell of the checkout at root (from its utils.course, in a separate process)."""
    code = "import sys; sys.path.insert(0, sys.argv[1]); from utils.course import setup_cell_source as s; print(s())"
    result = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=True)
    return result.stdout.rstrip("\n")


def measure_once(root: Path, source: str) -> dict[str, float]:
    """Run the Setup cell and the TensorFlow import in a fresh interpreter; return the seconds measured."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COURSE_ROOT")}
    code = f"SOURCE = {source!r}\n{CHILD}"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root / "notebooks", env=env, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        raise SystemExit(f"the Setup cell failed:\n{result.stderr}")
    ready = re.search(r"Ready in\s+([0-9.]+) s", result.stdout)
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("MEASURED "))
    figures = json.loads(line.removeprefix("MEASURED "))
    figures["ready_in_s"] = float(ready.group(1)) if ready else float("nan")
    figures["stderr_chars"] = len(result.stderr.strip())
    return figures


def main() -> None:
    """Print and save the medians over the runs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes to time (median reported)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the course checkout to measure")
    args = parser.parse_args()
    if args.runs < 1:
        raise SystemExit("--runs must be at least 1")
    root = args.root.resolve()
    if not (root / "utils" / "course.py").is_file():
        raise SystemExit(f"--root {root} is not a course checkout (no utils/course.py)")
    source = setup_source(root)
    load_before = os.getloadavg()[0]
    measure_once(root, source)  # warm the file cache once, untimed
    runs = [measure_once(root, source) for _ in range(args.runs)]
    report: dict[str, object] = {
        "root": str(root),
        "runs": args.runs,
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
    }
    for key in ("ready_in_s", "cell_s", "tf_keras_import_s", "cpu_s"):
        values = [run[key] for run in runs]
        report[f"{key}_median"] = round(statistics.median(values), 2)
        report[f"{key}_min"] = round(min(values), 2)
    report["stderr_chars_max"] = max(run["stderr_chars"] for run in runs)
    for key, value in report.items():
        print(f"{key:>26}: {value}")
    path = outputs_dir() / "measure_startup.json"
    path.write_text(json.dumps(report, indent=2))
    print("written to", path)


if __name__ == "__main__":
    main()
