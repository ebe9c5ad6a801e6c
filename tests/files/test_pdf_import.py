"""What people actually hold: the published PDF, text taken from it, Word files edited elsewhere.

The fixtures are made once per session from our own exports: LibreOffice Writer renders each
example's Word file to PDF and edits copies the way a person would (blank paragraphs, merged
cells, a table run over a page break with its header row repeated, Writer's own 目录 field),
saving them as Word and PDF — all in ONE LibreOffice start. ``pdftotext`` gives the text and
``pdftoppm`` plus Pillow a scanned PDF. The oracle is independent of the PDF reader: the model
the Word file gives (python-docx reads the structure the PDF only draws).
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import HERE, unavailable

from xlperf.app.actions import document as actions
from xlperf.app.actions import unit as unit_actions
from xlperf.app.cli import main
from xlperf.core.document import pdftext
from xlperf.core.document.parse import parse_document
from xlperf.core.model.unit_workbook import facts
from xlperf.files import wordfile
from xlperf.files.examples import SEED, example_names, load_example

pytestmark = pytest.mark.soffice

#: Edits made in Writer to the seed's Word file (see tests/lo/writer_ops.py).
EDITS = [
    {"edit": "blank_paragraphs", "count": 2,
     "after": "围绕党和全县工作的大局，依照工会法做好以下总体绩效目标："},
    {"edit": "blank_paragraphs", "after": "二、分项绩效目标", "count": 1},
    {"edit": "split_table", "table": 1, "before": 8},
    {"edit": "merge", "table": 0, "cells": "F2:G2"},
    {"edit": "toc_field"},
]


@dataclass
class Fixtures:
    docx: dict[str, Path]  # our export of each example
    pdf: dict[str, Path]  # … rendered by LibreOffice
    edited_docx: Path  # the seed's Word file edited in Writer and saved as .docx
    edited_pdf: Path  # … and as PDF
    scanned: Path  # page images of the seed's PDF, no text layer


def _text(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture(scope="session")
def made(tmp_path_factory, libreoffice) -> Fixtures:
    folder = tmp_path_factory.mktemp("documents")
    docx = {name: wordfile.write_unit(load_example(name), folder / f"{name}.docx")
            for name in example_names()}
    pdf = {name: folder / f"{name}.pdf" for name in docx}
    edited = folder / "edited"
    jobs = [{"input": str(docx[name]), "outputs": [[str(pdf[name]), "writer_pdf_Export"]]}
            for name in docx]
    jobs.append({"input": str(docx[SEED]), "edits": EDITS,
                 "outputs": [[f"{edited}.docx", "MS Word 2007 XML"],
                             [f"{edited}.pdf", "writer_pdf_Export"]]})
    if libreoffice.uno_python is None:
        unavailable("python3-uno")
    job_file = folder / "jobs.json"
    job_file.write_text(json.dumps({"jobs": jobs}, ensure_ascii=False), "utf-8")
    proc = subprocess.run([libreoffice.uno_python, str(HERE / "lo" / "writer_ops.py"),
                           str(job_file)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    scanned = folder / "scanned.pdf"
    subprocess.run(["pdftoppm", "-r", "50", "-l", "3", "-png", str(pdf[SEED]),
                    str(folder / "page")], check=True)
    from PIL import Image

    images = [Image.open(p).convert("RGB") for p in sorted(folder.glob("page-*.png"))]
    images[0].save(scanned, save_all=True, append_images=images[1:])
    return Fixtures(docx, pdf, Path(f"{edited}.docx"), Path(f"{edited}.pdf"), scanned)


def word_model(path: Path):
    lines, unit_line = wordfile.read_docx(path)
    return parse_document(lines, unit_line=unit_line)


def squeezed(value):
    """The model's facts with whitespace left out of every text: a PDF draws no space at a line
    end, so where a line broke at a space (“人均标准 200 元”) the space is not in the PDF."""
    if isinstance(value, dict):
        return {k: squeezed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [squeezed(v) for v in value]
    return "".join(value.split()) if isinstance(value, str) else value


def fields(value, path=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from fields(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from fields(item, f"{path}[{i}]")
    else:
        yield path, value


def differences(want, got):
    a, b = dict(fields(want)), dict(fields(got))
    return {k: (a.get(k), b.get(k)) for k in a.keys() | b.keys() if a.get(k) != b.get(k)}


# --------------------------------------------------------------------------- 1. the PDF
@pytest.mark.parametrize("name", example_names())
def test_a_pdf_imports_field_for_field_as_its_word_file(made, name):
    want = word_model(made.docx[name])
    got = actions.read_document(made.pdf[name])
    assert differences(squeezed(facts(want.book)), squeezed(facts(got.book))) == {}
    assert got.unplaced == []
    assert [f.message for _, f in got.findings] == [f.message for _, f in want.findings]
    # Only a space the Word text has at a line break may be missing; all else is as it is.
    exact = differences(facts(want.book), facts(got.book))
    assert all(" " in str(word) for word, _ in exact.values()), exact
    assert want.book.projects and len(got.book.projects) == len(want.book.projects)


def test_the_import_command_reads_a_pdf(made, tmp_path, capsys):
    target = tmp_path / "单位.xlsx"
    code = main(["import", str(made.pdf[SEED]), "-o", str(target)])
    out = capsys.readouterr().out
    assert code == 0 and "4 张项目表、33 条指标" in out
    read = unit_actions.read_file(target).book
    assert squeezed(facts(read)) == squeezed(facts(word_model(made.docx[SEED]).book))


def test_a_scanned_pdf_is_refused_with_advice_to_ocr(made, tmp_path, capsys):
    target = tmp_path / "扫描.xlsx"
    code = main(["import", str(made.scanned), "-o", str(target)])
    err = capsys.readouterr().err
    assert code == 2 and "没有文字层" in err and "OCR" in err
    assert not target.exists()


# --------------------------------------------------------------------------- 2. text from it
@pytest.mark.parametrize("options", [["-layout"], []], ids=["layout", "plain"])
@pytest.mark.parametrize("name", [SEED, "博野县农业农村局_2023"])
def test_text_from_a_pdf_gives_part_1_and_reports_every_table_line(made, tmp_path, name,
                                                                    options):
    source = tmp_path / "文本.txt"
    source.write_text(_text(made.pdf[name], *options), "utf-8")
    want = word_model(made.docx[name]).book
    got = actions.read_document(source)
    assert squeezed(facts(got.book.department)) == squeezed(facts(want.department))
    assert (got.book.info.code, got.book.info.name) == (want.info.code, want.info.name)
    assert got.book.projects == []  # never guessed from text without rows and columns
    lost = "".join("".join(u.text.split()) for u in got.unplaced)
    for project in want.projects:  # every table's content is listed, nothing dropped silently
        assert project.code in lost
        for indicator in project.indicators:  # a cell's first printed line: 4 characters or more
            assert "".join((indicator.name or "").split())[:4] in lost
    assert any(u.reason == pdftext.LOST_TABLE for u in got.unplaced)


def test_the_import_command_on_text_from_a_pdf_exits_1_and_says_why(made, tmp_path, capsys):
    source = tmp_path / "文本.txt"
    source.write_text(_text(made.pdf[SEED], "-layout"), "utf-8")
    target = tmp_path / "单位.xlsx"
    code = main(["import", str(source), "-o", str(target)])
    out = capsys.readouterr().out
    assert code == 1 and "表格结构已丢失" in out and "0 张项目表" in out
    import openpyxl

    sheets = openpyxl.load_workbook(target, read_only=True).sheetnames
    assert sheets[1] == "导入说明"  # the workbook says it is incomplete, next to its cover


# --------------------------------------------------------------------------- 3. edited files
def test_a_word_file_edited_in_writer_imports_the_same(made):
    got = word_model(made.edited_docx)
    assert facts(got.book) == facts(load_example(SEED))
    assert got.unplaced == []


def test_its_pdf_joins_the_table_split_over_a_page_and_imports_the_same(made):
    got = actions.read_document(made.edited_pdf)
    assert differences(squeezed(facts(got.book)), squeezed(facts(load_example(SEED)))) == {}
    assert got.unplaced == []
    assert any(re.search(r"接续上一页的表格，重复的表头行（1 行）未计入", n) for n in got.notes)


# --------------------------------------------------------------------------- 4. check it
@pytest.mark.parametrize("name", [SEED, "博野县教育和体育局_2023"])
def test_check_of_a_pdf_finds_what_the_check_of_its_word_file_finds_at_the_same_rows(made,
                                                                                   name):
    from collections import Counter

    from xlperf.files.unitfile import check_file

    def where(checked):  # messages quote cell texts, whose spaces a PDF may lose
        return Counter((f.code, f.sheet, f.project_code, f.indicator) for f in checked.findings)

    want, got = check_file(made.docx[name]), check_file(made.pdf[name])
    assert not got.unreadable and where(got) == where(want)
    assert any(f.sheet and re.fullmatch(r"第\d+张项目表第\d+行", f.sheet) for f in got.findings)
