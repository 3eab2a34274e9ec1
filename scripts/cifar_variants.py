#!/usr/bin/env python3
"""Train variants of notebook 06's better CIFAR-10 model outside the notebook, with the notebook's own code.

  python scripts/cifar_variants.py --name notebook                 # the notebook's recipe (full profile's settings)
  python scripts/cifar_variants.py --name b2000 --batch 2000 --epochs 6   # a variant: 6 epochs of 2000
  python scripts/cifar_variants.py --name bf16 --policy mixed_bfloat16
  python scripts/cifar_variants.py --name abl_recipe --train-images 20000 --epochs 4       # the ablation's base
  python scripts/cifar_variants.py --name abl_no_smoothing --train-images 20000 --epochs 4 --without label-smoothing

The script executes the notebook's own cells, from the ones that define the recipe (normalisation, patch whitening,
identity initialisation, the network, the linear schedule, MuonSGD, the test-time views) to its step count and
training cell, with the full profile's settings replaced by the options given here (the seed too), so a variant
differs from the notebook only in those options. It takes the full profile's images in the notebook's order (all 50,000
training and 10,000 test images), so that with the default options and seed it repeats the notebook's training
run; it reports the training time and the three test-time readings, and writes them to
outputs/cifar_variants/NAME.json.

The ablation options remove or swap one ingredient of the recipe by editing the notebook's cells as they are run
(each edit must find its line exactly once, or the script stops and says which cell changed):
  --train-images N           a stratified subset of N training images, drawn as the notebook draws the quick profile's
  --without identity-init    every 3x3 kernel drawn uniform in +-1/sqrt(fan-in), without the identity filters
  --without whitening        the 2x2 first layer keeps Keras' default random kernel and trains it like the others
  --without label-smoothing  plain cross-entropy on one-hot targets
  --without shifts           flips only, no random 2-pixel shifts
  --flip random|none         a fresh random half of the images mirrored every epoch, or none (default: alternating)
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
NETWORK_CELL, TRAINING_CELL = "06-072", "06-082"
INGREDIENTS = ("identity-init", "whitening", "label-smoothing", "shifts")
FROZEN_WHITENING = (
    "    whiten.kernel.assign(whitening)\n"
    "    whiten.kernel.trainable = False  # the whitening filters stay fixed; their biases learn\n"
)


def edited(source: str, old: str, new: str, cell_id: str) -> str:
    """`source` with its one occurrence of `old` replaced by `new`; stop if `old` is not there exactly once."""
    if source.count(old) != 1:
        raise SystemExit(f"cell {cell_id} no longer contains {old.strip()!r} exactly once; update this script")
    return source.replace(old, new)


def ablated(cells: dict, without: list[str], flip: str) -> dict:
    """The notebook's cells with the ingredients in `without` removed and the flip mode `flip`."""
    cells = dict(cells)
    network, training = cells[NETWORK_CELL], cells[TRAINING_CELL]
    if "whitening" in without:
        network = edited(network, FROZEN_WHITENING, "", NETWORK_CELL)
    if "label-smoothing" in without:
        training = edited(training, "label_smoothing=0.2", "label_smoothing=0.0", TRAINING_CELL)
    shift = "shift=0" if "shifts" in without else "shift=2"
    training = edited(training, "shift=2,", f"{shift}, flip={flip!r},", TRAINING_CELL)
    cells[NETWORK_CELL], cells[TRAINING_CELL] = network, training
    return cells


def random_kernels(keras):
    """An initializer class like the notebook's PartialIdentity, without the identity filters."""

    class UniformFanIn(keras.initializers.Initializer):
        """Uniform +-1/sqrt(fan_in) kernel (PyTorch's default for convolutions)."""

        def __call__(self, shape, dtype=None):
            """Return a (height, width, in, out) kernel."""
            height, width, channels_in, _ = shape
            limit = 1 / (height * width * channels_in) ** 0.5
            return keras.random.uniform(shape, -limit, limit, dtype=dtype)

    return UniformFanIn


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
    parser.add_argument("--train-images", type=int, default=FULL.cnn.cifar_train, help="default: all 50,000")
    parser.add_argument("--without", action="append", choices=INGREDIENTS, default=[], help="repeatable")
    parser.add_argument("--flip", choices=("alternating", "random", "none"), default="alternating")
    args = parser.parse_args()
    if args.epochs <= 0 or args.batch <= 0:
        parser.error("--epochs and --batch must be positive")
    if args.train_images is not None and not args.batch <= args.train_images <= 50_000:
        parser.error(f"--train-images must be between --batch ({args.batch}) and 50000")

    os.environ.setdefault("COURSE_PROFILE", "full")
    os.environ.setdefault("COURSE_DATA_DIR", str(ROOT / ".cache" / "datasets"))
    os.environ.setdefault("MPLBACKEND", "Agg")  # the step-count cell draws its schedule
    cells = {cell.get("id"): cell.source for cell in nbformat.read(NOTEBOOK, as_version=4).cells}
    cells = ablated(cells, args.without, args.flip)
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
        cifar_train=args.train_images,
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
    if "identity-init" in args.without:
        ns["PartialIdentity"] = random_kernels(ns["keras"])  # conv_group looks the initializer up when it runs
    exec("whitening = patch_whitening_kernel(cx_tr[:5000])", ns)
    ns["keras"].mixed_precision.set_global_policy(args.policy)
    load_at_start = os.getloadavg()
    exec(training.replace("42", str(args.seed)), ns)  # builds, compiles and trains `better`, times it
    model, seconds, cx_te, cy_te = ns["better"], ns["better_seconds"], ns["cx_te"], ns["cy_te"]
    views = ns["predict_with_views"](model, cx_te)
    accuracies = {name: float((logits.argmax(axis=1) == cy_te).mean()) for name, logits in views.items()}
    result = {**vars(args), "train_seconds": round(seconds, 1), "test_accuracy": accuracies}
    result["load_average_at_start"] = [round(x, 2) for x in load_at_start]  # before training: what else ran
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]  # mostly this run's own two threads
    print(json.dumps(result, indent=1))
    out = ROOT / "outputs" / "cifar_variants"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{args.name}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
