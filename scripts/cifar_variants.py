#!/usr/bin/env python3
"""Train variants of notebook 06's better CIFAR-10 model outside the notebook, with the notebook's own code.

  python scripts/cifar_variants.py --name notebook                 # the notebook's recipe (full profile's settings)
  python scripts/cifar_variants.py --name b2000 --batch 2000 --epochs 6   # a variant: 6 epochs of 2000
  python scripts/cifar_variants.py --name bf16 --policy mixed_bfloat16

The script executes the notebook's own cells, from the ones that define the recipe (normalisation, patch whitening,
identity initialisation, the network, the linear schedule, MuonSGD, the test-time views) to its step count and
training cell, with the full profile's settings replaced by the options given here (the seed too), so a variant
differs from the notebook only in those options. It takes the full profile's images in the notebook's order (all 50,000
training and 10,000 test images), so that with the default options and seed it repeats the notebook's training
run; it reports the training time and the three test-time readings, and writes them to
outputs/cifar_variants/NAME.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from utils.profile import FULL  # noqa: E402

NOTEBOOK = ROOT / "notebooks" / "06_cnn_lab.ipynb"
RECIPE_CELLS = ("06-065", "06-118", "06-122", "06-072", "06-126", "06-128", "06-086", "06-127")
TRAINING_CELL = "06-082"


def main() -> None:
    """Parse the options, train one variant, print and save its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--name", required=True, help="name of the result file under outputs/cifar_variants/")
    parser.add_argument("--epochs", type=int, default=FULL.cnn.cifar_best_epochs)
    parser.add_argument("--batch", type=int, default=FULL.cnn.cifar_best_batch)
    parser.add_argument("--widths", default=",".join(map(str, FULL.cnn.cifar_best_widths)))
    parser.add_argument("--activation", default=FULL.cnn.cifar_best_activation)
    parser.add_argument("--policy", default="float32", help="Keras dtype policy, e.g. mixed_bfloat16")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    if args.epochs <= 0 or args.batch <= 0:
        parser.error("--epochs and --batch must be positive")

    os.environ.setdefault("COURSE_PROFILE", "full")
    os.environ.setdefault("COURSE_DATA_DIR", str(ROOT / ".cache" / "datasets"))
    os.environ.setdefault("MPLBACKEND", "Agg")  # the step-count cell draws its schedule
    cells = {cell.get("id"): cell.source for cell in nbformat.read(NOTEBOOK, as_version=4).cells}
    training = cells[TRAINING_CELL]
    if training.count("42") != 2:
        raise SystemExit(f"cell {TRAINING_CELL} no longer sets seed 42 in two places; update this script")
    widths = tuple(int(w) for w in args.widths.split(","))
    cfg = dataclasses.replace(
        FULL.cnn,
        cifar_best_epochs=args.epochs,
        cifar_best_batch=args.batch,
        cifar_best_widths=widths,
        cifar_best_activation=args.activation,
    )
    ns: dict = {}
    exec(cells["06-003"], ns)  # the notebook's imports
    ns["cfg"] = cfg
    exec(
        "(x_train, y_train), (x_test, y_test) = data.load_cifar10()\n"
        "cx_tr, cy_tr = data.stratified_subset(x_train, y_train[:, 0], cfg.cifar_train, seed=0)\n"
        "cx_te, cy_te = data.stratified_subset(x_test, y_test[:, 0], cfg.cifar_test, seed=1)\n",
        ns,
    )
    for cell_id in RECIPE_CELLS:
        exec(cells[cell_id], ns)
    exec("whitening = patch_whitening_kernel(cx_tr[:5000])", ns)
    ns["keras"].mixed_precision.set_global_policy(args.policy)
    exec(training.replace("42", str(args.seed)), ns)  # builds, compiles and trains `better`, times it
    model, seconds, cx_te, cy_te = ns["better"], ns["better_seconds"], ns["cx_te"], ns["cy_te"]
    views = ns["predict_with_views"](model, cx_te)
    accuracies = {name: float((logits.argmax(axis=1) == cy_te).mean()) for name, logits in views.items()}
    result = {**vars(args), "train_seconds": round(seconds, 1), "test_accuracy": accuracies}
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=1))
    out = ROOT / "outputs" / "cifar_variants"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{args.name}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
