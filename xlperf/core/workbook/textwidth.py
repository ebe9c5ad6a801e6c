"""How wide text prints and how many lines it wraps to (pure): the one estimate behind the row
heights of every workbook xlperf writes and the column widths of its Word tables.

Widths are in em of the font size. An ASCII letter, digit or sign prints about 0.55 em wide
(Times New Roman, or a spreadsheet's Latin font); every other character, Chinese and the
punctuation and symbols set in the Chinese font (“ ” — ≤ ≥ ‰), 1 em. The count runs at C speed:
a county's summary estimates up to a million cells.
"""

from __future__ import annotations

import math

#: The width of an ASCII character, in em.
NARROW = 0.55


def text_width(line: str) -> float:
    """The printed width of one line of text, in em."""
    narrow = len(line.encode("ascii", "ignore"))
    return (len(line) - narrow) + NARROW * narrow


def wrapped_lines(text: str, room: float) -> int:
    """How many lines text takes when wrapped at ``room`` em (each paragraph at least one)."""
    if len(text) <= room and "\n" not in text:  # no character is wider than 1 em
        return 1
    return sum(max(1, math.ceil(text_width(line) / room)) for line in text.split("\n"))


def column_room(width: float, size: float) -> float:
    """The em of text at font ``size`` (points) one line of a spreadsheet column holds.

    ``width`` is in Excel's character units: a Chinese character at 11 pt takes about two, and
    the cell's margins about one.
    """
    return max(1.0, width * 11 / size - 1) / 2
