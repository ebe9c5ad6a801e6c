"""A small streaming ``.xlsx`` writer for the county summary (stdlib only).

openpyxl builds a cell object per value; a county summary has a million cells, so this writer
streams each sheet's XML straight into the zip instead. It writes exactly what the summary needs:
shared strings, a handful of styles, column widths, a frozen header, an auto-filter, print titles,
A4 landscape fitted to the page width and page numbers in the footer.

Every string is written as a string cell, so text a unit typed that starts with ``=``, ``+``,
``-`` or ``@`` can never become a formula. Entries carry a fixed timestamp so the same tables give
the same bytes (only ``created``, the generation time in the document properties, varies).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlperf.core.summary.tables import Kind, Table
from xlperf.core.workbook.grid import col_letter
from xlperf.core.workbook.layout import LINE_HEIGHT
from xlperf.core.workbook.textwidth import column_room, wrapped_lines
from xlperf.files.fileio import atomic_write
from xlperf.files.xlsxparts import (
    GENERATOR,
    HEADER,
    INPUT,
    INPUT_HEADER,
    INT,
    LEFT_INT,
    LEFT_MONEY,
    MAIN,
    MONEY,
    NUMBER,
    REL,
    TEXT,
    TITLE,
    TOTAL_INT,
    TOTAL_MONEY,
    TOTAL_TEXT,
    WRAP,
    app_part,
    content_types,
    core_part,
    escape,
    root_rels,
    styles,
    workbook,
    workbook_rels,
)

WRAPPING = frozenset({HEADER, WRAP, INPUT, INPUT_HEADER})
FONT_SIZE = 10  # every cell but the title (see xlsxparts.styles)
LINE_POINTS = LINE_HEIGHT[FONT_SIZE]
_BODY = {Kind.TEXT: TEXT, Kind.WRAP: WRAP, Kind.MONEY: MONEY, Kind.INT: INT,
         Kind.NUMBER: NUMBER, Kind.INPUT: INPUT}
_TOTAL = {Kind.MONEY: TOTAL_MONEY, Kind.INT: TOTAL_INT}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
LEVEL = 1



def write_tables(tables: Sequence[Table], path: Path, *, title: str,
                 created: str | None = None) -> Path:
    """Write the tables as one workbook, atomically.

    Args:
        tables: one sheet each, in order.
        path: the output file (replaced only when complete).
        title: the document title (properties), e.g. 部门预算绩效目标汇总.
        created: ISO time for the document properties (``2026-11-24T09:30:00Z``); None to omit.

    Raises:
        OutputFileError: when the file cannot be written.
    """
    return atomic_write(Path(path), lambda tmp: _write(tables, tmp, title, created))


def generated_title(path: Path) -> str | None:
    """The title of a workbook this writer made, None for any other file."""
    try:
        with zipfile.ZipFile(path) as zf:
            core = zf.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    match = re.search(r"<dc:title>(.*?)</dc:title><dc:creator>" + GENERATOR + "<", core)
    return match.group(1) if match else None


def _write(tables: Sequence[Table], path: Path, title: str, created: str | None) -> None:
    strings: dict[str, int] = {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=LEVEL) as zf:
        for number, table in enumerate(tables, start=1):
            with zf.open(_info(f"xl/worksheets/sheet{number}.xml"), "w",
                         force_zip64=True) as out:
                for chunk in _sheet_xml(table, strings, selected=number == 1):
                    out.write(chunk.encode())
        _put(zf, "xl/sharedStrings.xml", _shared_strings(strings))
        _put(zf, "xl/styles.xml", styles())
        _put(zf, "xl/workbook.xml", workbook(tables))
        _put(zf, "xl/_rels/workbook.xml.rels", workbook_rels(len(tables)))
        _put(zf, "[Content_Types].xml", content_types(len(tables)))
        _put(zf, "_rels/.rels", root_rels())
        _put(zf, "docProps/core.xml", core_part(title, created))
        _put(zf, "docProps/app.xml", app_part(tables))


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    # Level 1: several times faster than the default 6 on a 100 MB sheet, ~20% larger file.
    # ZipFile.open(info, "w") reads only this private field (not in the stdlib stubs).
    info._compresslevel = LEVEL  # type: ignore[attr-defined]  # noqa: SLF001
    info.external_attr = 0o644 << 16
    return info


def _put(zf: zipfile.ZipFile, name: str, text: str) -> None:
    zf.writestr(_info(name), text.encode(), compresslevel=LEVEL)


# --------------------------------------------------------------------------- cells
def _number(value: Any) -> str | None:
    """The <v> of a number, or None when the value is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return str(value) if value.is_finite() else None
    if isinstance(value, float):
        return repr(value) if value == value and abs(value) != float("inf") else None
    return None


def _sheet_xml(table: Table, strings: dict[str, int], *, selected: bool) -> Iterator[str]:
    width = len(table.columns)
    letters = [col_letter(i) for i in range(1, width + 1)]
    last_data = 2 + len(table.rows)
    last = last_data + (1 if table.total else 0)
    tab = 'tabSelected="1" ' if selected else ""
    if table.frozen_cols:
        corner = f"{col_letter(table.frozen_cols + 1)}3"
        pane = (f'<pane xSplit="{table.frozen_cols}" ySplit="2" topLeftCell="{corner}" '
                f'activePane="bottomRight" state="frozen"/>'
                f'<selection pane="bottomRight" activeCell="{corner}" sqref="{corner}"/>')
    else:
        pane = ('<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A3" sqref="A3"/>')
    yield (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
           f'<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
           f'<dimension ref="A1:{letters[-1]}{last}"/>'
           f'<sheetViews><sheetView {tab}workbookViewId="0">{pane}</sheetView></sheetViews>'
           f'<sheetFormatPr defaultRowHeight="14.25"/><cols>')
    yield "".join(f'<col min="{i}" max="{i}" width="{c.width}" customWidth="1"/>'
                  for i, c in enumerate(table.columns, start=1))
    yield "</cols><sheetData>"
    yield (f'<row r="1" ht="24" customHeight="1">'
           f'<c r="A1" s="{TITLE}" t="s"><v>{_sid(strings, table.title)}</v></c></row>')
    widths = [c.width for c in table.columns]
    counts: dict[float, _LineCounts] = {}  # one per column width, shared by the rows' layouts
    headers = [INPUT_HEADER if c.kind == Kind.INPUT else HEADER for c in table.columns]
    yield _row(2, [c.header for c in table.columns],
               _Layout(headers, letters, widths, counts), strings)
    body = [_BODY.get(c.kind, TEXT) for c in table.columns]
    auto = [c.kind == Kind.AUTO for c in table.columns]
    layout = _Layout(body, letters, widths, counts)
    chunk: list[str] = []
    for r, values in enumerate(table.rows, start=3):
        if any(auto):
            layout = _Layout([_auto_style(v) if a else s
                              for v, a, s in zip(values, auto, body, strict=True)],
                             letters, widths, counts)
        chunk.append(_row(r, values, layout, strings))
        if len(chunk) >= 2000:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)
    if table.total:
        totals = [_TOTAL.get(c.kind, TOTAL_TEXT) for c in table.columns]
        yield _row(last, table.total, _Layout(totals, letters, widths, counts), strings)
    yield "</sheetData>"
    yield f'<autoFilter ref="A2:{letters[-1]}{max(last_data, 3)}"/>'
    if table.choices:
        yield _validations(table.choices, letters, max(last_data, 3))
    yield ('<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.7" header="0.3" '
           'footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" '
           'fitToHeight="0"/><headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页'
           '</oddFooter></headerFooter></worksheet>')


def _validations(choices: dict[int, tuple[str, ...]], letters: Sequence[str], last: int) -> str:
    """Dropdown lists on data rows of some columns (any other value is refused)."""
    items = []
    for col, options in sorted(choices.items()):
        listed = escape(",".join(options))
        items.append(f'<dataValidation type="list" allowBlank="1" showInputMessage="1" '
                     f'showErrorMessage="1" sqref="{letters[col - 1]}3:{letters[col - 1]}{last}">'
                     f'<formula1>"{listed}"</formula1></dataValidation>')
    return f'<dataValidations count="{len(items)}">{"".join(items)}</dataValidations>'


def _auto_style(value: Any) -> int:
    if isinstance(value, Decimal):
        return LEFT_MONEY
    if isinstance(value, int) and not isinstance(value, bool):
        return LEFT_INT
    return WRAP


def _lines(text: str, width: float) -> int:
    """How many lines wrapped text takes in a column of ``width`` characters."""
    return wrapped_lines(text, column_room(width, FONT_SIZE))


class _LineCounts(dict[str, int]):
    """:func:`_lines` of the texts met in columns of one width, each counted once (names and
    levels repeat on every indicator row)."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width = width

    def __missing__(self, text: str) -> int:
        lines = self[text] = _lines(text, self.width)
        return lines


class _Layout:
    """The styles of a row's cells, with what writing such a row needs at hand: the line counts
    of the wrapping columns (None for the others) and the row templates made so far."""

    def __init__(self, styles: Sequence[int], letters: Sequence[str], widths: Sequence[float],
                 counts: dict[float, _LineCounts]) -> None:
        self.styles = tuple(styles)
        self.letters = tuple(letters)
        self.counts = tuple(counts.setdefault(w, _LineCounts(w)) if s in WRAPPING else None
                            for s, w in zip(styles, widths, strict=True))
        self.templates: dict[str, str] = {}

    def template(self, shape: str) -> str:
        """The row's XML with %-places for its values: one letter of ``shape`` a cell
        (s: shared string, n: number, e: empty)."""
        made = self.templates.get(shape)
        if made is None:
            made = self.templates[shape] = _template(tuple(shape), self.styles, self.letters)
        return made


def _row(r: int, values: Sequence[Any], layout: _Layout, strings: dict[str, int]) -> str:
    """One row's XML: one %-format of a cached template per row shape (a million cells).

    The row number, in every cell's reference, is put in last for the template's NULs: what
    the %-format puts in (string indexes, numbers, a height) holds no NUL, nor can XML text.
    """
    shape = ""
    args: list[Any] = [""]
    lines = 1
    for value, count in zip(values, layout.counts, strict=True):
        if value.__class__ is str and value:  # the common case first
            if count is not None:
                # Neither Excel nor LibreOffice grows rows of a generated file: size them here.
                n = count[value]
                if n > lines:
                    lines = n
            index = strings.get(value)
            if index is None:
                index = strings[value] = len(strings)
            shape += "s"
            args.append(index)
        elif value is None or value == "":
            shape += "e"
        elif (number := _number(value)) is not None:
            shape += "n"
            args.append(number)
        else:
            shape += "s"
            args.append(_sid(strings, str(value)))
    if lines > 1:
        args[0] = f' ht="{lines * LINE_POINTS + 3:.1f}" customHeight="1"'
    return (layout.template(shape) % tuple(args)).replace("\0", str(r))


def _template(shape: tuple[str, ...], styles: tuple[int, ...], letters: tuple[str, ...]) -> str:
    """A row's XML: %s for its height, %d or %s for its values, NUL for its number."""
    cells = []
    for kind, style, letter in zip(shape, styles, letters, strict=True):
        if kind == "s":
            cells.append(f'<c r="{letter}\0" s="{style}" t="s"><v>%d</v></c>')
        elif kind == "n":
            cells.append(f'<c r="{letter}\0" s="{style}"><v>%s</v></c>')
        else:
            cells.append(f'<c r="{letter}\0" s="{style}"/>')
    return '<row r="\0"%s>' + "".join(cells) + "</row>"


def _sid(strings: dict[str, int], text: str) -> int:
    index = strings.get(text)
    if index is None:
        index = strings[text] = len(strings)
    return index


def _shared_strings(strings: dict[str, int]) -> str:
    items = []
    for text in strings:  # dicts keep insertion order = index order
        escaped = escape(text)
        space = ' xml:space="preserve"' if text != text.strip() else ""
        items.append(f"<si><t{space}>{escaped}</t></si>")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            + "".join(items) + "</sst>")


