"""The course as a book: the notebooks, executed once in one profile, rendered by Sphinx and MyST-NB.

Layout under the git-ignored `outputs/book/<profile>/`: `executed/` holds the executed copies
(never `notebooks/`), `src/` the Sphinx sources made from them, `html/` the built book.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat

from utils.course import COURSE_MAP, ROOT, MapEntry, colab_url
from utils.profile import PROFILE_ENV, PROFILES
from utils.widgets import CONTROLS_METADATA

NOTEBOOKS = ROOT / "notebooks"
UTILS = ROOT / "utils"  # the notebooks' code: a change to it makes every executed copy stale
NOT_RUN: tuple[str, ...] = ()  # files under utils/ notebooks never run (the book machinery is in authoring/)
BOOK_DIR = ROOT / "outputs" / "book"
CONF_DIR = ROOT / "docs"
META_KEY = "course_book"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")
SCOREBOARD_DOC = "scoreboard"
RAW_DIR = "_notebooks"  # clean copies of the stored notebooks, offered for download
EXECUTE_MODES = ("auto", "always", "never")
BOOK_TITLE = "From AI startup strategy to deep learning"


def _notebook(nb: object, name: str = "nb") -> nbformat.NotebookNode:
    """Return nb if it is a notebook (an nbformat node with cells and metadata), else raise TypeError."""
    if not isinstance(nb, dict) or "cells" not in nb or "metadata" not in nb:
        raise TypeError(f"{name} must be an nbformat notebook (nbformat.read(...)), got {type(nb).__name__}.")
    return nb if isinstance(nb, nbformat.NotebookNode) else nbformat.from_dict(nb)


def _entry(entry: object) -> MapEntry:
    """Return entry if it is a course map row (utils.course.MapEntry), else raise TypeError."""
    if not isinstance(entry, MapEntry):
        raise TypeError(f"entry must be a utils.course.MapEntry, got {type(entry).__name__}.")
    return entry


def _info(info: object) -> dict:
    """Return info if it is an execution stamp naming a known profile and a time, else raise naming it."""
    if not isinstance(info, dict) or not {"profile", "executed_at"} <= set(info):
        raise ValueError(f"info must be an execution stamp with 'profile' and 'executed_at', got {info!r:.80}.")
    if info["profile"] not in PROFILES:
        raise ValueError(f"info['profile'] must be one of {', '.join(PROFILES)}, got {info['profile']!r:.40}.")
    if not isinstance(info["executed_at"], str) or not info["executed_at"].strip():
        raise ValueError(f"info['executed_at'] must be the time of the run as text, got {info['executed_at']!r:.40}.")
    return info


def _path(value: object, name: str) -> Path:
    """Return value as a Path if it is a path (str or os.PathLike), else raise a TypeError naming it."""
    if not isinstance(value, (str, os.PathLike)) or not str(value).strip():
        raise TypeError(f"{name} must be a path, got {type(value).__name__} {value!r:.40}.")
    return Path(value)


def check_profile(profile: str) -> str:
    """Return profile if it names a course profile, else raise ValueError listing the names."""
    if not isinstance(profile, str) or profile not in PROFILES:
        raise ValueError(f"profile must be one of {', '.join(PROFILES)}, got {profile!r}.")
    return profile


@dataclass(frozen=True)
class BookPaths:
    """The folders of one profile's book: executed copies, Sphinx sources and HTML."""

    profile: str
    root: Path

    @classmethod
    def for_profile(cls, profile: str, out: Path | None = None) -> BookPaths:
        """Return the folders of profile's book under out (default outputs/book/<profile>)."""
        return cls(check_profile(profile), (out or BOOK_DIR) / profile)

    @property
    def executed(self) -> Path:
        """Folder of the executed notebooks."""
        return self.root / "executed"

    @property
    def src(self) -> Path:
        """Folder of the generated Sphinx sources."""
        return self.root / "src"

    @property
    def html(self) -> Path:
        """Folder of the built HTML book."""
        return self.root / "html"


def course_notebooks(folder: Path = NOTEBOOKS) -> list[tuple[MapEntry, Path]]:
    """Return (map entry, notebook path) in course order; the folder must match COURSE_MAP exactly."""
    folder = _path(folder, "folder")
    if not folder.is_dir():
        raise FileNotFoundError(f"folder (the notebooks folder) not found: {folder}")
    pairs = [(entry, folder / f"{entry.stem}.ipynb") for entry in COURSE_MAP]
    missing = [path.name for _, path in pairs if not path.is_file()]
    if missing:
        raise FileNotFoundError(f"COURSE_MAP names notebooks missing from {folder}: {missing}")
    extra = sorted({p.name for p in folder.glob("[0-9][0-9]_*.ipynb")} - {p.name for _, p in pairs})
    if extra:
        raise ValueError(f"notebooks in {folder} that COURSE_MAP lacks: {extra}")
    return pairs


def digest(path: Path, skip: tuple[str, ...] = ()) -> str:
    """Return the sha256 of a file's bytes, or of a folder's Python files (names and contents) but skip."""
    path = _path(path, "path")
    if not path.exists():
        raise FileNotFoundError(f"path {path} does not exist: nothing to digest.")
    if path.is_dir():
        total = hashlib.sha256()
        for file in sorted(f for f in path.rglob("*.py") if f.relative_to(path).as_posix() not in skip):
            total.update(file.relative_to(path).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
        return total.hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stamp(
    nb: nbformat.NotebookNode, profile: str, source: Path, executed_at: dt.datetime | None = None
) -> nbformat.NotebookNode:
    """Record in nb's metadata the profile, the UTC time and the source notebook it was executed from."""
    nb = _notebook(nb)
    when = (executed_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    nb.metadata[META_KEY] = {
        "profile": check_profile(profile),
        "source": Path(source).name,
        "source_sha256": digest(source),
        "utils_sha256": digest(UTILS, NOT_RUN),
        "executed_at": when.strftime("%Y-%m-%d %H:%M UTC"),
    }
    return nb


def stamp_of(nb: nbformat.NotebookNode) -> dict:
    """Return the execution stamp of an executed copy; ValueError when it has none."""
    info = _notebook(nb).metadata.get(META_KEY)
    if not info or not {"profile", "executed_at", "source"} <= set(info):
        raise ValueError("nb is not an executed copy: its metadata lacks the course_book stamp.")
    return info


def is_fresh(executed: Path, source: Path, profile: str) -> bool:
    """Return True if executed ran source's current content, with today's utils package, in profile."""
    check_profile(profile)
    if not Path(source).is_file():
        raise FileNotFoundError(f"source notebook not found: {source}")
    if not Path(executed).is_file():
        return False
    info = nbformat.read(executed, as_version=4).metadata.get(META_KEY, {})
    current = {
        "profile": check_profile(profile),
        "source_sha256": digest(source),
        "utils_sha256": digest(UTILS, NOT_RUN),
    }
    return all(info.get(key) == value for key, value in current.items())


@contextlib.contextmanager
def profile_env(profile: str) -> Iterator[None]:
    """Set COURSE_PROFILE for kernels started inside the block, then restore it."""
    before = os.environ.get(PROFILE_ENV)
    os.environ[PROFILE_ENV] = check_profile(profile)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(PROFILE_ENV, None)
        else:
            os.environ[PROFILE_ENV] = before


def execute(source: Path, target: Path, profile: str, timeout: int = 3600) -> Path:
    """Execute notebook source in profile with nbclient (cwd: its folder); write the stamped copy to target.

    A cell that raises stops nothing: the copy is written with the traceback, then RuntimeError names it.
    """
    from nbclient import NotebookClient

    source, target = Path(source), Path(target)
    if not source.is_file():
        raise FileNotFoundError(f"source notebook not found: {source}")
    if target.resolve().parent == source.resolve().parent:
        raise ValueError(f"target must not be in the notebooks folder, got {target}")
    nb = nbformat.read(source, as_version=4)
    with profile_env(profile):
        NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": str(source.parent)}},
        ).execute()
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(stamp(nb, profile, source), target)
    errors = error_outputs(nb)
    if errors:
        raise RuntimeError(f"{source.name} raised in {profile} profile: {errors[0]} (executed copy kept: {target})")
    return target


def error_outputs(nb: nbformat.NotebookNode) -> list[str]:
    """Return 'cell N: Name: message' for every error output of nb."""
    nb = _notebook(nb)
    return [
        f"cell {index}: {out.get('ename')}: {out.get('evalue')}"
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]


def from_cell_outputs(
    source: Path, outputs: Sequence[list | None], profile: str, target: Path, executed_at: dt.datetime | None = None
) -> Path:
    """Write target: notebook source with outputs[i] as the outputs of its i-th code cell (e.g. nbval's)."""
    check_profile(profile)
    if not Path(source).is_file():
        raise FileNotFoundError(f"source notebook not found: {source}")
    if isinstance(outputs, (str, bytes)) or not isinstance(outputs, Sequence):
        raise TypeError(
            f"outputs must be a sequence with one list of outputs per code cell, got {type(outputs).__name__}."
        )
    nb = nbformat.read(source, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    if len(outputs) != len(code):
        raise ValueError(f"outputs has {len(outputs)} entries for the {len(code)} code cells of {source}.")
    if any(cell_outputs is None for cell_outputs in outputs):
        raise ValueError(f"outputs of {source}: some code cells did not run (None).")
    for count, (cell, cell_outputs) in enumerate(zip(code, outputs), start=1):
        cell.outputs = [nbformat.from_dict(dict(out)) for out in cell_outputs]
        cell.execution_count = count
        for out in cell.outputs:
            if out.get("output_type") == "execute_result":
                out["execution_count"] = count
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(stamp(nb, profile, source, executed_at), target)
    return target


def count_images(nb: nbformat.NotebookNode) -> int:
    """Return how many figures (image outputs) the cells of nb display."""
    nb = _notebook(nb)
    return sum(
        1
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if any(kind in out.get("data", {}) for kind in IMAGE_TYPES)
    )


def image_alt_texts(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Map the sha256 of each PNG output's bytes (MyST-NB's image file name) to its alt text metadata."""
    alts = {}
    for cell in _notebook(nb).cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            alt = out.get("metadata", {}).get("image/png", {}).get("alt")
            if "image/png" in out.get("data", {}) and alt:
                alts[hashlib.sha256(base64.b64decode(out["data"]["image/png"])).hexdigest()] = alt
    return alts


def widget_note(output: dict) -> nbformat.NotebookNode:
    """Return the static stand-in for a widget view output: the controls a live notebook shows there."""
    if not isinstance(output, dict):
        raise TypeError(f"output must be a notebook output (a dict), got {type(output).__name__}.")
    if WIDGET_VIEW not in output.get("data", {}):
        raise ValueError("output is not a widget view (no application/vnd.jupyter.widget-view+json data).")
    controls = output.get("metadata", {}).get(CONTROLS_METADATA)  # utils.widgets.interact records them
    if controls:
        listed = ", ".join(f"*{label}* = {value}" for label, value in controls)
        text = (
            f"**Interactive:** a live notebook shows controls here ({listed}). Open it in Colab or "
            "JupyterLab to move them; the figure below is drawn for these values."
        )
    else:
        text = (
            "**Interactive:** a live notebook shows controls here. Open it in Colab or JupyterLab to use "
            "them; what follows is drawn for their starting values."
        )
    return nbformat.v4.new_output("display_data", data={"text/markdown": text, "text/plain": text})


def page_title(entry: MapEntry) -> str:
    """Return the book title of a course map entry, e.g. '05 · CNN lab'."""
    number = _entry(entry).stem.split("_", 1)[0]
    return f"{number} · {entry.title}"


def header_markdown(entry: MapEntry, info: dict) -> str:
    """Return the admonition put under each page's title: profile, date, Colab and download links."""
    _entry(entry)
    _info(info)
    note = (
        " The quick profile trains on smaller subsets for fewer epochs, so its numbers are lower than a full run's."
        if info["profile"] == "quick"
        else ""
    )
    return (
        f":::{{admonition}} Executed copy: profile `{info['profile']}`, {info['executed_at']}\n"
        ":class: note\n\n"
        f"This page shows the notebook as it ran with `COURSE_PROFILE={info['profile']}` on "
        f"{info['executed_at']}.{note}\n"
        f"[Open in Colab]({colab_url(entry.stem + '.ipynb')}) · "
        f"{{download}}`Download the notebook (.ipynb) <{RAW_DIR}/{entry.stem}.ipynb>`\n:::"
    )


def prepare_page(executed: nbformat.NotebookNode, entry: MapEntry) -> nbformat.NotebookNode:
    """Return the page for an executed copy: the stamp header under the title, widgets as static notes."""
    executed, entry = _notebook(executed, "executed"), _entry(entry)
    info = stamp_of(executed)
    nb = copy.deepcopy(executed)
    nb.metadata.pop("widgets", None)  # the book has no kernel: no widget state, no widget scripts
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [widget_note(out) if WIDGET_VIEW in out.get("data", {}) else out for out in cell.outputs]
    header = nbformat.v4.new_markdown_cell(header_markdown(entry, info))
    header["id"] = "book-executed-stamp"
    nb.cells.insert(1, header)
    return nb


def _heading(cell: dict) -> tuple[int, str] | None:
    """Return (level, text) if a markdown cell starts with a heading."""
    match = re.match(r"(#{1,6})\s+(.*)", cell.source) if cell.cell_type == "markdown" else None
    return (len(match.group(1)), match.group(2).strip()) if match else None


def scoreboard_page(
    pages: Sequence[tuple[MapEntry, nbformat.NotebookNode]], word: str = "scoreboard"
) -> nbformat.NotebookNode:
    """Return the back matter: the section whose heading names word, from the last notebook that has one."""
    if isinstance(pages, (str, bytes)) or not isinstance(pages, Sequence):
        raise TypeError(f"pages must be a sequence of (MapEntry, notebook) pairs, got {type(pages).__name__}.")
    pages = [(_entry(entry), _notebook(nb, "a page")) for entry, nb in pages]
    for entry, nb in reversed(pages):
        starts = [(i, h) for i, h in ((i, _heading(c)) for i, c in enumerate(nb.cells)) if h and h[0] == 2]
        found = [(i, level) for i, (level, text) in starts if word.lower() in text.lower()]
        if not found:
            continue
        first, level = found[-1]
        end = next(
            (i for i, h in ((i, _heading(c)) for i, c in enumerate(nb.cells)) if i > first and h and h[0] <= level),
            len(nb.cells),
        )
        info = stamp_of(nb)
        page = nbformat.v4.new_notebook(metadata={k: v for k, v in nb.metadata.items() if k != "widgets"})
        intro = (
            f"# Course scoreboard\n\nThe back matter of the book: the scoreboard drawn at the end of "
            f"[{page_title(entry)}]({entry.stem}.ipynb), which collects what every lab measured next "
            f"to published references and the articles' claims. Executed with profile "
            f"`{info['profile']}` on {info['executed_at']}."
        )
        page.cells = [nbformat.v4.new_markdown_cell(intro), *copy.deepcopy(nb.cells[first:end])]
        page.cells[0]["id"] = "book-scoreboard-intro"
        return page
    raise ValueError(f"pages: no notebook has a level-2 heading containing {word!r}.")


def index_markdown(entries: Sequence[MapEntry], title: str, info: dict) -> str:
    """Return the front matter: the course map table and the table of contents, grouped by part."""
    if isinstance(entries, (list, tuple)) and not entries:
        raise ValueError("entries is empty: a book needs at least one notebook.")
    if not isinstance(entries, (list, tuple)):
        raise TypeError(f"entries must be a list of utils.course.MapEntry, got {type(entries).__name__}.")
    for entry in entries:
        _entry(entry)
    if not isinstance(title, str) or not title.strip():
        raise ValueError(f"title must be a non-empty string, got {title!r:.40}.")
    _info(info)
    rows = "\n".join(f"| [{page_title(e)}]({e.stem}.ipynb) | {e.content} | {e.quick} | {e.full} |" for e in entries)
    toctrees, parts = [], []
    for entry in entries:
        if not parts or parts[-1][0] != entry.part:
            parts.append((entry.part, []))
        parts[-1][1].append(entry.stem)
    for part, stems in [*parts, ("back matter", [SCOREBOARD_DOC])]:
        body = "\n".join(stems)
        toctrees.append(f"```{{toctree}}\n:caption: {part.capitalize()}\n:hidden:\n\n{body}\n```")
    return (
        f"# {title}\n\n"
        "Every notebook of the course, executed top to bottom and shown with its outputs: read it "
        "here without running anything, or open it in Colab from the top of its page.\n\n"
        f"This build ran in the `{info['profile']}` profile on {info['executed_at']}.\n\n"
        "## Course map\n\nTypical run times on a 2-core laptop CPU, in each profile.\n\n"
        "| Notebook | What it covers | quick | full |\n|---|---|---|---|\n"
        f"{rows}\n\nBack matter: the [course scoreboard]({SCOREBOARD_DOC}.ipynb).\n\n" + "\n\n".join(toctrees) + "\n"
    )


def write_sources(paths: BookPaths, notebooks: Path = NOTEBOOKS, title: str = BOOK_TITLE) -> list[str]:
    """Write the Sphinx sources (index, one page per executed notebook, scoreboard); return the docnames."""
    if not isinstance(paths, BookPaths):
        raise TypeError(f"paths must be a BookPaths (BookPaths.for_profile(...)), got {type(paths).__name__}.")
    pairs = course_notebooks(notebooks)
    executed = []
    for entry, source in pairs:
        path = paths.executed / source.name
        if not path.is_file():
            raise FileNotFoundError(f"executed copy missing: {path} (build with execution on)")
        executed.append((entry, nbformat.read(path, as_version=4)))
    if paths.src.exists():
        shutil.rmtree(paths.src)
    (paths.src / RAW_DIR).mkdir(parents=True)
    for (entry, source), (_, nb) in zip(pairs, executed):
        nbformat.write(prepare_page(nb, entry), paths.src / source.name)
        shutil.copyfile(source, paths.src / RAW_DIR / source.name)
    nbformat.write(scoreboard_page(executed), paths.src / f"{SCOREBOARD_DOC}.ipynb")
    oldest = min((stamp_of(nb) for _, nb in executed), key=lambda info: info["executed_at"])
    (paths.src / "index.md").write_text(index_markdown([e for e, _ in pairs], title, oldest))
    return ["index", *(entry.stem for entry, _ in pairs), SCOREBOARD_DOC]


def render_html(src: Path, html: Path, conf_dir: Path = CONF_DIR, jobs: str = "1") -> Path:
    """Run Sphinx (docs/conf.py) on src into html; any warning fails it with RuntimeError and the log."""
    src, html, conf_dir = _path(src, "src"), _path(html, "html"), _path(conf_dir, "conf_dir")
    if not isinstance(jobs, str) or not (jobs == "auto" or jobs.isdigit() and int(jobs) >= 1):
        raise ValueError(f"jobs must be 'auto' or a positive whole number as text (Sphinx -j), got {jobs!r:.40}.")
    if not (Path(src) / "index.md").is_file():
        raise FileNotFoundError(f"src has no index.md (write the sources first): {src}")
    if not (Path(conf_dir) / "conf.py").is_file():
        raise FileNotFoundError(f"conf_dir has no conf.py: {conf_dir}")
    warnings = Path(html).parent / "sphinx-warnings.log"
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-q",
        "-E",  # a fresh environment: pages removed from the course leave nothing behind
        "-W",  # a warning (broken reference, unreadable output) fails the build...
        "--keep-going",  # ...after listing them all
        "-j",
        jobs,
        "-c",
        str(conf_dir),
        "-w",
        str(warnings),
        str(src),
        str(html),
    ]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise RuntimeError(f"Sphinx failed ({result.returncode}):\n{(result.stdout + result.stderr)[-4000:]}")
    return Path(html)


def build(
    profile: str,
    execute_mode: str = "auto",
    out: Path | None = None,
    notebooks: Path = NOTEBOOKS,
    log: Callable[[str], None] = print,
) -> Path:
    """Execute what is needed (auto: only stale or missing copies), write the sources, render the HTML.

    Every step and its time also go to outputs/book/<profile>/build.log. A full-profile build first checks the
    numbers registered in docs/prose_figures.csv against this build's runs and stops, naming them, if one drifted.
    """
    from authoring import prose_figures  # the authoring tools check the text; notebooks never import them

    if execute_mode not in EXECUTE_MODES:
        raise ValueError(f"execute_mode must be one of {', '.join(EXECUTE_MODES)}, got {execute_mode!r}.")
    paths = BookPaths.for_profile(profile, out)
    paths.root.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []

    def note(line: str) -> None:
        lines.append(line)
        log(line)
        (paths.root / "build.log").write_text("\n".join(lines) + "\n")

    begin = time.monotonic()
    for _, source in course_notebooks(notebooks):
        target = paths.executed / source.name
        fresh = is_fresh(target, source, profile)
        if execute_mode == "always" or (execute_mode == "auto" and not fresh):
            start = time.monotonic()
            execute(source, target, profile)
            prose_figures.keep_results(source.stem, paths.executed)  # the figures this run recorded, kept with it
            note(f"book: executed {source.name} ({profile}) in {time.monotonic() - start:.0f} s")
        elif not target.is_file():
            raise FileNotFoundError(f"no executed copy of {source.name} in {paths.executed} (execute_mode=never)")
        else:
            note(f"book: reusing {target.relative_to(paths.root)}" + ("" if fresh else " (STALE: source changed)"))
    if profile == "full":  # the release build: every number the text registers must hold in this run
        drifted = prose_figures.check_book(paths.executed, profile)
        if drifted:
            raise RuntimeError(prose_figures.describe(drifted, "The full-profile book is not rendered: prose figures"))
        note("book: every registered full-profile figure in the text holds (docs/prose_figures.csv)")
    start = time.monotonic()
    write_sources(paths, notebooks)
    render_html(paths.src, paths.html)
    rendered, whole = time.monotonic() - start, time.monotonic() - begin
    note(f"book: rendered {paths.html} in {rendered:.0f} s (whole build {whole:.0f} s)")
    return paths.html
