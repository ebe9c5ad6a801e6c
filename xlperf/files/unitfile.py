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
from xlperf.files import fastread, xlsxguard
from xlperf.files.discover import ANNOTATED_OUTPUT, Skipped, own_output
from xlperf.files.filetype import display_path, is_document

Engine = Literal["calamine", "openpyxl"]

MISSING_SHEET_CODES = frozenset({reading.MISSING_COVER.code, reading.MISSING_DEPARTMENT.code})


class OwnOutputError(InputFileError):
    """A workbook xlperf wrote itself (summary, roster, annotated copy, review): not a unit's."""


def load_grids(path: Path, engine: Engine = "calamine") -> BookGrids:
    """Read a workbook file's values with the chosen engine.

    Raises:
        InputFileError: when the file cannot be opened as a workbook.
    """
    return _grids(xlsxguard.open_package(Path(path)), engine)


def _grids(package: xlsxguard.Package, engine: Engine,
           skip: Collection[str] = ()) -> BookGrids:
    if engine == "calamine":
        return fastread.package_grids(package, skip=skip)
    from xlperf.files import xlsx  # openpyxl: loaded only when needed

    return xlsx.package_grids(package)


def read_file(path: Path, engine: Engine = "calamine", *, complete: bool = False,
              copies: bool = True) -> ReadResult:
    """Read a unit workbook file into the model; findings carry the file name.

    With ``complete``, a workbook without its 封面 or 部门整体绩效目标 sheet is an input error
    rather than a finding. An annotated copy (``check --annotate``) is a unit's workbook with
    marks; without ``copies`` it is refused like xlperf's other outputs.

    Raises:
        InputFileError: when the file cannot be opened as a workbook (or is incomplete);
            :class:`OwnOutputError` for a workbook xlperf wrote that is not a unit's.
        NotATemplateError: when it is a workbook but not a 绩效目标 workbook.
    """
    name = display_path(str(path))
    package = xlsxguard.open_package(Path(path))
    output = own_output(package.core)
    if output and (not copies or output != ANNOTATED_OUTPUT):
        raise OwnOutputError(name, output)
    # the reader ignores the sheets xlperf generates: don't parse them
    grids = _grids(package, engine, layout.GENERATED_SHEETS)
    try:
        result = read_book(grids)
    except NotATemplateError as exc:
        raise NotATemplateError(f"{name}：不是绩效目标工作簿，{exc}") from exc
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
    skipped: str | None = None  # why the file is not checked (an output of xlperf's own)

    @property
    def name(self) -> str:
        """The file's name as shown to people."""
        return display_path(str(self.path))


def not_checked(skipped: Skipped) -> Checked:
    """What ``check`` says of a file met in a folder and not read (see ``discover``)."""
    if skipped.unreadable:
        finding = reading.UNREADABLE.at(file=skipped.path, reason=skipped.reason)
        return Checked(Path(skipped.path), None, [finding], True)
    return Checked(Path(skipped.path), None, [], skipped=skipped.reason)


def check_file(path: Path, *, select: Collection[str] | None = None,
               ignore: Collection[str] | None = None, engine: Engine = "calamine",
               copies: bool = True) -> Checked:
    """Read and check one workbook; an unusable file becomes one R011 finding, not an error.

    A workbook xlperf wrote that is not a unit's (summary, roster, review) is not checked:
    ``skipped`` says what it is; so is an annotated copy unless ``copies``.
    """
    if is_document(path):  # a 绩效文本 (Word, PDF, text): read and checked in memory
        from xlperf.files.docread import check_document

        return check_document(Path(path), select=select, ignore=ignore)
    name = display_path(str(path))
    try:
        result = read_file(path, engine, copies=copies)
    except OwnOutputError as exc:
        return Checked(Path(path), None, [], skipped=exc.reason)
    except XlperfError as exc:
        reason = exc.reason if isinstance(exc, InputFileError) else str(exc)
        reason = reason.removeprefix(f"{path}：").removeprefix(f"{name}：")
        return Checked(Path(path), None, [reading.UNREADABLE.at(file=name, reason=reason)], True)
    found = [f for f in result.findings if selected(f.code, select, ignore)]
    findings = sort_findings(
        [*found, *run_checks(result.book, file=name, select=select, ignore=ignore)],
        result.book,
    )
    return Checked(Path(path), result.book, findings)
