"""The printout stays right after a clerk's edits (issue 20: 16, 17).

The clerk edits the example as in LibreOffice (its UNO API, the independent spreadsheet client):
unprotects 第一部分, inserts five rows above the copy of the 分项绩效目标 header that starts
page 2 and types five new 分项 there, and types a long 三级指标 into a one-line row of 项目1.
LibreOffice prints it (PDF, read back with pdftotext) and fits rows to their text (its optimal
row height). Before ``toc``/``fill`` the printout is wrong: the table runs onto a page without
its header, the copied header sits among the data, the long text is clipped. After, it is right.
"""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest
from helpers import ROOT

from xlperf.app.cli import main
from xlperf.core.model.unit_workbook import UnitWorkbook
from xlperf.core.workbook.grid import BookGrids, SheetGrid
from xlperf.core.workbook.reprint import reprint
from xlperf.files.unitfile import read_file

SEED = ROOT / "workbooks" / "examples" / "博野县总工会_2023.xlsx"
PART1 = "部门整体绩效目标"
#: The five 分项 the clerk inserts at row 21 (number, name, target, indicator).
NEW = [(f"1.{n}", f"新增分项{c}", f"新增的绩效目标{c}", f"新增指标{c}")
       for n, c in enumerate("甲乙丙丁戊", start=1)]
LONG = "救助准确率（按市总工会年度核查口径统计的准确救助人数占比）"
SECTION_STARTS = ("一、", "二、", "三、", "第一部分")


def _edit_ops():
    ops = [{"op": "unprotect", "sheet": PART1},
           {"op": "insert_rows", "sheet": PART1, "row": 21, "count": len(NEW)}]
    for row, texts in enumerate(NEW, start=21):
        ops += [{"op": "set", "sheet": PART1, "cell": f"{col}{row}", "text": text}
                for col, text in zip("ABCD", texts, strict=True)]
    return ops + [{"op": "set", "sheet": "项目1", "cell": "C11", "text": LONG}]


@pytest.fixture(scope="module")
def books(libreoffice, tmp_path_factory):
    """The clerk's edited workbook, and what ``toc`` and ``fill`` make of it."""
    tmp = tmp_path_factory.mktemp("relayout")
    edited = tmp / "edited.xlsx"
    libreoffice.job({"input": str(SEED), "output": str(edited), "ops": _edit_ops()}, tmp)
    assert main(["toc", str(edited), "-o", str(tmp / "toc.xlsx")]) == 0
    assert main(["fill", str(edited), "-o", str(tmp / "fill.xlsx")]) == 0
    return {name: tmp / f"{name}.xlsx" for name in ("edited", "toc", "fill")}


@pytest.fixture(scope="module")
def printed(books, libreoffice, tmp_path_factory):
    """Each workbook's 第一部分 as printed: the lines of each of its pages."""
    pdfs = libreoffice.convert_many(list(books.values()), "pdf",
                                    tmp_path_factory.mktemp("pdf"))
    return {name: _part1_pages(pdf) for name, pdf in zip(books, pdfs, strict=True)}


def _part1_pages(pdf):
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = [[line.strip() for line in page.splitlines() if line.strip()]
             for page in text.split("\f")]
    first = next(n for n, page in enumerate(pages) if "第一部分 部门整体绩效目标" in page)
    end = next(n for n, page in enumerate(pages) if n > first and any(
        line.endswith("绩效目标表") for line in page))
    return [[line for line in page if not line.startswith("—")] for page in pages[first:end]]


def _header_problems(pages):
    """Where a table's header is missing at a page top, or stands among the data."""
    problems = []
    for n, page in enumerate(pages, start=1):
        for i, line in enumerate(page):
            if line.startswith("序号") and i > 0 and not page[i - 1].startswith(SECTION_STARTS):
                problems.append(f"page {n}: a header among the data, after “{page[i - 1]}”")
        if n > 1 and page and not page[0].startswith(("序号", *SECTION_STARTS)):
            problems.append(f"page {n}: the table goes on without its header: “{page[0]}”")
    return problems


def _content(department):
    """第一部分's texts, wherever they sit."""
    return ([(i.number, i.text) for i in department.overall + department.measures],
            [(s.number, s.name, s.target, s.indicators) for s in department.sub_targets])


@pytest.mark.soffice
def test_the_clerks_edit_breaks_the_printout(printed):
    assert _header_problems(printed["edited"])  # the repro: wrong before xlperf lays it out


@pytest.mark.soffice
@pytest.mark.parametrize("verb", ["toc", "fill"])
def test_toc_and_fill_lay_part1_out_again(verb, books, printed):
    assert _header_problems(printed[verb]) == []
    lines = [line for page in printed[verb] for line in page]
    for number, name, *_ in NEW:
        assert len([line for line in lines if line.startswith(f"{number} {name}")
                    or line.split()[:2] == [number, name]]) == 1
    # nothing the clerk wrote is lost: the same 第一部分, their five 分项 included
    before, after = read_file(books["edited"]).book, read_file(books[verb]).book
    assert _content(after.department) == _content(before.department)
    assert [(s.number, s.name) for s in after.department.sub_targets][1:6] == [
        t[:2] for t in NEW]


def _rows_of_new(path):
    ws = openpyxl.load_workbook(path)[PART1]
    numbers = {number for number, *_ in NEW}
    return [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value in numbers]


@pytest.mark.soffice
def test_rows_are_as_tall_as_their_text(books, libreoffice, tmp_path):
    """The indicator rows of 项目1 and the clerk's new 分项 rows, against LibreOffice's fit."""
    names = ("edited", "toc", "fill")
    rows = {name: {"项目1": list(range(10, 18)), PART1: _rows_of_new(books[name])}
            for name in names}
    jobs = [{"input": str(books[name]), "queries": [
        {"q": "heights", "sheet": sheet, "rows": r} for sheet, r in rows[name].items()]}
        for name in names]
    answers = dict(zip(names, libreoffice.jobs(jobs, tmp_path), strict=True))
    stored, fitted = answers["edited"][0][11 - 10]
    assert stored < fitted  # the repro: the long 三级指标 is clipped
    for name in ("toc", "fill"):
        for (sheet, numbers), heights in zip(rows[name].items(), answers[name], strict=True):
            assert len(heights) == len(numbers) > 0
            short = [(sheet, r, h) for r, h in zip(numbers, heights, strict=True) if h[0] < h[1]]
            assert short == [], name


# --------------------------------------------------------------------------- without LibreOffice
def test_a_part1_with_a_note_beside_the_tables_is_left_as_it_is(tmp_path, capsys):
    path = shutil.copy(SEED, tmp_path / "unit.xlsx")
    wb = openpyxl.load_workbook(path)
    wb[PART1]["F5"] = "备注：第三条待局长审定"
    wb[PART1].insert_rows(21)  # rows moved: a layout to redo, were it not for the note
    wb.save(path)
    out = tmp_path / "out.xlsx"
    assert main(["toc", str(path), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "“备注：第三条待局长审定”不是第一部分各表的内容，为免丢失，未重新排版该表" in said
    assert openpyxl.load_workbook(out)[PART1]["F5"].value == "备注：第三条待局长审定"


def test_indicator_rows_get_the_height_their_text_needs():
    book = read_file(SEED).book
    project = book.projects[0]
    rows = [i.model_copy(update={"name": LONG * 3}) if n == 1 else i
            for n, i in enumerate(project.indicators)]
    book = book.model_copy(update={"projects": [project.model_copy(update={"indicators": rows})]})
    assert isinstance(book, UnitWorkbook)
    needed = reprint(book, BookGrids((SheetGrid("项目1", []),))).heights["项目1"]
    one_line = needed[10 + 2]  # “拨款执行进度（%）”: one line
    assert one_line == 20.5
    # 3 × 30 characters in a 20-wide column (about 9 characters a line): 10 lines and more
    assert needed[11] >= 10 * 14.5


def test_the_buttons_say_when_part1_needs_laying_out(tmp_path):
    """The buttons cannot set page breaks or heights through xlwings: they say what to run."""
    from xlperf.core.check.buttons import fill_edit
    from xlperf.core.workbook.reprint import LAYOUT_NOTE
    from xlperf.core.workbook.toc import toc_edit
    from xlperf.files.unitfile import load_grids

    path = shutil.copy(SEED, tmp_path / "unit.xlsx")
    wb = openpyxl.load_workbook(path)
    wb[PART1].insert_rows(21, 2)
    wb.save(path)
    for source, said in ((SEED, False), (path, True)):
        grids = load_grids(source)
        for edit in (toc_edit(grids, 11), fill_edit(grids)):
            assert (LAYOUT_NOTE in (edit.message or "")) is said, source
