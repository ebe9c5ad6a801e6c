"""A unit workbook file: read it into the model and check it (fast reader or openpyxl).

The one place a unit's file becomes a :class:`~xlperf.core.workbook.reader.ReadResult` and its
findings,
for the CLI, the county run's worker processes and the server alike.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from xlperf.core.check.pipeline import UnitCheck, check_unit
from xlperf.core.model.findings import Finding
from xlperf.core.model.unit_workbook import UnitWorkbook
from xlperf.core.workbook import layout, reading
from xlperf.core.workbook.grid import BookGrids
from xlperf.core.workbook.reader import ReadResult, read_book
from xlperf.errors import InputFileError, NotATemplateError, XlperfError
from xlperf.files import fastread, fileio, xlsxguard
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


class NotAUnitWorkbookError(InputFileError, NotATemplateError):
    """A workbook file that is not a 绩效目标 workbook (the reason says what is missing)."""


@dataclass
class UnitFile:
    """A unit's workbook file read once: its inspected bytes and its sheets' values."""

    path: Path
    name: str  # as shown to people
    package: xlsxguard.Package
    grids: BookGrids

    @property
    def digest(self) -> str:
        """The fingerprint of the bytes read (what a review round compares)."""
        return fileio.digest(self.package.data)


def open_unit(path: Path, engine: Engine = "calamine", *, copies: bool = True,
              every_sheet: bool = False) -> UnitFile:
    """Read a unit workbook file once: inspect it and take its sheets' values.

    The sheets xlperf generates are not parsed unless ``every_sheet`` (``fill`` needs them).
    An annotated copy (``check --annotate``) is a unit's workbook with marks; without
    ``copies`` it is refused like xlperf's other outputs.

    Raises:
        InputFileError: when the file cannot be opened as a workbook;
            :class:`OwnOutputError` for a workbook xlperf wrote that is not a unit's.
    """
    path = Path(path)
    name = display_path(str(path))
    package = xlsxguard.open_package(path)
    output = own_output(package.core)
    if output and (not copies or output != ANNOTATED_OUTPUT):
        raise OwnOutputError(name, output)
    return UnitFile(path, name, package,
                    _grids(package, engine, () if every_sheet else layout.GENERATED_SHEETS))


def check_unit_file(unit: UnitFile, *, select: Collection[str] | None = None,
                    ignore: Collection[str] | None = None) -> UnitCheck:
    """The one check pipeline (``core.pipeline.check_unit``) over a file read.

    Raises:
        NotAUnitWorkbookError: when it is a workbook but not a 绩效目标 workbook.
    """
    try:
        return check_unit(unit.grids, file=unit.name, select=select, ignore=ignore)
    except NotATemplateError as exc:
        raise NotAUnitWorkbookError(unit.name, f"不是绩效目标工作簿，{exc}") from exc


def read_file(path: Path, engine: Engine = "calamine", *, complete: bool = False,
              copies: bool = True) -> ReadResult:
    """Read a unit workbook file into the model; findings carry the file name.

    With ``complete``, a workbook without its 封面 or 部门整体绩效目标 sheet is an input error
    rather than a finding. An annotated copy (``check --annotate``) is a unit's workbook with
    marks; without ``copies`` it is refused like xlperf's other outputs.

    Raises:
        InputFileError: when the file cannot be opened as a workbook (or is incomplete);
            :class:`OwnOutputError` for a workbook xlperf wrote that is not a unit's;
            :class:`NotAUnitWorkbookError` when it is a workbook but not a 绩效目标 workbook.
    """
    unit = open_unit(path, engine, copies=copies)
    result = read_unit(unit)
    missing = [f.message for f in result.findings if f.code in MISSING_SHEET_CODES]
    if complete and missing:
        hint = "（请用 xlperf new 生成的模板补齐该工作表）"
        raise InputFileError(unit.name, "；".join(missing) + hint)
    return result


def read_unit(unit: UnitFile) -> ReadResult:
    """The model of a file read (without the checks); findings carry the file name.

    Raises:
        NotAUnitWorkbookError: when it is a workbook but not a 绩效目标 workbook.
    """
    try:
        result = read_book(unit.grids)
    except NotATemplateError as exc:
        raise NotAUnitWorkbookError(unit.name, f"不是绩效目标工作簿，{exc}") from exc
    result.findings = [f.model_copy(update={"file": unit.name}) for f in result.findings]
    return result


@dataclass
class Checked:
    """One workbook checked: its model (None when unreadable) and all its findings."""

    path: Path
    book: UnitWorkbook | None
    findings: list[Finding]
    reason: str | None = None  # why the file cannot be read (its one R011 finding says it too)
    skipped: str | None = None  # why the file is not checked (an output of xlperf's own)
    digest: str = ""  # fingerprint of the bytes read

    @property
    def unreadable(self) -> bool:
        return self.reason is not None

    @property
    def name(self) -> str:
        """The file's name as shown to people."""
        return display_path(str(self.path))


def not_checked(skipped: Skipped) -> Checked:
    """What ``check`` says of a file met in a folder and not read (see ``discover``)."""
    if skipped.unreadable:
        return _unreadable(Path(skipped.path), skipped.path, skipped.reason)
    return Checked(Path(skipped.path), None, [], skipped=skipped.reason)


def _unreadable(path: Path, name: str, reason: str) -> Checked:
    return Checked(path, None, [reading.UNREADABLE.at(file=name, reason=reason)], reason)


def check_file(path: Path, *, select: Collection[str] | None = None,
               ignore: Collection[str] | None = None, engine: Engine = "calamine",
               copies: bool = True) -> Checked:
    """Read and check one workbook; an unusable file becomes one R011 finding, not an error.

    A workbook xlperf wrote that is not a unit's (summary, roster, review) is not checked:
    ``skipped`` says what it is; so is an annotated copy unless ``copies``.
    """
    path = Path(path)
    if is_document(path):  # a 绩效文本 (Word, PDF, text): read and checked in memory
        from xlperf.files.docread import check_document

        return check_document(Path(path), select=select, ignore=ignore)
    try:
        unit = open_unit(path, engine, copies=copies)
        checked = check_unit_file(unit, select=select, ignore=ignore)
    except OwnOutputError as exc:
        return Checked(path, None, [], skipped=exc.reason)
    except InputFileError as exc:
        return _unreadable(path, display_path(str(path)), exc.reason)
    except XlperfError as exc:
        return _unreadable(path, display_path(str(path)), str(exc))
    return Checked(path, checked.book, checked.findings, digest=unit.digest)
