"""Fast reader: workbook file → grids through python-calamine (Rust), for bulk consolidation.

Gives the same grids as ``xlsx.load_grids`` up to number types (calamine returns every number as
a float and dates as ``date``), which the reader's conversions absorb.

calamine only ever sees a file ``xlsxguard`` has inspected, and only sheets whose cells lie
inside the window of :data:`~xlperf.files.xlsxguard.LIMITS`: it sizes a sheet by its farthest
cell, so a sheet reaching beyond is read by openpyxl inside the window instead (the cells
outside are left out and reported by the reader, R014).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

from xlperf.core.workbook.grid import BookGrids, CellValue, SheetGrid
from xlperf.errors import InputFileError
from xlperf.files import xlsxguard


def load_grids(path: Path, *, skip: Collection[str] = (),
               limits: xlsxguard.Limits = xlsxguard.LIMITS) -> BookGrids:
    """Read every worksheet's cached values (but those of the sheets named in ``skip``).

    ``limits`` are a unit's workbook's unless the file is one xlperf writes itself and keeps
    (the review workbook of a whole county is larger).

    Raises:
        InputFileError: when the file cannot be opened as a workbook (see ``xlsxguard``).
    """
    return package_grids(xlsxguard.open_package(Path(path), limits), skip=skip)


def package_grids(package: xlsxguard.Package, *, skip: Collection[str] = ()) -> BookGrids:
    """The grids of an inspected workbook file.

    Raises:
        InputFileError: when a sheet cannot be read.
    """
    name = str(package.path)
    try:
        wb = CalamineWorkbook.from_filelike(package.stream())
        metas = wb.sheets_metadata
    except BaseException as exc:  # noqa: BLE001 - a Rust panic is a BaseException
        _reraise_interrupt(exc)
        raise InputFileError(name, "工作簿目录已损坏，无法读取") from exc
    sheets = []
    windowed = None
    for meta in metas:
        if meta.typ != SheetTypeEnum.WorkSheet or meta.name in skip:
            continue
        # a sheet the scan could not place is read like one without cell positions: in the window
        scan = package.sheets.get(meta.name) or xlsxguard.SheetScan(meta.name, "", unplaced=True)
        if scan.bounded:
            try:
                rows = wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            except BaseException as exc:  # noqa: BLE001 - CalamineError, ValueError or a panic
                _reraise_interrupt(exc)
                raise InputFileError(name, xlsxguard.sheet_damage(meta.name, exc)) from exc
            sheets.append(SheetGrid(meta.name, _clean(rows)))
        else:
            from xlperf.files import xlsx  # openpyxl: only for a sheet beyond the window

            windowed = windowed or xlsx.WindowReader(package)
            sheets.append(windowed.sheet(meta.name, scan))
    if windowed:
        windowed.close()
    return BookGrids(tuple(sheets), name=package.path.name)


def _reraise_interrupt(exc: BaseException) -> None:
    """Let an interrupt through; anything else (a Rust panic too) is this file's fault."""
    if not isinstance(exc, Exception | CalamineError) and type(exc).__name__ != "PanicException":
        raise exc


def _clean(rows: Sequence[Sequence[CellValue]]) -> list[list[CellValue]]:
    out = [[None if v == "" else v for v in row] for row in rows]
    while out and all(v is None for v in out[-1]):
        out.pop()
    return out
