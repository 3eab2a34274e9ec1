#!/usr/bin/env python3
"""Time notebook 02 (strategy in numbers) end to end and report the figures it recorded.

  python scripts/measure_strategy.py [--profile quick|full]

Runs the notebook with nbclient (as CI does, without the nbval comparison), prints its wall time and
the load average, reads the Monte Carlo and fitted figures from outputs/results/02_strategy_in_numbers.json
and writes everything to outputs/measure_strategy_<profile>.json. Acceptance: quick <= 30 s, full <= 90 s
on 2 cores.
"""

from __future__ import annotations

import os

from measuring import ROOT, execute_notebook, load_average, profile_from_command_line, save_report

NOTEBOOK = "02_strategy_in_numbers"
FIGURES = (
    "runway_p50_months",
    "runway_p90_months",
    "milestone_probability",
    "bass_p",
    "bass_q",
    "flywheel_threshold",
    "cost_decline_per_year",
)


def main() -> None:
    """Command-line entry point."""
    profile_name = profile_from_command_line(__doc__)
    from utils.profile import profile
    from utils.results import Recorder

    load_before = load_average()
    _, seconds = execute_notebook(ROOT / "notebooks" / f"{NOTEBOOK}.ipynb", profile=profile_name)
    figures = Recorder(NOTEBOOK, profile_name=profile_name).load()
    report = {
        "profile": profile_name,
        "sizes": profile(profile_name).strategy.__dict__,
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "cores": os.cpu_count(),
        "notebook_seconds": round(seconds, 1),
        "figures": {name: round(figures[name]["value"], 4) for name in FIGURES},
    }
    save_report(report, f"measure_strategy_{profile_name}")


if __name__ == "__main__":
    main()
