"""Import TensorFlow once, quietly, when a notebook first needs it; run what must follow the import (seeding).

`utils.setup()` does not import TensorFlow: notebooks 00-02 never need it, and the others import it in their
imports cell. `watch_tensorflow_import` installs an import hook so that whichever line imports TensorFlow first
(`import tensorflow`, `import keras`, a helper) imports it with its start-up chatter silenced, leaves Python's
and NumPy's random streams as they were, and then runs the registered callbacks (the TensorFlow seed).
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.util
import os
import random
import sys
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

_QUIET_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "2",  # C++ INFO and WARNING off once logging is initialised
    "GRPC_VERBOSITY": "ERROR",
}

# What runs right after TensorFlow is imported, by name (a later registration under the same name replaces an
# earlier one, so rerunning the Setup cell with another seed keeps one seeding callback).
_AFTER_IMPORT: dict[str, Callable[[ModuleType], None]] = {}


def quiet_tensorflow_logging() -> None:
    """Set the environment so TensorFlow's C++ and Python loggers stay quiet."""
    for key, value in _QUIET_ENV.items():
        os.environ.setdefault(key, value)


@contextlib.contextmanager
def _stderr_silenced() -> Iterator[None]:
    """Point file descriptor 2 at /dev/null: messages printed before absl logging starts ignore the log level."""
    try:
        saved = os.dup(2)
    except OSError:  # no real stderr (some embedded front ends)
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _random_states() -> tuple[Any, Any]:
    """Return the states of Python's and (if imported) NumPy's global random generators."""
    numpy = sys.modules.get("numpy")
    return random.getstate(), numpy.random.get_state() if numpy is not None else None


def _restore_random_states(states: tuple[Any, Any]) -> None:
    random.setstate(states[0])
    numpy = sys.modules.get("numpy")
    if numpy is not None and states[1] is not None:
        numpy.random.set_state(states[1])


# Importing these draws from Python's random module (TensorFlow, and `rich` under Keras): their import leaves
# the learner's random streams as they were, as if they had been imported before the seeds were set.
_WATCHED = ("tensorflow", "keras")


class _QuietLoader(importlib.abc.Loader):
    """Loads TensorFlow quietly (then runs the after-import callbacks), or Keras, keeping the random streams."""

    def __init__(self, loader: Any, name: str) -> None:
        self._loader = loader
        self._name = name

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loader, name)  # get_source, get_resource_reader, is_package...

    def create_module(self, spec: Any) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        states = _random_states()
        if self._name != "tensorflow":
            try:
                self._loader.exec_module(module)
            finally:
                _restore_random_states(states)
            if all(name in sys.modules for name in _WATCHED):
                sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, _TensorFlowFinder)]
            return
        quiet_tensorflow_logging()
        try:
            with _stderr_silenced():
                self._loader.exec_module(module)
                module.config.list_physical_devices()  # the CUDA probe also prints; do it while quiet
        finally:
            _restore_random_states(states)
        module.get_logger().setLevel("ERROR")
        if all(name in sys.modules for name in _WATCHED):
            sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, _TensorFlowFinder)]
        callbacks = list(_AFTER_IMPORT.values())
        _AFTER_IMPORT.clear()
        for callback in callbacks:
            callback(module)


class _TensorFlowFinder(importlib.abc.MetaPathFinder):
    """A meta-path finder that hands the real `tensorflow` and `keras` specs out with a quiet loader."""

    _searching = False

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname not in _WATCHED or self._searching:
            return None
        self._searching = True
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            self._searching = False
        if spec is None or spec.loader is None:
            return None
        spec.loader = _QuietLoader(spec.loader, fullname)
        return spec


def _install_hook() -> None:
    """Put the finder first on sys.meta_path (once, and only while something it watches is still to import)."""
    installed = any(isinstance(finder, _TensorFlowFinder) for finder in sys.meta_path)
    if not installed and not all(name in sys.modules for name in _WATCHED):
        sys.meta_path.insert(0, _TensorFlowFinder())


def watch_tensorflow_import(name: str, callback: Callable[[ModuleType], None]) -> None:
    """Run callback(tf) right after TensorFlow is first imported (at once if it already is), under `name`.

    The import itself is made quiet (no CUDA probes or oneDNN notes on stderr) and leaves Python's and NumPy's
    random streams untouched. A later call with the same name replaces the earlier callback.
    """
    if not isinstance(name, str) or not name.strip():
        raise TypeError(f"name must be a non-empty string naming the callback, got {name!r:.40}.")
    if not callable(callback):
        raise TypeError(f"callback must be a function of the tensorflow module, got {type(callback).__name__}.")
    if "tensorflow" in sys.modules:
        callback(sys.modules["tensorflow"])
        return
    _AFTER_IMPORT[name] = callback
    _install_hook()


def import_tensorflow() -> ModuleType:
    """Import TensorFlow with its start-up chatter (CUDA probes, oneDNN notes) silenced, and return it."""
    if "tensorflow" in sys.modules:
        return sys.modules["tensorflow"]
    _install_hook()
    import tensorflow as tf

    return tf
