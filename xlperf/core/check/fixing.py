"""Apply the mechanical fixes of findings to a workbook's values, as ruff's ``--fix`` (pure).

:func:`plan_fixes` checks the sheet values, applies every fix it may (safe ones, and unsafe ones
when asked) to a copy of them, and checks again, until nothing is left to fix (a few rounds at
most), so fixes that touch one cell compose: each is applied only while the cell still holds the
text the finding saw (a fix of several cells, while each of them does: all or none). The result
is the list of changed cells (original → final text, with the codes that changed them) and a
:class:`BookEdit` that writes exactly those cells, which ``xlperf fix`` (through
``files.patch``) and the 一键修正 button (through xlwings) both apply.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from xlperf.core.model.findings import Applicability, CellFix, Finding, Fix
from xlperf.core.rules import run_checks, sort_findings
from xlperf.core.workbook.edits import BookEdit, Cell, SheetEdit
from xlperf.core.workbook.grid import BookGrids, CellValue, SheetGrid, a1, parse_a1
from xlperf.core.workbook.reader import read_book

#: Check → fix rounds at most; one or two suffice unless fixes keep creating new findings.
ROUNDS = 5
#: The sheet the 一键修正 button lists its changes in (Excel's undo does not cover a macro).
LOG_SHEET = "修正记录"
LOG_HEADER = ("序号", "工作表", "单元格", "代码", "修正前", "修正后")

Place = tuple[str, Cell]  # (sheet, (row, col))


@dataclass(frozen=True)
class Change:
    """One changed cell: its text before the first fix and after the last, and the codes."""

    sheet: str
    cell: str
    code: str  # the codes of the fixes applied to it, in order, joined by ","
    before: str
    after: str

    def as_json(self) -> dict[str, str]:
        return {"sheet": self.sheet, "cell": self.cell, "code": self.code,
                "before": self.before, "after": self.after}


@dataclass
class FixPlan:
    """What fixing a workbook does: changes, the edit writing them, what is left."""

    changes: list[Change] = field(default_factory=list)
    #: Findings left with a fix that was not applied: unsafe ones without ``unsafe``.
    unsafe_left: list[Finding] = field(default_factory=list)
    #: Findings left whose fix could not be applied (a formula, a number, a changed cell).
    not_applied: list[Finding] = field(default_factory=list)
    #: Every finding of the final check (after the fixes).
    findings: list[Finding] = field(default_factory=list)
    edit: BookEdit = field(default_factory=BookEdit)

    @property
    def codes(self) -> Counter[str]:
        """How many cells each code changed."""
        return Counter(code for c in self.changes for code in c.code.split(","))


def applicable(finding: Finding, unsafe: bool) -> bool:
    """Whether a finding's fix is one to apply: safe, or unsafe when asked."""
    fix = finding.fix
    return fix is not None and finding.sheet is not None and finding.cell is not None and (
        fix.applicability is Applicability.SAFE
        or (unsafe and fix.applicability is Applicability.UNSAFE))


def fixed_text(value: CellValue, fix: Fix | CellFix) -> str | None:
    """The cell's new text, or None when the cell no longer holds what the finding saw.

    The cell must be text. Its text as read (stripped) must be ``before`` (spaces around it are
    kept), or hold ``before`` exactly once (a cell read as several items, such as 绩效目标). An
    empty ``before`` (a fix that fills a blank cell) needs the cell still blank.
    """
    if not fix.before:
        blank = value is None or (isinstance(value, str) and not value.strip())
        return fix.after if blank else None
    if not isinstance(value, str):
        return None
    core = value.strip()
    if core == fix.before:
        start = value.index(core)
        return value[:start] + fix.after + value[start + len(core):]
    if value.count(fix.before) == 1:
        return value.replace(fix.before, fix.after)
    return None


def fixed_cells(finding: Finding, grids: BookGrids,
                changed: Mapping[Place, CellValue] | None = None,
                locked: Collection[Place] = ()) -> dict[Place, str] | None:
    """The new text of every cell a finding's fix changes (its own, then :attr:`Fix.also`), or
    None unless every one of them may change and still holds what the finding saw: all of them
    or none. A cell's value is its ``changed`` one, else the grid's; ``locked`` cells and
    sheets the grids lack are never changed."""
    fix = finding.fix
    if fix is None or finding.sheet is None or finding.cell is None:
        return None
    new: dict[Place, str] = {}
    parts: list[tuple[str, str, Fix | CellFix]] = [(finding.sheet, finding.cell, fix)]
    for sheet, cell, part in parts + [(c.sheet, c.cell, c) for c in fix.also]:
        place = (sheet, parse_a1(cell))
        if place in locked or place in new or sheet not in grids.names:
            return None
        text = fixed_text(_value(grids, changed or {}, place), part)
        if text is None:
            return None
        new[place] = text
    return new


def _value(grids: BookGrids, changed: Mapping[Place, CellValue], place: Place) -> CellValue:
    return changed[place] if place in changed else grids[place[0]].value(*place[1])


def plan_fixes(grids: BookGrids, *, unsafe: bool = False,
               select: Collection[str] | None = None, ignore: Collection[str] | None = None,
               locked: Collection[Place] = ()) -> FixPlan:
    """Check, fix, check again until no fix applies (at most :data:`ROUNDS` rounds).

    ``locked`` cells (formulas, as the adapter knows them) are never changed.
    """
    values: dict[Place, CellValue] = {}  # the new value of every cell changed so far
    original: dict[Place, CellValue] = {}
    codes: dict[Place, list[str]] = {}
    plan = FixPlan()
    for round_ in range(ROUNDS + 1):
        current = _with(grids, values)
        result = read_book(current)
        plan.findings = sort_findings([*result.findings, *run_checks(
            result.book, select=select, ignore=ignore)], result.book)
        todo = [f for f in plan.findings if applicable(f, unsafe)]
        if round_ == ROUNDS or not todo:
            break
        applied = False
        for finding in todo:
            for place, text in (fixed_cells(finding, current, values, locked) or {}).items():
                before = _value(current, values, place)
                if text != before:
                    original.setdefault(place, before)
                    values[place] = text
                    codes.setdefault(place, []).append(finding.code)
                    applied = True
        if not applied:
            break
    plan.unsafe_left = [f for f in plan.findings if f.fix is not None and not unsafe
                        and f.fix.applicability is Applicability.UNSAFE]
    plan.not_applied = [f for f in plan.findings if applicable(f, unsafe)]
    order = {name: n for n, name in enumerate(grids.names)}
    for place in sorted(values, key=lambda p: (order.get(p[0], len(order)), p[1])):
        if values[place] != original[place]:
            was = original[place]
            plan.changes.append(Change(place[0], a1(*place[1]), ",".join(dict.fromkeys(
                codes[place])), "" if was is None else str(was), str(values[place])))
    plan.edit = _edit(plan.changes, grids.names)
    return plan


def _with(grids: BookGrids, values: dict[Place, CellValue]) -> BookGrids:
    """The grids with the changed cells' new values (only changed sheets are copied)."""
    if not values:
        return grids
    by_sheet: dict[str, dict[Cell, CellValue]] = {}
    for (sheet, cell), value in values.items():
        by_sheet.setdefault(sheet, {})[cell] = value
    sheets: list[SheetGrid] = []
    for grid in grids.sheets:
        changed = by_sheet.get(grid.name)
        if changed:
            rows = [list(row) for row in grid.rows]
            for (row, col), value in changed.items():
                rows.extend([] for _ in range(row - len(rows)))  # a blank cell filled in
                line = rows[row - 1]
                line.extend([None] * (col - len(line)))
                line[col - 1] = value
            grid = SheetGrid(grid.name, rows, grid.outside)
        sheets.append(grid)
    return BookGrids(tuple(sheets), grids.name)


def _edit(changes: Sequence[Change], names: Sequence[str]) -> BookEdit:
    by_sheet: dict[str, SheetEdit] = {}
    for change in changes:
        edit = by_sheet.setdefault(change.sheet, SheetEdit(change.sheet))
        edit.values[parse_a1(change.cell)] = change.after
    return BookEdit([by_sheet[n] for n in names if n in by_sheet], title="一键修正")


def summary_line(plan: FixPlan, *, unsafe: bool = False) -> str:
    """One line in Chinese: what was fixed, by which codes, and what is left."""
    if plan.changes:
        by_code = "、".join(f"{code} {n} 处" for code, n in sorted(plan.codes.items()))
        line = f"已自动修正 {len(plan.changes)} 个单元格（{by_code}）"
    else:
        line = "没有可自动修正的内容"
    if plan.unsafe_left:
        line += (f"；另有 {len(plan.unsafe_left)} 处可修正但可能改变原意，需确认"
                 "（命令行加 --unsafe-fixes，或按“校验结果”中的建议手工修改）")
    if plan.not_applied:
        line += (f"；{len(plan.not_applied)} 处未能自动修正"
                 "（单元格是公式、数字，或内容与检查时不同），请手工修改")
    return line + "。"


def log_edit(changes: Iterable[Change], create_at: int, kept: int = 0) -> SheetEdit:
    """The 修正记录 sheet: one row per changed cell, under the ``kept`` rows already there
    (the header and earlier runs' changes, numbered on), so nothing recorded is ever lost."""
    sheet = SheetEdit(LOG_SHEET, create_at=create_at, autofit=True)
    if not kept:
        for col, title in enumerate(LOG_HEADER, start=1):
            sheet.values[(1, col)] = title
        kept = 1
    for n, c in enumerate(changes, start=kept):
        row: tuple[CellValue, ...] = (n, c.sheet, c.cell, c.code, c.before, c.after)
        for col, value in enumerate(row, start=1):
            sheet.values[(n + 1, col)] = value
    return sheet


__all__ = ["LOG_SHEET", "Change", "FixPlan", "applicable", "fixed_cells", "fixed_text", "log_edit",
           "plan_fixes", "summary_line"]
