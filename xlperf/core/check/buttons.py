"""What each button of a unit workbook changes, computed from sheet values alone (pure).

The xlwings adapter reads the live workbook into grids, calls one of these and writes the
returned :class:`BookEdit` back in blocks. The CLI computes the same findings and fills from the
same grids, so a button and ``xlperf fill`` / ``xlperf check --annotate`` agree cell for cell.
(The 汇总 button's edit is ``core.summary.tables.summary_edit``.)

Excel cannot tell us a cell's fill colour or comments cheaply, so the 校验 button:

- restores the fills recorded in the hidden 校验标记 sheet when a file run left one, and otherwise
  removes the marks from the cells the previous 校验结果 lists (our template has no fills of its
  own, so “no fill” is the template's look);
- writes no comments (the VBA client has no such action); each finding is a row of 校验结果.
"""

from __future__ import annotations

from collections.abc import Collection

from xlperf.core.check.fill import fill_defaults
from xlperf.core.check.fixing import LOG_SHEET, FixPlan, Place, log_edit, plan_fixes, summary_line
from xlperf.core.check.pipeline import check_unit
from xlperf.core.workbook.annotate import MARKS_SHEET, RESULT_SHEET, annotation_edit
from xlperf.core.workbook.edits import BookEdit, Cell, SheetEdit
from xlperf.core.workbook.grid import BookGrids, SheetGrid, parse_a1
from xlperf.core.workbook.reader import read_book
from xlperf.core.workbook.reprint import layout_note

#: Sheets a unit button never needs to read.
UNREAD = frozenset({"代码表"})


def fill_edit(grids: BookGrids) -> BookEdit:
    """填充默认值: blank cells only, as ``xlperf fill``."""
    book = read_book(grids).book
    result = fill_defaults(book, grids)
    result.edit.message = (result.edit.message or "") + layout_note(book, grids)
    return result.edit


def check_edit(grids: BookGrids) -> BookEdit:
    """校验: clear the previous marks, then 校验结果 and the new marks, as ``check --annotate``."""
    findings = check_unit(grids).findings
    names = [s.name for s in grids.sheets if s.name not in (RESULT_SHEET, MARKS_SHEET)]
    edit = annotation_edit(findings, names)
    for sheet in edit.sheets:
        sheet.comments.clear()
    by_name = {s.name: s for s in edit.sheets}
    for name, fills in _restore_edits(grids, set(names)).items():
        target = by_name.get(name)
        if target is None:
            target = by_name[name] = SheetEdit(name)
            edit.sheets.append(target)
        target.fills = {**fills, **target.fills}  # a cell marked again keeps its new mark
    _clear_previous_sheets(grids, edit)
    return edit


def fix_plan(grids: BookGrids, locked: Collection[Place] = ()) -> FixPlan:
    """一键修正: the safe fixes, as ``xlperf fix`` plans them (``locked``: formula cells)."""
    return plan_fixes(grids, locked=locked)


def fix_edit(plan: FixPlan, grids: BookGrids) -> BookEdit:
    """一键修正: the fixed cells, and their before/after added to the 修正记录 sheet.

    Excel's undo does not cover a macro, so 修正记录 is how a person reverts by hand: each run
    appends its changes under the earlier runs' (nothing there is ever lost). The message is
    the one-line summary ``xlperf fix`` prints.
    """
    edit = BookEdit(list(plan.edit.sheets), message=summary_line(plan), title="一键修正")
    if plan.changes:
        old = _get(grids, LOG_SHEET)
        kept = old.max_row if old is not None and old.text(1, 1) else 0
        edit.sheets.append(log_edit(plan.changes, len(grids.sheets), kept))
    return edit


def _get(grids: BookGrids, name: str) -> SheetGrid | None:
    return next((s for s in grids.sheets if s.name == name), None)


def _restore_edits(grids: BookGrids, names: set[str]) -> dict[str, dict[Cell, str | None]]:
    """The fill each previously marked cell gets back: recorded original, else none."""
    restore: dict[str, dict[Cell, str | None]] = {}
    marks = _get(grids, MARKS_SHEET)
    if marks is not None:
        for row in range(2, marks.max_row + 1):
            sheet, ref, original = (marks.text(row, c) for c in (1, 2, 3))
            if sheet in names and ref:
                restore.setdefault(sheet, {})[parse_a1(ref)] = original
        return restore
    results = _get(grids, RESULT_SHEET)
    if results is not None:
        for row in range(2, results.max_row + 1):
            sheet, ref = results.text(row, 4), results.text(row, 5)
            if sheet in names and ref:
                restore.setdefault(sheet, {})[parse_a1(ref)] = None
    return restore


def _clear_previous_sheets(grids: BookGrids, edit: BookEdit) -> None:
    """Empty the old 校验结果 (rewritten in place) and 校验标记 (its records are used up)."""
    for name in (RESULT_SHEET, MARKS_SHEET):
        old = _get(grids, name)
        if old is None or not old.max_row:
            continue
        first = 1 if name == RESULT_SHEET else 2
        if old.max_row >= first:
            span = (first, 1, old.max_row, max(old.max_col, 1))
            target = next((s for s in edit.sheets if s.name == name), None)
            if target is None:
                target = SheetEdit(name)
                edit.sheets.append(target)
            target.clear.append(span)
