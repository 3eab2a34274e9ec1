"""Serving helpers for notebook 10: timing, sizes, a TFLite runner and the serving figures."""

from __future__ import annotations

import contextlib
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from utils.validation import finite_array

# Messages TensorFlow Lite prints that say nothing about the learner's model: the interpreter's
# deprecation notice (its successor is LiteRT, package `ai-edge-litert`), the converter's note
# about input statistics, and the native "XNNPACK delegate" / "fully_quantize" lines.
_NOISY_WARNINGS = (
    r".*tf\.lite\.Interpreter is deprecated.*",
    r".*Statistics for quantized inputs were expected.*",
)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence TensorFlow Lite's chatter (Python warnings and native prints) inside the block.

    Native code writes straight to the process's file descriptors 1 and 2, so those are
    pointed at /dev/null for the block and restored afterwards; errors still raise.
    """
    with warnings.catch_warnings():
        for pattern in _NOISY_WARNINGS:
            warnings.filterwarnings("ignore", message=pattern)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        saved: list[tuple[int, int]] = []
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            for fd in (1, 2):
                try:
                    saved.append((fd, os.dup(fd)))
                    os.dup2(devnull, fd)
                except OSError:  # no such descriptor in this front end
                    pass
            with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
                yield
        finally:
            for fd, copy in saved:
                os.dup2(copy, fd)
                os.close(copy)
            os.close(devnull)


MAX_CALLS = 1_000_000  # timed calls in one measurement


def time_calls(fn: Callable[[], Any], repeats: int, warmup: int = 5) -> np.ndarray:
    """Call fn() `warmup` times untimed, then `repeats` times; return each call's seconds."""
    if not callable(fn):
        raise ValueError(f"fn must be callable with no arguments, got {type(fn).__name__}.")
    if isinstance(repeats, bool) or not isinstance(repeats, (int, np.integer)) or not 1 <= repeats <= MAX_CALLS:
        raise ValueError(f"repeats must be an integer from 1 to {MAX_CALLS:,}, got {repeats!r:.40}.")
    if isinstance(warmup, bool) or not isinstance(warmup, (int, np.integer)) or not 0 <= warmup <= MAX_CALLS:
        raise ValueError(f"warmup must be an integer from 0 to {MAX_CALLS:,}, got {warmup!r:.40}.")
    for _ in range(warmup):
        _block(fn())
    times = np.empty(int(repeats))
    for i in range(int(repeats)):
        start = time.perf_counter()
        _block(fn())
        times[i] = time.perf_counter() - start
    return times


def _block(result: Any) -> None:
    """Make sure asynchronous results (TensorFlow tensors on a GPU) are finished."""
    if isinstance(result, Mapping):
        result = list(result.values())
    for item in result if isinstance(result, (list, tuple)) else [result]:
        if hasattr(item, "numpy"):
            item.numpy()


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    """Return the median, 95th percentile, mean and count of call times, in milliseconds."""
    times = finite_array(seconds, "seconds", allow_empty=True)
    if times.ndim != 1 or times.size == 0:
        raise ValueError(f"seconds must be a non-empty 1-D sequence of call times, got shape {times.shape}.")
    if np.any(times < 0):
        raise ValueError(f"seconds must be call times >= 0, got {times.min():g}.")
    ms = times * 1e3
    return {
        "median_ms": float(np.median(ms)),
        "p95_ms": float(np.percentile(ms, 95)),
        "mean_ms": float(ms.mean()),
        "n": int(ms.size),
    }


def physical_cores(cpuinfo: str | None = None) -> int | None:
    """Return the number of physical CPU cores in /proc/cpuinfo (hyper-threads not counted), None if unknown.

    Each distinct (physical id, core id) pair is one core; a CPU listed without those fields counts as its own
    core. Notebook 10 uses it to price a cloud instance whose vCPUs are hyper-threads of fewer cores.
    """
    if cpuinfo is None:
        try:
            with open("/proc/cpuinfo", encoding="utf-8") as handle:
                cpuinfo = handle.read()
        except OSError:
            return None
    if not isinstance(cpuinfo, str):
        raise TypeError(f"cpuinfo must be the text of /proc/cpuinfo (a str) or None, got {type(cpuinfo).__name__}.")
    cores = set()
    for number, block in enumerate(b for b in cpuinfo.split("\n\n") if b.strip()):
        fields = dict(
            (key.strip(), value.strip()) for key, _, value in (line.partition(":") for line in block.splitlines())
        )
        if "processor" not in fields:
            continue
        if "physical id" in fields and "core id" in fields:
            cores.add((fields["physical id"], fields["core id"]))
        else:
            cores.add(("cpu", str(number)))
    return len(cores) or None


def size_bytes(path: str | os.PathLike) -> int:
    """Return the size of a file, or the total size of every file under a folder."""
    if not isinstance(path, (str, os.PathLike)) or (isinstance(path, str) and not path.strip()):
        raise TypeError(f"path must be a file or folder path, got {type(path).__name__} {path!r:.40}.")
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    raise FileNotFoundError(f"{path} does not exist: save or export the model first.")


class TFLiteModel:
    """Run a TensorFlow Lite model on NumPy batches: quantises inputs, dequantises outputs."""

    def __init__(self, model_content: bytes, num_threads: int | None = None):
        """Load the flatbuffer bytes returned by `TFLiteConverter.convert()`."""
        if not isinstance(model_content, (bytes, bytearray)) or len(model_content) == 0:
            raise ValueError("model_content must be the non-empty bytes of a .tflite model.")
        if num_threads is not None and (
            isinstance(num_threads, bool) or not isinstance(num_threads, int) or not 1 <= num_threads <= 1024
        ):
            raise ValueError(f"num_threads must be None or an integer from 1 to 1024, got {num_threads!r:.40}.")
        import tensorflow as tf

        try:
            with quiet():
                self.interpreter = tf.lite.Interpreter(model_content=bytes(model_content), num_threads=num_threads)
        except ValueError as err:
            raise ValueError(
                f"model_content is not a TensorFlow Lite model ({err}): pass the bytes that "
                "tf.lite.TFLiteConverter.convert() returned, or the contents of a .tflite file."
            ) from None
        self._input = self.interpreter.get_input_details()[0]
        self._output = self.interpreter.get_output_details()[0]
        self._batch = None
        self.size = len(model_content)

    @property
    def input_dtype(self) -> np.dtype:
        """The dtype the model's input tensor holds (float32, int8 or uint8)."""
        return np.dtype(self._input["dtype"])

    @property
    def output_dtype(self) -> np.dtype:
        """The dtype the model's output tensor holds."""
        return np.dtype(self._output["dtype"])

    def _quantise(self, x: np.ndarray) -> np.ndarray:
        dtype = self.input_dtype
        if dtype.kind == "f":
            return x.astype(dtype)
        scale, zero = self._input["quantization"]
        info = np.iinfo(dtype)
        return np.clip(np.round(x / scale + zero), info.min, info.max).astype(dtype)

    def _dequantise(self, y: np.ndarray) -> np.ndarray:
        if self.output_dtype.kind == "f":
            return y.astype(np.float32)
        scale, zero = self._output["quantization"]
        return ((y.astype(np.float32) - zero) * scale).astype(np.float32)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Return the float outputs for a float batch x shaped like the model's input."""
        x = finite_array(x, "x", allow_empty=True).astype(np.float32)
        expected = tuple(self._input["shape_signature"][1:])
        if x.ndim != len(expected) + 1 or tuple(x.shape[1:]) != expected:
            raise ValueError(f"expected a batch of shape (N, {', '.join(map(str, expected))}), got {x.shape}.")
        if x.shape[0] != self._batch:
            with quiet():
                self.interpreter.resize_tensor_input(self._input["index"], list(x.shape))
                self.interpreter.allocate_tensors()
            self._batch = x.shape[0]
        self.interpreter.set_tensor(self._input["index"], self._quantise(x))
        self.interpreter.invoke()
        return self._dequantise(self.interpreter.get_tensor(self._output["index"]))

    def predict(self, x: np.ndarray, batch_size: int = 1000) -> np.ndarray:
        """Return the outputs for any number of inputs, run in batches of batch_size."""
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}.")
        x = finite_array(x, "x", allow_empty=True).astype(np.float32)
        if x.ndim == 0 or len(x) == 0:
            raise ValueError("x is empty: nothing to predict.")
        parts = [self(x[i : i + batch_size]) for i in range(0, len(x), batch_size)]
        if len(parts) > 1 and len(parts[-1]) != batch_size:
            self._batch = None  # the next full batch reallocates
        return np.concatenate(parts)
