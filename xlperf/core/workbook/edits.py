"""What a button changes in an open workbook, as plain data, and its rectangular blocks (pure).

A :class:`BookEdit` lists cell values, fill colours, internal hyperlinks, ranges to clear and
sheets to create, plus one message for the user. Adapters apply it: ``app.excel`` through
xlwings (one call per block, never reading back), ``files.patch`` through openpyxl. Blocks are
what make the xlwings path fast: :func:`blocks` groups cells into as few rectangles as it can
without ever writing a cell that is not part of the edit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from xlperf.core.workbook.grid import CellValue
from xlperf.core.workbook.layout import Span

Cell = tuple[int, int]


@dataclass(frozen=True)
class Link:
    """An internal hyperlink: target such as ``'项目1'!A1``, the text shown, a tooltip."""

    target: str
    text: str
    tip: str | None = None


@dataclass
class SheetEdit:
    """Changes to one sheet. ``create_at`` (0-based) adds the sheet when the book lacks it."""

    name: str
    values: dict[Cell, CellValue] = field(default_factory=dict)
    fills: dict[Cell, str | None] = field(default_factory=dict)  # "#RRGGBB" or None (no fill)
    links: dict[Cell, Link] = field(default_factory=dict)
    clear: list[Span] = field(default_factory=list)  # contents, formats and hyperlinks
    create_at: int | None = None
    #: Cell comments; only the file adapter writes them (the xlwings VBA client cannot).
    comments: dict[Cell, str] = field(default_factory=dict)
    #: Generated content (the 目录): its values replace what the cells hold, even in an edit
    #: that otherwise fills blank cells only.
    generated: bool = False
    #: Fit the columns of the written cells to their text (a list read on screen: 修正记录).
    autofit: bool = False
    #: The sheet's new print area (the 目录's grows and shrinks with its lines), None: unchanged.
    print_area: Span | None = None


@dataclass
class BookEdit:
    """Changes to a workbook, applied in order: create, clear, values, fills, links, message."""

    sheets: list[SheetEdit] = field(default_factory=list)
    message: str | None = None
    title: str = "xlperf"


@dataclass(frozen=True)
class Block:
    """A rectangle of values starting at (row, col), 1-based."""

    row: int
    col: int
    values: tuple[tuple[CellValue, ...], ...]

    @property
    def span(self) -> Span:
        """(first row, first col, last row, last col)."""
        return (self.row, self.col, self.row + len(self.values) - 1,
                self.col + len(self.values[0]) - 1)


def blocks(cells: Mapping[Cell, CellValue]) -> list[Block]:
    """Group cells into rectangles: runs along each row, stacked while their columns match.

    Every cell of every block is one of ``cells``; no cell outside them is ever included, so a
    block never overwrites what the edit does not mean to change (formulas, other inputs).
    """
    open_runs: dict[RunKey, list[list[CellValue]]] = {}  # → its rows so far
    starts: dict[RunKey, int] = {}
    done: list[Block] = []
    previous_row = None
    for row, runs in _row_runs(cells):
        if previous_row is not None and row != previous_row + 1:
            _close(open_runs, starts, set(), done)
        keys = set()
        for col, values in runs:
            key = (col, len(values))
            keys.add(key)
            if key in open_runs:
                open_runs[key].append(values)
            else:
                open_runs[key], starts[key] = [values], row
        _close(open_runs, starts, keys, done)
        previous_row = row
    _close(open_runs, starts, set(), done)
    return sorted(done, key=lambda b: (b.row, b.col))


Run = tuple[int, list[CellValue]]
"""Consecutive cells of one row: (first col, values)."""
RunKey = tuple[int, int]
"""A run's (first col, width)."""


def _row_runs(cells: Mapping[Cell, CellValue]) -> Iterable[tuple[int, list[Run]]]:
    """Per row (ascending): the runs of consecutive columns as (first col, values)."""
    by_row: dict[int, list[int]] = {}
    for row, col in cells:
        by_row.setdefault(row, []).append(col)
    for row in sorted(by_row):
        runs: list[Run] = []
        for col in sorted(by_row[row]):
            if runs and runs[-1][0] + len(runs[-1][1]) == col:
                runs[-1][1].append(cells[(row, col)])
            else:
                runs.append((col, [cells[(row, col)]]))
        yield row, runs


def _close(open_runs: dict[RunKey, list[list[CellValue]]], starts: dict[RunKey, int],
           keep: set[RunKey], done: list[Block]) -> None:
    """Turn every open run not continued in this row into a finished block."""
    for key in [k for k in open_runs if k not in keep]:
        rows = open_runs.pop(key)
        done.append(Block(starts.pop(key), key[0], tuple(tuple(r) for r in rows)))


def colour_blocks(fills: Mapping[Cell, str | None]) -> list[tuple[str | None, Block]]:
    """Fill colours as rectangles of one colour each (the block's values are the colour)."""
    by_colour: dict[str | None, dict[Cell, CellValue]] = {}
    for cell, colour in fills.items():
        by_colour.setdefault(colour, {})[cell] = colour
    return [(colour, block) for colour in sorted(by_colour, key=lambda c: c or "")
            for block in blocks(by_colour[colour])]
