"""Sheet values → ``UnitWorkbook``: find every field by its label, wherever the user moved it.

Pure: takes :class:`~xlperf.core.workbook.grid.BookGrids` from any adapter (openpyxl, calamine,
xlwings).
Sheets are recognised by their content, not their names or order; a sheet may even hold several
project tables one under another (``project_reader``). What cannot be read becomes an R-code
finding (``reading``), never an exception, except a workbook that is not a 绩效目标
workbook at all (:class:`NotATemplateError`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from xlperf.core.model.fastmodel import make
from xlperf.core.model.findings import Finding
from xlperf.core.model.unit_workbook import (
    DepartmentTargets,
    Project,
    SubTarget,
    TextItem,
    UnitInfo,
    UnitWorkbook,
)
from xlperf.core.workbook import layout as L
from xlperf.core.workbook import reading as R
from xlperf.core.workbook.bounds import usable_grids
from xlperf.core.workbook.grid import BookGrids, a1, norm_label
from xlperf.core.workbook.grid import to_text as _to_text
from xlperf.core.workbook.project_reader import read_projects
from xlperf.core.workbook.sheet_index import SheetIndex
from xlperf.errors import NotATemplateError


@dataclass
class ReadResult:
    """A workbook read into the model, with what could not be read."""

    book: UnitWorkbook
    findings: list[Finding] = field(default_factory=list)


# --------------------------------------------------------------------------- entry point
def read_book(grids: BookGrids) -> ReadResult:
    """Read all sheets of a unit workbook into the model.

    Raises:
        NotATemplateError: when no sheet looks like a cover, Part 1 or a project table.
    """
    grids, findings = usable_grids(grids, L.GENERATED_SHEETS)
    info: UnitInfo | None = None
    department: DepartmentTargets | None = None
    projects: list[Project] = []
    for sheet in grids.sheets:
        if sheet.name in L.GENERATED_SHEETS:
            continue
        index = SheetIndex(sheet)
        if _is_toc(index):  # a copy of 目录 (“目录 (2)”): never Part 1, whatever its place
            findings.append(_duplicate(R.TOC_KIND, L.TOC_SHEET, sheet.name))
        elif index.has(L.PROJECT_CODE) and index.has(L.LEVEL1):
            projects += read_projects(index, findings)
        elif index.has(L.UNIT_CODE) and index.has(L.YEAR):
            if info is None:
                info = _read_cover(index, findings)
            else:
                findings.append(_duplicate("封面（单位信息）", info.sheet, sheet.name))
        elif any(index.has(s) for s in (L.OVERALL_SECTION, L.SUB_TARGETS_SECTION,
                                        L.MEASURES_SECTION)):
            if department is None:
                department = _read_department(index)
            else:
                findings.append(
                    _duplicate("第一部分（部门整体绩效目标）", department.sheet, sheet.name))
    if info is None and department is None and not projects:
        raise NotATemplateError("未找到封面（单位信息）、部门整体绩效目标或任何项目绩效目标表")
    if info is None:
        findings.append(R.MISSING_COVER.at())
    if department is None:
        findings.append(R.MISSING_DEPARTMENT.at())
    if not projects:
        findings.append(R.MISSING_PROJECTS.at())
    book = make(
        UnitWorkbook,
        info=info or make(UnitInfo),
        department=department or make(DepartmentTargets),
        projects=projects,
    )
    return ReadResult(book, findings)


_TOC_ROWS = 30
_TOC_MARKS = frozenset(norm_label(t) for t in (L.TOC_TITLE, L.PART2_TITLE))


def _is_toc(index: SheetIndex) -> bool:
    """Whether a sheet is shaped like the 目录: its title or its 第二部分 line, and no table.

    Part 1 repeats the section titles the 目录 lists, but under 序号 headers; the 目录 has none.
    """
    if index.has(L.NUMBER) or index.has(L.PROJECT_CODE):
        return False
    top = index.sheet.rows[:_TOC_ROWS]  # both sit near the top (rows 1 and 7 as generated)
    return any(norm_label(_to_text(v)) in _TOC_MARKS for line in top for v in line)


def _duplicate(kind: str, used: str | None, sheet: str) -> Finding:
    return R.DUPLICATE_SHEET.at(sheet=sheet, cell="A1", kind=kind, used=used or "")


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
                findings.append(R.NOT_A_YEAR.at(sheet=sheet.name, cell=cells["year"], value=text))
                data["unreadable"] = {"year": text}
        else:
            data[spec.name] = text
    return make(UnitInfo, sheet=sheet.name, cells=cells, **data)


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
    return make(DepartmentTargets, sheet=sheet.name, cells=cells, **data)


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
        if (number is None and text is None) or _repeated_header(index, r, (number_col, text_col)):
            continue
        items.append(make(
            TextItem,
            number=number, text=text,
            cells={"number": a1(r, number_col), "text": a1(r, text_col)},
        ))
    return items


def _repeated_header(index: SheetIndex, row: int, columns: Iterable[int]) -> bool:
    """A copy of the table's header where the printed table runs onto a new page."""
    return all((row, c) in index.label_cells for c in columns)


def _sub_targets(index: SheetIndex, rows: range, col: int) -> list[SubTarget]:
    labels = (L.NUMBER, L.SUB_NAME, L.SUB_TARGET, L.SUB_INDICATORS)
    names = ("number", "name", "target", "indicators")
    header, columns = _header_columns(index, rows, labels, col)
    items = []
    for r in range(header + 1, rows.stop):
        texts = {n: index.sheet.text(r, columns[lb]) for n, lb in zip(names, labels, strict=True)}
        if not any(texts.values()) or _repeated_header(index, r, columns.values()):
            continue
        cells = {n: a1(r, columns[lb]) for n, lb in zip(names, labels, strict=True)}
        items.append(make(SubTarget, cells=cells, **texts))
    return items


