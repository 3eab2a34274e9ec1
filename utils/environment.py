"""Start-up: quiet TensorFlow's C++ logging, import it, and report the environment."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import re
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


# The oldest versions the course relies on, with the reason; Colab and other hosts bring their own
# (the course never reinstalls them), so utils.setup() checks them before any lesson cell runs.
MINIMUM_VERSIONS: dict[str, tuple[tuple[int, ...], str]] = {
    "python": ((3, 11, 4), "tarfile's 'data' extraction filter, used to unpack the datasets safely"),
    "keras": ((3, 0), "the Keras 3 API every lab uses"),
    "matplotlib": ((3, 10), "boxplot(orientation=...) in notebook 10's latency figure"),
    "ipywidgets": ((7, 0), "the sliders and text boxes (ipywidgets 7 and 8 both work)"),
}


def parse_version(text: str) -> tuple[int, ...]:
    """Return the leading numeric release of a version string, e.g. '3.10.0rc1' -> (3, 10, 0)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a version string, got {type(text).__name__}.")
    match = re.match(r"\s*v?(\d+(?:\.\d+)*)", text)
    if match is None:
        raise ValueError(f"text must start with a version number such as '3.10.1', got {text!r}.")
    return tuple(int(part) for part in match.group(1).split("."))


def installed_versions() -> dict[str, str | None]:
    """Return the installed version of Python and of each checked package (None if missing)."""
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in MINIMUM_VERSIONS:
        if name != "python":
            try:
                found[name] = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                found[name] = None
    return found


def version_problems(found: dict[str, str | None] | None = None) -> list[str]:
    """Return one line per Python or package version older than MINIMUM_VERSIONS (or missing)."""
    found = installed_versions() if found is None else found
    if not isinstance(found, dict):
        raise TypeError(f"found must be a dict of name -> version, got {type(found).__name__}.")
    unknown = set(found) - set(MINIMUM_VERSIONS)
    if unknown:
        raise ValueError(f"found names unknown packages {sorted(unknown)}; known: {sorted(MINIMUM_VERSIONS)}.")
    for name, version in found.items():
        if version is not None and not isinstance(version, str):
            raise TypeError(f"found[{name!r}] must be a version string or None, got {type(version).__name__}.")
    problems = []
    for name, version in found.items():
        minimum, reason = MINIMUM_VERSIONS[name]
        wanted = ".".join(map(str, minimum))
        if version is None or parse_version(version) < minimum:
            have = "missing" if version is None else version
            fix = (
                f"use a Python >= {wanted} runtime"
                if name == "python"
                else f"pip install -U '{name}>={wanted}', then restart the kernel"
            )
            problems.append(f"{name} {have} < {wanted} (needed for {reason}): {fix}")
    return problems


def check_versions(found: dict[str, str | None] | None = None) -> None:
    """Raise RuntimeError with one message listing every version the course cannot run on."""
    problems = version_problems(found)
    if problems:
        raise RuntimeError(
            "This environment is older than the course needs; upgrade, then rerun the Setup cell:\n  - "
            + "\n  - ".join(problems)
        )


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
    """Prepare a notebook: install Colab extras, check minimum versions, seed everything, print the report."""
    start = time.perf_counter()
    if in_colab():
        from utils.colab import install_missing

        install_missing()
    try:
        check_versions()
    except RuntimeError as err:
        raise SystemExit(str(err)) from None  # one message in the notebook, not a traceback
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
