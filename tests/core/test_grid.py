"""A1 references: letters to numbers and back."""

import pytest

from xlperf.core.grid import a1, col_letter, col_number, parse_a1


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
