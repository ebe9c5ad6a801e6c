"""A copied 目录 placed before 第一部分, and what ``export`` says it left blank (issue 20: 2, 11).

The copy is made as Excel's 移动或复制 makes it: the sheet copied with its formatting and links,
named “目录 (2)” and placed before the sheet chosen in the dialog (部门整体绩效目标).
"""

from __future__ import annotations

import docx
import openpyxl
import pytest
from helpers import ROOT

from xlperf.app.cli import main
from xlperf.files.unitfile import check_file

SEED = ROOT / "workbooks" / "examples" / "博野县总工会_2023.xlsx"


def _copied_toc(path, *, part1_too=False, **typed):
    wb = openpyxl.load_workbook(SEED)
    copy = wb.copy_worksheet(wb["目录"])
    copy.title = "目录 (2)"
    wb.move_sheet(copy, wb.sheetnames.index("部门整体绩效目标") - wb.sheetnames.index("目录 (2)"))
    if part1_too:  # at the end, where 移动或复制 puts it by default
        wb.copy_worksheet(wb["部门整体绩效目标"]).title = "部门整体绩效目标 (2)"
    for where, value in typed.items():
        sheet, cell = where.split("_")
        wb[sheet][cell] = value
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def copied(tmp_path_factory):
    return _copied_toc(tmp_path_factory.mktemp("copied") / "unit.xlsx")


def test_a_copied_toc_before_part1_is_never_part1(copied):
    assert openpyxl.load_workbook(copied, read_only=True).sheetnames[:4] == [
        "封面", "目录", "目录 (2)", "部门整体绩效目标"]
    checked = check_file(copied)
    original = check_file(SEED)
    assert checked.book.department == original.book.department
    on_copy = [(f.sheet, f.cell, f.code) for f in checked.findings if f.sheet == "目录 (2)"]
    assert on_copy == [("目录 (2)", "A1", "R009")]
    r009 = next(f for f in checked.findings if f.code == "R009")
    assert "目录" in r009.message and "目录 (2)" not in r009.hint
    assert not [f for f in checked.findings if f.sheet == "部门整体绩效目标" and f.code == "R009"]


def _docx_text(path):
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_export_of_a_copied_toc_has_the_real_part1_and_no_false_blanks(tmp_path, capsys):
    path = _copied_toc(tmp_path / "unit.xlsx", part1_too=True, 项目1_E12=0.95, 项目1_C4="十二万")
    out = tmp_path / "unit.docx"
    assert main(["export", str(path), "--docx", str(out), "--allow-errors"]) == 0
    err = capsys.readouterr().err
    blanks = [line for line in err.splitlines() if line.startswith("留空")]
    # 预算数 “十二万” is the only cell the document really leaves blank; 0.95 is exported.
    assert blanks == ["留空：项目1!C4 预算数不是数字：“十二万”"]
    assert "目录 (2)" not in err  # a 目录 is never exported: the document makes its own
    # a second 第一部分 is not exported, and the export says so
    assert [line for line in err.splitlines() if line.startswith("未导出")] == [
        "未导出：部门整体绩效目标 (2)!A1 本表是又一张第一部分（部门整体绩效目标），"
        "以“部门整体绩效目标”为准，本表未读取"]
    text = "\n".join(_docx_text(out))
    seed_part1 = check_file(SEED).book.department.overall[0].text
    assert seed_part1 in text
    cells = [c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells]
    assert "0.95" in cells
