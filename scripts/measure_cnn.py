#!/usr/bin/env python3
"""Measure notebook 06 (CNN lab): run it top to bottom and report times and accuracies.

  python scripts/measure_cnn.py                 # full profile (the learner's run), ~25-30 min on 2 cores
  python scripts/measure_cnn.py --profile quick # the CI profile

The notebook runs in a fresh kernel through nbclient. For every cell the script records the wall time
and the CPU time the kernel used, so that a run on a busy, shared machine can still be read: on an
otherwise idle 2-core machine a cell takes about max(wall, CPU / 2) seconds, and CPU / 2 is printed as
that estimate (a lower bound: memory contention from other processes also inflates CPU time a little).
The accuracies come from the notebook's own results file (outputs/results/06_cnn_lab.json). Everything
is printed and written to outputs/measure_cnn.json (or --out); the executed notebook, with all its
figures, is kept as outputs/06_cnn_lab.<profile>.executed.ipynb.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NOTEBOOK = ROOT / "notebooks" / "06_cnn_lab.ipynb"
TRAINING_CELLS = {  # a marker in the cell's source -> the name reported
    "mnist_model.fit(": "MNIST, article 003's CNN",
    "best_mnist.fit(": "MNIST, stronger model",
    "article_cifar.fit(": "CIFAR-10, article 001's CNN",
    "better.fit(": "CIFAR-10, better model",
}


def kernel_cpu_seconds(client) -> float | None:
    """Return the user + system CPU seconds used so far by the kernel process (and its threads)."""
    try:
        import psutil

        pid = client.km.provisioner.pid if getattr(client.km, "provisioner", None) else None
        if pid is None:
            return None
        times = psutil.Process(pid).cpu_times()
        return times.user + times.system
    except Exception:  # psutil missing, kernel gone, or another platform: report wall time only
        return None


def run(profile: str, timeout: int) -> dict:
    """Execute the notebook once and return the per-cell and headline figures."""
    from nbclient import NotebookClient

    os.environ["COURSE_PROFILE"] = profile
    os.environ.setdefault("COURSE_DATA_DIR", str(ROOT / ".cache" / "datasets"))
    results_file = ROOT / "outputs" / "results" / "06_cnn_lab.json"
    if results_file.exists():
        results_file.unlink()  # figures must come from this run
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cells: list[dict] = []
    state: dict = {}

    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )

    def on_start(cell, cell_index, **_):
        state.update(wall=time.perf_counter(), cpu=kernel_cpu_seconds(client))

    def on_complete(cell, cell_index, **_):
        wall = time.perf_counter() - state["wall"]
        cpu_now = kernel_cpu_seconds(client)
        cpu = None if cpu_now is None or state["cpu"] is None else cpu_now - state["cpu"]
        name = next((label for marker, label in TRAINING_CELLS.items() if marker in cell.source), None)
        cells.append(
            {
                "index": cell_index,
                "wall_s": round(wall, 2),
                "cpu_s": None if cpu is None else round(cpu, 2),
                "training": name,
                "first_line": cell.source.splitlines()[0][:70] if cell.source else "",
            }
        )
        if name or wall > 20:
            extra = "" if cpu is None else f", CPU {cpu:.0f} s (~{cpu / 2:.0f} s on 2 idle cores)"
            print(f"  cell {cell_index:>3}: {wall:7.1f} s wall{extra}  {name or cells[-1]['first_line']}", flush=True)

    client.on_cell_execute = on_start
    client.on_cell_executed = on_complete
    load_before = os.getloadavg()
    start = time.perf_counter()
    client.execute()
    total = time.perf_counter() - start
    load_after = os.getloadavg()
    executed = ROOT / "outputs" / f"06_cnn_lab.{profile}.executed.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, executed)  # with all outputs, to look at the figures of this run
    figures = json.loads(results_file.read_text())["figures"] if results_file.exists() else {}
    cpu_total = sum(c["cpu_s"] or 0 for c in cells)
    return {
        "profile": profile,
        "notebook_wall_s": round(total, 1),
        "notebook_cpu_s": round(cpu_total, 1),
        "notebook_estimate_idle_2core_s": round(max(cpu_total / 2, 0), 1),
        "cpu_count": os.cpu_count(),
        "loadavg_before": load_before,
        "loadavg_after": load_after,
        "training": {c["training"]: {k: c[k] for k in ("wall_s", "cpu_s")} for c in cells if c["training"]},
        "figures": {
            k: {"value": v["value"], "unit": v["unit"], "reference": v["reference"]} for k, v in figures.items()
        },
        "cells": cells,
    }


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=("full", "quick"), default="full")
    parser.add_argument("--timeout", type=int, default=3600, help="per-cell timeout in seconds")
    parser.add_argument("--out", type=Path, default=ROOT / "outputs" / "measure_cnn.json")
    args = parser.parse_args()
    print(
        f"running {NOTEBOOK.name} with COURSE_PROFILE={args.profile} "
        f"(load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs)",
        flush=True,
    )
    report = run(args.profile, args.timeout)
    print(
        f"\nwhole notebook: {report['notebook_wall_s'] / 60:.1f} min wall, kernel CPU "
        f"{report['notebook_cpu_s'] / 60:.1f} min (~{report['notebook_estimate_idle_2core_s'] / 60:.1f} min "
        f"on 2 idle cores); load average {report['loadavg_before'][0]:.2f} before, "
        f"{report['loadavg_after'][0]:.2f} after"
    )
    for name, t in report["training"].items():
        cpu = "" if t["cpu_s"] is None else f", CPU {t['cpu_s']:.0f} s (~{t['cpu_s'] / 2:.0f} s on 2 idle cores)"
        print(f"  training {name:<30} {t['wall_s']:7.1f} s wall{cpu}")
    for name, fig in report["figures"].items():
        ref = "" if fig["reference"] is None else f"  (reference {fig['reference']:.4g})"
        print(f"  {name:<42} {fig['value']:.4f} {fig['unit']}{ref}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
