"""The one estimate of printed text width: widths counted by hand, lines by hand."""

from xlperf.core.workbook.layout import LINE_HEIGHT, row_height
from xlperf.core.workbook.textwidth import column_room, text_width, wrapped_lines


def test_ascii_is_narrow_and_everything_else_one_em():
    assert text_width("") == 0
    assert text_width("满意度") == 3
    assert text_width("“≤—‰”") == 5  # punctuation and symbols from the Chinese font
    assert text_width("ab1") == 3 * 0.55
    assert text_width("×2") == 1 + 0.55


def test_each_paragraph_wraps_on_its_own_and_takes_at_least_one_line():
    assert wrapped_lines("一二三四五", 5) == 1
    assert wrapped_lines("一二三四五六", 5) == 2
    assert wrapped_lines("一二三\n\n四", 5) == 3  # the empty paragraph is a line too
    assert wrapped_lines("a" * 10, 5) == 2  # 10 × 0.55 = 5.5 em
    assert wrapped_lines("a" * 9, 5) == 1  # 4.95 em


def test_a_spreadsheet_column_holds_half_its_width_at_11_points_less_a_margin():
    assert column_room(21, 11) == 10  # (21 - 1) / 2
    assert column_room(12, 12) == 5  # 12 × 11/12 = 11 units, less 1, halved
    assert column_room(1, 11) == 0.5  # never less than one unit


def test_row_height_is_lines_times_the_line_height_plus_padding():
    assert row_height(None, 21) == 20.0
    assert row_height("一" * 10, 21, minimum=0) == LINE_HEIGHT[11] + 6
    assert row_height("一" * 11, 21, minimum=0) == 2 * LINE_HEIGHT[11] + 6
