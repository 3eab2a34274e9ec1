import os
import subprocess
import sys

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
