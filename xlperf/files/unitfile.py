"""A unit workbook file: read it into the model and check it (fast reader or openpyxl).

The one place a unit's file becomes a :class:`~xlperf.core.reader.ReadResult` and its findings,
for the CLI, the county run's worker processes and the server alike.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from xlperf.core import layout
from xlperf.core.findings import Finding
from xlperf.core.grid import BookGrids
from xlperf.core.models import UnitWorkbook
from xlperf.core.reader import ReadResult, read_book
from xlperf.core.rules import reading, run_checks, selected, sort_findings
from xlperf.errors import InputFileError, NotATemplateError, XlperfError
from xlperf.files import fastread

Engine = Literal["calamine", "openpyxl"]

MISSING_SHEET_CODES = frozenset({reading.MISSING_COVER.code, reading.MISSING_DEPARTMENT.code})


def load_grids(path: Path, engine: Engine = "calamine") -> BookGrids:
    """Read a workbook file's values with the chosen engine.

    Raises:
        InputFileError: when the file cannot be opened as a workbook.
    """
    if engine == "calamine":
        return fastread.load_grids(Path(path))
    from xlperf.files import xlsx  # openpyxl: loaded only when needed

    return xlsx.load_grids(Path(path))


def read_file(path: Path, engine: Engine = "calamine", *, complete: bool = False) -> ReadResult:
    """Read a unit workbook file into the model; findings carry the file name.

    With ``complete``, a workbook without its 封面 or 部门整体绩效目标 sheet is an input error
    rather than a finding.

    Raises:
        InputFileError: when the file cannot be opened as a workbook (or is incomplete).
        NotATemplateError: when it is a workbook but not a 绩效目标 workbook.
    """
    if engine == "calamine":  # the reader ignores the sheets xlperf generates: don't parse them
        grids = fastread.load_grids(Path(path), skip=layout.GENERATED_SHEETS)
    else:
        grids = load_grids(path, engine)
    try:
        result = read_book(grids)
    except NotATemplateError as exc:
        raise NotATemplateError(f"{path}：不是绩效目标工作簿，{exc}") from exc
    name = str(path)
    missing = [f.message for f in result.findings if f.code in MISSING_SHEET_CODES]
    if complete and missing:
        hint = "（请用 xlperf new 生成的模板补齐该工作表）"
        raise InputFileError(name, "；".join(missing) + hint)
    result.findings = [f.model_copy(update={"file": name}) for f in result.findings]
    return result


@dataclass
class Checked:
    """One workbook checked: its model (None when unreadable) and all its findings."""

    path: Path
    book: UnitWorkbook | None
    findings: list[Finding]
    unreadable: bool = False


def check_file(path: Path, *, select: Collection[str] | None = None,
               ignore: Collection[str] | None = None, engine: Engine = "calamine") -> Checked:
    """Read and check one workbook; an unusable file becomes one R011 finding, not an error."""
    try:
        result = read_file(path, engine)
    except XlperfError as exc:
        reason = exc.reason if isinstance(exc, InputFileError) else str(exc)
        reason = reason.removeprefix(f"{path}：")
        return Checked(Path(path), None, [reading.UNREADABLE.at(file=str(path), reason=reason)],
                       True)
    found = [f for f in result.findings if selected(f.code, select, ignore)]
    findings = sort_findings(
        [*found, *run_checks(result.book, file=str(path), select=select, ignore=ignore)],
        result.book,
    )
    return Checked(Path(path), result.book, findings)
