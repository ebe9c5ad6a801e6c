"""openpyxl adapter: read a workbook file into grids; write sheet specs into a workbook file.

Written files are byte-for-byte reproducible, so ``workbooks/`` can be compared with what the
generator makes. (``patch`` applies edits to a user's file, ``xlsm`` adds macros and buttons.)
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from xlperf.core.workbook.grid import BookGrids, CellValue, SheetGrid, col_letter
from xlperf.core.workbook.layout import STYLES, Style
from xlperf.core.workbook.pages import MARGIN_SIDE, MARGIN_TOP_BOTTOM
from xlperf.core.workbook.sheetspec import BookSpec, Formula, SheetSpec, span_ref
from xlperf.errors import InputFileError, describe
from xlperf.files import xlsxguard
from xlperf.files.fileio import atomic_write
from xlperf.files.openpyxl_compat import lenient_reading

#: Fixed document dates and zip timestamps: the same spec always gives the same bytes.
FIXED_TIME = dt.datetime(2026, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------- reading
def load_grids(path: Path) -> BookGrids:
    """Read every sheet's values (cached formula results, not formulas) with openpyxl.

    Each sheet is read up to its farthest cell holding something, inside the window of
    ``xlsxguard.LIMITS`` (cells beyond are left out; the reader reports them, R014).

    Raises:
        InputFileError: when the file cannot be opened as a workbook.
    """
    return package_grids(xlsxguard.open_package(Path(path)))


def package_grids(package: xlsxguard.Package) -> BookGrids:
    """The grids of an inspected workbook file (see :func:`load_grids`).

    Raises:
        InputFileError: when openpyxl cannot open the workbook or read a sheet.
    """
    reader = WindowReader(package)
    try:
        sheets = [reader.sheet(ws.title, reader.package.sheets.get(ws.title))
                  for ws in reader.wb.worksheets]
    finally:
        reader.close()
    return BookGrids(tuple(sheets), name=package.path.name)


class WindowReader:
    """openpyxl's read-only view of an inspected workbook, one sheet at a time, inside the window.

    Raises:
        InputFileError: when openpyxl cannot open the workbook or read a sheet.
    """

    def __init__(self, package: xlsxguard.Package) -> None:
        self.package = package
        try:
            with lenient_reading():
                self.wb = openpyxl.load_workbook(package.stream(), read_only=True,
                                                 data_only=True)
        except Exception as exc:  # openpyxl raises many types for damaged files
            raise InputFileError(str(package.path), "工作簿已损坏，无法打开") from exc

    def sheet(self, name: str, scan: xlsxguard.SheetScan | None) -> SheetGrid:
        limits = xlsxguard.LIMITS
        scan = scan or xlsxguard.SheetScan(name, "", unplaced=True)  # not placed by the scan
        if scan.unplaced:  # cells without positions: only openpyxl can count them
            rows, cols = limits.rows, limits.columns
        else:
            rows, cols = scan.last_row, scan.last_col
        outside = (scan.first_outside or "", scan.outside) if scan.outside else None
        if not rows or not cols:
            return SheetGrid(name, [], outside=outside)
        try:
            ws = self.wb[name]
            ws.reset_dimensions()
            with lenient_reading():  # a read-only sheet is parsed as it is iterated
                values: list[list[CellValue]] = [
                    list(r) for r in ws.iter_rows(max_row=rows, max_col=cols, values_only=True)]
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for damaged sheets
            raise InputFileError(str(self.package.path), xlsxguard.sheet_damage(name, exc)) from exc
        return SheetGrid(name, _trim(values), outside=outside)

    def close(self) -> None:
        self.wb.close()


def contents(path: Path) -> io.BytesIO:
    """A workbook file's bytes, for openpyxl: judged by content, whatever its extension
    (openpyxl refuses a workbook named .txt by its name alone)."""
    try:
        return io.BytesIO(Path(path).read_bytes())
    except OSError as exc:
        raise InputFileError(str(path), f"无法读取文件：{describe(exc)}") from exc


def damaged(path: Path) -> InputFileError:
    """The error for a file that looks like a workbook but that no library can open."""
    return InputFileError(str(path), "文件已损坏，无法作为工作簿打开；请在 Excel/WPS 中打开后"
                                     "另存为 .xlsx，或从模板重新填写")


def _trim(rows: list[list[CellValue]]) -> list[list[CellValue]]:
    """Drop trailing empty rows (formatted but empty rows are common in Excel files)."""
    while rows and all(v is None or v == "" for v in rows[-1]):
        rows.pop()
    return rows


# --------------------------------------------------------------------------- writing
def write_book(spec: BookSpec, path: Path) -> None:
    """Write a workbook spec to path atomically, with reproducible bytes.

    Raises:
        OutputFileError: when the folder does not exist or the file cannot be written.
    """
    save(build_workbook(spec), path)


def build_workbook(spec: BookSpec) -> Workbook:
    """Materialise a workbook spec as an openpyxl workbook."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in spec.sheets:
        fill_sheet(wb.create_sheet(sheet.name), sheet)
    for name, ref in spec.names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    wb.calculation.fullCalcOnLoad = True  # our formulas carry no cached values
    return wb


def fill_sheet(ws: Worksheet, spec: SheetSpec) -> None:
    """Write one sheet spec into an empty worksheet."""
    for (row, col), cell_spec in sorted(spec.cells.items()):
        cell = ws.cell(row, col)
        if cell_spec.value is not None:
            cell.value = cell_spec.value
            if isinstance(cell_spec.value, str) and not isinstance(cell_spec.value, Formula):
                cell.data_type = "s"  # "=12个" typed by a unit is text, never a formula
        _apply_style(cell, cell_spec.style)
        if cell_spec.link:
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=cell_spec.link,
                                       display=str(cell_spec.value))
    for span in spec.merges:
        ws.merge_cells(span_ref(span))
    for col, width in spec.widths.items():
        ws.column_dimensions[col_letter(col)].width = width
    for row, height in spec.heights.items():
        ws.row_dimensions[row].height = height
    for validation in spec.validations:
        dv = DataValidation(
            type="list",
            formula1=validation.source.removeprefix("="),
            allow_blank=True,
            errorStyle=validation.error_style,
            showErrorMessage=validation.show_error,
            showInputMessage=validation.prompt is not None,
            promptTitle=validation.prompt_title,
            prompt=validation.prompt,
            errorTitle="请核对" if validation.show_error else None,
            error="输入的内容不在下拉列表中，确定要保留吗？" if validation.show_error else None,
        )
        dv.sqref = " ".join(validation.cells)
        ws.add_data_validation(dv)
    _page_setup(ws, spec)
    if spec.freeze:
        ws.freeze_panes = spec.freeze
    if spec.hidden:
        ws.sheet_state = "hidden"
    if spec.protected:
        _protect(ws)


def _page_setup(ws: Worksheet, spec: SheetSpec) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if spec.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_SIDE
    ws.page_margins.top = ws.page_margins.bottom = MARGIN_TOP_BOTTOM
    if spec.print_area:
        ws.print_area = span_ref(spec.print_area)
    if spec.title_rows:
        ws.print_title_rows = f"{spec.title_rows[0]}:{spec.title_rows[1]}"
    if spec.footer:
        ws.oddFooter.center.text = spec.footer
        ws.oddFooter.center.font = "宋体"
        ws.oddFooter.center.size = 9
    for row in spec.row_breaks:
        ws.row_breaks.append(Break(id=row))
    if spec.first_page_number is not None:
        ws.page_setup.firstPageNumber = spec.first_page_number
        ws.page_setup.useFirstPageNumber = True


def _protect(ws: Worksheet) -> None:
    """Protect labels (no password) but let users insert, delete and resize rows."""
    protection = ws.protection
    protection.sheet = True
    protection.formatCells = False
    protection.formatRows = False
    protection.formatColumns = False
    protection.insertRows = False
    protection.deleteRows = False
    protection.insertHyperlinks = False


@cache
def _style_parts(key: str) -> tuple[Font, Alignment, Border, Protection, str]:
    style: Style = STYLES[key]
    font = Font(
        name=style.font, size=style.size, bold=style.bold, color=style.color,
        underline="single" if style.underline else None, charset=134,
    )
    alignment = Alignment(horizontal=style.halign, vertical=style.valign, wrap_text=style.wrap)
    side = Side(style="thin") if style.border else Side()
    border = Border(left=side, right=side, top=side, bottom=side)
    return font, alignment, border, Protection(locked=style.locked), style.number_format


def _apply_style(cell: Cell, key: str) -> None:
    font, alignment, border, protection, number_format = _style_parts(key)
    cell.font = font
    cell.alignment = alignment
    cell.border = border
    cell.protection = protection
    cell.number_format = number_format


def save(wb: Workbook, path: Path, fix: Callable[[str, bytes], bytes] | None = None) -> None:
    """Save atomically (temp file + rename) with reproducible bytes; .xlsm keeps its VBA.

    ``fix(part name, bytes)`` may rewrite parts openpyxl wrote (files.xlsm tidies drawings).

    Raises:
        OutputFileError: when the folder does not exist or the file cannot be written.
    """
    wb.properties.creator = "xlperf"
    wb.properties.lastModifiedBy = "xlperf"
    wb.properties.created = wb.properties.modified = FIXED_TIME

    def write(tmp: Path) -> None:
        wb.save(tmp)
        _normalise_zip(tmp, fix)

    atomic_write(path, write)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _normalise_zip(path: Path, fix: Callable[[str, bytes], bytes] | None = None) -> None:
    """Rewrite a saved workbook so the same content always gives the same bytes.

    openpyxl stamps the save time into every zip entry and into docProps/core.xml, and lists
    VBA parts and content-type defaults in set order, which changes between runs: entries are
    rewritten sorted ([Content_Types].xml first), with fixed timestamps and sorted defaults.
    """
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as src:
        infos = sorted(src.infolist(),
                       key=lambda i: (i.filename != "[Content_Types].xml", i.filename))
        entries = [(info, src.read(info)) for info in infos]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            elif info.filename == "[Content_Types].xml":
                data = _sorted_defaults(data)
            elif fix is not None:
                data = fix(info.filename, data)
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, data)


_DEFAULT = re.compile(rb"<Default [^>]*/>")


def _sorted_defaults(types: bytes) -> bytes:
    """The content types with their (adjacent) ``<Default>`` elements in sorted order."""
    defaults = _DEFAULT.findall(types)
    if not defaults:
        return types
    first = types.index(defaults[0])
    rest = _DEFAULT.sub(b"", types)
    return rest[:first] + b"".join(sorted(defaults)) + rest[first:]
