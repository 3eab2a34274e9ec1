#!/usr/bin/env python3
"""Measure notebook 09 (language models): run it whole with nbclient and report its figures.

    COURSE_DATA_DIR=.cache/datasets python scripts/measure_language_models.py [--profile full|quick]

The notebook runs top to bottom in a fresh kernel under COURSE_PROFILE (default: full). The script prints the
total wall time, the slowest cells, the load average before and after (on a shared machine timings are inflated;
the kernel's CPU seconds then bound what a quiet 2-core machine would take), and the figures recorded in
outputs/results/09_language_models.json, checks them against the acceptance bars of issue #23 and writes
everything to outputs/measure_language_models.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource

from measuring import ROOT, execute_notebook_timed, load_average, save_report

from utils.course import outputs_dir

NOTEBOOK = ROOT / "notebooks" / "09_language_models.ipynb"
TIME_LIMIT_S = {"quick": 75, "full": 720}  # on 2 quiet cores (issue #23)


def acceptance(value: dict, profile: str) -> dict[str, bool]:
    """The issue's acceptance bars that the recorded figures can show (the notebook asserts them as well)."""
    checks = {}
    if {"gpt_val_perplexity", "unigram_val_perplexity"} <= set(value):
        checks["gpt beats unigram"] = value["gpt_val_perplexity"] < value["unigram_val_perplexity"]
    pretrained = sorted(int(k.rsplit("_", 1)[1]) for k in value if k.startswith("pretrained_accuracy_at_"))
    if pretrained:
        smallest = pretrained[0]
        gap = value[f"pretrained_accuracy_at_{smallest}"] - value[f"scratch_accuracy_at_{smallest}"]
        checks[f"pretrained beats random weights at {smallest} labels"] = gap > 0
    if profile == "full":
        for n in (100, 300):
            if f"pretrained_accuracy_at_{n}" in value:
                gap = value[f"pretrained_accuracy_at_{n}"] - value[f"scratch_accuracy_at_{n}"]
                checks[f"pretrained >= random weights + 5 points at {n} labels"] = gap >= 0.05
        checks["label_exchange_rate >= 3"] = value.get("label_exchange_rate", 0.0) >= 3.0
        checks["frontier_r2 >= 0.95"] = value.get("frontier_r2", 0.0) >= 0.95
        checks["optimal_size_exponent recorded"] = "optimal_size_exponent" in value
    return checks


def main() -> None:
    """Run, print and save the measurements."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="full", choices=("full", "quick"))
    args = parser.parse_args()
    results_file = outputs_dir() / "results" / "09_language_models.json"
    results_file.unlink(missing_ok=True)
    load_before = load_average()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    total, cells, errors = execute_notebook_timed(NOTEBOOK, args.profile, "measure_language_models")
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    kernel_cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    recorded = json.loads(results_file.read_text())["figures"] if results_file.is_file() else {}
    value = {name: entry["value"] for name, entry in recorded.items()}
    checks = {f"notebook_total_s <= {TIME_LIMIT_S[args.profile]}": total <= TIME_LIMIT_S[args.profile]}
    checks.update(acceptance(value, args.profile))
    report = {
        "profile": args.profile,
        "cpu_count": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "notebook_total_s": round(total, 1),
        "kernel_cpu_s": round(kernel_cpu, 1),  # CPU seconds of the (finished) kernel: on a busy machine a quiet
        # 2-core run takes between half of this and all of it
        "slowest_cells_s": {f"cell {i}: {f}": round(s, 1) for i, s, f in sorted(cells, key=lambda c: -c[1])[:8]},
        "figures": value,
        "checks": checks,
        "errors": errors,
    }
    save_report(report, "measure_language_models")
    if errors or not all(checks.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
