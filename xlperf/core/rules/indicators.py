"""I0xx: the indicator table's structure — framework, 一级/二级 hierarchy, coverage, categories."""

from __future__ import annotations

import re
from collections.abc import Iterator

from xlperf.core.model.findings import Applicability, Finding, Severity
from xlperf.core.model.rule import Dimension, Rule
from xlperf.core.model.unit_workbook import Project
from xlperf.core.model.vocab import (
    COST_LEVEL2,
    FRAMEWORKS,
    LEVEL2_CHOICES,
    Framework,
    Level1,
    Level2,
)
from xlperf.core.rules.base import Context, Row, check, compact, once_per_cell

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
COMPLETE, RELEVANT = Dimension.COMPLETENESS, Dimension.RELEVANCE
APPROPRIATE, FEASIBLE = Dimension.APPROPRIATENESS, Dimension.FEASIBILITY


@check(Rule(
    "I001", "level1-invalid", "一级指标不规范", ERROR, RELEVANT,
    "一级指标“{value}”不是规范名称",
    "一级指标只能是 产出指标、效益指标、满意度指标（101号框架另有 成本指标）",
    why="一级指标是固定的：产出、效益、满意度（财预〔2021〕101号框架另有成本）。",
    example="一级指标 “工作指标”",
    sources=("R-IND-001",),
))
def level1_invalid(ctx: Context, rule: Rule) -> Iterator[Finding]:
    yield from once_per_cell(
        ctx.at_row(rule, row, "level1", value=row.indicator.level1 or "空白")
        for row in ctx.rows if row.level1 is None)


_FRAMEWORK_USE = {
    Framework.A: ("把成本指标放在产出指标下（财预〔2015〕88号框架）", "level2",
                  "把产出指标下的二级“成本指标”改为一级“成本指标”及其二级（经济成本指标等）"),
    Framework.B: ("把“成本指标”列为一级指标（财预〔2021〕101号框架）", "level1",
                  "把一级“成本指标”各行改为产出指标下的二级“成本指标”"),
}


@check(Rule(
    "I002", "frameworks-mixed", "混用两套指标框架", ERROR, RELEVANT,
    "本表{this}，而{others}{other}：一个文本只能用一套指标框架",
    "按本文本多数表的框架改本表：{change}",
    why="2015 年的框架把成本放在产出指标下，2021 年的框架把成本提为一级指标；"
        "一个文本只能用其中一套。模板的下拉列表两套都提供，所以按多数表所用的框架为准"
        "（一样多时以模板示例所用的 88号框架为准），报告用了另一套的表。",
    example="项目1 成本指标/经济成本指标，项目2、项目3 产出指标/成本指标（报项目1）",
    sources=("R-IND-001",),
))
def frameworks_mixed(ctx: Context, rule: Rule) -> Iterator[Finding]:
    uses: dict[Framework, dict[int, Row]] = {Framework.A: {}, Framework.B: {}}
    for n, p in enumerate(ctx.book.projects):
        for row in ctx.rows_of(p):
            used = (Framework.B if row.level1 is Level1.COST else Framework.A
                    if row.level1 is Level1.OUTPUT and row.level2 is Level2.COST else None)
            if used is not None:
                uses[used].setdefault(n, row)
    if not uses[Framework.A] or not uses[Framework.B]:
        return
    only = {f: [n for n in uses[f] if n not in uses[other]]
            for f, other in ((Framework.A, Framework.B), (Framework.B, Framework.A))}
    main = Framework.B if len(only[Framework.B]) > len(only[Framework.A]) else Framework.A
    odd = Framework.B if main is Framework.A else Framework.A
    this, field_name, change = _FRAMEWORK_USE[odd]
    for n, row in sorted(uses[odd].items()):
        count = len([m for m in only[main] if m != n])
        others = f"本文本另外 {count} 张表"
        if n in uses[main]:  # the table mixes both itself
            others = f"本表其他行和另外 {count} 张表" if count else "本表其他行"
        yield ctx.at_row(rule, row, field_name, this=this, others=others,
                         other=_FRAMEWORK_USE[main][0], change=change)


@check(Rule(
    "I003", "level2-misplaced", "二级指标不属于其一级指标", ERROR, RELEVANT,
    "二级指标“{value}”{problem}；{level1}下的二级指标应为：{allowed}",
    "从下拉列表中选择该一级指标下的规范二级指标",
    why="每个一级指标下的二级指标是固定的（产出指标下为数量、质量、时效、成本……）；"
        "挂错了一级指标，评价时就记在了错误的地方。",
    example="产出指标 | 生态效益指标 | 秸秆综合利用率",
    sources=("R-IND-002",),
))
def level2_misplaced(ctx: Context, rule: Rule) -> Iterator[Finding]:
    yield from once_per_cell(_misplaced_level2(ctx, rule))


def _misplaced_level2(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        if row.level1 is None:
            continue
        allowed = LEVEL2_CHOICES[row.level1]  # the template's dropdown; frameworks are I002's
        names = "、".join(level2.value for level2 in allowed)
        if row.level2 is None:
            problem = "未填写" if not row.indicator.level2 else "不是规范名称"
            yield ctx.at_row(rule, row, "level2", value=row.indicator.level2 or "",
                             problem=problem, level1=row.level1.value, allowed=names)
        elif row.level2 not in allowed:
            yield ctx.at_row(rule, row, "level2", value=row.indicator.level2,
                             problem=f"不属于一级指标“{row.level1.value}”",
                             level1=row.level1.value, allowed=names)


@check(Rule(
    "I004", "level-alias", "指标层级用了别名", INFO, COMPLETE,
    "“{value}”建议改用规范名称“{standard}”", "使用规范名称“{standard}”",
    why="“效果指标”“进度指标”“环境效益指标”等别名能够识别，但全县汇总和一体化系统使用规范名称。",
    example="一级指标 “效果指标”（规范名称：效益指标）",
    sources=("R-IND-001", "R-IND-002"), fix=Applicability.SAFE,
))
def level_alias(ctx: Context, rule: Rule) -> Iterator[Finding]:
    yield from once_per_cell(
        ctx.at_row(rule, row, field_name, value=written, standard=found.value,
                   fix=(getattr(row.indicator, field_name), found.value))
        for row in ctx.rows
        for field_name, found in (("level1", row.level1), ("level2", row.level2))
        if found is not None
        and (written := compact(getattr(row.indicator, field_name))) != found.value)


@check(Rule(
    "I005", "output-or-benefit-missing", "缺少产出或效益指标", ERROR, COMPLETE,
    "项目没有{missing}", "至少设置产出指标和效益指标",
    why="项目绩效目标至少要说明产出和效益；缺了其中一项，目标就无法评价。",
    example="一张只有产出指标的表",
    sources=("R-IND-003",),
))
def output_or_benefit_missing(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for p in ctx.book.projects:
        if not p.indicators:
            continue  # F001 reports the empty table
        present = {r.level1 for r in ctx.rows_of(p)}
        for level1 in (Level1.OUTPUT, Level1.BENEFIT):
            if level1 not in present:
                yield ctx.at_project(rule, p, "indicators", missing=level1.value)


@check(Rule(
    "I006", "recommended-indicator-missing", "缺少数量、成本或满意度指标", WARNING, COMPLETE,
    "项目没有{missing}，应补在本行{position}", "在标出的行{position}插入一行，填写{missing}",
    why="产出数量、成本上限和服务对象满意度是年终自评要打分的内容；没有它们，目标就难以评价。"
        "标出的是缺少的指标应插入处相邻的一行（其三级指标单元格）：数量指标在产出指标第一行之上，"
        "成本指标在产出指标最后一行之下（成本为一级指标时在整张指标表第一行之上），"
        "满意度指标在指标表最后一行之下。",
    example="产出指标下只有质量、时效指标（没有数量指标）",
    sources=("R-IND-003", "R-IND-004"),
))
def recommended_indicator_missing(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for p in ctx.book.projects:
        rows = list(ctx.rows_of(p))
        if not rows:
            continue
        output = [r for r in rows if r.level1 is Level1.OUTPUT]
        level2s = {r.level2 for r in rows}
        if Level2.QUANTITY not in level2s:
            yield _beside(ctx, rule, p, output[0] if output else None, "之上",
                          "产出指标中的数量指标")
        if not level2s & COST_LEVEL2 and not any(r.level1 is Level1.COST for r in rows):
            if ctx.framework is Framework.B:
                yield _beside(ctx, rule, p, rows[0], "之上", "成本指标")
            else:
                yield _beside(ctx, rule, p, output[-1] if output else None, "之下", "成本指标")
        if not any(r.level1 is Level1.SATISFACTION for r in rows):
            yield _beside(ctx, rule, p, rows[-1], "之下", "服务对象满意度指标")


def _beside(ctx: Context, rule: Rule, p: Project, row: Row | None, position: str,
            missing: str) -> Finding:
    """A missing indicator, marked at the 三级指标 cell of the row it belongs next to."""
    if row is None:  # no 产出指标 rows at all (I005): the indicator table's header
        return ctx.at_project(rule, p, "indicators", missing=missing, position="之下")
    cell = row.indicator.cells.get("name")  # a neighbour: not the indicator reported
    return ctx.finding(rule, sheet=p.sheet, cell=cell, project=p, missing=missing,
                       position=position)


_ACTION_START = re.compile(r"^(增强|提升|提高|发扬|加强|保障|促进|推动|推进|确保|落实|完善|关爱)")
_WEAK_END = re.compile(r"(影响力?|作用|精神|健康|运转)$")
_MEASURE = re.compile(r"(率|数|量|次|额|费|价|标准|成本|时间|时限|期限|天|比例|占比|面积|长度|"
                      r"里程|人次|满意度|程度|指数|年限|周期)")
_LEVEL_NAMES = {level.value for level in Level1} | {level.value for level in Level2}


@check(Rule(
    "I007", "level3-not-measurable", "三级指标不可计量", WARNING, RELEVANT,
    "三级指标“{value}”{problem}", "写成可计量的具体指标，如“××覆盖率”“××人数”“××完成时间”",
    why="三级指标要说出能数、能量的东西（人数、合格率、完成时间）；“增强影响力”或"
        "“服务对象满意度指标”无法打分。",
    example="可持续影响指标 | 增强影响力 | ≥98%",
    sources=("R-IND-005",),
))
def level3_not_measurable(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        name = row.name
        if not name:
            continue
        if name in _LEVEL_NAMES:
            yield ctx.at_row(rule, row, "name", value=name, problem="与一级/二级指标同名")
        elif not _MEASURE.search(name) and (_ACTION_START.search(name)
                                           or _WEAK_END.search(name)):
            yield ctx.at_row(rule, row, "name", value=name,
                             problem="是口号式表述，不是可计量的指标")


@check(Rule(
    "I008", "description-repeats-name", "指标描述照抄指标名称", WARNING, FEASIBLE,
    "绩效指标描述与三级指标“{value}”相同，没有说明计算口径",
    "写明计算方法或统计口径，如“准确救助人数 / 救助总人数”",
    why="绩效指标描述要说明指标怎么算：定量指标的计算方法或统计口径，定性指标衡量什么、怎么衡量"
        "（一体化系统“指标解释”的要求）。",
    example="三级指标 “救助准确率” | 描述 “救助准确率”",
    sources=("R-IND-006",),
))
def description_repeats_name(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        if row.name and compact(row.indicator.description) == row.name:
            yield ctx.at_row(rule, row, "description", value=row.indicator.name)


@check(Rule(
    "I016", "level3-missing", "三级指标未填写", ERROR, COMPLETE,
    "这一行填了{filled}，却没有三级指标", "填写三级指标（具体、可计量的指标名称），或删除这一行",
    why="三级指标是一体化系统的必填项；没有名称的一行，指标值和依据说不清是衡量什么的，"
        "也无法汇总到指标明细。",
    example="质量指标 |（空白）| 已建档人数占常住人口比例 | ≥90%",
    sources=("R-PRJ-001",),
))
def level3_missing(ctx: Context, rule: Rule) -> Iterator[Finding]:
    labels = {"description": "绩效指标描述", "value": "指标值", "basis": "指标值确定依据"}
    for row in ctx.rows:
        if row.indicator.name is None:
            filled = [label for name, label in labels.items() if _filled(row, name)]
            yield ctx.at_row(rule, row, "name", filled="、".join(filled))


def _filled(row: Row, field_name: str) -> bool:
    value = getattr(row.indicator, field_name)
    return (value.text if field_name == "value" else value) is not None


@check(Rule(
    "I017", "description-missing", "绩效指标描述未填写", WARNING, COMPLETE,
    "三级指标“{value}”的绩效指标描述未填写",
    "写明计算方法或统计口径，如“准确救助人数 / 救助总人数”；定性指标写明衡量什么、怎么衡量",
    why="绩效指标描述说明指标怎么算（一体化系统“指标解释”）；空着，年底就无从核实指标是否完成。"
        "表中没有“绩效指标描述”一栏时不检查。",
    example="三级指标 救助准确率 | 描述（空白）| ≥90%",
    sources=("R-IND-006",),
))
def description_missing(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        if row.indicator.description is None and "description" in row.indicator.cells:
            yield ctx.at_row(rule, row, "description", value=row.indicator.name or "（未填写）")


@check(Rule(
    "I009", "satisfaction-outside-satisfaction", "满意度指标放错位置", ERROR, RELEVANT,
    "“{value}”是满意度指标，却填在“{where}”下",
    "把满意度、满意率类指标移到 满意度指标—服务对象满意度指标 下",
    why="满意度反映服务对象的评价；放在质量指标下，就被重复计分或记错了地方。",
    example="质量指标 | 省部级劳模满意率 | ≥98%",
    sources=("R-IND-007",),
))
def satisfaction_outside_satisfaction(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        if "满意" in row.name and row.level1 not in (Level1.SATISFACTION, None):
            where = row.indicator.level2 or row.indicator.level1 or ""
            yield ctx.at_row(rule, row, "level2", value=row.indicator.name, where=where)


_ECOLOGICAL = re.compile(r"(生态|环境|绿|排放|污染|节能|节水|水质|水土|土壤|空气|大气|碳|植被|"
                         r"林|草|垃圾|能耗|资源|减排|噪|废|秸秆|粪污|厕|河|湖|湿地|农药|化肥|地膜|农膜|"
                         r"水源|饮用水|耕地|造林|生物|物种|野生|保护区|扬尘|燃煤|清洁|蓝天|碧水|净土)")


@check(Rule(
    "I010", "ecological-indicator-unrelated", "生态效益指标与生态无关", ERROR, RELEVANT,
    "生态效益指标“{value}”与生态环境无关",
    "项目没有生态效益时删去该行；确有生态效益时写明具体的生态环境指标",
    why="生态效益必须直接关系到生态或环境；把“结果准确性”“岗位配置率”填进去只是凑数。",
    example="生态效益指标 | 结果准确性 | ≥100%",
    sources=("R-IND-007",),
))
def ecological_unrelated(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        text = f"{row.name}{compact(row.indicator.description)}"
        if row.level2 is Level2.ECOLOGICAL and row.name and not _ECOLOGICAL.search(text):
            yield ctx.at_row(rule, row, "name", value=row.indicator.name)


_FILING: tuple[tuple[re.Pattern[str], frozenset[Level2], str], ...] = (
    (re.compile(r"(准确率|合格率|达标率|优良率|正确率|验收合格)"), frozenset({Level2.QUALITY}),
     "质量指标"),
    (re.compile(r"(及时率|完成时间|完成时限|时限)"), frozenset({Level2.TIMELINESS}), "时效指标"),
    (re.compile(r"(单价|单位成本|人均.{0,6}(费|成本)|成本)$"), COST_LEVEL2, "成本指标"),
)


@check(Rule(
    "I011", "indicator-misfiled", "指标归类不当", WARNING, RELEVANT,
    "“{value}”应属于{expected}，却填在“{where}”下", "把该指标移到{expected}下",
    why="合格率、准确率属于质量，及时率、完成时间属于时效，单价、人均费用属于成本；"
        "放错了二级指标，那一方面就显得没有指标。",
    example="数量指标 | 验收合格率 | ≥95%",
    sources=("R-IND-007",),
))
def indicator_misfiled(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        if row.level2 is None or row.level1 is Level1.SATISFACTION or "满意" in row.name:
            continue
        for pattern, level2s, expected in _FILING:
            if pattern.search(row.name) and row.level2 not in level2s:
                yield ctx.at_row(rule, row, "level2", value=row.indicator.name,
                                 expected=expected, where=row.indicator.level2)
                break


_BUDGET_PROCESS = re.compile(r"(预算执行|执行进度|拨付进度|拨款执行|支出进度|资金到位|拨款保障|"
                             r"资金.{0,2}使用效率|资金使用率|资金拨付率|资金执行率)")


@check(Rule(
    "I012", "budget-process-indicator", "用预算执行率当绩效指标", WARNING, RELEVANT,
    "“{value}”是预算执行类指标，不反映项目产出或效果",
    "删去该指标，改为反映产出（数量、质量、时效、成本）或效果的指标",
    why="预算执行率在年终自评中单独计分；作为项目绩效指标，它说明不了产出和效果。",
    example="时效指标 | 拨款执行进度（%） | ≥100%",
    sources=("R-IND-008", "R-VAL-011"),
))
def budget_process_indicator(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for row in ctx.rows:
        if _BUDGET_PROCESS.search(row.name):
            yield ctx.at_row(rule, row, "name", value=row.indicator.name)


@check(Rule(
    "I013", "indicator-duplicate", "三级指标重复", WARNING, APPROPRIATE,
    "三级指标“{value}”在本项目中重复出现", "删除重复的指标，或改为不同的具体指标",
    why="同一项目里重复的指标，要么是复制失误，要么是两个相互矛盾的目标。",
    example="同一张表里 服务对象满意度 ≥90% 和 服务对象满意度 ≥95%",
    sources=("R-IND-009",),
))
def indicator_duplicate(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for p in ctx.book.projects:
        seen: set[str] = set()
        for row in ctx.rows_of(p):
            if row.name and row.name in seen:
                yield ctx.at_row(rule, row, "name", value=row.indicator.name)
            seen.add(row.name)


@check(Rule(
    "I014", "level-order-unusual", "二级指标顺序不规范", INFO, COMPLETE,
    "二级指标顺序为 {found}，规范顺序为 {expected}", "按规范顺序排列二级指标",
    why="审核人按数量、质量、时效、成本和经济、社会、生态、可持续影响的顺序阅读；顺序打乱容易看错。",
    example="效益指标：社会效益 | 可持续影响 | 经济效益",
    sources=("R-IND-010",),
))
def level_order_unusual(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for p in ctx.book.projects:
        yield from _level_order(ctx, rule, p)


def _level_order(ctx: Context, rule: Rule, p: Project) -> Iterator[Finding]:
    by_level1: dict[Level1, list[tuple[Row, Level2]]] = {}
    for row in ctx.rows_of(p):
        if row.level1 is not None and row.level2 is not None:
            by_level1.setdefault(row.level1, []).append((row, row.level2))
    for level1, rows in by_level1.items():
        canonical = list(FRAMEWORKS[Framework.A].get(level1, ())
                         + FRAMEWORKS[Framework.B].get(level1, ()))
        order = list(dict.fromkeys(level2 for _, level2 in rows))
        known = [lv for lv in order if lv in canonical]
        expected = sorted(known, key=canonical.index)
        if known != expected:
            yield ctx.at_row(rule, rows[0][0], "level2",
                             found="、".join(lv.value for lv in known),
                             expected="、".join(lv.value for lv in expected))


@check(Rule(
    "I015", "indicators-copied", "指标照抄其他项目", WARNING, APPROPRIATE,
    "指标与“{other}”基本相同（{same}/{total} 个指标值一致），但预算数不同（{a} 与 {b} 万元）",
    "按本项目的资金规模和内容分别设定指标和指标值",
    why="绩效目标要与资金规模相匹配（相应匹配）：10.09 万元和 4.68 万元的项目指标和指标值一模一样，"
        "说明两者都不是按各自的预算设定的。",
    example="项目1（10.09 万元）和项目2（4.68 万元）的八个指标及指标值完全相同",
    sources=("R-PRJ-007",),
))
def indicators_copied(ctx: Context, rule: Rule) -> Iterator[Finding]:
    signatures = []
    for p in ctx.book.projects:
        rows = list(ctx.rows_of(p))
        signatures.append((p, frozenset(r.name for r in rows),
                           {r.name: compact(r.indicator.value.text) for r in rows}))
    for i, (p, names, values) in enumerate(signatures):
        for q, other_names, other_values in signatures[:i]:
            if len(names) < 3 or names != other_names or p.budget == q.budget:
                continue
            same = sum(values[n] == other_values[n] for n in names)
            if same * 4 >= len(names) * 3:
                yield ctx.at_project(rule, p, "indicators", other=q.sheet or q.name or "",
                                     same=same, total=len(names), a=p.budget, b=q.budget)
                break

