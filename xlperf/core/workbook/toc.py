"""生成目录: the 目录 sheet regenerated from the projects a workbook holds now (pure).

The content is ``render.render_toc``'s, the same as in a new workbook; this module only turns it
into a :class:`~xlperf.core.workbook.edits.BookEdit` for an open workbook: one block of values over
the
whole table (the links beside it included), one hyperlink per entry, and the stale rows of a
longer old table cleared.
"""

from __future__ import annotations

from xlperf.core.model.unit_workbook import UnitWorkbook
from xlperf.core.workbook import layout as L
from xlperf.core.workbook.edits import BookEdit, Link, SheetEdit
from xlperf.core.workbook.grid import BookGrids, CellValue, SheetGrid
from xlperf.core.workbook.reader import read_book
from xlperf.core.workbook.render import render_toc
from xlperf.core.workbook.reprint import layout_note

#: Sheets whose values 生成目录 does not need (everything else may hold a project table).
SKIPPED_SHEETS = frozenset({L.TOC_SHEET, L.CODES_SHEET})


def toc_edit(grids: BookGrids, old_last_row: int | None,
             current: SheetGrid | None = None) -> BookEdit:
    """The edit that makes a workbook's 目录 current.

    ``old_last_row`` is the last used row of the existing 目录 sheet, None when it is missing
    (then the sheet is created after the cover, where a new workbook has it). ``current`` is the
    existing 目录's values, when read: the message then says whether its content changes.

    Raises:
        NotATemplateError: when the workbook is not a 绩效目标 workbook.
    """
    book = read_book(grids).book
    edit = toc_edit_for(book, grids.names, old_last_row, current)
    edit.message = (edit.message or "") + layout_note(book, grids)
    return edit


def toc_edit_for(book: UnitWorkbook, sheet_names: list[str], old_last_row: int | None,
                 current: SheetGrid | None = None) -> BookEdit:
    """The 目录 edit for a workbook already read (see :func:`toc_edit`)."""
    spec = render_toc(book)
    r1, c1, r2, c2 = 1, 1, spec.last_row, max(c for _, c in spec.cells)  # links included
    covered = {(r, c) for m1, n1, m2, n2 in spec.merges for r in range(m1, m2 + 1)
               for c in range(n1, n2 + 1) if (r, c) != (m1, n1)}  # part of a merged title
    edit = SheetEdit(L.TOC_SHEET, generated=True, print_area=spec.print_area)
    for row in range(r1, r2 + 1):
        for col in range(c1, c2 + 1):
            if (row, col) in covered:
                continue
            cell = spec.cells.get((row, col))
            edit.values[(row, col)] = cell.value if cell else None
            if cell and cell.link:
                edit.links[(row, col)] = Link(cell.link, str(cell.value), str(cell.value))
    if old_last_row is None:
        names = sheet_names
        edit.create_at = names.index(L.COVER_SHEET) + 1 if L.COVER_SHEET in names else 0
    elif old_last_row > r2:
        edit.clear.append((r2 + 1, c1, old_last_row, c2))
    projects = len(book.projects)
    if current is not None and old_last_row is not None and _shows(current, edit.values, r2):
        # Written all the same: a link or the print area may have been changed by hand.
        return BookEdit([edit], message=f"目录内容已是最新，共 {projects} 个项目"
                                        "（未改动内容，链接和打印区域已重新写入）。")
    return BookEdit([edit], message=f"目录已更新，共 {projects} 个项目。")


def _shows(current: SheetGrid, values: dict[tuple[int, int], CellValue], last_row: int) -> bool:
    """Whether the 目录 already holds these values, and nothing below them (a number read back
    from Excel is a float: 4.0 shows as 4)."""
    def same(a: CellValue, b: CellValue) -> bool:
        return (a in (None, "") and b in (None, "")) or a == b

    return (all(same(current.value(r, c), v) for (r, c), v in values.items())
            and all(v in (None, "") for row in current.rows[last_row:] for v in row))
