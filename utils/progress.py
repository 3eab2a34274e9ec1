"""Live progress for long trainings: a bar with the steps done, the time spent and the time left, redrawn in place.

In JupyterLab the bar is one output line updated in place; elsewhere (a terminal, a log) it prints a new line
each time. `TrainingProgress` serves a hand-written loop (call `update` every step); `fit_progress` returns a
Keras callback that drives one for `model.fit`, counting batches over all epochs, so the time left is for the
whole training, not for the current epoch.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from typing import Any

from utils.validation import positive_int, real_number, text

MAX_INTERVAL = 30.0  # seconds: the longest a learner waits for a sign of life (as long as one step is shorter)
BAR_WIDTH = 20
MAX_BATCHES = 10**9  # more batches than any fit on a laptop: a sign of a wrong argument


def format_duration(seconds: float) -> str:
    """Return a duration in words a learner reads at a glance: '45 s', '3 min 05 s', '1 h 02 min'."""
    seconds = real_number(seconds, "seconds", minimum=0.0)
    whole = int(round(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def _interval(value: Any) -> float:
    """Seconds between redraws: above 0 and at most MAX_INTERVAL."""
    seconds = real_number(value, "interval", maximum=MAX_INTERVAL)
    if seconds <= 0:
        raise ValueError(f"interval must be above 0 s and at most {MAX_INTERVAL:.0f} s, got {value!r}.")
    return seconds


def _jupyter_display() -> Callable[[str], None] | None:
    """A function that redraws one output line in place, when running in a Jupyter kernel; else None."""
    if "ipykernel" not in sys.modules:
        return None
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - ipykernel always brings IPython
        return None
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return None
    handle = None

    def show(line: str) -> None:
        nonlocal handle
        bundle = {"text/plain": line}
        if handle is None:
            handle = display(bundle, raw=True, display_id=True)
        else:
            handle.update(bundle, raw=True)

    return show


def _print_line(line: str) -> None:
    print(line, flush=True)


class TrainingProgress:
    """A progress bar for `total` steps: shown at most every `interval` seconds, with the expected time left."""

    def __init__(
        self,
        total: int,
        label: str = "training",
        *,
        unit: str = "step",
        interval: float = 10.0,
        show: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        """Start the clock; `show` receives each line (default: in place in Jupyter, printed elsewhere)."""
        self.total = positive_int(total, "total")
        self.label = text(label, "label")
        self.unit = text(unit, "unit")
        self.interval = _interval(interval)
        if show is not None and not callable(show):
            raise TypeError(f"show must be a function that takes one line of text, got {type(show).__name__}.")
        if not callable(clock):
            raise TypeError(f"clock must be a function returning seconds, got {type(clock).__name__}.")
        self._show = show or _jupyter_display() or _print_line
        self._clock = clock
        self.started = clock()
        self.done = 0
        self.last_line = ""
        self._first: tuple[int, float] | None = None  # the first update: its steps and time (tracing excluded)
        self._last_shown = -math.inf

    def remaining_seconds(self) -> float | None:
        """The expected seconds left, from the pace since the first update; None until it can be estimated."""
        if self._first is None:
            return None
        steps, at = self._first
        pace_steps, pace_seconds = self.done - steps, self._clock() - at
        if pace_steps <= 0 or pace_seconds <= 0:
            return None
        return pace_seconds / pace_steps * (self.total - self.done)

    def line(self, **metrics: float) -> str:
        """The progress line for the current state."""
        fraction = self.done / self.total
        filled = int(round(fraction * BAR_WIDTH))
        elapsed = self._clock() - self.started
        parts = [
            f"{self.label} {'█' * filled}{'░' * (BAR_WIDTH - filled)} {fraction:4.0%}",
            f"{self.unit} {self.done:,}/{self.total:,}",
            f"{format_duration(elapsed)} elapsed",
        ]
        if self.done >= self.total:
            parts.append("done")
        else:
            left = self.remaining_seconds()
            parts.append("estimating the time left" if left is None else f"about {format_duration(left)} left")
        parts += [f"{name} {value:.4g}" for name, value in metrics.items()]
        return " · ".join(parts)

    def update(self, done: int, **metrics: float) -> bool:
        """Record that `done` steps are finished; redraw when `interval` seconds have passed. Return True if shown."""
        done = int(positive_int(done, "done"))
        if done > self.total:
            raise ValueError(f"done must be at most total ({self.total:,}), got {done:,}.")
        for name, value in metrics.items():
            metrics[name] = real_number(value, name)
        self.done = done
        now = self._clock()
        if self._first is None:
            self._first = (done, now)
        if now - self._last_shown < self.interval and done < self.total:
            return False
        self._last_shown = now
        self.last_line = self.line(**metrics)
        self._show(self.last_line)
        return True


def fit_progress(
    label: str = "training",
    interval: float = 10.0,
    metrics: tuple[str, ...] = ("loss",),
    total_batches: int | None = None,
) -> Any:
    """A Keras callback showing a TrainingProgress over all of `model.fit`'s batches (use with verbose=0 or 2).

    total_batches: the batches of the whole fit, for datasets whose length Keras cannot know in advance.
    """
    label, interval = text(label, "label"), _interval(interval)
    if total_batches is not None:
        total_batches = positive_int(total_batches, "total_batches")
        if total_batches > MAX_BATCHES:
            raise ValueError(
                f"total_batches must be at most {MAX_BATCHES:,} (one fit's batches), got {total_batches:,}."
            )
    if not isinstance(metrics, (tuple, list)) or not all(isinstance(m, str) and m for m in metrics):
        raise TypeError(f"metrics must be a tuple of metric names such as ('loss', 'accuracy'), got {metrics!r}.")
    if not metrics:
        raise ValueError("metrics must name at least one metric to show, such as ('loss',); got an empty tuple.")
    import keras

    class FitProgress(keras.callbacks.Callback):
        """Counts batches across epochs and feeds them to a TrainingProgress."""

        def on_train_begin(self, logs=None):
            steps, epochs = self.params.get("steps"), self.params.get("epochs")
            total = total_batches or (steps * epochs if steps and epochs else None)
            if total is None:
                raise ValueError(
                    "fit_progress cannot tell how many batches this fit has (a dataset of unknown length): "
                    "pass total_batches=epochs * steps_per_epoch, or steps_per_epoch to fit()."
                )
            self.progress = TrainingProgress(total, label, unit="batch", interval=interval)
            self.seen = 0

        def on_train_batch_end(self, batch, logs=None):
            self.seen += 1
            logs = logs or {}
            shown = {m: float(logs[m]) for m in metrics if m in logs}
            self.progress.update(min(self.seen, self.progress.total), **shown)

    return FitProgress()
