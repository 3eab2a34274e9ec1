"""Offline-first datasets: a verified registry, downloads and mirrors, safe parsing, cached preparation, subsets."""

from __future__ import annotations

import hashlib
import http.client
import io
import os
import pickle
import shutil
import sys
import tarfile
import time
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TextIO

import numpy as np

from utils.validation import non_negative_number, whole_number

if TYPE_CHECKING:
    import tensorflow as tf

DATA_DIR_ENV = "COURSE_DATA_DIR"
SUMS_FILE = "SHA256SUMS"
MIRROR_COMMAND = "python scripts/datasets.py mirror --out DIR"
IMPORT_COMMAND = "python scripts/datasets.py mirror --from FOLDER --out DIR"
PREPARE_HINT = (
    f"Build a data mirror with the course's own command, from the internet (`{MIRROR_COMMAND}`) or from a "
    f"folder of copies such as a teacher's USB stick (`{IMPORT_COMMAND}`), "
    f"then `export {DATA_DIR_ENV}=DIR` before starting Jupyter."
)
DOWNLOAD_RETRIES = 3  # a connection that drops mid-download is resumed this many times
DOWNLOAD_TIMEOUT = 60  # seconds without a byte before a connection counts as dropped
CHUNK = 1 << 20


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
    if not isinstance(path, (str, os.PathLike)) or not str(path).strip():
        raise TypeError(f"path must be the path of a SHA256SUMS file, got {type(path).__name__} {path!r:.40}.")
    if not Path(path).is_file():
        raise FileNotFoundError(f"path {path} is not a file: expected a SHA256SUMS file (`<sha256>  <name>` lines).")
    sums: dict[str, str] = {}
    for number, line in enumerate(Path(path).read_text().splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 2 or len(parts[0]) != 64:
            raise DatasetIntegrityError(f"{path}, line {number}: expected '<sha256>  <file name>', got {line!r}.")
        sums[parts[1].lstrip("*")] = parts[0].lower()
    return sums


def _megabytes(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


class DownloadProgress:
    """Show a download's size and progress: one line updated in place (terminal, Jupyter), else every 10%."""

    def __init__(self, name: str, stream: TextIO | None = None, every_s: float = 0.5) -> None:
        """Report on stream (default: standard output) for the file called name."""
        self.name, self.stream, self.every_s = name, stream, every_s
        self._shown: float | None = None
        self._step, self._last = -1, None

    def _live(self, stream: TextIO) -> bool:
        if type(stream).__module__.startswith("ipykernel"):  # a notebook's output: \r rewrites the line
            return True
        return bool(getattr(stream, "isatty", lambda: False)())

    def __call__(self, received: int, total: int | None) -> None:
        """Report that received of total bytes (None: unknown size) have arrived."""
        stream = self.stream or sys.stdout
        done = total is not None and received >= total
        size = (
            f"{_megabytes(received)} of {_megabytes(total)} ({received / total:.0%})" if total else _megabytes(received)
        )
        line = f"{self.name}: {size}"
        if self._live(stream):
            now = time.monotonic()
            if done or self._shown is None or now - self._shown >= self.every_s:
                stream.write(f"\r{line}" + ("\n" if done else ""))
                stream.flush()
                self._shown = now
            return
        step = int(10 * received / total) if total else received // (10 * CHUNK)
        if step != self._step or done:
            if line != self._last:
                print(line, file=stream, flush=True)
            self._step, self._last = step, line


class _Dropped(Exception):
    """The connection ended before the announced number of bytes arrived."""


class _WriteFailed(Exception):
    """Writing the downloaded bytes failed on this machine (disk full, no permission): not a network problem."""


_DROPS = (_Dropped, http.client.HTTPException, ConnectionError, TimeoutError, urllib.error.URLError, OSError)


def _fetch(url: str, out: io.BufferedWriter, received: int, progress: Callable[[int, int | None], None]) -> int:
    """Append url's bytes from offset received to out (a Range request when resuming); return the new count."""
    headers = {"Range": f"bytes={received}-"} if received else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=DOWNLOAD_TIMEOUT) as response:
        if received and getattr(response, "status", None) != 206:  # the server sends the whole file again
            out.seek(0)
            out.truncate()
            received = 0
        length = response.headers.get("Content-Length")
        total = received + int(length) if length and length.isdigit() else None
        progress(received, total)
        while chunk := response.read(CHUNK):
            try:
                out.write(chunk)
            except OSError as err:
                raise _WriteFailed(str(err)) from err
            received += len(chunk)
            progress(received, total)
        if total is not None and received < total:
            raise _Dropped(f"the connection closed after {_megabytes(received)} of {_megabytes(total)}")
    return received


def download(
    url: str,
    dest: str | os.PathLike,
    sha256: str,
    *,
    retries: int = DOWNLOAD_RETRIES,
    wait_s: float = 1.0,
    progress: Callable[[int, int | None], None] | None = None,
    log: Callable[[str], None] = print,
) -> Path:
    """Download url to dest: progress shown, a dropped connection resumed, sha256 checked, then renamed into place.

    Nothing is left at dest unless the whole file arrived and matched sha256: the bytes go to a temporary
    file next to it, removed on any failure (including Ctrl+C). A failure to connect at all fails at once
    (the machine is probably offline); a connection that drops mid-transfer is resumed up to `retries`
    times, waiting wait_s, 2 * wait_s, ... in between.
    """
    if not isinstance(url, str) or not url:
        raise TypeError(f"url must be a non-empty string, got {url!r}.")
    if not isinstance(dest, (str, os.PathLike)):
        raise TypeError(f"dest must be a file path, got {type(dest).__name__}.")
    if not isinstance(sha256, str) or len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"sha256 must be 64 lowercase hex digits, got {sha256!r}.")
    retries = whole_number(retries, "retries", minimum=0)
    wait_s = non_negative_number(wait_s, "wait_s")
    if progress is not None and not callable(progress):
        raise TypeError(f"progress must be a function (received, total) or None, got {type(progress).__name__}.")
    if not callable(log):
        raise TypeError(f"log must be a function taking one string, got {type(log).__name__}.")
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    show = progress or DownloadProgress(dest.name)
    part = dest.with_name(f"{dest.name}.part{os.getpid()}")
    received, drops = 0, 0
    try:
        with open(part, "wb") as out:
            while True:
                try:
                    received = _fetch(url, out, received, show)
                    break
                except _WriteFailed as err:
                    raise OSError(f"Could not write {part} while downloading {dest.name}: {err}") from err
                except _DROPS as err:
                    received = out.tell()  # what arrived before the drop: the next request resumes there
                    if received == 0 and drops == 0 and not isinstance(err, (_Dropped, http.client.HTTPException)):
                        cause = (
                            f"the server answered HTTP {err.code} ({err.reason})"
                            if isinstance(err, urllib.error.HTTPError)
                            else f"{err}; this machine may be offline"
                        )
                        raise DatasetUnavailableError(
                            f"Could not download {dest.name} from {url}: {cause}. " + PREPARE_HINT
                        ) from err
                    drops += 1
                    if drops > retries:
                        raise DatasetUnavailableError(
                            f"Downloading {dest.name} from {url} failed: the connection dropped {drops} times "
                            f"(last: {err}); nothing was kept. Try again later, or "
                            + PREPARE_HINT[0].lower()
                            + PREPARE_HINT[1:]
                        ) from err
                    pause = wait_s * 2 ** (drops - 1)
                    log(
                        f"{dest.name}: the connection dropped after {_megabytes(received)} ({err}); "
                        f"resuming in {pause:g} s (retry {drops} of {retries})"
                    )
                    time.sleep(pause)
        actual = sha256_file(part)
        if actual != sha256:
            raise DatasetIntegrityError(
                f"Downloaded {dest.name} from {url} has sha256 {actual}, expected {sha256}: the file is corrupted "
                "and was discarded."
            )
        os.replace(part, dest)
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
    print(f"Downloading {info.file} from {info.url} into the Keras cache (checked against its sha256)")
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


def _read_mnist(path: Path) -> dict[str, np.ndarray]:
    """Read and check an MNIST .npz file: the four arrays, their shapes, dtypes and labels."""
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
    return arrays


def load_mnist() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Return ((x_train, y_train), (x_test, y_test)) as uint8 arrays, like keras.datasets.mnist."""
    path, _ = _resolve("mnist")
    arrays = _read_mnist(path)
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


def _check_cifar(arrays: dict[str, np.ndarray], path: Path) -> None:
    _check_array("x_train", arrays["x_train"], (50000, 32, 32, 3), "uint8", path)
    _check_array("x_test", arrays["x_test"], (10000, 32, 32, 3), "uint8", path)
    _check_array("y_train", arrays["y_train"], (50000, 1), "uint8", path)
    _check_array("y_test", arrays["y_test"], (10000, 1), "uint8", path)
    _check_labels("y_train", arrays["y_train"], 10, path)


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
    _check_cifar(arrays, path)
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
        try:
            os.replace(part, target)
        except OSError:
            if not target.is_dir():
                raise
            # another process (a second notebook or test worker) finished the same extraction first; a directory
            # appears only by this atomic rename, so its copy is whole and ours is removed below
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


# ---- mirrors: a folder of verified copies under the canonical names, with a SHA256SUMS ----------------


class MirrorIncompleteError(DatasetUnavailableError):
    """Some datasets could not be put into the mirror (each one named in the message)."""


def _check_imdb_archive(path: Path) -> None:
    """Read an IMDB archive to the end (gzip checks every byte) and count its labelled reviews."""
    counts = dict.fromkeys((f"{split}/{label}" for split in ("train", "test") for label in ("neg", "pos")), 0)
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                parts = PurePosixPath(member.name).parts
                if member.isfile() and len(parts) == 4 and parts[0] == "aclImdb" and parts[3].endswith(".txt"):
                    key = f"{parts[1]}/{parts[2]}"
                    if key in counts:
                        counts[key] += 1
    except (tarfile.TarError, EOFError, OSError, zlib.error) as err:
        raise DatasetIntegrityError(f"{path} is not a readable IMDB archive (corrupted or truncated?): {err}") from err
    wrong = {key: n for key, n in counts.items() if n != 12500}
    if wrong:
        raise DatasetIntegrityError(f"{path}: expected 12500 reviews in each aclImdb/ folder, found {wrong}.")


def _check_structure(name: str, path: Path) -> None:
    """Read a dataset file as the course does and check what it holds (shapes, labels, review counts)."""
    if name == "mnist":
        _read_mnist(path)
    elif name == "cifar10":
        _check_cifar(_cifar_from_tar(path), path)
    else:
        _check_imdb_archive(path)


def verify_copy(path: str | os.PathLike, name: str, sums: dict[str, str] | None = None) -> tuple[str, str]:
    """Check that path is a good copy of dataset name; return its sha256 and how it was verified.

    A copy is good when its sha256 is the canonical download's, or, for a re-packed copy, when it matches
    its entry in sums (a mirror's SHA256SUMS) and holds what the dataset must hold. Anything else is
    refused with a DatasetIntegrityError that names the file.
    """
    info = dataset_info(name)
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file path, got {type(path).__name__}.")
    if sums is not None and not isinstance(sums, dict):
        raise TypeError(f"sums must be a dict {{file name: sha256}} (read_sha256sums), got {type(sums).__name__}.")
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"path {path} does not exist (expected the file {info.file}).")
    actual = sha256_file(path)
    if actual == info.sha256:
        return actual, "canonical sha256"
    if sums and info.file in sums:
        if sums[info.file] != actual:
            raise DatasetIntegrityError(
                f"{path} fails its checksum in {SUMS_FILE} (expected {sums[info.file]}, got {actual}): "
                "the file is corrupted or truncated; refused."
            )
        _check_structure(name, path)
        return actual, f"its {SUMS_FILE} entry and a check of its contents, a re-packed copy"
    raise DatasetIntegrityError(
        f"{path} is not the canonical {info.file} (sha256 {actual}, expected {info.sha256}) and no {SUMS_FILE} "
        "next to it vouches for it: the file is corrupted, truncated or another file; refused."
    )


def _atomic_copy(source: Path, target: Path, sha256: str) -> None:
    """Copy source to target through a temporary file, checking the copy's sha256 before the rename."""
    part = target.with_name(f"{target.name}.part{os.getpid()}")
    try:
        shutil.copyfile(source, part)
        if sha256_file(part) != sha256:
            raise DatasetIntegrityError(f"copying {source} to {target} changed its bytes; nothing was kept.")
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)


def _write_sums(folder: Path, sums: dict[str, str]) -> Path:
    """Write folder/SHA256SUMS (`<sha256>  <file>` lines, sorted) atomically."""
    target = folder / SUMS_FILE
    part = target.with_name(f"{SUMS_FILE}.part{os.getpid()}")
    part.write_text("".join(f"{digest}  {file}\n" for file, digest in sorted(sums.items())))
    os.replace(part, target)
    return target


def _folder(value: object, name: str) -> Path:
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be a folder path, got {type(value).__name__}.")
    return Path(value).expanduser()


def build_mirror(
    out: str | os.PathLike,
    source: str | os.PathLike | None = None,
    names: Iterable[str] | None = None,
    *,
    log: Callable[[str], None] = print,
    retries: int = DOWNLOAD_RETRIES,
    wait_s: float = 1.0,
) -> dict[str, str]:
    """Fill folder out with a verified copy of each dataset and a SHA256SUMS; return {file: where it came from}.

    Without source, each file already in out and good is kept, else copied from the Keras cache when a
    verified copy is there, else downloaded (progress shown, dropped connections resumed, sha256 checked).
    With source (a folder of copies, e.g. a teacher's), each file is taken from it after `verify_copy`.
    Every file goes through a temporary name, so an interrupted run leaves no partial file. Datasets that
    fail are named together in one MirrorIncompleteError after the others are done.
    """
    out = _folder(out, "out")
    names = sorted(REGISTRY) if names is None else list(names)
    infos = [dataset_info(n) for n in names]
    if not infos:
        raise ValueError("names must name at least one dataset; known datasets: " + ", ".join(sorted(REGISTRY)))
    if not callable(log):
        raise TypeError(f"log must be a function taking one string, got {type(log).__name__}.")
    whole_number(retries, "retries", minimum=0)
    non_negative_number(wait_s, "wait_s")
    source_sums: dict[str, str] = {}
    if source is not None:
        source = _folder(source, "source")
        if not source.is_dir():
            raise FileNotFoundError(f"source {source} is not a folder (expected a folder of dataset files).")
        if source.resolve() == out.resolve():
            raise ValueError(f"source and out are the same folder ({out}); give another --out.")
        if (source / SUMS_FILE).is_file():
            source_sums = read_sha256sums(source / SUMS_FILE)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.part*"):  # left by a run that was killed (a kill cannot be cleaned up after)
        if stale.name.split(".part")[0] in {info.file for info in infos} | {SUMS_FILE}:
            stale.unlink()
    sums = read_sha256sums(out / SUMS_FILE) if (out / SUMS_FILE).is_file() else {}
    sums = {file: digest for file, digest in sums.items() if (out / file).is_file()}
    done: dict[str, str] = {}
    problems: list[str] = []
    for info in infos:
        target = out / info.file
        try:
            if source is not None:
                if not (source / info.file).is_file():
                    raise FileNotFoundError(f"{source} has no {info.file} (the canonical download: {info.url}).")
                digest, how = verify_copy(source / info.file, info.name, source_sums)
                if not target.is_file() or sha256_file(target) != digest:
                    _atomic_copy(source / info.file, target, digest)
                done[info.file] = f"from {source}, verified by {how}"
            else:
                digest, how = _fill_from_cache_or_download(info, target, sums, log, retries, wait_s)
                done[info.file] = how
            sums[info.file] = digest
            log(f"{info.file}: {done[info.file]}")
        except (DatasetUnavailableError, DatasetIntegrityError, FileNotFoundError) as err:
            sums.pop(info.file, None)
            problems.append(f"{info.file}: {err}")
            log(f"{info.file}: REFUSED. {err}")
    _write_sums(out, sums)
    if problems:
        raise MirrorIncompleteError(
            f"The mirror {out} lacks {len(problems)} of {len(infos)} datasets:\n" + "\n".join(problems)
        )
    return done


def _fill_from_cache_or_download(
    info: DatasetInfo,
    target: Path,
    sums: dict[str, str],
    log: Callable[[str], None],
    retries: int,
    wait_s: float,
) -> tuple[str, str]:
    """Put a verified copy of a dataset at target: keep a good one, copy the Keras cache's, or download."""
    if target.is_file():
        try:
            digest, how = verify_copy(target, info.name, sums)
            return digest, f"already in the mirror, verified by {how}"
        except DatasetIntegrityError as err:
            log(f"{info.file}: the copy in the mirror is refused ({err}); fetching it again")
    cached = keras_cache_dir() / info.file
    if cached.is_file() and sha256_file(cached) == info.sha256:
        _atomic_copy(cached, target, info.sha256)
        return info.sha256, f"copied from the Keras cache {cached.parent} (canonical sha256)"
    log(f"{info.file}: downloading from {info.url}")
    download(info.url, target, info.sha256, retries=retries, wait_s=wait_s, log=log)
    return info.sha256, f"downloaded from {info.url} (canonical sha256)"


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
