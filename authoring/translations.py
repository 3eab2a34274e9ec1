"""The Chinese edition: translation files keyed by cell id, built into notebooks/zh/ and checked for drift.

A translation file `translations/zh/NN_stem.md` holds one block per English Markdown cell, in notebook order:

    <!-- cell 00-004 source-sha256:0123456789ab -->
    ## 学习目标
    ...

The hash is the first 12 hex digits of the sha256 of the English cell source (utf-8; a title cell's Colab badge
line is left out, so moving the repository does not make every title stale). A changed English cell changes its
hash, and its translation is then stale until a translator updates the text and the marker.

A file may also hold zh-only notes, `<!-- note after 00-009 -->` and Chinese Markdown, at their place in the order:
the build inserts each as an extra Markdown cell (id `00-009-zh`) right after the cell it names, code cells included,
e.g. a Chinese key to English output. A note whose cell is gone is reported like an unknown block.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from utils import course
from utils.validation import text as _text

LANGUAGE = "zh"
TODO = "TODO(translate)"
HASH_LENGTH = 12
MARKER_RE = re.compile(r"^<!-- cell (?P<id>\d\d-\d{3}) source-sha256:(?P<sha>[0-9a-f]{12}) -->$")
NOTE_RE = re.compile(r"^<!-- note after (?P<id>\d\d-\d{3}) -->$")
NOTE_SUFFIX = "-zh"  # a note after cell 00-009 becomes cell 00-009-zh of the Chinese notebook
README_TEMPLATE = "readme_template.md"  # translations/zh/: the Chinese README, with the course map at COURSE_MAP_MARK
COURSE_MAP_MARK = "<!-- course map -->"
TITLE_RE = re.compile(r"^# (?P<number>\d\d) · (?P<title>\S.*)$")
# The anatomy headings of a Chinese notebook, in order (English: What you will learn, Summary, Exercises).
HEADINGS = ("## 学习目标", "## 小结", "## 练习")
STEM_RE = re.compile(r"^\d\d_[a-z0-9_]+$")


@dataclass(frozen=True)
class Block:
    """One translated Markdown cell (id, hash of the English source, Chinese text), or a zh-only note after a cell."""

    cell_id: str
    sha: str
    text: str
    note: bool = False  # True: a Chinese-only cell inserted after cell `cell_id` (any type); sha is ""

    @property
    def marker(self) -> str:
        """The marker line that opens this block in a translation file."""
        if self.note:
            return f"<!-- note after {self.cell_id} -->"
        return f"<!-- cell {self.cell_id} source-sha256:{self.sha} -->"


@dataclass(frozen=True)
class Paths:
    """Where the English notebooks, the translation files and the Chinese notebooks live under a root."""

    root: Path

    @property
    def english(self) -> Path:
        """The English notebooks folder."""
        return self.root / "notebooks"

    @property
    def translations(self) -> Path:
        """The translation files' folder."""
        return self.root / "translations" / LANGUAGE

    @property
    def chinese(self) -> Path:
        """The built Chinese notebooks' folder."""
        return self.root / "notebooks" / LANGUAGE


def _path(path: object, name: str) -> Path:
    """Return path as a Path; TypeError unless it is a str or os.PathLike."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a path (str or pathlib.Path), got {type(path).__name__}.")
    return Path(path)


def _root(root: object) -> Path:
    """Return the course root as a Path; FileNotFoundError unless it is an existing folder."""
    path = _path(root, "root")
    if not path.is_dir():
        raise FileNotFoundError(f"root must be the course's folder (holding notebooks/), got {path}: no such folder.")
    lacking = [name for name in ("notebooks", "translations") if not (path / name).is_dir()]
    if lacking:
        raise FileNotFoundError(
            f"root must be the course's folder, holding notebooks/ and translations/; {path} lacks {lacking}."
        )
    return path


def _notebook(nb: object, name: str) -> nbformat.NotebookNode:
    """Return nb if it is a notebook (nbformat.NotebookNode with cells), else raise TypeError."""
    if not isinstance(nb, nbformat.NotebookNode) or not isinstance(nb.get("cells"), list):
        raise TypeError(f"{name} must be a notebook read with read_notebook(), got {type(nb).__name__}.")
    return nb


def _blocks(blocks: object, *, allow_empty: bool = False) -> list[Block]:
    """Return blocks as a list of Block (from parse_translation), or raise TypeError/ValueError."""
    if isinstance(blocks, (str, bytes)) or not isinstance(blocks, (list, tuple)):
        raise TypeError(f"blocks must be a list of Block from parse_translation(), got {type(blocks).__name__}.")
    if not blocks and not allow_empty:
        raise ValueError("blocks must not be empty")
    wrong = [type(b).__name__ for b in blocks if not isinstance(b, Block)]
    if wrong:
        raise TypeError(f"blocks must hold only Block items (from parse_translation()), got {wrong[0]}.")
    return list(blocks)


def source_hash(source: str) -> str:
    """Return the first 12 hex digits of the sha256 of an English cell source, without its Colab badge line."""
    if not isinstance(source, str):
        raise TypeError(f"source must be a str, got {type(source).__name__}")
    if any(course.BADGE_RE.match(line.strip()) for line in source.splitlines()):
        source = course.without_badge(source)
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def parse_translation(text: str, name: str) -> list[Block]:
    """Parse a translation file's text into blocks and notes; `name` (the file) is named in every error."""
    if not isinstance(text, str):
        raise TypeError(f"{name}: text must be a str, got {type(text).__name__}")
    blocks: list[Block] = []
    current: tuple[str, str, bool] | None = None
    lines: list[str] = []

    def close() -> None:
        if current is None:
            return
        body = "\n".join(lines).strip("\n")
        if not body.strip():
            what = "note after cell" if current[2] else "cell"
            raise ValueError(f"{name}: {what} {current[0]} has an empty translation")
        blocks.append(Block(current[0], current[1], body, note=current[2]))

    for number, line in enumerate(text.splitlines(), start=1):
        match, note = MARKER_RE.match(line.strip()), NOTE_RE.match(line.strip())
        if match or note:
            close()
            cell_id, is_note = (match or note).group("id"), note is not None
            if any(b.cell_id == cell_id and b.note == is_note for b in blocks):
                what = "note after cell" if is_note else "translation of cell"
                raise ValueError(f"{name}: line {number}: duplicate {what} {cell_id}")
            current, lines = (cell_id, match.group("sha") if match else "", is_note), []
        elif line.lstrip().startswith(("<!-- cell", "<!-- note")):
            raise ValueError(
                f"{name}: line {number}: bad marker {line.strip()!r}; expected "
                "'<!-- cell NN-NNN source-sha256:<12 hex digits> -->' or '<!-- note after NN-NNN -->'"
            )
        elif current is None:
            if line.strip():
                raise ValueError(f"{name}: line {number}: text before the first '<!-- cell ... -->' marker")
        else:
            lines.append(line)
    close()
    if not any(not b.note for b in blocks):
        raise ValueError(f"{name}: no '<!-- cell ... -->' markers found")
    return blocks


def format_translation(blocks: list[Block]) -> str:
    """Return the text of a translation file holding `blocks` (the inverse of parse_translation)."""
    blocks = _blocks(blocks)
    return "\n\n".join(f"{b.marker}\n{b.text.strip()}" for b in blocks) + "\n"


def read_translation(path: Path) -> list[Block]:
    """Read and parse a translation file."""
    path = _path(path, "path")
    if not path.is_file():
        raise FileNotFoundError(f"no translation file {path}; write one with `python scripts/translations.py stub`")
    return parse_translation(path.read_text(encoding="utf-8"), path.name)


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read a notebook as nbformat 4 (FileNotFoundError names the path)."""
    path = _path(path, "path")
    if not path.is_file():
        raise FileNotFoundError(f"no notebook {path}")
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


def english_markdown(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Return {cell id: source} of a notebook's Markdown cells, in order."""
    nb = _notebook(nb, "nb")
    return {c.id: c.source for c in nb.cells if c.cell_type == "markdown"}


def translation_problems(blocks: list[Block], english: nbformat.NotebookNode, name: str) -> list[str]:
    """List what is wrong with `blocks` against the English notebook: missing, unknown, stale, order, TODO."""
    blocks, name = _blocks(blocks, allow_empty=True), _text(name, "name")
    english = _notebook(english, "english")
    cells = english_markdown(english)
    position = {c.id: i for i, c in enumerate(english.cells)}
    have = {b.cell_id for b in blocks if not b.note}
    problems = [f"{name}: cell {cid} has no translation" for cid in cells if cid not in have]
    for block in blocks:
        if block.note:
            if block.cell_id not in position:
                problems.append(
                    f"{name}: note after cell {block.cell_id}: the English notebook has no such cell any more"
                )
        elif block.cell_id not in cells:
            problems.append(f"{name}: cell {block.cell_id} is not a Markdown cell of the English notebook any more")
        elif source_hash(cells[block.cell_id]) != block.sha:
            problems.append(
                f"{name}: cell {block.cell_id} is stale: it translates source-sha256:{block.sha}, the English cell "
                f"is now {source_hash(cells[block.cell_id])}; update the text, then the marker"
            )
        if TODO in block.text:
            what = "note after cell" if block.note else "cell"
            problems.append(f"{name}: {what} {block.cell_id} still holds the {TODO} placeholder")
    # A block sits at its cell's place, a note right after the block (if any) of the cell it follows.
    order = [(position[b.cell_id], b.note) for b in blocks if b.cell_id in (position if b.note else cells)]
    if order != sorted(order):
        problems.append(f"{name}: blocks are not in the English notebook's order")
    return problems


def build_notebook(english: nbformat.NotebookNode, blocks: list[Block], stem: str) -> nbformat.NotebookNode:
    """Return the Chinese notebook: English code cells and metadata, translated Markdown, notes, a badge to zh/."""
    if not STEM_RE.match(_text(stem, "stem")):
        raise ValueError(f"stem must be a notebook name like '05_neural_networks', got {stem!r}.")
    blocks, name = _blocks(blocks, allow_empty=True), f"{stem}.md"
    english = _notebook(english, "english")
    notes = {b.cell_id: b.text for b in blocks if b.note}
    blocks = [b for b in blocks if not b.note]
    cells = english_markdown(english)
    unknown = [b.cell_id for b in blocks if b.cell_id not in cells]
    if unknown:
        raise ValueError(f"{name}: cell {', '.join(unknown)} is not a Markdown cell of notebooks/{stem}.ipynb")
    missing = [cid for cid in cells if cid not in {b.cell_id for b in blocks}]
    if missing:
        raise ValueError(f"{name}: cell {', '.join(missing)} has no translation; run `translations.py stub`")
    stray = [cid for cid in notes if cid not in {c.id for c in english.cells}]
    if stray:
        raise ValueError(f"{name}: note after cell {', '.join(stray)}: no such cell in notebooks/{stem}.ipynb")
    text = {b.cell_id: b.text for b in blocks}
    nb = copy.deepcopy(english)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        cell.source = text[cell.id]
        if i == 0:
            if not TITLE_RE.match(cell.source.splitlines()[0]) or not cell.source.startswith(f"# {stem[:2]} · "):
                raise ValueError(f"{name}: cell {cell.id}: the title must read '# {stem[:2]} · 标题'")
            cell.source = course.with_badge(cell.source, f"{LANGUAGE}/{stem}.ipynb")
    with_notes = []
    for cell in nb.cells:
        with_notes.append(cell)
        if cell.id in notes:
            with_notes.append(nbformat.v4.new_markdown_cell(notes[cell.id], id=cell.id + NOTE_SUFFIX))
    nb.cells = with_notes
    nbformat.validate(nb)
    return nb


def stub(english: nbformat.NotebookNode) -> str:
    """Return a translation file skeleton: current markers, the English text as a TODO placeholder."""
    cells = english_markdown(_notebook(english, "english"))
    if not cells:
        raise ValueError("the notebook has no Markdown cells to translate")
    blocks = []
    for i, (cid, source) in enumerate(cells.items()):
        placeholder = course.without_badge(source) if i == 0 else source
        blocks.append(Block(cid, source_hash(source), f"{placeholder}\n\n{TODO}"))
    return format_translation(blocks)


def translated_stems(root: Path = course.ROOT) -> list[str]:
    """Return the stems of the notebooks that have a translation file, in course order."""
    folder = Paths(_root(root)).translations
    stems = sorted(p.stem for p in folder.glob("[0-9][0-9]_*.md"))
    strays = [s for s in stems if s not in course.SYLLABUS]
    if strays:
        raise ValueError(f"translation files for notebooks not in utils.course.SYLLABUS: {strays}")
    return stems


def title_and_summary(blocks: list[Block], name: str) -> tuple[str, str]:
    """Return the Chinese title (without the number) and one-line summary from a title block."""
    blocks, name = _blocks(blocks), _text(name, "name")
    if blocks[0].note:
        raise ValueError(f"{name}: the first block must translate the title cell, not be a note")
    lines = [ln.strip() for ln in course.without_badge(blocks[0].text).splitlines() if ln.strip()]
    match = TITLE_RE.match(lines[0]) if lines else None
    if not match or len(lines) < 2:
        raise ValueError(f"{name}: cell {blocks[0].cell_id} must hold '# NN · 标题' and a one-line summary")
    return match.group("title"), " ".join(lines[1:])


def readme(root: Path = course.ROOT) -> str:
    """Return notebooks/zh/README.md: translations/zh/readme_template.md with the Chinese course map filled in."""
    paths = Paths(_root(root))
    stems = translated_stems(root)
    template_path = paths.translations / README_TEMPLATE
    if not template_path.is_file():
        raise FileNotFoundError(f"no README template {template_path}: the Chinese README is built from it")
    template = template_path.read_text(encoding="utf-8")
    if template.count(COURSE_MAP_MARK) != 1:
        raise ValueError(f"{template_path.name} must hold the line {COURSE_MAP_MARK} exactly once (the course map)")
    rows = ["| 笔记本 | 内容 | Colab | quick | full |", "|---|---|---|---|---|"]
    for entry in course.COURSE_MAP:
        if entry.stem not in stems:
            continue
        title, summary = title_and_summary(read_translation(paths.translations / f"{entry.stem}.md"), entry.stem)
        badge = course.badge_markdown(f"{LANGUAGE}/{entry.stem}.ipynb")
        rows.append(
            f"| [{entry.stem[:2]} · {title}]({entry.stem}.ipynb) | {summary} | {badge} | {entry.quick} | {entry.full} |"
        )
    return template.replace(COURSE_MAP_MARK, "\n".join(rows))


def built(root: Path = course.ROOT) -> dict[Path, str]:
    """Return {path: text} of everything the build writes: each Chinese notebook and the Chinese README."""
    paths = Paths(_root(root))
    out = {}
    for stem in translated_stems(root):
        english = read_notebook(paths.english / f"{stem}.ipynb")
        nb = build_notebook(english, read_translation(paths.translations / f"{stem}.md"), stem)
        out[paths.chinese / f"{stem}.ipynb"] = nbformat.writes(nb) + "\n"
    out[paths.chinese / "README.md"] = readme(root)
    return out


def build(root: Path = course.ROOT) -> list[Path]:
    """Write every Chinese notebook that has a translation file, and the Chinese README; return the paths."""
    outputs = built(_root(root))
    for path, text in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(outputs)


def check(root: Path = course.ROOT) -> list[str]:
    """List every problem of the Chinese edition: missing, stale or unknown translations, outdated builds."""
    root = _root(root)
    paths = Paths(root)
    problems = []
    for stem in translated_stems(root):
        english = read_notebook(paths.english / f"{stem}.ipynb")
        problems += translation_problems(read_translation(paths.translations / f"{stem}.md"), english, f"{stem}.md")
    try:
        outputs = built(root)
    except ValueError as err:  # a missing or unknown cell, already listed above; nothing to compare
        return problems or [str(err)]
    for path, text in outputs.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            problems.append(f"{path.relative_to(root)} is not up to date: run `python scripts/translations.py build`")
    known = set(outputs)
    problems += [
        f"{p.relative_to(root)} has no translation file in translations/{LANGUAGE}/"
        for p in sorted(paths.chinese.glob("*.ipynb"))
        if p not in known
    ]
    return problems
