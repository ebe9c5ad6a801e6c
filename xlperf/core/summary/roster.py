"""The 单位名录: the units a finance bureau expects a file from, as data and as a sheet (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from xlperf.core.grid import SheetGrid, norm_label
from xlperf.core.summary.records import RosterEntry
from xlperf.core.summary.sheets import Column, Table

ROSTER_TITLE = "单位名录"
ROSTER_CODE, ROSTER_NAME = "单位编码", "单位名称"
ROSTER_DEPARTMENT, ROSTER_NOTE = "主管部门", "备注"


def roster_entries(sheet: SheetGrid) -> list[RosterEntry] | None:
    """The units a sheet lists under a 单位编码 header in its first 20 rows (None: no header)."""
    for r in range(1, min(sheet.max_row, 20) + 1):
        headers = {norm_label(sheet.text(r, c)): c for c in range(1, sheet.max_col + 1)}
        code_col = headers.get(norm_label(ROSTER_CODE))
        if code_col is None:
            continue
        name_col = headers.get(norm_label(ROSTER_NAME))
        dept_col = headers.get(norm_label(ROSTER_DEPARTMENT))
        note_col = headers.get(norm_label(ROSTER_NOTE))
        entries: dict[str, RosterEntry] = {}
        for row in range(r + 1, sheet.max_row + 1):
            code = sheet.text(row, code_col)
            if code and code not in entries:
                entries[code] = RosterEntry(
                    code, sheet.text(row, name_col) if name_col else None,
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
