import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from utils.lessons.cnn_lab import helpers

RNG = np.random.default_rng(0)
IMAGES = RNG.integers(0, 256, size=(40, 8, 8, 3), dtype=np.uint8)
LABELS = np.arange(40) % 10


def _which(batch_images: np.ndarray, shift: int = 0) -> list[tuple[int, bool, tuple[int, int]]]:
    """Identify each augmented image: (source index, mirrored?, offset) by matching every possible crop."""
    padded = np.pad(IMAGES, ((0, 0), (shift, shift), (shift, shift), (0, 0)), mode="reflect")
    found = []
    for image in batch_images:
        hits = [
            (k, mirrored, (i, j))
            for k in range(len(IMAGES))
            for mirrored in (False, True)
            for i in range(2 * shift + 1)
            for j in range(2 * shift + 1)
            if np.array_equal(image, (padded[k, :, ::-1] if mirrored else padded[k])[i : i + 8, j : j + 8])
        ]
        assert hits, "an output image is no shifted or mirrored copy of any input"
        found.append(hits[0])
    return found


def test_shift_and_flip_crops_within_range_and_mirrors_the_marked_images():
    flipped = np.arange(40) % 3 == 0
    out = helpers.shift_and_flip(IMAGES, 2, flipped, seed=1)
    assert out.shape == IMAGES.shape and out.dtype == IMAGES.dtype
    found = _which(out, shift=2)
    assert [k for k, _, _ in found] == list(range(40))  # order kept
    assert np.array_equal([m for _, m, _ in found], flipped)
    assert len({offset for _, _, offset in found}) > 10  # offsets drawn across the 5 x 5 range
    assert np.array_equal(helpers.shift_and_flip(IMAGES, 0, np.zeros(40, dtype=bool)), IMAGES)


def test_alternating_flip_shows_every_image_both_ways_in_each_pair_of_epochs():
    stream = helpers.flip_shift_batches(IMAGES, LABELS, batch_size=40, epochs=4, shift=0, flip="alternating")
    states = []
    for images, onehot in stream:
        found = _which(images)
        assert np.array_equal(onehot.argmax(axis=1), LABELS[[k for k, _, _ in found]])  # labels follow images
        states.append(dict((k, m) for k, m, _ in found))
    assert len(states) == 4
    assert all(states[0][k] != states[1][k] and states[0][k] == states[2][k] != states[3][k] for k in range(40))
    assert 10 < sum(states[0].values()) < 30  # a random half to start with


def test_random_and_no_flip():
    random_states = [
        dict((k, m) for k, m, _ in _which(images))
        for images, _ in helpers.flip_shift_batches(IMAGES, LABELS, 40, 2, shift=0, flip="random", seed=3)
    ]
    assert random_states[0] != random_states[1]  # drawn afresh, not alternated
    assert any(random_states[0][k] == random_states[1][k] for k in range(40))
    for images, _ in helpers.flip_shift_batches(IMAGES, LABELS, 40, 1, shift=0, flip="none"):
        assert not any(m for _, m, _ in _which(images))


def test_batches_per_epoch_reshuffle_and_seed():
    batches = list(helpers.flip_shift_batches(IMAGES, LABELS, batch_size=16, epochs=3, seed=5))
    assert len(batches) == 3 * (40 // 16)
    assert all(images.shape == (16, 8, 8, 3) and onehot.shape == (16, 10) for images, onehot in batches)
    assert not np.array_equal(batches[0][1], batches[2][1])  # a new order every epoch
    again = list(helpers.flip_shift_batches(IMAGES, LABELS, batch_size=16, epochs=3, seed=5))
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(batches, again))


@pytest.mark.parametrize(
    "call",
    [
        lambda: helpers.flip_shift_batches(IMAGES.tolist(), LABELS, 8, 1),
        lambda: helpers.flip_shift_batches(IMAGES[0], LABELS, 8, 1),
        lambda: helpers.flip_shift_batches(IMAGES, LABELS[:-1], 8, 1),
        lambda: helpers.flip_shift_batches(IMAGES, LABELS, 41, 1),
        lambda: helpers.flip_shift_batches(IMAGES, LABELS, 8, 0),
        lambda: helpers.flip_shift_batches(IMAGES, LABELS, 8, 1, shift=8),
        lambda: helpers.flip_shift_batches(IMAGES, LABELS, 8, 1, flip="sometimes"),
        lambda: helpers.flip_shift_batches(IMAGES, LABELS + 1, 8, 1),
        lambda: helpers.flip_shift_batches(IMAGES.astype(np.float32) * np.nan, LABELS, 8, 1),
        lambda: helpers.shift_and_flip(IMAGES, 2, np.ones(39, dtype=bool)),
        lambda: helpers.shift_and_flip(IMAGES, -1, np.ones(40, dtype=bool)),
    ],
)
def test_bad_input_is_refused_with_a_clear_error(call):
    with pytest.raises((ValueError, TypeError)):
        call()


def _write_ablation(tmp_path, rows: list[list[str]], header=helpers.ABLATION_COLUMNS):
    path = tmp_path / "ablation.csv"
    lines = [",".join(header)] + [",".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD_ROW = ["recipe", "64/128/128", "8", "50000", "0.87", "", "0.88", "1324", "0.43", "2026-12-05", "a log"]


def test_load_ablation_reads_the_committed_table():
    rows = helpers.load_ablation()
    assert rows and all(set(row) == set(helpers.ABLATION_COLUMNS) for row in rows)
    assert any(row["relative_train_time"] == 1.0 for row in rows)  # today's recipe is the unit of time
    for row in rows:
        assert row["source"] and row["measured_on"]
        assert all(0 < a <= 1 for a in (row[c] for c in helpers._ACCURACIES) if a is not None)


def test_load_ablation_types_and_empty_accuracy(tmp_path):
    (row,) = helpers.load_ablation(_write_ablation(tmp_path, [GOOD_ROW]))
    assert row["widths"] == (64, 128, 128) and row["epochs"] == 8 and row["train_images"] == 50000
    assert row["test_accuracy_plain"] == 0.87 and row["test_accuracy_flip"] is None
    assert row["relative_train_time"] == 0.43


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (1, "64-128", "widths"),
        (2, "0", "epochs"),
        (2, "-1.5", "epochs"),
        (2, "nan", "epochs"),
        (2, "many", "epochs"),
        (3, "2.5", "train_images"),
        (4, "87", "at most 1"),
        (6, "nan", "positive finite"),
        (8, "", "relative_train_time"),
        (9, "yesterday", "measured_on"),
        (10, "", "source"),
    ],
)
def test_load_ablation_rejects_bad_rows(tmp_path, column, value, message):
    row = list(GOOD_ROW)
    row[column] = value
    with pytest.raises(ValueError, match=message):
        helpers.load_ablation(_write_ablation(tmp_path, [row]))


def test_load_ablation_keeps_a_fractional_epoch_count(tmp_path):
    row = list(GOOD_ROW)
    row[2] = "9.5"
    (parsed,) = helpers.load_ablation(_write_ablation(tmp_path, [row]))
    assert parsed["epochs"] == 9.5
    row[2] = "8.0"
    (parsed,) = helpers.load_ablation(_write_ablation(tmp_path, [row]))
    assert parsed["epochs"] == 8 and isinstance(parsed["epochs"], int)


def test_load_ablation_rejects_bad_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="path"):
        helpers.load_ablation(tmp_path / "missing.csv")
    with pytest.raises(TypeError, match="path"):
        helpers.load_ablation(3)
    with pytest.raises(ValueError, match="columns"):
        helpers.load_ablation(_write_ablation(tmp_path, [GOOD_ROW], header=helpers.ABLATION_COLUMNS[:-1]))
    with pytest.raises(ValueError, match="no rows"):
        helpers.load_ablation(_write_ablation(tmp_path, []))
    no_accuracy = GOOD_ROW[:4] + ["", "", ""] + GOOD_ROW[7:]
    with pytest.raises(ValueError, match="at least one test accuracy"):
        helpers.load_ablation(_write_ablation(tmp_path, [no_accuracy]))


def test_ablation_sources_point_at_code_a_reader_can_find():
    """A row's source names committed code (a script, a commit of this repository) or says it was not kept."""
    root = Path(__file__).resolve().parents[3]
    for row in helpers.load_ablation():
        source = row["source"]
        assert "on branch" not in source and "(branch " not in source, f"{row['change']}: branches are not shipped"
        if "experiments/" in source or "research branch" in source:
            assert "not kept in this repository" in source, f"{row['change']}: research code must say it is absent"
        for script in re.findall(r"scripts/[\w/]+\.py", source):
            assert (root / script).is_file(), f"{row['change']}: {script} does not exist"
        for commit in re.findall(r"commit ([0-9a-f]{7,40})\b", source):
            found = subprocess.run(
                ["git", "-C", str(root), "cat-file", "-e", f"{commit}^{{commit}}"], capture_output=True, check=False
            )
            assert found.returncode == 0, f"{row['change']}: commit {commit} is not in this repository's history"
