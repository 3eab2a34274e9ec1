"""Start-up: check the environment, seed, and report versions, devices, profile and data source.

TensorFlow is not imported here (`utils.tf_import` imports it quietly when a notebook first does), so the Setup
cell is ready in well under two seconds and notebooks that never use TensorFlow never wait for it.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import re
import shutil
import subprocess
import sys
import time

from utils.tf_import import import_tensorflow, quiet_tensorflow_logging  # noqa: F401 - the names notebooks use

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


def _distribution_version(*names: str) -> str | None:
    """Return the installed version of the first of these distributions that is installed, else None."""
    for name in names:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


def _gpus() -> str:
    """Name the GPUs: TensorFlow's list if it is loaded, else NVIDIA's driver tool (TensorFlow is not imported)."""
    tf = sys.modules.get("tensorflow")
    if tf is not None:
        gpus = tf.config.list_physical_devices("GPU")
        return ", ".join(g.name for g in gpus) if gpus else "none (CPU only)"
    tool = shutil.which("nvidia-smi")
    if tool is None:
        return "none found (CPU only)"
    try:
        listing = subprocess.run([tool, "-L"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown (nvidia-smi did not answer)"
    names = [line.split(" (UUID")[0] for line in listing.splitlines() if line.startswith("GPU ")]
    return ", ".join(names) if names else "none found (CPU only)"


def environment_report() -> dict[str, str]:
    """Return versions, devices, profile and data source as labelled strings (without importing TensorFlow)."""
    from utils.data import data_source
    from utils.profile import profile

    missing = "not installed"
    return {
        "Python": platform.python_version(),
        "TensorFlow": _distribution_version("tensorflow", "tensorflow-cpu", "tensorflow-macos") or missing,
        "Keras": _distribution_version("keras") or missing,
        "NumPy": _distribution_version("numpy") or missing,
        "Matplotlib": _distribution_version("matplotlib") or missing,
        "CPU": f"{os.cpu_count()} logical cores ({platform.machine()})",
        "GPU": _gpus(),
        "Runs in": "Google Colab" if in_colab() else "local Jupyter / Python",
        "Profile": profile().name + " (set COURSE_PROFILE=quick|full)",
        "Data": data_source(),
    }


def setup_problem() -> str | None:
    """Return one line saying what in this environment stops the course (versions, profile, data folder), or None."""
    problems = version_problems()
    if problems:
        return (
            "This environment is older than the course needs; upgrade, then rerun the Setup cell:\n  - "
            + "\n  - ".join(problems)
        )
    from utils.data import DATA_DIR_ENV, mirror_dir
    from utils.profile import profile

    try:
        profile()
    except ValueError as err:
        return f"{err} Fix it, restart the kernel and rerun the Setup cell."
    mirror = mirror_dir()
    if mirror is not None and not mirror.is_dir():
        what = "is a file, not a folder" if mirror.exists() else "does not exist"
        return (
            f"{DATA_DIR_ENV} names {mirror}, which {what}. Point it at the folder that holds your dataset mirror "
            f"(mnist.npz, cifar-10-python.tar.gz, aclImdb_v1.tar.gz), or unset it to download into the Keras "
            "cache; then restart the kernel and rerun the Setup cell."
        )
    return None


def setup(seed: int = 42, verbose: bool = True) -> None:
    """Prepare a notebook: install Colab extras, check the environment, seed everything, print the report.

    A problem the learner must fix (an old package, an unknown profile, a data folder that is not there, a failed
    install) stops the cell with one message saying what to do, not a traceback.
    """
    start = time.perf_counter()
    from utils.seeding import MAX_SEED

    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be a non-negative integer up to 2**32 - 1, got {seed!r:.40}.")
    if not isinstance(verbose, bool):
        raise TypeError(f"verbose must be True or False, got {verbose!r:.40}.")
    if in_colab():
        from utils.colab import install_missing

        try:
            install_missing()
        except RuntimeError as err:
            raise SystemExit(str(err)) from None  # one message in the notebook, not a traceback
    problem = setup_problem()
    if problem:
        raise SystemExit(problem)
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
