"""The Chinese edition: every translated notebook complete, fresh, built, glossary-consistent; the parser's errors.

Coverage follows the files: adding translations/zh/NN_stem.md brings notebook NN under every check below.
"""

import csv
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from authoring import translations
from utils import course

ROOT = Path(__file__).resolve().parents[2]
PATHS = translations.Paths(ROOT)
STEMS = translations.translated_stems(ROOT)
GLOSSARY = PATHS.translations / "glossary.tsv"


def english(stem: str) -> nbformat.NotebookNode:
    return translations.read_notebook(PATHS.english / f"{stem}.ipynb")


def chinese(stem: str) -> nbformat.NotebookNode:
    return translations.read_notebook(PATHS.chinese / f"{stem}.ipynb")


def blocks(stem: str) -> list[translations.Block]:
    return translations.read_translation(PATHS.translations / f"{stem}.md")


def glossary() -> list[dict[str, str]]:
    with GLOSSARY.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_the_edition_exists_and_starts_with_notebook_00():
    assert STEMS[:1] == ["00_welcome_and_setup"], "the Chinese edition must include notebook 00"
    assert set(STEMS) <= {e.stem for e in course.COURSE_MAP}, "a translation for a notebook not in COURSE_MAP"


@pytest.mark.parametrize("stem", STEMS)
def test_translation_complete_fresh_and_without_todo(stem):
    problems = translations.translation_problems(blocks(stem), english(stem), f"{stem}.md")
    assert not problems, "\n".join(problems)


def test_committed_chinese_edition_equals_build_output():
    for path, text in translations.built(ROOT).items():
        assert path.is_file(), f"{path.relative_to(ROOT)} missing: run `python scripts/translations.py build`"
        assert path.read_text(encoding="utf-8") == text, f"{path.relative_to(ROOT)} differs from the build output"
    strays = [p.name for p in PATHS.chinese.glob("*.ipynb") if p.stem not in STEMS]
    assert not strays, f"Chinese notebooks without a translation file: {strays}"


@pytest.mark.parametrize("stem", STEMS)
def test_code_cells_and_metadata_identical_to_english(stem):
    en, zh = english(stem), chinese(stem)
    assert zh.metadata == en.metadata
    notes = [c for c in zh.cells if c.id.endswith(translations.NOTE_SUFFIX)]
    assert all(c.cell_type == "markdown" for c in notes), "a zh-only note must be a Markdown cell"
    assert [c.id for c in notes] == [b.cell_id + translations.NOTE_SUFFIX for b in blocks(stem) if b.note]
    zh_cells = [c for c in zh.cells if c not in notes]
    assert [c.id for c in zh_cells] == [c.id for c in en.cells], "cell ids differ"
    for a, b in zip(en.cells, zh_cells):
        assert a.cell_type == b.cell_type, f"cell {a.id}: type differs"
        if a.cell_type == "code":
            assert a == b, f"cell {a.id}: the Chinese code cell differs from the English one"


@pytest.mark.parametrize("stem", STEMS)
def test_chinese_title_badge_and_headings(stem):
    nb = chinese(stem)
    title = nb.cells[0].source
    assert re.match(rf"^# {stem[:2]} · \S", title), "title must read '# NN · 标题'"
    assert f"({course.colab_url(f'zh/{stem}.ipynb')})" in title, "the Colab badge must open the Chinese notebook"
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    positions = []
    for heading in translations.HEADINGS:
        match = re.search(rf"^{re.escape(heading)}\s*$", text, flags=re.M)
        assert match, f"missing heading {heading!r}"
        positions.append(match.start())
    assert positions == sorted(positions), "headings out of order"
    assert not re.search(r"^## (What you will learn|Summary|Exercises)\s*$", text, flags=re.M), "English heading left"


def test_glossary_is_well_formed():
    rows = glossary()
    assert 40 <= len(rows) <= 100, f"the glossary should cover the course in 40-100 terms, has {len(rows)}"
    english_terms = [r["english"].lower() for r in rows]
    assert len(set(english_terms)) == len(english_terms), "duplicate English terms"
    for row in rows:
        assert row["english"].strip() and row["chinese"].strip(), f"empty cell in {row}"
        assert all(alt.strip() for alt in row["chinese"].split("/")), f"empty alternative in {row}"
        if row["avoid"]:
            avoid = re.compile(row["avoid"])
            assert not any(avoid.search(alt) for alt in row["chinese"].split("/")), f"avoid matches the term: {row}"
    for heading in translations.HEADINGS:
        assert any(heading[3:] in r["chinese"].split("/") for r in rows), f"{heading} not in the glossary"


def glossary_pattern(term: str) -> re.Pattern:
    """Case-insensitive, whole words, with an optional plural -s/-es."""
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?:s|es)?(?![\w-])", flags=re.I)


def prose(source: str) -> str:
    """Markdown without code blocks and code spans, which stay in English."""
    return re.sub(r"```.*?```|`[^`\n]*`", "", source, flags=re.S)


def test_glossary_pattern_matches_whole_words_and_plurals():
    pattern = glossary_pattern("neural network")
    assert pattern.search("Neural networks train best") and pattern.search("a neural network.")
    assert not pattern.search("neural networking") and not glossary_pattern("seed").search("seeded")
    assert not glossary_pattern("profile").search("COURSE_PROFILE")
    assert not glossary_pattern("dataset").search(prose("like `keras.datasets.mnist.load_data()`"))


@pytest.mark.parametrize("stem", STEMS)
def test_glossary_terms_translated_consistently(stem):
    cells = translations.english_markdown(english(stem))
    text = {b.cell_id: b.text for b in blocks(stem) if not b.note}
    wrong = []
    for row in glossary():
        pattern = glossary_pattern(row["english"])
        choices = [alt.strip() for alt in row["chinese"].split("/")]
        for cell_id, source in cells.items():
            if pattern.search(prose(source)) and not any(alt in text[cell_id] for alt in choices):
                wrong.append(f"cell {cell_id}: {row['english']!r} without {' / '.join(choices)}")
    assert not wrong, f"{stem}.md: glossary terms translated inconsistently:\n" + "\n".join(wrong)


def chinese_texts() -> dict[str, str]:
    """Every Chinese text a learner reads: each block and note ({file}:{cell}) and the README template."""
    texts = {f"{stem}.md: {b.marker}": b.text for stem in STEMS for b in blocks(stem)}
    template = PATHS.translations / translations.README_TEMPLATE
    texts[template.name] = template.read_text(encoding="utf-8")
    return texts


def test_glossary_avoided_variants_appear_nowhere():
    """One term each: a variant the glossary rules out (e.g. 汇聚 for pooling) appears in no translation."""
    wrong = []
    for row in glossary():
        if not row["avoid"]:
            continue
        for where, text in chinese_texts().items():
            found = re.search(row["avoid"], prose(text))
            if found:
                wrong.append(f"{where}: {found.group()!r} for {row['english']!r}; write {row['chinese']}")
    assert not wrong, "variants the glossary rules out:\n" + "\n".join(wrong)


@pytest.mark.parametrize("stem", STEMS)
def test_english_term_given_at_first_use(stem):
    """Terms that the English output prints (profile, token, LTV...) come with the English word the first time."""
    wrong = []
    for row in glossary():
        shown = row["first_use"].strip()
        if not shown:
            continue
        choices = [alt.strip() for alt in row["chinese"].split("/")]
        first = next((b for b in blocks(stem) if any(alt in prose(b.text) for alt in choices)), None)
        if first is not None and shown.lower() not in first.text.lower():
            wrong.append(f"{first.marker}: first {' / '.join(choices)} without ({shown})")
    assert not wrong, f"{stem}.md: give the English term at first use:\n" + "\n".join(wrong)


# "增长 5 倍" reads as x6 to many readers and "缩小四倍" has no clear meaning: write 增长到 5 倍, 是原来的 5 倍,
# 降到四分之一. A verb of change followed by a count of 倍 is the ambiguous form; 翻倍 and 加倍 (x2) are fine.
AMBIGUOUS_MULTIPLIER = re.compile(
    r"(?:增长|增加|增大|提高|提升|扩大|放大|缩小|缩减|减少|减小|降低|下降|相差|翻|多卖|多|大|小|高|低|快|慢|贵|便宜)"
    r"了?(?:约|大约|接近|将近|近|超过)?\s*[0-9一二两三四五六七八九十百千万.]+\s*倍"
)


def test_ambiguous_multiplier_pattern():
    for bad in ("销量增长 5 倍", "把模型缩小约四倍", "下降了约 1000 倍", "模型大 10 倍", "每年多卖十倍", "小接近 4 倍"):
        assert AMBIGUOUS_MULTIPLIER.search(bad), bad
    for good in ("增长到 5 倍", "是原来的 5 倍", "约为获客成本的 1.8 倍", "降到四分之一", "流失率翻倍", "提高到两倍"):
        assert not AMBIGUOUS_MULTIPLIER.search(good), good


def test_no_ambiguous_multipliers():
    wrong = [
        f"{where}: {m.group()!r}"
        for where, text in chinese_texts().items()
        for m in AMBIGUOUS_MULTIPLIER.finditer(prose(text))
    ]
    assert not wrong, "ambiguous multipliers (write 增长到 N 倍 / 是原来的 N 倍 / 降到 N 分之一):\n" + "\n".join(wrong)


def test_chinese_00_launches_the_chinese_notebooks():
    text = "\n".join(c.source for c in chinese("00_welcome_and_setup").cells if c.cell_type == "markdown")
    assert "jupyter lab notebooks/zh/00_welcome_and_setup.ipynb" in text
    assert not re.search(r"jupyter lab notebooks/(?!zh/)", text), "zh 00 must not open the English notebooks"


def test_mainland_china_section_in_readme_and_00_names_the_commands_and_no_host():
    readme = (PATHS.chinese / "README.md").read_text(encoding="utf-8")
    zh00 = "\n".join(c.source for c in chinese("00_welcome_and_setup").cells if c.cell_type == "markdown")
    for text in (readme, zh00):
        section = text[text.index("在中国大陆学习") :]
        for command in (
            "pip install -i <镜像地址> -r requirements.txt",
            "python scripts/datasets.py mirror --out DIR",
            "python scripts/datasets.py mirror --from 老师提供的文件夹 --out DIR",
            "COURSE_DATA_DIR",
        ):
            assert command in section, command
        host = re.search(r"https?://|\b[\w-]+\.(?:com|cn|org|net|edu|io)\b", section.split("\n## ")[0])
        assert not host, f"the mirror section must name no host: {host.group()}"


def test_nothing_in_the_chinese_edition_points_to_the_test_machines():
    wrong = [where for where, text in chinese_texts().items() if "../shared" in text or "prepare.py" in text]
    assert not wrong, f"learner-facing text names ../shared or prepare.py: {wrong}"


def test_cli_check_passes_on_the_repository():
    result = subprocess.run(
        [sys.executable, "scripts/translations.py", "check"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


# ---- the machinery, on small made-up notebooks ----


def tiny_notebook(title: str = "# 05 · Title\n\nOne line.") -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"language_info": {"name": "python"}}
    nb.cells = [
        nbformat.v4.new_markdown_cell(title, id="05-000"),
        nbformat.v4.new_code_cell("x = 1", id="05-001"),
        nbformat.v4.new_markdown_cell("## Summary\n- x is one.", id="05-002"),
    ]
    return nb


def tiny_translation(nb: nbformat.NotebookNode) -> str:
    cells = translations.english_markdown(nb)
    zh = {"05-000": "# 05 · 标题\n\n一句话。", "05-002": "## 小结\n- x 等于一。"}
    return translations.format_translation(
        [translations.Block(cid, translations.source_hash(src), zh[cid]) for cid, src in cells.items()]
    )


def test_source_hash_is_12_hex_of_sha256_and_ignores_the_badge():
    assert translations.source_hash("abc") == "ba7816bf8f01"
    titled = course.with_badge("# 05 · Title\n\nOne line.", "05_x.ipynb")
    assert translations.source_hash(titled) == translations.source_hash("# 05 · Title\n\nOne line.")
    with pytest.raises(TypeError, match="source"):
        translations.source_hash(None)


def test_parse_and_format_round_trip():
    nb = tiny_notebook()
    text = tiny_translation(nb)
    parsed = translations.parse_translation(text, "05_x.md")
    assert [b.cell_id for b in parsed] == ["05-000", "05-002"]
    assert translations.format_translation(parsed) == text
    assert translations.translation_problems(parsed, nb, "05_x.md") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<!-- cell 05-000 sha256:abc -->\n# 05 · 标题", r"05_x\.md: line 1: bad marker"),
        ("<!-- cell 5-0 source-sha256:0123456789ab -->\n文字", r"05_x\.md: line 1: bad marker"),
        ("前言\n<!-- cell 05-000 source-sha256:0123456789ab -->\n文字", r"05_x\.md: line 1: text before"),
        (
            "<!-- cell 05-000 source-sha256:0123456789ab -->\n甲\n<!-- cell 05-000 source-sha256:0123456789ab -->\n乙",
            r"05_x\.md: line 3: duplicate translation of cell 05-000",
        ),
        ("<!-- cell 05-000 source-sha256:0123456789ab -->\n\n", r"05_x\.md: cell 05-000 has an empty translation"),
        ("", r"05_x\.md: no '<!-- cell"),
    ],
)
def test_parser_rejects_bad_files_naming_file_and_cell(text, message):
    with pytest.raises(ValueError, match=message):
        translations.parse_translation(text, "05_x.md")


def test_build_rejects_unknown_and_missing_cells():
    nb = tiny_notebook()
    good = translations.parse_translation(tiny_translation(nb), "05_x.md")
    unknown = [*good, translations.Block("05-009", "0123456789ab", "多余")]
    with pytest.raises(ValueError, match=r"05_x\.md: cell 05-009 is not a Markdown cell"):
        translations.build_notebook(nb, unknown, "05_x")
    with pytest.raises(ValueError, match=r"05_x\.md: cell 05-002 has no translation"):
        translations.build_notebook(nb, good[:1], "05_x")
    untitled = [translations.Block("05-000", good[0].sha, "标题"), good[1]]
    with pytest.raises(ValueError, match=r"cell 05-000: the title must read '# 05 · "):
        translations.build_notebook(nb, untitled, "05_x")


def test_build_keeps_code_replaces_markdown_and_points_the_badge_to_zh():
    nb = tiny_notebook()
    zh = translations.build_notebook(nb, translations.parse_translation(tiny_translation(nb), "05_x.md"), "05_x")
    assert zh.cells[1] == nb.cells[1] and zh.metadata == nb.metadata
    assert zh.cells[0].source == course.with_badge("# 05 · 标题\n\n一句话。", "zh/05_x.ipynb")
    assert zh.cells[2].source == "## 小结\n- x 等于一。"
    assert nb.cells[2].source == "## Summary\n- x is one.", "the English notebook must not change"


def test_problems_list_stale_unknown_missing_order_and_todo():
    nb = tiny_notebook()
    good = translations.parse_translation(tiny_translation(nb), "05_x.md")
    stale = [good[0], translations.Block("05-002", "0" * 12, good[1].text)]
    assert "cell 05-002 is stale" in translations.translation_problems(stale, nb, "05_x.md")[0]
    swapped = translations.translation_problems(good[::-1], nb, "05_x.md")
    assert swapped == ["05_x.md: blocks are not in the English notebook's order"]
    nb.cells.pop()
    gone = translations.translation_problems(good, nb, "05_x.md")
    assert gone == ["05_x.md: cell 05-002 is not a Markdown cell of the English notebook any more"]
    todo = translations.parse_translation(translations.stub(tiny_notebook()), "05_x.md")
    assert all(translations.TODO in b.text for b in todo)
    assert len(translations.translation_problems(todo, tiny_notebook(), "05_x.md")) == 2


def test_stub_is_buildable_and_keeps_the_english_as_placeholder():
    nb = tiny_notebook(course.with_badge("# 05 · Title\n\nOne line.", "05_x.ipynb"))
    parsed = translations.parse_translation(translations.stub(nb), "05_x.md")
    assert parsed[0].text.startswith("# 05 · Title\n\nOne line.") and "colab" not in parsed[0].text
    assert parsed[0].sha == translations.source_hash(nb.cells[0].source)
    translations.build_notebook(nb, parsed, "05_x")
    with pytest.raises(ValueError, match="no Markdown cells"):
        translations.stub(nbformat.v4.new_notebook())


def test_notes_round_trip_build_after_their_cell_and_check_their_place():
    nb = tiny_notebook()
    good = translations.parse_translation(tiny_translation(nb), "05_x.md")
    note = translations.Block("05-001", "", "输出对照：x = 1", note=True)
    text = translations.format_translation([good[0], note, good[1]])
    assert "<!-- note after 05-001 -->\n输出对照：x = 1\n" in text
    parsed = translations.parse_translation(text, "05_x.md")
    assert [(b.cell_id, b.note) for b in parsed] == [("05-000", False), ("05-001", True), ("05-002", False)]
    assert translations.format_translation(parsed) == text
    assert translations.translation_problems(parsed, nb, "05_x.md") == []
    zh = translations.build_notebook(nb, parsed, "05_x")
    assert [c.id for c in zh.cells] == ["05-000", "05-001", "05-001-zh", "05-002"]
    assert zh.cells[2].cell_type == "markdown" and zh.cells[2].source == "输出对照：x = 1"
    assert zh.cells[1] == nb.cells[1], "the code cell a note follows is unchanged"
    late = translations.translation_problems([parsed[0], parsed[2], parsed[1]], nb, "05_x.md")
    assert late == ["05_x.md: blocks are not in the English notebook's order"]
    after_title = translations.Block("05-000", "", "标题之后的说明", note=True)
    assert translations.translation_problems([parsed[0], after_title, parsed[2]], nb, "05_x.md") == []
    before_title = translations.translation_problems([after_title, parsed[0], parsed[2]], nb, "05_x.md")
    assert before_title == ["05_x.md: blocks are not in the English notebook's order"]
    todo = [parsed[0], translations.Block("05-001", "", translations.TODO, note=True), parsed[2]]
    assert translations.translation_problems(todo, nb, "05_x.md") == [
        f"05_x.md: note after cell 05-001 still holds the {translations.TODO} placeholder"
    ]
    nb.cells.pop(1)
    assert translations.translation_problems(parsed, nb, "05_x.md") == [
        "05_x.md: note after cell 05-001: the English notebook has no such cell any more"
    ]
    with pytest.raises(ValueError, match=r"05_x\.md: note after cell 05-001: no such cell"):
        translations.build_notebook(nb, parsed, "05_x")
    with pytest.raises(ValueError, match="must translate the title cell"):
        translations.title_and_summary([after_title, parsed[0]], "05_x.md")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<!-- cell 05-000 source-sha256:0123456789ab -->\n甲\n<!-- note 05-000 -->\n乙", r"line 3: bad marker"),
        (
            "<!-- cell 05-000 source-sha256:0123456789ab -->\n甲\n<!-- note after 05-000 -->\n乙\n"
            "<!-- note after 05-000 -->\n丙",
            r"05_x\.md: line 5: duplicate note after cell 05-000",
        ),
        (
            "<!-- cell 05-000 source-sha256:0123456789ab -->\n甲\n<!-- note after 05-001 -->\n",
            r"05_x\.md: note after cell 05-001 has an empty translation",
        ),
        ("<!-- note after 05-001 -->\n只有说明", r"05_x\.md: no '<!-- cell"),
    ],
)
def test_parser_rejects_bad_notes_naming_file_and_cell(text, message):
    with pytest.raises(ValueError, match=message):
        translations.parse_translation(text, "05_x.md")


def write_readme_template(paths: translations.Paths, text: str = "# 中文版\n\n<!-- course map -->\n") -> None:
    (paths.translations / translations.README_TEMPLATE).write_text(text, encoding="utf-8")


def test_readme_needs_its_template_with_one_course_map_mark(tmp_path):
    paths = translations.Paths(tmp_path)
    paths.english.mkdir(parents=True)
    paths.translations.mkdir(parents=True)
    with pytest.raises(FileNotFoundError, match="readme_template.md"):
        translations.readme(tmp_path)
    write_readme_template(paths, "# 中文版\n")
    with pytest.raises(ValueError, match="<!-- course map --> exactly once"):
        translations.readme(tmp_path)
    write_readme_template(paths)
    header = "| 笔记本 | 内容 | Colab | quick | full |\n|---|---|---|---|---|"
    assert translations.readme(tmp_path) == f"# 中文版\n\n{header}\n"


def test_check_and_build_on_a_scratch_course(tmp_path):
    paths = translations.Paths(tmp_path)
    paths.english.mkdir(parents=True)
    paths.translations.mkdir(parents=True)
    write_readme_template(paths)
    nb = tiny_notebook("# 00 · Title\n\nOne line.")
    for cell in nb.cells:
        cell.id = "00" + cell.id[2:]
    nbformat.write(nb, paths.english / "00_welcome_and_setup.ipynb")
    cells = translations.english_markdown(nb)
    zh = {"00-000": "# 00 · 标题\n\n一句话。", "00-002": "## 小结\n- x 等于一。"}
    blocks_ = [translations.Block(cid, translations.source_hash(src), zh[cid]) for cid, src in cells.items()]
    (paths.translations / "00_welcome_and_setup.md").write_text(translations.format_translation(blocks_))
    assert translations.check(tmp_path) == [
        "notebooks/zh/00_welcome_and_setup.ipynb is not up to date: run `python scripts/translations.py build`",
        "notebooks/zh/README.md is not up to date: run `python scripts/translations.py build`",
    ]
    translations.build(tmp_path)
    assert translations.check(tmp_path) == []
    assert "[00 · 标题](00_welcome_and_setup.ipynb) | 一句话。" in (paths.chinese / "README.md").read_text()
    nb.cells[2].source += " Changed."
    nbformat.write(nb, paths.english / "00_welcome_and_setup.ipynb")
    assert any("cell 00-002 is stale" in p for p in translations.check(tmp_path))
    (paths.translations / "99_nothing.md").write_text(translations.format_translation(blocks_))
    with pytest.raises(ValueError, match="not in utils.course.SYLLABUS"):
        translations.translated_stems(tmp_path)


def test_read_translation_and_notebook_name_missing_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="stub"):
        translations.read_translation(tmp_path / "05_x.md")
    with pytest.raises(FileNotFoundError, match="05_x.ipynb"):
        translations.read_notebook(tmp_path / "05_x.ipynb")
    with pytest.raises(ValueError, match="empty"):
        translations.format_translation([])
