#!/usr/bin/env python3
"""Time notebooks 04 and 05 end to end and collect what they measured.

  python scripts/measure_math.py [--profiles quick full]

Each notebook runs top to bottom in a fresh kernel (nbclient), once per profile. The script prints
the wall time per notebook and in total, the machine's load average before and after (timings on a
shared machine are inflated), and the figures the notebooks recorded in outputs/results/, and writes
everything to outputs/measure_math.json. The two notebooks read no profile sizes, so both profiles
run the same cells; the quick budget is 60 s for the two together on 2 CPU cores.
"""

from __future__ import annotations

import argparse
import json
import os

from measuring import ROOT, execute_notebook, load_average, save_report

from utils.course import outputs_dir

NOTEBOOKS = ("04_gradient_descent", "05_neural_networks_from_scratch")


def main() -> None:
    """Run the notebooks, print and save the timings and recorded figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", nargs="+", default=["quick", "full"], choices=["quick", "full"])
    args = parser.parse_args()
    report: dict = {"cpu_count": os.cpu_count(), "runs": {}}
    for profile in args.profiles:
        load_before = load_average()
        times = {
            stem: round(execute_notebook(ROOT / "notebooks" / f"{stem}.ipynb", profile)[1], 1) for stem in NOTEBOOKS
        }
        load_after = load_average()
        total = round(sum(times.values()), 1)
        report["runs"][profile] = {
            "seconds": times,
            "total_seconds": total,
            "load_before": load_before,
            "load_after": load_after,
        }
        print(
            f"{profile}: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in times.items())
            + f"; total {total:.1f} s (load {load_before[0]:.2f} -> {load_after[0]:.2f})"
        )
    results = {}
    for stem in NOTEBOOKS:
        path = outputs_dir() / "results" / f"{stem}.json"
        if path.is_file():
            results[stem] = json.loads(path.read_text()).get("figures", {})
    report["recorded"] = results
    for stem, figures in results.items():
        for name, entry in figures.items():
            print(f"{stem}: {name} = {entry['value']:.4g} {entry['unit']} (reference {entry['reference']})")
    save_report(report, "measure_math")


if __name__ == "__main__":
    main()
