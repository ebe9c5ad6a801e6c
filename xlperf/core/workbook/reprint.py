"""The printed layout of a workbook its clerk has edited, made right again (pure).

The template sizes every row to its text and lays 第一部分 out page by page: where a table runs
onto a new page, a manual page break and a copy of the table's header. Once the clerk inserts or
deletes rows, or types two lines into a row sized for one, that layout is wrong: the copied
header sits mid-page among their data, text is clipped in print. Excel repeats only one band of
title rows per sheet, which serves a project table (its title rows) but not 第一部分's three
tables, so ``xlperf fill`` and ``xlperf toc`` compute the layout again (the buttons cannot set
page breaks or row heights through xlwings, so they only say when it is due: :func:`layout_note`):

- 第一部分 is rendered again from what it holds, exactly as a new workbook lays it out, unless a
  text on it would not survive (something the reader does not take as Part 1 content, such as a
  note beside the tables); then it is left as it is and the reason is told;
- the text rows of every project table are raised to the height their text needs (never
  lowered: a clerk's taller row stays).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from xlperf.core.model.unit_workbook import UnitWorkbook
from xlperf.core.workbook.grid import BookGrids, CellValue, parse_a1, to_text
from xlperf.core.workbook.render import field_heights, indicator_height, render_department
from xlperf.core.workbook.sheetspec import SheetSpec

#: How many of the texts that would not survive a message names.
_NAMED = 2


@dataclass
class Reprint:
    """What the printed layout of a workbook needs now."""

    #: 第一部分 laid out again (None: no 第一部分, or left as it is; see ``kept``).
    department: SheetSpec | None = None
    #: Why 第一部分 was left as it is (None when it was laid out again or is missing).
    kept: str | None = None
    #: Per project sheet, the rows whose text needs at least this height (points).
    heights: dict[str, dict[int, float]] = field(default_factory=dict)


def reprint(book: UnitWorkbook, grids: BookGrids) -> Reprint:
    """The layout ``book`` (read from ``grids``) prints right with."""
    result = Reprint()
    sheet = book.department.sheet
    if sheet is not None and sheet in grids.names:
        spec = render_department(book.department)
        spec.name = sheet
        lost = _lost_texts(grids[sheet].rows, spec)
        if lost:
            named = "、".join(f"“{t[:20]}”" for t in lost[:_NAMED])
            result.kept = (f"“{sheet}”中 {named}{'等' if len(lost) > _NAMED else ''}不是第一部分"
                           "各表的内容，为免丢失，未重新排版该表（表头和分页请手工调整）")
        else:
            result.department = spec
    for project in book.projects:
        if project.sheet is None:
            continue
        needed = result.heights.setdefault(project.sheet, {})
        texts = field_heights(project)
        cells = [(project.cells.get(name), height) for name, height in texts.items()]
        cells += [(i.cells.get("name"), indicator_height(i)) for i in project.indicators]
        for cell, height in cells:
            if cell:
                row = parse_a1(cell)[0]
                needed[row] = max(needed.get(row, 0.0), height)
    return result


#: What the 生成目录 and 填充默认值 buttons add when 第一部分 no longer prints right.
LAYOUT_NOTE = ("第一部分插入或删除过行，打印时表头与分页已不在原处：请保存后在命令行运行 "
               "xlperf toc 本文件 --in-place 重新排版。")


def layout_note(book: UnitWorkbook, grids: BookGrids) -> str:
    """:data:`LAYOUT_NOTE` when 第一部分's cells are no longer where its layout puts them."""
    sheet = book.department.sheet
    if sheet is None or sheet not in grids.names:
        return ""
    spec = render_department(book.department)
    grid = grids[sheet]
    where = {pos: to_text(c.value) for pos, c in spec.cells.items() if to_text(c.value)}
    there = {(r, c): to_text(v) for r, line in enumerate(grid.rows, start=1)
             for c, v in enumerate(line, start=1) if to_text(v)}
    return "" if where == there else LAYOUT_NOTE


def _lost_texts(rows: Sequence[Sequence[CellValue]], spec: SheetSpec) -> list[str]:
    """The texts on the sheet that the sheet laid out again would not hold."""
    kept = {to_text(c.value) for c in spec.cells.values()}
    lost: list[str] = []
    for line in rows:
        for value in line:
            text = to_text(value)
            if text is not None and text not in kept and text not in lost:
                lost.append(text)
    return lost
