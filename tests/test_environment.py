import os
import subprocess
import sys

import pytest

from utils import environment


def test_report_has_every_field():
    report = environment.environment_report()
    for key in ("Python", "TensorFlow", "Keras", "NumPy", "CPU", "GPU", "Profile", "Data"):
        assert report[key], key


def test_setup_prints_report(capsys):
    assert environment.setup(seed=1) is None  # nothing to echo at the end of the Setup cell
    out = capsys.readouterr().out
    assert "Course environment" in out and "TensorFlow" in out and "Seed        1" in out


def test_import_is_quiet_on_cpu(root):
    """Importing TensorFlow through utils prints nothing on stderr (no CUDA or oneDNN notes)."""
    code = "import utils; utils.import_tensorflow(); import tensorflow as tf; tf.constant(1.0) + 1"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr


def test_not_in_colab():
    assert environment.in_colab() is False


def test_parse_version():
    assert environment.parse_version("3.10.0rc1") == (3, 10, 0)
    assert environment.parse_version("8.1.9") == (8, 1, 9)
    with pytest.raises(ValueError, match="text must start with a version number"):
        environment.parse_version("unknown")
    with pytest.raises(TypeError, match="text must be a version string"):
        environment.parse_version(3.1)


def test_this_environment_meets_the_minimum_versions():
    assert environment.version_problems() == []
    environment.check_versions()


def test_old_colab_like_environment_gets_one_message_naming_every_upgrade():
    old = {"python": "3.11.3", "keras": "3.8.0", "matplotlib": "3.9.2", "ipywidgets": "7.7.1"}
    problems = environment.version_problems(old)
    assert len(problems) == 2  # ipywidgets 7 and Keras 3.8 are fine
    assert problems[0].startswith("python 3.11.3 < 3.11.4") and "'data' extraction filter" in problems[0]
    assert "pip install -U 'matplotlib>=3.10'" in problems[1]
    with pytest.raises(RuntimeError, match="older than the course needs") as info:
        environment.check_versions(old)
    assert str(info.value).count("\n  - ") == 2


def test_missing_package_and_bad_input():
    assert "ipywidgets missing < 7.0" in environment.version_problems({"ipywidgets": None})[0]
    with pytest.raises(ValueError, match="unknown packages"):
        environment.version_problems({"pandas": "2.0"})
    with pytest.raises(TypeError, match="found must be a dict"):
        environment.version_problems([("keras", "3.0")])


def test_setup_stops_with_the_message_when_too_old(monkeypatch):
    monkeypatch.setattr(environment, "installed_versions", lambda: {"python": "3.11.7", "matplotlib": "3.8.0"})
    with pytest.raises(SystemExit, match=r"matplotlib 3.8.0 < 3.10"):
        environment.setup(verbose=False)
