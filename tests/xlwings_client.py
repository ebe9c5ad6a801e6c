"""Test helpers that stand in for Excel's side of xlwings on Linux.

- :func:`payload`: an .xlsx/.xlsm file → the JSON the xlwings VBA client (``Remote.bas``) sends;
- :func:`replay`: the actions the remote engine returns → applied to the file with openpyxl, as
  the VBA client would apply them to the open workbook;
- :func:`count_calls`: how many value reads and writes went through ``xlwings.main.Range``;
- :data:`VBA_CLIENT_ACTIONS`: the 37 actions the VBA client implements (xlwings 0.37.8
  ``addin/Remote.bas``); an action outside this set would fail in Excel.

xlwings' remote engine is PRO code: it needs ``XLWINGS_LICENSE_KEY=noncommercial`` (set by
:func:`load_xlwings` before the first import). The pure-core tests never import this module.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

VBA_CLIENT_ACTIONS = frozenset("""
activateSheet addHyperlink addPicture addSheet addTable alert copyRange deletePicture nameDelete
namesAdd rangeClear rangeClearContents rangeClearFormats rangeDelete rangeInsert rangeSelect
resizeTable runMacro setAutofit setNumberFormat setPictureHeight setPictureName setPictureWidth
setRangeColor setRangeName setSheetName setTableName setTableStyle setValues sheetClear
sheetClearContents sheetClearFormats sheetDelete showAutofilterTable showHeadersTable
showTotalsTable updatePicture
""".split())


def load_xlwings() -> Any:
    """Import xlwings with its remote engine and real ``@xw.script`` (as on xlwings Server)."""
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    os.environ.setdefault("XLWINGS_ON_SERVER", "true")
    import xlwings

    return xlwings


def _cell_json(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        # Remote.bas sends local times in ISO form (its ConvertToIso skips the UTC step).
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00.000Z"
    if isinstance(value, dt.time):
        return value.strftime("1899-12-30T%H:%M:%S.000Z")
    return value


def payload(path: Path, *, version: str, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """What the VBA client posts for a workbook: cached values from A1 to the used range."""
    wb = openpyxl.load_workbook(path, data_only=True)
    sheets = []
    for ws in wb.worksheets:
        if ws.title in exclude or (ws.max_row == 1 and ws.max_column == 1 and ws["A1"].value
                                   is None):
            values: list[list[Any]] = [[]]
        else:
            values = [[_cell_json(v) for v in row] for row in ws.iter_rows(
                min_row=1, min_col=1, max_row=ws.max_row, max_col=ws.max_column,
                values_only=True)]
        sheets.append({"name": ws.title, "values": values, "pictures": [], "tables": []})
    return {
        "client": "VBA",
        "version": version,
        "book": {"name": Path(path).name, "active_sheet_index": 0, "selection": "A1"},
        "names": _names(wb),
        "sheets": sheets,
    }


def _names(wb: openpyxl.Workbook) -> list[dict[str, Any]]:
    """Workbook-scoped names that refer to one range (what Remote.bas collects)."""
    found = []
    for name, defined in wb.defined_names.items():
        destinations = list(defined.destinations)
        if len(destinations) != 1:
            continue
        sheet, ref = destinations[0]
        found.append({"name": name, "sheet_index": wb.sheetnames.index(sheet),
                      "address": ref.replace("$", ""), "book_scope": True,
                      "scope_sheet_name": None, "scope_sheet_index": None})
    return found


def replay(actions: list[dict[str, Any]], source: Path, target: Path) -> list[str]:
    """Apply actions to a copy of ``source`` (saved as ``target``); return the alert texts."""
    keep_vba = Path(source).suffix == ".xlsm"
    wb = openpyxl.load_workbook(source, keep_vba=keep_vba)
    alerts = []
    for action in actions:
        func, args = action["func"], action["args"]
        if func == "alert":
            alerts.append(args[0])
            continue
        if func == "addSheet":
            wb.create_sheet(args[1], index=args[0])
            continue
        ws = wb.worksheets[action["sheet_position"]]
        if func == "namesAdd":  # a sheet's name; Print_Area is its print area
            name, refers_to = args
            assert name == "Print_Area", f"replay only knows the print area, not {name}"
            ws.print_area = refers_to.split("!")[1].replace("$", "")
            continue
        cells = [ws.cell(action["start_row"] + 1 + r, action["start_column"] + 1 + c)
                 for r in range(action["row_count"]) for c in range(action["column_count"])]
        if func == "setValues":
            flat = [v for row in action["values"] for v in row]
            for cell, value in zip(cells, flat, strict=True):
                if isinstance(value, str) and value.startswith("'"):
                    value = value[1:]  # Excel's text prefix: stored as text, not shown
                cell.value = None if value == "" else value
        elif func == "rangeClear":
            for cell in cells:
                cell.value, cell.hyperlink, cell.style = None, None, "Normal"
        elif func == "rangeClearContents":
            for cell in cells:
                cell.value = None
        elif func == "setRangeColor":
            colour = args[0].lstrip("#").upper()
            for cell in cells:
                cell.fill = PatternFill("solid", fgColor=colour)
        elif func == "addHyperlink":
            address, text, tip = args
            for cell in cells:
                location = address[1:] if address.startswith("#") else None
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=location,
                                           target=None if location else address, tooltip=tip,
                                           display=text)
                cell.value = text
        elif func == "setAutofit" and args == ["columns"]:
            # Excel fits each column to its widest text (at most 255 characters wide)
            for col in range(action["start_column"] + 1,
                             action["start_column"] + action["column_count"] + 1):
                texts = [str(c.value) for c in cells if c.column == col and c.value is not None]
                width = max((sum(2 if ord(ch) > 0x2E7F else 1 for ch in t) for t in texts),
                            default=8)
                ws.column_dimensions[get_column_letter(col)].width = min(width + 1, 255)
        else:
            raise AssertionError(f"replay does not know action {func}")
    wb.save(target)
    return alerts


@contextlib.contextmanager
def count_calls() -> Iterator[dict[str, int]]:
    """Count value reads and writes: every engine goes through ``xlwings.main.Range.raw_value``."""
    import xlwings.main

    counts = {"read": 0, "write": 0}
    original = xlwings.main.Range.raw_value

    def read(self: Any) -> Any:
        counts["read"] += 1
        return original.fget(self)

    def write(self: Any, value: Any) -> None:
        counts["write"] += 1
        original.fset(self, value)

    xlwings.main.Range.raw_value = property(read, write)
    try:
        yield counts
    finally:
        xlwings.main.Range.raw_value = original


def sheet_values(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's values (formulas as written), trailing empty rows dropped."""
    wb = openpyxl.load_workbook(path)
    result = {}
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        while rows and all(v is None for v in rows[-1]):
            rows.pop()
        result[ws.title] = rows
    return result


def hyperlinks(path: Path, sheet: str) -> dict[str, str | None]:
    """Cell → internal link location of one sheet."""
    ws = openpyxl.load_workbook(path)[sheet]
    return {f"{get_column_letter(c.column)}{c.row}": c.hyperlink.location
            for row in ws.iter_rows() for c in row if c.hyperlink is not None}
