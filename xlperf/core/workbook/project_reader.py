"""One 预算项目绩效目标表 read from a grid: every field found by its label (pure).

Used for project sheets by ``reader`` and for the tables of a Word 绩效文本 by the document
importer, so a table is read by the same rules wherever it comes from. A sheet may hold several
tables one under another; each runs until the next one's title.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from xlperf.core.model.fastmodel import make
from xlperf.core.model.findings import Finding
from xlperf.core.model.indicator_value import plain
from xlperf.core.model.rule import Rule
from xlperf.core.model.unit_workbook import Indicator, IndicatorValue, Project, SpendingPoint
from xlperf.core.workbook import layout as L
from xlperf.core.workbook import reading as R
from xlperf.core.workbook.grid import CellValue, SheetGrid, a1, to_decimal, to_percent
from xlperf.core.workbook.grid import to_text as _to_text
from xlperf.core.workbook.sheet_index import SheetIndex


def read_project_tables(
    sheet: SheetGrid,
) -> tuple[list[Project], list[Finding], frozenset[tuple[int, int]]]:
    """Read every project table of one grid, with the cells the reader took for labels.

    The document importer lays each table of a 绩效文本 out as a grid and uses this, so a
    table in a Word file is read by exactly the rules that read a project sheet.
    """
    index = SheetIndex(sheet)
    findings: list[Finding] = []
    projects = read_projects(index, findings) if index.has(L.PROJECT_CODE) else []
    return projects, findings, frozenset(index.label_cells)


_PREAMBLE = re.compile(r"(绩效目标表$|^单位[:：])")


def read_projects(index: SheetIndex, findings: list[Finding]) -> list[Project]:
    """Read every project table on a sheet (normally one), each bounded by the next."""
    starts = index.positions[L.PROJECT_CODE]
    tops = [1] + [_preamble_start(index.sheet, r, top=p) for (p, _), (r, _) in
                  zip(starts, starts[1:], strict=False)]
    bottoms = [t - 1 for t in tops[1:]] + [index.sheet.max_row]
    return [
        _Region(index, top, row, bottom, col).read(findings)
        for (row, col), top, bottom in zip(starts, tops, bottoms, strict=True)
    ]


def _preamble_start(sheet: SheetGrid, code_row: int, top: int) -> int:
    """The first row of the title/unit lines just above a table's 项目编码 row."""
    start = code_row
    for r in range(code_row - 1, max(top, code_row - 4), -1):
        texts = [t for t in (sheet.text(r, c) for c in range(1, sheet.max_col + 1)) if t]
        if texts and all(_PREAMBLE.search(t) or L.UNIT_LINE.match(t) for t in texts):
            start = r
        elif texts:
            break
    return start


class _Region:
    """One project table: rows top..bottom, its 项目编码 label at (code_row, left)."""

    WIDTH = L.PROJECT_COLUMNS

    def __init__(self, index: SheetIndex, top: int, code_row: int, bottom: int, left: int):
        self.index, self.sheet = index, index.sheet
        self.top, self.code_row, self.bottom, self.left = top, code_row, bottom, left
        self.rows = range(top, bottom + 1)
        self.cols = range(left, left + self.WIDTH)
        self.cells: dict[str, str] = {}
        self.data: dict[str, Any] = {}
        self.unreadable: dict[str, str] = {}
        self.findings: list[Finding] = []

    def read(self, findings: list[Finding]) -> Project:
        self._preamble()
        for spec in L.PROJECT_FIELDS:
            if spec.name != "targets":
                self._field(spec.name, spec.label)
        self._purpose()
        self._plan()
        self._targets()
        indicators = self._indicators()
        project = make(
            Project, sheet=self.sheet.name, cells=self.cells, indicators=indicators,
            unreadable=self.unreadable, **self.data,
        )
        code = project.code
        findings += [f.model_copy(update={"project_code": code}) for f in self.findings]
        return project

    # helpers -------------------------------------------------------------
    def _find(self, label: L.Label) -> tuple[int, int] | None:
        return self.index.first(label, self.rows)

    def _missing(self, label: L.Label, row: int | None = None) -> None:
        cell = a1(row or self.code_row, self.left)
        self.findings.append(R.MISSING_LABEL.at(sheet=self.sheet.name, cell=cell, label=label.text))

    def _texts(self, rows: range, first_col: int) -> str | None:
        parts = [
            t
            for r in rows
            for c in range(first_col, self.left + self.WIDTH)
            if (t := self.sheet.text(r, c)) and (r, c) not in self.index.label_cells
        ]
        return "\n".join(parts) or None

    def _section_end(self, after: int) -> int:
        """The row of the next labelled section below a row."""
        rows = [
            pos[0]
            for label in (L.BUDGET, L.PLAN_SECTION, L.TARGETS, L.LEVEL1)
            if (pos := self._find(label)) and pos[0] > after
        ]
        return min(rows, default=self.bottom + 1)

    # fields --------------------------------------------------------------
    def _preamble(self) -> None:
        for r in range(self.top, self.code_row):
            for c in range(1, self.sheet.max_col + 1):
                text = self.sheet.text(r, c)
                if not text:
                    continue
                match = L.UNIT_LINE.match(text)
                if match and "unit_code" not in self.data:
                    self.data["unit_code"], self.data["unit_name"] = match.groups()
                    self.cells["unit_code"] = self.cells["unit_name"] = a1(r, c)
                elif text.startswith((L.AMOUNT_UNIT_PREFIX, "单位:")):
                    unit = text[3:].strip()
                    self.data["amount_unit"] = unit
                    self.cells["amount_unit"] = a1(r, c)
                    if unit != "万元":
                        self.findings.append(
                            R.AMOUNT_UNIT.at(sheet=self.sheet.name, cell=a1(r, c), unit=unit)
                        )
        if "unit_code" not in self.cells and self.code_row > self.top:
            # No unit line: remember where it belongs (the row above 项目编码), for defaults.
            self.cells["unit_code"] = self.cells["unit_name"] = a1(self.code_row - 1, self.left)

    def _field(self, name: str, label: L.Label) -> None:
        pos = self._find(label)
        if pos is None:
            self._missing(label)
            return
        value, cell = self.index.right_of(*pos)
        self.cells[name] = cell
        if name in ("code", "name"):
            self.data[name] = _to_text(value)
            return
        self.data[name] = self._number(value, cell, label.text, to_decimal, R.NOT_A_NUMBER)
        if self.data[name] is None and (text := _to_text(value)):
            self.unreadable[name] = text

    def _number(
        self, value: CellValue, cell: str, what: str,
        convert: Callable[[CellValue], Decimal | None], problem: Rule,
    ) -> Decimal | None:
        try:
            return convert(value)
        except ValueError:
            text = _to_text(value)
            self.findings.append(
                problem.at(sheet=self.sheet.name, cell=cell, value=text, milestone=what)
                if problem is R.NOT_A_PERCENT
                else problem.at(sheet=self.sheet.name, cell=cell, value=text, field=what)
            )
            return None

    def _purpose(self) -> None:
        pos = self._find(L.BUDGET)
        if pos is None:
            return
        rows = range(pos[0] + 1, self._section_end(pos[0]))
        self.data["purpose"] = self._texts(rows, self.left + 1)
        self.cells["purpose"] = a1(pos[0] + 1, self.left + 1)

    def _plan(self) -> None:
        pos = self._find(L.PLAN_SECTION)
        if pos is None:
            self._missing(L.PLAN_SECTION)
            return
        self.cells["spending_plan"] = a1(*pos)
        points = []
        for c in self.cols:
            label = self.sheet.text(pos[0], c)
            if label and L.MILESTONE.match("".join(label.split())):
                value_cell = a1(pos[0] + 1, c)
                value = self.sheet.value(pos[0] + 1, c)
                percent = self._number(value, value_cell, label, to_percent, R.NOT_A_PERCENT)
                text = _to_text(value) if percent is None else None
                if percent is not None:
                    self._hundredfold(value, value_cell, "".join(label.split()))
                points.append(make(
                    SpendingPoint,
                    milestone="".join(label.split()), percent=percent,
                    cells={"milestone": a1(pos[0], c), "percent": value_cell},
                    unreadable={"percent": text} if text else {},
                ))
        self.data["spending_plan"] = points

    def _hundredfold(self, value: CellValue, cell: str, milestone: str) -> None:
        """A plan typed as a number above 1 (25 for 25%), which its 0% format prints as 2500%.

        Fixed to the percentage it means when that is at most 100%; a larger number is left to
        a person (a cumulative plan never exceeds 100%, so what was meant is unclear).
        """
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 1:
            return
        number = to_decimal(value)
        if number is None:
            return
        shown = plain(number)
        fix = (str(_to_text(value)), f"{shown}%") if number <= 100 else None
        self.findings.append(R.PLAN_PRINTS_HUNDREDFOLD.at(
            sheet=self.sheet.name, cell=cell, fix=fix, milestone=milestone, value=shown,
            printed=f"{plain(number * 100)}%", fraction=plain(number / 100)))

    def _targets(self) -> None:
        pos = self._find(L.TARGETS)
        if pos is None:
            self._missing(L.TARGETS)
            return
        header = self._find(L.LEVEL1)
        end = header[0] if header and header[0] > pos[0] else pos[0] + 1
        self.data["targets"] = split_targets(self._texts(range(pos[0], end), pos[1] + 1))
        self.cells["targets"] = a1(pos[0], pos[1] + 1)

    def _indicators(self) -> list[Indicator]:
        header = self._find(L.LEVEL1)
        if header is None:
            self._missing(L.LEVEL1)
            return []
        columns: dict[str, int] = {}
        for spec in L.INDICATOR_COLUMNS:
            found = self.index.first(spec.label, range(header[0], header[0] + 1))
            if found:
                columns[spec.name] = found[1]
            elif spec.name in ("level2", "name", "value"):
                self._missing(spec.label, header[0])
        self.cells["indicators"] = a1(*header)
        return list(self._indicator_rows(header[0] + 1, columns))

    def _indicator_rows(self, first: int, columns: dict[str, int]) -> Iterator[Indicator]:
        level1: tuple[str | None, str | None] = (None, None)  # (text, cell)
        level2: tuple[str | None, str | None] = (None, None)
        for r in range(first, self.bottom + 1):
            row: dict[str, str | None] = {}
            cells: dict[str, str] = {}
            for name, c in columns.items():
                value = self.sheet.value(r, c)
                if name == "value" and isinstance(value, int | float) and not isinstance(
                    value, bool
                ):
                    self.findings.append(R.NUMBER_AS_VALUE.at(
                        sheet=self.sheet.name, cell=a1(r, c), value=_to_text(value)))
                row[name] = _to_text(value)
                cells[name] = a1(r, c)
            if row.get("level1"):
                level1, level2 = (row["level1"], cells["level1"]), (None, None)
            if row.get("level2"):
                level2 = (row["level2"], cells["level2"])
            if not any(row.get(n) for n in ("name", "description", "value", "basis")):
                continue
            # Blank 一级/二级 cells are the lower parts of merged cells: the value and its
            # location are those of the cell above that holds it.
            if level1[1]:
                cells["level1"] = level1[1]
            if level2[1]:
                cells["level2"] = level2[1]
            yield make(
                Indicator,
                level1=level1[0], level2=level2[0], name=row.get("name"),
                description=row.get("description"), value=IndicatorValue.of(row.get("value")),
                basis=row.get("basis"), cells=cells,
            )


_NUMBERING = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|[（(]\d{1,2}[)）])\s*")


def split_targets(text: str | None) -> list[str]:
    """Split a 绩效目标 cell into items: one per line, and "1. … 2. …" on one line too.

    A line is split only when it starts with a number and only before the next number in
    sequence, so "完成 2. 期工程" stays whole.
    """
    if not text:
        return []
    items: list[str] = []
    for line in text.split("\n"):
        numbered = _NUMBERING.match(line) is not None
        body = _NUMBERING.sub("", line, count=1)
        while numbered:
            following = len(items) + 2
            match = re.search(rf"(?<=[\s。；;])\s*{following}\s*[.、．]\s*", body)
            if not match:
                break
            if head := body[: match.start()].strip():
                items.append(head)
            body = body[match.end():]
        if body := body.strip():
            items.append(body)
    return items
