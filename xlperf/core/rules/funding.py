"""F-codes: the project table's header, money, project codes and the spending plan."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from xlperf.core.model.findings import Finding, Severity
from xlperf.core.model.indicator_value import plain
from xlperf.core.model.rule import Dimension, Rule
from xlperf.core.model.unit_workbook import Project
from xlperf.core.model.vocab import DEFAULT_MILESTONES
from xlperf.core.rules.base import Context, bare, check, compact

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
COMPLETE, RELEVANT = Dimension.COMPLETENESS, Dimension.RELEVANCE
FEASIBLE = Dimension.FEASIBILITY

_REQUIRED = (
    ("code", "项目编码"),
    ("name", "项目名称"),
    ("budget", "预算数"),
    ("fiscal_funds", "财政资金"),
    ("purpose", "资金用途"),
)
_AMOUNTS = {"budget": "预算数", "fiscal_funds": "财政资金", "other_funds": "其他资金"}


def _money(value: Decimal | None) -> str:
    return "空白" if value is None else f"{value:.2f}"


@check(Rule(
    "F001", "required-field-missing", "项目表必填栏为空", ERROR, COMPLETE,
    "“{label}”未填写", "填写{label}",
    why="项目编码、项目名称、预算数、财政资金、资金用途、绩效目标和指标表是财政局审核的内容，"
        "空着就无法评价。",
    example="项目编码 |（空白）| 项目名称 | 劳务派遣人员工资及保险",
    sources=("R-PRJ-001",),
))
def required_field_missing(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for project in ctx.book.projects:
        if _untouched(project):
            continue  # F014 says it once for the whole table
        for field_name, label in _REQUIRED:
            if getattr(project, field_name) is None and field_name not in project.unreadable:
                yield ctx.at_project(rule, project, field_name, label=label)
        if not project.targets:
            yield ctx.at_project(rule, project, "targets", label="绩效目标")
        if not project.indicators:
            yield ctx.at_project(rule, project, "indicators", label="绩效指标（三级指标）")


def _untouched(project: Project) -> bool:
    """A project table nobody filled in: no header field, no target, no indicator.

    Its 一级/二级 skeleton and the defaults 填充默认值 puts there (资金支出计划) do not count.
    """
    return not (project.targets or project.indicators or project.unreadable or any(
        getattr(project, f) is not None
        for f in ("code", "name", "budget", "fiscal_funds", "other_funds", "purpose")))


@check(Rule(
    "F014", "project-table-blank", "项目表没有填写", ERROR, COMPLETE,
    "“{table}”是一张还没有填写的项目表",
    "填写这个项目；用不到的项目表请删除这张工作表，再点“生成目录”（或运行 xlperf toc）更新目录",
    why="新建工作簿时多建了项目表、或复制后忘了填，空表只说一次，不必逐栏报“未填写”。",
    example="项目2：项目编码、项目名称、预算数、绩效目标、三级指标都是空白",
    sources=("R-PRJ-001",),
))
def project_table_blank(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for project in ctx.book.projects:
        if _untouched(project):
            yield ctx.at_project(rule, project, "code", table=project.sheet or "项目表")


@check(Rule(
    "F002", "budget-not-sum-of-sources", "预算数不等于资金来源之和", ERROR, COMPLETE,
    "预算数 {budget} 不等于财政资金 {fiscal} 与其他资金 {other} 之和 {total}",
    "核对金额：预算数应等于财政资金加其他资金（万元）",
    why="预算数（年度资金总额）应等于财政资金与其他资金之和，精确到分。",
    example="预算数 32.50 | 其中：财政资金 28.00 | 其他资金 3.50",
    sources=("R-PRJ-002",),
))
def budget_not_sum(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for p in ctx.book.projects:
        if p.budget is None or p.fiscal_funds is None or "other_funds" in p.unreadable:
            continue  # an unreadable 其他资金 is not 0 (R001 reports it)
        total = p.fiscal_funds + (p.other_funds or 0)
        if total != p.budget:
            yield ctx.at_project(rule, p, "budget", budget=_money(p.budget),
                                 fiscal=_money(p.fiscal_funds),
                                 other=_money(p.other_funds or Decimal(0)), total=_money(total))


@check(Rule(
    "F003", "amount-too-precise", "金额超过两位小数", WARNING, COMPLETE,
    "{label} {value} 超过两位小数", "金额以万元为单位，保留两位小数（到百元）",
    why="金额以万元为单位、保留两位小数；10.093 这样的数多半是把元当成了万元，或录入有误。",
    example="预算数 10.093",
    sources=("R-PRJ-002",),
))
def amount_too_precise(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for p in ctx.book.projects:
        for field_name, label in _AMOUNTS.items():
            value: Decimal | None = getattr(p, field_name)
            if value is not None and value >= 0 and -int(value.as_tuple().exponent) > 2:
                yield ctx.at_project(rule, p, field_name, label=label, value=value)


@check(Rule(
    "F013", "amount-negative", "金额为负数", ERROR, COMPLETE,
    "{label} {value} 为负数", "填写不小于 0 的金额（万元）",
    why="预算数和资金来源不会是负数；负数是录入错误，会让全县合计变小。",
    example="其他资金 -3.50",
    sources=("R-PRJ-002",),
))
def amount_negative(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for p in ctx.book.projects:
        for field_name, label in _AMOUNTS.items():
            value: Decimal | None = getattr(p, field_name)
            if value is not None and value < 0:
                yield ctx.at_project(rule, p, field_name, label=label, value=value)


#: No project of a county budget unit comes near 10 亿元: a county's whole general public budget
#: spends a few 十亿元 a year, spread over all of its units.
COUNTY_PROJECT_CEILING = Decimal(100_000)  # 万元
#: An amount typed in 元 is 10,000 times its 万元 figure; projects of one unit seldom differ by a
#: hundredfold, so 1,000 times the unit's typical project leaves a tenfold margin either way.
OTHERS_RATIO = 1_000
#: Below this no amount is called implausible against the others (a 0.50 万元 project beside
#: 600 万元 is small, not wrong).
OTHERS_FLOOR = Decimal(1_000)  # 万元


@check(Rule(
    "F016", "amount-implausible", "金额大得不合常理", WARNING, COMPLETE,
    "{label} {value} 万元（{yi} 亿元）{reason}，像是按元填写",
    "核对金额单位：本表以万元为单位，若是按元填写的 {raw} 元，应填 {wan}",
    why="本表金额以万元为单位，按元填写的数大了一万倍，全县汇总也随之放大。两种情形报警告："
        "超过 100,000 万元（10 亿元）——县级一般公共预算一年的支出也不过几十亿元，分到各单位，"
        "单个部门预算项目不会到这个规模；或不少于 1,000 万元且是本单位其他项目预算数中位数的 "
        "1,000 倍以上——按元填写恰好大一万倍，而同一单位各项目之间通常相差不到百倍，"
        "一千倍两头都留了十倍的余地。",
    example="预算数 2225000（本单位其他项目为 60.00、84.00 万元）",
    sources=("R-PRJ-002",),
))
def amount_implausible(ctx: Context, rule: Rule) -> Iterator[Finding]:
    budgets = {id(p): p.budget for p in ctx.book.projects if p.budget is not None and p.budget > 0}
    for p in ctx.book.projects:
        if p.amount_unit not in (None, "万元"):
            continue  # R008 reports the unit itself
        others = sorted(b for key, b in budgets.items() if key != id(p))
        typical = others[(len(others) - 1) // 2] if others else None  # the lower median
        for field_name, label in _AMOUNTS.items():
            value: Decimal | None = getattr(p, field_name)
            if value is None:
                continue
            if value > COUNTY_PROJECT_CEILING:
                reason = "，超过县级单位单个项目可能的规模（10 亿元）"
            elif (typical is not None and value >= OTHERS_FLOOR
                  and value >= typical * OTHERS_RATIO):
                reason = f"，是本单位其他项目预算数中位数 {_money(typical)} 万元的 " \
                         f"{value / typical:,.0f} 倍"
            else:
                continue
            yield ctx.at_project(rule, p, field_name, label=label, value=_money(value),
                                 yi=f"{value / 10_000:,.2f}", reason=reason,
                                 raw=plain(value), wan=_money(value / 10_000))


_CODE = re.compile(r"^(\d{6})(\d{2})P[0-9A-Z]{12}$")


@check(Rule(
    "F004", "project-code-malformed", "项目编码格式不符", WARNING, COMPLETE,
    "项目编码“{value}”{problem}",
    "核对项目编码：应为 6 位区划代码 + 2 位年度 + P + 12 位编号（共 21 位），与预算系统一致",
    why="县级项目编码由 6 位区划代码、2 位年度、“P”和 12 位编号组成"
        "（博野县 2023 年为 13063723P…）；"
        "格式不同、年度不对或区划不同，通常是照抄了旧表。",
    example="2023 年文本中的项目编码 13063722P004287100744（年度为 22）",
    sources=("R-PRJ-003",),
))
def project_code_malformed(ctx: Context, rule: Rule) -> Iterator[Finding]:
    year = ctx.book.info.year
    prefixes = Counter(m.group(1) for p in ctx.book.projects
                       if p.code and (m := _CODE.match(p.code)))
    usual = prefixes.most_common(1)[0][0] if prefixes else None
    for p in ctx.book.projects:
        if not p.code:
            continue
        match = _CODE.match(p.code)
        if match is None:
            yield ctx.at_project(rule, p, "code", value=p.code,
                                 problem=f"不是 21 位规范格式（现为 {len(p.code)} 位）")
        elif year is not None and match.group(2) != f"{year % 100:02d}":
            yield ctx.at_project(rule, p, "code", value=p.code,
                                 problem=f"中的年度“{match.group(2)}”与预算年度 {year} 不符")
        elif usual is not None and match.group(1) != usual:
            yield ctx.at_project(rule, p, "code", value=p.code,
                                 problem=f"的区划代码与本文本其他项目（{usual}）不同")


@check(Rule(
    "F005", "project-code-duplicate", "项目编码重复", ERROR, COMPLETE,
    "项目编码“{value}”与“{other}”重复", "每个项目使用预算系统中的唯一编码",
    why="项目编码在预算系统和全县汇总中唯一标识一个项目；两张表同一编码，要么是复制的表，要么是录错。",
    example="项目2 和 项目4 都是 13063723P00428710008F",
    sources=("R-PRJ-003",),
))
def project_code_duplicate(ctx: Context, rule: Rule) -> Iterator[Finding]:
    seen: dict[str, Project] = {}
    for p in ctx.book.projects:
        if not p.code:
            continue
        first = seen.setdefault(p.code, p)
        if first is not p:
            yield ctx.at_project(rule, p, "code", value=p.code,
                                 other=first.sheet or first.name or "")


_MONTH = re.compile(r"^(\d{1,2})月")


def _month(milestone: str) -> int | None:
    match = _MONTH.match(milestone)
    return int(match.group(1)) if match else None


@check(Rule(
    "F006", "spending-plan-not-complete", "支出计划未到年底 100%", ERROR, COMPLETE,
    "资金支出计划{problem}", "补齐“12月底”时点，累计支出比例到年底应为 100%",
    why="资金支出计划是累计口径，要把全年的钱都安排到；"
        "只列到 10月底或年底不到 100%，就有钱没有安排。",
    example="3月底 25% | 6月底 50% | 10月底 75%（没有 12月底）",
    sources=("R-PLAN-001",),
))
def plan_not_complete(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for p in ctx.book.projects:
        if _untouched(p):
            continue  # F014
        points = [pt for pt in p.spending_plan if pt.percent is not None]
        if not points:
            if p.spending_plan and not any(pt.unreadable for pt in p.spending_plan):
                yield ctx.at_project(rule, p, "spending_plan", problem="未填写")
            continue
        last = p.spending_plan[-1]
        if _month(last.milestone) != 12:
            yield ctx.at_project(rule, p, "spending_plan",
                                 problem=f"只列到“{last.milestone}”，缺少“12月底”")
        elif last.unreadable:
            continue  # R002 reports the text in the 12月底 cell
        elif last.percent is None or last.percent != 100:
            shown = "空白" if last.percent is None else f"{last.percent}%"
            yield ctx.finding(rule, sheet=p.sheet, cell=last.cells.get("percent"), project=p,
                              problem=f"12月底累计为 {shown}，应为 100%")


@check(Rule(
    "F007", "spending-plan-not-cumulative", "支出计划不是累计比例", WARNING, FEASIBLE,
    "资金支出计划“{milestone}”为 {value}%，{problem}",
    "按累计口径填写：各时点比例在 0%–100% 之间且逐期不减少",
    why="支出计划是截至各月底的累计支出，只会增加、不会减少，也不会超过 100%。"
        "（RULES.md 把这条列为经验规则，所以只作警告。）",
    example="3月底 20% | 6月底 45% | 10月底 40% | 12月底 100%",
    sources=("R-PLAN-002",),
))
def plan_not_cumulative(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for p in ctx.book.projects:
        previous: tuple[str, Decimal] | None = None  # the last filled milestone, its percent
        for point in p.spending_plan:
            if point.percent is None:
                continue
            cell = point.cells.get("percent")
            if not 0 <= point.percent <= 100:
                yield ctx.finding(rule, sheet=p.sheet, cell=cell, project=p,
                                  milestone=point.milestone, value=point.percent,
                                  problem="超出 0%–100%")
            elif previous is not None and point.percent < previous[1]:
                yield ctx.finding(rule, sheet=p.sheet, cell=cell, project=p,
                                  milestone=point.milestone, value=point.percent,
                                  problem=f"低于“{previous[0]}”的 {previous[1]}%")
            previous = (point.milestone, point.percent)


@check(Rule(
    "F008", "spending-plan-milestones-differ", "支出计划时点不一致", WARNING, COMPLETE,
    "资金支出计划时点为 {found}，与本文本其他项目（{usual}）不一致",
    "各项目统一使用相同的时点（如 3月底、6月底、10月底、12月底）",
    why="县里按时点合计支出计划；一张表用 9月底、另一张用 10月底，就加不到一起。"
        "（只缺 12月底 的情况见 F006。）",
    example="项目1 为 3月底/6月底/9月底/12月底，其他项目为 3月底/6月底/10月底/12月底",
    sources=("R-PLAN-003",),
))
def plan_milestones_differ(ctx: Context, rule: Rule) -> Iterator[Finding]:
    sets = {id(p): tuple(pt.milestone for pt in p.spending_plan) for p in ctx.book.projects}
    complete = [s for s in sets.values() if s and _month(s[-1]) == 12]
    if not complete:
        return
    counts = Counter(complete)
    usual = max(counts, key=lambda s: (counts[s], s == DEFAULT_MILESTONES))
    for p in ctx.book.projects:
        found = sets[id(p)]
        if found and _month(found[-1]) == 12 and found != usual:
            yield ctx.at_project(rule, p, "spending_plan", found="/".join(found),
                                 usual="/".join(usual))


@check(Rule(
    "F009", "spending-plan-ignores-monthly-payment", "按月支付却按季度计划", WARNING, FEASIBLE,
    "指标写明“按月”支付，但“{milestone}”累计计划 {value}%，按月应约为 {expected}%",
    "按月支付的项目按月份比例安排累计支出（3月底 25%、6月底 50%、10月底 83%、12月底 100%）",
    why="每月支付的钱（工资、保险）到 3、6、10、12 月底约支出 3/12、6/12、10/12、12/12，"
        "即 25%、50%、83%、100%；机械的 25/50/75/100 低估了 10 月底的支出。",
    example="时效指标“按月支付”，计划却是 25% | 50% | 75% | 100%",
    sources=("R-PLAN-004",),
))
def plan_ignores_monthly_payment(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for p in ctx.book.projects:
        if not any("按月" in compact(f"{r.indicator.name}{r.indicator.description}"
                                     f"{r.indicator.value.text}")
                   for r in ctx.rows_of(p)):
            continue
        for point in p.spending_plan:
            month = _month(point.milestone)
            if month is None or point.percent is None:
                continue
            expected = Decimal(month * 100) / 12
            if abs(point.percent - expected) > 5:
                yield ctx.finding(rule, sheet=p.sheet, cell=point.cells.get("percent"), project=p,
                                  milestone=point.milestone, value=point.percent,
                                  expected=f"{expected:.0f}")
                break


_LINEAR = (Decimal(25), Decimal(50), Decimal(75), Decimal(100))


@check(Rule(
    "F010", "spending-plan-templated", "支出计划千篇一律", INFO, FEASIBLE,
    "全部 {count} 个项目的资金支出计划都是机械的 {pattern}",
    "按各项目实际的付款进度（活动时间、合同付款节点）分别编制支出计划",
    why="每个项目都是同样的 25/50/75/100，说明支出计划没有按项目的活动时间和付款节点测算。",
    example="四个项目都是 25% | 50% | 75% | 100%",
    sources=("R-PLAN-005",),
))
def plan_templated(ctx: Context, rule: Rule) -> Iterator[Finding]:
    projects = [p for p in ctx.book.projects if p.spending_plan]
    if len(projects) < 2:
        return
    patterns = {tuple(pt.percent for pt in p.spending_plan) for p in projects}
    if all(len(pattern) >= 3 and pattern == _LINEAR[: len(pattern)] for pattern in patterns):
        yield ctx.at_project(rule, projects[0], "spending_plan", count=len(projects),
                             pattern="25%/50%/75%/100%")


@check(Rule(
    "F011", "target-copies-purpose", "绩效目标照抄资金用途", WARNING, RELEVANT,
    "绩效目标与资金用途文字相同",
    "把绩效目标写成可衡量的预期产出和效果（数量、时间、对象），不要照抄资金用途",
    why="绩效目标要写明预期的产出和效果并加以量化（多少、何时、对谁）；重复资金用途，两样都没说。",
    example="资金用途和绩效目标都是“对在档管理困难职工…使其家庭困难得到有效缓解。”",
    sources=("R-PRJ-006",),
))
def target_copies_purpose(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for p in ctx.book.projects:
        if p.targets and p.purpose and bare("".join(p.targets)) == bare(p.purpose):
            yield ctx.at_project(rule, p, "targets")


_ADVANCE = re.compile(r"提前下达\s*(\d{4})\s*年")


@check(Rule(
    "F012", "prior-year-advance-funds", "往年提前下达资金", INFO, RELEVANT,
    "项目为“提前下达{found}年”资金，早于预算年度 {year} 年",
    "说明是否为结转资金，并在绩效目标中写明对应年度",
    why="2023 年文本里的“提前下达2022年”资金，要么是结转，要么放错了年度；"
        "目标应写明为哪一年的工作付钱。",
    example="2023 年文本中的 冀财行〔2021〕102号提前下达2022年困难职工…专项资金",
    sources=("R-PRJ-005",),
))
def prior_year_advance_funds(ctx: Context, rule: Rule) -> Iterator[Finding]:
    year = ctx.book.info.year
    if year is None:
        return
    for p in ctx.book.projects:
        match = _ADVANCE.search(p.name or "")
        if match and int(match.group(1)) < year:
            yield ctx.at_project(rule, p, "name", found=match.group(1), year=year)

