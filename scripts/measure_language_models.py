#!/usr/bin/env python3
"""Measure notebook 09 (language models): run it whole with nbclient and report its figures.

    COURSE_DATA_DIR=.cache/datasets python scripts/measure_language_models.py [--profile full|quick]

The notebook runs top to bottom in a fresh kernel under COURSE_PROFILE (default: full). The script prints the
total wall time, the slowest cells, the load average before and after (on a shared machine timings are
inflated), and the figures recorded in outputs/results/09_language_models.json, checks them against the lab's
acceptance targets and writes everything to outputs/measure_language_models.json.
"""

from __future__ import annotations

import argparse
import json
import os

from measuring import ROOT, execute_notebook_timed, load_average, save_report

from utils.course import outputs_dir

NOTEBOOK = ROOT / "notebooks" / "09_language_models.ipynb"
TIME_LIMIT_S = {"quick": 90, "full": 900}  # on 2 cores


def main() -> None:
    """Run, print and save the measurements."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="full", choices=("full", "quick"))
    args = parser.parse_args()
    results_file = outputs_dir() / "results" / "09_language_models.json"
    results_file.unlink(missing_ok=True)
    load_before = load_average()
    total, cells, errors = execute_notebook_timed(NOTEBOOK, args.profile, "measure_language_models")
    recorded = json.loads(results_file.read_text())["figures"] if results_file.is_file() else {}
    value = {name: entry["value"] for name, entry in recorded.items()}
    checks = {f"notebook_total_s <= {TIME_LIMIT_S[args.profile]}": total <= TIME_LIMIT_S[args.profile]}
    if {"gpt_val_perplexity", "unigram_val_perplexity", "bigram_val_perplexity"} <= set(value):
        checks["gpt beats unigram"] = value["gpt_val_perplexity"] < value["unigram_val_perplexity"]
        if args.profile == "full":
            checks["gpt <= 0.85 x bigram"] = value["gpt_val_perplexity"] <= 0.85 * value["bigram_val_perplexity"]
    report = {
        "profile": args.profile,
        "cpu_count": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "notebook_total_s": round(total, 1),
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
