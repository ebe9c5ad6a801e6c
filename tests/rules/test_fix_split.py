"""I106's unsafe fix: an explanation moved out of the 指标值 into the row's 绩效指标描述.

The one fix that changes two cells together (``Fix.also``): the expected texts of both cells are
written out by hand, and the fix applies to both or to neither.
"""

from __future__ import annotations

import pytest
from rulecases import indicator, unit

from xlperf.core.check.fixing import fixed_cells, fixed_text, log_edit, plan_fixes
from xlperf.core.model.findings import Applicability, CellFix, Fix
from xlperf.core.rules import RULES, run_checks
from xlperf.core.rules.remedies import split_explanation
from xlperf.core.workbook.annotate import suggestion
from xlperf.core.workbook.grid import BookGrids, SheetGrid, parse_a1
from xlperf.core.workbook.reader import read_book

# 项目1 row 11: 居民电子健康档案建档率, its description and value in D11, E11.
RATE_DESCRIPTION = "已建立规范电子健康档案的常住居民人数占常住人口数的比例"


def changes(build, *, unsafe=True):
    plan = plan_fixes(build(), unsafe=unsafe)
    return [(c.sheet, c.cell, c.code, c.before, c.after) for c in plan.changes]


def i106(grids: BookGrids):
    return [f for f in plan_fixes(grids).findings if f.code == "I106"]


def with_cell(grids: BookGrids, sheet: str, cell: str, value: object) -> BookGrids:
    """The grids with one cell's value replaced, as a person's edit after the check."""
    row, col = parse_a1(cell)
    out = []
    for grid in grids.sheets:
        rows = [list(r) for r in grid.rows]
        if grid.name == sheet:
            rows[row - 1][col - 1] = value
        out.append(SheetGrid(grid.name, rows))
    return BookGrids(tuple(out))


CASES = [
    ("a bracketed explanation appended to the description",
     unit(indicator(0, 1, value="≥95%（按上级文件要求）")),
     [("项目1", "D11", "I106", RATE_DESCRIPTION, RATE_DESCRIPTION + "；按上级文件要求"),
      ("项目1", "E11", "I106", "≥95%（按上级文件要求）", "≥95%")]),
    ("after a comma, into a blank description",
     unit(indicator(1, 0, value="≤200元/人，含培训费", description=None)),
     [("项目2", "D10", "I106", "", "含培训费"), ("项目2", "E10", "I106", "≤200元/人，含培训费",
                                              "≤200元/人")]),
    ("a description that only repeats the 三级指标 is replaced",
     unit(indicator(2, 1, value="≥90% (按合同约定)", description="设备验收合格率")),
     [("项目3", "D11", "I106", "设备验收合格率", "按合同约定"),
      ("项目3", "E11", "I106", "≥90% (按合同约定)", "≥90%")]),
    ("a thousands comma is part of the number, the second comma starts the explanation",
     unit(indicator(1, 0, value="≤1,000元/人；含教材费", description="人均筛查费用。")),
     [("项目2", "D10", "I106", "人均筛查费用。", "人均筛查费用。含教材费"),
      ("项目2", "E10", "I106", "≤1,000元/人；含教材费", "≤1,000元/人")]),
    ("a description that already says it keeps its text",
     unit(indicator(0, 1, value="≥95%（按上级文件要求）",
                    description="按上级文件要求，建档人数占常住人口的比例")),
     [("项目1", "E11", "I106", "≥95%（按上级文件要求）", "≥95%")]),
]


@pytest.mark.parametrize(("name", "build", "expected"), CASES, ids=[c[0] for c in CASES])
def test_the_explanation_moves_to_the_description_with_the_flag_only(name, build, expected):
    plan = plan_fixes(build())
    assert plan.changes == []
    assert [f.code for f in plan.unsafe_left] == ["I106"]
    assert changes(build) == expected


@pytest.mark.parametrize(("name", "build", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_split_value_has_nothing_left_to_fix(name, build, expected):
    grids = build()
    for sheet, cell, _code, before, after in changes(build):
        assert (grids[sheet].value(*parse_a1(cell)) or "") == before
        grids = with_cell(grids, sheet, cell, after)
    assert plan_fixes(grids, unsafe=True).changes == []
    assert i106(grids) == []


LOOK_ALIKES = [
    ("≥95% alone", "≥95%"),
    ("次/年 is a unit", "=1次/年"),
    ("元/人次 is a unit", "≤200元/人次"),
]


@pytest.mark.parametrize(("name", "value"), LOOK_ALIKES, ids=[c[0] for c in LOOK_ALIKES])
def test_a_clean_unit_is_no_finding_and_no_fix(name, value):
    build = unit(indicator(0, 1, value=value))
    assert i106(build()) == []
    assert changes(build) == []


INSEPARABLE = [
    ("no separator: the seed's 人均标准", "≥200 人均标准 200 元 /人"),
    ("a second bound is no explanation", "≥90%，≤95%"),
    ("含95% belongs to the target", "≥95%（含95%）"),
    ("不含本数 belongs to the target", "≥95%（不含本数，按上级文件要求）"),
    ("an unclosed bracket", "≥95%（按上级文件要求"),
    ("a bracket that does not end the value", "≤200元/人（含培训费）每年"),
    ("a stray closing bracket after the comma", "≥95%，按要求）"),
    ("a number after the comma", "≥95%，2022年为93%"),
]


@pytest.mark.parametrize(("name", "value"), INSEPARABLE, ids=[c[0] for c in INSEPARABLE])
def test_an_explanation_that_cannot_be_split_cleanly_gets_no_fix(name, value):
    build = unit(indicator(0, 1, value=value))
    assert [(f.cell, f.fix) for f in i106(build())] == [("E11", None)]
    assert changes(build) == []


def test_split_explanation_by_hand():
    assert split_explanation("≥95%（按上级文件要求）") == ("≥95%", "按上级文件要求")
    assert split_explanation("≤200元/人，含培训费") == ("≤200元/人", "含培训费")
    assert split_explanation("≥95% (按要求) ") == ("≥95%", "按要求")
    assert split_explanation("=1次/年") is None
    assert split_explanation("≥95%，") is None


def test_both_cells_or_neither():
    grids = unit(indicator(0, 1, value="≥95%（按上级文件要求）"))()
    (finding,) = i106(grids)
    d11, e11 = ("项目1", parse_a1("D11")), ("项目1", parse_a1("E11"))
    assert fixed_cells(finding, grids) == {e11: "≥95%", d11: RATE_DESCRIPTION + "；按上级文件要求"}
    # Either cell edited since the check, or locked as a formula: nothing at all.
    assert fixed_cells(finding, with_cell(grids, "项目1", "D11", "另写的描述")) is None
    assert fixed_cells(finding, with_cell(grids, "项目1", "D11", None)) is None
    assert fixed_cells(finding, with_cell(grids, "项目1", "E11", "≥96%（按上级文件要求）")) is None
    assert fixed_cells(finding, grids, locked={d11}) is None
    assert fixed_cells(finding, grids, {d11: "另写的描述"}) is None
    assert fixed_cells(finding, BookGrids(tuple(g for g in grids.sheets if g.name != "项目1"))
                       ) is None


def test_a_fix_of_the_description_first_then_the_split():
    """S005 changes D11 in the round I106 was found in, so I106 waits a round and then
    moves the explanation into the description as S005 left it."""
    grids = unit(indicator(0, 1, value="≥95%（按上级文件要求）",
                           description="区委部署的建档人数占常住人口的比例"),
                 )()
    assert changes(lambda: grids) == [
        ("项目1", "D11", "S005,I106", "区委部署的建档人数占常住人口的比例",
         "县委部署的建档人数占常住人口的比例；按上级文件要求"),
        ("项目1", "E11", "I106", "≥95%（按上级文件要求）", "≥95%")]


def test_a_blank_cell_fix_needs_the_cell_still_blank():
    fill = CellFix(sheet="项目1", cell="D11", before="", after="含培训费")
    assert fixed_text(None, fill) == "含培训费"
    assert fixed_text("  ", fill) == "含培训费"
    assert fixed_text("另写的描述", fill) is None
    assert fixed_text(0, fill) is None


def test_the_check_results_suggest_both_cells():
    (finding,) = i106(unit(indicator(1, 0, value="≤200元/人，含培训费", description=None))())
    assert finding.fix == Fix(before="≤200元/人，含培训费", after="≤200元/人",
                              applicability=Applicability.UNSAFE,
                              also=(CellFix(sheet="项目2", cell="D10", before="",
                                            after="含培训费"),))
    assert suggestion(finding) == (
        "只写比较符、数值和单位，如 ≤200元/人；说明放到“绩效指标描述”。建议改为：“≤200元/人”，"
        "项目2!D10 改为：“含培训费”（请确认后手工修改，或用 xlperf fix --unsafe-fixes）")
    assert RULES["I106"].fix is Applicability.UNSAFE


def test_no_description_cell_no_fix():
    """A table read without a 绩效指标描述 cell (a text document): nowhere to put the
    explanation, so the finding carries no fix."""
    book = read_book(unit(indicator(0, 1, value="≥95%（按上级文件要求）"))()).book
    project = book.projects[0]
    row = project.indicators[1].model_copy(update={"cells": {
        k: v for k, v in project.indicators[1].cells.items() if k != "description"}})
    book = book.model_copy(update={"projects": [project.model_copy(update={
        "indicators": [project.indicators[0], row, *project.indicators[2:]]}),
        *book.projects[1:]]})
    assert [(f.cell, f.fix) for f in run_checks(book, select=["I106"])] == [("E11", None)]


def test_the_fix_record_has_a_row_per_cell():
    plan = plan_fixes(unit(indicator(1, 0, value="≤200元/人，含培训费", description=None))(),
                      unsafe=True)
    log = log_edit(plan.changes, create_at=9)
    assert [[log.values[(r, c)] for c in range(1, 7)] for r in (2, 3)] == [
        [1, "项目2", "D10", "I106", "", "含培训费"],
        [2, "项目2", "E10", "I106", "≤200元/人，含培训费", "≤200元/人"]]
    assert (4, 1) not in log.values
