"""The course in a real browser: JupyterLab + headless Chromium run notebook 00 and move its widget.

Chromium is launched by the shared `browser` fixture (tests/conftest.py): skipped locally without
Debian's `chromium` or the `playwright` package, a failure in CI.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "00_welcome_and_setup.ipynb"
# The browser works on a copy under the git-ignored outputs/ folder: JupyterLab may save the
# notebook (choosing a kernel rewrites its metadata), and the test must never touch the
# repository's files. From there the Setup cell still finds `utils` by walking up the folders.
WORK_COPY = ROOT / "outputs" / "browser" / NOTEBOOK.name
SCREENSHOT = ROOT / "outputs" / "browser" / "jupyterlab_widget.png"
# JupyterLab settings for a predictable page: every cell attached to the DOM, no news prompt,
# and no autosave (the run must never write outputs into the repository's notebook).
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 5.0) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - local server
        return response.status


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory) -> Iterator[dict]:
    """Start JupyterLab on 127.0.0.1 with a random token; stop it (and its kernels) afterwards."""
    tmp = tmp_path_factory.mktemp("jupyter")
    WORK_COPY.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(NOTEBOOK, WORK_COPY)
    settings = tmp / "settings"
    for name, values in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = _free_port(), secrets.token_hex(24)
    env = dict(
        os.environ,
        COURSE_PROFILE="quick",
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
        PYTHONUNBUFFERED="1",
    )
    if "COURSE_DATA_DIR" not in env and (ROOT / ".cache" / "datasets").is_dir():
        env["COURSE_DATA_DIR"] = str(ROOT / ".cache" / "datasets")
    log_path = tmp / "jupyterlab.log"
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={ROOT}",
        "--ServerApp.open_browser=False",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI containers run as root
        command.append("--allow-root")
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    info = {"base": base, "token": token, "log": log_path}
    try:
        deadline = time.monotonic() + 90
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited with {server.returncode}:\n{log_path.read_text()[-3000:]}")
            try:
                if _get(f"{base}/api/status?token={token}") == 200:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer in 90 s:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.5)
        yield info
    finally:
        _stop_server(server, base, token)


def _stop_server(server: subprocess.Popen, base: str, token: str) -> None:
    """Ask the server to shut down (it stops its kernels), then make sure its process group is gone."""
    if server.poll() is None:
        try:
            request = urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST")
            urllib.request.urlopen(request, timeout=5).close()  # noqa: S310 - local server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=10)
    try:  # kernels the server started live in the same process group
        os.killpg(server.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="module")
def page(browser, lab_server) -> Iterator:
    """A headless Chromium page on the notebook; its context closed afterwards, pass or fail."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        tab = context.new_page()
        tab.set_default_timeout(60_000)
        relative = WORK_COPY.relative_to(ROOT).as_posix()
        tab.goto(f"{lab_server['base']}/lab/tree/{relative}?token={lab_server['token']}")
        tab.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=90_000)
        _accept_kernel_dialog(tab)
        tab.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
        yield tab
    finally:
        context.close()


def _accept_kernel_dialog(tab) -> None:
    """Answer JupyterLab's 'Select Kernel' dialog (when it asks) with the proposed Python 3 kernel."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    dialog = tab.locator(".jp-Dialog", has_text="Select Kernel")
    try:
        dialog.wait_for(state="visible", timeout=15_000)
    except PlaywrightTimeout:
        return
    dialog.locator("button.jp-mod-accept").click()
    dialog.wait_for(state="detached", timeout=15_000)


def _fail(tab, message: str) -> None:
    """Save a screenshot of the page for the log, then fail with the message."""
    shot = SCREENSHOT.with_name("failure.png")
    shot.parent.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(shot))
    pytest.fail(f"{message} (screenshot: {shot.relative_to(ROOT)})")


def _run_all(tab) -> None:
    tab.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    tab.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()


def _wait_all_executed(tab, timeout_s: float = 30) -> list[str]:
    """Wait until every code cell shows an execution count like [7] and the kernel is idle."""
    deadline = time.monotonic() + timeout_s
    while True:
        prompts = tab.locator(".jp-CodeCell .jp-InputArea-prompt").all_inner_texts()
        done = prompts and all(re.search(r"\[\d+\]", p) for p in prompts)
        idle = tab.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").count() > 0
        if done and idle:
            return prompts
        if time.monotonic() > deadline:
            _fail(tab, f"not every cell ran within {timeout_s:.0f} s; prompts: {prompts}")
        time.sleep(0.5)


def _figure_src(tab) -> str:
    """The data URL of the figure displayed under the slider."""
    cell = tab.locator(".jp-CodeCell", has=tab.locator(".widget-slider"))
    img = cell.locator(".jp-OutputArea-output img").last
    return img.get_attribute("src") or ""


def test_notebook_runs_and_widget_is_live(page):
    _run_all(page)
    prompts = _wait_all_executed(page)
    assert len(prompts) >= 10, prompts

    errors = page.locator('.jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]')
    assert errors.count() == 0, errors.all_inner_texts()[:2]
    stderr = page.locator('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]')
    for text in stderr.all_inner_texts():
        assert "Traceback" not in text and "Error" not in text, text[:2000]

    # The widget is a live control, not its text repr.
    page.wait_for_selector(".jupyter-widgets .widget-slider", timeout=30_000)
    outputs = " ".join(page.locator(".jp-OutputArea").all_inner_texts())
    for repr_text in ("IntSlider(", "HBox(", "Interactive("):
        assert repr_text not in outputs, f"widget shown as text: {repr_text}"

    before = _figure_src(page)
    assert before.startswith("data:image/png"), before[:80]
    handle = page.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    readout = page.locator(".widget-slider .widget-readout").first
    deadline = time.monotonic() + 30
    while _figure_src(page) == before:
        if time.monotonic() > deadline:
            _fail(page, f"moving the slider did not change the figure (readout {readout.inner_text()!r})")
        time.sleep(0.25)
    assert readout.inner_text().strip() == "3"

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.locator(".jp-CodeCell", has=page.locator(".widget-slider")).scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000
