"""F-codes: the project table's money, codes and spending plan — cases that fire and that don't."""

from decimal import Decimal

from rulecases import Change, fires, indicator, info, plan, project, quiet, unit

from xlperf.core.model.unit_workbook import Indicator, UnitWorkbook

D = Decimal
NINE = ("3月底", "6月底", "9月底", "12月底")
P1, P2, P3 = "13063723P004382100051", "13063723P00438210006T", "13063723P00438210007H"


def every_plan(*values: int) -> Change:
    """Every project with the same spending plan."""
    return lambda b: b.model_copy(update={"projects": [
        p.model_copy(update={"spending_plan": plan(*values)}) for p in b.projects]})


def only_first_project(book: UnitWorkbook) -> UnitWorkbook:
    return book.model_copy(update={"projects": book.projects[:1]})


def copied_purpose(n: int) -> Change:
    return lambda b: project(n, targets=[b.projects[n].purpose])(b)


def monthly(n: int) -> Change:
    """Project ``n`` paid monthly (its 时效 indicator says so)."""
    return indicator(n, 2, description="服务补助按月支付")


#: 项目2 with 预算数 computed by a formula (=E4+G4): Excel stores 54.1 + 6.2 in binary, and the
#: file holds 60.300000000000004 (Excel shows 60.3, its 15 significant digits).
NOISY_SUM = unit(project(1, budget=D("60.3"), fiscal_funds=D("54.1"), other_funds=D("6.2")),
                 typed={("项目2", "C4"): 54.1 + 6.2})

#: A project table nobody filled in: every header field, target and indicator blank.
BLANK = {"code": None, "name": None, "budget": None, "fiscal_funds": None, "other_funds": None,
         "purpose": None, "targets": [], "indicators": []}
BLANK_TABLE = project(1, **BLANK)

CASES = {
    "F001": [
        fires("项目编码 blank", unit(project(0, code=None)), ("项目1", "B3")),
        quiet("a table left blank altogether (that is F014)", unit(BLANK_TABLE)),
        fires("name, purpose and targets blank; 预算数 blank; an emptied indicator table",
              unit(project(1, name=None, purpose=None, targets=[]), project(2, budget=None),
                   project(0, indicators=[])),
              ("项目2", "E3"), ("项目2", "B5"), ("项目2", "B8"), ("项目3", "C4"),
              ("项目1", "A9")),
        quiet("预算数 holding unreadable text (that is R001)",
              unit(typed={("项目1", "C4"): "12.5万元"})),
        quiet("其他资金 blank (not required)", unit(project(1, other_funds=None))),
        quiet("财政资金 zero", unit(project(1, budget=D(6), fiscal_funds=D(0)))),
    ],
    "F014": [
        fires("项目2 left blank (its plan and 一级/二级 skeleton as the template has them)",
              unit(BLANK_TABLE), ("项目2", "B3")),
        fires("two blank tables, one without a plan either",
              unit(BLANK_TABLE, project(2, **BLANK, spending_plan=plan(None, None, None, None))),
              ("项目2", "B3"), ("项目3", "B3")),
        quiet("only its name filled in (that is F001, field by field)",
              unit(project(1, **{**BLANK, "name": "某项目"}))),
        quiet("only an indicator left", unit(project(1, **{**BLANK, "indicators": [
            Indicator(level1="产出指标", level2="数量指标", name="培训人数", value="≥10人")]}))),
    ],
    "F002": [
        fires("预算数 one 万元 off", unit(project(1, budget=D(61))), ("项目2", "C4")),
        fires("a cent off; 其他资金 blank",
              unit(project(0, budget=D("222.51")), project(2, other_funds=None)),
              ("项目1", "C4"), ("项目3", "C4")),
        quiet("0.1 + 0.2 = 0.3 (no float error)",
              unit(project(1, budget=D("0.3"), fiscal_funds=D("0.1"), other_funds=D("0.2")))),
        quiet("预算数 a formula's sum, stored as 60.300000000000004", NOISY_SUM),
        quiet("其他资金 blank and not needed",
              unit(project(1, budget=D(60), fiscal_funds=D(60), other_funds=None))),
        quiet("预算数 blank (that is F001)", unit(project(1, budget=None))),
    ],
    "F003": [
        fires("预算数 and 财政资金 to the 元",
              unit(project(1, budget=D("60.005"), fiscal_funds=D("54.005"))),
              ("项目2", "C4"), ("项目2", "E4")),
        fires("其他资金 to the 元", unit(project(2, other_funds=D("14.001"))), ("项目3", "G4")),
        quiet("exactly two decimals", unit(project(1, budget=D("60.05"), fiscal_funds=D("54.05")))),
        quiet("trailing zeros typed as text", unit(typed={("项目2", "C4"): "60.000"})),
        quiet("预算数 a formula's sum, stored as 60.300000000000004", NOISY_SUM),
        quiet("a negative amount with three decimals (that is F013)",
              unit(project(1, other_funds=D("-0.005")))),
    ],
    "F013": [
        fires("其他资金 negative", unit(project(1, other_funds=D(-1))), ("项目2", "G4")),
        fires("预算数 and 财政资金 negative",
              unit(project(2, budget=D(-84), fiscal_funds=D(-98))), ("项目3", "C4"),
              ("项目3", "E4")),
        quiet("其他资金 zero", unit(project(1, fiscal_funds=D(60), other_funds=D(0)))),
        quiet("minus zero typed", unit(typed={("项目1", "G4"): "-0"})),
    ],
    "F004": [
        fires("the year of an old code", unit(project(0, code="13063722P004382100051")),
              ("项目1", "B3")),
        fires("too short; another region",
              unit(project(0, code="13063723P0043821"), project(2, code="13063823P00438210007H")),
              ("项目1", "B3"), ("项目3", "B3")),
        fires("a lower-case p", unit(project(1, code=P2.lower())), ("项目2", "B3")),
        quiet("an old year while 预算年度 is blank",
              unit(info(year=None), project(0, code="13063722P004382100051"))),
        quiet("blank (that is F001)", unit(project(0, code=None))),
    ],
    "F005": [
        fires("项目3 with 项目2's code", unit(project(2, code=P2)), ("项目3", "B3")),
        fires("all three the same", unit(project(1, code=P1), project(2, code=P1)),
              ("项目2", "B3"), ("项目3", "B3")),
        quiet("two blank codes", unit(project(1, code=None), project(2, code=None))),
        quiet("codes differing in case only", unit(project(1, code=P3[:-1] + "h"))),
    ],
    "F006": [
        fires("12月底 at 90%", unit(project(0, spending_plan=plan(20, 45, 80, 90))),
              ("项目1", "F7")),
        fires("12月底 blank", unit(project(0, spending_plan=plan(20, 45, 80, None))),
              ("项目1", "F7")),
        # reported at the 资金支出计划 label
        fires("no 12月底; every percentage blank",
              unit(project(1, spending_plan=plan(20, 45, 100)),
                   project(2, spending_plan=plan(None, None, None, None))),
              ("项目2", "A6"), ("项目3", "A6")),
        quiet("12月末 at 100%", unit(project(0, spending_plan=plan(
            20, 45, 80, 100, milestones=("3月底", "6月底", "10月底", "12月末"))))),
        quiet("100% typed as text", unit(typed={("项目1", "F7"): "100%"})),
        quiet("a blank table's blank plan (that is F014)",
              unit(project(1, **BLANK, spending_plan=plan(None, None, None, None)))),
    ],
    "F007": [
        fires("10月底 below 6月底", unit(project(0, spending_plan=plan(20, 45, 40, 100))),
              ("项目1", "E7")),
        fires("below 0% in one table, above 100% in another",
              unit(typed={("项目1", "B7"): "-5%", ("项目2", "F7"): "120%"}),
              ("项目1", "B7"), ("项目2", "F7")),
        quiet("a flat stretch", unit(project(0, spending_plan=plan(0, 30, 30, 100)))),
        quiet("0% and 100% themselves", unit(project(0, spending_plan=plan(0, 0, 100, 100)))),
    ],
    "F008": [
        # reported at the 资金支出计划 label
        fires("9月底 in one table", unit(project(0, spending_plan=plan(20, 45, 80, 100,
                                                                      milestones=NINE))),
              ("项目1", "A6")),
        fires("the majority uses 9月底",
              unit(project(0, spending_plan=plan(20, 45, 80, 100, milestones=NINE)),
                   project(1, spending_plan=plan(10, 35, 85, 100, milestones=NINE))),
              ("项目3", "A6")),
        quiet("a plan without 12月底 (that is F006)",
              unit(project(0, spending_plan=plan(20, 45, 100)))),
    ],
    "F009": [
        fires("paid monthly, 3月底 at 0%", unit(monthly(2)), ("项目3", "B7")),
        fires("3月底 six points below 25%",
              unit(monthly(0), project(0, spending_plan=plan(19, 45, 80, 100))), ("项目1", "B7")),
        fires("two tables, the first miss in each",
              unit(monthly(0), project(0, spending_plan=plan(20, 44, 77, 100)), monthly(1)),
              ("项目1", "D7"), ("项目2", "B7")),
        quiet("paid monthly, every milestone within five points",
              unit(monthly(0), project(0, spending_plan=plan(20, 45, 80, 100)))),
        quiet("paid quarterly", unit(indicator(2, 2, description="设备款按季度支付"))),
    ],
    "F010": [
        # reported at the first table's 资金支出计划 label
        fires("every table 25/50/75/100", unit(every_plan(25, 50, 75, 100)), ("项目1", "A6")),
        fires("every table 25/50/75", unit(every_plan(25, 50, 75)), ("项目1", "A6")),
        quiet("two of three tables", unit(every_plan(25, 50, 75, 100),
                                          project(2, spending_plan=plan(0, 30, 90, 100)))),
        quiet("a single table", unit(every_plan(25, 50, 75, 100), only_first_project)),
    ],
    "F011": [
        fires("绩效目标 = 资金用途", unit(copied_purpose(1)), ("项目2", "B8")),
        fires("the purpose split into two targets",
              unit(project(0, purpose="开展居民健康档案管理。开展慢性病患者健康管理。",
                           targets=["开展居民健康档案管理。", "开展慢性病患者健康管理。"])),
              ("项目1", "B8")),
        fires("differing in punctuation only",
              unit(project(2, purpose="购置生化分析仪，安装调试。",
                           targets=["购置生化分析仪,安装调试"])),
              ("项目3", "B8")),
        quiet("the purpose with a figure added",
              unit(lambda b: project(1, targets=[b.projects[1].purpose + "覆盖4000人。"])(b))),
    ],
    "F012": [
        fires("提前下达2022年 in 2023",
              unit(project(1, name="提前下达2022年农村适龄妇女两癌筛查资金")), ("项目2", "E3")),
        fires("two tables",
              unit(project(0, name="提前下达 2021 年公共卫生资金"),
                   project(2, name="冀财社〔2022〕9号提前下达2022年设备资金")),
              ("项目1", "E3"), ("项目3", "E3")),
        quiet("提前下达 the budget year", unit(project(1, name="提前下达2023年两癌筛查资金"))),
        quiet("预算年度 blank",
              unit(info(year=None), project(1, name="提前下达2022年两癌筛查资金"))),
    ],
    "F016": [
        # the clean unit's budgets are 222.50, 60.00 and 84.00 万元
        fires("项目1's 222.50 万元 typed in 元 (预算数 and 财政资金)",
              unit(typed={("项目1", "C4"): 2225000, ("项目1", "E4"): 2225000}),
              ("项目1", "C4"), ("项目1", "E4")),
        fires("under the ceiling, 1,400 times the lower median (60.00) of the others",
              unit(typed={("项目3", "C4"): 84000}), ("项目3", "C4")),
        quiet("a large project, 83 times the others", unit(typed={("项目3", "C4"): 5000})),
        quiet("702 times the lower median of the others (84.00)",
              unit(typed={("项目2", "C4"): 59000})),
        quiet("a table in 元 (that is R008)",
              unit(typed={("项目1", "F2"): "单位：元", ("项目1", "C4"): 2225000})),
    ],
}
