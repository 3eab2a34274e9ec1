#!/usr/bin/env python3
"""Maintain the course notebooks: build from jupytext percent scripts, sync Setup cells and badges, strip, refresh.

  python scripts/notebooks.py build SRC.py [--out notebooks/NN_name.ipynb]
  python scripts/notebooks.py to-py notebooks/NN_name.ipynb          # percent script on stdout
  python scripts/notebooks.py sync                                    # Setup cell + badge everywhere
  python scripts/notebooks.py set-repo OWNER/NAME REF                 # change slug/ref, then sync
  python scripts/notebooks.py strip [NB ...]                          # drop unchecked outputs
  python scripts/notebooks.py refresh-checked NB [NB ...]             # rerun, keep checked outputs

Percent scripts are jupytext's `py:percent` format: `# %% [markdown]` starts a Markdown cell (lines written
as `# text`), `# %%` a code cell, and `# %% setup` (a code cell titled "setup") marks where the shared Setup
cell goes. `jupytext` does the conversion; this script adds the badge, the Setup cell and stable cell ids.
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

CHECK_TAG = "nbval-check-output"  # nbval compares the stored output of a cell with this tag


def notebook_paths() -> list[Path]:
    """Return the course notebooks in order."""
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def is_checked(cell: dict) -> bool:
    """Return True for a code cell whose output nbval compares."""
    return cell.get("cell_type") == "code" and CHECK_TAG in cell.get("metadata", {}).get("tags", [])


def with_badge(source: str, name: str) -> str:
    """Return a title cell's source with the current Colab badge as its second line."""
    return course.with_badge(source, name)


# What a stored notebook's metadata holds: no widget state, no kernel version details.
NOTEBOOK_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def build(src: Path, out: Path) -> Path:
    """Write notebook `out` from percent script `src` with jupytext, inserting the Setup cell and badge."""
    import jupytext

    nb = jupytext.read(src, fmt="py:percent")
    nb.metadata = nbformat.from_dict(NOTEBOOK_METADATA)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and i == 0:
            cell.source = with_badge(cell.source, out.name)
        setup = cell.cell_type == "code" and cell.metadata.get("title") == "setup"
        if setup:
            cell.metadata = nbformat.from_dict(course.SETUP_CELL_METADATA)
            cell.source = course.setup_cell_source()
        else:
            cell.metadata = {"tags": cell.metadata["tags"]} if cell.metadata.get("tags") else {}
        cell["id"] = f"{out.stem[:2]}-{i:03d}"
    strip(nb)
    nbformat.validate(nb)
    nbformat.write(nb, out)
    return out


def to_percent(path: Path) -> str:
    """Return a notebook as a jupytext percent script (the Setup cell becomes `# %% setup`)."""
    import jupytext

    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and i == 0:
            cell.source = course.without_badge(cell.source)
        elif is_setup_cell(cell):
            cell.source = ""
            cell.metadata = {"title": "setup"}
    nb.metadata = {"jupytext": {"notebook_metadata_filter": "-all", "cell_metadata_filter": "title,tags"}}
    return jupytext.writes(nb, fmt="py:percent")


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove outputs and execution counts except on cells tagged nbval-check-output, and run-time metadata."""
    nb.metadata = nbformat.from_dict(NOTEBOOK_METADATA)
    for cell in nb.cells:
        if cell.cell_type == "code" and not is_checked(cell):
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
        cell.metadata.pop("widgets", None)
    return nb


def is_setup_cell(cell: dict) -> bool:
    """Return True for the Setup cell (any version of it: it names COURSE_REPO and calls utils.setup())."""
    source = "".join(cell.get("source", ""))
    return cell.get("cell_type") == "code" and "COURSE_REPO" in source and "utils.setup()" in source


def sync(paths: list[Path]) -> None:
    """Rewrite the Setup cell (source and collapsed-view metadata) and the badge of every notebook."""
    setup = course.setup_cell_source()
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        nb.cells[0].source = with_badge(nb.cells[0].source, path.name)
        for cell in nb.cells:
            if is_setup_cell(cell):
                cell.source = setup
                cell.metadata = nbformat.from_dict(course.SETUP_CELL_METADATA)
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
    """Execute notebooks (quick profile) and keep outputs only on cells tagged nbval-check-output."""
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
