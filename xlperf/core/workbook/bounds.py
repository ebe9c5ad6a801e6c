"""Cells no template value can be, found before the reader looks (pure).

Excel never writes NaN, ±∞, a number beyond ±10^15 or a cell of more than 32,767 characters, but
other programs and damaged or hostile files do. Each such cell becomes one reading finding at its
cell — R012 (the number is read as blank), R013 (the text is cut at Excel's limit) — so nothing
downstream (Decimal arithmetic, the checks' text scans) ever meets one. A sheet the adapter read
only inside its window (``SheetGrid.outside``) gets R014 at its first cell left out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from xlperf.core.model.findings import Finding
from xlperf.core.workbook import reading as R
from xlperf.core.workbook.grid import (
    NUMBER_LIMIT,
    READ_COLUMNS,
    READ_ROWS,
    TEXT_LIMIT,
    BookGrids,
    CellValue,
    SheetGrid,
    a1,
    is_usable_number,
)


def usable_grids(grids: BookGrids, skip: frozenset[str] = frozenset()
                 ) -> tuple[BookGrids, list[Finding]]:
    """The grids with unusable numbers blanked and overlong texts cut, and a finding for each.

    Sheets named in ``skip`` (those xlperf generates) are passed through untouched.
    """
    findings: list[Finding] = []
    sheets = []
    changed = False
    for sheet in grids.sheets:
        if sheet.name in skip:
            sheets.append(sheet)
            continue
        if sheet.outside:
            cell, count = sheet.outside
            findings.append(R.OUTSIDE_WINDOW.at(sheet=sheet.name, cell=cell or None, first=cell,
                                                count=count, rows=READ_ROWS,
                                                columns=READ_COLUMNS))
        rows = _usable_rows(sheet, findings)
        if rows is not None:
            sheets.append(SheetGrid(sheet.name, rows, outside=sheet.outside))
            changed = True
        else:
            sheets.append(sheet)
    if not changed:
        return grids, findings
    return BookGrids(tuple(sheets), name=grids.name), findings


def _usable_rows(sheet: SheetGrid, findings: list[Finding]) -> list[list[CellValue]] | None:
    """The sheet's rows with odd cells fixed (None when there are none)."""
    out: list[list[CellValue]] | None = None
    for r, row in enumerate(sheet.rows, start=1):
        if _all_plain(row):
            continue  # the usual row: nothing to look at twice
        fixed = list(row)
        for c, value in enumerate(row, start=1):
            if _plain(value):
                continue
            if isinstance(value, str):
                fixed[c - 1] = value[:TEXT_LIMIT]
                findings.append(R.TEXT_TOO_LONG.at(sheet=sheet.name, cell=a1(r, c),
                                                   length=len(value), limit=TEXT_LIMIT))
            else:
                fixed[c - 1] = None
                findings.append(R.UNUSABLE_NUMBER.at(sheet=sheet.name, cell=a1(r, c),
                                                     value=_shown(value), why=_why(value)))
        if out is None:
            out = [list(x) for x in sheet.rows[: r - 1]]
        out.append(fixed)
    if out is None:
        return None
    out += [list(x) for x in sheet.rows[len(out):]]
    return out


def _all_plain(row: Sequence[CellValue]) -> bool:
    """``all(_plain(v) for v in row)``, the usual cells (blank, text, float) looked at here."""
    for value in row:
        if value is None:
            continue
        if value.__class__ is str:
            if len(value) <= TEXT_LIMIT:
                continue
            return False
        if value.__class__ is float:  # is_usable_number's test; False for NaN and ±inf
            if -NUMBER_LIMIT < value < NUMBER_LIMIT:
                continue
            return False
        if not _plain(value):
            return False
    return True


def _plain(value: CellValue) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return len(value) <= TEXT_LIMIT
    return is_usable_number(value)


def _shown(value: CellValue) -> str:
    """NaN, +∞, -∞, or the number in scientific notation (1.000000E+300)."""
    number = Decimal(value) if isinstance(value, int) else value
    if isinstance(number, float):
        number = Decimal(number) if math.isfinite(number) else Decimal(str(number))
    assert isinstance(number, Decimal)
    if number.is_nan():
        return "NaN"
    if number.is_infinite():
        return "+∞" if number > 0 else "-∞"
    mantissa, exponent = f"{number:.6E}".split("E")
    return f"{mantissa.rstrip('0').rstrip('.')}E{exponent}"


def _why(value: CellValue) -> str:
    shown = _shown(value)
    if shown == "NaN":
        return "不是数（NaN）"
    if shown in ("+∞", "-∞"):
        return "是无穷大"
    return f"超出可处理的范围（绝对值应小于 10 的 {len(str(NUMBER_LIMIT)) - 1} 次方）"
