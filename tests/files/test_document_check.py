"""A 绩效文本 checked directly, and documents in a county's inbox (no LibreOffice needed).

Oracles: the hand-written list of what other_county.txt cannot place (test_document.py), the
check of the workbook the document was exported from, and the Word tables read with python-docx.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import docx
import openpyxl
import pytest
from helpers import DATA, ROOT

from xlperf.app.cli import main
from xlperf.core.workbook.grid import parse_a1
from xlperf.files import wordfile
from xlperf.files.discover import discover
from xlperf.files.examples import SEED, load_example
from xlperf.files.unitfile import check_file

OTHER_COUNTY = DATA / "other_county.txt"
EXAMPLES = ROOT / "workbooks" / "examples"


def test_check_of_a_text_names_the_lines_it_could_not_place():
    checked = check_file(OTHER_COUNTY)
    assert not checked.unreadable and checked.book is not None
    places = sorted((f.sheet, f.code) for f in checked.findings if f.code in ("R015", "R001"))
    assert places == sorted([("第 3 行", "R015"), ("第 8 行", "R015"), ("第 37 行", "R015"),
                             ("第 37 行", "R015"), ("第 38 行", "R015"), ("第 40 行", "R001")])
    assert all(f.cell is None and f.file for f in checked.findings)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, Path]:
    """The seed workbook and its 绩效文本 exported to Word."""
    folder = tmp_path_factory.mktemp("checkdoc")
    book = folder / f"{SEED}.xlsx"
    shutil.copy(EXAMPLES / f"{SEED}.xlsx", book)
    return book, wordfile.write_unit(load_example(SEED), folder / "文本.docx")


def test_a_word_file_gets_the_findings_of_its_workbook_at_its_table_rows(exported):
    workbook, document = exported
    want = check_file(workbook)
    got = check_file(document)

    def what(findings):
        return Counter((f.code, f.project_code, f.indicator, f.message) for f in findings)

    assert what(got.findings) == what(want.findings)
    tables = docx.Document(str(document)).tables
    at_rows = [f for f in got.findings if f.indicator and f.sheet and "张项目表第" in f.sheet]
    assert at_rows
    for finding in at_rows:  # the named row of the named Word table holds that indicator
        table, row = map(int, re.fullmatch(r"第(\d+)张项目表第(\d+)行", finding.sheet).groups())
        cells = [c.text for c in tables[table - 1].rows[row - 1].cells]
        assert finding.indicator in cells, (finding.sheet, finding.indicator, cells)


def test_check_command_takes_a_word_file_and_a_folder_of_documents(exported, capsys):
    workbook, document = exported
    code = main(["check", str(document)])
    out = capsys.readouterr().out
    assert code == 1 and "文本.docx" in out and "第1张项目表第" in out
    found = discover([workbook.parent])
    assert sorted(p.name for p in found.workbooks) == sorted([workbook.name, document.name])


def test_a_text_that_is_no_document_is_skipped_not_failed(tmp_path, capsys):
    note = tmp_path / "报送说明.txt"
    note.write_text("各位：附件是我单位的绩效目标，请查收。\n", "utf-8")
    checked = check_file(note)
    assert checked.skipped and "这不像是部门预算绩效文本" in checked.skipped
    assert not checked.unreadable and checked.findings == []


def test_an_inbox_of_word_files_and_workbooks_consolidates_each_with_its_type(
        exported, tmp_path, capsys):
    workbook, document = exported
    inbox = tmp_path / "收件"
    inbox.mkdir()
    shutil.copy(EXAMPLES / "博野县卫生健康局_2023.xlsx", inbox)
    wordfile.write_unit(load_example("博野县农业农村局_2023"), inbox / "农业农村局.docx")
    (inbox / "说明.txt").write_text("附件请查收", "utf-8")
    target = tmp_path / "汇总.xlsx"
    assert main(["consolidate", str(inbox), "-o", str(target)]) in (0, 1)
    capsys.readouterr()
    wb = openpyxl.load_workbook(target, read_only=True)
    rows = list(wb["报送情况"].iter_rows(min_row=2, values_only=True))
    header, rows = rows[0], rows[1:]
    kind = header.index("文件类型")
    assert sorted((r[3], r[2], r[kind]) for r in rows) == sorted([
        ("博野县卫生健康局_2023.xlsx", "已报送", "Excel 工作簿"),
        ("农业农村局.docx", "已报送", "Word 文档"),
        ("说明.txt", "未读取", "文本文件")])
    units = {r[0]: r for r in wb["单位汇总"].iter_rows(min_row=3, values_only=True) if r[0]}
    farm = load_example("博野县农业农村局_2023")
    assert units[farm.info.code][2:4] == (len(farm.projects),
                                          float(sum(p.budget or 0 for p in farm.projects)))


def test_the_return_pack_holds_an_annotated_workbook_made_from_a_word_file(tmp_path, capsys):
    inbox = tmp_path / "收件"
    inbox.mkdir()
    wordfile.write_unit(load_example(SEED), inbox / "总工会.docx")
    assert main(["review", str(inbox), "-o", str(tmp_path / "审核")]) == 0
    capsys.readouterr()
    (made,) = (tmp_path / "审核").glob("第1轮/*_校验.xlsx")
    wb = openpyxl.load_workbook(made)
    assert "校验结果" in wb.sheetnames
    marked = [(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows() for c in row
              if c.comment is not None]
    assert marked and all(parse_a1(cell) for _, cell in marked)
    # The unit goes on in the template: the workbook reads back as its document's model.
    from xlperf.app.actions import unit as actions
    from xlperf.core.model.unit_workbook import facts

    assert facts(actions.read_file(made).book) == facts(load_example(SEED))


def test_check_annotate_of_a_document_writes_the_workbook_made_from_it(exported, tmp_path,
                                                                      capsys):
    _, document = exported
    source = tmp_path / "文本.docx"
    shutil.copy(document, source)
    assert main(["check", "--annotate", str(source)]) == 1
    assert "已写入标注：" in capsys.readouterr().err
    made = tmp_path / "文本_校验.xlsx"
    assert "校验结果" in openpyxl.load_workbook(made, read_only=True).sheetnames
    assert main(["check", "--annotate", "--in-place", str(source)]) == 2
    assert "不能 --in-place" in capsys.readouterr().err
    assert main(["check", str(tmp_path)]) == 1  # the annotated copy is not a unit's file
    out = capsys.readouterr().out
    assert "文本_校验.xlsx：未检查" in out
