#!/usr/bin/env python3
"""Time notebooks 01 and 03 end to end and report what 03 measured on this CPU.

  python scripts/measure_startup_economics.py [--profile quick|full]

Runs each notebook with nbclient (as CI does, without the nbval comparison), prints the wall time of
each and the load average, reads the CPU FLOP/s and utilisation that notebook 03 recorded, and writes
everything to outputs/measure_startup_economics.json. Neither notebook's sizes depend on the profile,
so quick and full should take about the same time.
"""

from __future__ import annotations

import os

from measuring import ROOT, execute_notebook, load_average, profile_from_command_line, save_report

NOTEBOOKS = ("01_startup_landscape", "03_big_model_economics")


def main() -> None:
    """Command-line entry point."""
    profile_name = profile_from_command_line(__doc__)
    from utils.results import Recorder

    load_before = load_average()
    times = {name: round(execute_notebook(ROOT / "notebooks" / f"{name}.ipynb")[1], 1) for name in NOTEBOOKS}
    figures = Recorder("03_big_model_economics", profile_name=profile_name).load()
    report = {
        "profile": profile_name,
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "cores": os.cpu_count(),
        "notebook_seconds": times,
        "total_seconds": round(sum(times.values()), 1),
        "cpu_mlp_training_gflops": round(figures["cpu_mlp_training_flops_per_s"]["value"] / 1e9, 1),
        "cpu_mlp_utilisation": round(figures["cpu_mlp_utilisation"]["value"], 3),
        "cpu_peak_note": figures["cpu_mlp_utilisation"]["note"],
    }
    save_report(report, "measure_startup_economics")


if __name__ == "__main__":
    main()
