"""The one check pipeline: a workbook's grids → :class:`UnitWorkbook` → its findings (pure).

Every front end checks a unit's workbook through :func:`check_unit`: ``xlperf check`` and the
county run's workers (through ``files.unitfile``), the 校验 and 导出 Word buttons, and the
export gate of ``xlperf export``. The findings are the reader's (what could not be read) and
the checks', selected by ``--select``/``--ignore`` and in workbook order.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from xlperf.core.check.results import ExportGate
from xlperf.core.model.findings import Finding
from xlperf.core.model.unit_workbook import UnitWorkbook
from xlperf.core.rules import merge_findings, run_checks, selected
from xlperf.core.workbook.grid import BookGrids
from xlperf.core.workbook.reader import read_book


@dataclass
class UnitCheck:
    """One unit workbook read and checked."""

    book: UnitWorkbook
    findings: list[Finding]  # the selected findings of reader and checks, in workbook order
    unread: list[Finding]  # what the reader could not read (left blank), every one

    @property
    def gate(self) -> ExportGate:
        """Whether the workbook is fit to publish as a 绩效文本 (errors block)."""
        return ExportGate.of(self.findings)


def check_unit(grids: BookGrids, *, file: str | None = None,
               select: Collection[str] | None = None,
               ignore: Collection[str] | None = None) -> UnitCheck:
    """Read a unit workbook's grids and run every selected check; findings name ``file``.

    Raises:
        NotATemplateError: when the grids are not a 绩效目标 workbook.
    """
    result = read_book(grids)
    unread = result.findings
    if file is not None:
        unread = [f.model_copy(update={"file": file}) for f in unread]
    found = [f for f in unread if selected(f.code, select, ignore)]
    checks = run_checks(result.book, file=file, select=select, ignore=ignore)
    return UnitCheck(result.book, merge_findings(found, checks, result.book), unread)
