#!/usr/bin/env python3
"""Time the notebooks part of the test command: nbval over every notebook CI runs, per notebook and in total.

  python scripts/measure_quick_run.py [--profile quick|full] [--serial]

Runs `python -m pytest -n 2 --nbval-lax notebooks` (the notebooks half of the README's test command, which
collects the English notebooks plus the Chinese 00 and 05, see notebooks/zh/conftest.py; two workers, each
running whole notebooks) with a JUnit XML report, then sums the cell times per notebook (with two workers
side by side a notebook's own time is longer than alone; the wall time is what a run costs). `--serial`
runs one notebook at a time instead. Acceptance (issues 14 and 15): the quick notebooks run
in <= 5 min on 2 cores. The report goes to outputs/measure_quick_run_<profile>.json.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict

from measuring import ROOT, load_average, profile_from_command_line, save_report


def main() -> None:
    """Command-line entry point."""
    serial = "--serial" in sys.argv[1:]
    if serial:
        sys.argv.remove("--serial")
    profile_name = profile_from_command_line(__doc__, default="quick")
    from utils.course import outputs_dir

    junit = outputs_dir() / f"measure_quick_run_{profile_name}.xml"
    junit.unlink(missing_ok=True)  # never read an earlier run's report when this one fails to start
    load_before = load_average()
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *([] if serial else ["-n", "2"]), "--nbval-lax", "notebooks"]
        + [f"--junitxml={junit}"],
        cwd=ROOT,
        env={**os.environ, "COURSE_PROFILE": profile_name},
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    per_notebook: dict[str, float] = defaultdict(float)
    failures = []
    cases = ET.parse(junit).getroot().iter("testcase") if junit.exists() else []
    for case in cases:
        notebook = case.get("classname", "").replace(".", "/") or case.get("file", "")
        per_notebook[notebook] += float(case.get("time", 0.0))
        if case.find("failure") is not None or case.find("error") is not None:
            failures.append(f"{notebook}::{case.get('name')}")
    report = {
        "profile": profile_name,
        "cores": os.cpu_count(),
        "workers": 1 if serial else 2,
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "pytest_exit_code": result.returncode,
        "wall_seconds": round(wall, 1),
        "notebook_seconds": {name: round(seconds, 1) for name, seconds in sorted(per_notebook.items())},
        "failures": failures,
        "summary": result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-500:],
    }
    save_report(report, f"measure_quick_run_{profile_name}")


if __name__ == "__main__":
    main()
