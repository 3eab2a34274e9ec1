"""The built course book opened page by page in headless Chromium.

This module runs last in a session (marker `book`; the order and the pytest-xdist grouping are in the
root conftest.py). When nbval executed the notebooks in the same session (the README's test command),
the book is rendered from those outputs: no second execution. Run alone, `book.build` executes whatever
executed copy is missing or stale.
"""

from __future__ import annotations

import functools
import html.parser
import http.server
import re
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from authoring import book
from utils.course import COURSE_MAP, ROOT, colab_url
from utils.profile import profile as current_profile

pytestmark = pytest.mark.book
SCREENSHOTS = ROOT / "outputs" / "book" / "screenshots"


def nbval_outputs(notebook_runs: dict[Path, list]) -> dict[Path, list]:
    """Outputs nbval recorded in this session, per notebook, for notebooks whose every code cell ran."""
    runs = {path: [outputs for _, outputs in cells] for path, cells in notebook_runs.items()}
    return {path: outs for path, outs in runs.items() if all(out is not None for out in outs)}


@pytest.fixture(scope="module")
def built_book(notebook_runs, skip_or_fail) -> Path:
    """Render the book of the current profile, from this session's nbval run when there was one."""
    try:
        import myst_nb  # noqa: F401
        import sphinx_book_theme  # noqa: F401
    except ImportError:
        skip_or_fail("the book needs Sphinx, MyST-NB and sphinx-book-theme: pip install -r requirements-dev.txt")
    name = current_profile().name
    paths = book.BookPaths.for_profile(name)
    notebooks = {path.resolve() for _, path in book.course_notebooks()}
    for path, outputs in nbval_outputs(notebook_runs).items():
        if path.resolve() in notebooks:
            book.from_cell_outputs(path, outputs, name, paths.executed / path.name)
    start = time.monotonic()
    html = book.build(name, "auto", log=lambda line: print(f"[book] {line}"))
    print(f"[book] built in {time.monotonic() - start:.0f} s")
    return html


@pytest.fixture(scope="module")
def site(built_book) -> Iterator[str]:
    """Serve the built book over HTTP on a free local port."""
    handler = functools.partial(QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class PageParser(html.parser.HTMLParser):
    """Collect ids, local link targets, and the text (all, and prose outside code) of a page's article."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.text: list[str] = []
        self.prose: list[str] = []
        self._depth = Counter()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for key in ("href", "src"):
            if attrs.get(key):
                self.links.append(attrs[key])
        self._depth[tag] += 1

    def handle_endtag(self, tag):
        self._depth[tag] -= 1

    def handle_data(self, data):
        if self._depth["article"] > 0 and not (self._depth["script"] or self._depth["style"]):
            self.text.append(data)
            if not (self._depth["pre"] or self._depth["code"]):
                self.prose.append(data)


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def docnames() -> list[str]:
    return ["index", *(entry.stem for entry in COURSE_MAP), book.SCOREBOARD_DOC]


def expected_figures(docname: str) -> int:
    """Figures the page's notebook draws: image outputs of the executed copy (or the back-matter page)."""
    paths = book.BookPaths.for_profile(current_profile().name)
    source = paths.src / f"{docname}.ipynb" if docname == book.SCOREBOARD_DOC else paths.executed / f"{docname}.ipynb"
    return book.count_images(nbformat.read(source, as_version=4)) if source.is_file() else 0


def local_error(response, site: str) -> bool:
    """True for an HTTP error on one of the book's own files (the browser's favicon probe aside)."""
    return response.url.startswith(site) and response.status >= 400 and not response.url.endswith("/favicon.ico")


@pytest.mark.browser
@pytest.mark.parametrize("docname", docnames())
def test_page_renders_outputs_figures_and_buttons(browser, site, docname):
    tab = browser.new_page(viewport={"width": 1300, "height": 1000})
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("requestfailed", lambda req: errors.append(req.url) if req.url.startswith(site) else None)
    tab.on("response", lambda r: errors.append(f"{r.status} {r.url}") if local_error(r, site) else None)
    try:
        response = tab.goto(f"{site}/{docname}.html", wait_until="load")
        assert response is not None and response.status == 200
        tab.wait_for_load_state("networkidle")
        assert tab.locator("article h1").count() == 1
        assert tab.locator(".cell_output .traceback, .cell_output .output.error").count() == 0
        stderr = " ".join(tab.locator(".cell_output .stderr").all_inner_texts())
        assert "Traceback" not in stderr, stderr[:2000]
        images = tab.locator(".cell_output img")
        assert images.count() >= expected_figures(docname)
        if docname in {entry.stem for entry in COURSE_MAP}:
            alts = [images.nth(i).get_attribute("alt") or "" for i in range(images.count())]
            vague = [a for a in alts if a.strip() in ("", "Figure.") or a.endswith((".png", ".svg")) or "no desc" in a]
            assert not vague, vague  # a described figure: not a file name, not conf.py's fallback
            header = tab.locator(".admonition", has_text="Executed copy")
            assert f"profile {current_profile().name}" in header.inner_text()
            assert tab.locator(f'a[href="{colab_url(docname + ".ipynb")}"]').count() >= 2  # header button + note
            assert header.locator("a.download").count() == 1
            assert not tab.locator("text=IntSlider(").count()
        assert not errors, errors
    finally:
        tab.close()


def test_every_internal_link_resolves(built_book):
    broken = []
    pages = sorted(page for page in built_book.rglob("*.html") if "_static" not in page.parts)  # not templates
    parsed = {page: parse(page) for page in pages}
    for page, parser in parsed.items():
        for link in parser.links:
            url = urllib.parse.urlsplit(link)
            if url.scheme or url.netloc or link.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = (page.parent / urllib.parse.unquote(url.path)).resolve() if url.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(built_book)} -> {link}")
            elif url.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if url.fragment not in ids:
                    broken.append(f"{page.relative_to(built_book)} -> {link} (no such anchor)")
    assert len(pages) >= len(docnames())
    assert not broken, broken[:20]


RAW_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$", flags=re.M)
# A table's rule row printed as text, anywhere in a line (a browser joins a paragraph's lines); Sphinx's
# smart quotes turn the `---` into an em dash, so `|—|—|` counts too.
RAW_RULE_IN_TEXT = re.compile(r"(\|\s*:?(?:-{3,}|[—–]{1,3}):?\s*){2,}\|")


SMART = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "–": "--", "—": "---"})


def same_text(text: str) -> str:
    """Text with Sphinx's smart quotes and dashes undone and spaces collapsed, to compare source with page."""
    return " ".join(text.translate(SMART).split())


def _plain(cell: str) -> str:
    """A Markdown table cell as a browser shows its text: no emphasis or code marks, no escapes."""
    return same_text(re.sub(r"\\([\\|*`])", r"\1", re.sub(r"(?<!\\)[*`]+", "", cell)))


def markdown_output_tables(nb: nbformat.NotebookNode) -> list[list[list[str]]]:
    """The tables in a notebook's text/markdown outputs: for each, its rows (header first) of plain cell texts."""
    tables = []
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            text = output.get("data", {}).get("text/markdown", "")
            rows: list[list[str]] = []
            for line in [*text.splitlines(), ""]:
                if line.strip().startswith("|"):
                    if not RAW_TABLE_RULE.match(line):
                        rows.append([_plain(c) for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
                elif rows:
                    tables.append(rows)
                    rows = []
    return tables


def test_markdown_output_tables_are_read_cell_by_cell():
    nb = nbformat.v4.new_notebook()
    board = "| Lab | Figure |\n|---|---|\n| 06 · CNN | *not run yet* |\n| 10 · `a\\|b` | 99.2% |"
    nb.cells = [nbformat.v4.new_code_cell("show()")]
    nb.cells[0].outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": f"Intro\n\n{board}\n"})]
    assert markdown_output_tables(nb) == [[["Lab", "Figure"], ["06 · CNN", "not run yet"], ["10 · a|b", "99.2%"]]]
    assert RAW_TABLE_RULE.search("text\n|---|---|\n") and RAW_TABLE_RULE.search("| :--- | ---: |")
    assert not RAW_TABLE_RULE.search("a ---- rule") and not RAW_TABLE_RULE.search("x | y")
    assert RAW_RULE_IN_TEXT.search("| Lab | Figure | |---|---| | 06 · CNN |") and not RAW_RULE_IN_TEXT.search("a -- b")
    assert RAW_RULE_IN_TEXT.search("| Lab | Profile | |—|—| | 06 · CNN lab | quick |")
    assert not RAW_RULE_IN_TEXT.search("measured — reference | — |")


def page_source(docname: str) -> nbformat.NotebookNode:
    """The notebook a page was rendered from (the back matter's generated page, or the executed copy)."""
    paths = book.BookPaths.for_profile(current_profile().name)
    name = f"{docname}.ipynb"
    return nbformat.read(paths.src / name if docname == book.SCOREBOARD_DOC else paths.executed / name, as_version=4)


TABLE_ROWS_JS = "t => Array.from(t.rows, r => Array.from(r.cells, c => c.innerText.trim().split(/\\s+/).join(' ')))"
OUTPUT_TEXT_JS = """a => { const copy = a.cloneNode(true);
    copy.querySelectorAll('.cell_input, .highlight, pre, code').forEach(e => e.remove());
    return copy.innerText; }"""


@pytest.mark.browser
@pytest.mark.parametrize("docname", [book.SCOREBOARD_DOC, COURSE_MAP[-1].stem])
def test_markdown_outputs_render_their_tables(browser, site, docname):
    """Markdown outputs (the scoreboard, the claim checks, the model card) show real tables, row for row."""
    expected = markdown_output_tables(page_source(docname))
    assert len(expected) >= (2 if docname == book.SCOREBOARD_DOC else 3), expected
    tab = browser.new_page()
    try:
        tab.goto(f"{site}/{docname}.html", wait_until="load")
        tables = tab.locator(".cell_output table")
        rendered = [tables.nth(i).evaluate(TABLE_ROWS_JS) for i in range(tables.count())]
        assert [[[same_text(c) for c in row] for row in table] for table in rendered] == expected
    finally:
        tab.close()


@pytest.mark.browser
@pytest.mark.parametrize("docname", docnames())
def test_no_page_shows_a_raw_table_rule(browser, site, docname):
    """A `|---|` line outside code means a Markdown table was printed as text instead of rendered."""
    tab = browser.new_page()
    try:
        tab.goto(f"{site}/{docname}.html", wait_until="load")
        shown = tab.locator("article").first.evaluate(OUTPUT_TEXT_JS)
        raw = [line[:160] for line in shown.splitlines() if RAW_RULE_IN_TEXT.search(line)]
        assert not raw, f"{docname} shows Markdown table syntax as text: {raw[:3]}"
    finally:
        tab.close()


@pytest.mark.browser
def test_table_of_contents_follows_the_course_map(browser, site):
    tab = browser.new_page()
    try:
        tab.goto(f"{site}/index.html")
        hrefs = tab.locator("nav.bd-links a.reference.internal").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
        stems = [href.split("#")[0].removesuffix(".html") for href in hrefs]
        assert [s for s in stems if s not in ("", "index")] == [e.stem for e in COURSE_MAP] + [book.SCOREBOARD_DOC]
        table = tab.locator("article table").first.inner_text()
        assert all(book.page_title(entry) in table for entry in COURSE_MAP)
    finally:
        tab.close()


def unique_term(html: Path) -> tuple[str, str]:
    """A long prose word whose (Porter) stem occurs on exactly one page of the book, and that page."""
    import snowballstemmer

    stem = snowballstemmer.stemmer("porter").stemWord
    pages = {doc: parse(html / f"{doc}.html") for doc in docnames()}
    stems = {doc: {stem(w.lower()) for w in re.findall(r"[A-Za-z]+", " ".join(p.text))} for doc, p in pages.items()}
    for doc in docnames()[1:]:
        words = sorted(set(re.findall(r"\b[a-z]{9,}\b", " ".join(pages[doc].prose))), key=lambda w: (-len(w), w))
        for word in words:
            if [d for d, found in stems.items() if any(stem(word) in s for s in found)] == [doc]:
                return word, doc
    raise AssertionError("no word occurs on exactly one page")


@pytest.mark.browser
def test_search_finds_a_term_on_exactly_one_page(browser, site, built_book):
    word, doc = unique_term(built_book)
    tab = browser.new_page()
    try:
        tab.goto(f"{site}/search.html?q={word}")
        tab.wait_for_selector("#search-results .search-summary", timeout=30_000)
        links = tab.locator("#search-results ul.search > li a").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
        pages = {link.split("?")[0].split("#")[0].removesuffix(".html") for link in links}
        assert pages == {doc}, (word, doc, links)
    finally:
        tab.close()


@pytest.mark.browser
@pytest.mark.parametrize("part", ["labs", "strategy"])
def test_screenshot_of_a_page(browser, site, part):
    entry = next(entry for entry in COURSE_MAP if entry.part == part)
    tab = browser.new_page(viewport={"width": 1300, "height": 1100})
    try:
        tab.goto(f"{site}/{entry.stem}.html", wait_until="networkidle")
        tab.locator(".cell_output img").first.scroll_into_view_if_needed()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"{entry.stem}.png"
        tab.screenshot(path=str(shot))
        assert shot.stat().st_size > 20_000
    finally:
        tab.close()
