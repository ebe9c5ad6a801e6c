"""Fast reader: workbook file → grids through python-calamine (Rust), for bulk consolidation.

Gives the same grids as ``xlsx.load_grids`` up to number types (calamine returns every number as
a float and dates as ``date``), which the reader's conversions absorb.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from xlperf.core.grid import BookGrids, CellValue, SheetGrid
from xlperf.errors import InputFileError
from xlperf.files.filetype import check_workbook_file


def load_grids(path: Path, *, skip: Collection[str] = ()) -> BookGrids:
    """Read every worksheet's cached values (but those of the sheets named in ``skip``).

    Raises:
        InputFileError: when the file cannot be opened as a workbook.
    """
    check_workbook_file(path)
    try:
        wb = CalamineWorkbook.from_path(str(path))
        sheets = []
        for meta in wb.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet or meta.name in skip:
                continue
            rows = wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            hidden = meta.visible != SheetVisibleEnum.Visible
            sheets.append(SheetGrid(meta.name, _clean(rows), hidden=hidden))
    except (CalamineError, ValueError, OSError) as exc:
        raise InputFileError(str(path), "文件已损坏，无法作为工作簿读取；请在 Excel/WPS 中打开后"
                                        "另存为 .xlsx，或从模板重新填写") from exc
    return BookGrids(tuple(sheets), name=path.name)


def _clean(rows: list[list[CellValue]]) -> list[list[CellValue]]:
    out = [[None if v == "" else v for v in row] for row in rows]
    while out and all(v is None for v in out[-1]):
        out.pop()
    return out
