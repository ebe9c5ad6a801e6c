"""openpyxl adapter of ``core.reprint``: lay an edited workbook out for print again.

``fill`` and ``toc`` call it on the workbook they are about to save: 第一部分 is replaced by its
fresh layout when that differs from the sheet's (values, print area, page breaks, row heights),
and the text rows of the project tables are raised to the height their text needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.workbook.workbook import Workbook

from xlperf.core.grid import READ_COLUMNS, READ_ROWS, BookGrids, SheetGrid
from xlperf.core.layout import GENERATED_SHEETS
from xlperf.core.reader import read_book
from xlperf.core.reprint import reprint
from xlperf.core.sheetspec import SheetSpec
from xlperf.files import xlsm


@dataclass(frozen=True)
class Relaid:
    """What was laid out again: whether anything changed, and why 第一部分 was left alone."""

    changed: bool
    kept: str | None = None

    @property
    def note(self) -> str:
        """The sentence for the user ('' when there is nothing to say)."""
        done = "已按现在的内容重新排版打印（第一部分的表头与分页、行高）。" if self.changed else ""
        return done + (f"注意：{self.kept}。" if self.kept else "")


def relayout(wb: Workbook) -> Relaid:
    """Lay out ``wb`` (as it is now, edits included) for print again."""
    grids = BookGrids(tuple(
        SheetGrid(ws.title, [list(r) for r in ws.iter_rows(
            max_row=min(ws.max_row, READ_ROWS), max_col=min(ws.max_column, READ_COLUMNS),
            values_only=True)])
        for ws in wb.worksheets if ws.title not in GENERATED_SHEETS))
    plan = reprint(read_book(grids).book, grids)
    changed = False
    if plan.department is not None and not _current(wb, plan.department):
        xlsm.replace_sheet(wb, plan.department, wb.sheetnames.index(plan.department.name))
        changed = True
    for sheet, rows in plan.heights.items():
        ws = wb[sheet]
        for row, height in sorted(rows.items()):
            if (ws.row_dimensions[row].height or 0.0) < height:
                ws.row_dimensions[row].height = height
                changed = True
    return Relaid(changed, plan.kept)


def _current(wb: Workbook, spec: SheetSpec) -> bool:
    """Whether the sheet already is laid out as ``spec``: values, print area, breaks, heights."""
    if not xlsm.sheet_matches(wb, spec):
        return False
    ws = wb[spec.name]
    breaks = sorted(b.id for b in ws.row_breaks.brk)
    heights = {r: ws.row_dimensions[r].height for r in spec.heights}
    return breaks == sorted(spec.row_breaks) and heights == spec.heights
