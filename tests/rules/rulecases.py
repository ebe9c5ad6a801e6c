"""Exact rule fixtures: a case is a workbook's sheet values and the exact cells one code marks.

In the spirit of ruff's per-rule fixtures: every code has cases that must fire — with the full,
hand-written list of (sheet, cell) it must report, no more and no fewer — and cases that must
stay silent. The expected cells are the oracle: they are written from the template's layout
(row 3 项目编码 B3 / 项目名称 E3, row 4 预算数 C4 / 财政资金 E4 / 其他资金 G4, row 5 资金用途 B5,
row 7 支出计划 B7 D7 E7 F7, row 8 绩效目标 B8, indicators from row 10: A 一级, B 二级, C 三级,
D 描述, E 指标值, F 依据), never computed by the code under test.

A case's workbook is the clean example unit (博野县卫生健康局_2023, 3 projects, 7 indicators
each) changed in one place, rendered to sheet values as a saved file would give them, and
optionally typed over cell by cell, as a user would (``typed``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from helpers import spec_grids

from xlperf.core.defaults import fill_defaults
from xlperf.core.grid import BookGrids, CellValue, SheetGrid, parse_a1
from xlperf.core.models import Indicator, SpendingPoint, UnitWorkbook
from xlperf.core.reader import read_book
from xlperf.core.render import render_workbook
from xlperf.core.rules import run_checks
from xlperf.files.examples import load_example

CLEAN = "博野县卫生健康局_2023"
Where = tuple[str | None, str | None]  # (sheet, cell)


@dataclass(frozen=True)
class Case:
    """One fixture: how to build the workbook and every (sheet, cell) the code must report."""

    name: str
    build: Callable[[], BookGrids]
    expect: tuple[Where, ...]

    @property
    def fires(self) -> bool:
        return bool(self.expect)


def fires(name: str, build: Callable[[], BookGrids], *at: Where) -> Case:
    """A case where the code reports exactly the places ``at`` (in any order)."""
    assert at, "a firing case names where it fires"
    return Case(name, build, tuple(at))


def quiet(name: str, build: Callable[[], BookGrids]) -> Case:
    """A case where the code must report nothing."""
    return Case(name, build, ())


def found(grids: BookGrids, code: str) -> list[Where]:
    """Every place ``code`` is reported for these sheet values: by the reader, a check or a
    default (the same pipeline as ``xlperf check`` and ``xlperf fill``)."""
    result = read_book(grids)
    places = [(f.sheet, f.cell) for f in result.findings if f.code == code]
    places += [(f.sheet, f.cell) for f in run_checks(result.book, select=[code])
               if f.code == code]
    if code.startswith("D"):
        places += [(f.sheet, f.cell) for f in fill_defaults(result.book, grids).fills
                   if f.code == code]
    return places


# --------------------------------------------------------------------------- building
@cache
def _clean() -> UnitWorkbook:
    return load_example(CLEAN)


def clean() -> UnitWorkbook:
    """The clean example unit: no rule fires on it (a test proves it)."""
    return _clean()


def sheets(book: UnitWorkbook, typed: Mapping[Where, CellValue] | None = None) -> BookGrids:
    """A workbook's sheet values as read from its saved file, with cells typed over."""
    grids = spec_grids(render_workbook(book))
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


def unit(change: Callable[[UnitWorkbook], UnitWorkbook] = lambda b: b,
         typed: Mapping[Where, CellValue] | None = None) -> Callable[[], BookGrids]:
    """The clean unit changed by ``change`` and then typed over: a case's ``build``."""
    return lambda: sheets(change(clean()), typed)


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


def plan(*values: int, milestones: tuple[str, ...] = ("3月底", "6月底", "10月底", "12月底"),
         ) -> list[SpendingPoint]:
    """A spending plan of cumulative percentages."""
    return [SpendingPoint(milestone=m, percent=Decimal(v))
            for m, v in zip(milestones, values, strict=False)]
