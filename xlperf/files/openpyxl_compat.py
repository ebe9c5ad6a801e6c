"""The one place xlperf reaches into openpyxl's private parts (openpyxl is pinned: 3.1.5).

openpyxl parses a numeric cell with ``openpyxl.worksheet._reader._cast_number``, which raises on
``NaN``, ``INF`` or 5,000 digits, so one such cell makes the whole workbook unreadable. While
xlperf reads a workbook with openpyxl (:func:`lenient_reading`), that function is replaced by a
lenient one: such a cell becomes a float (NaN, ±inf) that the reader reports at its cell (R012).
openpyxl's warnings (a date out of range, an unsupported extension) are English and say nothing a
user can act on; they are silenced for that time only, nothing is changed for the rest of the
process. tests/files/test_openpyxl_compat.py fails loudly when openpyxl is upgraded: check that
the private function still exists and behaves as assumed, then move the pin.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import openpyxl
from openpyxl.worksheet import _reader

#: The openpyxl version this adapter was checked against (pyproject.toml pins the same).
PINNED = "3.1.5"
_PRIVATE = "_cast_number"


def _lenient_number(value: str) -> int | float:
    """openpyxl's number parsing, lenient: NaN, ±inf or a float for what it refuses."""
    try:
        if _STRICT is not None:
            return _STRICT(value)
        return float(value)
    except ValueError:
        try:
            return float(value)
        except ValueError:
            return math.nan


#: openpyxl's own number parsing; None if this openpyxl has none by that name (then numbers
#: are read as openpyxl reads them, and its test says so).
_STRICT: Callable[[str], int | float] | None = getattr(_reader, _PRIVATE, None)


@contextmanager
def lenient_reading() -> Iterator[None]:
    """While openpyxl reads (loads, or iterates a read-only sheet): lenient numbers, no warnings."""
    patched = _STRICT is not None
    previous = getattr(_reader, _PRIVATE, None)  # lenient already when nested
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
        if patched:
            setattr(_reader, _PRIVATE, _lenient_number)
        try:
            yield
        finally:
            if patched:
                setattr(_reader, _PRIVATE, previous)


def version() -> str:
    """The installed openpyxl's version."""
    return str(openpyxl.__version__)
