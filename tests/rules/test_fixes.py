"""Each declared fix, exactly: the cell's text before and after, idempotence, and look-alikes.

The expected texts are written out by hand (the oracle), never computed by the remedies. A case
changes the clean unit in one place (``rulecases``), plans the fixes of the sheet values as
``xlperf fix`` does and compares the full list of changed cells.
"""

from __future__ import annotations

import pytest
from cases_text import numbers
from rulecases import indicator, part1, project, unit

from xlperf.core.check.fixing import Change, fixed_text, plan_fixes
from xlperf.core.model.findings import Applicability, Fix
from xlperf.core.rules import RULES
from xlperf.core.workbook.grid import BookGrids, SheetGrid, parse_a1

DEPT = "部门整体绩效目标"


def changes(build, *, unsafe=False, select=None):
    plan = plan_fixes(build(), unsafe=unsafe, select=select)
    return [(c.sheet, c.cell, c.code, c.before, c.after) for c in plan.changes]


def applied(grids: BookGrids, done: list[Change]) -> BookGrids:
    """The sheet values with the changes written, as a saved file would read."""
    out = []
    for sheet in grids.sheets:
        rows = [list(r) for r in sheet.rows]
        for c in done:
            if c.sheet == sheet.name:
                row, col = parse_a1(c.cell)
                assert rows[row - 1][col - 1] == c.before
                rows[row - 1][col - 1] = c.after
        out.append(SheetGrid(sheet.name, rows))
    return BookGrids(tuple(out))


SAFE_CASES = [
    ("S006 【】 in a project name",
     unit(project(0, name="冀财社【2022】88号提前下达公共卫生资金")),
     [("项目1", "E3", "S006", "冀财社【2022】88号提前下达公共卫生资金",
       "冀财社〔2022〕88号提前下达公共卫生资金")]),
    ("S006 two numbers in one measure, （） and []",
     unit(part1("measures", 1, text="执行冀财社（2021）102号和冀卫[2023] 5号文件规定。")),
     [(DEPT, "B21", "S006", "执行冀财社（2021）102号和冀卫[2023] 5号文件规定。",
       "执行冀财社〔2021〕102号和冀卫〔2023〕5号文件规定。")]),
    ("S011 （一） among 1. 2. …", unit(part1("measures", 0, number="(一)")),
     [(DEPT, "A20", "S011", "(一)", "1.")]),
    ("S011 two （） after 1、 2、 take the next numbers",
     unit(*numbers("measures", "1、", "2、", "3、", "（四）", "（五）")),
     [(DEPT, "A24", "S011", "（四）", "4、"), (DEPT, "A25", "S011", "（五）", "5、")]),
    ("I004 进度指标", unit(indicator(0, 2, level2="进度指标")),
     [("项目1", "B12", "I004", "进度指标", "时效指标")]),
    ("I004 效果指标 merged over two rows; 满意度指标 as a 二级",
     unit(indicator(1, 4, level1="效果指标"), indicator(1, 5, level1="效果指标"),
          indicator(2, 6, level2="满意度指标")),
     [("项目2", "A14", "I004", "效果指标", "效益指标"),
      ("项目3", "B16", "I004", "满意度指标", "服务对象满意度指标")]),
    ("I120 ≧９５％ and >=90% and 大于等于 200 人",
     unit(indicator(0, 1, value="≧９５％"), indicator(1, 1, value=">=90%"),
          indicator(2, 0, value="大于等于 200 人")),
     [("项目1", "E11", "I120", "≧９５％", "≥95%"), ("项目2", "E11", "I120", ">=90%", "≥90%"),
      ("项目3", "E10", "I120", "大于等于 200 人", "≥200 人")]),
    ("I120 ＜＝ and a full-width decimal point", unit(indicator(0, 2, value="＜＝１５．５天")),
     [("项目1", "E12", "I120", "＜＝１５．５天", "≤15.5天")]),
]

UNSAFE_CASES = [
    ("S005 全区 and 区委 in a measure",
     unit(part1("measures", 0, text="全区统一部署，区委、区政府督导。")),
     [(DEPT, "B20", "S005", "全区统一部署，区委、区政府督导。",
       "全县统一部署，县委、县政府督导。")]),
    ("S005 both 绩效目标 items of one cell",
     unit(project(0, targets=["区委部署的健康档案工作全部完成。", "区政府考核达标。"])),
     [("项目1", "B8", "S005", "1. 区委部署的健康档案工作全部完成。\n2. 区政府考核达标。",
       "1. 县委部署的健康档案工作全部完成。\n2. 县政府考核达标。")]),
    ("S010 财政财政", unit(part1("measures", 0, text="提高财政财政资金使用效益。")),
     [(DEPT, "B20", "S010", "提高财政财政资金使用效益。", "提高财政资金使用效益。")]),
    ("I103 ≥100% and >100%", unit(indicator(0, 1, value="≥100%"), indicator(1, 1, value=">100%")),
     [("项目1", "E11", "I103", "≥100%", "=100%"), ("项目2", "E11", "I103", ">100%", "=100%")]),
]

LOOK_ALIKES = [
    ("六角括号 already", unit(project(0, name="冀财社〔2022〕88号提前下达公共卫生资金"))),
    ("a year in brackets, no document number",
     unit(part1("measures", 0, text="完成全年（2023）目标任务。"))),
    ("1. and 2、 are one style", unit(part1("measures", 1, number="2、"))),
    ("（二） after 1. 2. does not continue the list: which number is meant?",
     unit(*numbers("measures", "1.", "2.", "（二）", "3.", "4."))),
    ("a numbering gap has no mechanical fix",
     unit(*numbers("measures", "1.", "2.", "4.", "5.", "6."))),
    ("≥95% as the form writes it", unit(indicator(0, 1, value="≥95%"))),
    ("达到 is not exactly ≥", unit(indicator(0, 1, value="达到95%"))),
    ("=100%", unit(indicator(0, 1, value="=100%"))),
    ("社区委员会 and 安全区域", unit(part1("measures", 0, text="社区委员会在安全区域开展宣传。"))),
    ("one character doubled", unit(part1("measures", 0, text="人人享有基本公共卫生服务。"))),
]


@pytest.mark.parametrize(("name", "build", "expected"), SAFE_CASES, ids=[c[0] for c in SAFE_CASES])
def test_safe_fix_changes_exactly_these_cells(name, build, expected):
    assert changes(build) == expected


@pytest.mark.parametrize(("name", "build", "expected"), UNSAFE_CASES,
                         ids=[c[0] for c in UNSAFE_CASES])
def test_unsafe_fix_waits_for_the_flag(name, build, expected):
    plan = plan_fixes(build())
    assert plan.changes == []
    assert len(plan.unsafe_left) >= len(expected)
    assert changes(build, unsafe=True) == expected


@pytest.mark.parametrize(("name", "build", "expected"), SAFE_CASES + UNSAFE_CASES,
                         ids=[c[0] for c in SAFE_CASES + UNSAFE_CASES])
def test_a_fixed_workbook_has_nothing_left_to_fix(name, build, expected):
    grids = build()
    plan = plan_fixes(grids, unsafe=True)
    again = plan_fixes(applied(grids, plan.changes), unsafe=True)
    assert again.changes == []
    codes = {code for _, _, code, _, _ in expected}
    assert not [f for f in again.findings if f.code in codes and f.fix is not None]


@pytest.mark.parametrize(("name", "build"), LOOK_ALIKES, ids=[c[0] for c in LOOK_ALIKES])
def test_a_look_alike_is_left_alone(name, build):
    assert changes(build, unsafe=True) == []


def test_select_and_ignore_limit_the_fixes():
    build = unit(project(0, name="冀财社【2022】88号提前下达公共卫生资金"),
                 indicator(0, 1, value="≧９５％"))
    assert [c[2] for c in changes(build, select=["I"])] == ["I120"]
    assert [c.code for c in plan_fixes(build(), ignore=["I"]).changes] == ["S006"]


def test_fixes_of_one_cell_compose():
    text = "全区执行冀财社【2022】88号文件，提高财政财政资金效益。"
    grids = unit(part1("measures", 0, text=text))()
    plan = plan_fixes(grids, unsafe=True)
    assert [(c.cell, c.code, c.after) for c in plan.changes] == [
        ("B20", "S005,S006,S010", "全县执行冀财社〔2022〕88号文件，提高财政资金效益。")]


def test_a_fix_applies_only_while_the_cell_holds_what_was_seen():
    fix = Fix(before="冀财【2021】1号", after="冀财〔2021〕1号", applicability=Applicability.SAFE)
    assert fixed_text("冀财【2021】1号", fix) == "冀财〔2021〕1号"
    assert fixed_text("  冀财【2021】1号\n", fix) == "  冀财〔2021〕1号\n"
    assert fixed_text("1.冀财【2021】1号\n2.其他", fix) == "1.冀财〔2021〕1号\n2.其他"
    assert fixed_text("冀财【2021】1号和冀财【2021】1号", fix) is None  # which one? neither
    assert fixed_text("冀财【2021】2号", fix) is None
    assert fixed_text(2021, fix) is None


def test_every_rule_that_gives_a_fix_declares_it():
    declared = {code for code, rule in RULES.items() if rule.fix is not Applicability.NONE}
    assert {"S005", "S006", "S010", "S011", "I004", "I103", "I120"} <= declared
    assert RULES["S006"].fix is RULES["S011"].fix is RULES["I120"].fix is Applicability.SAFE
    assert RULES["S005"].fix is RULES["S010"].fix is RULES["I103"].fix is Applicability.UNSAFE
