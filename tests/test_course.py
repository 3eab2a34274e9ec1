"""The Setup cell: finds the repository from the root or notebooks/, and bootstraps Colab by cloning."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from utils import course


def run_setup_cell(
    cwd: Path, tmp_path: Path, extra_env: dict[str, str], fake_colab: bool, after: str = ""
) -> subprocess.CompletedProcess:
    cell = tmp_path / "setup_cell.py"
    cell.write_text(course.setup_cell_source())
    prelude = ""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    if fake_colab:
        fake = tmp_path / "fake_site"
        (fake / "google" / "colab").mkdir(parents=True, exist_ok=True)  # a namespace package, like the real google.*
        (fake / "google" / "colab" / "__init__.py").write_text("# stands in for Colab's module\n")
        env["PYTHONPATH"] = str(fake)
        prelude = "import google.colab; "
    env.update(extra_env)
    code = prelude + f"exec(open({str(cell)!r}).read()); " + after
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_setup_cell_source_names_repo_and_ref():
    source = course.setup_cell_source("someone/course", "v2")
    assert 'COURSE_REPO = "https://github.com/someone/course.git"\nCOURSE_REF = "v2"' in source
    assert source.count("\n") < 40, "the Setup cell should stay short"


def test_setup_cell_reads_as_plain_steps():
    """One statement a line: no semicolons, no tuple assignments, no comma-separated imports; a form title."""
    source = course.setup_cell_source()
    assert source.startswith(f"# @title {course.SETUP_CELL_TITLE}")
    code = [ln for ln in source.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for line in code:
        assert ";" not in line.split("#")[0], line
        assert not re.match(r"^\s*\w+\s*,\s*\w+\s*=", line), f"tuple assignment: {line}"
        assert not re.match(r"^import \w+\s*,", line), f"several imports on one line: {line}"
    assert all(len(line) <= 120 for line in source.splitlines())


@pytest.mark.parametrize(
    "call",
    [
        lambda: course.setup_cell_source("not a slug", "v1"),
        lambda: course.setup_cell_source("a/b", "v1; rm -rf /"),
        lambda: course.setup_cell_source("a/b", ""),
        lambda: course.colab_url("../06_cnn_lab.ipynb"),
        lambda: course.colab_url("06_cnn_lab.py"),
        lambda: course.badge_markdown(6),
        lambda: course.repo_url(None),
        lambda: course.outputs_dir(3),
        lambda: course.outputs_dir("/nonexistent/course"),
    ],
)
def test_course_paths_and_urls_refuse_bad_input(call):
    with pytest.raises((ValueError, TypeError, FileNotFoundError)):
        call()


def test_course_urls_accept_subfolders_and_tags():
    url = course.colab_url("zh/06_cnn_lab.ipynb", "a/b", "v1.2.3")
    assert url.endswith("/a/b/blob/v1.2.3/notebooks/zh/06_cnn_lab.ipynb")


def test_badge_points_at_the_notebook():
    badge = course.badge_markdown("06_cnn_lab.ipynb", "a/b", "main")
    assert "colab.research.google.com/github/a/b/blob/main/notebooks/06_cnn_lab.ipynb" in badge


@pytest.mark.parametrize("start", [".", "notebooks"])
def test_setup_cell_finds_root_from_root_and_notebooks(root, tmp_path, start):
    result = run_setup_cell(root / start, tmp_path, {}, fake_colab=False, after="print('ROOT', root)")
    assert result.returncode == 0, result.stderr
    assert f"ROOT {root}" in result.stdout and "Course environment" in result.stdout
    assert result.stderr.strip() == "", result.stderr


def test_setup_cell_outside_repo_stops_with_clear_message(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = run_setup_cell(outside, tmp_path, {"COURSE_ROOT": ""}, fake_colab=False)
    assert result.returncode != 0
    searched = ", ".join(str(p) for p in [outside.resolve(), *outside.resolve().parents])
    assert f"Course not found in {searched}." in result.stderr  # every folder searched, named
    assert "COURSE_ROOT" in result.stderr and course.repo_url() in result.stderr and course.REPO_REF in result.stderr
    assert "Traceback" not in result.stderr


def test_setup_cell_course_root_override_from_outside(root, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = run_setup_cell(
        outside, tmp_path, {"COURSE_ROOT": str(root)}, fake_colab=False, after="print('ROOT', root)"
    )
    assert result.returncode == 0, result.stderr
    assert f"ROOT {root}" in result.stdout and "Course environment" in result.stdout


def test_setup_cell_wrong_course_root_is_named_and_not_second_guessed(root, tmp_path):
    wrong = tmp_path / "not-the-course"
    wrong.mkdir()
    result = run_setup_cell(root, tmp_path, {"COURSE_ROOT": str(wrong)}, fake_colab=False)  # cwd is a real copy
    assert result.returncode != 0
    assert f"Course not found in {wrong.resolve()}, {wrong.resolve().parent}" in result.stderr
    assert f"COURSE_ROOT is {wrong}: set it to the folder of your copy of the course, or unset it." in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_setup_cell_course_root_inside_the_course_finds_it(root, tmp_path):
    """COURSE_ROOT pointing at the course's notebooks/ folder (a natural mistake) still finds the course."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = run_setup_cell(
        outside, tmp_path, {"COURSE_ROOT": str(root / "notebooks")}, fake_colab=False, after="print('ROOT', root)"
    )
    assert result.returncode == 0, result.stderr
    assert f"ROOT {root}" in result.stdout


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"COURSE_PROFILE": "fast"}, "Unknown course profile 'fast': COURSE_PROFILE must be one of quick, full"),
        ({"COURSE_DATA_DIR": "/nonexistent/mirror"}, "COURSE_DATA_DIR names /nonexistent/mirror, which does not exist"),
    ],
)
def test_setup_cell_environment_problems_stop_with_one_line(root, tmp_path, env, expected):
    result = run_setup_cell(root / "notebooks", tmp_path, env, fake_colab=False)
    assert result.returncode != 0
    message = result.stderr.strip()
    assert message.startswith(expected), message
    assert "Traceback" not in message and len(message.splitlines()) == 1, message
    assert "Course environment" not in result.stdout


def test_colab_failed_clone_gives_one_clear_message(tmp_path):
    """Colab offline (or a repository that cannot be cloned): what failed, the URL and ref, what to do."""
    content = tmp_path / "content"
    content.mkdir()
    url = (tmp_path / "missing.git").as_uri()
    result = run_setup_cell(
        content, tmp_path, {"COURSE_REPO_URL": url, "COURSE_CLONE_DIR": str(content / "course")}, fake_colab=True
    )
    assert result.returncode != 0
    message = result.stderr.strip()
    assert message.startswith(
        f"Course not found in {content / 'course'}. Cloning {url} at ref {course.REPO_REF} failed"
    )
    assert "Check the network and the ref, then rerun." in message
    assert "Traceback" not in message and len(message.splitlines()) <= 3, message


def test_colab_empty_clone_folder_is_named_with_what_to_do(tmp_path):
    """A folder left where the clone should go (empty, or not the course) is named, with how to fix it."""
    content = tmp_path / "content"
    clone = content / "course"
    clone.mkdir(parents=True)
    result = run_setup_cell(
        content, tmp_path, {"COURSE_REPO_URL": "file:///nonexistent", "COURSE_CLONE_DIR": str(clone)}, fake_colab=True
    )
    assert result.returncode != 0
    message = result.stderr.strip()
    assert message == (
        f"Course not found in {clone}. {clone} exists but holds no copy of the course: "
        f"delete it (!rm -rf {clone}) and rerun this cell."
    ), message


def test_colab_failed_pip_install_gives_one_message(root, tmp_path):
    """Colab without network: the install of a missing package fails with one message naming it and what to do."""
    after = (
        "import subprocess, sys\n"
        "from utils import colab\n"
        "fail = lambda *a, **k: subprocess.CompletedProcess(a, 1, '', 'ERROR: No matching distribution found')\n"
        "colab.subprocess.run = fail\n"
        "colab.COLAB_NEEDS = (('surely_not_a_module_x', 'surely-not-a-package==1.0'),)\n"
        "colab.install_missing.__defaults__ = (colab.COLAB_NEEDS,)\n"
        "utils.setup()\n"
    )
    result = run_setup_cell(root / "notebooks", tmp_path, {}, fake_colab=True, after=after)
    assert result.returncode != 0
    message = result.stderr.strip()
    assert message.startswith("Could not install surely-not-a-package==1.0 for the course"), message
    assert "No matching distribution found" in message and "!pip install surely-not-a-package==1.0" in message
    assert "Traceback" not in message and len(message.splitlines()) == 1, message


def test_pinned_ref_is_a_release_tag_not_a_moving_branch():
    assert course.REPO_REF not in ("main", "master", "HEAD")
    assert course.REPO_REF.startswith("v"), "set-repo OWNER/NAME TAG pins the Colab clone and badges to a release"


def test_colab_bootstrap_clones_pinned_ref_offline(root, tmp_path):
    """Simulate Colab: a fake google.colab module and a file:// clone of this repository."""
    source = tmp_path / "published.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(root), str(source)], check=True)
    head = subprocess.run(
        ["git", "-C", str(source), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    subprocess.run(["git", "-C", str(source), "tag", course.REPO_REF, head], check=True)  # the release tag
    content = tmp_path / "content"
    content.mkdir()
    clone = content / "course"
    result = run_setup_cell(
        content,
        tmp_path,
        {"COURSE_REPO_URL": source.as_uri(), "COURSE_CLONE_DIR": str(clone)},
        fake_colab=True,
        after="print('ROOT', root)",
    )
    assert result.returncode == 0, result.stderr
    assert (clone / "utils" / "course.py").is_file()
    assert f"ROOT {clone}" in result.stdout
    assert "Google Colab" in result.stdout
    assert "already installed" in result.stdout  # nothing (and never TensorFlow) reinstalled
    # a second run reuses the clone instead of cloning again
    again = run_setup_cell(
        content, tmp_path, {"COURSE_REPO_URL": "file:///nonexistent", "COURSE_CLONE_DIR": str(clone)}, fake_colab=True
    )
    assert again.returncode == 0, again.stderr
