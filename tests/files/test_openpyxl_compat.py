"""The openpyxl adapter's private hook: fails loudly when openpyxl changes under it."""

from __future__ import annotations

import math
import warnings

import pytest
from badfiles import PROJECT, base_workbook, set_cell, with_part
from openpyxl.worksheet import _reader

from xlperf.files import openpyxl_compat, xlsm


def test_the_installed_openpyxl_is_the_one_the_hook_was_checked_against():
    # An upgrade lands here first: check _cast_number below, then move PINNED and the pin.
    assert openpyxl_compat.version() == openpyxl_compat.PINNED


def test_the_private_number_parser_exists_and_is_strict():
    strict = getattr(_reader, "_cast_number")  # noqa: B009 - the private name is the point
    assert strict("12") == 12 and strict("1.5") == 1.5 and strict("1E+3") == 1000.0
    for refused in ("NaN", "inf", "9" * 5000):
        with pytest.raises(ValueError):
            strict(refused)


def test_the_hook_is_lenient_only_while_reading():
    with openpyxl_compat.lenient_reading():
        lenient = _reader._cast_number
        assert lenient("12") == 12
        assert math.isnan(lenient("NaN")) and lenient("-Infinity") == -math.inf
        assert lenient("9" * 5000) == math.inf
    assert _reader._cast_number is not lenient  # restored
    with pytest.raises(ValueError):
        _reader._cast_number("NaN")


def test_a_workbook_with_nan_opens_and_no_filter_is_left_behind(tmp_path):
    path = tmp_path / "nan.xlsx"
    path.write_bytes(with_part(base_workbook(), PROJECT, lambda x: set_cell(
        x, "C4", b"<v>NaN</v>")))
    before = list(warnings.filters)
    wb = xlsm.open_workbook(path)
    assert math.isnan(wb["项目1"]["C4"].value)
    assert warnings.filters == before
