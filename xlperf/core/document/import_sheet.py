"""The 导入说明 sheet: what an import could not place, kept with the workbook it made (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from xlperf.core.document.parse import Imported
from xlperf.core.workbook import layout as L
from xlperf.core.workbook.render import render_workbook
from xlperf.core.workbook.sheetspec import BookSpec, SheetSpec

IMPORT_WIDTHS = {1: 8.0, 2: 30.0, 3: 70.0}


def imported_workbook(imported: Imported, source: str) -> BookSpec:
    """The unit workbook of an import, with a 导入说明 sheet when anything needs a look.

    The sheet lists every line that could not be placed (and what the importer decided), so
    what the command printed also stays with the workbook; readers skip this sheet.
    """
    spec = render_workbook(imported.book)
    problems = [(u.line, u.reason, u.text) for u in imported.unplaced]
    problems += [(line, f"{f.message}（{f.hint}）", "") for line, f in imported.findings]
    if problems or imported.notes:
        spec.sheets.insert(1, import_sheet(sorted(problems, key=lambda p: p[0]),
                                           imported.notes, source))
    return spec


def import_sheet(problems: Sequence[tuple[int, str, str]], notes: Sequence[str],
                 source: str) -> SheetSpec:
    """导入说明: what the import of source could not place, line by line, then its notes."""
    sheet = SheetSpec(L.IMPORT_SHEET, widths=dict(IMPORT_WIDTHS))
    sheet.put_span((1, 1, 1, 3), f"导入说明：{source}", "section")
    sheet.put_span((2, 1, 2, 3), "下列内容未能归入工作簿，请对照原文补录到相应位置；"
                   "补录后可删除本工作表（读取、校验和汇总都不使用本表）。", "hint")
    row = 4
    if problems:
        for col, header in enumerate(("行号", "原因", "原文"), start=1):
            sheet.put(row, col, header, "header")
        for line, reason, text in problems:
            row += 1
            sheet.put(row, 1, line, "input_center")
            sheet.put(row, 2, reason, "input")
            sheet.put(row, 3, text or None, "input")
            sheet.heights[row] = max(L.row_height(reason, IMPORT_WIDTHS[2]),
                                     L.row_height(text, IMPORT_WIDTHS[3]))
        row += 2
    for note in notes:
        sheet.put_span((row, 1, row, 3), f"说明：{note}", "hint")
        row += 1
    sheet.print_area = (1, 1, max(row - 1, 4), 3)
    sheet.title_rows = (4, 4) if problems else None
    return sheet
