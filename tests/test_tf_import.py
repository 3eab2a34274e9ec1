"""TensorFlow imported once, quietly, when first needed; the import keeps the random streams; callbacks run after."""

import os
import subprocess
import sys

import pytest

from utils import tf_import


def _run(code: str, root) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    return subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=300)


def test_first_import_anywhere_is_quiet_keeps_random_streams_and_runs_callbacks(root):
    code = (
        "import random, sys, numpy as np\n"
        "from utils import tf_import\n"
        "tf_import.watch_tensorflow_import('probe', lambda tf: print('callback saw', tf.__name__))\n"
        "random.seed(5); np.random.seed(5)\n"
        "import keras\n"  # keras imports TensorFlow: the hook handles both
        "after = (random.random(), np.random.rand())\n"
        "random.seed(5); np.random.seed(5)\n"
        "print('streams kept:', after == (random.random(), np.random.rand()))\n"
        "print('hook left:', any(type(f).__name__ == '_TensorFlowFinder' for f in sys.meta_path))\n"
    )
    result = _run(code, root)
    assert result.returncode == 0, result.stderr
    assert "callback saw tensorflow" in result.stdout
    assert "streams kept: True" in result.stdout and "hook left: False" in result.stdout
    assert result.stderr.strip() == "", result.stderr  # no CUDA or oneDNN chatter


def test_callback_runs_at_once_when_tensorflow_is_already_loaded():
    tf = tf_import.import_tensorflow()
    seen = []
    tf_import.watch_tensorflow_import("probe", seen.append)
    assert seen == [tf]


@pytest.mark.parametrize(
    "name, callback",
    [("", lambda tf: None), (None, lambda tf: None), ("seed", 3), ("seed", None)],
)
def test_watch_refuses_bad_arguments(name, callback):
    with pytest.raises(TypeError):
        tf_import.watch_tensorflow_import(name, callback)
