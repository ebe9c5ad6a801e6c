"""The fixes the proofreading rules carry: the cell's exact text after, gone once applied, stable.

Every expected text is written by hand from the rule's remedy (the oracle); a fix is applied the
way ``xlperf fix`` applies it — the cell typed over with ``after`` — and the workbook checked again.
"""

import pytest
from cases_proof import measure
from rulecases import found, project, unit

from xlperf.core.model.findings import Applicability
from xlperf.core.rules import RULES, run_checks
from xlperf.core.workbook.grid import parse_a1
from xlperf.core.workbook.reader import read_book

DEPT = "部门整体绩效目标"
#: (code, change, (sheet, cell), the cell's text after the fix)
FIXES = [
    ("P001", measure("加强领导,明确责任;落实“五一”劳动奖章(奖状)评选。"), (DEPT, "B20"),
     "加强领导，明确责任；落实“五一”劳动奖章（奖状）评选。"),
    ("P001", project(0, purpose="全年服务1,200人次,每日8:30开诊。"), ("项目1", "B5"),
     "全年服务1,200人次，每日8:30开诊。"),
    ("P003", measure("加强领导，，明确责任。。按季度监控，。"), (DEPT, "B20"),
     "加强领导，明确责任。按季度监控。"),
    ("P004", measure("执行《预算法》，《会计法》,《审计法》，严格管理。"), (DEPT, "B20"),
     "执行《预算法》《会计法》《审计法》，严格管理。"),
    ("P006", measure("巩固持续效果，跟据考核结果拔付资金，完成续效目标。"), (DEPT, "B20"),
     "巩固持续效果，根据考核结果拨付资金，完成绩效目标。"),
    ("P006", project(1, targets=["异常病例随访合格律达到95%。", "完成年度积效目标。"]),
     ("项目2", "B8"), "1. 异常病例随访合格率达到95%。\n2. 完成年度绩效目标。"),
    ("P007", measure("明确指出分类，及时指出问题，截止2023年底全部完成。"), (DEPT, "B20"),
     "明确支出分类，及时指出问题，截至2023年底全部完成。"),
    ("P007", measure("及时指出问题，截止2023年底全部完成。"), (DEPT, "B20"),
     "及时指出问题，截至2023年底全部完成。"),
    ("P008", measure("其它资金存入专用帐户。"), (DEPT, "B20"), "其他资金存入专用账户。"),
    ("S010", measure("提高财政财政资金使用效益，一步一步推进。"), (DEPT, "B20"),
     "提高财政资金使用效益，一步一步推进。"),
    ("S010", measure("提高财政财政财政资金使用效益。"), (DEPT, "B20"), "提高财政资金使用效益。"),
]


def _fixes(grids, code, where):
    findings = run_checks(read_book(grids).book, select=[code])
    return [f.fix for f in findings if (f.sheet, f.cell) == where and f.code == code]


@pytest.mark.parametrize(("code", "change", "where", "after"), FIXES,
                         ids=[f"{c}-{n}" for n, (c, *_) in enumerate(FIXES)])
def test_fix_gives_the_text_after_and_then_the_finding_is_gone(code, change, where, after):
    grids = unit(change)()
    fixes = _fixes(grids, code, where)
    assert len(fixes) == 1 and fixes[0] is not None
    sheet = grids[where[0]]
    assert fixes[0].before == sheet.text(*_rowcol(where[1]))
    assert fixes[0].after == after
    assert fixes[0].applicability is RULES[code].fix
    fixed = unit(change, typed={where: after})()
    assert where not in found(fixed, code)
    # applied again, nothing changes: the rule offers no fix for the fixed cell
    assert _fixes(fixed, code, where) == []


def test_every_fixable_proofreading_rule_declares_the_applicability_issue_22_asks():
    declared = {code: rule.fix for code, rule in RULES.items() if code.startswith("P")}
    assert {c for c, fix in declared.items() if fix is Applicability.SAFE} == {
        "P001", "P003", "P004"}
    assert {c for c, fix in declared.items() if fix is Applicability.UNSAFE} == {
        "P006", "P007", "P008"}
    assert RULES["S010"].fix is Applicability.UNSAFE


def _rowcol(cell):
    return parse_a1(cell)
