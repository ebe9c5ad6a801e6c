"""Where a document's findings are: its tables and their rows, its parts (pure).

A document has no cells. To check it as a workbook is checked, its model is laid out as the
workbook ``xlperf import`` writes (:func:`located`), checked there, and each finding's sheet and
cell are then said as the document's place (:func:`document_place`): 第2张项目表第9行,
第一部分·总体绩效目标, 封面. What the import could not place becomes an R015 finding each, at its
line (or PDF page).
"""

from __future__ import annotations

from collections.abc import Mapping

from xlperf.core.document.parse import Imported
from xlperf.core.model.findings import Finding
from xlperf.core.model.unit_workbook import UnitWorkbook
from xlperf.core.workbook import layout as L
from xlperf.core.workbook import reading
from xlperf.core.workbook.grid import BookGrids, SheetGrid, parse_a1
from xlperf.core.workbook.reader import read_book
from xlperf.core.workbook.render import render_workbook
from xlperf.core.workbook.sheetspec import Formula


def located(book: UnitWorkbook) -> tuple[UnitWorkbook, BookGrids]:
    """The model with the cell positions of the workbook made from it, and that workbook."""
    spec = render_workbook(book)
    sheets = []
    for sheet in spec.sheets:
        width = max((c for _, c in sheet.cells), default=0)
        rows: list[list[object]] = [[None] * width for _ in range(sheet.last_row)]
        for (r, c), cell in sheet.cells.items():
            rows[r - 1][c - 1] = None if isinstance(cell.value, Formula) else cell.value
        sheets.append(SheetGrid(sheet.name, rows))  # type: ignore[arg-type]
    grids = BookGrids(tuple(sheets))
    return read_book(grids).book, grids


def document_place(finding: Finding, book: UnitWorkbook, grids: BookGrids) -> Finding:
    """The finding with its sheet and cell said as a place in the document."""
    sheet, cell = finding.sheet, finding.cell
    if not sheet:
        return finding
    row = parse_a1(cell)[0] if cell else None
    place = sheet
    tables = [p.sheet for p in book.projects]
    if sheet in tables:
        place = f"第{tables.index(sheet) + 1}张项目表"
        top = _code_row(grids[sheet])
        if row is not None and top is not None and row >= top:
            place += f"第{row - top + 1}行"
    elif sheet == L.DEPARTMENT_SHEET:
        section = _section(grids[sheet], row) if row is not None else None
        place = f"第一部分·{section}" if section else "第一部分"
    return finding.model_copy(update={"sheet": place, "cell": None})


def _code_row(grid: SheetGrid) -> int | None:
    return next((r for r in range(1, grid.max_row + 1)
                 if L.PROJECT_CODE.matches(grid.text(r, 1))), None)


def _section(grid: SheetGrid, row: int) -> str | None:
    """The 第一部分 section a row of the department sheet belongs to."""
    labels = (L.OVERALL_SECTION, L.SUB_TARGETS_SECTION, L.MEASURES_SECTION)
    for r in range(min(row, grid.max_row), 0, -1):
        for c in range(1, grid.max_col + 1):
            text = grid.text(r, c)
            for label in labels:
                if text and label.matches(text):
                    return label.text[2:]
    return None


def import_findings(imported: Imported, pages: Mapping[int, int] | None = None,
                    file: str | None = None) -> list[Finding]:
    """The import's own findings (table cells it could not read) and an R015 for every piece it
    could not place, each at its line — or, in a PDF, its page."""
    def where(line: int) -> str:
        if pages is not None and line in pages:
            return f"PDF 第 {pages[line]} 页"
        return f"第 {line} 行"

    found = [f.model_copy(update={"sheet": where(line), "cell": None, "file": file})
             for line, f in imported.findings]
    found += [reading.UNPLACED.at(file=file, sheet=where(u.line), reason=u.reason,
                                  text=u.text if len(u.text) <= 60 else f"{u.text[:60]}…")
              for u in imported.unplaced]
    return found
