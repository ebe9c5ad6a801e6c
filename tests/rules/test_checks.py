"""Every check flags its problem at the right cell, and stays silent on correct tables.

Each case starts from the clean example unit (博野县卫生健康局_2023), changes one thing, renders
and reads it back (so findings carry real cells), and expects exactly that code there.
"""

from collections.abc import Callable
from decimal import Decimal

import pytest
from helpers import spec_grids

from xlperf.core.models import Indicator, Project, SpendingPoint, TextItem, UnitWorkbook
from xlperf.core.reader import read_book
from xlperf.core.render import render_workbook
from xlperf.core.rules import CHECKS, run_checks
from xlperf.files.examples import load_example

CLEAN = "博野县卫生健康局_2023"


def clean() -> UnitWorkbook:
    return load_example(CLEAN)


def read_back(book: UnitWorkbook) -> UnitWorkbook:
    return read_book(spec_grids(render_workbook(book))).book


def with_project(book: UnitWorkbook, n: int, **update) -> UnitWorkbook:
    projects = list(book.projects)
    projects[n] = projects[n].model_copy(update=update)
    return book.model_copy(update={"projects": projects})


def with_indicator(book: UnitWorkbook, n: int, k: int, **update) -> UnitWorkbook:
    indicators = list(book.projects[n].indicators)
    if "value" in update:
        update["value"] = Indicator(value=update["value"]).value
    indicators[k] = indicators[k].model_copy(update=update)
    return with_project(book, n, indicators=indicators)


def with_department(book: UnitWorkbook, **update) -> UnitWorkbook:
    return book.model_copy(update={"department": book.department.model_copy(update=update)})


def plan(*values: int, milestones=("3月底", "6月底", "10月底", "12月底")) -> list[SpendingPoint]:
    return [SpendingPoint(milestone=m, percent=Decimal(v)) for m, v in zip(milestones, values,
                                                                           strict=False)]


def _measures(book, **update):
    items = list(book.department.measures)
    items[0] = items[0].model_copy(update=update)
    return with_department(book, measures=items)


def _overall_duties(book):
    duties = ["负责全县卫生健康工作的统筹规划。", "指导基层医疗卫生机构建设。",
              "组织实施公共卫生服务项目。", "参与突发公共卫生事件的应急处置。"]
    return with_department(book, overall=[TextItem(number=f"（{n}）", text=t) for n, t in
                                          zip("一二三四", duties, strict=True)])


def _sub_overlap(book):
    subs = list(book.department.sub_targets)
    shared = "组织开展全县基层医疗卫生人员业务培训"
    subs[0] = subs[0].model_copy(update={"indicators": f"{subs[0].indicators}；{shared}"})
    subs[1] = subs[1].model_copy(update={"indicators": f"{shared}；{subs[1].indicators}"})
    return with_department(book, sub_targets=subs)


def _frameworks_mixed(book):
    extra = Indicator(level1="成本指标", level2="经济成本指标", name="项目总成本", value="≤84万元",
                      description="项目实际支出总额",
                      basis="《博野县2023年基层医疗卫生机构设备配置计划》")
    return with_project(book, 2, indicators=[*book.projects[2].indicators, extra])


def _without(book, n, level1=None, level2=None):
    keep = [i for i in book.projects[n].indicators
            if not (i.level1 == level1 or (level2 and i.level2 == level2))]
    return with_project(book, n, indicators=keep)


def _reorder_benefits(book):
    rows = list(book.projects[0].indicators)
    rows[4], rows[5] = rows[5], rows[4]
    return with_project(book, 0, indicators=rows)


def _copy_indicators(book):
    return with_project(book, 1, indicators=book.projects[0].indicators)


def _duplicate_code(book):
    return with_project(book, 2, code=book.projects[1].code)


def _contradicting(book):
    book = with_indicator(book, 0, 1, name="异常病例随访管理率")
    return with_indicator(book, 0, 1, value="≤95%")


# (code, mutation, expected sheet, expected cell)
CASES: list[tuple[str, Callable[[UnitWorkbook], UnitWorkbook], str, str]] = [
    ("S001", lambda b: b.model_copy(update={"info": b.info.model_copy(update={"reviewer": None})}),
     "封面", "B6"),
    ("S014", lambda b: b.model_copy(update={"info": b.info.model_copy(update={"year": None})}),
     "封面", "B4"),
    ("S002", lambda b: with_department(b, measures=[]), "部门整体绩效目标", None),
    ("S003", _overall_duties, "部门整体绩效目标", "A3"),
    ("S004", lambda b: with_department(b, sub_targets=[b.department.sub_targets[0].model_copy(
        update={"target": "做好公共卫生服务。", "indicators": "负责指导基层开展公共卫生服务"})]),
     "部门整体绩效目标", None),
    ("S005", lambda b: _measures(b, text="全区统一部署预算绩效管理工作。"),
     "部门整体绩效目标", None),
    ("S006", lambda b: with_project(b, 0, name="冀财社【2022】88号提前下达公共卫生资金"),
     "项目1", "E3"),
    ("S007", lambda b: with_project(b, 1, purpose="为农村适龄妇女免费开展两癌筛查服务，"
                                                  "为农村适龄妇女免费开展两癌筛查服务。"),
     "项目2", "B5"),
    ("S008", lambda b: _measures(b, text="严格执行预算绩效管理制度并按季度开展绩效运行监控"),
     "部门整体绩效目标", None),
    ("S009", lambda b: _measures(b, text="加强预算执行 and 绩效监控。"), "部门整体绩效目标", None),
    ("S010", lambda b: _measures(b, text="提高财政财政资金使用效益。"), "部门整体绩效目标", None),
    ("S011", lambda b: _measures(b, number="(一)"), "部门整体绩效目标", None),
    ("S012", lambda b: with_project(b, 0, unit_code="712001", unit_name="博野县妇联本级"),
     "项目1", "A2"),
    ("S013", _sub_overlap, "部门整体绩效目标", None),
    ("F001", lambda b: with_project(b, 0, code=None), "项目1", "B3"),
    ("F002", lambda b: with_project(b, 1, budget=Decimal("61")), "项目2", "C4"),
    ("F003", lambda b: with_project(b, 1, budget=Decimal("60.005"),
                                    fiscal_funds=Decimal("54.005")), "项目2", "C4"),
    ("F013", lambda b: with_project(b, 1, other_funds=Decimal("-1")), "项目2", "G4"),
    ("F004", lambda b: with_project(b, 0, code="13063722P004382100051"), "项目1", "B3"),
    ("F005", _duplicate_code, "项目3", "B3"),
    ("F006", lambda b: with_project(b, 0, spending_plan=plan(20, 45, 80, 90)), "项目1", "F7"),
    ("F007", lambda b: with_project(b, 0, spending_plan=plan(20, 45, 40, 100)), "项目1", "E7"),
    ("F008", lambda b: with_project(b, 0, spending_plan=plan(
        20, 45, 80, 100, milestones=("3月底", "6月底", "9月底", "12月底"))), "项目1", "A6"),
    ("F009", lambda b: with_indicator(b, 2, 2, description="设备款按月支付"), "项目3", "B7"),
    ("F010", lambda b: b.model_copy(update={"projects": [p.model_copy(
        update={"spending_plan": plan(25, 50, 75, 100)}) for p in b.projects]}), "项目1", "A6"),
    ("F011", lambda b: with_project(b, 1, targets=[b.projects[1].purpose]), "项目2", "B8"),
    ("F012", lambda b: with_project(b, 1, name="提前下达2022年农村适龄妇女两癌筛查资金"),
     "项目2", "E3"),
    ("I001", lambda b: with_indicator(b, 0, 0, level1="工作指标"), "项目1", "A10"),
    ("I002", _frameworks_mixed, "项目1", "B13"),
    ("I003", lambda b: with_indicator(b, 0, 5, level2="数量指标"), "项目1", "B15"),
    ("I004", lambda b: with_indicator(b, 0, 4, level2="进度指标"), "项目1", "B14"),
    ("I005", lambda b: _without(b, 1, level1="效益指标"), "项目2", "A9"),
    ("I006", lambda b: _without(b, 1, level2="数量指标"), "项目2", "C10"),
    ("I007", lambda b: with_indicator(b, 0, 5, name="增强影响力"), "项目1", "C15"),
    ("I016", lambda b: with_indicator(b, 0, 1, name=None), "项目1", "C11"),
    ("I017", lambda b: with_indicator(b, 0, 1, description=None), "项目1", "D11"),
    ("I119", lambda b: with_indicator(b, 0, 1, basis=None), "项目1", "F11"),
    ("S015", lambda b: with_department(b, sub_targets=[
        b.department.sub_targets[0].model_copy(update={"target": None}),
        *b.department.sub_targets[1:]]), "部门整体绩效目标", "C14"),
    ("S016", lambda b: _measures(b, text=None), "部门整体绩效目标", "B20"),
    ("I008", lambda b: with_indicator(b, 0, 1, description="居民电子健康档案建档率"),
     "项目1", "D11"),
    ("I009", lambda b: with_indicator(b, 1, 1, name="受检妇女满意率"), "项目2", "B11"),
    ("I010", lambda b: with_indicator(b, 0, 5, level2="生态效益指标"), "项目1", "C15"),
    ("I011", lambda b: with_indicator(b, 2, 0, name="设备验收合格率"), "项目3", "B10"),
    ("I012", lambda b: with_indicator(b, 0, 2, name="预算执行率"), "项目1", "C12"),
    ("I013", lambda b: with_indicator(b, 0, 4, name="居民电子健康档案建档率"), "项目1", "C14"),
    ("I014", _reorder_benefits, "项目1", "B14"),
    ("I015", _copy_indicators, "项目2", "A9"),
    ("I101", lambda b: with_indicator(b, 0, 0, value="按文件执行"), "项目1", "E10"),
    ("I102", lambda b: with_indicator(b, 0, 1, value=None), "项目1", "E11"),
    ("I103", lambda b: with_indicator(b, 0, 1, value="≥100%"), "项目1", "E11"),
    ("I104", lambda b: with_indicator(b, 1, 3, value="≥150元/人"), "项目2", "E13"),
    ("I116", lambda b: with_indicator(b, 0, 1, value="≤95%"), "项目1", "E11"),
    ("I105", lambda b: with_indicator(b, 1, 0, value="≥95%"), "项目2", "E10"),
    ("I106", lambda b: with_indicator(b, 0, 1, value="≥90"), "项目1", "E11"),
    ("I107", lambda b: with_indicator(b, 0, 1, value="90%"), "项目1", "E11"),
    ("I108", lambda b: with_indicator(b, 0, 6, value="≥99%"), "项目1", "E16"),
    ("I117", lambda b: with_indicator(b, 0, 6, value="=100%"), "项目1", "E16"),
    ("I118", lambda b: with_indicator(b, 2, 3, value="≤90%"), "项目3", "E13"),
    ("I109", lambda b: with_indicator(b, 0, 6, basis="上级要求"), "项目1", "F16"),
    ("I110", lambda b: with_indicator(b, 0, 1, basis="文件要求"), "项目1", "F11"),
    ("I111", lambda b: with_indicator(b, 0, 4, name="群众健康意识"), "项目1", "E14"),
    ("I112", lambda b: with_indicator(b, 2, 3, value="≤90万元"), "项目3", "E13"),
    ("I113", _contradicting, "项目2", "E11"),
    ("I114", lambda b: with_indicator(b, 2, 0, value="=2台"), "项目3", "C4"),
    ("I115", lambda b: with_indicator(b, 0, 5, value="定性"), "项目1", "E15"),
]


def _framework_b(book):
    """Every project with its cost row as a 一级 成本指标 block on top (101号 framework)."""
    for n, p in enumerate(book.projects):
        cost = [i.model_copy(update={"level1": "成本指标", "level2": "经济成本指标"})
                for i in p.indicators if i.level2 == "成本指标"]
        book = with_project(book, n, indicators=cost + [i for i in p.indicators
                                                        if i.level2 != "成本指标"])
    return book


@pytest.mark.parametrize(("mutate", "cell", "position"), [
    (lambda b: _without(b, 1, level2="数量指标"), "C10", "之上"),  # first 产出 row (质量)
    (lambda b: _without(b, 1, level2="成本指标"), "C12", "之下"),  # last 产出 row (时效)
    (lambda b: _without(b, 1, level1="满意度指标"), "C15", "之下"),  # last row of the table
    (lambda b: _without(_framework_b(b), 1, level1="成本指标"), "C10", "之上"),  # table's top
], ids=["quantity", "cost", "satisfaction", "cost-as-level1"])
def test_a_missing_indicator_is_marked_beside_where_it_belongs(mutate, cell, position):
    found = [f for f in run_checks(read_back(mutate(clean()))) if f.code == "I006"]
    assert [(f.sheet, f.cell) for f in found] == [("项目2", cell)]
    assert position in found[0].message


def test_every_check_has_a_case():
    assert sorted(c for c, *_ in CASES) == sorted(check.code for check in CHECKS)


@pytest.mark.parametrize(("code", "mutate", "sheet", "cell"), CASES, ids=[c[0] for c in CASES])
def test_check_flags_its_problem(code, mutate, sheet, cell):
    book = read_back(mutate(clean()))
    found = [(f.sheet, f.cell) for f in run_checks(book) if f.code == code]
    assert found, f"{code} found nothing"
    assert found[0][0] == sheet
    if cell is not None:
        assert cell in [c for _, c in found], found


@pytest.mark.parametrize("code", [c.code for c in CHECKS])
def test_check_is_silent_on_the_clean_unit(code):
    findings = run_checks(read_back(clean()), select=[code])
    assert findings == []


def test_select_and_ignore_by_code_and_prefix(seed_book):
    every = run_checks(seed_book)
    only_values = run_checks(seed_book, select=["I1"])
    assert only_values and {f.code[:2] for f in only_values} == {"I1"}
    assert len(run_checks(seed_book, ignore=["I1"])) == len(every) - len(only_values)
    assert run_checks(seed_book, select=["F002"]) == []


def test_findings_are_in_workbook_order(seed_book):
    findings = run_checks(read_back(seed_book))
    sheets = [f.sheet for f in findings]
    order = ["部门整体绩效目标", "项目1", "项目2", "项目3", "项目4"]
    assert [s for s in order if s in sheets] == list(dict.fromkeys(sheets))


def test_project_without_anything_is_reported_not_raised():
    book = UnitWorkbook(projects=[Project(), Project.blank()])
    findings = run_checks(read_back(book))
    assert {f.code for f in findings} >= {"F001"}
