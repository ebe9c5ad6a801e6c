"""openpyxl adapter of ``core.reprint``: lay an edited workbook out for print again.

``fill`` and ``toc`` call it on the workbook they are about to save: 第一部分 is replaced by its
fresh layout when that differs from the sheet's (values, print area, page breaks, row heights),
and the text rows of the project tables are raised to the height their text needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.workbook.workbook import Workbook

from xlperf.core.workbook.grid import READ_COLUMNS, READ_ROWS, BookGrids, SheetGrid
from xlperf.core.workbook.layout import GENERATED_SHEETS
from xlperf.core.workbook.reader import read_book
from xlperf.core.workbook.reprint import reprint
from xlperf.core.workbook.sheetspec import SheetSpec
from xlperf.files import xlsm

#: Points a row may fall short of its estimate: a spreadsheet saves heights in its own units
#: (LibreOffice keeps 20.5 pt as 20.25), and every estimate has a few points to spare.
SLACK = 1.0


@dataclass(frozen=True)
class Relaid:
    """What was laid out again, and why 第一部分 was left alone (None: it was not)."""

    part1: bool = False  # 第一部分 rendered again
    raised: int = 0  # rows of project tables raised to their text
    kept: str | None = None

    @property
    def changed(self) -> bool:
        return self.part1 or bool(self.raised)

    @property
    def note(self) -> str:
        """The sentence for the user ('' when there is nothing to say)."""
        done = []
        if self.part1:
            done.append("第一部分已按现在的内容重新排版（表头、分页、行高）")
        if self.raised:
            done.append(f"项目表 {self.raised} 行按文字加高，打印不再截字")
        said = "；".join(done) + "。" if done else ""
        return said + (f"注意：{self.kept}。" if self.kept else "")


def relayout(wb: Workbook) -> Relaid:
    """Lay out ``wb`` (as it is now, edits included) for print again."""
    grids = BookGrids(tuple(
        SheetGrid(ws.title, [list(r) for r in ws.iter_rows(
            max_row=min(ws.max_row, READ_ROWS), max_col=min(ws.max_column, READ_COLUMNS),
            values_only=True)])
        for ws in wb.worksheets if ws.title not in GENERATED_SHEETS))
    plan = reprint(read_book(grids).book, grids)
    part1 = plan.department is not None and not _current(wb, plan.department)
    if plan.department is not None and part1:
        xlsm.replace_sheet(wb, plan.department, wb.sheetnames.index(plan.department.name))
    raised = 0
    for sheet, rows in plan.heights.items():
        ws = wb[sheet]
        for row, height in sorted(rows.items()):
            if (ws.row_dimensions[row].height or 0.0) < height - SLACK:
                ws.row_dimensions[row].height = height
                raised += 1
    return Relaid(part1, raised, plan.kept)


def _current(wb: Workbook, spec: SheetSpec) -> bool:
    """Whether the sheet already is laid out as ``spec``: values, print area, breaks, heights."""
    if not xlsm.sheet_matches(wb, spec):
        return False
    ws = wb[spec.name]
    breaks = sorted(b.id for b in ws.row_breaks.brk)
    heights = {r: ws.row_dimensions[r].height for r in spec.heights}
    return breaks == sorted(spec.row_breaks) and heights == spec.heights
