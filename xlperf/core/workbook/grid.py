"""Sheet values as plain 2-D grids: the only shape the core accepts from any adapter.

Rows and columns are 1-based, as in Excel and openpyxl; :func:`a1` and :func:`parse_a1` turn
them into ``"D12"`` and back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from xlperf.core.model.indicator_value import plain

CellValue = (str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | Decimal
             | None)
Rows = Sequence[Sequence[CellValue]]


@dataclass(frozen=True)
class SheetGrid:
    """The values of one sheet, from A1 to its last used cell."""

    name: str
    rows: Rows
    #: Cells holding something beyond the window the sheet was read in: (first cell, how many).
    outside: tuple[str, int] | None = None

    def value(self, row: int, col: int) -> CellValue:
        """Return the value at a 1-based position, None outside the grid."""
        if 1 <= row <= len(self.rows):
            line = self.rows[row - 1]
            if 1 <= col <= len(line):
                return line[col - 1]
        return None

    def text(self, row: int, col: int) -> str | None:
        """Return the cell as text (see :func:`to_text`)."""
        return to_text(self.value(row, col))

    @property
    def max_row(self) -> int:
        return len(self.rows)

    @property
    def max_col(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass(frozen=True)
class BookGrids:
    """All sheets of one workbook, in workbook order."""

    sheets: tuple[SheetGrid, ...]
    name: str = ""

    def __getitem__(self, name: str) -> SheetGrid:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.sheets]


@lru_cache(maxsize=1024)
def col_letter(col: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_number(letters: str) -> int:
    """A → 1, AA → 27 (upper-case letters only)."""
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col


def a1(row: int, col: int) -> str:
    """(3, 2) → "B3"."""
    return f"{col_letter(col)}{row}"


_A1 = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def parse_a1(ref: str) -> tuple[int, int]:
    """"B3" → (3, 2).

    Raises:
        ValueError: when ref is not a single-cell A1 reference.
    """
    match = _A1.match(ref.upper())
    if not match:
        raise ValueError(f"not an A1 reference: {ref!r}")
    return int(match.group(2)), col_number(match.group(1))


def to_text(value: CellValue) -> str | None:
    """Return a cell as stripped text; blanks become None.

    A number reads as Excel shows it: whole floats lose their ``.0``, and a float a formula
    computed reads at Excel's 15 significant digits (0.9000000000000001 is 0.9).
    """
    if value is None or isinstance(value, bool):
        return None if value is None else ("是" if value else "否")
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else format(value, ".15g")
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    else:
        text = str(value)
    text = text.strip()
    return text or None


#: A sheet is read in its first READ_ROWS rows and READ_COLUMNS columns (A … CV); a template
#: sheet needs a few hundred rows and ten columns. Cells beyond are reported (R014), not read.
READ_ROWS, READ_COLUMNS = 20_000, 100
#: Excel's limit for the text of one cell; longer text is reported (R013) and cut there.
TEXT_LIMIT = 32_767
#: No amount or percentage reaches this (and Excel keeps only 15 digits): beyond it, or NaN or
#: ±∞, a number is unusable (and Decimal arithmetic would fail on it).
NUMBER_LIMIT = 10**15


def is_usable_number(value: object) -> bool:
    """Whether a numeric cell value is finite and within ±``NUMBER_LIMIT`` (other values: True)."""
    if isinstance(value, Decimal):
        return value.is_finite() and abs(value) < NUMBER_LIMIT
    if isinstance(value, int | float) and not isinstance(value, bool):
        return -NUMBER_LIMIT < value < NUMBER_LIMIT  # False for NaN and ±inf
    return True


def to_decimal(value: CellValue) -> Decimal | None:
    """Return a numeric cell (or numeric text such as "10.09", "1,200") as Decimal.

    Raises:
        ValueError: when the cell holds something that is not a number, or a number that is not
            usable (NaN, ±∞, text such as "1e400": see :func:`is_usable_number`).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or isinstance(value, dt.date | dt.time):
        raise ValueError(value)
    if not is_usable_number(value):
        raise ValueError(value)
    if isinstance(value, float):
        # Excel's 15 significant digits: what the user typed (10.09), and what Excel shows for a
        # formula's result (54.1 + 6.2 is stored as 60.300000000000004 and shown as 60.3).
        return plain(Decimal(format(value, ".15g")))
    if isinstance(value, int | Decimal):
        return plain(Decimal(value))
    text = str(value).strip().replace(",", "").replace("，", "")
    if len(text) > 64:
        raise ValueError(value)  # no amount is written with more characters
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not is_usable_number(number):
        raise ValueError(value)
    return plain(number)


def to_percent(value: CellValue) -> Decimal | None:
    """Return a cumulative spending percentage as Decimal percent (25 means 25%).

    Numbers from Excel are fractions when formatted as % (0.25); a number above 1 was typed as a
    percent figure. Text may carry its own ``%``.

    Raises:
        ValueError: when the cell is not a percentage.
    """
    if isinstance(value, str):
        text = value.strip().replace("％", "%")
        if text.endswith("%"):
            return to_decimal(text[:-1])
        number = to_decimal(text)
    else:
        number = to_decimal(value)
    if number is None:
        return None
    return plain(number * 100) if abs(number) <= 1 else number


_LABEL_TRANSLATE = str.maketrans({"（": "(", "）": ")", "：": ":", "、": "、"})


def norm_label(text: str | None) -> str:
    """Normalise a label for matching: no whitespace (PDF spaces), ASCII brackets and colons."""
    if not text:
        return ""
    compact = "".join(text.split()).translate(_LABEL_TRANSLATE)
    return compact.rstrip(":")
