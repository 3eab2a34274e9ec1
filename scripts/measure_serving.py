#!/usr/bin/env python3
"""Run notebook 10 top to bottom (COURSE_PROFILE=full unless --profile says otherwise) and report.

Prints and writes outputs/measure_serving.json: the wall time of the whole notebook, the figures
it recorded (accuracy, latency, throughput, cost, int8 size ratio and accuracy), the model files'
sizes, the machine's load before and after, and whether the issue's targets hold. The executed
notebook is kept as outputs/10_model_to_product.executed.ipynb for reading its outputs.

  python scripts/measure_serving.py [--profile full|quick] [--timeout 1200]
"""

from __future__ import annotations

import argparse
import json
import os

from measuring import ROOT, execute_notebook, load_average, save_report

NOTEBOOK = ROOT / "notebooks" / "10_model_to_product.ipynb"
STEM = "10_model_to_product"


def main() -> None:
    """Execute the notebook with nbclient and summarise what it measured."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="full", choices=["full", "quick"])
    parser.add_argument("--timeout", type=int, default=1200, help="seconds per cell")
    args = parser.parse_args()
    os.environ["COURSE_PROFILE"] = args.profile

    import nbformat

    from utils.course import outputs_dir
    from utils.results import results_dir

    result_file = results_dir() / f"{STEM}.json"
    if result_file.exists():
        result_file.unlink()  # only this run's figures
    load_before = load_average()
    nb, seconds = execute_notebook(NOTEBOOK, args.profile, args.timeout)
    load_after = load_average()
    nbformat.write(nb, outputs_dir() / f"{STEM}.executed.ipynb")  # for reading the outputs

    payload = json.loads(result_file.read_text())
    figures = {name: entry["value"] for name, entry in payload["figures"].items()}
    folder = outputs_dir() / STEM
    sizes = {p.name: p.stat().st_size for p in sorted(folder.glob("*.tflite"))}
    sizes["digit_classifier.keras"] = (folder / "digit_classifier.keras").stat().st_size
    drop_pp = 100 * (figures["int8_test_accuracy"] - figures["mnist_test_accuracy"])
    float_tflite = sizes["digit_classifier_float.tflite"]
    int8_tflite = sizes["digit_classifier_full_integer.tflite"]
    float_tflite_acc = payload["figures"]["int8_test_accuracy"]["reference"]
    report = {
        "profile": args.profile,
        "notebook_seconds": round(seconds, 1),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "cpu_count": os.cpu_count(),
        "figures": figures,
        "file_sizes_bytes": sizes,
        "int8_vs_float_tflite_size_ratio": round(float_tflite / int8_tflite, 3),
        "int8_accuracy_lost_pp_vs_float_tflite": round(100 * (float_tflite_acc - figures["int8_test_accuracy"]), 3),
        "int8_accuracy_change_pp_vs_keras": round(drop_pp, 3),
        "targets": {
            "notebook <= 300 s": seconds <= 300,
            "int8 >= 3.5x smaller": float_tflite / int8_tflite >= 3.5,
            "int8 loses <= 0.5 pp": 100 * (float_tflite_acc - figures["int8_test_accuracy"]) <= 0.5,
        },
    }
    save_report(report, "measure_serving")


if __name__ == "__main__":
    main()
