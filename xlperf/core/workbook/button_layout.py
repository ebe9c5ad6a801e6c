"""Where the workbook buttons go: form buttons as data, placed on the sheets (pure).

``files.vml`` draws them as the VML shapes Excel stores form buttons in; the VBA each one runs is
in ``macros/``.

Positions: a button spans from a cell corner plus a pixel offset to another; columns and rows
are 1-based as everywhere in xlperf. Buttons sit outside the print area, on empty cells, and
are marked not to print.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from xlperf.core.workbook import layout as L
from xlperf.core.workbook.sheetspec import BookSpec

#: Excel's default column (pixels) and row height (points) for the Calibri 11 default font.
DEFAULT_COLUMN_PX = 64
DEFAULT_HEIGHT = 15.0
#: Maximum digit width of the default font in pixels (Calibri 11).
_DIGIT_PX = 7

#: The unit workbook's buttons: (VBA Sub in macros/XlperfUnit.bas, caption).
FILL_DEFAULTS = ("FillDefaults", "填充默认值")
CHECK = ("CheckWorkbook", "校验")
REFRESH_TOC = ("RefreshToc", "生成目录")
EXPORT_WORD = ("ExportWord", "导出 Word")
FIX = ("FixWorkbook", "一键修正")
UNIT_MACROS = (FILL_DEFAULTS, CHECK, FIX, REFRESH_TOC, EXPORT_WORD)
#: The summary workbook's buttons (macros/XlperfSummary.bas).
CONSOLIDATE = ("Consolidate", "汇总")
REVIEW = ("Review", "审核")


@dataclass(frozen=True)
class Corner:
    """A point on the sheet: a cell's top-left corner plus an offset in pixels."""

    col: int
    dx: int
    row: int
    dy: int


@dataclass(frozen=True)
class Button:
    """One form button: the parameterless VBA Sub it runs, its caption, where it sits."""

    macro: str
    caption: str
    top_left: Corner
    bottom_right: Corner


def column_px(width: float | None) -> int:
    """Pixels of a column whose stored width is ``width`` (ECMA-376 18.3.1.13), or a default one."""
    if width is None:
        return DEFAULT_COLUMN_PX
    return int((256 * width + int(128 / _DIGIT_PX)) / 256 * _DIGIT_PX)


def row_px(height: float | None) -> int:
    """Pixels of a row of ``height`` points at 96 dpi."""
    return round((DEFAULT_HEIGHT if height is None else height) * 96 / 72)


def in_row(macros: Sequence[tuple[str, str]], col: int, row: int,
           widths: Mapping[int, float], *, left: int = 4, width: int = 136, gap: int = 4,
           top: int = 4, height: int = 32) -> list[Button]:
    """Buttons side by side in one row, from column ``col`` on (running into the next columns).

    ``width`` leaves room for a five-character caption also in LibreOffice, whose columns are
    wider and whose PDF export draws button text larger than Excel shows it.
    """
    buttons = []
    for n, (macro, caption) in enumerate(macros):
        x = left + n * (width + gap)
        buttons.append(Button(macro, caption, Corner(*_column_at(col, x, widths), row, top),
                              Corner(*_column_at(col, x + width, widths), row, top + height)))
    return buttons


def _column_at(col: int, x: int, widths: Mapping[int, float]) -> tuple[int, int]:
    """(column, offset) of the point ``x`` pixels right of column ``col``'s left edge."""
    while x >= column_px(widths.get(col)):
        x -= column_px(widths.get(col))
        col += 1
    return col, x


def stacked(macros: Sequence[tuple[str, str]], col: int, row: int, *, left: int = 8,
            right: int = 8, rows_each: int = 2, bottom: int = 16) -> list[Button]:
    """Buttons one under another, each from column ``col`` to just into ``col + 2``.

    Offsets stay below 17 px vertically and 64 px horizontally, the smallest default row and
    column any spreadsheet program uses, so a button never reaches past its anchor cells.
    """
    buttons = []
    for n, (macro, caption) in enumerate(macros):
        first = row + n * rows_each
        buttons.append(Button(macro, caption, Corner(col, left, first, 2),
                              Corner(col + 2, right, first + rows_each - 1, bottom)))
    return buttons


def unit_buttons(spec: BookSpec) -> dict[str, list[Button]]:
    """Where the buttons go in a unit workbook, by sheet name.

    封面: stacked right of the 单位信息 hints (rows 2–7 are above the printed cover). 目录:
    生成目录 above the links column, outside the print area. Project sheets: side by side in the
    top row from the live-check column I on, outside the print area and on no input.
    """
    placed: dict[str, list[Button]] = {}
    for sheet in spec.sheets:
        if sheet.name == L.COVER_SHEET:
            placed[sheet.name] = stacked(UNIT_MACROS, col=len(L.COVER_WIDTHS) + 1, row=2)
        elif sheet.name == L.TOC_SHEET:
            placed[sheet.name] = [Button(*REFRESH_TOC, Corner(L.TOC_LINK_COL, 8, 1, 4),
                                         Corner(L.TOC_LINK_COL, 144, 1, 36))]
        elif L.PROJECT_FEEDBACK_COL in sheet.widths and sheet.name not in (
            L.DEPARTMENT_SHEET, L.CODES_SHEET
        ):
            placed[sheet.name] = in_row(UNIT_MACROS, L.PROJECT_FEEDBACK_COL, L.ROW_TITLE,
                                        sheet.widths)
    return placed
