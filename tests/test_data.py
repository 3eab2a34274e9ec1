import functools
import hashlib
import http.server
import importlib.util
import io
import os
import pickle
import re
import shutil
import socket
import subprocess
import tarfile
import threading
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
    assert "COURSE_DATA_DIR" in message and "python scripts/datasets.py mirror --out DIR" in message


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


def test_safe_extract_when_another_process_finishes_first(tmp_path, monkeypatch):
    """Two kernels or test workers extracting the same archive at once: the later one uses the first one's copy."""
    archive = tmp_path / "good.tar.gz"
    tar_with(archive, {"aclImdb/a.txt": b"hello"})
    target = tmp_path / "prepared" / "target"
    extract = tarfile.TarFile.extractall

    def extract_while_another_process_wins(self, path, *args, **kwargs):
        extract(self, path, *args, **kwargs)
        shutil.copytree(path, target)  # the other process's whole copy appears by its own rename, before ours

    monkeypatch.setattr(tarfile.TarFile, "extractall", extract_while_another_process_wins)
    assert data.safe_extract(archive, target) == target
    assert (target / "aclImdb" / "a.txt").read_text() == "hello"
    assert not list(target.parent.glob("*.part*")), "the losing copy must be removed"


def test_safe_extract_rename_failure_without_a_winner_is_raised(tmp_path, monkeypatch):
    archive = tmp_path / "good.tar.gz"
    tar_with(archive, {"aclImdb/a.txt": b"hello"})

    def refuse(*args):
        raise PermissionError("read-only folder")

    monkeypatch.setattr(data.os, "replace", refuse)
    with pytest.raises(PermissionError, match="read-only"):
        data.safe_extract(archive, tmp_path / "target")
    assert not list(tmp_path.glob("target*")), "nothing half-extracted may stay behind"


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


# ---- downloads and the mirror command, against a loopback HTTP server (no internet needed) ---------------

ROOT = Path(__file__).resolve().parent.parent


class Served:
    """What the loopback server holds: per URL path, the good bytes, a mode, and the requests it got."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.modes: dict[str, str] = {}
        self.requests: list[tuple[str, str | None]] = []  # (path, Range header)


class DatasetHandler(http.server.BaseHTTPRequestHandler):
    """Serve Served's files: good, truncated (always or once), corrupted; honours Range unless told not to."""

    def __init__(self, *args, served: Served, **kwargs) -> None:
        self.served = served
        super().__init__(*args, **kwargs)

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's API
        served = self.served
        served.requests.append((self.path, self.headers.get("Range")))
        if self.path not in served.files:
            self.send_error(404)
            return
        body, mode = served.files[self.path], served.modes.get(self.path, "good")
        if mode == "corrupted":
            body = bytes(b ^ 0xFF for b in body[:64]) + body[64:]
        start = 0
        match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range") or "")
        if match and mode != "no-range":
            start = int(match.group(1))
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        first_try = sum(path == self.path for path, _ in served.requests) == 1
        if mode == "truncated" or (mode in ("drop-once", "no-range") and first_try):
            self.wfile.write(body[start : start + (len(body) - start) // 2])  # half of the rest, then it drops
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(body[start:])


@pytest.fixture
def server(isolated_cache, monkeypatch):
    """A loopback HTTP server holding small files; the registry's URLs and checksums point at them."""
    served = Served()
    handler = functools.partial(DatasetHandler, served=served)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    rng = np.random.default_rng(7)
    for name, info in list(data.REGISTRY.items()):
        body = rng.integers(0, 256, 300_000 + 1000 * len(name), dtype=np.uint8).tobytes()
        served.files[f"/{info.file}"] = body
        url, digest = f"{base}/{info.file}", hashlib.sha256(body).hexdigest()
        monkeypatch.setitem(data.REGISTRY, name, data.DatasetInfo(name, info.file, url, digest, info.description))
    try:
        yield served
    finally:
        httpd.shutdown()
        httpd.server_close()


def server_url(served: Served) -> str:
    return data.REGISTRY["mnist"].url.rsplit("/", 1)[0]


def datasets_cli():
    """scripts/datasets.py as a module, so that it sees this test's registry."""
    spec = importlib.util.spec_from_file_location("datasets_cli", ROOT / "scripts" / "datasets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".part" in p.name)


def test_mirror_command_downloads_a_complete_verified_mirror(server, tmp_path, monkeypatch, capsys):
    out = tmp_path / "mirror"
    assert datasets_cli().main(["mirror", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    files = sorted(info.file for info in data.REGISTRY.values())
    assert sorted(p.name for p in out.iterdir()) == sorted([*files, "SHA256SUMS"])
    for info in data.REGISTRY.values():
        assert (out / info.file).read_bytes() == server.files[f"/{info.file}"]
        assert f"{info.file}: downloaded from {info.url}" in printed
    assert data.read_sha256sums(out / "SHA256SUMS") == {i.file: i.sha256 for i in data.REGISTRY.values()}
    assert "mnist.npz: 0.0 MB of 0.3 MB (0%)" in printed and "mnist.npz: 0.3 MB of 0.3 MB (100%)" in printed
    assert f"export COURSE_DATA_DIR={out.resolve()}" in printed
    monkeypatch.setenv("COURSE_DATA_DIR", str(out))  # the loaders accept it, SHA256SUMS included
    assert all(data.dataset_path(name) == out / info.file for name, info in data.REGISTRY.items())
    requests = len(server.requests)
    assert datasets_cli().main(["mirror", "--out", str(out)]) == 0  # a second run keeps what is good
    assert len(server.requests) == requests and "already in the mirror" in capsys.readouterr().out


def test_mirror_reuses_a_verified_keras_cache(server, isolated_cache, tmp_path):
    info = data.REGISTRY["imdb"]
    (isolated_cache / "datasets").mkdir(parents=True)
    (isolated_cache / "datasets" / info.file).write_bytes(server.files[f"/{info.file}"])
    done = data.build_mirror(tmp_path / "mirror", names=["imdb", "mnist"], log=lambda line: None)
    assert "copied from the Keras cache" in done[info.file] and "downloaded" in done["mnist.npz"]
    assert [path for path, _ in server.requests] == ["/mnist.npz"]


def test_truncated_download_is_refused_and_leaves_no_partial_file(server, tmp_path):
    server.modes["/cifar-10-python.tar.gz"] = "truncated"
    out, lines = tmp_path / "mirror", []
    with pytest.raises(data.MirrorIncompleteError) as err:
        data.build_mirror(out, log=lines.append, retries=2, wait_s=0)
    message = str(err.value)
    assert "lacks 1 of 3 datasets" in message and "cifar-10-python.tar.gz" in message
    assert "the connection dropped 3 times" in message and "nothing was kept" in message
    assert "python scripts/datasets.py mirror" in message
    assert sum("resuming" in line for line in lines) == 2
    assert sorted(p.name for p in out.iterdir()) == ["SHA256SUMS", "aclImdb_v1.tar.gz", "mnist.npz"]
    assert "cifar-10-python.tar.gz" not in data.read_sha256sums(out / "SHA256SUMS")
    ranges = [rng for path, rng in server.requests if path == "/cifar-10-python.tar.gz"]
    assert ranges[0] is None and all(rng and rng.startswith("bytes=") for rng in ranges[1:])


@pytest.mark.parametrize("mode", ["drop-once", "no-range"])
def test_a_dropped_connection_is_resumed(server, tmp_path, mode):
    """drop-once: the retry asks for the rest (Range); no-range: the server resends everything, kept once."""
    path, lines = "/mnist.npz", []
    server.modes[path] = mode
    dest = tmp_path / "cache" / "mnist.npz"
    info = data.REGISTRY["mnist"]
    data.download(info.url, dest, info.sha256, wait_s=0, progress=lambda got, total: None, log=lines.append)
    assert dest.read_bytes() == server.files[path] and leftovers(dest.parent) == []
    half = len(server.files[path]) // 2
    assert [rng for _, rng in server.requests] == [None, f"bytes={half}-"]
    assert len(lines) == 1 and f"mnist.npz: the connection dropped after {half / 1e6:.1f} MB" in lines[0]


def test_a_corrupted_download_is_refused_with_its_name(server, tmp_path):
    server.modes["/aclImdb_v1.tar.gz"] = "corrupted"
    out = tmp_path / "mirror"
    with pytest.raises(data.MirrorIncompleteError, match=r"aclImdb_v1.tar.gz: Downloaded aclImdb_v1.tar.gz from .*"):
        data.build_mirror(out, log=lambda line: None)
    assert not (out / "aclImdb_v1.tar.gz").exists() and leftovers(out) == []
    assert (out / "mnist.npz").is_file()


def test_an_interrupted_download_leaves_no_partial_file(server, tmp_path):
    def interrupt(received, total):
        if received:
            raise KeyboardInterrupt

    info = data.REGISTRY["cifar10"]
    with pytest.raises(KeyboardInterrupt):
        data.download(info.url, tmp_path / "dl" / info.file, info.sha256, progress=interrupt)
    assert list((tmp_path / "dl").iterdir()) == []


def test_offline_download_fails_at_once_naming_the_mirror_command(tmp_path):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(DatasetUnavailableError) as err:
        data.download(f"http://127.0.0.1:{port}/mnist.npz", tmp_path / "mnist.npz", "0" * 64, wait_s=30)
    assert "may be offline" in str(err.value) and "python scripts/datasets.py mirror --from FOLDER" in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_file_on_the_server_is_named_not_blamed_on_the_network(server, tmp_path):
    with pytest.raises(DatasetUnavailableError, match=r"the server answered HTTP 404 \(Not Found\)") as err:
        data.download(server_url(server) + "/nowhere.npz", tmp_path / "x.npz", "0" * 64)
    assert "offline" not in str(err.value) and list(tmp_path.iterdir()) == []


def test_mirror_from_a_folder_imports_verified_copies(server, tmp_path, capsys):
    teacher = tmp_path / "usb"
    data.build_mirror(teacher, log=lambda line: None)
    requests = len(server.requests)
    out = tmp_path / "learner"
    assert datasets_cli().main(["mirror", "--from", str(teacher), "--out", str(out)]) == 0
    assert len(server.requests) == requests  # nothing downloaded
    for info in data.REGISTRY.values():
        assert (out / info.file).read_bytes() == (teacher / info.file).read_bytes()
    assert (out / "SHA256SUMS").read_text() == (teacher / "SHA256SUMS").read_text()
    assert "verified by canonical sha256" in capsys.readouterr().out


def test_mirror_from_a_folder_refuses_corrupted_and_missing_copies(server, tmp_path, capsys):
    teacher = tmp_path / "usb"
    data.build_mirror(teacher, log=lambda line: None)
    with open(teacher / "mnist.npz", "r+b") as handle:  # one flipped byte
        handle.seek(1000)
        byte = handle.read(1)
        handle.seek(1000)
        handle.write(bytes([byte[0] ^ 1]))
    (teacher / "aclImdb_v1.tar.gz").unlink()
    out = tmp_path / "learner"
    assert datasets_cli().main(["mirror", "--from", str(teacher), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "lacks 2 of 3 datasets" in err
    assert re.search(r"mnist.npz: .*mnist.npz fails its checksum in SHA256SUMS .* refused", err)
    assert f"aclImdb_v1.tar.gz: {teacher} has no aclImdb_v1.tar.gz" in err
    assert sorted(p.name for p in out.iterdir()) == ["SHA256SUMS", "cifar-10-python.tar.gz"]


def test_mirror_from_a_folder_without_sums_needs_canonical_copies(server, tmp_path):
    teacher = tmp_path / "usb"
    teacher.mkdir()
    for info in data.REGISTRY.values():
        (teacher / info.file).write_bytes(server.files[f"/{info.file}"])
    (teacher / "mnist.npz").write_bytes(b"some other file")
    with pytest.raises(data.MirrorIncompleteError, match=r"mnist.npz is not the canonical mnist.npz .* refused"):
        data.build_mirror(tmp_path / "out", source=teacher, log=lambda line: None)
    assert (tmp_path / "out" / "imdb_v1.tar.gz").exists() is False
    assert (tmp_path / "out" / "aclImdb_v1.tar.gz").is_file()


def test_a_repacked_copy_is_accepted_by_its_sums_and_contents(tmp_path, isolated_cache):
    """Mirrors may hold re-packed copies: their own SHA256SUMS plus a check of what the file holds."""
    teacher = tmp_path / "usb"
    teacher.mkdir()
    fake_mnist(teacher / "mnist.npz")
    write_sums(teacher)
    done = data.build_mirror(tmp_path / "out", source=teacher, names=["mnist"], log=lambda line: None)
    assert "a re-packed copy" in done["mnist.npz"]
    (teacher / "mnist.npz").write_bytes(b"not an npz at all")
    write_sums(teacher)  # the checksum vouches for the bytes, but the contents are no MNIST
    with pytest.raises(data.MirrorIncompleteError, match="not a readable MNIST .npz file"):
        data.build_mirror(tmp_path / "out2", source=teacher, names=["mnist"], log=lambda line: None)


def test_build_mirror_arguments_are_checked(tmp_path):
    with pytest.raises(ValueError, match="Unknown dataset 'mnsit'"):
        data.build_mirror(tmp_path, names=["mnsit"])
    with pytest.raises(FileNotFoundError, match="source .* is not a folder"):
        data.build_mirror(tmp_path / "out", source=tmp_path / "nowhere")
    with pytest.raises(ValueError, match="same folder"):
        data.build_mirror(tmp_path, source=tmp_path)
    with pytest.raises(TypeError, match="out must be a folder path"):
        data.build_mirror(3)
    with pytest.raises(ValueError, match="at least one dataset"):
        data.build_mirror(tmp_path, names=[])


def test_download_progress_shows_size_on_a_log_and_in_place_on_a_terminal():
    log = io.StringIO()
    progress = data.DownloadProgress("cifar-10-python.tar.gz", stream=log)
    total = 170_498_071
    for received in range(0, total, 1 << 20):
        progress(received, total)
    progress(total, total)
    lines = log.getvalue().splitlines()
    assert lines[0] == "cifar-10-python.tar.gz: 0.0 MB of 170.5 MB (0%)"
    assert lines[-1] == "cifar-10-python.tar.gz: 170.5 MB of 170.5 MB (100%)"
    assert 10 <= len(lines) <= 12  # about every 10%, not one line per chunk

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    live = data.DownloadProgress("mnist.npz", stream=screen, every_s=3600)
    for received in (0, 5_000_000, 11_490_434):
        live(received, 11_490_434)
    assert screen.getvalue() == "\rmnist.npz: 0.0 MB of 11.5 MB (0%)\rmnist.npz: 11.5 MB of 11.5 MB (100%)\n"


def test_no_learner_facing_file_names_the_development_mirror():
    """../shared exists only where the course is developed; learners build mirrors with scripts/datasets.py."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    offenders = []
    for name in files:
        if name.startswith((".ci/", "tests/")) or not (ROOT / name).is_file():
            continue  # CI may build its mirror from ../shared; tests are not read by learners
        text = (ROOT / name).read_bytes().decode("utf-8", errors="ignore")
        if "../shared" in text or "shared/datasets" in text:
            offenders.append(name)
    assert not offenders, f"these files send learners to ../shared: {offenders}"


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
