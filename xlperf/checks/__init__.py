"""Consistency checks over one unit workbook (pure): the registry and ``run_checks``.

Codes: S document and Part 1, F funding and spending plan, I indicators (I0xx structure, I1xx
values), R reading (declared in ``reader``), D defaults (``defaults``). Codes are never reused.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from xlperf.checks import document, funding, indicators, targets
from xlperf.checks.base import Check, Context
from xlperf.findings import Finding, Severity
from xlperf.models import UnitWorkbook

ALL_CHECKS: tuple[type[Check], ...] = (
    *document.CHECKS,
    *funding.CHECKS,
    *indicators.CHECKS,
    *targets.CHECKS,
)

#: Codes that were used once and must never be given to another check.
RETIRED: dict[str, str] = {}

_INSTANCES = tuple(cls() for cls in ALL_CHECKS)
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def selected(code: str, select: Collection[str] | None, ignore: Collection[str] | None) -> bool:
    """Whether a code passes ``--select``/``--ignore`` (codes or prefixes such as ``I``, ``F0``)."""
    if select and not any(code.startswith(s) for s in select):
        return False
    return not (ignore and any(code.startswith(s) for s in ignore))


def run_checks(
    book: UnitWorkbook,
    *,
    file: str | None = None,
    select: Collection[str] | None = None,
    ignore: Collection[str] | None = None,
) -> list[Finding]:
    """Run every registered check on a workbook; findings in sheet and cell order."""
    ctx = Context.of(book, file)
    findings: list[Finding] = []
    for check in _INSTANCES:
        if selected(check.code, select, ignore):
            findings.extend(check.run(ctx))
    return sort_findings(findings, book)


def sort_findings(findings: Iterable[Finding], book: UnitWorkbook | None = None) -> list[Finding]:
    """Findings in workbook order: sheet as in the book, then row, column, severity, code."""
    order: dict[str | None, int] = {}
    if book is not None:
        sheets = [book.info.sheet, book.department.sheet, *(p.sheet for p in book.projects)]
        order = {name: n for n, name in enumerate(sheets)}
    return sorted(findings, key=lambda f: (
        f.file or "", order.get(f.sheet, len(order)), f.sheet or "", _cell_key(f.cell),
        _SEVERITY_ORDER[f.severity], f.code))


def _cell_key(cell: str | None) -> tuple[int, int]:
    if not cell:
        return (0, 0)
    letters = cell.rstrip("0123456789")
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return (int(cell[len(letters):] or 0), col)


__all__ = ["ALL_CHECKS", "RETIRED", "Check", "run_checks", "selected", "sort_findings"]
