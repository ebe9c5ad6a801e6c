"""Rules across parts and projects (S017–S019, F015, I020, I021, I121): cases that fire and not.

The clean unit's three projects cost 222.50 + 45.00 + 99.00 = 366.50 万元 (项目 sheets C4), and
its 总体绩效目标 (六) (B10) says 项目支出预算合计366.50万元.
"""

from decimal import Decimal

from rulecases import department, fires, indicator, part1, project, quiet, unit

from xlperf.core.model.unit_workbook import SubTarget, TextItem

DEPT = "部门整体绩效目标"
TOTAL = "2023年本部门安排预算项目3个，项目支出预算合计{}万元，各项目绩效目标详见第二部分。"
#: 分项 that no project mentions, and that mention no project.
UNRELATED = department(sub_targets=[
    SubTarget(number=f"{n}.", name=name, target="提高工作水平。", indicators="工作完成率≥95%。")
    for n, name in ((1, "综合事务管理"), (2, "机关运行保障"))])
STAFF = project(1, name="劳务派遣人员工资及保险", purpose="保障劳务派遣人员工资按时发放。")
#: Its head-count and cost written as words, as the seed does.
UNMEASURED = (indicator(1, 0, name="人员数量", value="劳务派遣人员"),
              indicator(1, 3, name="完成工作所需成本", value="按月支付"))


def no_amounts(book):
    """第一部分 with every amount of money taken out (unit standards such as 元/人 stay)."""
    dept = book.department
    overall = [TextItem(number=i.number, text=(i.text or "").split("，")[0] + "。")
               for i in dept.overall]
    subs = [s.model_copy(update={"target": f"做好{s.name}工作。"}) for s in dept.sub_targets]
    return department(overall=overall, sub_targets=subs)(book)


CASES = {
    "S017": [
        fires("no amount anywhere in 第一部分", unit(no_amounts), (DEPT, "A3")),
        quiet("the total stated", unit()),
        quiet("an amount in a 分项 only", unit(no_amounts, part1(
            "sub_targets", 0, target="安排基本公共卫生服务补助222.50万元。"))),
    ],
    "S018": [
        fires("a total that is 10 万元 off",
              unit(part1("overall", 5, text=TOTAL.format("356.50"))), (DEPT, "B10")),
        fires("a project's budget changed, the total not",
              unit(project(0, budget=Decimal("212.50"), fiscal_funds=Decimal("212.50"))),
              (DEPT, "B10")),
        quiet("the total to the cent", unit(part1("overall", 5, text=TOTAL.format("366.5")))),
        quiet("the department's whole budget, not the projects'",
              unit(part1("overall", 5, text="部门预算合计1200.00万元。"))),
    ],
    "S019": [
        fires("no project names a 分项 nor is named by one", unit(UNRELATED), (DEPT, "A12")),
        quiet("one project's name holds a 分项 name", unit()),
        quiet("a 分项 names a project",
              unit(UNRELATED, part1("sub_targets", 1, target="保障乡镇卫生院检验设备购置。"))),
    ],
    "F015": [
        fires("慰问 and 慰问金 in one name",
              unit(project(0, name="劳模体检、劳模慰问、劳模慰问金")), ("项目1", "E3")),
        fires("one project's name within another's",
              unit(project(1, name="困难职工慰问"), project(2, name="困难职工慰问金")),
              ("项目3", "E3")),
        quiet("names that share words only", unit(
            project(0, name="劳模体检、劳模慰问、劳模津贴"), project(1, name="困难职工慰问"))),
    ],
    "I020": [
        fires("a staff-cost project without head-count and standard",
              unit(STAFF, *UNMEASURED), ("项目2", "A9")),
        fires("only the standard missing", unit(STAFF, UNMEASURED[1]), ("项目2", "A9")),
        quiet("head-count in 人 and a standard in 元 (发放率 alone is not enough to warn)",
              unit(STAFF, indicator(1, 0, name="劳务派遣人数", value="=3人"),
                   indicator(1, 3, name="人均月工资标准", value="≤3000元/人·月"))),
        quiet("no head-count, but not a staff-cost project", unit(*UNMEASURED)),
    ],
    "I021": [
        fires("及时率 in a project with a date",
              unit(indicator(1, 2, name="筛查任务完成及时率", value="≥95%")), ("项目2", "C12")),
        quiet("a deadline instead", unit()),
        quiet("及时率 in a project without any date",
              unit(project(0, targets=["为全县常住人口提供基本公共卫生服务。"]),
                   indicator(0, 2, name="服务任务完成及时率", value="≥95%"))),
    ],
    "I121": [
        fires("满意度 95% in one project and 90% in another",
              unit(indicator(0, 6, name="服务对象满意度", value="≥95%"),
                   indicator(1, 6, name="服务对象满意度指标", value="≥90%")), ("项目1", "E16")),
        quiet("the same target in two projects",
              unit(indicator(0, 6, name="服务对象满意度", value="≥90%"),
                   indicator(1, 6, name="服务对象满意度", value="≥90%"))),
        quiet("different targets of one name in one project only", unit(
            indicator(0, 5, name="服务对象满意度", value="≥85%"),
            indicator(0, 6, name="服务对象满意度", value="≥90%"))),
    ],
}
