"""The 单位名录: the units a finance bureau expects a file from, as data and as a sheet (pure).

A workbook given as the roster is refused when it is not one: a unit's workbook (the labels under
its cover's 单位编码 would read as units, its project tables' header rows as a roster), a sheet
without 单位编码 and 单位名称 headers in one row, or a 单位编码 column holding something that is
no code (the 合计 row of a 单位汇总). A wrong roster turns every real unit into 名录外 and labels
into 未报送 units, so it is an input error, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from xlperf.core.summary.records import RosterEntry
from xlperf.core.summary.tables import Column, Table
from xlperf.core.workbook import layout as L
from xlperf.core.workbook.grid import BookGrids, SheetGrid, a1, norm_label
from xlperf.core.workbook.sheet_index import SheetIndex
from xlperf.errors import XlperfError

ROSTER_TITLE = "单位名录"
ROSTER_CODE, ROSTER_NAME = "单位编码", "单位名称"
ROSTER_DEPARTMENT, ROSTER_NOTE = "主管部门", "备注"


class NotARosterError(XlperfError):
    """A workbook given as the 单位名录 that is not one (the reason in Chinese)."""


#: A 单位编码 has digits (711001, 711001-01); a label or 合计 has none.
_CODE = re.compile(r"\d")


def roster_of(book: BookGrids) -> list[RosterEntry]:
    """The units of a 单位名录 workbook: its first sheet with 单位编码 and 单位名称 headers.

    Raises:
        NotARosterError: a unit's workbook, no such sheet, or a code column holding non-codes.
    """
    for sheet in book.sheets:
        kind = _unit_sheet(sheet)
        if kind:
            raise NotARosterError(f"这是单位的绩效目标工作簿（工作表“{sheet.name}”是{kind}），"
                                  "不是单位名录")
    for sheet in book.sheets:
        entries = roster_entries(sheet)
        if entries is not None:
            return entries
    raise NotARosterError("找不到同一行中的“单位编码”“单位名称”表头，不是单位名录"
                          "（请用 xlperf roster 生成名录模板）")


def _unit_sheet(sheet: SheetGrid) -> str | None:
    """What part of a unit's workbook a sheet is (its cover or a project table), if any."""
    index = SheetIndex(sheet)
    if _above(index, L.PROJECT_CODE, L.LEVEL1, same_column=False):
        return "项目绩效目标表"
    if _above(index, L.UNIT_CODE, L.YEAR, same_column=True):
        return "封面的单位信息"
    return None


def _above(index: SheetIndex, upper: L.Label, lower: L.Label, *, same_column: bool) -> bool:
    """Whether a label sits in a row above another (a table's headers share their row)."""
    first, second = index.first(upper), index.first(lower)
    if first is None or second is None:
        return False
    return first[0] < second[0] and (first[1] == second[1] or not same_column)


def roster_entries(sheet: SheetGrid) -> list[RosterEntry] | None:
    """The units a sheet lists under 单位编码/单位名称 headers in its first 20 rows.

    None when the sheet has no such header row.

    Raises:
        NotARosterError: when a filled cell under 单位编码 is no code (it has no digit).
    """
    for r in range(1, min(sheet.max_row, 20) + 1):
        headers = {norm_label(sheet.text(r, c)): c for c in range(sheet.max_col, 0, -1)}
        code_col = headers.get(norm_label(ROSTER_CODE))
        name_col = headers.get(norm_label(ROSTER_NAME))
        if code_col is None or name_col is None:
            continue
        dept_col = headers.get(norm_label(ROSTER_DEPARTMENT))
        note_col = headers.get(norm_label(ROSTER_NOTE))
        entries: dict[str, RosterEntry] = {}
        for row in range(r + 1, sheet.max_row + 1):
            code = sheet.text(row, code_col)
            if code and not _CODE.search(code):
                raise NotARosterError(
                    f"工作表“{sheet.name}”{a1(row, code_col)} 的单位编码“{code}”不是单位编码，"
                    "不像单位名录（名录每行一个单位，请删去合计、说明等行）")
            if code and code not in entries:
                entries[code] = RosterEntry(
                    code, sheet.text(row, name_col),
                    sheet.text(row, dept_col) if dept_col else None,
                    sheet.text(row, note_col) if note_col else None)
        return list(entries.values())
    return None


def roster_table(entries: Sequence[RosterEntry] = (), blank_rows: int = 100) -> Table:
    """The 单位名录 sheet: given entries, then blank rows to fill in."""
    rows: list[tuple[str | None, ...]] = [(e.code, e.name, e.department, e.note) for e in entries]
    rows += [(None, None, None, None)] * blank_rows
    columns = (Column(ROSTER_CODE, 14), Column(ROSTER_NAME, 32), Column(ROSTER_DEPARTMENT, 24),
               Column(ROSTER_NOTE, 30))
    return Table("单位名录", "单位名录：每行一个应报送单位，单位编码须与该单位工作簿封面上的一致",
                 columns, rows)
