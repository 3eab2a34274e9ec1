"""A recorder for measured figures: outputs/results/<notebook>.json, read by the scoreboard."""

from __future__ import annotations

import importlib
import json
import math
import os
import re
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from utils.course import outputs_dir
from utils.profile import profile as current_profile

_NAME = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]*$")


# The data split a figure is measured on ("" when it is not an accuracy-like score).
SPLITS = ("", "test", "validation", "training")


@dataclass(frozen=True)
class FigureInfo:
    """What a recorded figure is and what it compares to: one row of a lesson's table (`records.FIGURES`)."""

    unit: str
    reference: float | None = None
    reference_label: str = ""
    source: str = ""
    higher_is_better: bool = True
    note: str = ""
    split: str = ""


def lesson_of(notebook: str) -> str:
    """Return the lesson package name of a notebook stem: '06_cnn_lab' -> 'cnn_lab'."""
    if not isinstance(notebook, str) or not re.fullmatch(r"\d\d_[a-z0-9_]+", notebook):
        raise ValueError(f"notebook must be a file stem like '06_cnn_lab', got {notebook!r}.")
    return notebook[3:]


def figure_table(notebook: str) -> Mapping[str, FigureInfo]:
    """Return the table of figures a notebook records: `utils/lessons/<lesson>/records.py`'s FIGURES ({} if none)."""
    lesson = lesson_of(notebook)
    try:
        module = importlib.import_module(f"utils.lessons.{lesson}.records")
    except ModuleNotFoundError as err:
        if err.name in (f"utils.lessons.{lesson}.records", f"utils.lessons.{lesson}"):
            return {}
        raise
    table = getattr(module, "FIGURES", None)
    if not isinstance(table, Mapping) or not all(isinstance(v, FigureInfo) for v in table.values()):
        raise TypeError(f"utils/lessons/{lesson}/records.py must define FIGURES, a dict of name -> FigureInfo.")
    return table


def _folder(folder: object) -> Path:
    """Return folder as a Path if it is an existing folder, else raise naming it."""
    if not isinstance(folder, (str, os.PathLike)) or not str(folder).strip():
        raise TypeError(f"folder must be a folder path, got {type(folder).__name__} {folder!r:.40}.")
    path = Path(folder)
    if not path.is_dir():
        raise FileNotFoundError(f"folder {path} does not exist (or is not a folder): run the notebooks first.")
    return path


def results_dir(root: Path | None = None) -> Path:
    """Return outputs/results/ (created on demand)."""
    path = outputs_dir(root) / "results"
    path.mkdir(parents=True, exist_ok=True)
    return path


class Recorder:
    """Writes each measured figure of one notebook to <folder>/<notebook>.json."""

    def __init__(self, notebook: str, folder: Path | None = None, profile_name: str | None = None):
        """Bind the recorder to a notebook stem such as '06_cnn_lab'."""
        if not isinstance(notebook, str) or not _NAME.match(notebook):
            raise ValueError(f"notebook must be a file stem like '06_cnn_lab', got {notebook!r:.60}.")
        if folder is not None:
            folder = _folder(folder)
        if profile_name is not None:
            from utils.profile import PROFILES

            if profile_name not in PROFILES:
                raise ValueError(f"profile_name must be one of {list(PROFILES)} or None, got {profile_name!r:.40}.")
        self.notebook = notebook
        self.table = figure_table(notebook) if re.fullmatch(r"\d\d_[a-z0-9_]+", notebook) else {}
        self.path = (folder or results_dir()) / f"{notebook}.json"
        self.profile = profile_name or current_profile().name

    def load(self) -> dict[str, dict[str, Any]]:
        """Return the figures recorded so far for this notebook and profile."""
        if not self.path.is_file():
            return {}
        data = json.loads(self.path.read_text())
        return data.get("figures", {}) if data.get("profile") == self.profile else {}

    def record(
        self,
        name: str,
        value: float,
        unit: str | None = None,
        reference: float | None = None,
        reference_label: str | None = None,
        source: str | None = None,
        higher_is_better: bool | None = None,
        note: str | None = None,
        split: str | None = None,
        epochs: int | None = None,
        batch: int | None = None,
        train_examples: int | None = None,
    ) -> dict[str, Any]:
        """Record one measured figure; what it is and compares to comes from the lesson's table unless given here."""
        if not isinstance(name, str) or not _NAME.match(name):
            raise ValueError(f"figure name must be an identifier like 'mnist_test_accuracy', got {name!r}.")
        given = {
            "unit": unit,
            "reference": reference,
            "reference_label": reference_label,
            "source": source,
            "higher_is_better": higher_is_better,
            "note": note,
            "split": split,
        }
        info = self.table.get(name)
        if info is None and unit is None:
            raise ValueError(
                f"{name}: not in the figure table of {self.notebook} (utils/lessons/{self.notebook[3:]}/records.py): "
                "add a FigureInfo row for it there, or give its unit."
            )
        defaults = asdict(info) if info is not None else asdict(FigureInfo(unit=unit or ""))
        merged = {key: defaults[key] if value is None else value for key, value in given.items()}
        if info is not None and note is not None and info.note:
            merged["note"] = f"{info.note}; {note}"  # the table's note, then what this run adds
        unit, reference, reference_label = merged["unit"], merged["reference"], merged["reference_label"]
        source, higher_is_better, note, split = (
            merged["source"],
            merged["higher_is_better"],
            merged["note"],
            merged["split"],
        )
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            try:
                value = float(value)  # NumPy and TensorFlow scalars
            except (TypeError, ValueError):
                raise ValueError(f"{name}: value must be a finite number, got {value!r}.") from None
            if not math.isfinite(value):
                raise ValueError(f"{name}: value must be a finite number, got {value!r}.")
        if not isinstance(unit, str) or not unit.strip():
            raise ValueError(f"{name}: unit must be a non-empty string (e.g. 'accuracy', 's', 'MB'), got {unit!r:.40}.")
        if reference is not None:
            try:
                reference = float(reference)  # NumPy and TensorFlow scalars too
            except (TypeError, ValueError, OverflowError):
                raise ValueError(f"{name}: reference must be a finite number or None, got {reference!r:.40}.") from None
            if isinstance(reference, bool) or not math.isfinite(reference):
                raise ValueError(f"{name}: reference must be a finite number or None, got {reference!r:.40}.")
        for label, words in (("reference_label", reference_label), ("source", source), ("note", note)):
            if not isinstance(words, str):
                raise TypeError(f"{name}: {label} must be a string, got {type(words).__name__} {words!r:.40}.")
        if not isinstance(higher_is_better, bool):
            raise TypeError(f"{name}: higher_is_better must be True or False, got {higher_is_better!r:.40}.")
        if not isinstance(split, str) or split not in SPLITS:
            raise ValueError(f"{name}: split must be one of {SPLITS}, got {split!r}.")
        for label, count in (("epochs", epochs), ("batch", batch), ("train_examples", train_examples)):
            if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count <= 0):
                raise ValueError(f"{name}: {label} must be a positive int or None, got {count!r}.")
        entry = {
            "value": float(value),
            "unit": unit,
            "reference": reference,
            "reference_label": reference_label,
            "source": source,
            "higher_is_better": higher_is_better,
            "note": note,
            "split": split,
            "epochs": epochs,
            "batch": batch,
            "train_examples": train_examples,
            "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        figures = self.load()
        figures[name] = entry
        payload = {"notebook": self.notebook, "profile": self.profile, "figures": figures}
        part = self.path.with_name(f"{self.path.name}.part{os.getpid()}")
        part.write_text(json.dumps(payload, indent=2, sort_keys=True))
        os.replace(part, self.path)
        return entry


def load_results(folder: Path | None = None) -> dict[str, dict[str, Any]]:
    """Read every <notebook>.json in the results folder into {notebook: payload}."""
    folder = _folder(folder) if folder is not None else results_dir()
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(Path(folder).glob("*.json")):
        try:
            payload = json.loads(path.read_text())
        except json.JSONDecodeError as err:
            raise ValueError(f"{path} is not valid JSON ({err}); delete it and rerun its notebook.") from err
        if not isinstance(payload, dict) or "figures" not in payload:
            raise ValueError(f"{path} is not a results file (no 'figures' key).")
        out[path.stem] = payload
    return out
