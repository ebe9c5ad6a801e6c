"""A cell holding text the reader cannot read is reported once (its R code) and is not blank.

“12.5万元” in 预算数 is R001 only, never also F001 “预算数未填写”. The expected places are
written from the template's layout (C4 预算数, E4 财政资金, G4 其他资金, B7/D7/E7/F7 支出计划,
封面 B4 预算年度), never computed by the code under test.
"""

import pytest
from rulecases import clean, found, sheets

from xlperf.core.check.fill import fill_defaults
from xlperf.core.workbook.reader import read_book

CODES = ("R001", "R002", "R007", "F001", "F002", "F006", "S014", "D001", "D002", "D003")


def _reported(typed):
    grids = sheets(clean(), typed)
    return {code: sorted(found(grids, code)) for code in CODES if found(grids, code)}


@pytest.mark.parametrize(("typed", "expected"), [
    ({("项目1", "C4"): "12.5万元"}, {"R001": [("项目1", "C4")]}),
    ({("项目1", "E4"): "十万"}, {"R001": [("项目1", "E4")]}),
    ({("项目2", "G4"): "六万"}, {"R001": [("项目2", "G4")]}),  # 60 = 54 + 6
    ({("封面", "B4"): "二〇二三"}, {"R007": [("封面", "B4")]}),
    ({("项目1", c): "过半" for c in ("B7", "D7", "E7", "F7")},
     {"R002": [("项目1", c) for c in ("B7", "D7", "E7", "F7")]}),
    ({("项目1", "F7"): "全部"}, {"R002": [("项目1", "F7")]}),
], ids=["budget", "fiscal", "other", "year", "whole-plan", "december"])
def test_unreadable_text_is_reported_once_and_never_as_blank(typed, expected):
    assert _reported(typed) == expected


def test_no_default_is_computed_from_a_neighbour_that_could_not_be_read():
    """财政资金 blank, 其他资金 “三万”: 预算数 − 其他资金 cannot be computed, so D002 waits."""
    grids = sheets(clean(), {("项目1", "E4"): None, ("项目1", "G4"): "三万"})
    fills = fill_defaults(read_book(grids).book, grids).fills
    assert [(f.code, f.cell) for f in fills if f.sheet == "项目1"] == []


def test_a_plan_with_some_unreadable_cells_gets_no_standard_percentages():
    typed = {("项目1", "B7"): "一季度", ("项目1", "D7"): None, ("项目1", "E7"): None,
             ("项目1", "F7"): None}
    grids = sheets(clean(), typed)
    fills = fill_defaults(read_book(grids).book, grids).fills
    assert [(f.code, f.cell) for f in fills if f.sheet == "项目1"] == []
