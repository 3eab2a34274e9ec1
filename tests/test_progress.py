"""Tests of utils.progress: the bar shows often enough, estimates the time left right, and names bad input."""

from __future__ import annotations

import numpy as np
import pytest

from utils import progress
from utils.progress import TrainingProgress, fit_progress, format_duration


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def make(total=100, interval=10.0, **kwargs):
    clock, lines = FakeClock(), []
    return TrainingProgress(total, "DCGAN", interval=interval, show=lines.append, clock=clock, **kwargs), clock, lines


def test_format_duration():
    assert format_duration(0) == "0 s"
    assert format_duration(44.6) == "45 s"
    assert format_duration(185) == "3 min 05 s"
    assert format_duration(3725) == "1 h 02 min"


def test_first_update_shows_and_waits_for_a_pace():
    bar, clock, lines = make()
    clock.now += 3.0  # the first step includes tracing
    assert bar.update(1, d_loss=1.25) is True
    assert lines == [bar.last_line]
    assert "DCGAN" in lines[0] and "step 1/100" in lines[0] and "estimating the time left" in lines[0]
    assert "d_loss 1.25" in lines[0]


def test_time_left_comes_from_the_pace_after_the_first_update():
    bar, clock, lines = make(total=101)
    clock.now += 30.0  # a slow first step (tracing) does not count in the pace
    bar.update(1)
    for step in range(2, 52):
        clock.now += 0.5
        bar.update(step)
    # 50 steps in 25 s after the first update: 0.5 s per step, 50 steps left -> 25 s
    assert bar.remaining_seconds() == pytest.approx(25.0)
    assert "about 25 s left" in bar.line()
    assert "55 s elapsed" in bar.line()


def test_redraws_at_most_every_interval_and_at_the_end():
    bar, clock, lines = make(total=200, interval=10.0)
    for step in range(1, 201):
        clock.now += 0.25  # 50 s in all
        bar.update(step)
    # first update, then every 10 s (40 steps), then the last step
    assert len(lines) == 6
    assert lines[-1].endswith("done") and "100%" in lines[-1] and "step 200/200" in lines[-1]
    assert "█" * progress.BAR_WIDTH in lines[-1]


def test_never_silent_longer_than_the_interval_when_steps_are_shorter():
    bar, clock, lines = make(total=1000, interval=30.0)
    shown_at = []
    rng = np.random.default_rng(0)
    for step in range(1, 1001):
        clock.now += float(rng.uniform(0.0, 2.0))
        if bar.update(step):
            shown_at.append(clock.now)
    gaps = np.diff(shown_at)
    assert gaps.max() <= 30.0 + 2.0  # at most one step longer than the interval


def test_half_way_bar():
    bar, clock, _ = make(total=10)
    bar.update(5)
    assert "█" * (progress.BAR_WIDTH // 2) + "░" * (progress.BAR_WIDTH // 2) in bar.line()
    assert "50%" in bar.line()


def test_prints_lines_outside_jupyter(capsys):
    bar = TrainingProgress(3, "judge", unit="batch", interval=0.001)
    bar.update(3, loss=np.float32(0.5))
    out = capsys.readouterr().out
    assert "judge" in out and "batch 3/3" in out and "loss 0.5" in out and "done" in out


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"total": 0}, ValueError, "total"),
        ({"total": 2.5}, TypeError, "total"),
        ({"total": 10, "label": ""}, ValueError, "label"),
        ({"total": 10, "interval": 0}, ValueError, "interval"),
        ({"total": 10, "interval": 60}, ValueError, "interval"),
        ({"total": 10, "show": "print"}, TypeError, "show"),
        ({"total": 10, "clock": 3.0}, TypeError, "clock"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, words):
    with pytest.raises(error, match=words):
        TrainingProgress(**kwargs)


def test_bad_updates_are_named():
    bar, _, _ = make(total=10)
    with pytest.raises(ValueError, match="at most total"):
        bar.update(11)
    with pytest.raises(TypeError, match="done"):
        bar.update(1.5)
    with pytest.raises(ValueError, match="d_loss"):
        bar.update(1, d_loss=float("nan"))


def test_fit_progress_counts_batches_over_all_epochs(monkeypatch):
    import keras

    lines = []
    real = progress.TrainingProgress

    def recording(*args, **kwargs):
        return real(*args, show=lines.append, **kwargs)

    monkeypatch.setattr(progress, "TrainingProgress", recording)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.zeros((40, 2), "float32"), np.zeros((40, 1), "float32")
    callback = fit_progress("tiny fit", interval=30.0)
    model.fit(x, y, batch_size=10, epochs=3, verbose=0, callbacks=[callback])
    assert callback.progress.total == 12 and callback.progress.done == 12
    assert "batch 12/12" in lines[-1] and lines[-1].count("done") == 1 and "loss " in lines[-1]


def test_fit_progress_with_a_dataset_of_unknown_length():
    import keras
    import tensorflow as tf

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    data = tf.data.Dataset.from_tensor_slices((np.zeros((40, 2), "float32"), np.zeros((40, 1), "float32")))
    unknown = data.filter(lambda x, y: True).batch(10)  # Keras cannot count the batches in advance
    with pytest.raises(ValueError, match="total_batches"):
        model.fit(unknown, epochs=2, verbose=0, shuffle=False, callbacks=[fit_progress("tiny fit")])
    callback = fit_progress("tiny fit", total_batches=8)
    model.fit(unknown, epochs=2, verbose=0, shuffle=False, callbacks=[callback])
    assert callback.progress.done == 8 and callback.progress.total == 8


def test_fit_progress_bad_arguments():
    with pytest.raises(TypeError, match="metrics"):
        fit_progress(metrics="loss")
    with pytest.raises(ValueError, match="interval"):
        fit_progress(interval=45)
    with pytest.raises(ValueError, match="total_batches"):
        fit_progress(total_batches=0)


def test_in_a_jupyter_kernel_the_bar_is_one_output_updated_in_place():
    import nbformat
    from nbclient import NotebookClient

    root = str(progress.__file__).rsplit("/utils/", 1)[0]
    code = (
        f"import sys; sys.path.insert(0, {root!r})\n"
        "from utils.progress import TrainingProgress\n"
        "bar = TrainingProgress(50, 'kernel test', interval=0.001)\n"
        "for step in range(1, 51):\n"
        "    bar.update(step, loss=1.0 / step)\n"
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = nb.cells[0].outputs
    assert [o.output_type for o in outputs] == ["display_data"]  # no stream of lines: one output, redrawn
    final = outputs[0].data["text/plain"]
    assert "kernel test" in final and "step 50/50" in final and "done" in final
