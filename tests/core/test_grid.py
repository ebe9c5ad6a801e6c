"""A1 references both ways, and numbers read from cells."""

from decimal import Decimal

import pytest

from xlperf.core.workbook.grid import a1, col_letter, col_number, parse_a1, to_decimal, to_text


@pytest.mark.parametrize(("letters", "number"), [
    ("A", 1), ("Z", 26), ("AA", 27), ("AZ", 52), ("BA", 53), ("CV", 100), ("XFD", 16384),
])
def test_column_letters_and_numbers(letters, number):
    assert col_number(letters) == number
    assert col_letter(number) == letters


def test_a1_references_both_ways():
    assert parse_a1("B3") == (3, 2)
    assert parse_a1("$AA$10") == (10, 27)
    assert parse_a1("c7") == (7, 3)
    assert a1(10, 27) == "AA10"
    with pytest.raises(ValueError):
        parse_a1("B3:C4")


@pytest.mark.parametrize(("value", "expected"), [
    (54.1 + 6.2, "60.3"),  # 60.300000000000004 in binary
    (0.1 + 0.2, "0.3"),
    (10.09, "10.09"),  # typed, read back as typed
    (1200000.0, "1200000"),
    (123456789.12, "123456789.12"),
    (-3.5, "-3.5"),
    (7, "7"),
    ("1,200.50", "1200.5"),
])
def test_numbers_read_as_excel_shows_them(value, expected):
    assert to_decimal(value) == Decimal(expected)
    assert str(to_decimal(value)) == expected


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 1e15, -2e15, "1e400"])
def test_unusable_numbers_are_refused(value):
    with pytest.raises(ValueError):
        to_decimal(value)


@pytest.mark.parametrize(("value", "expected"), [
    (0.9 * 1.0000000000000002, "0.9"),  # 0.9000000000000001: a 指标值 computed by a formula
    (0.1 + 0.2, "0.3"),
    (0.95, "0.95"),
    (95.0, "95"),
    (10.09, "10.09"),
    (1e20, "100000000000000000000"),
])
def test_number_cells_read_as_text_as_excel_shows_them(value, expected):
    assert to_text(value) == expected
