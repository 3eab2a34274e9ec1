#!/usr/bin/env python3
"""Build and preview the course book: every notebook executed in one profile, rendered as HTML.

  python scripts/book.py build --profile quick      # CI-sized run  -> outputs/book/quick/html
  python scripts/book.py build --profile full       # release build -> outputs/book/full/html
  python scripts/book.py serve [--profile quick] [--port 8000]

`build` executes a notebook only when its executed copy in outputs/book/<profile>/executed/ is
missing or older than the notebook (`--execute always|never` to force); nothing is written to notebooks/.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from authoring import book  # noqa: E402
from utils.profile import PROFILES  # noqa: E402


def serve(profile: str, port: int) -> None:
    """Serve outputs/book/<profile>/html on http://127.0.0.1:port until interrupted."""
    html = book.BookPaths.for_profile(profile).html
    if not (html / "index.html").is_file():
        raise SystemExit(f"no book at {html}: run `python scripts/book.py build --profile {profile}` first")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(html))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"serving {html} at http://127.0.0.1:{port}/ (Ctrl+C stops)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="execute the notebooks as needed and render the book")
    b.add_argument("--profile", choices=PROFILES, required=True)
    b.add_argument("--execute", choices=book.EXECUTE_MODES, default="auto")
    s = sub.add_parser("serve", help="preview a built book in the browser")
    s.add_argument("--profile", choices=PROFILES, default="quick")
    s.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    if args.cmd == "build":
        start = time.monotonic()
        html = book.build(args.profile, args.execute)
        print(f"book built in {time.monotonic() - start:.0f} s: {html / 'index.html'}")
    else:
        serve(args.profile, args.port)


if __name__ == "__main__":
    main()
