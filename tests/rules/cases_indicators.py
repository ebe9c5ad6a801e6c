"""I0xx: the indicator table's structure — cases that fire (with every cell) and that don't."""

from decimal import Decimal

from rulecases import COST_AS_LEVEL1, Change, fires, indicator, project, quiet, unit

from xlperf.core.model.unit_workbook import UnitWorkbook


def only(n: int, *ks: int) -> Change:
    """Project ``n`` with only its indicators ``ks`` (0-based), in that order."""
    return lambda b: project(n, indicators=[b.projects[n].indicators[k] for k in ks])(b)


def swapped(n: int, i: int, j: int) -> Change:
    """Project ``n`` with indicators ``i`` and ``j`` swapped."""
    order = list(range(7))
    order[i], order[j] = j, i
    return only(n, *order)


def copied(n: int, source: int = 0) -> Change:
    """Project ``n`` with the indicators of project ``source``."""
    return lambda b: project(n, indicators=b.projects[source].indicators)(b)


def extra_cost_row(n: int) -> Change:
    """A 101号-style 成本指标 row appended to project ``n`` (row 17)."""
    def add(book: UnitWorkbook) -> UnitWorkbook:
        rows = book.projects[n].indicators
        row = rows[3].model_copy(update={**COST_AS_LEVEL1, "name": "项目总成本"})
        return project(n, indicators=[*rows, row])(book)

    return add


CASES = {
    "I001": [
        fires("工作指标", unit(indicator(0, 0, level1="工作指标")), ("项目1", "A10")),
        fires("the first 一级 blank", unit(indicator(2, 0, level1=None)), ("项目3", "A10")),
        # four rows under one merged cell: one finding at the cell
        fires("a whole 产出 block renamed",
              unit(*(indicator(1, k, level1="工作指标") for k in range(4))), ("项目2", "A10")),
        quiet("an alias (that is I004)", unit(indicator(0, 4, level1="效果指标"))),
        quiet("a blank 一级 under a filled one reads as merged",
              unit(indicator(0, 1, level1=None))),
    ],
    "I002": [
        # the framework of most tables is the text's; the tables using the other are reported,
        # at their 一级 “成本指标” (101号) or their 二级 “成本指标” under 产出指标 (88号)
        fires("项目3 adds a 101号 row to its 产出/成本: 项目3, not the tables that agree",
              unit(extra_cost_row(2)), ("项目3", "A17")),
        fires("only 项目1 uses 101号: 项目1, not 项目2 and 项目3",
              unit(indicator(0, 3, **COST_AS_LEVEL1)), ("项目1", "A13")),
        fires("项目1 and 项目2 use 101号: 项目3's 产出/成本 is the odd one",
              unit(indicator(0, 3, **COST_AS_LEVEL1), indicator(1, 3, **COST_AS_LEVEL1)),
              ("项目3", "B13")),
        quiet("101号 throughout", unit(*(indicator(n, 3, **COST_AS_LEVEL1) for n in range(3)))),
    ],
    "I003": [
        fires("数量指标 under 效益指标", unit(indicator(0, 5, level2="数量指标")),
              ("项目1", "B15")),
        fires("blank at the top of a block; not a 二级 name",
              unit(indicator(1, 4, level2=None), indicator(2, 1, level2="品质指标")),
              ("项目2", "B14"), ("项目3", "B11")),
        # two rows under one merged cell: one finding at the cell
        fires("a merged 二级 misplaced",
              unit(indicator(0, 4, level2="数量指标"), indicator(0, 5, level2="数量指标")),
              ("项目1", "B14")),
        quiet("an alias (that is I004)", unit(indicator(0, 2, level2="进度指标"))),
        quiet("成本指标 under 产出指标 beside a 101号 table, as the dropdown offers (that is I002)",
              unit(indicator(0, 3, **COST_AS_LEVEL1))),
        quiet("a blank 二级 under a filled one reads as merged",
              unit(indicator(0, 1, level2=None))),
        quiet("under an invalid 一级 (that is I001)",
              unit(indicator(0, 5, level1="工作指标", level2="数量指标"))),
    ],
    "I004": [
        fires("进度指标", unit(indicator(0, 2, level2="进度指标")), ("项目1", "B12")),
        fires("效果指标 merged over two rows; 满意度指标 as a 二级",
              unit(indicator(1, 4, level1="效果指标"), indicator(1, 5, level1="效果指标"),
                   indicator(2, 6, level2="满意度指标")),
              ("项目2", "A14"), ("项目3", "B16")),
        quiet("a stray space", unit(indicator(0, 0, level2="数量 指标"))),
    ],
    "I005": [
        # reported at the 一级指标 header
        fires("no 效益指标", unit(only(1, 0, 1, 2, 3, 6)), ("项目2", "A9")),
        fires("neither 产出 nor 效益", unit(only(2, 6)), ("项目3", "A9"), ("项目3", "A9")),
        quiet("效益 as an alias",
              unit(indicator(1, 4, level1="效果指标"), indicator(1, 5, level1="效果指标"))),
        quiet("no indicators at all (that is F001)", unit(project(0, indicators=[]))),
    ],
    "I006": [
        # At the 三级指标 beside where the missing row belongs: 数量 above the first 产出 row,
        # 成本 below the last 产出 row, 满意度 below the table's last row.
        fires("no 数量指标", unit(only(1, 1, 2, 3, 4, 5, 6)), ("项目2", "C10")),
        fires("no 成本 and no 满意度", unit(only(0, 0, 1, 2, 4, 5)),
              ("项目1", "C12"), ("项目1", "C14")),
        fires("no 成本 in a 101号 document: above the table's first row",
              unit(indicator(0, 3, **COST_AS_LEVEL1), only(1, 0, 1, 2, 4, 5, 6)),
              ("项目2", "C10")),
        quiet("成本 as a 101号 一级", unit(indicator(0, 3, **COST_AS_LEVEL1))),
        quiet("no indicators at all (that is F001)", unit(project(0, indicators=[]))),
    ],
    "I007": [
        fires("a slogan", unit(indicator(0, 5, name="增强影响力")), ("项目1", "C15")),
        fires("a 二级 name; an action without a measure",
              unit(indicator(0, 6, name="服务对象满意度指标"),
                   indicator(1, 4, name="提升群众健康水平")),
              ("项目1", "C16"), ("项目2", "C14")),
        quiet("an action with a measure", unit(indicator(1, 4, name="提升群众健康素养知晓率"))),
        quiet("程度", unit(indicator(1, 4, name="居民健康素养水平提高程度"))),
    ],
    "I008": [
        fires("描述 = 三级指标", unit(indicator(0, 1, description="居民电子健康档案建档率")),
              ("项目1", "D11")),
        fires("equal but for spaces, in two tables",
              unit(indicator(0, 1, description="居民 电子健康档案建档率"),
                   indicator(2, 0, description="购置全自动生化分析仪数量")),
              ("项目1", "D11"), ("项目3", "D10")),
        quiet("the name and its unit",
              unit(indicator(0, 1, description="居民电子健康档案建档率（%）"))),
        quiet("blank (that is D004)", unit(indicator(0, 1, description=None))),
    ],
    "I009": [
        # reported at the 二级 cell it sits under
        fires("满意率 under 质量", unit(indicator(1, 1, name="受检妇女满意率")), ("项目2", "B11")),
        fires("under 社会效益 and 数量",
              unit(indicator(2, 4, name="就诊群众满意度提升率"),
                   indicator(0, 0, name="居民满意人数")),
              ("项目3", "B14"), ("项目1", "B10")),
        quiet("满足 is not 满意", unit(indicator(1, 1, name="筛查需求满足率"))),
        quiet("under an invalid 一级 (that is I001)",
              unit(indicator(1, 1, name="受检妇女满意率", level1="工作指标"))),
    ],
    "I010": [
        fires("生态效益 for a team count", unit(indicator(0, 5, level2="生态效益指标")),
              ("项目1", "C15")),
        fires("the alias 环境效益指标", unit(indicator(1, 4, level2="环境效益指标")),
              ("项目2", "C14")),
        quiet("ecology in the description",
              unit(indicator(0, 5, level2="生态效益指标",
                             description="医疗废弃物规范处置的卫生院数"))),
    ],
    "I011": [
        # reported at the 二级 cell it sits under
        fires("合格率 under 数量", unit(indicator(2, 0, name="设备验收合格率")), ("项目3", "B10")),
        fires("及时率 under 数量, 成本 under 质量",
              unit(indicator(0, 0, name="服务完成及时率"), indicator(1, 1, name="人均筛查成本")),
              ("项目1", "B10"), ("项目2", "B11")),
        quiet("合格人数 is a count", unit(indicator(1, 0, name="筛查合格人数"))),
        quiet("under 满意度", unit(indicator(0, 6, name="服务合格率"))),
    ],
    "I012": [
        fires("预算执行率", unit(indicator(0, 2, name="预算执行率")), ("项目1", "C12")),
        fires("资金拨付率 and 资金的使用效率",
              unit(indicator(1, 2, name="资金拨付率"), indicator(2, 1, name="资金的使用效率")),
              ("项目2", "C12"), ("项目3", "C11")),
        quiet("资金 in an output", unit(indicator(0, 0, name="专项资金覆盖人数"))),
    ],
    "I013": [
        fires("a name twice", unit(indicator(0, 4, name="居民电子健康档案建档率")),
              ("项目1", "C14")),
        fires("a name three times",
              unit(indicator(1, 4, name="完成两癌筛查人数"),
                   indicator(1, 5, name="完成两癌筛查人数")),
              ("项目2", "C14"), ("项目2", "C15")),
        fires("equal but for a space", unit(indicator(2, 5, name="设备验收 合格率")),
              ("项目3", "C15")),
        quiet("the same name in another table", unit(indicator(1, 0, name="服务覆盖常住人口数"))),
    ],
    "I014": [
        # reported at the first 二级 of the 一级 block
        fires("可持续影响 before 社会效益", unit(swapped(0, 4, 5)), ("项目1", "B14")),
        fires("质量 before 数量; 效益 swapped",
              unit(swapped(1, 0, 1), swapped(2, 4, 5)), ("项目2", "B10"), ("项目3", "B14")),
        quiet("one 二级 left out", unit(only(0, 0, 2, 3, 4, 5, 6))),
    ],
    "I015": [
        # reported at the later table's 一级指标 header
        fires("项目2 copies 项目1", unit(copied(1)), ("项目2", "A9")),
        fires("项目2 and 项目3 copy 项目1", unit(copied(1), copied(2)),
              ("项目2", "A9"), ("项目3", "A9")),
        fires("6 of 7 values the same", unit(copied(1), indicator(1, 0, value="≥26万人")),
              ("项目2", "A9")),
        quiet("5 of 7 values the same",
              unit(copied(1), indicator(1, 0, value="≥26万人"), indicator(1, 1, value="≥91%"))),
        quiet("the same budget",
              unit(copied(1),
                   project(1, budget=Decimal("222.50"), fiscal_funds=Decimal("216.50")))),
    ],
}
