"""The quick test of a usual row says what the cell by cell one says."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from xlperf.core.workbook.bounds import _all_plain, _plain
from xlperf.core.workbook.grid import NUMBER_LIMIT, TEXT_LIMIT


class Text(str):
    __slots__ = ()


VALUES = [None, "", "a", "x" * TEXT_LIMIT, "x" * (TEXT_LIMIT + 1), Text("b"),
          Text("y" * (TEXT_LIMIT + 1)), 0.5, float(NUMBER_LIMIT), -float(NUMBER_LIMIT),
          float("nan"), float("inf"), -float("inf"), 1e300, 3, NUMBER_LIMIT, True,
          Decimal("1.5"), Decimal("NaN"), Decimal(NUMBER_LIMIT), dt.date(2024, 1, 1)]


@pytest.mark.parametrize("value", VALUES)
def test_all_plain_is_plain_cell_by_cell(value):
    for row in ([value], [None, "a", value], [value, 0.5]):
        assert _all_plain(row) == all(_plain(v) for v in row), row
