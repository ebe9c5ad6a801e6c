"""A rendered sheet as plain data: cells with style keys, merges, validations, print setup.

``render`` builds these from the models and ``layout``; the openpyxl adapter only materialises
them, so the look of every workbook is decided in one pure place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xlperf.core.workbook.grid import CellValue, a1
from xlperf.core.workbook.layout import Span


class Formula(str):
    """A cell formula such as ``=E3&"绩效目标表"``; any other text is written as literal text."""


@dataclass(frozen=True)
class CellSpec:
    """One cell: its value (text is always literal unless it is a :class:`Formula`)."""

    value: CellValue
    style: str
    link: str | None = None  # internal target such as "'项目1'!A1"


@dataclass(frozen=True)
class Validation:
    """A list dropdown on some cells."""

    source: str  # formula1, e.g. "=一级指标列表" or "=INDIRECT($A$10)"
    cells: tuple[str, ...]  # A1 ranges
    error_style: str = "warning"  # stop | warning | information
    show_error: bool = True
    prompt_title: str | None = None
    prompt: str | None = None


@dataclass
class SheetSpec:
    """Everything the template writer needs to produce one sheet."""

    name: str
    cells: dict[tuple[int, int], CellSpec] = field(default_factory=dict)
    merges: list[Span] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    validations: list[Validation] = field(default_factory=list)
    print_area: Span | None = None
    title_rows: tuple[int, int] | None = None
    landscape: bool = False
    protected: bool = False
    hidden: bool = False
    freeze: str | None = None
    footer: str | None = "第 &P 页，共 &N 页"
    row_breaks: list[int] = field(default_factory=list)  # manual page breaks after these rows
    first_page_number: int | None = None  # None: continue from the sheet printed before

    def put(self, row: int, col: int, value: CellValue, style: str,
            link: str | None = None) -> None:
        """Set one cell."""
        self.cells[(row, col)] = CellSpec(value, style, link)

    def put_span(self, span: Span, value: CellValue, style: str) -> None:
        """Set the top-left cell of span, style every cell of it and merge it if it is wider."""
        r1, c1, r2, c2 = span
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                self.cells[(r, c)] = CellSpec(value if (r, c) == (r1, c1) else None, style)
        if (r1, c1) != (r2, c2):
            self.merges.append(span)

    @property
    def last_row(self) -> int:
        return max((r for r, _ in self.cells), default=1)


@dataclass
class BookSpec:
    """All sheets of a workbook plus its defined names (name → reference)."""

    sheets: list[SheetSpec]
    names: dict[str, str] = field(default_factory=dict)


def span_ref(span: Span) -> str:
    """(3, 2, 3, 3) → "B3:C3"."""
    r1, c1, r2, c2 = span
    start, end = a1(r1, c1), a1(r2, c2)
    return start if start == end else f"{start}:{end}"
