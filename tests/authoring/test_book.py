"""The course book: machinery unit tests, then the built book opened page by page in headless Chromium.

The book tests run last in a session (tests/conftest.py). When nbval executed the notebooks in the
same session (the README's test command), the book is rendered from those outputs: no second
execution. Run alone, `book.build` executes whatever executed copy is missing or stale.
"""

from __future__ import annotations

import datetime as dt
import functools
import html.parser
import http.server
import importlib.util
import re
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import nbformat
import numpy as np
import pytest

from authoring import book
from utils.course import COURSE_MAP, ROOT, colab_url
from utils.profile import profile as current_profile

SCREENSHOTS = ROOT / "outputs" / "book" / "screenshots"
BOOK_TOOLS = {"sphinx", "myst-nb", "myst-parser", "sphinx-book-theme", "pydata-sphinx-theme", "sphinx-mathjax-offline"}


# ---------------------------------------------------------------- machinery (no Sphinx, no kernel)


def small_notebook(path: Path, widget: bool = False) -> Path:
    nb = nbformat.v4.new_notebook(metadata={"widgets": {"state": {}}} if widget else {})
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 05 · A lab"),
        nbformat.v4.new_code_cell("print(1)"),
        nbformat.v4.new_markdown_cell("## Read the course scoreboard"),
        nbformat.v4.new_code_cell("draw()"),
        nbformat.v4.new_markdown_cell("## Summary"),
    ]
    nbformat.write(nb, path)
    return path


WIDGET_OUTPUT = {
    "output_type": "display_data",
    "metadata": {"course_controls": [["learning rate", "0.1"], ["log", "True"]]},
    "data": {
        book.WIDGET_VIEW: {"model_id": "abc", "version_major": 2, "version_minor": 0},
        "text/plain": "HBox(children=(IntSlider(value=3, description='learning rate'), Checkbox(description='log')))",
    },
}
IMAGE_OUTPUT = {
    "output_type": "display_data",
    "metadata": {"image/png": {"alt": "A curve."}},
    "data": {"image/png": "iVBOR"},
}


@pytest.fixture
def executed(tmp_path) -> tuple[Path, Path]:
    source = small_notebook(tmp_path / "05_a_lab.ipynb")
    outputs = [[{"output_type": "stream", "name": "stdout", "text": "1\n"}, WIDGET_OUTPUT], [IMAGE_OUTPUT]]
    target = book.from_cell_outputs(
        source,
        outputs,
        "quick",
        tmp_path / "out" / "05_a_lab.ipynb",
        executed_at=dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC),
    )
    return source, target


def test_check_profile_names_the_choices():
    assert book.check_profile("quick") == "quick"
    with pytest.raises(ValueError, match="quick, full"):
        book.check_profile("fast")


def test_course_notebooks_follow_the_course_map():
    pairs = book.course_notebooks()
    assert [entry.stem for entry, _ in pairs] == [entry.stem for entry in COURSE_MAP]
    assert all(path.is_file() for _, path in pairs)


def test_course_notebooks_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="folder"):
        book.course_notebooks(tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match=COURSE_MAP[0].stem):
        book.course_notebooks(tmp_path)
    for entry in COURSE_MAP:
        (tmp_path / f"{entry.stem}.ipynb").write_text("{}")
    (tmp_path / "99_stray.ipynb").write_text("{}")
    with pytest.raises(ValueError, match="99_stray"):
        book.course_notebooks(tmp_path)


def test_from_cell_outputs_stamps_and_numbers(executed):
    source, target = executed
    nb = nbformat.read(target, as_version=4)
    info = book.stamp_of(nb)
    assert info == {
        "profile": "quick",
        "source": source.name,
        "source_sha256": book.digest(source),
        "utils_sha256": book.digest(book.UTILS, book.NOT_RUN),
        "executed_at": "2026-01-02 03:04 UTC",
    }
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code] == [1, 2]
    assert code[0].outputs[0].text == "1\n"
    assert book.count_images(nb) == 1
    assert nbformat.read(source, as_version=4).cells[1].outputs == []  # the source is never written


def test_from_cell_outputs_rejects_partial_runs(tmp_path):
    source = small_notebook(tmp_path / "05_a_lab.ipynb")
    with pytest.raises(ValueError, match="1 entries for the 2 code cells"):
        book.from_cell_outputs(source, [[]], "quick", tmp_path / "out.ipynb")
    with pytest.raises(ValueError, match="did not run"):
        book.from_cell_outputs(source, [[], None], "quick", tmp_path / "out.ipynb")
    with pytest.raises(ValueError, match="profile"):
        book.from_cell_outputs(source, [[], []], "fast", tmp_path / "out.ipynb")


def test_is_fresh_follows_source_and_profile(executed):
    source, target = executed
    assert book.is_fresh(target, source, "quick")
    assert not book.is_fresh(target, source, "full")
    assert not book.is_fresh(target.with_name("missing.ipynb"), source, "quick")
    source.write_text(source.read_text().replace("print(1)", "print(2)"))
    assert not book.is_fresh(target, source, "quick")


def test_is_fresh_follows_the_utils_package(executed, monkeypatch, tmp_path):
    source, target = executed
    utils_copy = tmp_path / "utils"
    (utils_copy / "lessons").mkdir(parents=True)
    (utils_copy / "lessons" / "a.py").write_text("A = 1\n")
    monkeypatch.setattr(book, "UTILS", utils_copy)
    nbformat.write(book.stamp(nbformat.read(target, as_version=4), "quick", source), target)
    assert book.is_fresh(target, source, "quick")
    (utils_copy / "lessons" / "a.py").write_text("A = 2\n")
    assert not book.is_fresh(target, source, "quick")


def test_error_outputs_name_the_cell(executed):
    _, target = executed
    nb = nbformat.read(target, as_version=4)
    assert book.error_outputs(nb) == []
    nb.cells[3].outputs.append(nbformat.v4.new_output("error", ename="ValueError", evalue="bad", traceback=[]))
    assert book.error_outputs(nb) == ["cell 3: ValueError: bad"]


def test_execute_runs_in_the_profile_and_reports_errors(tmp_path):
    source = tmp_path / "notebooks" / "01_tiny.ipynb"
    source.parent.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import os; print(os.environ['COURSE_PROFILE'])"),
        nbformat.v4.new_code_cell("raise ValueError('broken cell')"),
    ]
    nbformat.write(nb, source)
    target = tmp_path / "executed" / source.name
    with pytest.raises(RuntimeError, match="01_tiny.ipynb raised in full profile: cell 1: ValueError: broken cell"):
        book.execute(source, target, "full", timeout=120)
    executed = nbformat.read(target, as_version=4)
    assert executed.cells[0].outputs[0].text == "full\n"
    assert book.stamp_of(executed)["profile"] == "full"
    assert nbformat.read(source, as_version=4).cells[0].outputs == []


def test_build_without_execution_needs_executed_copies(tmp_path):
    with pytest.raises(FileNotFoundError, match="no executed copy"):
        book.build("quick", "never", out=tmp_path, log=lambda line: None)


def test_stamp_of_rejects_unexecuted_notebooks():
    with pytest.raises(ValueError, match="not an executed copy"):
        book.stamp_of(nbformat.v4.new_notebook())


def test_widget_note_names_the_controls():
    note = book.widget_note(WIDGET_OUTPUT)
    assert "(*learning rate* = 0.1, *log* = True)" in note.data["text/markdown"]
    assert book.WIDGET_VIEW not in note.data
    bare = book.widget_note({**WIDGET_OUTPUT, "metadata": {}})
    assert "shows controls here. Open it" in bare.data["text/markdown"]
    with pytest.raises(ValueError, match="widget view"):
        book.widget_note(IMAGE_OUTPUT)


def test_prepare_page_adds_the_stamp_and_replaces_widgets(executed):
    _, target = executed
    nb = nbformat.read(target, as_version=4)
    nb.metadata["widgets"] = {"state": {}}
    page = book.prepare_page(nb, COURSE_MAP[5])
    header = page.cells[1].source
    assert "profile `quick`" in header and "2026-01-02 03:04 UTC" in header
    assert colab_url(f"{COURSE_MAP[5].stem}.ipynb") in header
    assert f"<{book.RAW_DIR}/{COURSE_MAP[5].stem}.ipynb>" in header
    assert "widgets" not in page.metadata
    outputs = [out for cell in page.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not any(book.WIDGET_VIEW in out.get("data", {}) for out in outputs)
    assert book.count_images(page) == book.count_images(nb) == 1
    assert len(nb.cells) == len(page.cells) - 1 and "widgets" in nb.metadata  # the input is untouched


def test_scoreboard_page_takes_the_section(executed):
    _, target = executed
    nb = nbformat.read(target, as_version=4)
    page = book.scoreboard_page([(COURSE_MAP[0], nb)])
    assert page.cells[0].source.startswith("# Course scoreboard")
    assert [cell.source for cell in page.cells[1:]] == ["## Read the course scoreboard", "draw()"]
    nb.cells[2].source = "## Something else"
    with pytest.raises(ValueError, match="scoreboard"):
        book.scoreboard_page([(COURSE_MAP[0], nb)])


def test_index_lists_the_course_map_in_order_with_parts():
    info = {"profile": "quick", "executed_at": "2026-01-02 03:04 UTC"}
    text = book.index_markdown(COURSE_MAP, "Title", info)
    positions = [text.index(f"]({entry.stem}.ipynb)") for entry in COURSE_MAP]
    assert positions == sorted(positions)
    parts = list(dict.fromkeys(entry.part for entry in COURSE_MAP))
    captions = re.findall(r":caption: (.+)", text)
    assert captions == [part.capitalize() for part in parts] + ["Back matter"]
    with pytest.raises(ValueError, match="entries"):
        book.index_markdown([], "Title", info)


def test_bad_arguments_are_named(tmp_path):
    with pytest.raises(ValueError, match="execute_mode"):
        book.build("quick", execute_mode="sometimes")
    with pytest.raises(ValueError, match="profile"):
        book.BookPaths.for_profile("fast")
    with pytest.raises(FileNotFoundError, match="source"):
        book.execute(tmp_path / "missing.ipynb", tmp_path / "out.ipynb", "quick")
    source = small_notebook(tmp_path / "05_a_lab.ipynb")
    with pytest.raises(ValueError, match="target"):
        book.execute(source, tmp_path / "05_copy.ipynb", "quick")
    with pytest.raises(FileNotFoundError, match="index.md"):
        book.render_html(tmp_path, tmp_path / "html")


# ---------------------------------------------------------------- the built book in a browser


def nbval_outputs(session: pytest.Session) -> dict[Path, list]:
    """Outputs nbval recorded in this session, per notebook, for notebooks whose every code cell ran."""
    runs: dict[Path, list] = {}
    for item in session.items:
        if type(item).__name__ == "IPyNbCell":
            runs.setdefault(Path(str(item.parent.path)), []).append(item.test_outputs)
    return {path: outs for path, outs in runs.items() if all(out is not None for out in outs)}


@pytest.fixture(scope="module")
def built_book(request, skip_or_fail) -> Path:
    """Render the book of the current profile, from this session's nbval run when there was one."""
    try:
        import myst_nb  # noqa: F401
        import sphinx_book_theme  # noqa: F401
    except ImportError:
        skip_or_fail("the book needs Sphinx, MyST-NB and sphinx-book-theme: pip install -r requirements-dev.txt")
    name = current_profile().name
    paths = book.BookPaths.for_profile(name)
    notebooks = {path.resolve() for _, path in book.course_notebooks()}
    for path, outputs in nbval_outputs(request.session).items():
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


@pytest.mark.book
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


@pytest.mark.book
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


@pytest.mark.book
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


@pytest.mark.book
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


@pytest.mark.book
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


@pytest.mark.book
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


@pytest.mark.book
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


def test_figures_and_widgets_carry_alt_text_and_control_labels():
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from utils import plots, widgets

    InteractiveShell.instance()
    plots._show_figures_inline()  # as in a kernel: the PNG formatter that adds alt text

    def draw(slope: float = 1.0):
        fig, ax = plots.new_figure()
        ax.plot([0, 1], [0, slope])
        ax.set(title="A line", xlabel="x", ylabel="y")
        return fig

    with capture_output() as captured:
        widgets.interact(draw, slope=(0.0, 2.0, 0.5, 1.0))
    widget, figure = captured.outputs
    assert widget.metadata[widgets.CONTROLS_METADATA] == [["slope", "1.0"]]
    assert figure.metadata["image/png"] == {"alt": "Figure. A line (y against x)."}


def test_alt_text_describes_the_figure():
    from utils import plots

    fig = plots.plot_history({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7], "accuracy": [0.5, 0.8]}, title="Training")
    assert plots.figure_alt_text(fig) == (
        "Figure with 2 panels: Training. loss (loss against epoch); accuracy (accuracy against epoch)."
    )
    grid = plots.image_grid(np.zeros((10, 5, 5)), labels=list("abcdefghij"), title="Digits")
    assert plots.figure_alt_text(grid) == "Grid of 10 images: Digits. Labelled a; b; c; d; and 6 more."
    matrix = plots.plot_confusion_matrix([0, 1, 1], [0, 1, 0], title="Mistakes")
    assert plots.figure_alt_text(matrix).startswith("Figure. Mistakes")  # the colour bar is no panel
    diagram, ax = plots.new_figure()
    ax.text(0, 0, "Platform")
    ax.text(1, 1, "Cost US\\$3\nper hour")
    assert plots.figure_alt_text(diagram) == "Figure. labels Platform, Cost US$3 per hour."
    assert plots.figure_alt_text(plots.set_alt_text(diagram, " Two  boxes. ")) == "Two boxes."


def test_alt_text_arguments_are_checked():
    from utils import plots

    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        plots.figure_alt_text("figure")
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        plots.set_alt_text(None, "text")
    with pytest.raises(ValueError, match="text must be a non-empty"):
        plots.set_alt_text(plots.new_figure()[0], "  ")


def test_book_requirements_are_exact_pins_and_installed(skip_or_fail):
    from importlib import metadata

    lines = [ln.strip() for ln in (ROOT / "requirements-dev.txt").read_text().splitlines()]
    tools = dict(ln.split("==") for ln in lines if ln and not ln.startswith("#"))
    pins = {name: version for name, version in tools.items() if name in BOOK_TOOLS}
    assert set(pins) == BOOK_TOOLS
    installed = {}
    for name in pins:
        try:
            installed[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed[name] = None
    if all(version is None for version in installed.values()):
        skip_or_fail("the book tools are not installed (authoring tools): pip install -r requirements-dev.txt")
    assert installed == pins


def test_cli_rejects_an_unknown_profile():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "book.py"), "build", "--profile", "fast"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "invalid choice: 'fast'" in result.stderr


def test_render_html_fails_on_a_sphinx_warning(tmp_path, skip_or_fail):
    if importlib.util.find_spec("myst_nb") is None:
        skip_or_fail("the book needs MyST-NB (an authoring tool): pip install -r requirements-dev.txt")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.md").write_text("# Title\n\nSee {doc}`a_page_that_does_not_exist`.\n")
    with pytest.raises(RuntimeError, match="a_page_that_does_not_exist"):
        book.render_html(tmp_path / "src", tmp_path / "html")
