#!/usr/bin/env python3
"""Maintain the course notebooks: build from percent scripts, sync Setup cells and badges, strip, refresh.

  python scripts/notebooks.py build SRC.py [--out notebooks/NN_name.ipynb]
  python scripts/notebooks.py to-py notebooks/NN_name.ipynb          # percent script on stdout
  python scripts/notebooks.py sync                                    # Setup cell + badge everywhere
  python scripts/notebooks.py set-repo OWNER/NAME REF                 # change slug/ref, then sync
  python scripts/notebooks.py strip [NB ...]                          # drop unchecked outputs
  python scripts/notebooks.py refresh-checked NB [NB ...]             # rerun, keep checked outputs

In a percent script, `# %% [markdown]` starts a Markdown cell (lines written as `# text`),
`# %%` a code cell, and `# %% setup` marks where the shared Setup cell goes.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from utils import course  # noqa: E402

CHECK_MARK = "NBVAL_CHECK_OUTPUT"
BADGE_RE = re.compile(r"^\[!\[Open In Colab\]\(https://colab\.research\.google\.com/assets/colab-badge\.svg\)\]\(.*\)$")


def notebook_paths() -> list[Path]:
    """Return the course notebooks in order."""
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def is_checked(cell: dict) -> bool:
    """Return True for a code cell whose output nbval compares."""
    return cell.get("cell_type") == "code" and CHECK_MARK in "".join(cell.get("source", ""))


def parse_percent(text: str) -> list[tuple[str, str]]:
    """Split a percent script into (kind, source) cells; kind is markdown, code or setup."""
    cells: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("# %%"):
            tag = line[4:].strip()
            kind = "markdown" if tag == "[markdown]" else "setup" if tag == "setup" else "code"
            cells.append((kind, []))
        elif cells:
            cells[-1][1].append(line)
        elif line.strip():
            raise ValueError(f"text before the first '# %%' marker: {line!r}")
    out = []
    for kind, lines in cells:
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        if kind == "markdown":
            lines = [re.sub(r"^# ?", "", ln) if ln.startswith("#") else ln for ln in lines]
        out.append((kind, "\n".join(lines)))
    return out


def with_badge(source: str, name: str) -> str:
    """Return a title cell's source with the current Colab badge as its second line."""
    lines = [ln for ln in source.splitlines() if not BADGE_RE.match(ln.strip())]
    lines.insert(1, "")
    lines.insert(2, course.badge_markdown(name))
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text)


# What a stored notebook's metadata holds: no widget state, no kernel version details.
NOTEBOOK_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def build(src: Path, out: Path) -> Path:
    """Write notebook `out` from percent script `src`, inserting the Setup cell and badge."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = dict(NOTEBOOK_METADATA)
    for i, (kind, source) in enumerate(parse_percent(src.read_text())):
        if kind == "markdown":
            if i == 0:
                source = with_badge(source, out.name)
            cell = nbformat.v4.new_markdown_cell(source)
        elif kind == "setup":
            cell = nbformat.v4.new_code_cell(course.setup_cell_source())
        else:
            cell = nbformat.v4.new_code_cell(source)
        cell["id"] = f"{out.stem[:2]}-{i:03d}"
        nb.cells.append(cell)
    strip(nb)
    nbformat.validate(nb)
    nbformat.write(nb, out)
    return out


def to_percent(path: Path) -> str:
    """Return a notebook as a percent script (the Setup cell becomes `# %% setup`)."""
    nb = nbformat.read(path, as_version=4)
    setup = course.setup_cell_source()
    parts = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            source = cell.source
            if i == 0:
                source = "\n".join(ln for ln in source.splitlines() if not BADGE_RE.match(ln.strip()))
                source = re.sub(r"\n{3,}", "\n\n", source)
            body = "\n".join(("# " + ln).rstrip() for ln in source.splitlines())
            parts.append("# %% [markdown]\n" + body)
        elif cell.source == setup:
            parts.append("# %% setup")
        else:
            parts.append("# %%\n" + cell.source)
    return "\n\n".join(parts) + "\n"


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove outputs and execution counts except on NBVAL_CHECK_OUTPUT cells, and run-time metadata."""
    nb.metadata = nbformat.from_dict(NOTEBOOK_METADATA)
    for cell in nb.cells:
        if cell.cell_type == "code" and not is_checked(cell):
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    return nb


def sync(paths: list[Path]) -> None:
    """Rewrite the Setup cell and the badge of every notebook from utils/course.py."""
    setup = course.setup_cell_source()
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        nb.cells[0].source = with_badge(nb.cells[0].source, path.name)
        for cell in nb.cells:
            if cell.cell_type == "code" and "COURSE_REPO, COURSE_REF" in cell.source:
                cell.source = setup
                break
        nbformat.write(nb, path)


def set_repo(slug: str, ref: str) -> None:
    """Change REPO_SLUG/REPO_REF in utils/course.py, then sync every notebook."""
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", slug) or not re.fullmatch(r"[\w./-]+", ref):
        raise SystemExit(f"expected OWNER/NAME and a git ref, got {slug!r} {ref!r}")
    path = ROOT / "utils" / "course.py"
    text = path.read_text()
    text = re.sub(r'^REPO_SLUG = ".*"$', f'REPO_SLUG = "{slug}"', text, flags=re.M)
    text = re.sub(r'^REPO_REF = ".*"$', f'REPO_REF = "{ref}"', text, flags=re.M)
    path.write_text(text)
    course.REPO_SLUG, course.REPO_REF = slug, ref
    import importlib

    importlib.reload(course)
    sync(notebook_paths())


def refresh_checked(paths: list[Path], timeout: int = 1200) -> None:
    """Execute notebooks (quick profile) and keep outputs only on NBVAL_CHECK_OUTPUT cells."""
    from nbclient import NotebookClient

    if not os.environ.get("COURSE_PROFILE", "").strip():  # empty counts as unset, as in utils.profile
        os.environ["COURSE_PROFILE"] = "quick"
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        strip(nb)
        for cell in nb.cells:
            if is_checked(cell):
                cell.outputs = [o for o in cell.outputs if o.get("output_type") != "display_data"]
        nbformat.write(nb, path)
        print(f"refreshed {path.name}")


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("src", type=Path)
    b.add_argument("--out", type=Path)
    t = sub.add_parser("to-py")
    t.add_argument("notebook", type=Path)
    sub.add_parser("sync")
    r = sub.add_parser("set-repo")
    r.add_argument("slug")
    r.add_argument("ref")
    s = sub.add_parser("strip")
    s.add_argument("notebooks", type=Path, nargs="*")
    f = sub.add_parser("refresh-checked")
    f.add_argument("notebooks", type=Path, nargs="+")
    args = parser.parse_args()
    if args.cmd == "build":
        out = args.out or ROOT / "notebooks" / (args.src.stem + ".ipynb")
        print(build(args.src, out))
    elif args.cmd == "to-py":
        sys.stdout.write(to_percent(args.notebook))
    elif args.cmd == "sync":
        sync(notebook_paths())
    elif args.cmd == "set-repo":
        set_repo(args.slug, args.ref)
    elif args.cmd == "strip":
        for path in args.notebooks or notebook_paths():
            nbformat.write(strip(nbformat.read(path, as_version=4)), path)
    elif args.cmd == "refresh-checked":
        refresh_checked(args.notebooks)


if __name__ == "__main__":
    main()
