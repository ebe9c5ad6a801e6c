"""I1xx: the 指标值 of each indicator — grammar, ceilings, direction, units, bases."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from xlperf.checks.base import Check, Context, Row, compact
from xlperf.findings import Finding, Severity
from xlperf.values import Comparator, ValueKind, is_clean_unit
from xlperf.vocab import Level1, Level2

_COST_LEVEL2 = {Level2.COST, Level2.ECONOMIC_COST, Level2.SOCIAL_COST, Level2.ECOLOGICAL_COST}
_GREATER = {Comparator.GE, Comparator.GT}
_LESS = {Comparator.LE, Comparator.LT}


def _is_cost(row: Row) -> bool:
    return row.level2 in _COST_LEVEL2 or row.level1 is Level1.COST


class ValueUnparseable(Check):
    """Flag a 指标值 that is neither comparator + number + unit nor a graded qualitative value.

    Why it matters: a quantitative target must be a number (the 一体化 system refuses text:
    “定量指标的指标值为数值！”); text such as “按月支付” cannot be scored at year end.

    Example:
        数量指标 | 救助人数 | 在档管理困难职工及劳模
    """

    code = "I101"
    name = "value-unparseable"
    severity = Severity.ERROR
    template = "指标值“{value}”不是“比较符+数值+单位”，也不是定性分级表述"
    hint = "写成如 ≥95%、=120人、≤200元/人；确实无法量化时写“定性：达到预期目标”"
    rules = ("R-VAL-001", "R-VAL-002")

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            if row.indicator.value.kind is ValueKind.UNPARSED:
                yield self.at_row(ctx, row, "value", value=row.indicator.value.text)


class ValueMissing(Check):
    """Flag an indicator row without a 指标值.

    Why it matters: every indicator needs a target value (指标值 is required in 一体化).

    Example:
        质量指标 | 验收合格率 |（空白）
    """

    code = "I102"
    name = "value-missing"
    severity = Severity.ERROR
    template = "三级指标“{value}”没有指标值"
    hint = "填写指标值，如 ≥95%"
    rules = ("R-PRJ-001", "R-VAL-001")

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            if row.indicator.value.kind is ValueKind.EMPTY:
                yield self.at_row(ctx, row, "value", value=row.indicator.name or "")


class PercentCeilingMeaningless(Check):
    """Flag “≥100%” or “>100%”: a rate cannot exceed 100%, so the target is really “=100%”.

    Why it matters: ≥100% on a rate is satisfied only by exactly 100% and reads as if more were
    possible; 101号 asks for values that can be reached and assessed.

    Example:
        质量指标 | 财政拨款保障率 | ≥100%
    """

    code = "I103"
    name = "percent-ceiling-meaningless"
    severity = Severity.ERROR
    template = "指标值“{value}”：比率不会超过 100%，“{comparator}100%”没有意义"
    hint = "要求全部达到时写成“=100%”；否则写实际可达的目标，如 ≥95%"
    rules = ("R-VAL-004",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            v = row.indicator.value
            if (v.kind is ValueKind.QUANTITATIVE and v.unit == "%" and v.comparator in _GREATER
                    and v.number is not None and v.number >= 100):
                yield self.at_row(ctx, row, "value", value=v.text, comparator=v.comparator.value)


_NEGATIVE = re.compile(r"(事故|投诉|差错|超支|发生率|失误|违规|违纪|逾期|返工|不合格|流失|误差|"
                       r"损失|排放|能耗|污染|成本|费用|单价|价格|费$|时长|耗时|天数|周期)")


class ComparatorDirectionWrong(Check):
    """Flag a comparator pointing the wrong way: costs with ≥, rates to maximise with ≤.

    Why it matters: costs, prices and incident rates are ceilings (≤); quantities, quality,
    benefits and satisfaction are floors (≥). The 一体化 system scores 正向 and 反向 indicators
    accordingly.

    Example:
        成本指标 | 人均体检费 | ≥200元/人
    """

    code = "I104"
    name = "comparator-direction-wrong"
    severity = Severity.ERROR
    template = "“{name}”{kind}，指标值却是“{value}”"
    hint = "{fix}"
    rules = ("R-VAL-005",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            v = row.indicator.value
            if v.kind is not ValueKind.QUANTITATIVE or v.comparator is None:
                continue
            negative = _is_cost(row) or bool(_NEGATIVE.search(row.name))
            if negative and v.comparator in _GREATER:
                yield self.at_row(ctx, row, "value", name=row.indicator.name,
                                  kind="是成本或越低越好的指标", value=v.text,
                                  fix="成本、费用、单价和各类事故/差错率用 ≤ 或 <，如 ≤200元/人")
            elif (not negative and v.comparator in _LESS
                  and row.level2 not in (Level2.TIMELINESS, None)):
                yield self.at_row(ctx, row, "value", name=row.indicator.name,
                                  kind="是越高越好的指标", value=v.text, severity=Severity.WARNING,
                                  fix="数量、质量、效益和满意度指标用 ≥、> 或 =，如 ≥95%")


_COUNT = re.compile(r"(人数|人次|户数|次数|个数|家数|场次|件数|项数|名额|总人数|数量)$")
_RATE = re.compile(r"(率|比例|占比|覆盖面)$")
_MONEY = re.compile(r"(费|费用|成本|金额|单价|资金)$")


class UnitMismatch(Check):
    """Flag a 指标值 whose unit contradicts the indicator's name (人数 with %, 率 without %).

    Why it matters: “总人数 ≥100%” cannot be measured; the name says what is counted and the
    unit must agree.

    Example:
        数量指标 | 总人数 | ≥100%
    """

    code = "I105"
    name = "unit-mismatch"
    severity = Severity.WARNING
    template = "“{name}”{expects}，指标值“{value}”的单位是“{unit}”"
    hint = "{fix}"
    rules = ("R-VAL-006",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            v = row.indicator.value
            if v.kind is not ValueKind.QUANTITATIVE or not v.unit or not row.name:
                continue
            if _COUNT.search(row.name) and v.unit == "%":
                yield self.at_row(ctx, row, "value", name=row.indicator.name,
                                  expects="应为人数、次数等数量", value=v.text, unit=v.unit,
                                  fix="写成具体数量，如 =120人；或把指标名改为“××比例”")
            elif _RATE.search(row.name) and v.unit != "%":
                yield self.at_row(ctx, row, "value", name=row.indicator.name,
                                  expects="是比率", value=v.text, unit=v.unit,
                                  fix="比率类指标用百分数，如 ≥95%")
            elif _is_cost(row) and _MONEY.search(row.name) and "元" not in v.unit:
                yield self.at_row(ctx, row, "value", name=row.indicator.name,
                                  expects="是金额", value=v.text, unit=v.unit,
                                  fix="成本类指标写金额，如 ≤200元/人 或 ≤10万元")


class UnitMissingOrMixed(Check):
    """Flag a quantitative 指标值 without a unit, or with explanations mixed into the unit.

    Why it matters: the unit (计量单位) is part of the target; “≥200 人均标准 200 元 /人” mixes
    a note into the value and cannot be parsed reliably.

    Example:
        成本指标 | 人均体检费 | ≥200 人均标准 200 元 /人
    """

    code = "I106"
    name = "unit-missing-or-mixed"
    severity = Severity.WARNING
    template = "指标值“{value}”{problem}"
    hint = "只写比较符、数值和单位，如 ≤200元/人；说明放到“绩效指标描述”"
    rules = ("R-VAL-007",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            v = row.indicator.value
            if v.kind is not ValueKind.QUANTITATIVE:
                continue
            if v.unit is None:
                yield self.at_row(ctx, row, "value", value=v.text, problem="缺少计量单位")
            elif not is_clean_unit(v.unit):
                yield self.at_row(ctx, row, "value", value=v.text,
                                  problem=f"的单位“{v.unit}”中混有说明文字")


class ComparatorMissing(Check):
    """Flag a quantitative 指标值 without a comparator, such as a bare “100%”.

    Why it matters: 指标性质 (≥ > = < ≤) is required; “100%” may mean “=100%” or “≥100%”.

    Example:
        时效指标 | 拨款执行进度（%） | 100%
    """

    code = "I107"
    name = "comparator-missing"
    severity = Severity.WARNING
    template = "指标值“{value}”缺少比较符"
    hint = "加上比较符，如 “={value}” 或 “≥{value}”"
    rules = ("R-VAL-015", "R-VAL-001")

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            v = row.indicator.value
            if v.kind is ValueKind.QUANTITATIVE and v.comparator is None:
                yield self.at_row(ctx, row, "value", value=v.text)


class SatisfactionTargetHigh(Check):
    """Note a satisfaction target of ≥98% (warning at 100%) without evidence.

    Why it matters: satisfaction surveys usually land between 80% and 95%; 98% or 100% needs
    history to back it, or the target will be missed.

    Example:
        服务对象满意度 | ≥98%
    """

    code = "I108"
    name = "satisfaction-target-high"
    severity = Severity.INFO
    template = "满意度目标“{value}”偏高"
    hint = "一般设为 ≥85%–≥95%；设 98% 以上需有历年满意度调查数据支撑"
    rules = ("R-VAL-010",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            v = row.indicator.value
            if (row.level1 is Level1.SATISFACTION and v.kind is ValueKind.QUANTITATIVE
                    and v.unit == "%" and v.number is not None and v.number >= 98):
                severity = Severity.WARNING if v.number >= 100 else Severity.INFO
                yield self.at_row(ctx, row, "value", value=v.text, severity=severity)


_SURVEY = re.compile(r"(问卷|调查|测评|评价|回访|满意度|抽查|座谈|访谈)")


class SatisfactionBasisNotSurvey(Check):
    """Flag a satisfaction indicator whose basis is not a survey or past survey results.

    Why it matters: satisfaction is measured by asking those served; “文件要求” is no basis for
    a satisfaction figure.

    Example:
        服务对象满意度 | ≥98% | 文件要求
    """

    code = "I109"
    name = "satisfaction-basis-not-survey"
    severity = Severity.WARNING
    template = "满意度指标的确定依据是“{value}”，不是问卷调查或历史满意度"
    hint = "依据写明调查方式和数据来源，如“2022年服务对象满意度问卷调查”"
    rules = ("R-VAL-010",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            basis = row.indicator.basis
            if row.level1 is Level1.SATISFACTION and basis and not _SURVEY.search(basis):
                yield self.at_row(ctx, row, "basis", value=basis)


#: Bases that name no document, data or standard. A blacklist, so that unseen concrete bases
#: ("设备厂家技术参数", "政府采购市场询价结果") are never flagged.
_GENERIC_BASIS = re.compile(
    r"^(根据|按照|依据)?(相关|有关|上级|国家|省|市|县)?(文件|政策|制度|规定|要求|通知)(要求|规定|精神)?$"
    r"|^(管理|财务|内控|内部|相关)制度$|^支出进度(要求)?$|^工作(要求|需要|安排|计划)$"
    r"|^实际(情况|需要)$|^(历史|以往)?经验$|^惯例$|^常规$"
)


class BasisGeneric(Check):
    """Flag a 指标值确定依据 such as “文件要求” or “管理制度” that names no concrete source.

    Why it matters: a target value rests on a plan, history, an industry or spending standard;
    the basis should name the document or data so the value can be verified.

    Example:
        救助准确率 | ≥90% | 文件要求
    """

    code = "I110"
    name = "basis-generic"
    severity = Severity.WARNING
    template = "指标值确定依据“{value}”过于笼统"
    hint = "写明具体依据：文件名称和文号、历史数据（如2022年实际完成值）、行业标准或预算支出标准"
    rules = ("R-VAL-012",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            basis = compact(row.indicator.basis)
            if basis and _GENERIC_BASIS.match(basis):
                yield self.at_row(ctx, row, "basis", value=row.indicator.basis)


_UNOBSERVABLE = re.compile(r"(程度|影响力|影响|作用|幸福感|获得感|意识|氛围|形象|精神)")


class UnobservablePercent(Check):
    """Flag a percentage attached to something that cannot be observed (程度, 影响力, 作用).

    Why it matters: “增强影响力 ≥98%” cannot be measured at year end: 98% of what?

    Example:
        社会效益指标 | 受补助人群生活水平提高程度 | ≥98%
    """

    code = "I111"
    name = "unobservable-percent"
    severity = Severity.WARNING
    template = "“{name}”无法观测，“{value}”无从计量"
    hint = "改为可观测的指标，如“受助家庭人均收入增长率”“××知晓率（问卷）”"
    rules = ("R-VAL-014",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            v = row.indicator.value
            if v.unit == "%" and _UNOBSERVABLE.search(row.name):
                yield self.at_row(ctx, row, "value", name=row.indicator.name, value=v.text)


class CostValueInvalid(Check):
    """Flag a cost indicator given as a percentage, or one larger than the project's budget.

    Why it matters: cost indicators state money (a total or a unit cost) within the spending
    standard, and never more than the project's own budget.

    Example:
        成本指标 | 项目总成本 | ≤50万元 in a 30 万元 project
    """

    code = "I112"
    name = "cost-value-invalid"
    severity = Severity.ERROR
    template = "成本指标“{name}”的指标值“{value}”{problem}"
    hint = "成本指标写金额（万元或元/单位），且不超过项目预算数和预算支出标准"
    rules = ("R-VAL-008",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            v = row.indicator.value
            if not _is_cost(row) or v.kind is not ValueKind.QUANTITATIVE or v.number is None:
                continue
            unit, budget = v.unit or "", row.project.budget
            total = _as_wanyuan(v.number, unit)
            if unit == "%":
                yield self.at_row(ctx, row, "value", name=row.indicator.name, value=v.text,
                                  problem="是百分比，不是金额", severity=Severity.WARNING)
            elif total is not None and budget is not None and total > budget:
                yield self.at_row(ctx, row, "value", name=row.indicator.name, value=v.text,
                                  problem=f"超过项目预算数 {budget} 万元")


def _as_wanyuan(number: Decimal, unit: str) -> Decimal | None:
    if unit == "万元":
        return number
    if unit == "元":
        return number / 10000
    return None  # per-unit costs (元/人) are not totals


class ComparatorContradicts(Check):
    """Flag the same indicator with opposite comparators in two projects of one document.

    Why it matters: “资金的使用效率 ≤100%” in one table and “≥100%” in another cannot both be
    right; one was copied without thought.

    Example:
        项目1 资金的使用效率 ≤100%, 项目4 资金的使用效率 ≥100%
    """

    code = "I113"
    name = "comparator-contradicts"
    severity = Severity.WARNING
    template = "“{name}”在“{other}”中为“{first}”，此处却为“{value}”，方向相反"
    hint = "同一指标在各项目中的比较符和口径应一致"
    rules = ("R-VAL-013",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        first: dict[str, Row] = {}
        for row in ctx.rows:
            c = row.indicator.value.comparator
            if not row.name or c not in _GREATER | _LESS:
                continue
            seen = first.setdefault(row.name, row)
            s = seen.indicator.value.comparator
            if seen.project is not row.project and (s in _GREATER) != (c in _GREATER):
                yield self.at_row(ctx, row, "value", name=row.indicator.name,
                                  other=seen.project.sheet or "", first=seen.indicator.value.text,
                                  value=row.indicator.value.text)


_COUNT_UNITS = ("人", "人次", "个", "户", "次", "亩", "台", "套", "所", "名", "家", "场", "件",
                "项")


class QuantityCostMismatch(Check):
    """Flag a project whose quantity × unit cost is far from its budget.

    Why it matters: targets must match the money (适当性): 120 people at 200 元/人 is 2.4 万元,
    not a 10 万元 project; the target is then too low or too high.

    Example:
        数量 =120人, 成本 ≤200元/人, 预算数 10.00 万元
    """

    code = "I114"
    name = "quantity-cost-mismatch"
    severity = Severity.WARNING
    template = "数量 {quantity} × 单位成本 {cost} = {product} 万元，与预算数 {budget} 万元相差较大"
    hint = "核对数量指标、单位成本和预算数是否相互匹配"
    rules = ("R-VAL-009",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for p in ctx.book.projects:
            if p.budget is None or p.budget <= 0:
                continue
            rows = list(ctx.rows_of(p))
            counts = [r for r in rows if r.level2 is Level2.QUANTITY and _count_unit(r)]
            costs = [r for r in rows if _is_cost(r) and _per_unit(r)]
            if len(counts) != 1 or len(costs) != 1:
                continue
            count, cost = counts[0].indicator.value, costs[0].indicator.value
            per_unit = _per_unit(costs[0])
            if per_unit != _count_unit(counts[0]) or not count.number or not cost.number:
                continue
            money = cost.number / 10000 if cost.unit.startswith("元") else cost.number  # type: ignore[union-attr]
            product = count.number * money
            if not p.budget / 2 <= product <= p.budget * 2:
                yield self.at_project(ctx, p, "budget", quantity=count.text, cost=cost.text,
                                      product=f"{product:.2f}", budget=p.budget)


def _count_unit(row: Row) -> str | None:
    v = row.indicator.value
    return v.unit if v.kind is ValueKind.QUANTITATIVE and v.unit in _COUNT_UNITS else None


def _per_unit(row: Row) -> str | None:
    v = row.indicator.value
    if v.kind is not ValueKind.QUANTITATIVE or not v.unit:
        return None
    match = re.fullmatch(r"万?元/(.+)", v.unit)
    return match.group(1) if match and match.group(1) in _COUNT_UNITS else None


class QualitativeNotGraded(Check):
    """Flag a qualitative 指标值 that gives no grade (“定性” alone).

    Why it matters: a qualitative target must say what counts as achieved (达到预期目标 / 部分达到
    / 未达到) so it can be scored.

    Example:
        社会效益指标 | 群众认可度 | 定性
    """

    code = "I115"
    name = "qualitative-not-graded"
    severity = Severity.WARNING
    template = "定性指标值“{value}”没有写明分级标准"
    hint = "写成如“定性：达到预期目标”，并在描述中说明好、中、差的判断标准"
    rules = ("R-VAL-003",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            v = row.indicator.value
            if v.kind is ValueKind.QUALITATIVE and compact(v.text).strip("：:") == "定性":
                yield self.at_row(ctx, row, "value", value=v.text)


CHECKS: tuple[type[Check], ...] = (
    ValueUnparseable,
    ValueMissing,
    PercentCeilingMeaningless,
    ComparatorDirectionWrong,
    UnitMismatch,
    UnitMissingOrMixed,
    ComparatorMissing,
    SatisfactionTargetHigh,
    SatisfactionBasisNotSurvey,
    BasisGeneric,
    UnobservablePercent,
    CostValueInvalid,
    ComparatorContradicts,
    QuantityCostMismatch,
    QualitativeNotGraded,
)
