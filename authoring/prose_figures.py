"""Numbers in the notebooks' Markdown that a run produces: registered in one file and checked against the runs.

`docs/prose_figures.csv` has one row per such number, with the columns

- notebook: the notebook's stem, e.g. ``02_strategy_in_numbers``;
- cell: the id of the Markdown cell that writes the number, e.g. ``02-015``;
- written: the number exactly as written in that cell (``34%``, ``1.8``, ``9.07``, ``a fifth``);
- figure: where the number comes from, either the name of a figure that `utils.results.Recorder` records for
  that notebook (``outputs/results/<notebook>.json``), or ``output:<code cell id>:<regex>`` for a number that a
  code cell prints (the regex's one group captures it);
- profile: the profile the written number holds for, ``quick``, ``full`` or ``both`` (the same in both);
- tolerance: how far the written number may be from the run's, in the written units;
- scale: recorded value x scale = written units (100 for a fraction written as a percentage).

Where the check runs: the test command's session checks the ``quick`` and ``both`` entries against the
notebooks nbval has just executed (`tests/authoring/test_prose_figures_in_runs.py`); the full-profile book build
checks the ``full`` and ``both`` entries against its executed copies and refuses to render when one drifted
(`check_book`, called by `authoring.book.build`); entries whose code cell has a checked output are also compared with
the stored output without running anything.

A heuristic (`unregistered`) finds numbers in Markdown that look run-derived (percentages, decimals, multipliers,
hedged amounts such as "about 34%" or "about a fifth") and that are neither registered nor listed, with a reason,
in `docs/prose_numbers_allowed.csv` (notebook, cell or ``*``, written, reason): cited constants, assumptions and
the like. It is what makes an unregistered run-derived number hard to reintroduce.
"""

from __future__ import annotations

import csv
import json
import math
import re
import shutil
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from utils.course import ROOT
from utils.results import results_dir

REGISTRY = ROOT / "docs" / "prose_figures.csv"
ALLOWED = ROOT / "docs" / "prose_numbers_allowed.csv"
NOTEBOOKS = ROOT / "notebooks"
COLUMNS = ("notebook", "cell", "written", "figure", "profile", "tolerance", "scale")
ALLOWED_COLUMNS = ("notebook", "cell", "written", "reason")
PROFILES = ("quick", "full", "both")
OUTPUT_PREFIX = "output:"
RESULTS_SUFFIX = ".results.json"  # a copy of a notebook's recorded figures kept beside its executed copy
CHECKED_OUTPUT = "NBVAL_CHECK_OUTPUT"
CHECKED_TAG = "nbval-check-output"
# The notebooks whose Markdown the heuristic covers (09 is added by the branch that rebuilds it).
HEURISTIC_NOTEBOOKS = (
    "00_welcome_and_setup",
    "01_startup_landscape",
    "02_strategy_in_numbers",
    "03_big_model_economics",
    "04_gradient_descent",
    "05_neural_networks_from_scratch",
    "06_cnn_lab",
    "07_gan_lab",
    "08_text_classification_lab",
    "09_language_models",
    "10_model_to_product",
)

_STEM = re.compile(r"^\d\d_[a-z0-9_]+$")
_CELL = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]*$")
_FIGURE = re.compile(r"^(?:\d\d_[a-z0-9_]+/)?[0-9A-Za-z][0-9A-Za-z_.-]*$")
_CELL_OF_NOTEBOOK = re.compile(r"^(\d\d)-")
_NUMBER = r"[-−]?\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?"
WORD_VALUES = {
    "one": 1.0,
    "two": 2.0,
    "three": 3.0,
    "four": 4.0,
    "five": 5.0,
    "six": 6.0,
    "seven": 7.0,
    "eight": 8.0,
    "nine": 9.0,
    "ten": 10.0,
    "eleven": 11.0,
    "twelve": 12.0,
    "fifteen": 15.0,
    "twenty": 20.0,
    "thirty": 30.0,
    "forty": 40.0,
    "fifty": 50.0,
    "a hundred": 100.0,
    "a thousand": 1000.0,
    "a tenth": 0.1,
    "a fifth": 0.2,
    "a quarter": 0.25,
    "a third": 1 / 3,
    "a half": 0.5,
    "half": 0.5,
    "twice": 2.0,
    "double": 2.0,
    "triple": 3.0,
}
_WORDS = "|".join(re.escape(w) for w in sorted(WORD_VALUES, key=len, reverse=True))
_HEDGE = (
    r"about|around|roughly|nearly|almost|approximately|some|over|under|below|above|only|just|at least|at most|up to"
)
_CANDIDATE = re.compile(
    rf"(?P<hedged>(?:\b(?:{_HEDGE})\s+|[~≈]\s?)(?:US\\?\$)?(?:{_NUMBER}|(?:{_WORDS})\b)(?:\s?%)?)"
    rf"|(?P<percent>(?<![\w.]){_NUMBER}\s?%)"
    rf"|(?P<multiple>(?<![\w.]){_NUMBER}\s?(?:×|x\b|times\b|-fold\b)(?!\s?\d))"
    rf"|(?P<decimal>(?<![\w.§]){_NUMBER}(?=[^\w]|$))",
    re.IGNORECASE,
)
_NOT_FIGURES = (
    (re.compile(r"```.*?```", re.S), " "),  # fenced code
    (re.compile(r"\$\$.*?\$\$", re.S), " "),  # display maths
    (re.compile(r"(?<!\\)\$[^$\n]+?(?<!\\)\$"), " "),  # inline maths (an escaped \$ is a dollar sign)
    (re.compile(r"`[^`]*`"), " "),  # code spans
    (re.compile(r"\]\([^)]*\)"), "]"),  # link targets
    (re.compile(r"https?://\S+"), " "),
    (re.compile(r"<[^>\n]+>"), " "),  # HTML tags
    (re.compile(r"arXiv:\d+\.\d+", re.I), " "),
    (re.compile(r"\d+(?:\s?[×x]\s?\d+)+"), " "),  # dimensions: 3×3, 7×7×128
    (
        re.compile(
            r"(?:§\s?|\b(?:sections?|tables?|figures?|propositions?|algorithms?|questions?|eqs?\.?|chapters?)\s)"
            r"\d+(?:\.\d+)*(?:\s?[–-]\s?\d+(?:\.\d+)*)?",
            re.I,
        ),
        " ",
    ),
    (re.compile(r"\(\d\.\d(?:,\s?\d\.\d)*\)"), " "),  # bare section numbers such as (3.3)
    (re.compile(r"\b(?:TensorFlow|TF|Keras|Python|NumPy|Matplotlib|ipywidgets|nbformat) \d+(?:\.\d+)*"), " "),
)


@dataclass(frozen=True)
class Entry:
    """One registered number: where it is written, what it is, where it comes from and for which profile."""

    notebook: str
    cell: str
    written: str
    figure: str
    profile: str
    tolerance: float
    scale: float

    @property
    def value(self) -> float:
        """The written number as a float."""
        return written_value(self.written)

    @property
    def output_cell(self) -> str | None:
        """The code cell id of an output:<cell>:<regex> figure, None for a recorded figure."""
        return self.figure[len(OUTPUT_PREFIX) :].split(":", 1)[0] if self.is_output else None

    @property
    def pattern(self) -> re.Pattern | None:
        """The compiled regex of an output figure, None for a recorded figure."""
        return re.compile(self.figure[len(OUTPUT_PREFIX) :].split(":", 1)[1], re.M) if self.is_output else None

    @property
    def is_output(self) -> bool:
        """True when the figure is a number a code cell prints, False for a recorded figure."""
        return self.figure.startswith(OUTPUT_PREFIX)

    @property
    def figure_name(self) -> str:
        """The recorded figure's name without a notebook qualifier ('' for an output figure)."""
        return "" if self.is_output else self.figure.rsplit("/", 1)[-1]

    @property
    def source_number(self) -> str:
        """The two-digit number of the notebook whose run produces the figure (it may be another notebook).

        An output figure's code cell id starts with its notebook's number ('02-014'); a recorded figure may be
        qualified with a stem ('02_strategy_in_numbers/bass_p'); otherwise it is the entry's own notebook.
        """
        if self.is_output:
            match = _CELL_OF_NOTEBOOK.match(self.output_cell or "")
            return match.group(1) if match else self.notebook[:2]
        return self.figure.split("/", 1)[0][:2] if "/" in self.figure else self.notebook[:2]

    def source(self, stems: Iterable[str] = ()) -> str:
        """The stem of the notebook whose run produces the figure, looked up in `stems` and the course's notebooks."""
        known = [*stems, *notebook_stems()]
        return next((stem for stem in known if stem[:2] == self.source_number), self.notebook)

    def label(self) -> str:
        """A short description for messages: notebook, cell, the written number and its profile."""
        return f"{self.notebook} cell {self.cell}: '{self.written}' ({self.profile} profile)"


@dataclass(frozen=True)
class Allowed:
    """A number in Markdown that looks run-derived but is not (a cited constant, an assumption), with why."""

    notebook: str
    cell: str
    written: str
    reason: str


@dataclass(frozen=True)
class Candidate:
    """A number in a Markdown cell that the heuristic takes for run-derived."""

    notebook: str
    cell: str
    text: str
    kind: str

    @property
    def value(self) -> float:
        """The number the candidate states."""
        return written_value(self.text)


@dataclass(frozen=True)
class RunFigures:
    """What one run of a notebook produced: its recorded figures and the text each code cell printed."""

    notebook: str
    profile: str
    recorded: Mapping[str, Mapping[str, Any]]
    outputs: Mapping[str, str | None]  # code cell id -> printed text, None when the cell did not run


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"{name} must be a non-empty string, got {value!r}.")
    return value.strip()


def _items(values: Any, name: str, kinds: tuple[type, ...]) -> list[Any]:
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a sequence of {' or '.join(k.__name__ for k in kinds)}, got {values!r:.60}.")
    items = list(values)
    for i, item in enumerate(items):
        if not isinstance(item, kinds):
            raise TypeError(f"{name}[{i}] must be {' or '.join(k.__name__ for k in kinds)}, got {type(item).__name__}.")
    return items


def _profile(value: Any) -> str:
    if value not in ("quick", "full"):
        raise ValueError(f"profile must be quick or full, got {value!r}.")
    return value


def _path(value: Any, name: str) -> Path:
    if not isinstance(value, (str, Path)):
        raise TypeError(f"{name} must be a path, got {type(value).__name__}.")
    return Path(value)


def written_value(written: str) -> float:
    """Return the number a written figure states: '34%' -> 34, '1,024' -> 1024, 'a fifth' -> 0.2."""
    text = _text(written, "written").lower().replace("\\$", "$")
    match = re.search(_NUMBER, text)
    if match:
        return float(match.group(0).replace(",", "").replace("−", "-"))
    for word in sorted(WORD_VALUES, key=len, reverse=True):
        if re.search(rf"\b{re.escape(word)}\b", text):
            return WORD_VALUES[word]
    raise ValueError(f"written must contain a number or a number word (e.g. '34%', 'a fifth'), got {written!r}.")


def _number(value: str, name: str, line: str, *, positive: bool = False) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{line}: {name} must be a number, got {value!r}.") from None
    if not math.isfinite(number) or number < 0 or (positive and number == 0):
        wanted = "a positive" if positive else "a non-negative"
        raise ValueError(f"{line}: {name} must be {wanted} finite number, got {value!r}.")
    return number


def parse_entry(row: Mapping[str, str], line: str = "row") -> Entry:
    """Return the Entry of one registry row (a dict of the COLUMNS), or raise ValueError naming the problem."""
    if not isinstance(row, Mapping):
        raise TypeError(f"row must be a mapping of the columns {COLUMNS}, got {type(row).__name__}.")
    missing = [c for c in COLUMNS if not str(row.get(c) or "").strip()]
    if missing:
        raise ValueError(f"{line}: empty or missing column(s) {missing}; every column is required.")
    notebook, cell, written, figure, profile = (str(row[c]).strip() for c in COLUMNS[:5])
    if not _STEM.match(notebook):
        raise ValueError(f"{line}: notebook must be a stem like '02_strategy_in_numbers', got {notebook!r}.")
    if not _CELL.match(cell):
        raise ValueError(f"{line}: cell must be a cell id like '02-015', got {cell!r}.")
    try:
        written_value(written)
    except ValueError as err:
        raise ValueError(f"{line}: {err}") from None
    if profile not in PROFILES:
        raise ValueError(f"{line}: profile must be one of {', '.join(PROFILES)}, got {profile!r}.")
    if figure.startswith(OUTPUT_PREFIX):
        parts = figure[len(OUTPUT_PREFIX) :].split(":", 1)
        if len(parts) != 2 or not _CELL.match(parts[0]) or not parts[1]:
            raise ValueError(f"{line}: an output figure is 'output:<code cell id>:<regex>', got {figure!r}.")
        try:
            groups = re.compile(parts[1]).groups
        except re.error as err:
            raise ValueError(f"{line}: the regex of {figure!r} does not compile ({err}).") from None
        if groups != 1:
            raise ValueError(f"{line}: the regex of {figure!r} must have exactly one group, it has {groups}.")
    elif not _FIGURE.match(figure):
        raise ValueError(f"{line}: figure must be a recorded figure name or 'output:<cell>:<regex>', got {figure!r}.")
    tolerance = _number(row["tolerance"], "tolerance", line)
    scale = _number(row["scale"], "scale", line, positive=True)
    return Entry(notebook, cell, written, figure, profile, tolerance, scale)


def _rows(path: Path, columns: Sequence[str]) -> list[tuple[str, dict[str, str]]]:
    path = _path(path, "path")
    if not path.is_file():
        raise FileNotFoundError(f"path: no such file {path}")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != tuple(columns):
            raise ValueError(f"{path.name}: the header must be {','.join(columns)}, got {reader.fieldnames}.")
        return [(f"{path.name} line {reader.line_num}", row) for row in reader]


def load_registry(path: Path = REGISTRY) -> list[Entry]:
    """Read the registry (docs/prose_figures.csv) into Entries; ValueError names the first bad line."""
    entries, seen = [], set()
    for line, row in _rows(path, COLUMNS):
        entry = parse_entry(row, line)
        key = (entry.notebook, entry.cell, entry.written, entry.profile)
        if key in seen:
            raise ValueError(f"{line}: {entry.label()} is registered twice.")
        seen.add(key)
        entries.append(entry)
    return entries


def load_allowed(path: Path = ALLOWED) -> list[Allowed]:
    """Read the allow-list (docs/prose_numbers_allowed.csv); ValueError for a row without a reason."""
    allowed = []
    for line, row in _rows(path, ALLOWED_COLUMNS):
        values = {c: str(row.get(c) or "").strip() for c in ALLOWED_COLUMNS}
        empty = [c for c, v in values.items() if not v]
        if empty:
            raise ValueError(f"{line}: empty column(s) {empty}; say which number is allowed and why.")
        if not _STEM.match(values["notebook"]) or not (values["cell"] == "*" or _CELL.match(values["cell"])):
            raise ValueError(f"{line}: notebook must be a stem and cell a cell id or '*', got {values}.")
        try:
            written_value(values["written"])
        except ValueError as err:
            raise ValueError(f"{line}: {err}") from None
        allowed.append(Allowed(**values))
    return allowed


def read_notebook(notebook: str | Path, folder: Path = NOTEBOOKS) -> nbformat.NotebookNode:
    """Return a notebook given its stem (looked up in folder) or its path."""
    if isinstance(notebook, str) and _STEM.match(notebook):
        path = _path(folder, "folder") / f"{notebook}.ipynb"
    else:
        path = _path(notebook, "notebook")
    if not path.is_file():
        raise FileNotFoundError(f"notebook: no such notebook {path}")
    return nbformat.read(path, as_version=4)


def notebook_stems(folder: Path = NOTEBOOKS) -> list[str]:
    """Return the stems of the course notebooks in folder (NN_name.ipynb), in order."""
    folder = _path(folder, "folder")
    if not folder.is_dir():
        raise FileNotFoundError(f"folder: no such folder {folder}")
    return sorted(p.stem for p in folder.glob("[0-9][0-9]_*.ipynb"))


def markdown_cells(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Return {cell id: source} of a notebook's Markdown cells."""
    if not isinstance(nb, Mapping) or "cells" not in nb:
        raise TypeError(f"nb must be an nbformat notebook, got {type(nb).__name__}.")
    return {cell.get("id", ""): cell.source for cell in nb.cells if cell.cell_type == "markdown"}


def output_text(outputs: Iterable[Mapping[str, Any]] | None) -> str | None:
    """Return what a code cell's outputs show as text (streams, plain text, Markdown); None if it did not run."""
    if outputs is None:
        return None
    if isinstance(outputs, (str, bytes, Mapping)) or not isinstance(outputs, Iterable):
        raise TypeError(f"outputs must be a list of notebook outputs (dicts), got {type(outputs).__name__}.")
    text = ""
    for out in outputs:
        if not isinstance(out, Mapping):
            raise TypeError(f"outputs must hold notebook outputs (dicts), got {type(out).__name__}.")
        kind = out.get("output_type")
        if kind == "stream":
            text += _joined(out.get("text", ""))  # a stream may arrive in pieces: join them as printed
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            for key in ("text/markdown", "text/plain"):
                if key in data:
                    text += ("" if not text or text.endswith("\n") else "\n") + _joined(data[key]) + "\n"
    return text


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def is_checked_cell(cell: Mapping[str, Any]) -> bool:
    """True for a code cell whose stored output nbval compares (the tag or the comment marker)."""
    if not isinstance(cell, Mapping):
        raise TypeError(f"cell must be a notebook cell (a dict), got {type(cell).__name__}.")
    tags = cell.get("metadata", {}).get("tags", [])
    return cell.get("cell_type") == "code" and (CHECKED_TAG in tags or CHECKED_OUTPUT in cell.get("source", ""))


def notebook_outputs(nb: nbformat.NotebookNode, checked_only: bool = False) -> dict[str, str | None]:
    """Return {code cell id: printed text} of a notebook (an executed copy, or the stored checked outputs)."""
    if not isinstance(nb, Mapping) or "cells" not in nb:
        raise TypeError(f"nb must be an nbformat notebook, got {type(nb).__name__}.")
    return {
        cell.get("id", ""): output_text(cell.get("outputs", []))
        for cell in nb.cells
        if cell.cell_type == "code" and (not checked_only or is_checked_cell(cell))
    }


def _clean(markdown: str) -> str:
    for pattern, replacement in _NOT_FIGURES:
        markdown = pattern.sub(replacement, markdown)
    return markdown


def candidates(notebook: str, cells: Mapping[str, str]) -> list[Candidate]:
    """Return the numbers of Markdown cells {id: source} that look run-derived (see the module docstring)."""
    _text(notebook, "notebook")
    if not isinstance(cells, Mapping):
        raise TypeError(f"cells must map cell ids to Markdown, got {type(cells).__name__}.")
    found = []
    for cell, source in cells.items():
        for match in _CANDIDATE.finditer(_clean(_text(source, f"cell {cell}") if source.strip() else "")):
            token, kind = " ".join(match.group(0).split()), match.lastgroup or ""
            if kind == "decimal" and "." not in token:
                continue  # plain integers are counts, sizes and dates; only decimals look measured
            found.append(Candidate(notebook, cell, token, kind))
    return found


def unregistered(
    notebook: str, entries: Sequence[Entry], allowed: Sequence[Allowed], folder: Path = NOTEBOOKS
) -> list[Candidate]:
    """Return the candidates of a notebook's Markdown that neither a registry entry nor the allow-list covers."""
    cells = markdown_cells(read_notebook(notebook, folder))
    covered: dict[str, set[float]] = {}
    for item in [*entries, *allowed]:
        if item.notebook == notebook:
            covered.setdefault(item.cell, set()).add(written_value(item.written))
    anywhere = covered.get("*", set())
    return [c for c in candidates(notebook, cells) if not _close(c.value, covered.get(c.cell, set()) | anywhere)]


def _close(value: float, values: Iterable[float]) -> bool:
    return any(math.isclose(value, v, rel_tol=1e-9, abs_tol=1e-12) for v in values)


def misplaced(items: Sequence[Entry | Allowed], folder: Path = NOTEBOOKS) -> list[str]:
    """Return one message per registry or allow-list row whose text is not in its cell (or notebook, for '*')."""
    problems, cache = [], {}
    for item in _items(items, "items", (Entry, Allowed)):
        if item.notebook not in cache:
            try:
                cache[item.notebook] = markdown_cells(read_notebook(item.notebook, folder))
            except FileNotFoundError:
                cache[item.notebook] = None
        cells = cache[item.notebook]
        if cells is None:
            problems.append(f"{item.notebook}: no such notebook in {folder}")
        elif item.cell == "*":
            if not any(item.written in source for source in cells.values()):
                problems.append(f"{item.notebook}: '{item.written}' is allowed for every cell but written in none")
        elif item.cell not in cells:
            problems.append(f"{item.notebook} cell {item.cell}: no Markdown cell with that id (for '{item.written}')")
        elif item.written not in cells[item.cell]:
            problems.append(f"{item.notebook} cell {item.cell}: '{item.written}' is not written there any more")
    return problems


def figure_value(entry: Entry, run: RunFigures) -> float:
    """Return the run's value of an entry's figure, in the recorded units; LookupError says why there is none."""
    if not isinstance(entry, Entry) or not isinstance(run, RunFigures):
        raise TypeError("figure_value needs an Entry and a RunFigures.")
    if entry.is_output:
        cell = entry.output_cell
        if cell not in run.outputs:
            raise LookupError(f"code cell {cell} is not in the {run.profile} run of {run.notebook}")
        printed = run.outputs[cell]
        if printed is None:
            raise LookupError(f"code cell {cell} did not run in the {run.profile} run of {run.notebook}")
        match = entry.pattern.search(printed)
        if not match:
            shown = printed.strip().replace("\n", " | ")[:300]
            raise LookupError(
                f"cell {cell} printed nothing that matches {entry.pattern.pattern!r} (it printed: {shown})"
            )
        return written_value(match.group(1))
    recorded = run.recorded.get(entry.figure_name)
    if not isinstance(recorded, Mapping) or "value" not in recorded:
        raise LookupError(
            f"the {run.profile} run of {run.notebook} did not record the figure {entry.figure_name!r} "
            "(a figure recorded before this run does not count)"
        )
    return float(recorded["value"])


def drift(entry: Entry, run: RunFigures) -> str | None:
    """Return a message if the run's figure, in written units, is further from the written number than allowed."""
    try:
        measured = figure_value(entry, run) * entry.scale
    except LookupError as err:
        return f"{entry.label()}: cannot be checked: {err}."
    if abs(measured - entry.value) <= entry.tolerance + 1e-9 * max(1.0, abs(entry.value)):
        return None
    return (
        f"{entry.label()} has drifted: this {run.profile} run gives {entry.figure} = {measured:.6g} in the written "
        f"units, {measured - entry.value:+.4g} from the text (tolerance ±{entry.tolerance:g}). Update the text "
        f"(and docs/prose_figures.csv), or find out why the figure changed."
    )


def check_runs(entries: Sequence[Entry], runs: Mapping[str, RunFigures], profile: str) -> list[str]:
    """Return one message per entry for `profile` (or both) whose notebook ran and whose figure drifted."""
    _profile(profile)
    if not isinstance(runs, Mapping):
        raise TypeError(f"runs must map notebook stems to RunFigures, got {type(runs).__name__}.")
    problems = []
    for entry in _items(entries, "entries", (Entry,)):
        source = entry.source(runs)
        if entry.profile in (profile, "both") and source in runs:
            message = drift(entry, runs[source])
            if message:
                problems.append(message)
    return problems


def check_stored_outputs(entries: Sequence[Entry], folder: Path = NOTEBOOKS) -> list[str]:
    """Check output entries whose code cell has a checked (stored) output against that output, without a run."""
    problems, cache = [], {}
    entries = _items(entries, "entries", (Entry,))
    stems = notebook_stems(folder)
    for entry in entries:
        if not entry.is_output:
            continue
        source = entry.source(stems)
        if source not in cache:
            cache[source] = notebook_outputs(read_notebook(source, folder), checked_only=True)
        if entry.output_cell in cache[source]:
            run = RunFigures(source, "stored", {}, cache[source])
            message = drift(entry, run)
            if message:
                problems.append(message)
    return problems


def _local_time(stamp: Any) -> float | None:
    try:
        return time.mktime(time.strptime(str(stamp), "%Y-%m-%dT%H:%M:%S"))
    except (TypeError, ValueError):
        return None


def recorded_figures(payload: Mapping[str, Any] | None, profile: str, since: float | None = None) -> dict[str, Any]:
    """Return the figures of a results payload recorded in `profile` (and not before `since`, a Unix time)."""
    _profile(profile)
    if since is not None and (isinstance(since, bool) or not isinstance(since, (int, float))):
        raise TypeError(f"since must be a Unix time (a number) or None, got {type(since).__name__}.")
    if not payload:
        return {}
    if not isinstance(payload, Mapping) or not isinstance(payload.get("figures"), Mapping):
        raise ValueError("payload must be a results file's content (a dict with 'figures').")
    if payload.get("profile") != profile:
        return {}
    figures = {}
    for name, entry in payload["figures"].items():
        when = _local_time(entry.get("recorded_at")) if isinstance(entry, Mapping) else None
        if since is None or (when is not None and when >= since - 1):
            figures[name] = entry
    return figures


def read_results(path: Path) -> dict[str, Any] | None:
    """Return a results file's content, or None if there is no such file."""
    path = _path(path, "path")
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ValueError(f"{path} is not valid JSON ({err}); delete it and rerun its notebook.") from err


def keep_results(stem: str, folder: Path, results: Path | None = None) -> Path | None:
    """Copy a notebook's recorded figures next to its executed copy (<folder>/<stem>.results.json), if any."""
    if not isinstance(stem, str) or not _STEM.match(stem):
        raise ValueError(f"stem must be a notebook stem like '06_cnn_lab', got {stem!r}.")
    source = _path(results, "results") if results is not None else results_dir() / f"{stem}.json"
    if not source.is_file():
        return None
    target = _path(folder, "folder") / f"{stem}{RESULTS_SUFFIX}"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def check_book(executed: Path, profile: str, registry: Path = REGISTRY, results: Path | None = None) -> list[str]:
    """Check the entries of `profile` and both against a book's executed copies; return what drifted or is missing.

    Recorded figures come from <stem>.results.json beside each executed copy (`keep_results`), else from the
    results folder when it holds that profile's figures; printed figures from the executed copy's outputs.
    """
    executed = _path(executed, "executed")
    if not executed.is_dir():
        raise FileNotFoundError(f"executed: no such folder {executed}")
    if profile not in ("quick", "full"):
        raise ValueError(f"profile must be quick or full, got {profile!r}.")
    entries = [e for e in load_registry(registry) if e.profile in (profile, "both")]
    stems = sorted(p.stem for p in executed.glob("[0-9][0-9]_*.ipynb"))
    runs, problems = {}, []
    for stem in sorted({e.source(stems) for e in entries}):
        copy = executed / f"{stem}.ipynb"
        if not copy.is_file():
            problems.append(f"{stem}: no executed copy in {executed}, so its registered figures cannot be checked.")
            continue
        payload = read_results(executed / f"{stem}{RESULTS_SUFFIX}")
        if payload is None or payload.get("profile") != profile:
            payload = read_results((_path(results, "results") if results else results_dir()) / f"{stem}.json")
        recorded = recorded_figures(payload, profile)
        needs_recorded = any(e.source(stems) == stem and not e.is_output for e in entries)
        if needs_recorded and not recorded:
            problems.append(
                f"{stem}: no figures recorded in the {profile} profile beside its executed copy or in the results "
                "folder; rebuild with --execute always so that the run records them."
            )
            continue
        runs[stem] = RunFigures(stem, profile, recorded, notebook_outputs(nbformat.read(copy, as_version=4)))
    return problems + check_runs(entries, runs, profile)


def describe(problems: Sequence[str], what: str) -> str:
    """Return a report of problems under a one-line heading (for errors and assertion messages)."""
    problems, what = _items(problems, "problems", (str,)), _text(what, "what")
    return f"{what} ({len(problems)}):\n" + "\n".join(f"- {p}" for p in problems)


def main(argv: Sequence[str] | None = None) -> int:
    """List the unregistered numbers of the covered notebooks and the registry's misplaced rows."""
    import argparse

    if argv is not None:
        _items(argv, "argv", (str,))

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("notebooks", nargs="*", default=list(HEURISTIC_NOTEBOOKS), help="stems (default: covered)")
    args = parser.parse_args(argv)
    entries, allowed = load_registry(), load_allowed()
    problems = misplaced([*entries, *allowed]) + check_stored_outputs(entries)
    for stem in args.notebooks:
        for c in unregistered(stem, entries, allowed):
            problems.append(f"{stem} cell {c.cell}: '{c.text}' ({c.kind}) is neither registered nor allowed")
    print(describe(problems, "prose figures") if problems else "prose figures: nothing to report")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
