#!/usr/bin/env python3
"""Measure notebook 08 (text classification lab): run it whole with nbclient and report its figures.

    COURSE_DATA_DIR=.cache/datasets python scripts/measure_text.py [--profile full|quick]

The notebook runs top to bottom in a fresh kernel under COURSE_PROFILE (default: full), exactly as a
learner would run it. The script prints the total wall time, the slowest cells, the load average
before and after (the machine may be shared: timings under load are inflated), and the figures the
notebook recorded in outputs/results/08_text_classification_lab.json, then checks them against the
acceptance targets of the lab and writes everything to outputs/measure_text.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from measuring import execute_notebook_timed  # noqa: E402

from utils.course import outputs_dir  # noqa: E402

NOTEBOOK = ROOT / "notebooks" / "08_text_classification_lab.ipynb"
# Acceptance targets of the full profile on a 2-core CPU.
TARGETS = {"embedding_test_accuracy": 0.87, "best_test_accuracy": 0.90}
GOAL_BEST = 0.905
TIME_LIMIT_S = 300


def main() -> None:
    """Run, print and save the measurements."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="full", choices=("full", "quick"))
    args = parser.parse_args()
    if not os.environ.get("COURSE_DATA_DIR"):
        print("note: COURSE_DATA_DIR is unset; IMDB comes from the Keras cache (or a download)")
    results_file = outputs_dir() / "results" / "08_text_classification_lab.json"
    results_file.unlink(missing_ok=True)
    load_before = os.getloadavg()
    total, cells, errors = execute_notebook_timed(NOTEBOOK, args.profile, "measure_text")
    load_after = os.getloadavg()
    recorded = json.loads(results_file.read_text())["figures"] if results_file.is_file() else {}
    report: dict[str, object] = {
        "profile": args.profile,
        "cpu_count": os.cpu_count(),
        "load_average_1_5_15_before": [round(x, 2) for x in load_before],
        "load_average_1_5_15_after": [round(x, 2) for x in load_after],
        "notebook_total_s": round(total, 1),
        "slowest_cells_s": {
            f"cell {i}: {first}": round(dt, 1) for i, dt, first in sorted(cells, key=lambda c: -c[1])[:8]
        },
        "figures": {name: entry["value"] for name, entry in recorded.items()},
        "errors": errors,
    }
    checks = {}
    if args.profile == "full":
        for name, target in TARGETS.items():
            value = recorded.get(name, {}).get("value")
            checks[f"{name} >= {target}"] = value is not None and value >= target
        best = recorded.get("best_test_accuracy", {}).get("value")
        checks[f"best_test_accuracy >= goal {GOAL_BEST}"] = best is not None and best >= GOAL_BEST
        checks[f"notebook_total_s <= {TIME_LIMIT_S}"] = total <= TIME_LIMIT_S
    report["checks"] = checks
    print(
        f"profile {args.profile}: notebook ran in {total:.1f} s on {os.cpu_count()} CPUs "
        f"(load average before {load_before[0]:.2f}, after {load_after[0]:.2f})"
    )
    print("slowest cells:")
    for label, seconds in report["slowest_cells_s"].items():
        print(f"  {seconds:7.1f} s  {label}")
    print("recorded figures:")
    for name, value in report["figures"].items():
        print(f"  {name:<34}{value:.4g}")
    for label, ok in checks.items():
        print(f"  {'PASS' if ok else 'FAIL'}  {label}")
    for error in errors:
        print("ERROR", error)
    path = outputs_dir() / "measure_text.json"
    path.write_text(json.dumps(report, indent=2))
    print("written to", path)
    if errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
