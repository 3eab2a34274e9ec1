import hashlib
import io
import os
import pickle
import tarfile
from pathlib import Path

import numpy as np
import pytest

from utils import data
from utils.data import DatasetIntegrityError, DatasetUnavailableError


def write_sums(folder: Path) -> None:
    lines = [f"{data.sha256_file(p)}  {p.name}\n" for p in sorted(folder.iterdir()) if p.name != "SHA256SUMS"]
    (folder / "SHA256SUMS").write_text("".join(lines))


def fake_mnist(path: Path, n_train=60000, n_test=10000) -> None:
    rng = np.random.default_rng(0)
    np.savez(
        path,
        x_train=rng.integers(0, 255, (n_train, 28, 28), dtype=np.uint8),
        y_train=rng.integers(0, 10, n_train).astype(np.uint8),
        x_test=rng.integers(0, 255, (n_test, 28, 28), dtype=np.uint8),
        y_test=rng.integers(0, 10, n_test).astype(np.uint8),
    )


def tar_with(path: Path, members: dict[str, bytes], symlink: tuple[str, str] | None = None) -> None:
    with tarfile.open(path, "w:gz") as tar:
        for name, payload in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
        if symlink:
            info = tarfile.TarInfo(symlink[0])
            info.type, info.linkname = tarfile.SYMTYPE, symlink[1]
            tar.addfile(info)


@pytest.fixture
def mirror(tmp_path, monkeypatch, isolated_cache):
    folder = tmp_path / "mirror"
    folder.mkdir()
    monkeypatch.setenv("COURSE_DATA_DIR", str(folder))
    return folder


# ---- registry and resolution -------------------------------------------------


def test_registry_matches_design():
    assert data.dataset_info("mnist").sha256.startswith("731c5ac6")
    assert data.dataset_info("cifar10").file == "cifar-10-python.tar.gz"
    assert data.dataset_info("imdb").url.endswith("aclImdb_v1.tar.gz")


def test_unknown_dataset_name():
    with pytest.raises(ValueError, match="Unknown dataset 'mnsit'; known datasets: cifar10, imdb, mnist"):
        data.dataset_info("mnsit")


def test_mirror_folder_missing(tmp_path, monkeypatch, isolated_cache):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(DatasetUnavailableError, match="is not a folder"):
        data.load_mnist()


def test_missing_file_in_mirror_names_file_url_and_fix(mirror):
    with pytest.raises(FileNotFoundError) as err:
        data.load_mnist()
    message = str(err.value)
    assert "mnist.npz" in message and "storage.googleapis.com" in message
    assert "COURSE_DATA_DIR" in message and "prepare.py" in message


def test_offline_without_mirror_is_one_clear_error(isolated_cache, monkeypatch):
    info = data.REGISTRY["mnist"]
    monkeypatch.setitem(
        data.REGISTRY, "mnist", data.DatasetInfo("mnist", info.file, "http://127.0.0.1:9/mnist.npz", info.sha256, "")
    )
    with pytest.raises(DatasetUnavailableError) as err:
        data.load_mnist()
    assert "mnist.npz" in str(err.value) and "http://127.0.0.1:9/mnist.npz" in str(err.value)
    assert "COURSE_DATA_DIR" in str(err.value)
    assert not list((isolated_cache / "datasets").glob("*.part*"))


def test_mirror_file_failing_sha256sums(mirror):
    fake_mnist(mirror / "mnist.npz", 10, 10)
    write_sums(mirror)
    with open(mirror / "mnist.npz", "ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(DatasetIntegrityError, match="fails its checksum"):
        data.load_mnist()


def test_sha256sums_without_entry(mirror):
    fake_mnist(mirror / "mnist.npz", 10, 10)
    (mirror / "SHA256SUMS").write_text("0" * 64 + "  other.npz\n")
    with pytest.raises(DatasetIntegrityError, match="lists no checksum for mnist.npz"):
        data.load_mnist()


def test_malformed_sha256sums(mirror):
    fake_mnist(mirror / "mnist.npz", 10, 10)
    (mirror / "SHA256SUMS").write_text("not a checksum line\n")
    with pytest.raises(DatasetIntegrityError, match="line 1"):
        data.load_mnist()


def test_truncated_mirror_file(mirror):
    fake_mnist(mirror / "mnist.npz", 100, 10)
    blob = (mirror / "mnist.npz").read_bytes()
    (mirror / "mnist.npz").write_bytes(blob[: len(blob) // 2])
    write_sums(mirror)  # the checksum matches: the structure check must still catch it
    with pytest.raises(DatasetIntegrityError, match="corrupted or truncated"):
        data.load_mnist()


def test_mnist_wrong_shapes(mirror):
    fake_mnist(mirror / "mnist.npz", 100, 10)
    with pytest.raises(DatasetIntegrityError, match=r"x_train has shape \(100, 28, 28\)"):
        data.load_mnist()


def test_mnist_missing_arrays(mirror):
    np.savez(mirror / "mnist.npz", x_train=np.zeros((1, 28, 28), np.uint8))
    with pytest.raises(DatasetIntegrityError, match="lacks the arrays"):
        data.load_mnist()


def test_cifar_pickle_cannot_run_code(mirror):
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    tar_with(
        mirror / "cifar-10-python.tar.gz",
        {f"cifar-10-batches-py/data_batch_{i}": pickle.dumps(Evil()) for i in range(1, 6)},
    )
    with pytest.raises(DatasetIntegrityError, match="Refusing to load"):
        data.load_cifar10()


def test_restricted_unpickler_allows_arrays():
    payload = pickle.dumps({b"data": np.arange(6, dtype=np.uint8), b"labels": [1, 2]})
    obj = data.restricted_loads(payload)
    np.testing.assert_array_equal(obj[b"data"], np.arange(6))


def test_cifar_truncated_archive(mirror):
    tar_with(mirror / "cifar-10-python.tar.gz", {"cifar-10-batches-py/data_batch_1": b"x" * 5000})
    blob = (mirror / "cifar-10-python.tar.gz").read_bytes()
    (mirror / "cifar-10-python.tar.gz").write_bytes(blob[:40])
    with pytest.raises(DatasetIntegrityError, match="CIFAR-10 archive"):
        data.load_cifar10()


def test_safe_extract_refuses_escaping_member(tmp_path):
    archive = tmp_path / "evil.tar.gz"
    tar_with(archive, {"aclImdb/ok.txt": b"fine", "../escaped.txt": b"bad"})
    target = tmp_path / "out" / "target"
    with pytest.raises(DatasetIntegrityError, match="outside"):
        data.safe_extract(archive, target)
    assert not (tmp_path / "out" / "escaped.txt").exists()
    assert not target.exists() and not list((tmp_path / "out").glob("*.part*"))


def test_safe_extract_refuses_absolute_member(tmp_path):
    archive = tmp_path / "abs.tar.gz"
    tar_with(archive, {"/tmp/course-absolute-member.txt": b"bad"})
    with pytest.raises(DatasetIntegrityError):
        data.safe_extract(archive, tmp_path / "target")
    assert not Path("/tmp/course-absolute-member.txt").exists()


def test_safe_extract_refuses_escaping_symlink(tmp_path):
    archive = tmp_path / "link.tar.gz"
    tar_with(archive, {}, symlink=("aclImdb/link", "/etc/passwd"))
    with pytest.raises(DatasetIntegrityError):
        data.safe_extract(archive, tmp_path / "target")


def test_safe_extract_good_archive_is_cached(tmp_path):
    archive = tmp_path / "good.tar.gz"
    tar_with(archive, {"aclImdb/a.txt": b"hello"})
    target = data.safe_extract(archive, tmp_path / "target")
    assert (target / "aclImdb" / "a.txt").read_text() == "hello"
    archive.unlink()  # a second call must not need the archive again
    assert data.safe_extract(archive, tmp_path / "target") == target


def test_imdb_archive_without_expected_folders(mirror):
    tar_with(mirror / "aclImdb_v1.tar.gz", {"aclImdb/README": b"no reviews"})
    with pytest.raises(DatasetIntegrityError, match="no aclImdb/train/neg"):
        data.load_imdb()


def test_download_is_verified_and_atomic(tmp_path):
    source = tmp_path / "src.bin"
    source.write_bytes(b"course data")
    digest = hashlib.sha256(b"course data").hexdigest()
    dest = tmp_path / "cache" / "file.bin"
    data.download(source.as_uri(), dest, digest)
    assert dest.read_bytes() == b"course data"
    with pytest.raises(DatasetIntegrityError, match="discarded"):
        data.download(source.as_uri(), tmp_path / "cache" / "bad.bin", "0" * 64)
    assert not (tmp_path / "cache" / "bad.bin").exists()
    assert not list((tmp_path / "cache").glob("*.part*"))


def test_cache_download_path_used_without_mirror(isolated_cache, monkeypatch, tmp_path):
    source = tmp_path / "mnist.npz"
    fake_mnist(source)
    info = data.REGISTRY["mnist"]
    monkeypatch.setitem(
        data.REGISTRY, "mnist", data.DatasetInfo("mnist", info.file, source.as_uri(), data.sha256_file(source), "")
    )
    (x_train, _), _ = data.load_mnist()
    assert x_train.shape == (60000, 28, 28)
    assert (isolated_cache / "datasets" / "mnist.npz").is_file()
    # a corrupted cached copy is set aside and fetched again
    (isolated_cache / "datasets" / "mnist.npz").write_bytes(b"garbage")
    (x_train, _), _ = data.load_mnist()
    assert x_train.shape == (60000, 28, 28)


def test_data_source_describes_mirror(mirror):
    assert "offline mirror" in data.data_source() and str(mirror) in data.data_source()


# ---- subsets ------------------------------------------------------------------


def test_stratified_subset_is_balanced_and_deterministic():
    y = np.repeat(np.arange(4), [100, 200, 300, 400])
    x = np.arange(len(y))
    xs, ys = data.stratified_subset(x, y, 100, seed=1)
    assert np.bincount(ys).tolist() == [10, 20, 30, 40]
    assert np.array_equal(y[xs], ys)
    xs2, _ = data.stratified_subset(x, y, 100, seed=1)
    assert np.array_equal(xs, xs2)
    assert len(set(xs.tolist())) == 100


def test_subset_of_column_labels_and_none():
    y = np.repeat(np.arange(2), 10).reshape(-1, 1)
    xs, ys = data.stratified_subset(np.zeros((20, 3)), y, 7)
    assert ys.shape == (7, 1) and xs.shape == (7, 3)
    x_all, y_all = data.stratified_subset(np.zeros((20, 3)), y, None)
    assert len(x_all) == 20


@pytest.mark.parametrize(
    "n, message",
    [(-1, "between 0 and 20"), (21, "between 0 and 20"), (2.5, "integer or None"), (True, "integer or None")],
)
def test_subset_bad_sizes(n, message):
    with pytest.raises(ValueError, match=message):
        data.stratified_subset(np.zeros(20), np.zeros(20, int), n)


def test_subset_length_mismatch():
    with pytest.raises(ValueError, match="same length"):
        data.stratified_subset(np.zeros(5), np.zeros(6), 2)


def test_without_autotune_keeps_elements_and_switches_tuning_off():
    import tensorflow as tf

    ds = tf.data.Dataset.range(10).batch(3).prefetch(2)
    tuned_off = data.without_autotune(ds)
    assert ds.options().autotune.enabled is not False
    assert tuned_off.options().autotune.enabled is False
    assert [b.tolist() for b in tuned_off.as_numpy_iterator()] == [b.tolist() for b in ds.as_numpy_iterator()]


@pytest.mark.parametrize("bad", [np.arange(3), [1, 2], None])
def test_without_autotune_rejects_non_datasets(bad):
    with pytest.raises(TypeError, match="tf.data.Dataset"):
        data.without_autotune(bad)


# ---- the real datasets (from the mirror in CI) ----------------------------------


def test_real_mnist():
    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert x_train.dtype == np.uint8 and set(np.unique(y_test)) == set(range(10))


def test_real_cifar10():
    (x_train, y_train), (x_test, y_test) = data.load_cifar10()
    assert x_train.shape == (50000, 32, 32, 3) and y_train.shape == (50000, 1)
    assert np.bincount(y_test.ravel()).tolist() == [1000] * 10


def test_real_imdb():
    (texts, labels), (test_texts, test_labels) = data.load_imdb()
    assert len(texts) == 25000 and isinstance(texts[0], str) and labels.sum() == 12500
    assert any("<br />" in t for t in texts[:200])
    assert (data.imdb_dir() / "test" / "pos").is_dir()
