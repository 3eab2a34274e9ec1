import json
import sys
import types

import numpy as np
import pytest

from utils.results import FigureInfo, Recorder, figure_table, load_results


def test_record_and_load(tmp_path):
    rec = Recorder("06_cnn_lab", folder=tmp_path, profile_name="quick")
    rec.record(
        "mnist_test_accuracy",
        np.float32(0.991),
        "accuracy",
        reference=0.9922,
        reference_label="keras-io Simple MNIST convnet",
        source="https://keras.io/examples/vision/mnist_convnet/",
    )
    rec.record("train_seconds", 12, "s", higher_is_better=False)
    data = json.loads((tmp_path / "06_cnn_lab.json").read_text())
    assert data["profile"] == "quick"
    assert data["figures"]["mnist_test_accuracy"]["value"] == pytest.approx(0.991)
    assert set(load_results(tmp_path)) == {"06_cnn_lab"}
    assert not list(tmp_path.glob("*.part*"))


def test_other_profile_starts_afresh(tmp_path):
    Recorder("07_text", folder=tmp_path, profile_name="quick").record("acc", 0.8, "accuracy")
    full = Recorder("07_text", folder=tmp_path, profile_name="full")
    assert full.load() == {}


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"name": "has space", "value": 1.0, "unit": "s"}, "identifier"),
        ({"name": "x", "value": float("nan"), "unit": "s"}, "finite number"),
        ({"name": "x", "value": "high", "unit": "s"}, "finite number"),
        ({"name": "x", "value": 1.0, "unit": ""}, "unit must be a non-empty string"),
        ({"name": "x", "value": 1.0, "unit": "accuracy", "split": "train"}, "split must be one of"),
        ({"name": "x", "value": 1.0, "unit": "accuracy", "epochs": 0}, "epochs must be a positive int"),
        ({"name": "x", "value": 1.0, "unit": "accuracy", "batch": 32.0}, "batch must be a positive int"),
        ({"name": "x", "value": 1.0, "unit": "accuracy", "train_examples": True}, "train_examples must be"),
    ],
)
def test_bad_records(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        Recorder("nb", folder=tmp_path).record(**kwargs)


def test_bad_notebook_name(tmp_path):
    with pytest.raises(ValueError, match="file stem"):
        Recorder("../etc/passwd", folder=tmp_path)


def test_corrupt_results_file(tmp_path):
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(ValueError, match="not valid JSON"):
        load_results(tmp_path)


def test_training_metadata_is_stored(tmp_path):
    rec = Recorder("nb", folder=tmp_path)
    rec.record("acc", 0.7, "accuracy", split="test", epochs=20, batch=64, train_examples=50000)
    entry = rec.load()["acc"]
    assert (entry["split"], entry["epochs"], entry["batch"], entry["train_examples"]) == ("test", 20, 64, 50000)


def test_figure_table_fills_what_a_figure_is(tmp_path, monkeypatch):
    module = types.ModuleType("utils.lessons.cnn_lab.records")
    module.FIGURES = {
        "demo_accuracy": FigureInfo("accuracy", reference=0.9, reference_label="paper", source="arXiv", split="test"),
        "demo_seconds": FigureInfo("s", higher_is_better=False, note="wall clock"),
    }
    monkeypatch.setitem(sys.modules, "utils.lessons.cnn_lab.records", module)
    assert set(figure_table("06_cnn_lab")) == {"demo_accuracy", "demo_seconds"}
    recorder = Recorder("06_cnn_lab", folder=tmp_path, profile_name="quick")
    entry = recorder.record("demo_accuracy", 0.87, epochs=3)
    assert (entry["unit"], entry["reference"], entry["reference_label"], entry["split"]) == (
        "accuracy",
        0.9,
        "paper",
        "test",
    )
    assert entry["epochs"] == 3
    entry = recorder.record("demo_seconds", 12.0, note="quick profile")
    assert entry["note"] == "wall clock; quick profile" and entry["higher_is_better"] is False
    entry = recorder.record("demo_accuracy", 0.5, reference=0.6)  # a run-specific reference overrides the table
    assert entry["reference"] == 0.6 and entry["reference_label"] == "paper"
    with pytest.raises(ValueError, match=r"not in the figure table of 06_cnn_lab .*records.py"):
        recorder.record("undeclared_figure", 1.0)


def test_figure_table_of_a_lesson_without_records_is_empty():
    assert figure_table("00_welcome_and_setup") == {}
    with pytest.raises(ValueError, match="notebook must be a file stem"):
        figure_table("cnn")
