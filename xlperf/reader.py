"""Sheet values → ``UnitWorkbook``: find every field by its label, wherever the user moved it.

Pure: takes :class:`~xlperf.grid.BookGrids` from any adapter (openpyxl, calamine, xlwings).
Sheets are recognised by their content, not their names or order; a sheet may even hold several
project tables one under another. What cannot be read becomes an R-code finding, never an
exception, except a workbook that is not a 绩效目标 workbook at all (:class:`NotATemplateError`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeVar

from xlperf import layout as L
from xlperf import values
from xlperf.errors import NotATemplateError
from xlperf.fastmodel import construct
from xlperf.findings import Finding, Problem, Severity
from xlperf.grid import BookGrids, CellValue, SheetGrid, a1, norm_label, to_decimal, to_percent
from xlperf.grid import to_text as _to_text
from xlperf.models import (
    DepartmentTargets,
    Indicator,
    Model,
    Project,
    SpendingPoint,
    SubTarget,
    TargetValue,
    TextItem,
    UnitInfo,
    UnitWorkbook,
)

# --------------------------------------------------------------------------- R-codes
NOT_A_NUMBER = Problem(
    "R001", "amount-not-a-number", Severity.ERROR,
    "{field}不是数字：“{value}”", "填写以万元为单位的数字，如 10.09",
    "An amount cell holds text that is not a number.",
)
NOT_A_PERCENT = Problem(
    "R002", "plan-not-a-percentage", Severity.ERROR,
    "资金支出计划“{milestone}”不是百分比：“{value}”", "填写累计支出比例，如 25%",
    "A spending-plan cell holds something other than a percentage.",
)
MISSING_COVER = Problem(
    "R003", "unit-info-sheet-missing", Severity.ERROR,
    "未找到单位信息（封面）工作表", "从模板复制“封面”工作表并填写单位编码、单位名称、预算年度",
    "No sheet carries the 单位编码/预算年度 labels.",
)
MISSING_DEPARTMENT = Problem(
    "R004", "department-sheet-missing", Severity.ERROR,
    "未找到“部门整体绩效目标”工作表", "从模板复制“部门整体绩效目标”工作表并填写第一部分",
    "No sheet carries the 一、总体绩效目标 / 二、分项绩效目标 / 三、工作保障措施 labels.",
)
MISSING_PROJECTS = Problem(
    "R005", "project-tables-missing", Severity.WARNING,
    "未找到任何预算项目绩效目标表", "每个预算项目一张表：复制“项目1”工作表后填写",
    "No sheet carries both the 项目编码 and 一级指标 labels.",
)
MISSING_LABEL = Problem(
    "R006", "table-label-missing", Severity.ERROR,
    "项目表中未找到“{label}”", "按模板恢复“{label}”标签及其所在行",
    "A project table lacks one of its labelled rows or columns, so that field cannot be read.",
)
NOT_A_YEAR = Problem(
    "R007", "year-not-a-year", Severity.ERROR,
    "预算年度不是四位年份：“{value}”", "填写四位年份，如 2023",
    "The 预算年度 cell is not a four-digit year.",
)
AMOUNT_UNIT = Problem(
    "R008", "amount-unit-not-wanyuan", Severity.WARNING,
    "金额单位是“{unit}”，不是万元", "本表金额一律以万元为单位，请换算后填写并改为“单位：万元”",
    "The table says its amounts are in another unit than 万元.",
)
DUPLICATE_SHEET = Problem(
    "R009", "duplicate-sheet", Severity.WARNING,
    "工作簿中有多个{kind}工作表，只读取了“{used}”，未读取本表",
    "删除多余的工作表，或把内容合并到“{used}”",
    "Two sheets both look like the cover or Part 1; only the first is read.",
)
NUMBER_AS_VALUE = Problem(
    "R010", "indicator-value-is-a-number", Severity.WARNING,
    "指标值是数字 {value}，已按文本读取（百分号等格式可能已丢失）",
    "把单元格设为文本后按“比较符+数值+单位”重填，如 ≥95%",
    "A 指标值 cell holds a number: Excel may have turned 95% into 0.95.",
)

UNREADABLE = Problem(
    "R011", "file-unreadable", Severity.ERROR,
    "无法读取：{reason}", "用 Excel/WPS 打开后另存为 .xlsx（不设密码），或从模板重新填写",
    "The file is not a usable workbook (not .xlsx, encrypted, old .xls, damaged, not ours).",
)

READ_PROBLEMS: tuple[Problem, ...] = (
    NOT_A_NUMBER, NOT_A_PERCENT, MISSING_COVER, MISSING_DEPARTMENT, MISSING_PROJECTS,
    MISSING_LABEL, NOT_A_YEAR, AMOUNT_UNIT, DUPLICATE_SHEET, NUMBER_AS_VALUE, UNREADABLE,
)


@dataclass
class ReadResult:
    """A workbook read into the model, with what could not be read."""

    book: UnitWorkbook
    findings: list[Finding] = field(default_factory=list)


M = TypeVar("M", bound=Model)


def _make(cls: type[M], **data: Any) -> M:
    """Build a model from values this module has already converted to their exact types.

    The reader is the hot path of county-wide consolidation; re-validating every small model
    would cost more than reading the file. tests/test_reader.py proves that what it builds
    validates to an equal model.
    """
    return construct(cls, data)


def _target_value(text: str | None) -> TargetValue:
    return TargetValue.model_construct(text=text, **values.parse(text)._asdict())


# --------------------------------------------------------------------------- label index
_ALL_LABELS: tuple[L.Label, ...] = (
    *L.PROJECT_LABELS,
    L.UNIT_CODE, L.UNIT_NAME, L.YEAR, L.COMPILER, L.REVIEWER,
    L.OVERALL_SECTION, L.SUB_TARGETS_SECTION, L.MEASURES_SECTION,
    L.NUMBER, L.CONTENT, L.SUB_NAME, L.SUB_INDICATORS,
)
_KEYS: dict[str, list[L.Label]] = defaultdict(list)
for _label in _ALL_LABELS:
    for _key in _label.keys:
        _KEYS[_key].append(_label)
_LONGEST_KEY = max(len(k) for k in _KEYS)


@lru_cache(maxsize=4096)
def _labels_of(text: str) -> tuple[L.Label, ...]:
    """The labels a cell's text spells (cached: the same label texts recur in every file)."""
    return tuple(_KEYS.get(norm_label(text), ()))


class SheetIndex:
    """Where each known label sits on one sheet (one pass over its cells)."""

    def __init__(self, sheet: SheetGrid) -> None:
        self.sheet = sheet
        self.positions: dict[L.Label, list[tuple[int, int]]] = defaultdict(list)
        self.label_cells: set[tuple[int, int]] = set()
        for r, line in enumerate(sheet.rows, start=1):
            for c, value in enumerate(line, start=1):
                # Labels are short; longer text (indicator names, targets) is never a label.
                if isinstance(value, str) and len(value) <= _LONGEST_KEY + 8:
                    for label in _labels_of(value):
                        self.positions[label].append((r, c))
                        self.label_cells.add((r, c))

    def first(self, label: L.Label, rows: range | None = None) -> tuple[int, int] | None:
        """The first position of label (row-major), optionally within some rows."""
        for pos in self.positions.get(label, ()):
            if rows is None or pos[0] in rows:
                return pos
        return None

    def has(self, label: L.Label) -> bool:
        return bool(self.positions.get(label))

    def right_of(self, row: int, col: int, reach: int = 1) -> tuple[CellValue, str]:
        """The value beside a label: the first filled cell within reach that is not a label."""
        for c in range(col + 1, col + 1 + reach):
            if (row, c) in self.label_cells:
                break
            value = self.sheet.value(row, c)
            if _to_text(value) is not None:
                return value, a1(row, c)
        return None, a1(row, col + 1)


# --------------------------------------------------------------------------- entry point
def read_book(grids: BookGrids) -> ReadResult:
    """Read all sheets of a unit workbook into the model.

    Raises:
        NotATemplateError: when no sheet looks like a cover, Part 1 or a project table.
    """
    findings: list[Finding] = []
    info: UnitInfo | None = None
    department: DepartmentTargets | None = None
    projects: list[Project] = []
    for sheet in grids.sheets:
        if sheet.name in L.GENERATED_SHEETS:
            continue
        index = SheetIndex(sheet)
        if index.has(L.PROJECT_CODE) and index.has(L.LEVEL1):
            projects += _read_projects(index, findings)
        elif index.has(L.UNIT_CODE) and index.has(L.YEAR):
            if info is None:
                info = _read_cover(index, findings)
            else:
                findings.append(_duplicate("单位信息", info.sheet, sheet.name))
        elif any(index.has(s) for s in (L.OVERALL_SECTION, L.SUB_TARGETS_SECTION,
                                        L.MEASURES_SECTION)):
            if department is None:
                department = _read_department(index)
            else:
                findings.append(_duplicate("部门整体绩效目标", department.sheet, sheet.name))
    if info is None and department is None and not projects:
        raise NotATemplateError("未找到封面（单位信息）、部门整体绩效目标或任何项目绩效目标表")
    if info is None:
        findings.append(MISSING_COVER.at())
    if department is None:
        findings.append(MISSING_DEPARTMENT.at())
    if not projects:
        findings.append(MISSING_PROJECTS.at())
    book = _make(
        UnitWorkbook,
        info=info or _make(UnitInfo),
        department=department or _make(DepartmentTargets),
        projects=projects,
    )
    return ReadResult(book, findings)


def _duplicate(kind: str, used: str | None, sheet: str) -> Finding:
    return DUPLICATE_SHEET.at(sheet=sheet, cell="A1", kind=kind, used=used or "")


# --------------------------------------------------------------------------- cover
def _read_cover(index: SheetIndex, findings: list[Finding]) -> UnitInfo:
    data: dict[str, Any] = {}
    cells: dict[str, str] = {}
    sheet = index.sheet
    for spec in L.COVER_FIELDS:
        pos = index.first(spec.label)
        if pos is None:
            continue
        value, cells[spec.name] = index.right_of(*pos)
        text = _to_text(value)
        if spec.name == "year" and text is not None:
            if re.fullmatch(r"\d{4}", text):
                data["year"] = int(text)
            else:
                findings.append(NOT_A_YEAR.at(sheet=sheet.name, cell=cells["year"], value=text))
        else:
            data[spec.name] = text
    return _make(UnitInfo, sheet=sheet.name, cells=cells, **data)


# --------------------------------------------------------------------------- part 1
def _read_department(index: SheetIndex) -> DepartmentTargets:
    sheet = index.sheet
    sections = [
        (name, index.first(label))
        for name, label in (
            ("overall", L.OVERALL_SECTION),
            ("sub_targets", L.SUB_TARGETS_SECTION),
            ("measures", L.MEASURES_SECTION),
        )
    ]
    starts = sorted(pos[0] for _, pos in sections if pos)
    data: dict[str, Any] = {}
    cells: dict[str, str] = {}
    for name, pos in sections:
        if pos is None:
            continue
        cells[name] = a1(*pos)
        end = next((s for s in starts if s > pos[0]), sheet.max_row + 1)
        rows = range(pos[0] + 1, end)
        if name == "sub_targets":
            data[name] = _sub_targets(index, rows, pos[1])
        else:
            data[name] = _text_items(index, rows, pos[1])
    return _make(DepartmentTargets, sheet=sheet.name, cells=cells, **data)


def _header_columns(
    index: SheetIndex, rows: range, labels: Sequence[L.Label], default_col: int
) -> tuple[int, dict[L.Label, int]]:
    """Find the 序号 header row of a Part 1 section and the column of each label in it."""
    pos = index.first(L.NUMBER, rows)
    if pos is None:
        return rows.start - 1, {label: default_col + i for i, label in enumerate(labels)}
    header = pos[0]
    columns = {}
    for i, label in enumerate(labels):
        found = index.first(label, range(header, header + 1))
        columns[label] = found[1] if found else pos[1] + i
    return header, columns


def _text_items(index: SheetIndex, rows: range, col: int) -> list[TextItem]:
    header, columns = _header_columns(index, rows, (L.NUMBER, L.CONTENT), col)
    items = []
    for r in range(header + 1, rows.stop):
        number_col, text_col = columns[L.NUMBER], columns[L.CONTENT]
        number, text = index.sheet.text(r, number_col), index.sheet.text(r, text_col)
        if number is None and text is None:
            continue
        items.append(_make(
            TextItem,
            number=number, text=text,
            cells={"number": a1(r, number_col), "text": a1(r, text_col)},
        ))
    return items


def _sub_targets(index: SheetIndex, rows: range, col: int) -> list[SubTarget]:
    labels = (L.NUMBER, L.SUB_NAME, L.SUB_TARGET, L.SUB_INDICATORS)
    names = ("number", "name", "target", "indicators")
    header, columns = _header_columns(index, rows, labels, col)
    items = []
    for r in range(header + 1, rows.stop):
        texts = {n: index.sheet.text(r, columns[lb]) for n, lb in zip(names, labels, strict=True)}
        if not any(texts.values()):
            continue
        cells = {n: a1(r, columns[lb]) for n, lb in zip(names, labels, strict=True)}
        items.append(_make(SubTarget, cells=cells, **texts))
    return items


# --------------------------------------------------------------------------- projects
def read_project_tables(
    sheet: SheetGrid,
) -> tuple[list[Project], list[Finding], frozenset[tuple[int, int]]]:
    """Read every project table of one grid, with the cells the reader took for labels.

    The document importer lays each table of a 绩效文本 out as a grid and uses this, so a
    table in a Word file is read by exactly the rules that read a project sheet.
    """
    index = SheetIndex(sheet)
    findings: list[Finding] = []
    projects = _read_projects(index, findings) if index.has(L.PROJECT_CODE) else []
    return projects, findings, frozenset(index.label_cells)


_PREAMBLE = re.compile(r"(绩效目标表$|^单位[:：])")


def _read_projects(index: SheetIndex, findings: list[Finding]) -> list[Project]:
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
        project = _make(
            Project,
            sheet=self.sheet.name, cells=self.cells, indicators=indicators, **self.data
        )
        code = project.code
        findings += [f.model_copy(update={"project_code": code}) for f in self.findings]
        return project

    # helpers -------------------------------------------------------------
    def _find(self, label: L.Label) -> tuple[int, int] | None:
        return self.index.first(label, self.rows)

    def _missing(self, label: L.Label, row: int | None = None) -> None:
        cell = a1(row or self.code_row, self.left)
        self.findings.append(MISSING_LABEL.at(sheet=self.sheet.name, cell=cell, label=label.text))

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
                            AMOUNT_UNIT.at(sheet=self.sheet.name, cell=a1(r, c), unit=unit)
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
        self.data[name] = self._number(value, cell, label.text, to_decimal, NOT_A_NUMBER)

    def _number(
        self, value: CellValue, cell: str, what: str,
        convert: Callable[[CellValue], Decimal | None], problem: Problem,
    ) -> Decimal | None:
        try:
            return convert(value)
        except ValueError:
            key = "milestone" if problem is NOT_A_PERCENT else "field"
            self.findings.append(
                problem.at(sheet=self.sheet.name, cell=cell, value=_to_text(value), **{key: what})
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
                percent = self._number(
                    self.sheet.value(pos[0] + 1, c), value_cell, label, to_percent, NOT_A_PERCENT
                )
                points.append(_make(
                    SpendingPoint,
                    milestone="".join(label.split()), percent=percent,
                    cells={"milestone": a1(pos[0], c), "percent": value_cell},
                ))
        self.data["spending_plan"] = points

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
                    self.findings.append(NUMBER_AS_VALUE.at(
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
            yield _make(
                Indicator,
                level1=level1[0], level2=level2[0], name=row.get("name"),
                description=row.get("description"), value=_target_value(row.get("value")),
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
