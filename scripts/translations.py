#!/usr/bin/env python3
"""Maintain the Chinese edition (translations/zh/ -> notebooks/zh/); the logic is in authoring/translations.py.

  python scripts/translations.py stub NN_stem     # write translations/zh/NN_stem.md to translate
  python scripts/translations.py build            # regenerate notebooks/zh/*.ipynb and notebooks/zh/README.md
  python scripts/translations.py check            # exit 1 listing missing, stale, unknown or unbuilt translations

See translations/README.md for the translator's workflow.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from authoring import translations  # noqa: E402
from utils import course  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    make_stub = commands.add_parser("stub", help="write a translation file skeleton")
    make_stub.add_argument("stem", choices=course.SYLLABUS, metavar="NN_stem")
    make_stub.add_argument("--force", action="store_true", help="overwrite an existing translation file")
    commands.add_parser("build", help="regenerate the Chinese notebooks and README")
    commands.add_parser("check", help="list what is missing, stale or not rebuilt")
    args = parser.parse_args(argv)
    paths = translations.Paths(ROOT)
    try:
        if args.command == "stub":
            target = paths.translations / f"{args.stem}.md"
            if target.exists() and not args.force:
                print(f"{target.relative_to(ROOT)} exists; use --force to overwrite it", file=sys.stderr)
                return 1
            english = translations.read_notebook(paths.english / f"{args.stem}.ipynb")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(translations.stub(english), encoding="utf-8")
            print(f"wrote {target.relative_to(ROOT)}: replace every {translations.TODO} block with Chinese")
        elif args.command == "build":
            for path in translations.build(ROOT):
                print(f"wrote {path.relative_to(ROOT)}")
        else:
            problems = translations.check(ROOT)
            for problem in problems:
                print(problem)
            if problems:
                return 1
            print(f"the Chinese edition is up to date ({len(translations.translated_stems(ROOT))} notebooks)")
    except (ValueError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
