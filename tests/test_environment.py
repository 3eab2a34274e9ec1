import os
import subprocess
import sys

import pytest

from utils import environment


def test_report_has_every_field():
    report = environment.environment_report()
    for key in ("Python", "TensorFlow", "Keras", "NumPy", "CPU", "GPU", "Profile", "Data"):
        assert report[key], key


SEEDED_DRAWS = """
import random, numpy as np
print(random.random(), np.random.rand())
import keras, tensorflow as tf
layer = keras.layers.Dense(3)
layer.build((None, 2))
print(random.random(), np.random.rand(), float(tf.random.uniform(())), layer.kernel.numpy().round(6).tolist())
"""


def _run(code: str, root) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    return subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=300)


def test_setup_leaves_tensorflow_for_later_and_imports_it_quietly_when_needed(root):
    """setup() imports no TensorFlow; the notebook's own `import tensorflow` is then quiet and already seeded."""
    code = (
        "import sys, utils\n"
        "utils.setup(verbose=False)\n"
        "print('loaded after setup:', 'tensorflow' in sys.modules)\n"
        "import tensorflow as tf\n"
        "print('loaded after import:', 'tensorflow' in sys.modules)\n"
    )
    result = _run(code, root)
    assert result.returncode == 0, result.stderr
    assert "loaded after setup: False" in result.stdout and "loaded after import: True" in result.stdout
    assert result.stderr.strip() == "", result.stderr


def test_lazy_tensorflow_seeding_matches_seeding_after_import(root):
    """Seeding before TensorFlow loads gives the very numbers the old Setup cell gave by seeding after it."""
    lazy = _run("import utils\nutils.setup(verbose=False)\n" + SEEDED_DRAWS, root)
    old_setup = (  # what utils.setup() did before: import TensorFlow and Keras, list the devices, then seed
        "import tensorflow as tf\ntf.config.list_physical_devices()\nimport keras\nkeras.utils.set_random_seed(42)\n"
    )
    eager = _run(old_setup + SEEDED_DRAWS, root)
    assert lazy.returncode == 0 and eager.returncode == 0, lazy.stderr + eager.stderr
    assert lazy.stdout == eager.stdout


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


def test_report_does_not_import_tensorflow(root):
    code = "import sys, utils.environment as e\ne.environment_report()\nprint('tensorflow' in sys.modules)"
    result = _run(code, root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False", result.stdout


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"COURSE_PROFILE": "fast"}, "Unknown course profile 'fast'"),
        ({"COURSE_DATA_DIR": "/nonexistent/mirror"}, "COURSE_DATA_DIR names /nonexistent/mirror, which does not exist"),
    ],
)
def test_setup_problem_names_profile_and_data_folder(monkeypatch, env, expected):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert environment.setup_problem().startswith(expected)
    with pytest.raises(SystemExit, match=expected):
        environment.setup(verbose=False)


def test_setup_problem_none_here_and_data_file_named(monkeypatch, tmp_path):
    assert environment.setup_problem() is None
    a_file = tmp_path / "mnist.npz"
    a_file.write_bytes(b"")
    monkeypatch.setenv("COURSE_DATA_DIR", str(a_file))
    assert "is a file, not a folder" in environment.setup_problem()


@pytest.mark.parametrize(
    "call",
    [
        lambda: environment.setup(seed=-1),
        lambda: environment.setup(seed=2.5),
        lambda: environment.setup(seed=2**40),
        lambda: environment.setup(verbose="yes"),
    ],
)
def test_setup_refuses_bad_arguments(call):
    with pytest.raises((ValueError, TypeError)):
        call()


def test_setup_stops_with_the_message_when_too_old(monkeypatch):
    monkeypatch.setattr(environment, "installed_versions", lambda: {"python": "3.11.7", "matplotlib": "3.8.0"})
    with pytest.raises(SystemExit, match=r"matplotlib 3.8.0 < 3.10"):
        environment.setup(verbose=False)
