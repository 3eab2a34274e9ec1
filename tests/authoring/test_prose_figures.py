"""Numbers in the notebooks' Markdown: the registry, the allow-list, the heuristic, and the checks against runs.

The check of the registered figures against this session's runs is in test_prose_figures_in_runs.py.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import nbformat
import pytest

from authoring import book
from authoring import prose_figures as pf

ENTRIES = pf.load_registry()
ALLOWED = pf.load_allowed()
STEMS = pf.notebook_stems()
ROW = {
    "notebook": "02_strategy_in_numbers",
    "cell": "02-015",
    "written": "34%",
    "figure": r"output:02-014:growth ([\d.]+)%",
    "profile": "both",
    "tolerance": "0.5",
    "scale": "1",
}


# ---------------------------------------------------------------- the committed registry and allow-list


def test_registry_and_allow_list_parse_and_name_real_notebooks():
    assert ENTRIES and ALLOWED
    assert {e.notebook for e in ENTRIES} | {a.notebook for a in ALLOWED} <= set(STEMS)
    assert {e.source(STEMS) for e in ENTRIES} <= set(STEMS)


def test_every_registered_or_allowed_number_is_written_in_its_cell():
    problems = pf.misplaced([*ENTRIES, *ALLOWED])
    assert not problems, pf.describe(problems, "registry or allow-list rows whose number is not in their cell")


def test_registered_figures_match_the_checked_outputs_stored_in_the_notebooks():
    problems = pf.check_stored_outputs(ENTRIES)
    assert not problems, pf.describe(problems, "registered numbers that differ from a checked output")


@pytest.mark.parametrize("stem", pf.HEURISTIC_NOTEBOOKS)
def test_no_unregistered_number_that_looks_run_derived(stem):
    found = pf.unregistered(stem, ENTRIES, ALLOWED)
    lines = [f"cell {c.cell}: '{c.text}' ({c.kind})" for c in found]
    assert not found, pf.describe(
        lines,
        f"{stem}: numbers that look run-derived, neither registered in docs/prose_figures.csv (a number a run "
        "produces: move it into printed output or register it) nor allowed with a reason in "
        "docs/prose_numbers_allowed.csv (a cited constant, an assumption, a definition)",
    )


def test_the_full_profile_entries_cover_the_labs_release_figures():
    full = {(e.notebook, e.figure_name or e.output_cell) for e in ENTRIES if e.profile == "full"}
    assert ("06_cnn_lab", "cifar_article_cnn_test_accuracy") in full
    assert any(stem == "07_gan_lab" for stem, _ in full)


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    "written, value",
    [("34%", 34.0), ("1,024", 1024.0), ("~17", 17.0), ("US\\$391", 391.0), ("3.15e23", 3.15e23), ("−0.5", -0.5)]
    + [("a fifth", 0.2), ("Two", 2.0), ("half a point", 0.5), ("about a tenth", 0.1), ("+0.9 months", 0.9)],
)
def test_written_value(written, value):
    assert pf.written_value(written) == pytest.approx(value)


@pytest.mark.parametrize("written", ["", "none at all", "   "])
def test_written_value_needs_a_number(written):
    with pytest.raises((ValueError, TypeError), match="written"):
        pf.written_value(written)


def test_parse_entry_reads_both_kinds_of_figure():
    entry = pf.parse_entry(ROW)
    assert entry.is_output and entry.output_cell == "02-014" and entry.value == 34.0
    assert entry.pattern.search("growth 33.5% a year").group(1) == "33.5"
    recorded = pf.parse_entry({**ROW, "figure": "02_strategy_in_numbers/bass_p"})
    assert not recorded.is_output and recorded.figure_name == "bass_p" and recorded.source_number == "02"
    other = pf.parse_entry({**ROW, "notebook": "01_startup_landscape", "cell": "01-050"})
    assert other.source(STEMS) == "02_strategy_in_numbers"  # a figure printed by notebook 02's cell 02-014


@pytest.mark.parametrize(
    "change, match",
    [
        ({"notebook": "strategy"}, "notebook must be a stem"),
        ({"cell": "02 015"}, "cell must be a cell id"),
        ({"written": "many"}, "number or a number word"),
        ({"profile": "fast"}, "profile must be one of quick, full, both"),
        ({"figure": "output:02-014"}, "output:<code cell id>:<regex>"),
        ({"figure": "output:02-014:growth [\\d.]+%"}, "exactly one group"),
        ({"figure": "output:02-014:growth ((%"}, "does not compile"),
        ({"figure": "a figure"}, "figure must be a recorded figure name"),
        ({"tolerance": "-1"}, "tolerance must be a non-negative"),
        ({"tolerance": "nan"}, "tolerance must be a non-negative"),
        ({"scale": "0"}, "scale must be a positive"),
        ({"scale": ""}, "missing column"),
    ],
)
def test_parse_entry_names_the_problem(change, match):
    with pytest.raises(ValueError, match=match):
        pf.parse_entry({**ROW, **change}, "row 3")


def test_parse_entry_rejects_a_non_mapping():
    with pytest.raises(TypeError, match="row must be a mapping"):
        pf.parse_entry(["02_strategy_in_numbers"])


def write_csv(path: Path, header: str, *rows: str) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_load_registry_checks_header_and_duplicates(tmp_path):
    header = ",".join(pf.COLUMNS)
    row = '02_strategy_in_numbers,02-015,34%,"output:02-014:growth ([\\d.]+)%",both,0.5,1'
    assert len(pf.load_registry(write_csv(tmp_path / "ok.csv", header, row))) == 1
    with pytest.raises(ValueError, match="registered twice"):
        pf.load_registry(write_csv(tmp_path / "twice.csv", header, row, row))
    with pytest.raises(ValueError, match="the header must be"):
        pf.load_registry(write_csv(tmp_path / "header.csv", "notebook,cell", row))
    with pytest.raises(ValueError, match="line 2: profile"):
        pf.load_registry(write_csv(tmp_path / "bad.csv", header, row.replace("both", "fast")))
    with pytest.raises(FileNotFoundError, match="no such file"):
        pf.load_registry(tmp_path / "missing.csv")
    with pytest.raises(TypeError, match="path must be a path"):
        pf.load_registry(3)


def test_load_allowed_needs_a_reason(tmp_path):
    header = ",".join(pf.ALLOWED_COLUMNS)
    good = write_csv(tmp_path / "ok.csv", header, "06_cnn_lab,*,83.25%,the article's claim")
    assert pf.load_allowed(good) == [pf.Allowed("06_cnn_lab", "*", "83.25%", "the article's claim")]
    with pytest.raises(ValueError, match="say which number is allowed and why"):
        pf.load_allowed(write_csv(tmp_path / "why.csv", header, "06_cnn_lab,*,83.25%,"))
    with pytest.raises(ValueError, match="cell a cell id or"):
        pf.load_allowed(write_csv(tmp_path / "cell.csv", header, "06_cnn_lab,cell 3,83.25%,claim"))


# ---------------------------------------------------------------- the heuristic


def test_candidates_find_what_looks_measured_and_skip_what_does_not():
    cells = {
        "x-1": "It reached 69.7% after about 20 epochs, roughly a fifth of the cost, and 3× faster (0.483).",
        "x-2": "A `3.5` in code, $0.25$ in maths, [a link](https://x.org/v1.2), §5.4, section 1.2, TensorFlow 2.21.",
        "x-3": "A 3×3 kernel, 7×7×128 maps, 60,000 digits in 2014, US\\$0.60 per million tokens.",
    }
    found = {(c.cell, c.text, c.kind) for c in pf.candidates("06_cnn_lab", cells)}
    assert ("x-1", "69.7%", "percent") in found
    assert ("x-1", "about 20", "hedged") in found and ("x-1", "roughly a fifth", "hedged") in found
    assert ("x-1", "3×", "multiple") in found and ("x-1", "0.483", "decimal") in found
    assert not [f for f in found if f[0] == "x-2"]  # code, maths, links, sections and versions are not figures
    assert {f[1] for f in found if f[0] == "x-3"} == {"0.60"}  # only the price's decimal; sizes and years are not


def test_unregistered_respects_registry_and_allow_list(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("It reached 69.7%, about a fifth more, against a claimed 83.25%.")]
    nb.cells[0]["id"] = "06-900"
    nbformat.write(nb, tmp_path / "06_cnn_lab.ipynb")
    entry = pf.parse_entry({**ROW, "notebook": "06_cnn_lab", "cell": "06-900", "written": "69.7%"})
    allowed = pf.Allowed("06_cnn_lab", "*", "83.25%", "the claim")
    left = pf.unregistered("06_cnn_lab", [entry], [allowed], tmp_path)
    assert [c.text for c in left] == ["about a fifth"]
    assert pf.misplaced([entry, allowed], tmp_path) == []
    gone = pf.Allowed("06_cnn_lab", "06-900", "94%", "not written there")
    assert "not written there any more" in pf.misplaced([gone], tmp_path)[0]
    assert "no such notebook" in pf.misplaced([pf.Allowed("07_gan_lab", "*", "1", "x")], tmp_path)[0]


# ---------------------------------------------------------------- checking against runs


def run(recorded=None, outputs=None, profile="quick", notebook="02_strategy_in_numbers") -> pf.RunFigures:
    return pf.RunFigures(notebook, profile, recorded or {}, outputs or {})


def test_drift_within_and_beyond_the_tolerance():
    entry = pf.parse_entry(ROW)
    assert pf.drift(entry, run(outputs={"02-014": "growth 33.5% a year"})) is None
    message = pf.drift(entry, run(outputs={"02-014": "growth 36.0% a year"}))
    assert "has drifted" in message and "36" in message and "±0.5" in message
    assert "did not run" in pf.drift(entry, run(outputs={"02-014": None}))
    assert "printed nothing that matches" in pf.drift(entry, run(outputs={"02-014": "no growth here"}))
    assert "is not in the quick run" in pf.drift(entry, run())


def test_recorded_figures_use_the_scale():
    entry = pf.parse_entry({**ROW, "written": "70%", "figure": "accuracy", "scale": "100", "tolerance": "1.5"})
    assert pf.drift(entry, run({"accuracy": {"value": 0.697}})) is None
    assert "has drifted" in pf.drift(entry, run({"accuracy": {"value": 0.60}}))
    assert "did not record the figure 'accuracy'" in pf.drift(entry, run({}))


def test_check_runs_takes_the_profile_and_the_source_notebook():
    quick = pf.parse_entry({**ROW, "profile": "quick"})
    full = pf.parse_entry({**ROW, "profile": "full"})
    elsewhere = pf.parse_entry({**ROW, "notebook": "01_startup_landscape", "cell": "01-050"})
    runs = {"02_strategy_in_numbers": run(outputs={"02-014": "growth 40.0% a year"})}
    problems = pf.check_runs([quick, full, elsewhere], runs, "quick")
    assert len(problems) == 2 and all("has drifted" in p for p in problems)  # the full entry is not this profile's
    assert any(p.startswith("01_startup_landscape") for p in problems)
    with pytest.raises(ValueError, match="profile must be quick or full"):
        pf.check_runs([quick], runs, "both")


def test_recorded_figures_keep_the_profile_and_the_session():
    old = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(time.time() - 3600))
    new = time.strftime("%Y-%m-%dT%H:%M:%S")
    payload = {"profile": "quick", "figures": {"a": {"value": 1, "recorded_at": old}, "b": {"recorded_at": new}}}
    assert set(pf.recorded_figures(payload, "quick")) == {"a", "b"}
    assert set(pf.recorded_figures(payload, "quick", since=time.time() - 60)) == {"b"}
    assert pf.recorded_figures(payload, "full") == {}
    assert pf.recorded_figures(None, "quick") == {}
    with pytest.raises(ValueError, match="results file"):
        pf.recorded_figures({"profile": "quick"}, "quick")


def test_output_text_joins_streams_as_printed():
    outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="growth 33."),
        nbformat.v4.new_output("stream", name="stdout", text="5% a year\n"),
        nbformat.v4.new_output("display_data", data={"text/markdown": "| a | 1 |", "text/plain": "<Markdown>"}),
    ]
    assert pf.output_text(outputs) == "growth 33.5% a year\n| a | 1 |\n<Markdown>\n"
    assert pf.output_text(None) is None
    with pytest.raises(TypeError, match="notebook outputs"):
        pf.output_text(["text"])


def executed_copy(folder: Path, stem: str, cell: str, printed: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print(...)", outputs=[nbformat.v4.new_output("stream", text=printed)])]
    nb.cells[0]["id"] = cell
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{stem}.ipynb")
    return folder / f"{stem}.ipynb"


def registry(path: Path, *rows: str) -> Path:
    return write_csv(path, ",".join(pf.COLUMNS), *rows)


def test_check_book_reads_executed_copies_and_the_results_kept_with_them(tmp_path):
    executed, results = tmp_path / "executed", tmp_path / "results"
    executed_copy(executed, "06_cnn_lab", "06-062", "measured test accuracy: 69.69%\n")
    results.mkdir()
    payload = {"profile": "full", "figures": {"cifar_article_cnn_test_accuracy": {"value": 0.6969}}}
    (results / "06_cnn_lab.json").write_text(json.dumps(payload))
    assert pf.keep_results("06_cnn_lab", executed, results / "06_cnn_lab.json") == executed / "06_cnn_lab.results.json"
    rows = registry(
        tmp_path / "r.csv",
        "06_cnn_lab,06-063,70%,cifar_article_cnn_test_accuracy,full,1.5,100",
        '06_cnn_lab,06-063,69.7%,"output:06-062:accuracy: ([\\d.]+)%",full,0.1,1',
        "06_cnn_lab,06-063,45%,cifar_article_cnn_test_accuracy,quick,5,100",
    )
    assert pf.check_book(executed, "full", rows, results=tmp_path / "nowhere") == []
    drifted = registry(tmp_path / "d.csv", "06_cnn_lab,06-063,83.25%,cifar_article_cnn_test_accuracy,full,1,100")
    assert "has drifted" in pf.check_book(executed, "full", drifted, results=tmp_path / "nowhere")[0]
    (executed / "06_cnn_lab.results.json").unlink()
    assert "no figures recorded in the full profile" in pf.check_book(executed, "full", rows, tmp_path / "nowhere")[0]
    assert pf.check_book(executed, "full", rows, results=results) == []  # falls back to the results folder
    other = registry(tmp_path / "o.csv", "07_gan_lab,07-050,about 180,is_dcgan,full,10,1")
    assert "no executed copy" in pf.check_book(executed, "full", other, results=results)[0]


def test_check_book_and_keep_results_reject_bad_arguments(tmp_path):
    with pytest.raises(FileNotFoundError, match="executed: no such folder"):
        pf.check_book(tmp_path / "missing", "full")
    with pytest.raises(ValueError, match="profile must be quick or full"):
        pf.check_book(tmp_path, "both")
    with pytest.raises(ValueError, match="stem must be a notebook stem"):
        pf.keep_results("cnn", tmp_path)
    assert pf.keep_results("06_cnn_lab", tmp_path, tmp_path / "none.json") is None


def test_a_full_book_build_stops_when_a_figure_drifted(monkeypatch, tmp_path):
    monkeypatch.setattr(book, "course_notebooks", lambda notebooks=None: [])
    monkeypatch.setattr(pf, "check_book", lambda executed, profile: ["06_cnn_lab cell 06-063: '70%' has drifted"])
    rendered = []
    monkeypatch.setattr(book, "write_sources", lambda *args: rendered.append(args))
    with pytest.raises(RuntimeError, match="(?s)full-profile book is not rendered.*06-063"):
        book.build("full", "never", out=tmp_path, log=lambda line: None)
    assert not rendered
    monkeypatch.setattr(pf, "check_book", lambda executed, profile: [])
    monkeypatch.setattr(book, "render_html", lambda src, html: html)
    book.build("full", "never", out=tmp_path, log=lambda line: None)
    assert rendered and "registered full-profile figure" in (tmp_path / "full" / "build.log").read_text()


def test_main_reports_and_exits(capsys):
    assert pf.main(["00_welcome_and_setup"]) == 0
    assert "nothing to report" in capsys.readouterr().out


# ---------------------------------------------------------------- dollar amounts that Jupyter would read as maths

UNESCAPED_DOLLAR = re.compile(r"US\$|(?<![\\$])\$\d[\d,.]*\s?(?:per\b|an?\b|for\b|million\b|billion\b|[BMk]\b|/)")


@pytest.mark.parametrize("path", sorted(pf.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.stem)
def test_dollar_amounts_are_escaped_in_markdown(path):
    """`US$0.085 ... US$0.024` renders as inline maths in Jupyter; Markdown must write `US\\$`."""
    found = []
    for cell, source in pf.markdown_cells(nbformat.read(path, as_version=4)).items():
        prose = re.sub(r"`[^`]*`", " ", re.sub(r"```.*?```", " ", source, flags=re.S))
        prose = prose.replace("US\\$", "US ")
        found += [f"cell {cell}: {m.group(0)!r}" for m in UNESCAPED_DOLLAR.finditer(prose)]
    assert not found, pf.describe(found, f"{path.name}: unescaped dollar signs (write US\\$)")


def test_the_dollar_check_catches_currency_not_maths():
    assert UNESCAPED_DOLLAR.search("they cost 0.278 × US$0.085 ≈ US$0.024")
    assert UNESCAPED_DOLLAR.search("at $0.60 per million tokens")
    assert not UNESCAPED_DOLLAR.search("they cost 0.278 × US\\$0.085".replace("US\\$", "US "))
    assert not UNESCAPED_DOLLAR.search("the map $y_{ij} = \\sum K x$ and $0.25$ in maths")
