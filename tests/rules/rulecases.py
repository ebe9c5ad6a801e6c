"""Exact rule fixtures: a case is a workbook's sheet values and the exact cells one code marks.

In the spirit of ruff's per-rule fixtures: every code has cases that must fire — with the full,
hand-written list of (sheet, cell) it must report, no more and no fewer — and cases that must
stay silent. The expected cells are the oracle: they are written from the template's layout
(row 3 项目编码 B3 / 项目名称 E3, row 4 预算数 C4 / 财政资金 E4 / 其他资金 G4, row 5 资金用途 B5,
row 7 支出计划 B7 D7 E7 F7, row 8 绩效目标 B8, indicators from row 10: A 一级, B 二级, C 三级,
D 描述, E 指标值, F 依据), never computed by the code under test.

The clean unit's other sheets: 封面 B2 单位编码, B3 单位名称, B4 预算年度, B5 编制单位,
B6 审核单位; 部门整体绩效目标 A3 一、总体绩效目标 with 6 items in rows 5–10 (A 序号, B 内容),
A12 二、分项绩效目标 with 3 items in rows 14–16 (A 序号, B 名称, C 绩效目标, D 绩效指标),
A18 三、工作保障措施 with 5 items in rows 20–21 and 23–25 (A 序号, B 内容; the printed sheet
runs onto a second page there, so row 22 repeats the header). A project sheet also has its
unit line at A2 and 单位：万元 at F2; its 资金支出计划 label at A6 with milestones in row 6
above their percentages; its 一级指标 header at A9. Each project's indicators are 产出 (rows
10–13: 数量, 质量, 时效, 成本), 效益 (14 社会, 15 可持续影响) and 满意度 (16); a 一级 (二级)
cell spanning several rows is merged, so only its top cell holds the text and every row under
it is reported there.

A case's workbook is the clean example unit (博野县卫生健康局_2023, 3 projects, 7 indicators
each) changed in one place, rendered to sheet values as a saved file would give them (merged
cells hold their value in the top-left cell only), and optionally typed over cell by cell, as a
user would (``typed``). Sheets can be dropped or copied (``reshaped``), and a few cases are whole
files, checked as ``xlperf check`` checks a file (``File``).
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from openpyxl import Workbook

from xlperf.core.check.fill import fill_defaults
from xlperf.core.model.unit_workbook import Indicator, SpendingPoint, UnitWorkbook
from xlperf.core.rules import run_checks
from xlperf.core.workbook.grid import BookGrids, CellValue, SheetGrid, parse_a1
from xlperf.core.workbook.reader import read_book
from xlperf.core.workbook.render import render_workbook
from xlperf.core.workbook.sheetspec import BookSpec, Formula
from xlperf.files.examples import load_example
from xlperf.files.unitfile import check_file

CLEAN = "博野县卫生健康局_2023"
Where = tuple[str | None, str | None]  # (sheet, cell)
Change = Callable[[UnitWorkbook], UnitWorkbook]
#: 成本指标 as a 一级 (the 101号 framework), for ``indicator(n, k, **COST_AS_LEVEL1)``.
COST_AS_LEVEL1 = {"level1": "成本指标", "level2": "经济成本指标"}


@dataclass(frozen=True)
class File:
    """A whole file as a unit sends it (for what only a file can show: R011)."""

    data: bytes


Built = BookGrids | File


@dataclass(frozen=True)
class Case:
    """One fixture: how to build the workbook and every (sheet, cell) the code must report."""

    name: str
    build: Callable[[], Built]
    expect: tuple[Where, ...]

    @property
    def fires(self) -> bool:
        return bool(self.expect)


def fires(name: str, build: Callable[[], Built], *at: Where) -> Case:
    """A case where the code reports exactly the places ``at`` (in any order, repeats counted)."""
    assert at, "a firing case names where it fires"
    return Case(name, build, tuple(at))


def quiet(name: str, build: Callable[[], Built]) -> Case:
    """A case where the code must report nothing."""
    return Case(name, build, ())


def found(built: Built, code: str) -> list[Where]:
    """Every place ``code`` is reported for these sheet values: by the reader, a check or a
    default (the same pipeline as ``xlperf check`` and ``xlperf fill``); a :class:`File` is
    checked as ``xlperf check`` checks a file."""
    if isinstance(built, File):
        return _found_in_file(built, code)
    result = read_book(built)
    places = [(f.sheet, f.cell) for f in result.findings if f.code == code]
    places += [(f.sheet, f.cell) for f in run_checks(result.book, select=[code])
               if f.code == code]
    if code.startswith("D"):
        places += [(f.sheet, f.cell) for f in fill_defaults(result.book, built).fills
                   if f.code == code]
    return places


def _found_in_file(file: File, code: str) -> list[Where]:
    with tempfile.TemporaryDirectory(prefix="xlperf-case-") as folder:
        path = Path(folder) / "单位.xlsx"
        path.write_bytes(file.data)
        return [(f.sheet, f.cell) for f in check_file(path, select=[code]).findings
                if f.code == code]


# --------------------------------------------------------------------------- building
@cache
def _clean() -> UnitWorkbook:
    return load_example(CLEAN)


def clean() -> UnitWorkbook:
    """The clean example unit: no rule fires on it (a test proves it)."""
    return _clean()


def saved_grids(spec: BookSpec) -> BookGrids:
    """A rendered workbook's values as a reader gets them from the saved file: formulas carry
    no cached value, and a merged range holds its value in its top-left cell only."""
    sheets = []
    for sheet in spec.sheets:
        covered = {(r, c) for r1, c1, r2, c2 in sheet.merges
                   for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) != (r1, c1)}
        rows: list[list[CellValue]] = [
            [None] * max(c for _, c in sheet.cells) for _ in range(sheet.last_row)]
        for (r, c), cell in sheet.cells.items():
            if not isinstance(cell.value, Formula) and (r, c) not in covered:
                rows[r - 1][c - 1] = cell.value
        sheets.append(SheetGrid(sheet.name, rows))
    return BookGrids(tuple(sheets))


def sheets(book: UnitWorkbook, typed: Mapping[Where, CellValue] | None = None) -> BookGrids:
    """A workbook's sheet values as read from its saved file, with cells typed over."""
    grids = saved_grids(render_workbook(book))
    if not typed:
        return grids
    by_sheet: dict[str, dict[tuple[int, int], CellValue]] = {}
    for (sheet, cell), value in typed.items():
        assert sheet is not None and cell is not None
        by_sheet.setdefault(sheet, {})[parse_a1(cell)] = value
    out = []
    for sheet in grids.sheets:
        rows = [list(r) for r in sheet.rows]
        for (r, c), value in by_sheet.pop(sheet.name, {}).items():
            while len(rows) < r:
                rows.append([])
            rows[r - 1] += [None] * (c - len(rows[r - 1]))
            rows[r - 1][c - 1] = value
        out.append(SheetGrid(sheet.name, rows))
    assert not by_sheet, f"no such sheet: {list(by_sheet)}"
    return BookGrids(tuple(out))


def unit(*changes: Change, typed: Mapping[Where, CellValue] | None = None,
         ) -> Callable[[], BookGrids]:
    """The clean unit changed by ``changes`` (in order) and then typed over: a case's ``build``."""

    def build() -> BookGrids:
        book = clean()
        for change in changes:
            book = change(book)
        return sheets(book, typed)

    return build


def reshaped(build: Callable[[], BookGrids], *, drop: Iterable[str] = (),
             copy: Mapping[str, str] | None = None,
             before: Mapping[str, str] | None = None) -> Callable[[], BookGrids]:
    """``build`` with the sheets named in ``drop`` deleted and, for each ``copy`` entry
    (new name → sheet), a copy of that sheet added at the end, as a user copies a sheet, or
    before the sheet ``before`` names for it (Excel's 移动或复制 “下列选定工作表之前”)."""

    def reshape() -> BookGrids:
        grids = build()
        gone = set(drop)
        assert gone <= set(grids.names), f"no such sheet: {gone - set(grids.names)}"
        kept = [s for s in grids.sheets if s.name not in gone]
        for new, old in (copy or {}).items():
            names = [s.name for s in kept]
            at = names.index((before or {})[new]) if new in (before or {}) else len(kept)
            kept.insert(at, SheetGrid(new, grids[old].rows))
        return BookGrids(tuple(kept))

    return reshape


def saved(build: Callable[[], BookGrids]) -> Callable[[], File]:
    """The sheet values of ``build`` saved as an .xlsx file (values only, text kept as text)."""

    def save() -> File:
        wb = Workbook()
        wb.remove(wb.active)
        for sheet in build().sheets:
            ws = wb.create_sheet(sheet.name)
            for r, row in enumerate(sheet.rows, start=1):
                for c, value in enumerate(row, start=1):
                    if value is not None:
                        cell = ws.cell(r, c, value)
                        if isinstance(value, str):
                            cell.data_type = "s"  # "=7台" is a value, not a formula
        data = io.BytesIO()
        wb.save(data)
        return File(data.getvalue())

    return save


def raw(data: bytes) -> Callable[[], File]:
    """A file holding exactly ``data``."""
    return lambda: File(data)


# --------------------------------------------------------------------------- changes
def with_project(book: UnitWorkbook, n: int, **update: object) -> UnitWorkbook:
    """Book with project ``n`` (0-based) updated."""
    projects = list(book.projects)
    projects[n] = projects[n].model_copy(update=update)
    return book.model_copy(update={"projects": projects})


def with_indicator(book: UnitWorkbook, n: int, k: int, **update: object) -> UnitWorkbook:
    """Book with indicator ``k`` of project ``n`` (both 0-based) updated; its row is 10 + k."""
    indicators = list(book.projects[n].indicators)
    if "value" in update:
        update["value"] = Indicator(value=update["value"]).value
    indicators[k] = indicators[k].model_copy(update=update)
    return with_project(book, n, indicators=indicators)


def with_info(book: UnitWorkbook, **update: object) -> UnitWorkbook:
    """Book with the cover's 单位信息 updated."""
    return book.model_copy(update={"info": book.info.model_copy(update=update)})


def with_department(book: UnitWorkbook, **update: object) -> UnitWorkbook:
    """Book with 第一部分 updated."""
    return book.model_copy(update={"department": book.department.model_copy(update=update)})


def with_part1_item(book: UnitWorkbook, section: str, k: int, **update: object) -> UnitWorkbook:
    """Book with item ``k`` (0-based) of a 第一部分 section (overall, sub_targets, measures)
    updated."""
    items = list(getattr(book.department, section))
    items[k] = items[k].model_copy(update=update)
    return with_department(book, **{section: items})


def project(n: int, **update: object) -> Change:
    """The change :func:`with_project`."""
    return lambda book: with_project(book, n, **update)


def indicator(n: int, k: int, **update: object) -> Change:
    """The change :func:`with_indicator`."""
    return lambda book: with_indicator(book, n, k, **update)


def info(**update: object) -> Change:
    """The change :func:`with_info`."""
    return lambda book: with_info(book, **update)


def department(**update: object) -> Change:
    """The change :func:`with_department`."""
    return lambda book: with_department(book, **update)


def part1(section: str, k: int, **update: object) -> Change:
    """The change :func:`with_part1_item`."""
    return lambda book: with_part1_item(book, section, k, **update)


def plan(*values: int | None,
         milestones: tuple[str, ...] = ("3月底", "6月底", "10月底", "12月底"),
         ) -> list[SpendingPoint]:
    """A spending plan of cumulative percentages (None: the percentage left blank)."""
    return [SpendingPoint(milestone=m, percent=None if v is None else Decimal(v))
            for m, v in zip(milestones, values, strict=False)]
