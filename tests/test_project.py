"""Project files: pins consistent across requirements.txt and environment.yml; README and CI agree."""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pins(lines) -> dict[str, str]:
    out = {}
    for line in lines:
        line = line.strip().removeprefix("- ").strip()
        match = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)==([0-9][^\s#]*)", line)
        if match:
            out[match.group(1).lower()] = match.group(2)
    return out


def test_requirements_are_exact_pins():
    lines = [
        ln.strip()
        for ln in (ROOT / "requirements.txt").read_text().splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    assert lines and all("==" in ln for ln in lines), "every requirement must be pinned with =="
    for package in ("tensorflow", "numpy", "matplotlib", "jupyterlab", "ipywidgets", "nbval", "pytest"):
        assert package in pins(lines), package


LEARNER_NEEDS = ("tensorflow", "keras", "numpy", "matplotlib", "ipywidgets", "jupyterlab", "nbval", "pytest")
AUTHORING_TOOLS = ("ruff", "pre-commit", "nbdime", "jupytext", "playwright", "sphinx", "myst-nb", "sphinx-book-theme")


def requirement_lines(name: str) -> list[str]:
    return [ln.strip() for ln in (ROOT / name).read_text().splitlines() if ln.strip() and not ln.startswith("#")]


def test_learners_install_only_what_they_need_and_authors_the_rest():
    learner, dev = pins(requirement_lines("requirements.txt")), pins(requirement_lines("requirements-dev.txt"))
    assert all("==" in ln for ln in requirement_lines("requirements-dev.txt")), "pin every tool with =="
    assert set(LEARNER_NEEDS) <= set(learner), set(LEARNER_NEEDS) - set(learner)
    assert set(AUTHORING_TOOLS) <= set(dev), set(AUTHORING_TOOLS) - set(dev)
    assert not set(learner) & set(dev), f"listed in both files: {set(learner) & set(dev)}"
    assert not (ROOT / "docs" / "requirements.txt").exists(), "the book's tools live in requirements-dev.txt"
    ci = (ROOT / ".ci" / "run").read_text()
    assert "-r requirements.txt -r requirements-dev.txt" in ci, "CI installs both files, so nothing is skipped there"
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dev = { file = ["requirements-dev.txt"] }' in pyproject


def test_environment_yml_matches_requirements():
    req = pins((ROOT / "requirements.txt").read_text().splitlines())
    env_text = (ROOT / "environment.yml").read_text()
    assert pins(env_text.splitlines()) == req
    assert re.search(r"^\s*- python=3\.11\s*$", env_text, flags=re.M)


def test_installed_versions_match_pins():
    from importlib.metadata import PackageNotFoundError, version

    req = pins((ROOT / "requirements.txt").read_text().splitlines())
    wrong = {}
    for package, pinned in req.items():
        try:
            installed = version(package)
        except PackageNotFoundError:
            installed = None
        if installed != pinned:
            wrong[package] = (pinned, installed)
    assert not wrong, f"installed versions differ from requirements.txt: {wrong}"


def test_readme_commands_and_ci_agree():
    readme = (ROOT / "README.md").read_text()
    assert "python -m pip install -r requirements.txt" in readme
    assert "jupyter lab notebooks/00_welcome_and_setup.ipynb" in readme
    commands = re.findall(r"^python -m pytest .*$", readme, flags=re.M)
    assert commands == ["python -m pytest -n 2 --nbval-lax tests notebooks"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "grep -m1 -E '^python -m pytest ' README.md" in ci
    assert "prepare.py --out .cache/datasets" in ci
    assert "COURSE_PROFILE" not in ci, "the README command must pick the quick profile by itself"
    assert "COURSE_PROFILE=full python -m pytest --nbval-lax tests notebooks" in readme
    assert "pip install" in ci and "-r requirements.txt" in ci


def test_gitignore_covers_outputs_and_caches():
    ignored = (ROOT / ".gitignore").read_text().split()
    for entry in ("outputs/", ".cache/", ".ipynb_checkpoints/"):
        assert entry in ignored


def test_no_dataset_files_committed():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    big = [f for f in files if f.endswith((".npz", ".tar.gz", ".zip", ".npy"))]
    assert not big, f"dataset-like files are committed: {big}"


LINTED = ["conftest.py", "utils", "authoring", "tests", "scripts", "notebooks"]


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["check", "format"])
def test_ruff_clean(command, skip_or_fail):
    if importlib.util.find_spec("ruff") is None:
        skip_or_fail("ruff is an authoring tool, not installed here: pip install -r requirements-dev.txt")
    result = subprocess.run([sys.executable, "-m", "ruff", *command, *LINTED], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_runs_the_same_checks():
    config = (ROOT / ".pre-commit-config.yaml").read_text()
    for hook in ("ruff check", "ruff format --check", "scripts/notebooks.py strip"):
        assert hook in config, f".pre-commit-config.yaml does not run {hook!r}"


def test_nbdime_diffs_notebooks():
    assert "*.ipynb diff=jupyternotebook merge=jupyternotebook" in (ROOT / ".gitattributes").read_text()


def test_license_covers_code_and_text():
    text = (ROOT / "LICENSE").read_text()
    assert "MIT License" in text and "Creative Commons Attribution 4.0" in text
    assert "## License" in (ROOT / "README.md").read_text()


def test_editable_install_imports_utils_from_elsewhere(tmp_path):
    """A fresh venv, `pip install -e .` (dependencies skipped: they are requirements.txt), import from elsewhere."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "-e", str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    probe = "import utils, utils.course, utils.lessons; print(utils.__file__, len(utils.course.SYLLABUS))"
    result = subprocess.run([str(python), "-c", probe], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert str(ROOT / "utils") in result.stdout and result.stdout.split()[-1] == "11"


PROFILE_PROBE = (
    "import os, pytest; pytest.main(['--collect-only', '-q', '--nbval-lax', 'notebooks/04_gradient_descent.ipynb']); "
    "print('PROFILE', os.environ['COURSE_PROFILE'])"
)


@pytest.mark.parametrize(("given", "expected"), [(None, "quick"), ("", "quick"), ("full", "full"), ("quick", "quick")])
def test_test_command_defaults_to_quick_profile(given, expected):
    """The root conftest sets the profile before nbval starts kernels; an explicit one wins."""
    env = {k: v for k, v in os.environ.items() if k != "COURSE_PROFILE"}
    if given is not None:
        env["COURSE_PROFILE"] = given
    result = subprocess.run(
        [sys.executable, "-c", PROFILE_PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert f"PROFILE {expected}" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one process", "two workers"])
def test_notebooks_without_data_stop_with_one_message(tmp_path, workers):
    """Offline, with no data: one message naming the datasets and the fix, no per-notebook tracebacks."""
    env = {**os.environ, "COURSE_DATA_DIR": str(tmp_path / "no-mirror"), "KERAS_HOME": str(tmp_path / "keras")}
    notebooks = [
        "notebooks/04_gradient_descent.ipynb",
        "notebooks/06_cnn_lab.ipynb",
        "notebooks/08_text_classification_lab.ipynb",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *workers, "--nbval-lax", *notebooks],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 4, out
    assert out.count("their datasets are unavailable") == 1, out
    for name in ("cifar10", "imdb", "mnist"):
        assert f"{name}: COURSE_DATA_DIR=" in out, out
    assert "python scripts/datasets.py mirror --out DIR" in out and "Traceback" not in out and "passed" not in out


def test_datasets_needed_reads_the_loaders(tmp_path):
    from conftest import datasets_needed

    notebook = tmp_path / "x.ipynb"
    notebook.write_text('{"source": ["data.load_mnist()\\n", "load_imdb()", "load_mnist()"]}')
    assert datasets_needed([notebook]) == ["imdb", "mnist"]
    assert datasets_needed([ROOT / "notebooks" / "04_gradient_descent.ipynb"]) == []


def test_scopes_keep_notebooks_and_modules_whole_and_the_after_modules_together():
    from conftest import AFTER_MODULES, AFTER_SCOPE, scope_of

    assert scope_of("notebooks/06_cnn_lab.ipynb::Cell 12") == scope_of("notebooks/06_cnn_lab.ipynb::Cell 0")
    assert scope_of("notebooks/06_cnn_lab.ipynb::Cell 0") != scope_of("notebooks/07_gan_lab.ipynb::Cell 0")
    assert scope_of("tests/test_data.py::test_a[x-1]") == scope_of("tests/test_data.py::test_b") == "tests/test_data.py"
    assert {scope_of(f"{module}::test_x") for module in AFTER_MODULES} == {AFTER_SCOPE}
    assert all((ROOT / module).is_file() for module in AFTER_MODULES)


def test_notebooks_named_finds_what_nbval_would_collect(tmp_path):
    from conftest import notebooks_named

    (tmp_path / "a" / ".ipynb_checkpoints").mkdir(parents=True)
    (tmp_path / "a" / "01_x.ipynb").write_text("{}")
    (tmp_path / "a" / ".ipynb_checkpoints" / "01_x-checkpoint.ipynb").write_text("{}")
    (tmp_path / "b.ipynb").write_text("{}")
    (tmp_path / "c.py").write_text("")
    found = notebooks_named([str(tmp_path / "a"), f"{tmp_path / 'b.ipynb'}::Cell 0", str(tmp_path / "c.py")])
    assert found == [(tmp_path / "a" / "01_x.ipynb").resolve(), (tmp_path / "b.ipynb").resolve()]
    assert notebooks_named([str(tmp_path / "missing")]) == []
    assert ROOT / "notebooks" / "06_cnn_lab.ipynb" in notebooks_named(["notebooks"])


def test_tests_of_the_notebooks_outputs_live_only_in_the_after_modules():
    """A test marked after_notebooks outside AFTER_MODULES could run before the notebooks: collection refuses it."""
    from conftest import AFTER_MODULES, misplaced_tests

    after = f"{AFTER_MODULES[0]}::test_x"
    assert misplaced_tests([("tests/test_data.py::test_a", 0), (after, 1), (f"{AFTER_MODULES[1]}::t[a]", 2)]) == []
    assert misplaced_tests([("tests/test_data.py::test_a", 1), (after, 0), ("notebooks/x.ipynb::Cell 0", 2)]) == [
        "tests/test_data.py::test_a",
        after,
        "notebooks/x.ipynb::Cell 0",
    ]


def test_the_scoreboard_notebook_waits_for_the_notebooks_it_reads(tmp_path):
    import types

    from conftest import notebook_record, reads_results, wait_for_notebooks

    assert reads_results(ROOT / "notebooks" / "10_model_to_product.ipynb")
    assert not reads_results(ROOT / "notebooks" / "06_cnn_lab.ipynb")
    config = types.SimpleNamespace(course_session=(f"test-{os.getpid()}", 0.0))
    notebooks = [ROOT / "notebooks" / "06_cnn_lab.ipynb", ROOT / "notebooks/zh/05_neural_networks_from_scratch.ipynb"]
    record = notebook_record(config, notebooks[1])
    assert record.name == "notebooks__zh__05_neural_networks_from_scratch.ipynb.json"
    try:
        record.parent.mkdir(parents=True)
        record.write_text("{}")
        assert wait_for_notebooks(config, notebooks, timeout=0.1) == [notebooks[0]]
        notebook_record(config, notebooks[0]).write_text("{}")
        assert wait_for_notebooks(config, notebooks, timeout=0.1) == []
    finally:
        shutil.rmtree(record.parent, ignore_errors=True)


def test_two_workers_run_notebooks_whole_and_the_after_tests_last():
    """With -n 2, each notebook's cells share one worker, and the after-modules start when every notebook is done."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-v", "-n", "2", "-p", "no:randomly", "--nbval-lax"]
        + ["notebooks/00_welcome_and_setup.ipynb", "notebooks/01_startup_landscape.ipynb"]
        + ["tests/authoring/test_prose_figures_in_runs.py", "tests/test_seeding.py"],
        cwd=ROOT,
        env={key: value for key, value in os.environ.items() if key != "CI"},  # other notebooks' figures: a skip
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = result.stdout + result.stderr
    lines = [line for line in out.splitlines() if re.match(r"\[gw\d\]", line)]
    worker_of: dict[str, set[str]] = {}
    for line in lines:
        node = re.search(r"(PASSED|FAILED|SKIPPED|ERROR) (\S+)", line)
        if node:
            worker_of.setdefault(node.group(2).split("::")[0], set()).add(line.split("]")[0])
    assert len(worker_of.get("notebooks/00_welcome_and_setup", ())) == 1, out
    assert len(worker_of.get("notebooks/01_startup_landscape", ())) == 1, out
    after = [i for i, line in enumerate(lines) if "test_prose_figures_in_runs" in line]
    cells = [i for i, line in enumerate(lines) if "ipynb::Cell" in line]
    assert after and cells and min(after) > max(cells), out
    assert "test_registered_figures_hold_in_this_sessions_runs" in out and " failed" not in out, out


def test_notebook_00_shows_how_to_choose_the_quick_profile_before_setup(monkeypatch):
    """The line 00 tells Jupyter and Colab users to run above the Setup cell really selects `quick`."""
    import nbformat
    from IPython.core.interactiveshell import InteractiveShell

    from utils.environment import environment_report
    from utils.profile import profile

    nb = nbformat.read(ROOT / "notebooks" / "00_welcome_and_setup.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and "%env COURSE_PROFILE=quick" in c.source)
    assert nb.cells.index(cell) > 1, "a Markdown cell after the Setup cell, as the anatomy wants"
    line = re.search(r"```python\n(.+)\n```", cell.source).group(1)
    monkeypatch.setenv("COURSE_PROFILE", "full")
    InteractiveShell.instance().run_line_magic("env", line.removeprefix("%env "))
    assert profile().name == "quick" and environment_report()["Profile"].startswith("quick")


def test_learners_have_a_route_to_report_a_problem():
    """Issue forms for a mistake (errata) and a failure, listing every notebook; README points to them."""
    import yaml

    from utils.course import COURSE_MAP

    forms = {}
    for path in sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml")):
        form = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name != "config.yml":
            forms[form["name"]] = form
    assert set(forms) == {"Mistake in the course", "Something does not run"}
    for name, form in forms.items():
        assert form["description"] and form["body"], name
        where = next(item for item in form["body"] if item.get("id") == "notebook")
        listed = where["attributes"]["options"]
        assert [o for o in listed if o[:2].isdigit()] == [f"{e.stem[:2]} · {e.title}" for e in COURSE_MAP], name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Report a problem" in readme and "### Errata" in readme
    assert all(f"*{name}*" in readme for name in forms)
