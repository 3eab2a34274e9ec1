#!/usr/bin/env python3
"""Build an offline data mirror: every dataset the course uses, verified, under its canonical name, with a SHA256SUMS.

  python scripts/datasets.py mirror --out DIR                 # download (or reuse the Keras cache), checked
  python scripts/datasets.py mirror --from FOLDER --out DIR   # import copies someone brought, verified
  python scripts/datasets.py mirror --out DIR --only mnist    # some datasets only (mnist, cifar10, imdb)

Then point the course at it: `export COURSE_DATA_DIR=DIR` (Windows: `set COURSE_DATA_DIR=DIR`) before
starting Jupyter. A teacher builds DIR once, copies it to a USB stick, and each learner imports it with
`--from`. Nothing partial is ever left in DIR: a file that fails its checksum is refused and named.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from utils import data  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit status (0: the mirror is complete, 1: some datasets are missing)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    mirror = commands.add_parser("mirror", help="build or complete a verified data mirror in a folder")
    mirror.add_argument("--out", type=Path, required=True, metavar="DIR", help="the mirror folder (created)")
    mirror.add_argument(
        "--from", dest="source", type=Path, metavar="FOLDER", help="import verified copies from this folder"
    )
    mirror.add_argument("--only", nargs="+", choices=sorted(data.REGISTRY), metavar="NAME", help="some datasets")
    args = parser.parse_args(argv)
    names = args.only or sorted(data.REGISTRY)
    where = f"the copies in {args.source}" if args.source else "the Keras cache or the canonical downloads"
    print(f"Building a data mirror in {args.out} from {where}: {', '.join(names)}")
    try:
        data.build_mirror(args.out, args.source, names)
    except data.MirrorIncompleteError as err:
        print(f"\nerror: {err}", file=sys.stderr)
        return 1
    except (ValueError, TypeError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted: nothing partial was kept; run the same command again to finish", file=sys.stderr)
        return 130
    folder = args.out.resolve()
    print(f"\nThe mirror is complete and verified ({data.SUMS_FILE} written): {folder}")
    print(f"Use it: export {data.DATA_DIR_ENV}={folder}   (then start Jupyter from the same shell)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
