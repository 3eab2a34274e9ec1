#!/usr/bin/env python3
"""Run notebook 07 (GAN lab) top to bottom and report its figures and timings.

  COURSE_DATA_DIR=$PWD/.cache/datasets python scripts/measure_gan.py            # full profile
  COURSE_DATA_DIR=$PWD/.cache/datasets python scripts/measure_gan.py --profile quick

Executes notebooks/07_gan_lab.ipynb with nbclient in the chosen profile, times every cell, reads the
figures the notebook recorded (outputs/results/07_gan_lab.json), checks them against the issue's
acceptance targets, prints a report and writes it to outputs/measure_gan.json. The machine's load
average is reported next to the timings, because timings on a shared machine are inflated.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from utils.course import outputs_dir  # noqa: E402
from utils.results import Recorder  # noqa: E402

NOTEBOOK = ROOT / "notebooks" / "07_gan_lab.ipynb"

# Acceptance targets from the issue, per profile: (figure, test, threshold).
TARGETS = {
    "full": [
        ("is_dcgan", ">=", 9.3),
        ("class_share_min", ">=", 0.08),
        ("class_share_max", "<=", 0.12),
        ("judge_test_accuracy", ">=", 0.99),
        ("gan1d_mean_error", "<=", 0.25),
        ("gan1d_std_error", "<=", 0.25),
        ("dcgan_train_seconds", "<=", 600.0),
        ("notebook_seconds", "<=", 900.0),
    ],
    "quick": [
        ("is_dcgan", ">=", 5.0),
        ("gan1d_mean_error", "<=", 0.25),
        ("gan1d_std_error", "<=", 0.25),
        ("notebook_seconds", "<=", 120.0),
    ],
}


def load_average() -> list[float]:
    """Return the 1, 5 and 15 minute load averages (empty where the OS has none)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def run_notebook(profile: str, timeout: int) -> tuple[float, list[dict]]:
    """Execute the notebook; return total seconds and per-cell timings of the slow cells."""
    os.environ["COURSE_PROFILE"] = profile
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}
    )
    cells = []
    start = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            t0 = time.perf_counter()
            client.execute_cell(cell, index)
            cells.append(
                {
                    "cell": index,
                    "seconds": round(time.perf_counter() - t0, 1),
                    "first_line": cell.source.splitlines()[0][:70] if cell.source else "",
                }
            )
    total = time.perf_counter() - start
    out = outputs_dir() / f"measure_gan_{profile}.ipynb"
    nbformat.write(nb, out)
    return total, cells


def main() -> int:
    """Run, check, print and write the report; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", choices=("full", "quick"), default="full")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds allowed per cell")
    args = parser.parse_args()

    load_before = load_average()
    total, cells = run_notebook(args.profile, args.timeout)
    load_after = load_average()
    figures = Recorder("07_gan_lab", profile_name=args.profile).load()
    value = {name: entry["value"] for name, entry in figures.items()}
    value["notebook_seconds"] = total
    if "gan1d_mean" in value:
        value["gan1d_mean_error"] = abs(value["gan1d_mean"] - 4.0)
    if "gan1d_std" in value:
        value["gan1d_std_error"] = abs(value["gan1d_std"] - 1.25)
    checks = []
    for name, test, threshold in TARGETS[args.profile]:
        got = value.get(name)
        ok = got is not None and (got >= threshold if test == ">=" else got <= threshold)
        checks.append({"figure": name, "value": got, "target": f"{test} {threshold}", "ok": bool(ok)})
    report = {
        "profile": args.profile,
        "cpu_count": os.cpu_count(),
        "load_before": load_before,
        "load_after": load_after,
        "notebook_seconds": round(total, 1),
        "figures": value,
        "checks": checks,
        "slowest_cells": sorted(cells, key=lambda c: -c["seconds"])[:8],
    }
    path = outputs_dir() / "measure_gan.json"
    path.write_text(json.dumps(report, indent=2))

    print(
        f"notebook 07, profile {args.profile}: {total:.0f} s on {os.cpu_count()} CPUs "
        f"(load average before {load_before}, after {load_after})"
    )
    for name in sorted(value):
        print(f"  {name:<28} {value[name]:.4g}")
    print("acceptance:")
    for check in checks:
        shown = "missing" if check["value"] is None else f"{check['value']:.4g}"
        print(f"  {'PASS' if check['ok'] else 'FAIL'}  {check['figure']:<24} {shown:>10}  (target {check['target']})")
    print("slowest cells:")
    for cell in report["slowest_cells"]:
        print(f"  cell {cell['cell']:>3}: {cell['seconds']:>7.1f} s  {cell['first_line']}")
    print(f"written to {path}")
    return 0 if all(c["ok"] for c in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
