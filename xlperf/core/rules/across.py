"""Rules that read across one unit's document: Part 1 against Part 2, and project against project.

Each is in the family of what it reports on — S (第一部分), F (项目表表头), I0 (指标体系) and
I1 (指标值) — and none is certain, so none is an error: a reviewer confirms what they point at.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal

from xlperf.core.model.findings import Finding, Severity
from xlperf.core.model.indicator_value import ValueKind
from xlperf.core.model.rule import Dimension, Rule
from xlperf.core.model.unit_workbook import Project
from xlperf.core.model.vocab import Level2
from xlperf.core.rules.base import Context, Row, bare, check, compact

WARNING, INFO = Severity.WARNING, Severity.INFO
RELEVANT, APPROPRIATE = Dimension.RELEVANCE, Dimension.APPROPRIATENESS
FEASIBLE = Dimension.FEASIBILITY

#: An amount of money (a unit standard such as 8.9元/人 is none).
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|元)(?!\s*/)")
#: “项目支出预算合计366.50万元”: a stated total of the project budgets.
_PROJECT_TOTAL = re.compile(r"项目[^。；，]{0,10}?(?:合计|共计|总计|总额|总预算)[为是达共计约]{0,2}"
                            r"\s*(\d+(?:\.\d+)?)\s*万元")


def _part1_texts(ctx: Context) -> list[str]:
    return [s.text for s in ctx.prose if s.project is None]


def _project_total(ctx: Context) -> Decimal | None:
    budgets = [p.budget for p in ctx.book.projects]
    if not budgets or any(b is None for b in budgets):
        return None
    return sum((b for b in budgets if b is not None), Decimal(0))


@check(Rule(
    "S017", "part1-names-no-amount", "第一部分没有金额", INFO, APPROPRIATE,
    "第一部分没有写明任何金额，无法与各项目预算合计 {total} 万元核对",
    "在总体绩效目标中写明本年度预算安排，如“安排项目 4 个，项目支出预算合计 {total} 万元”",
    why="部门整体绩效目标应列明年度主要任务及其预算金额，并与项目预算相互印证；"
        "一个数字都没有，审核时无从判断目标与资金规模是否匹配。",
    example="博野县总工会：第一部分通篇没有金额，四个项目预算合计 26.99 万元",
    sources=("R-DEPT-002",),
))
def part1_names_no_amount(ctx: Context, rule: Rule) -> Iterator[Finding]:
    dept = ctx.book.department
    total = _project_total(ctx)
    texts = _part1_texts(ctx)
    if total and texts and not any(_AMOUNT.search(t) for t in texts):
        yield ctx.finding(rule, sheet=dept.sheet, cell=dept.cells.get("overall"),
                          total=f"{total:.2f}")


@check(Rule(
    "S018", "part1-total-differs", "第一部分金额与项目预算不符", WARNING, APPROPRIATE,
    "第一部分写的项目预算合计 {stated} 万元，与各项目预算数之和 {total} 万元不符",
    "核对第一部分的金额和各项目表的预算数，改成一致",
    why="第一部分与第二部分是同一笔预算，合计对不上，说明有一处写错或漏列了项目。",
    example="第一部分：项目支出预算合计 366.50 万元；三张项目表合计 356.50 万元",
    sources=("R-DEPT-002",),
))
def part1_total_differs(ctx: Context, rule: Rule) -> Iterator[Finding]:
    dept = ctx.book.department
    total = _project_total(ctx)
    if total is None:
        return
    for spot in ctx.prose:
        if spot.project is not None or "万元" not in spot.text:
            continue
        for match in _PROJECT_TOTAL.finditer(compact(spot.text)):
            stated = Decimal(match.group(1))
            if abs(stated - total) > Decimal("0.005"):
                yield ctx.finding(rule, sheet=dept.sheet, cell=spot.cell,
                                  stated=f"{stated:.2f}", total=f"{total:.2f}")
                return


@check(Rule(
    "S019", "projects-not-mapped", "项目没有对应到分项", INFO, RELEVANT,
    "没有一个项目写明对应第一部分的哪个分项绩效目标（分项：{names}）",
    "在分项绩效目标中写明由哪些项目支撑，或在项目的资金用途、绩效目标中写明所属分项",
    why="项目绩效目标应能归集到部门整体的分项任务；项目和分项互不提及，审核时看不出每笔钱为哪项任务服务。",
    example="分项“劳动模范管理”与项目“劳模体检、劳模慰问……”互不提及",
    sources=("R-DEPT-005",),
))
def projects_not_mapped(ctx: Context, rule: Rule) -> Iterator[Finding]:
    dept = ctx.book.department
    names = [bare(s.name) for s in dept.sub_targets if s.name and len(bare(s.name)) >= 2]
    projects = [p for p in ctx.book.projects if p.name]
    if not names or not projects:
        return
    sub_texts = "".join(bare(f"{s.name}{s.target}{s.indicators}") for s in dept.sub_targets)
    for p in projects:
        mine = bare(f"{p.name}{p.purpose or ''}{''.join(p.targets)}")
        core = _core_name(p)
        if any(n in mine for n in names) or (len(core) >= 2 and core in sub_texts):
            return
    yield ctx.finding(rule, sheet=dept.sheet, cell=dept.cells.get("sub_targets"),
                      names="、".join(s.name or "" for s in dept.sub_targets if s.name))


_NAME_NOISE = re.compile(r"[\u4e00-\u9fff]{0,6}[【\[（(〔]\d{4}[】\]）)〕]\d+号"
                         r"|提前下达|\d{4}年度?")
_NAME_ITEMS = re.compile(r"[、，,及和与]")


def _core_name(project: Project) -> str:
    return bare(_NAME_NOISE.sub("", project.name or ""))


@check(Rule(
    "F015", "project-names-overlap", "项目名称相互重叠", INFO, APPROPRIATE,
    "项目名称中“{one}”与“{other}”{where}重叠，可能重复安排资金",
    "说明两者的区别（对象、标准、时间），或合并为一项",
    why="名称相互包含的两项支出（如“劳模慰问”和“劳模慰问金”）很可能是同一笔钱，审核时要确认没有重复预算。",
    example="劳模体检、劳模慰问、劳模津贴、劳模慰问金",
    sources=("R-PRJ-007",),
))
def project_names_overlap(ctx: Context, rule: Rule) -> Iterator[Finding]:
    seen: list[tuple[str, Project]] = []
    for p in ctx.book.projects:
        name = _NAME_NOISE.sub("", p.name or "")
        items = [i for i in (bare(x) for x in _NAME_ITEMS.split(name)) if len(i) >= 2]
        for n, item in enumerate(items):
            found = [(o, "在同一项目中") for o in items[:n] if _overlap(o, item)]
            found += [(o, f"与{q.sheet or '其他项目'}") for o, q in seen if _overlap(o, item)]
            if found:
                yield ctx.at_project(rule, p, "name", one=item, other=found[0][0],
                                     where=found[0][1])
                break
        seen += [(i, p) for i in items]


def _overlap(one: str, other: str) -> bool:
    short, long = sorted((one, other), key=len)
    return short != long and long.startswith(short) and len(long) - len(short) <= 2


_STAFF = re.compile(r"劳务派遣|人员工资|聘用人员|临聘|编外人员|临时人员|公益性岗位|人员经费|工资及")


def _has(rows: list[Row], test: Callable[[Row], bool]) -> bool:
    return any(test(r) for r in rows)


@check(Rule(
    "I020", "staff-cost-not-measured", "人员经费项目缺少人数或标准", WARNING, APPROPRIATE,
    "人员经费项目缺少{missing}", "写明人数（=××人）、发放标准（≤××元/人·月）和发放率（=100%）",
    why="工资、劳务费类项目的预算就是人数×标准×月数；不写人数和标准，就无法核对预算是否合理，"
        "年底也无法评价是否按标准足额发放。",
    example="劳务派遣人员工资及保险：人员数量“劳务派遣人员”，成本“按月支付”",
    sources=("R-IND-004", "R-VAL-009"),
))
def staff_cost_not_measured(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for p in ctx.book.projects:
        if not p.indicators or not _STAFF.search(f"{p.name or ''}{p.purpose or ''}"):
            continue
        rows = list(ctx.rows_of(p))
        missing = [label for label, present in (
            ("人数", _has(rows, lambda r: r.indicator.value.kind is ValueKind.QUANTITATIVE
                          and (r.indicator.value.unit or "").startswith(("人", "名")))),
            ("发放标准", _has(rows, lambda r: "元" in (r.indicator.value.unit or ""))),
            ("发放率", _has(rows, lambda r: "发放率" in r.name or "到位率" in r.name)),
        ) if not present]
        if "人数" in missing or "发放标准" in missing:
            yield ctx.at_project(rule, p, "indicators", missing="、".join(missing))


_DATED = re.compile(r"\d{1,2}月|春节|元旦|五一|国庆|中秋|端午|年底|年末|月底|季度|开学|汛期"
                    r"|[上下]半年")


@check(Rule(
    "I021", "timeliness-rate-generic", "时效指标用了笼统的及时率", INFO, FEASIBLE,
    "时效指标“{name}”是笼统的及时率，而本项目有明确的时间（“{when}”）",
    "改为完成时限，如“慰问金发放完成时间 ≤2023年2月1日”",
    why="项目本身有时间节点时，写成完成时限比“及时率≥98%”更好衡量：及时率说不清以哪天为准。",
    example="劳模体检、慰问（五一、春节前）| 时效指标 | 工作任务完成及时率 ≥98%",
    sources=("R-VAL-011",),
))
def timeliness_rate_generic(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for p in ctx.book.projects:
        when = _DATED.search(f"{p.purpose or ''}{''.join(p.targets)}")
        if not when:
            continue
        for row in ctx.rows_of(p):
            if row.level2 is Level2.TIMELINESS and row.name.endswith("及时率"):
                yield ctx.at_row(rule, row, "name", name=row.indicator.name, when=when.group(0))


def _indicator_key(row: Row) -> str:
    return bare(row.name).removesuffix("指标")


@check(Rule(
    "I121", "same-indicator-targets-differ", "同名指标目标值不同", INFO, APPROPRIATE,
    "“{name}”在各项目中的目标值不同：{values}",
    "同类项目的同一指标用同一目标值，或在依据中说明为何不同",
    why="同一单位、同一口径的指标（如服务对象满意度）在相似项目中一处 98%、一处 95%，"
        "说明目标值没有统一的依据。",
    example="项目1 服务对象满意度 ≥98%；项目3 服务对象满意度指标 ≥95%",
    sources=("R-VAL-013",),
))
def same_indicator_targets_differ(ctx: Context, rule: Rule) -> Iterator[Finding]:
    groups: dict[tuple[str, str, str], list[Row]] = {}
    for row in ctx.rows:
        value = row.indicator.value
        if value.kind is ValueKind.QUANTITATIVE and value.number is not None and row.name:
            key = (_indicator_key(row), str(value.comparator), value.unit or "")
            groups.setdefault(key, []).append(row)
    for rows in groups.values():
        projects = {id(r.project) for r in rows}
        numbers = {r.indicator.value.number for r in rows}
        if len(projects) >= 2 and len(numbers) >= 2:
            values = "；".join(dict.fromkeys(
                f"{r.project.sheet or r.project.name} {r.indicator.value.text}" for r in rows))
            yield ctx.at_row(rule, rows[0], "value", name=rows[0].indicator.name, values=values)
