"""Offline-first datasets: a verified registry, safe parsing, cached preparation, subsets."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import shutil
import tarfile
import urllib.error
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import tensorflow as tf

DATA_DIR_ENV = "COURSE_DATA_DIR"
PREPARE_HINT = (
    "Build a mirror from the course's dataset copies with "
    "`python ../shared/datasets/prepare.py --out DIR`, or copy the file there, "
    f"then `export {DATA_DIR_ENV}=DIR` before starting Jupyter."
)


@dataclass(frozen=True)
class DatasetInfo:
    """A dataset's canonical file name, download URL and sha256."""

    name: str
    file: str
    url: str
    sha256: str
    description: str


REGISTRY: dict[str, DatasetInfo] = {
    "mnist": DatasetInfo(
        "mnist",
        "mnist.npz",
        "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",
        "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1",
        "MNIST handwritten digits, 60,000 train + 10,000 test, 28x28 grey",
    ),
    "cifar10": DatasetInfo(
        "cifar10",
        "cifar-10-python.tar.gz",
        "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
        "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce",
        "CIFAR-10 photos, 50,000 train + 10,000 test, 32x32 colour, 10 classes",
    ),
    "imdb": DatasetInfo(
        "imdb",
        "aclImdb_v1.tar.gz",
        "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz",
        "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe",
        "IMDB Large Movie Review Dataset v1.0, 25,000 train + 25,000 test reviews",
    ),
}

CIFAR10_CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")


class DatasetUnavailableError(FileNotFoundError):
    """The dataset file is neither in the mirror nor in the cache, and cannot be downloaded."""


class DatasetIntegrityError(ValueError):
    """A dataset file is corrupted, truncated, or fails its checksum or structure check."""


def dataset_info(name: str) -> DatasetInfo:
    """Return the registry entry for a dataset name."""
    if not isinstance(name, str):
        raise TypeError(
            f"name must be a dataset name (a string), one of {sorted(REGISTRY)}; got {type(name).__name__}."
        )
    if name not in REGISTRY:
        raise ValueError(f"Unknown dataset {name!r}; known datasets: {', '.join(sorted(REGISTRY))}.")
    return REGISTRY[name]


def keras_cache_dir() -> Path:
    """Return the Keras dataset cache folder (KERAS_HOME or ~/.keras, then datasets/)."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets"


def prepared_dir() -> Path:
    """Return the folder where prepared (extracted, decoded) datasets are cached."""
    path = keras_cache_dir() / "course-prepared"
    path.mkdir(parents=True, exist_ok=True)
    return path


def mirror_dir() -> Path | None:
    """Return the mirror folder named by COURSE_DATA_DIR, or None when it is unset."""
    value = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(value).expanduser() if value else None


def data_source() -> str:
    """Describe where datasets come from in this environment."""
    mirror = mirror_dir()
    if mirror is not None:
        state = "" if mirror.is_dir() else "  [missing folder!]"
        return f"offline mirror {mirror} (from {DATA_DIR_ENV}){state}"
    return f"Keras cache {keras_cache_dir()} (downloads with sha256 check when missing)"


def sha256_file(path: str | os.PathLike) -> str:
    """Return the hex sha256 of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_sha256sums(path: str | os.PathLike) -> dict[str, str]:
    """Parse a SHA256SUMS file (`<hex>  <name>` lines) into {name: hex}."""
    sums: dict[str, str] = {}
    for number, line in enumerate(Path(path).read_text().splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 2 or len(parts[0]) != 64:
            raise DatasetIntegrityError(f"{path}, line {number}: expected '<sha256>  <file name>', got {line!r}.")
        sums[parts[1].lstrip("*")] = parts[0].lower()
    return sums


def download(url: str, dest: str | os.PathLike, sha256: str) -> Path:
    """Download url to dest atomically (temporary file, sha256 check, then rename)."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(f"{dest.name}.part{os.getpid()}")
    try:
        with urllib.request.urlopen(url, timeout=60) as response, open(part, "wb") as out:
            shutil.copyfileobj(response, out, 1 << 20)
        actual = sha256_file(part)
        if actual != sha256:
            raise DatasetIntegrityError(
                f"Downloaded {dest.name} from {url} has sha256 {actual}, expected {sha256}; the file was discarded."
            )
        os.replace(part, dest)
    except (urllib.error.URLError, OSError) as err:
        raise DatasetUnavailableError(
            f"Could not download {dest.name} from {url} ({err}). This machine may be offline. " + PREPARE_HINT
        ) from err
    finally:
        part.unlink(missing_ok=True)
    return dest


def _resolve(name: str) -> tuple[Path, str]:
    """Find a dataset file (mirror, then cache, then download) and return it with its sha256."""
    info = dataset_info(name)
    mirror = mirror_dir()
    if mirror is not None:
        if not mirror.is_dir():
            raise DatasetUnavailableError(f"{DATA_DIR_ENV}={mirror} is not a folder. " + PREPARE_HINT)
        path = mirror / info.file
        if not path.is_file():
            raise DatasetUnavailableError(
                f"The mirror {mirror} has no {info.file} (canonical source: {info.url}). " + PREPARE_HINT
            )
        actual = sha256_file(path)
        sums_file = mirror / "SHA256SUMS"
        if sums_file.is_file():
            sums = read_sha256sums(sums_file)
            if info.file not in sums:
                raise DatasetIntegrityError(f"{sums_file} lists no checksum for {info.file}.")
            if sums[info.file] != actual:
                raise DatasetIntegrityError(
                    f"{path} fails its checksum in {sums_file} (expected {sums[info.file]}, "
                    f"got {actual}): the file is corrupted or truncated. Rebuild the mirror."
                )
        return path, actual
    path = keras_cache_dir() / info.file
    if path.is_file():
        actual = sha256_file(path)
        if actual == info.sha256:
            return path, actual
        path.replace(path.with_name(path.name + ".corrupt"))  # keep it for inspection, fetch anew
    download(info.url, path, info.sha256)
    return path, info.sha256


def dataset_path(name: str) -> Path:
    """Return the verified local file of a dataset (mirror, cache, or a fresh download)."""
    return _resolve(name)[0]


def _check_array(label: str, array: np.ndarray, shape: tuple, dtype: str, path: Path) -> None:
    if array.shape != shape or array.dtype != np.dtype(dtype):
        raise DatasetIntegrityError(
            f"{path}: {label} has shape {array.shape} and dtype {array.dtype}, expected {shape} and {dtype}."
        )


def _check_labels(label: str, y: np.ndarray, classes: int, path: Path) -> None:
    if y.size and (y.min() < 0 or y.max() >= classes):
        raise DatasetIntegrityError(f"{path}: {label} holds labels outside 0..{classes - 1}.")


def load_mnist() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Return ((x_train, y_train), (x_test, y_test)) as uint8 arrays, like keras.datasets.mnist."""
    path, _ = _resolve("mnist")
    try:
        with np.load(path, allow_pickle=False) as npz:
            missing = {"x_train", "y_train", "x_test", "y_test"} - set(npz.files)
            if missing:
                raise DatasetIntegrityError(f"{path} lacks the arrays {sorted(missing)}.")
            arrays = {key: npz[key] for key in ("x_train", "y_train", "x_test", "y_test")}
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error) as err:
        if isinstance(err, DatasetIntegrityError):
            raise
        raise DatasetIntegrityError(
            f"{path} is not a readable MNIST .npz file (corrupted or truncated?): {err}"
        ) from err
    _check_array("x_train", arrays["x_train"], (60000, 28, 28), "uint8", path)
    _check_array("x_test", arrays["x_test"], (10000, 28, 28), "uint8", path)
    _check_array("y_train", arrays["y_train"], (60000,), "uint8", path)
    _check_array("y_test", arrays["y_test"], (10000,), "uint8", path)
    _check_labels("y_train", arrays["y_train"], 10, path)
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that only rebuilds plain containers and NumPy arrays."""

    ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"): ("numpy._core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"): ("numpy._core.multiarray", "_reconstruct"),
        ("numpy.core.multiarray", "scalar"): ("numpy._core.multiarray", "scalar"),
        ("numpy._core.multiarray", "scalar"): ("numpy._core.multiarray", "scalar"),
        ("numpy", "ndarray"): ("numpy", "ndarray"),
        ("numpy", "dtype"): ("numpy", "dtype"),
        ("_codecs", "encode"): ("_codecs", "encode"),
    }

    def find_class(self, module: str, name: str):  # noqa: D401 - pickle API
        """Refuse every global except the NumPy array constructors."""
        target = self.ALLOWED.get((module, name))
        if target is None:
            raise pickle.UnpicklingError(
                f"Refusing to load {module}.{name} from a dataset pickle: "
                "only NumPy arrays and plain containers are allowed."
            )
        return super().find_class(*target)


def restricted_loads(data: bytes) -> object:
    """Unpickle bytes with RestrictedUnpickler (bytes keys kept, as in the CIFAR batches)."""
    return RestrictedUnpickler(io.BytesIO(data), encoding="bytes").load()


def _atomic_savez(path: Path, **arrays: np.ndarray) -> None:
    part = path.with_name(f"{path.name}.part{os.getpid()}.npz")
    np.savez(part, **arrays)
    os.replace(part, path)


def _cifar_from_tar(path: Path) -> dict[str, np.ndarray]:
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    batches: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                base = PurePosixPath(member.name).name
                if base in names and member.isfile():
                    handle = tar.extractfile(member)
                    obj = restricted_loads(handle.read()) if handle else None
                    if not isinstance(obj, dict) or b"data" not in obj or b"labels" not in obj:
                        raise DatasetIntegrityError(f"{path}: {member.name} is not a CIFAR batch.")
                    data = np.asarray(obj[b"data"], dtype=np.uint8)
                    batches[base] = (data, np.asarray(obj[b"labels"], dtype=np.uint8))
    except (tarfile.TarError, EOFError, OSError, zlib.error, pickle.UnpicklingError) as err:
        raise DatasetIntegrityError(
            f"{path} is not a readable CIFAR-10 archive (corrupted or truncated?): {err}"
        ) from err
    missing = [n for n in names if n not in batches]
    if missing:
        raise DatasetIntegrityError(f"{path} lacks the CIFAR-10 batches {missing}.")

    def stack(keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
        x = np.concatenate([batches[k][0] for k in keys])
        if x.ndim != 2 or x.shape[1] != 3072:
            raise DatasetIntegrityError(f"{path}: image rows have shape {x.shape}, expected (N, 3072).")
        y = np.concatenate([batches[k][1] for k in keys]).reshape(-1, 1)
        return x.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).copy(), y

    x_train, y_train = stack(names[:5])
    x_test, y_test = stack(names[5:])
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


def load_cifar10() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Return ((x_train, y_train), (x_test, y_test)) like keras.datasets.cifar10 (y shaped (N, 1))."""
    path, digest = _resolve("cifar10")
    cache = prepared_dir() / f"cifar10-{digest[:16]}.npz"
    arrays: dict[str, np.ndarray] | None = None
    if cache.is_file():
        try:
            with np.load(cache, allow_pickle=False) as npz:
                arrays = {k: npz[k] for k in ("x_train", "y_train", "x_test", "y_test")}
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, KeyError):
            arrays = None  # a damaged cache is rebuilt from the verified archive
    if arrays is None:
        arrays = _cifar_from_tar(path)
        _atomic_savez(cache, **arrays)
    _check_array("x_train", arrays["x_train"], (50000, 32, 32, 3), "uint8", path)
    _check_array("x_test", arrays["x_test"], (10000, 32, 32, 3), "uint8", path)
    _check_array("y_train", arrays["y_train"], (50000, 1), "uint8", path)
    _check_array("y_test", arrays["y_test"], (10000, 1), "uint8", path)
    _check_labels("y_train", arrays["y_train"], 10, path)
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def safe_extract(archive: str | os.PathLike, target: str | os.PathLike) -> Path:
    """Extract a tar archive into target atomically, refusing members that escape it."""
    archive, target = Path(archive), Path(target)
    if target.is_dir():
        return target
    if not archive.is_file():
        raise FileNotFoundError(f"archive {archive} does not exist: download it first.")
    part = target.with_name(f"{target.name}.part{os.getpid()}")
    shutil.rmtree(part, ignore_errors=True)
    part.mkdir(parents=True)
    try:
        with tarfile.open(archive) as tar:
            members = tar.getmembers()
            root = part.resolve()
            for member in members:
                dest = (part / member.name).resolve()
                if member.name.startswith(("/", "\\")) or not dest.is_relative_to(root):
                    raise DatasetIntegrityError(
                        f"{archive}: member {member.name!r} would be written outside {target}; "
                        "refusing to extract this archive."
                    )
            tar.extractall(part, members=members, filter="data")
        os.replace(part, target)
    except tarfile.FilterError as err:
        raise DatasetIntegrityError(f"{archive}: unsafe member refused ({err}).") from err
    except (tarfile.TarError, EOFError, zlib.error) as err:
        raise DatasetIntegrityError(
            f"{archive} is not a readable tar archive (corrupted or truncated?): {err}"
        ) from err
    finally:
        shutil.rmtree(part, ignore_errors=True)
    return target


def imdb_dir() -> Path:
    """Return the extracted `aclImdb` folder (train/ and test/, each with pos/ and neg/)."""
    path, digest = _resolve("imdb")
    folder = safe_extract(path, prepared_dir() / f"imdb-{digest[:16]}") / "aclImdb"
    for split in ("train", "test"):
        for label in ("neg", "pos"):
            if not (folder / split / label).is_dir():
                raise DatasetIntegrityError(f"{path}: the archive has no aclImdb/{split}/{label}/ folder.")
    return folder


def _read_imdb_split(folder: Path) -> tuple[list[str], list[int]]:
    texts: list[str] = []
    labels: list[int] = []
    for label, sub in enumerate(("neg", "pos")):
        for file in sorted((folder / sub).glob("*.txt")):
            texts.append(file.read_text(encoding="utf-8"))
            labels.append(label)
    return texts, labels


def _pack_texts(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    encoded = [t.encode("utf-8") for t in texts]
    offsets = np.cumsum([0] + [len(e) for e in encoded]).astype(np.int64)
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


def _unpack_texts(blob: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    raw = blob.tobytes()
    out = np.empty(len(offsets) - 1, dtype=object)
    for i in range(len(out)):
        out[i] = raw[offsets[i] : offsets[i + 1]].decode("utf-8")
    return out


def load_imdb() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Return ((texts_train, y_train), (texts_test, y_test)): raw review strings, 0 = neg, 1 = pos."""
    path, digest = _resolve("imdb")
    cache = prepared_dir() / f"imdb-text-{digest[:16]}.npz"
    if not cache.is_file():
        folder = imdb_dir()
        arrays: dict[str, np.ndarray] = {}
        for split in ("train", "test"):
            texts, labels = _read_imdb_split(folder / split)
            arrays[f"{split}_blob"], arrays[f"{split}_offsets"] = _pack_texts(texts)
            arrays[f"y_{split}"] = np.asarray(labels, dtype=np.int64)
        _atomic_savez(cache, **arrays)
    with np.load(cache, allow_pickle=False) as npz:
        out = []
        for split in ("train", "test"):
            texts = _unpack_texts(npz[f"{split}_blob"], npz[f"{split}_offsets"])
            labels = npz[f"y_{split}"]
            if len(texts) != 25000 or len(labels) != 25000 or int(labels.sum()) != 12500:
                raise DatasetIntegrityError(
                    f"{path}: the {split} split has {len(texts)} reviews "
                    f"({int(labels.sum())} positive); expected 25000 (12500)."
                )
            out.append((texts, labels))
    return out[0], out[1]


def stratified_subset(x: np.ndarray, y: np.ndarray, n: int | None, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Return a deterministic, class-stratified, shuffled subset of n examples (None: all)."""
    x, y = np.asarray(x), np.asarray(y)
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}.")
    if n is None:
        return x, y
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise ValueError(f"subset size must be an integer or None, got {n!r}.")
    if n < 0 or n > len(y):
        raise ValueError(f"subset size must be between 0 and {len(y)}, got {n}.")
    labels = y.reshape(len(y), -1)[:, 0] if y.ndim > 1 else y
    classes, counts = np.unique(labels, return_counts=True)
    exact = n * counts / len(labels)
    take = np.floor(exact).astype(int)
    for i in np.argsort(-(exact - take), kind="stable")[: n - take.sum()]:
        take[i] += 1
    rng = np.random.default_rng(seed)
    picked = [rng.choice(np.flatnonzero(labels == c), size=k, replace=False) for c, k in zip(classes, take)]
    index = rng.permutation(np.concatenate(picked)) if picked else np.array([], dtype=int)
    return x[index], y[index]


def without_autotune(dataset: tf.data.Dataset) -> tf.data.Dataset:
    """Return `dataset` with tf.data's autotuner off, for in-memory pipelines that need no tuning."""
    # Measured on the course's 2-core machine: an autotuned pipeline sometimes paused ~20 s when an epoch's
    # iterator was released (the GAN and CNN labs' long epochs); with the autotuner off it never did.
    import tensorflow as tf

    if not isinstance(dataset, tf.data.Dataset):
        raise TypeError(f"dataset must be a tf.data.Dataset, got {type(dataset).__name__}.")
    options = tf.data.Options()
    options.autotune.enabled = False
    return dataset.with_options(options)
