"""How a rendered sheet falls onto printed A4 pages (pure).

Every sheet of a unit workbook prints fitted to the page width, with explicit row heights and
its title rows repeated; from these the pages can be counted ahead of printing. The 目录 uses it
for its page numbers, and 第一部分 to repeat a table's header where the table runs onto a new
page. Excel and LibreOffice print generated workbooks with the heights written, so the count
matches what they print (a test compares it with LibreOffice's PDF).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from xlperf.core.workbook.button_layout import column_px

POINTS_PER_MM = 72 / 25.4
#: A4, and the margins every sheet prints with (inches, as Excel stores them).
PAPER = (210 * POINTS_PER_MM, 297 * POINTS_PER_MM)
MARGIN_SIDE = 0.5
MARGIN_TOP_BOTTOM = 0.7
#: The height of a row without an explicit height (points).
DEFAULT_ROW = 15.0


@dataclass(frozen=True)
class PageFrame:
    """What one printed page of a sheet holds, in the sheet's own points."""

    height: float  # sheet points that fit on a page below the repeated title rows
    first_height: float  # the same for the first page (its title rows are in the body)

    @classmethod
    def of(cls, widths: Mapping[int, float], columns: range, titles: float,
           landscape: bool = False) -> PageFrame:
        """The frame of a sheet printed one page wide: ``titles`` is the title rows' height."""
        paper_w, paper_h = (PAPER[1], PAPER[0]) if landscape else PAPER
        printable_w = paper_w - 2 * MARGIN_SIDE * 72
        printable_h = paper_h - 2 * MARGIN_TOP_BOTTOM * 72
        content_w = sum(column_px(widths.get(c)) for c in columns) * 0.75
        # Fitted to the width, in whole percent as Excel scales (never enlarged).
        scale = min(100, math.floor(100 * printable_w / content_w)) / 100 if content_w else 1.0
        body = printable_h / scale
        return cls(height=body - titles, first_height=body)


def page_starts(heights: list[float], frame: PageFrame, breaks: frozenset[int] = frozenset(),
                first: int = 1) -> list[int]:
    """The first row of each printed page, for rows ``first`` … numbered from ``first``.

    A row never splits; ``breaks`` are manual page breaks (after those rows).
    """
    starts = [first]
    room = frame.first_height
    for offset, height in enumerate(heights):
        row = first + offset
        if height > room and row != starts[-1]:
            starts.append(row)
            room = frame.height
        room -= height
        if row in breaks:
            starts.append(row + 1)
            room = frame.height
    if starts[-1] > first + len(heights) - 1 and len(starts) > 1:
        starts.pop()  # a break after the last row starts no page
    return starts
