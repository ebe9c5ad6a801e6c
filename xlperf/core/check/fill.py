"""填充默认值: fills of blank cells by the D-rules (``rules.defaults``), as a ``BookEdit`` (pure).

A default never overwrites a non-empty cell: emptiness is judged on the sheet values, not on
the model, so a cell holding unreadable text (预算数 “十万”) is left alone. Running the fill
twice changes nothing the second time. Every filled cell is reported.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from xlperf.core.model.indicator_value import plain
from xlperf.core.model.unit_workbook import Project, UnitWorkbook
from xlperf.core.model.vocab import SKELETON
from xlperf.core.rules import defaults as D
from xlperf.core.workbook import layout as L
from xlperf.core.workbook.edits import BookEdit, SheetEdit
from xlperf.core.workbook.grid import BookGrids, CellValue, a1, parse_a1
from xlperf.core.workbook.toc import toc_edit_for


@dataclass(frozen=True)
class Fill:
    """One filled cell, for the report."""

    code: str
    sheet: str
    cell: str
    value: CellValue
    note: str = ""

    @property
    def shown(self) -> str:
        """The value as the filled cell shows it: 25% for 0.25, 60.00 for money."""
        if self.value is None:
            return ""
        if self.code == D.STANDARD_PLAN.code and isinstance(self.value, int | float):
            return f"{plain(Decimal(str(self.value)) * 100)}%"
        if self.code in _MONEY and isinstance(self.value, int | float | Decimal):
            return f"{Decimal(str(self.value)):.2f}"
        return str(self.value)


@dataclass
class FillResult:
    """The edit to apply and the cells it fills."""

    edit: BookEdit
    fills: list[Fill] = field(default_factory=list)

    def keep(self, skipped: Collection[str]) -> None:
        """Drop the fills of cells an adapter found not blank (``sheet!cell``), and say so."""
        self.fills = [f for f in self.fills if f"{f.sheet}!{f.cell}" not in skipped]
        self.edit.message = fill_message(self.fills)


_MONEY = frozenset({D.OTHER_FUNDS_ZERO.code, D.FISCAL_FROM_BUDGET.code})


def fill_message(fills: Collection[Fill]) -> str:
    """The one-line result: how many cells were filled (the 目录 counts as one)."""
    return f"已填充 {len(fills)} 处默认值。" if fills else "没有需要填充的空白单元格。"


_PLAN_BY_MONTH = {3: 25, 6: 50, 9: 75, 10: 75, 12: 100}


def fill_defaults(book: UnitWorkbook, grids: BookGrids) -> FillResult:
    """Compute every default for a workbook read from ``grids``."""
    result = FillResult(BookEdit(title="填充默认值"))
    edits: dict[str, SheetEdit] = {}

    def put(code: str, sheet: str | None, cell: str | None, value: CellValue,
            note: str = "") -> None:
        if sheet is None or cell is None or value is None or not _empty(grids, sheet, cell):
            return
        edits.setdefault(sheet, SheetEdit(sheet)).values[parse_a1(cell)] = value
        result.fills.append(Fill(code, sheet, cell, value, note))

    info = book.info
    if info.compiler is None and info.name and info.name.endswith("本级"):
        put(D.COMPILER_FROM_NAME.code, info.sheet, info.cells.get("compiler"),
            info.name.removesuffix("本级"))
    for project in book.projects:
        for code, cell, value, note in _project_fills(book, project, grids):
            put(code, project.sheet, cell, value, note)
    result.edit.sheets.extend(edits.values())
    _toc(book, grids, result)
    result.edit.message = fill_message(result.fills)
    return result


def _project_fills(
    book: UnitWorkbook, p: Project, grids: BookGrids
) -> Iterator[tuple[str, str | None, CellValue, str]]:
    cells = p.cells
    if p.budget is not None and p.fiscal_funds is None and "other_funds" not in p.unreadable:
        fiscal = p.budget - (p.other_funds or Decimal(0))
        yield D.FISCAL_FROM_BUDGET.code, cells.get("fiscal_funds"), float(fiscal), ""
    if p.other_funds is None and (p.budget is not None or p.fiscal_funds is not None):
        yield D.OTHER_FUNDS_ZERO.code, cells.get("other_funds"), 0, ""
    if p.spending_plan and all(pt.percent is None and not pt.unreadable
                               for pt in p.spending_plan):
        for point in p.spending_plan:
            month = re.match(r"(\d{1,2})月", point.milestone)
            percent = _PLAN_BY_MONTH.get(int(month.group(1))) if month else None
            if percent is not None:
                yield (D.STANDARD_PLAN.code, point.cells.get("percent"), percent / 100,
                       point.milestone)
    for indicator in p.indicators:
        if indicator.description is None and indicator.name:
            yield (D.DESCRIPTION_FROM_NAME.code, indicator.cells.get("description"), indicator.name,
                   "占位：请改写为计算方法或统计口径")
    if p.unit_code is None and book.info.code and book.info.name:
        yield (D.UNIT_HEADER.code, cells.get("unit_code"),
               L.unit_line(book.info.code, book.info.name), "")
    if not p.indicators and (anchor := cells.get("indicators")):
        yield from _skeleton(anchor, p, grids)


def _skeleton(anchor: str, p: Project, grids: BookGrids) -> Iterator[
        tuple[str, str | None, CellValue, str]]:
    """The 一级/二级 skeleton under the indicator header, if that area is entirely blank."""
    row, col = parse_a1(anchor)
    level2_col = col + L.INDICATOR_COLUMNS[1].cols[0] - L.INDICATOR_COLUMNS[0].cols[0]
    rows = range(row + 1, row + 1 + len(SKELETON))
    if p.sheet is None or not all(_empty(grids, p.sheet, a1(r, c)) for r in rows
                                  for c in (col, level2_col)):
        return
    for r, (level1, level2) in zip(rows, SKELETON, strict=True):
        yield D.SKELETON.code, a1(r, col), level1.value, ""
        yield D.SKELETON.code, a1(r, level2_col), level2.value, ""


def _toc(book: UnitWorkbook, grids: BookGrids, result: FillResult) -> None:
    """Regenerate 目录 when it does not match the project tables (D007)."""
    names = grids.names
    old = grids[L.TOC_SHEET] if L.TOC_SHEET in names else None
    edit = toc_edit_for(book, names, old.max_row if old else None)
    sheet = edit.sheets[0]
    current = {(r, c): old.value(r, c) for (r, c) in sheet.values} if old else {}
    if old is not None and not sheet.clear and all(
        current[key] == value for key, value in sheet.values.items()
    ):
        return
    result.edit.sheets.append(sheet)
    result.fills.append(Fill(D.TOC.code, L.TOC_SHEET, "A1", None,
                             f"目录已按 {len(book.projects)} 个项目表重新生成"))


def _empty(grids: BookGrids, sheet: str, cell: str) -> bool:
    if sheet not in grids.names:
        return False
    value = grids[sheet].value(*parse_a1(cell))
    return value is None or (isinstance(value, str) and not value.strip())

