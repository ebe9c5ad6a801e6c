"""F-codes: the project table's header, money, project codes and the spending plan."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from xlperf.checks.base import Check, Context, bare, compact
from xlperf.findings import Finding, Severity
from xlperf.models import Project
from xlperf.vocab import DEFAULT_MILESTONES

_REQUIRED = (
    ("code", "项目编码"),
    ("name", "项目名称"),
    ("budget", "预算数"),
    ("fiscal_funds", "财政资金"),
    ("purpose", "资金用途"),
)


def _money(value: Decimal | None) -> str:
    return "空白" if value is None else f"{value:.2f}"


class RequiredFieldMissing(Check):
    """Flag a project table whose header field is blank.

    Why it matters: 项目编码、项目名称、预算数、财政资金、资金用途、绩效目标 and the indicator table
    are what the finance bureau reviews; a blank one cannot be evaluated.

    Example:
        项目编码 |（空白）| 项目名称 | 劳务派遣人员工资及保险
    """

    code = "F001"
    name = "required-field-missing"
    severity = Severity.ERROR
    template = "“{label}”未填写"
    hint = "填写{label}"
    rules = ("R-PRJ-001",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for project in ctx.book.projects:
            for field_name, label in _REQUIRED:
                if getattr(project, field_name) is None:
                    yield self.at_project(ctx, project, field_name, label=label)
            if not project.targets:
                yield self.at_project(ctx, project, "targets", label="绩效目标")
            if not project.indicators:
                yield self.at_project(ctx, project, "indicators", label="绩效指标（三级指标）")


class BudgetNotSum(Check):
    """Flag a 预算数 that is not 财政资金 + 其他资金 (blank 其他资金 counts as 0).

    Why it matters: the budget total must reconcile with its sources, to the cent.

    Example:
        预算数 32.50 | 其中：财政资金 28.00 | 其他资金 3.50
    """

    code = "F002"
    name = "budget-not-sum-of-sources"
    severity = Severity.ERROR
    template = "预算数 {budget} 不等于财政资金 {fiscal} 与其他资金 {other} 之和 {total}"
    hint = "核对金额：预算数应等于财政资金加其他资金（万元）"
    rules = ("R-PRJ-002",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for p in ctx.book.projects:
            if p.budget is None or p.fiscal_funds is None:
                continue
            total = p.fiscal_funds + (p.other_funds or 0)
            if total != p.budget:
                yield self.at_project(ctx, p, "budget", budget=_money(p.budget),
                                      fiscal=_money(p.fiscal_funds),
                                      other=_money(p.other_funds or Decimal(0)),
                                      total=_money(total))


class AmountInvalid(Check):
    """Flag a negative amount or one with more than two decimals.

    Why it matters: amounts are in 万元 to two decimals (to the hundred yuan); a negative budget
    or a figure like 10.093 is a typing or unit mistake.

    Example:
        预算数 10.093
    """

    code = "F003"
    name = "amount-invalid"
    severity = Severity.WARNING
    template = "{label} {value} {problem}"
    hint = "金额以万元为单位，保留两位小数，且不为负数"
    rules = ("R-PRJ-002",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        labels = {"budget": "预算数", "fiscal_funds": "财政资金", "other_funds": "其他资金"}
        for p in ctx.book.projects:
            for field_name, label in labels.items():
                value: Decimal | None = getattr(p, field_name)
                if value is None:
                    continue
                if value < 0:
                    yield self.at_project(ctx, p, field_name, label=label, value=value,
                                          problem="为负数", severity=Severity.ERROR)
                elif -value.as_tuple().exponent > 2:  # type: ignore[operator]
                    yield self.at_project(ctx, p, field_name, label=label, value=value,
                                          problem="超过两位小数")


_CODE = re.compile(r"^(\d{6})(\d{2})P[0-9A-Z]{12}$")


class ProjectCodeMalformed(Check):
    """Flag a 项目编码 that does not follow the 一体化 pattern seen in county documents.

    Why it matters: county project codes are the 6-digit division code, the 2-digit budget year,
    "P" and 12 more characters (博野县 2023: 13063723P…); another shape, a code of another year or
    another county is usually a copy from an old table.

    Example:
        项目编码 13063722P004287100744 in a 2023 document (year part 22)
    """

    code = "F004"
    name = "project-code-malformed"
    severity = Severity.WARNING
    template = "项目编码“{value}”{problem}"
    hint = "核对项目编码：应为 6 位区划代码 + 2 位年度 + P + 12 位编号（共 21 位），与预算系统一致"
    rules = ("R-PRJ-003",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        year = ctx.book.info.year
        prefixes = Counter(m.group(1) for p in ctx.book.projects
                           if p.code and (m := _CODE.match(p.code)))
        usual = prefixes.most_common(1)[0][0] if prefixes else None
        for p in ctx.book.projects:
            if not p.code:
                continue
            match = _CODE.match(p.code)
            if match is None:
                yield self.at_project(ctx, p, "code", value=p.code,
                                      problem=f"不是 21 位规范格式（现为 {len(p.code)} 位）")
            elif year is not None and match.group(2) != f"{year % 100:02d}":
                yield self.at_project(ctx, p, "code", value=p.code,
                                      problem=f"中的年度“{match.group(2)}”与预算年度 {year} 不符")
            elif usual is not None and match.group(1) != usual:
                yield self.at_project(ctx, p, "code", value=p.code,
                                      problem=f"的区划代码与本文本其他项目（{usual}）不同")


class ProjectCodeDuplicate(Check):
    """Flag two project tables with the same 项目编码.

    Why it matters: the code identifies the project in the budget system and in the county
    summary; two tables with one code are a copied table or a typing mistake.

    Example:
        项目2 and 项目4 both 13063723P00428710008F
    """

    code = "F005"
    name = "project-code-duplicate"
    severity = Severity.ERROR
    template = "项目编码“{value}”与“{other}”重复"
    hint = "每个项目使用预算系统中的唯一编码"
    rules = ("R-PRJ-003",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        seen: dict[str, Project] = {}
        for p in ctx.book.projects:
            if not p.code:
                continue
            first = seen.setdefault(p.code, p)
            if first is not p:
                yield self.at_project(ctx, p, "code", value=p.code,
                                      other=first.sheet or first.name or "")


_MONTH = re.compile(r"^(\d{1,2})月")


def _month(milestone: str) -> int | None:
    match = _MONTH.match(milestone)
    return int(match.group(1)) if match else None


class PlanNotComplete(Check):
    """Flag a spending plan that does not reach 12月底 = 100%.

    Why it matters: the 资金支出计划 is cumulative and must plan all of the year's money; a plan
    that stops at 10月底 or ends below 100% leaves money unplanned.

    Example:
        3月底 25% | 6月底 50% | 10月底 75%   (no 12月底)
    """

    code = "F006"
    name = "spending-plan-not-complete"
    severity = Severity.ERROR
    template = "资金支出计划{problem}"
    hint = "补齐“12月底”时点，累计支出比例到年底应为 100%"
    rules = ("R-PLAN-001",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for p in ctx.book.projects:
            points = [pt for pt in p.spending_plan if pt.percent is not None]
            if not points:
                if p.spending_plan:
                    yield self.at_project(ctx, p, "spending_plan", problem="未填写")
                continue
            last = p.spending_plan[-1]
            if _month(last.milestone) != 12:
                yield self.at_project(ctx, p, "spending_plan",
                                      problem=f"只列到“{last.milestone}”，缺少“12月底”")
            elif last.percent is None or last.percent != 100:
                shown = "空白" if last.percent is None else f"{last.percent}%"
                yield self.finding(ctx, sheet=p.sheet, cell=last.cells.get("percent"),
                                   project=p, problem=f"12月底累计为 {shown}，应为 100%")


class PlanNotCumulative(Check):
    """Flag a spending plan with a percentage outside 0–100% or one that goes down.

    Why it matters: the plan is cumulative (spent by the end of each month), so it can only rise.

    Example:
        3月底 20% | 6月底 45% | 10月底 40% | 12月底 100%
    """

    code = "F007"
    name = "spending-plan-not-cumulative"
    severity = Severity.WARNING  # RULES.md marks it heuristic (H): never an error
    template = "资金支出计划“{milestone}”为 {value}%，{problem}"
    hint = "按累计口径填写：各时点比例在 0%–100% 之间且逐期不减少"
    rules = ("R-PLAN-002",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for p in ctx.book.projects:
            previous = None
            for point in p.spending_plan:
                if point.percent is None:
                    continue
                cell = point.cells.get("percent")
                if not 0 <= point.percent <= 100:
                    yield self.finding(ctx, sheet=p.sheet, cell=cell, project=p,
                                       milestone=point.milestone, value=point.percent,
                                       problem="超出 0%–100%")
                elif previous is not None and point.percent < previous.percent:
                    yield self.finding(ctx, sheet=p.sheet, cell=cell, project=p,
                                       milestone=point.milestone, value=point.percent,
                                       problem=f"低于“{previous.milestone}”的 {previous.percent}%")
                previous = point


class PlanMilestonesDiffer(Check):
    """Flag a project whose plan milestones differ from the document's other projects.

    Why it matters: the county sums plans by milestone; 9月底 in one table and 10月底 in another
    cannot be added up. (A plan that merely lacks 12月底 is F006.)

    Example:
        项目1 3月底/6月底/9月底/12月底, the others 3月底/6月底/10月底/12月底
    """

    code = "F008"
    name = "spending-plan-milestones-differ"
    severity = Severity.WARNING
    template = "资金支出计划时点为 {found}，与本文本其他项目（{usual}）不一致"
    hint = "各项目统一使用相同的时点（如 3月底、6月底、10月底、12月底）"
    rules = ("R-PLAN-003",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        sets = {id(p): tuple(pt.milestone for pt in p.spending_plan) for p in ctx.book.projects}
        complete = [s for s in sets.values() if s and _month(s[-1]) == 12]
        if not complete:
            return
        counts = Counter(complete)
        usual = max(counts, key=lambda s: (counts[s], s == DEFAULT_MILESTONES))
        for p in ctx.book.projects:
            found = sets[id(p)]
            if found and _month(found[-1]) == 12 and found != usual:
                yield self.at_project(ctx, p, "spending_plan", found="/".join(found),
                                      usual="/".join(usual))


class PlanIgnoresMonthlyPayment(Check):
    """Flag a plan that does not follow the monthly payment its indicators describe.

    Why it matters: money paid every month (wages, insurance) is spent at about 3/12, 6/12,
    10/12 and 12/12 of the year: 25%, 50%, 83%, 100%; a linear 25/50/75/100 plan understates it.

    Example:
        时效指标 “按月支付” with plan 25% | 50% | 75% | 100%
    """

    code = "F009"
    name = "spending-plan-ignores-monthly-payment"
    severity = Severity.WARNING
    template = "指标写明“按月”支付，但“{milestone}”累计计划 {value}%，按月应约为 {expected}%"
    hint = "按月支付的项目按月份比例安排累计支出（3月底 25%、6月底 50%、10月底 83%、12月底 100%）"
    rules = ("R-PLAN-004",)

    def run(self, ctx: Context) -> Iterator[Finding]:
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
                    yield self.finding(ctx, sheet=p.sheet, cell=point.cells.get("percent"),
                                       project=p, milestone=point.milestone, value=point.percent,
                                       expected=f"{expected:.0f}")
                    break


_LINEAR = (Decimal(25), Decimal(50), Decimal(75), Decimal(100))


class PlanTemplated(Check):
    """Note a document whose every project uses the same mechanical 25/50/75(/100) plan.

    Why it matters: identical linear plans everywhere suggest the plan was not worked out per
    project (activities, payment dates).

    Example:
        all four projects 25% | 50% | 75% | 100%
    """

    code = "F010"
    name = "spending-plan-templated"
    severity = Severity.INFO
    template = "全部 {count} 个项目的资金支出计划都是机械的 {pattern}"
    hint = "按各项目实际的付款进度（活动时间、合同付款节点）分别编制支出计划"
    rules = ("R-PLAN-005",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        projects = [p for p in ctx.book.projects if p.spending_plan]
        if len(projects) < 2:
            return
        patterns = {tuple(pt.percent for pt in p.spending_plan) for p in projects}
        if all(len(pattern) >= 3 and pattern == _LINEAR[: len(pattern)] for pattern in patterns):
            yield self.at_project(ctx, projects[0], "spending_plan", count=len(projects),
                                  pattern="25%/50%/75%/100%")


class TargetCopiesPurpose(Check):
    """Flag a 绩效目标 that is the 资金用途 text again.

    Why it matters: the target must state the expected outputs and effects, quantified (how
    many, by when, for whom); repeating what the money is used for states neither.

    Example:
        资金用途 and 绩效目标 both “对在档管理困难职工…使其家庭困难得到有效缓解。”
    """

    code = "F011"
    name = "target-copies-purpose"
    severity = Severity.WARNING
    template = "绩效目标与资金用途文字相同"
    hint = "把绩效目标写成可衡量的预期产出和效果（数量、时间、对象），不要照抄资金用途"
    rules = ("R-PRJ-006",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for p in ctx.book.projects:
            if p.targets and p.purpose and bare("".join(p.targets)) == bare(p.purpose):
                yield self.at_project(ctx, p, "targets")


_ADVANCE = re.compile(r"提前下达\s*(\d{4})\s*年")


class PriorYearAdvanceFunds(Check):
    """Note a project of advance funds for an earlier year than the document's.

    Why it matters: money “提前下达2022年” in a 2023 document is either carried over or
    misfiled; the target should say which year's work it pays for.

    Example:
        冀财行〔2021〕102号提前下达2022年困难职工…专项资金 in the 2023 text
    """

    code = "F012"
    name = "prior-year-advance-funds"
    severity = Severity.INFO
    template = "项目为“提前下达{found}年”资金，早于预算年度 {year} 年"
    hint = "说明是否为结转资金，并在绩效目标中写明对应年度"
    rules = ("R-PRJ-005",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        year = ctx.book.info.year
        if year is None:
            return
        for p in ctx.book.projects:
            match = _ADVANCE.search(p.name or "")
            if match and int(match.group(1)) < year:
                yield self.at_project(ctx, p, "name", found=match.group(1), year=year)


CHECKS: tuple[type[Check], ...] = (
    RequiredFieldMissing,
    BudgetNotSum,
    AmountInvalid,
    ProjectCodeMalformed,
    ProjectCodeDuplicate,
    PlanNotComplete,
    PlanNotCumulative,
    PlanMilestonesDiffer,
    PlanIgnoresMonthlyPayment,
    PlanTemplated,
    TargetCopiesPurpose,
    PriorYearAdvanceFunds,
)
