"""I1xx: the 指标值 of each indicator — grammar, ceilings, direction, units, bases."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from xlperf.core.model.findings import Applicability, CellFix, Finding, Severity
from xlperf.core.model.indicator_value import Comparator, ValueKind, is_clean_unit
from xlperf.core.model.rule import Dimension, FixTexts, Rule
from xlperf.core.model.vocab import COST_LEVEL2, Level1, Level2
from xlperf.core.rules import remedies
from xlperf.core.rules.base import Context, Row, check, compact

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
COMPLETE, APPROPRIATE = Dimension.COMPLETENESS, Dimension.APPROPRIATENESS
FEASIBLE = Dimension.FEASIBILITY

_GREATER = {Comparator.GE, Comparator.GT}
_LESS = {Comparator.LE, Comparator.LT}


def _is_cost(row: Row) -> bool:
    return row.level2 in COST_LEVEL2 or row.level1 is Level1.COST


@check(Rule(
    "I101", "value-unparseable", "指标值无法解析", ERROR, FEASIBLE,
    "指标值“{value}”不是“比较符+数值+单位”，也不是定性分级表述",
    "写成如 ≥95%、=120人、≤200元/人；确实无法量化时写“定性：达到预期目标”",
    why="定量指标的指标值必须是数值（一体化系统会拒绝文字：“定量指标的指标值为数值！”）；"
        "“按月支付”这样的文字年底无法打分。",
    example="数量指标 | 救助人数 | 在档管理困难职工及劳模",
    sources=("R-VAL-001", "R-VAL-002"),
))
def value_unparseable(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        if row.indicator.value.kind is ValueKind.UNPARSED:
            yield ctx.at_row(rule, row, "value", value=row.indicator.value.text)


@check(Rule(
    "I102", "value-missing", "指标值未填写", ERROR, COMPLETE,
    "三级指标“{value}”没有指标值", "填写指标值，如 ≥95%",
    why="每个指标都要有目标值（一体化系统中指标值是必填项）。",
    example="质量指标 | 验收合格率 |（空白）",
    sources=("R-PRJ-001", "R-VAL-001"),
))
def value_missing(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        if row.indicator.value.kind is ValueKind.EMPTY:
            yield ctx.at_row(rule, row, "value", value=row.indicator.name or "")


@check(Rule(
    "I103", "percent-ceiling-meaningless", "“≥100%”没有意义", ERROR, FEASIBLE,
    "指标值“{value}”：比率不会超过 100%，“{comparator}100%”没有意义",
    "要求全部达到时写成“=100%”；否则写实际可达的目标，如 ≥95%",
    why="比率的“≥100%”只有恰好 100% 才能满足，读起来却像还能更多；101号要求指标值可实现、可评价。",
    example="质量指标 | 财政拨款保障率 | ≥100%",
    sources=("R-VAL-004",), fix=Applicability.UNSAFE,
))
def percent_ceiling_meaningless(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        v = row.indicator.value
        if (v.kind is ValueKind.QUANTITATIVE and v.unit == "%" and v.comparator in _GREATER
                and v.number is not None and v.number >= 100):
            yield ctx.at_row(rule, row, "value", value=v.text, comparator=v.comparator.value,
                             fix=remedies.pair(v.text or "", remedies.FULL_RATE))


_NEGATIVE = re.compile(r"(事故|投诉|差错|超支|发生率|失误|违规|违纪|逾期|返工|不合格|流失|误差|"
                       r"损失|排放|能耗|污染|成本|费用|单价|价格|费$|时长|耗时|天数|周期)")


def _quantified_with(row: Row, comparators: set[Comparator]) -> bool:
    v = row.indicator.value
    return v.kind is ValueKind.QUANTITATIVE and v.comparator in comparators


#: Rates of dealing with something bad (投诉处理率, 排放达标率, 能耗下降率): higher is better.
_DEALT_WITH = re.compile(r"(处理|处置|办结|整改|治理|纠正|查处|化解|答复|回复|回收|利用|达标|"
                         r"降低|下降|减少|节约)\w{0,4}(率|比例)$")


def _lower_is_better(row: Row) -> bool:
    return _is_cost(row) or (bool(_NEGATIVE.search(row.name))
                             and not _DEALT_WITH.search(row.name))


@check(Rule(
    "I104", "comparator-direction-wrong", "成本类指标用了“≥”", ERROR, FEASIBLE,
    "“{name}”是成本或越低越好的指标，指标值却是“{value}”",
    "成本、费用、单价和各类事故/差错率用 ≤ 或 <，如 ≤200元/人",
    why="成本、价格和事故率是上限（≤）；写成“≥”等于要求多花钱、多出事故。"
        "一体化系统按正向、反向指标分别计分。",
    example="成本指标 | 人均体检费 | ≥200元/人",
    sources=("R-VAL-005",),
))
def comparator_direction_wrong(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        if _quantified_with(row, _GREATER) and _lower_is_better(row):
            yield ctx.at_row(rule, row, "value", name=row.indicator.name,
                             value=row.indicator.value.text)


@check(Rule(
    "I116", "comparator-direction-doubtful", "越高越好的指标用了“≤”", WARNING, FEASIBLE,
    "“{name}”是越高越好的指标，指标值却是“{value}”",
    "数量、质量、效益和满意度指标用 ≥、> 或 =，如 ≥95%",
    why="数量、质量、效益和满意度是下限（≥）；写成“≤”等于把完成得更好算作没达标。",
    example="质量指标 | 验收合格率 | ≤95%",
    sources=("R-VAL-005",),
))
def comparator_direction_doubtful(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        if (_quantified_with(row, _LESS) and not _lower_is_better(row)
                and row.level2 not in (Level2.TIMELINESS, None)):
            yield ctx.at_row(rule, row, "value", name=row.indicator.name,
                             value=row.indicator.value.text)


_COUNT = re.compile(r"(人数|人次|户数|次数|个数|家数|场次|件数|项数|名额|总人数|数量)$")
_RATE = re.compile(r"(率|比例|占比|覆盖面)$")
_MONEY = re.compile(r"(费|费用|成本|金额|单价|资金)$")


@check(Rule(
    "I105", "unit-mismatch", "单位与指标名称不符", WARNING, FEASIBLE,
    "“{name}”{expects}，指标值“{value}”的单位是“{unit}”",
    "让单位与指标名称一致：人数、次数写人、次；比率写 %；金额写元或万元",
    why="“总人数 ≥100%”无法计量：指标名称说明数的是什么，单位必须与之相符。",
    example="数量指标 | 总人数 | ≥100%",
    sources=("R-VAL-006",),
))
def unit_mismatch(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        v = row.indicator.value
        if v.kind is not ValueKind.QUANTITATIVE or not v.unit or not row.name:
            continue
        expects = None
        if _COUNT.search(row.name) and v.unit == "%":
            expects = "应为人数、次数等数量"
        elif _RATE.search(row.name) and v.unit != "%":
            expects = "是比率"
        elif _is_cost(row) and _MONEY.search(row.name) and "元" not in v.unit:
            expects = "是金额"
        if expects:
            yield ctx.at_row(rule, row, "value", name=row.indicator.name, expects=expects,
                             value=v.text, unit=v.unit)


@check(Rule(
    "I106", "unit-missing-or-mixed", "缺少单位或单位混有说明", WARNING, FEASIBLE,
    "指标值“{value}”{problem}", "只写比较符、数值和单位，如 ≤200元/人；说明放到“绩效指标描述”",
    why="计量单位是目标的一部分；“≥200 人均标准 200 元 /人”把说明混进了指标值，无法可靠解析。",
    example="成本指标 | 人均体检费 | ≥200 人均标准 200 元 /人",
    sources=("R-VAL-007",), fix=Applicability.UNSAFE,
))
def unit_missing_or_mixed(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        v = row.indicator.value
        if v.kind is not ValueKind.QUANTITATIVE:
            continue
        if v.unit is None:
            yield ctx.at_row(rule, row, "value", value=v.text, problem="缺少计量单位")
        elif not is_clean_unit(v.unit):
            yield ctx.at_row(rule, row, "value", value=v.text, fix=_explanation_moved(row),
                             problem=f"的单位“{v.unit}”中混有说明文字")


def _explanation_moved(row: Row) -> FixTexts | None:
    """I106's fix: the explanation out of the 指标值 and into the row's 绩效指标描述 (none
    where the explanation cannot be split off cleanly or the table has no 描述 cell)."""
    text, cells, sheet = row.indicator.value.text or "", row.indicator.cells, row.project.sheet
    split = remedies.split_explanation(text)
    if split is None or sheet is None or not (cells.get("value") and cells.get("description")):
        return None
    value, explanation = split
    old = row.indicator.description or ""
    new = remedies.with_explanation(old, explanation, row.indicator.name)
    if new is None:  # the description already says it
        return (text, value)
    return (text, value, (CellFix(sheet=sheet, cell=cells["description"], before=old,
                                  after=new),))


@check(Rule(
    "I107", "comparator-missing", "指标值缺少比较符", WARNING, FEASIBLE,
    "指标值“{value}”缺少比较符", "加上比较符，如 “={value}” 或 “≥{value}”",
    why="指标性质（≥ > = < ≤）是必填的；裸写“100%”，既可能是“=100%”也可能是“≥100%”。",
    example="时效指标 | 拨款执行进度（%） | 100%",
    sources=("R-VAL-015", "R-VAL-001"),
))
def comparator_missing(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        v = row.indicator.value
        if v.kind is ValueKind.QUANTITATIVE and v.comparator is None:
            yield ctx.at_row(rule, row, "value", value=v.text)


@check(Rule(
    "I120", "value-glyph-nonstandard", "指标值的比较符或数字不规范", INFO, FEASIBLE,
    "指标值“{value}”应写成“{fixed}”", "比较符用 ≥ ≤ > < =，数字和 % 用半角",
    why="一体化系统和评分按 ≥ ≤ 与半角数字识别指标值；“≧95％”“>=95%”“大于等于95%”"
        "意思相同，写法却各不相同，汇总和比对时对不上。",
    example="质量指标 | 验收合格率 | ≧９５％",
    sources=("R-VAL-001",), fix=Applicability.SAFE,
))
def value_glyph_nonstandard(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        text = row.indicator.value.text
        fixed = remedies.standard_value(text) if text else None
        if text and fixed:
            yield ctx.at_row(rule, row, "value", value=text, fixed=fixed, fix=(text, fixed))


def _satisfaction_percent(row: Row) -> Decimal | None:
    v = row.indicator.value
    if (row.level1 is Level1.SATISFACTION and v.kind is ValueKind.QUANTITATIVE
            and v.unit == "%"):
        return v.number
    return None


@check(Rule(
    "I108", "satisfaction-target-high", "满意度目标偏高", INFO, APPROPRIATE,
    "满意度目标“{value}”偏高", "一般设为 ≥85%–≥95%；设 98% 以上需有历年满意度调查数据支撑",
    why="满意度调查的结果通常在 80% 到 95% 之间；98% 以上要有历年数据支撑，否则目标多半完不成。",
    example="服务对象满意度 | ≥98%",
    sources=("R-VAL-010",),
))
def satisfaction_target_high(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        number = _satisfaction_percent(row)
        if number is not None and 98 <= number < 100:
            yield ctx.at_row(rule, row, "value", value=row.indicator.value.text)


@check(Rule(
    "I117", "satisfaction-target-full", "满意度目标为 100%", WARNING, APPROPRIATE,
    "满意度目标“{value}”要求全部服务对象满意", "一般设为 ≥85%–≥95%，并以满意度调查数据为依据",
    why="100% 满意意味着只要有一位服务对象不满意就没有完成，这样的目标几乎不可能实现。",
    example="服务对象满意度 | =100%",
    sources=("R-VAL-010",),
))
def satisfaction_target_full(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        number = _satisfaction_percent(row)
        if number is not None and number >= 100:
            yield ctx.at_row(rule, row, "value", value=row.indicator.value.text)


_SURVEY = re.compile(r"(问卷|调查|测评|评价|回访|满意度|抽查|座谈|访谈)")


@check(Rule(
    "I109", "satisfaction-basis-not-survey", "满意度依据不是调查", WARNING, FEASIBLE,
    "满意度指标的确定依据是“{value}”，不是问卷调查或历史满意度",
    "依据写明调查方式和数据来源，如“2022年服务对象满意度问卷调查”",
    why="满意度要靠询问服务对象得到；“文件要求”不能作为满意度数值的依据。",
    example="服务对象满意度 | ≥98% | 文件要求",
    sources=("R-VAL-010",),
))
def satisfaction_basis_not_survey(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        basis = row.indicator.basis
        if row.level1 is Level1.SATISFACTION and basis and not _SURVEY.search(basis):
            yield ctx.at_row(rule, row, "basis", value=basis)


#: Bases that name no document, data or standard. A blacklist, so that unseen concrete bases
#: ("设备厂家技术参数", "政府采购市场询价结果") are never flagged.
_GENERIC_BASIS = re.compile(
    r"^(根据|按照|依据)?(相关|有关|上级|国家|省|市|县)?(文件|政策|制度|规定|要求|通知)(要求|规定|精神)?$"
    r"|^(管理|财务|内控|内部|相关)制度$|^支出进度(要求)?$|^工作(要求|需要|安排|计划)$"
    r"|^实际(情况|需要)$|^(历史|以往)?经验$|^惯例$|^常规$"
)


@check(Rule(
    "I110", "basis-generic", "确定依据过于笼统", WARNING, FEASIBLE,
    "指标值确定依据“{value}”过于笼统",
    "写明具体依据：文件名称和文号、历史数据（如2022年实际完成值）、行业标准或预算支出标准",
    why="指标值要以计划标准、历史数据、行业标准或预算支出标准为依据；写明文件或数据，别人才能核实。",
    example="救助准确率 | ≥90% | 文件要求",
    sources=("R-VAL-012",),
))
def basis_generic(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        basis = compact(row.indicator.basis)
        if basis and _GENERIC_BASIS.match(basis):
            yield ctx.at_row(rule, row, "basis", value=row.indicator.basis)


@check(Rule(
    "I119", "basis-missing", "指标值确定依据未填写", WARNING, COMPLETE,
    "三级指标“{value}”的指标值确定依据未填写",
    "写明具体依据：文件名称和文号、历史数据（如2022年实际完成值）、行业标准或预算支出标准",
    why="指标值要以计划标准、历史数据、行业标准或预算支出标准为依据；空着，别人无从判断目标定得"
        "是否合理。表中没有“指标值确定依据”一栏时不检查。",
    example="救助准确率 | ≥90% |（空白）",
    sources=("R-VAL-012",),
))
def basis_missing(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        if row.indicator.basis is None and "basis" in row.indicator.cells:
            yield ctx.at_row(rule, row, "basis", value=row.indicator.name or "（未填写）")


_UNOBSERVABLE = re.compile(r"(程度|影响力|影响|作用|幸福感|获得感|意识|氛围|形象|精神)")


@check(Rule(
    "I111", "unobservable-percent", "不可观测的百分比", WARNING, FEASIBLE,
    "“{name}”无法观测，“{value}”无从计量",
    "改为可观测的指标，如“受助家庭人均收入增长率”“××知晓率（问卷）”",
    why="“增强影响力 ≥98%”年底无法测量：98% 是什么的 98%？",
    example="社会效益指标 | 受补助人群生活水平提高程度 | ≥98%",
    sources=("R-VAL-014",),
))
def unobservable_percent(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        v = row.indicator.value
        if v.unit == "%" and _UNOBSERVABLE.search(row.name):
            yield ctx.at_row(rule, row, "value", name=row.indicator.name, value=v.text)


def _cost_values(ctx: Context) -> Iterator[tuple[Row, Decimal]]:
    """The 成本指标 rows with a number, and that number."""
    for row in ctx.rows:
        v = row.indicator.value
        if _is_cost(row) and v.kind is ValueKind.QUANTITATIVE and v.number is not None:
            yield row, v.number


@check(Rule(
    "I112", "cost-value-over-budget", "成本指标超过项目预算", ERROR, APPROPRIATE,
    "成本指标“{name}”的指标值“{value}”超过项目预算数 {budget} 万元",
    "成本指标不超过项目预算数和预算支出标准",
    why="成本指标是支出的上限，不会超过项目自己的预算数。",
    example="成本指标 | 项目总成本 | ≤50万元（项目预算 30 万元）",
    sources=("R-VAL-008",),
))
def cost_value_over_budget(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row, number in _cost_values(ctx):
        v, budget = row.indicator.value, row.project.budget
        total = _as_wanyuan(number, v.unit or "")
        if total is not None and budget is not None and total > budget:
            yield ctx.at_row(rule, row, "value", name=row.indicator.name, value=v.text,
                             budget=budget)


@check(Rule(
    "I118", "cost-value-percent", "成本指标写成百分比", WARNING, FEASIBLE,
    "成本指标“{name}”的指标值“{value}”是百分比，不是金额",
    "成本指标写金额（万元或元/单位），如 ≤200元/人、≤10万元",
    why="成本指标说明花多少钱（总额或单位成本），百分比说明不了预期的成本控制范围。",
    example="成本指标 | 成本控制率 | ≤100%",
    sources=("R-VAL-008",),
))
def cost_value_percent(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row, _number in _cost_values(ctx):
        v = row.indicator.value
        if v.unit == "%":
            yield ctx.at_row(rule, row, "value", name=row.indicator.name, value=v.text)


def _as_wanyuan(number: Decimal, unit: str) -> Decimal | None:
    if unit == "万元":
        return number
    if unit == "元":
        return number / 10000
    return None  # per-unit costs (元/人) are not totals


@check(Rule(
    "I113", "comparator-contradicts", "同一指标比较符相反", WARNING, APPROPRIATE,
    "“{name}”在“{other}”中为“{first}”，此处却为“{value}”，方向相反",
    "同一指标在各项目中的比较符和口径应一致",
    why="“资金的使用效率 ≤100%”和另一张表的“≥100%”不可能都对；其中一张是随手复制的。",
    example="项目1 资金的使用效率 ≤100%，项目4 资金的使用效率 ≥100%",
    sources=("R-VAL-013",),
))
def comparator_contradicts(ctx: Context, rule: Rule) -> Iterator[Finding]:
    first: dict[str, Row] = {}
    for row in ctx.rows:
        c = row.indicator.value.comparator
        if not row.name or c not in _GREATER | _LESS:
            continue
        seen = first.setdefault(row.name, row)
        s = seen.indicator.value.comparator
        if seen.project is not row.project and (s in _GREATER) != (c in _GREATER):
            yield ctx.at_row(rule, row, "value", name=row.indicator.name,
                             other=seen.project.sheet or "", first=seen.indicator.value.text,
                             value=row.indicator.value.text)


_COUNT_UNITS = ("人", "人次", "个", "户", "次", "亩", "台", "套", "所", "名", "家", "场", "件",
                "项")


@check(Rule(
    "I114", "quantity-cost-mismatch", "数量×单价与预算不符", WARNING, APPROPRIATE,
    "数量 {quantity} × 单位成本 {cost} = {product} 万元，与预算数 {budget} 万元相差较大",
    "核对数量指标、单位成本和预算数是否相互匹配",
    why="目标要与资金相匹配（适当性）：120 人 × 200 元/人 是 2.4 万元，不会是 10 万元的项目；"
        "目标不是定低了就是定高了。数量以万计（1.2万人）时按 12000 人计算。",
    example="数量 =120人，成本 ≤200元/人，预算数 10.00 万元",
    sources=("R-VAL-009",),
))
def quantity_cost_mismatch(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for p in ctx.book.projects:
        if p.budget is None or p.budget <= 0:
            continue
        rows = list(ctx.rows_of(p))
        counts = [r for r in rows if r.level2 is Level2.QUANTITY and _count_unit(r)]
        costs = [r for r in rows if _is_cost(r) and _per_unit(r)]
        if len(counts) != 1 or len(costs) != 1:
            continue
        count, cost = counts[0].indicator.value, costs[0].indicator.value
        if _per_unit(costs[0]) != _count_unit(counts[0]) or not count.number or not cost.number:
            continue
        money = cost.number / 10000 if (cost.unit or "").startswith("元") else cost.number
        many = count.number * (10000 if (count.unit or "").startswith("万") else 1)  # 1.2万人
        product = many * money
        if not p.budget / 2 <= product <= p.budget * 2:
            yield ctx.at_project(rule, p, "budget", quantity=count.text, cost=cost.text,
                                 product=f"{product:.2f}", budget=p.budget)


def _count_unit(row: Row) -> str | None:
    """The unit a quantity counts (人 for both 120人 and 1.2万人), None for anything else."""
    v = row.indicator.value
    if v.kind is not ValueKind.QUANTITATIVE or not v.unit:
        return None
    unit = v.unit[1:] if v.unit.startswith("万") else v.unit
    return unit if unit in _COUNT_UNITS else None


def _per_unit(row: Row) -> str | None:
    v = row.indicator.value
    if v.kind is not ValueKind.QUANTITATIVE or not v.unit:
        return None
    match = re.fullmatch(r"万?元/(.+)", v.unit)
    return match.group(1) if match and match.group(1) in _COUNT_UNITS else None


@check(Rule(
    "I115", "qualitative-not-graded", "定性指标没有分级", WARNING, FEASIBLE,
    "定性指标值“{value}”没有写明分级标准",
    "写成如“定性：达到预期目标”，并在描述中说明好、中、差的判断标准",
    why="定性目标要说明怎样算达到（达到预期目标 / 部分达到 / 未达到），才能打分。",
    example="社会效益指标 | 群众认可度 | 定性",
    sources=("R-VAL-003",),
))
def qualitative_not_graded(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        v = row.indicator.value
        if v.kind is ValueKind.QUALITATIVE and compact(v.text).strip("：:") == "定性":
            yield ctx.at_row(rule, row, "value", value=v.text)

