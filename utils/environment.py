"""Start-up: quiet TensorFlow's C++ logging, import it, and report the environment."""

from __future__ import annotations

import os
import platform
import sys
import time
from types import ModuleType

_QUIET_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "2",  # C++ INFO and WARNING off once logging is initialised
    "GRPC_VERBOSITY": "ERROR",
}


def quiet_tensorflow_logging() -> None:
    """Set the environment so TensorFlow's C++ and Python loggers stay quiet."""
    for key, value in _QUIET_ENV.items():
        os.environ.setdefault(key, value)


def import_tensorflow() -> ModuleType:
    """Import TensorFlow with its start-up chatter (CUDA probes, oneDNN notes) silenced."""
    if "tensorflow" in sys.modules:
        return sys.modules["tensorflow"]
    quiet_tensorflow_logging()
    # Messages printed before absl logging is initialised ignore TF_CPP_MIN_LOG_LEVEL,
    # so stderr is pointed at /dev/null for the import and restored right after.
    try:
        saved = os.dup(2)
    except OSError:  # no real stderr (some embedded front ends)
        saved = None
    if saved is not None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
    try:
        import tensorflow as tf

        tf.config.list_physical_devices()  # the CUDA probe also prints; do it while quiet
    finally:
        if saved is not None:
            os.dup2(saved, 2)
            os.close(saved)
            os.close(devnull)
    tf.get_logger().setLevel("ERROR")
    return tf


def in_colab() -> bool:
    """Return True when running inside Google Colab."""
    return "google.colab" in sys.modules


def environment_report() -> dict[str, str]:
    """Return versions, devices, profile and data source as labelled strings."""
    tf = import_tensorflow()
    import keras
    import matplotlib
    import numpy as np

    from utils.data import data_source
    from utils.profile import profile

    gpus = tf.config.list_physical_devices("GPU")
    return {
        "Python": platform.python_version(),
        "TensorFlow": tf.__version__,
        "Keras": keras.__version__,
        "NumPy": np.__version__,
        "Matplotlib": matplotlib.__version__,
        "CPU": f"{os.cpu_count()} logical cores ({platform.machine()})",
        "GPU": ", ".join(g.name for g in gpus) if gpus else "none (CPU only)",
        "Runs in": "Google Colab" if in_colab() else "local Jupyter / Python",
        "Profile": profile().name + " (set COURSE_PROFILE=quick|full)",
        "Data": data_source(),
    }


def setup(seed: int = 42, verbose: bool = True) -> None:
    """Prepare a notebook: quiet logs, install Colab extras, seed everything, print the report."""
    start = time.perf_counter()
    if in_colab():
        from utils.colab import install_missing

        install_missing()
    from utils.seeding import seed_everything

    seed_everything(seed)
    report = environment_report()
    report["Seed"] = str(seed)
    if verbose:
        width = max(len(k) for k in report)
        print("Course environment")
        for key, value in report.items():
            print(f"  {key:<{width}}  {value}")
        print(f"  {'Ready in':<{width}}  {time.perf_counter() - start:.1f} s")
