"""I0xx: the indicator table's structure — framework, 一级/二级 hierarchy, coverage, categories."""

from __future__ import annotations

import re
from collections.abc import Iterator

from xlperf.checks.base import Check, Context, Row, compact
from xlperf.findings import Finding, Severity
from xlperf.models import Project
from xlperf.vocab import FRAMEWORKS, Framework, Level1, Level2

_COST_LEVEL2 = {Level2.COST, Level2.ECONOMIC_COST, Level2.SOCIAL_COST, Level2.ECOLOGICAL_COST}


class Level1Invalid(Check):
    """Flag a 一级指标 that belongs to neither framework, or is blank.

    Why it matters: 一级指标 are fixed: 产出、效益、满意度 (and 成本 under 财预〔2021〕101号).

    Example:
        一级指标 “工作指标”
    """

    code = "I001"
    name = "level1-invalid"
    severity = Severity.ERROR
    template = "一级指标“{value}”不是规范名称"
    hint = "一级指标只能是 产出指标、效益指标、满意度指标（101号框架另有 成本指标）"
    rules = ("R-IND-001",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            if row.level1 is None:
                yield self.at_row(ctx, row, "level1", value=row.indicator.level1 or "空白")


class FrameworksMixed(Check):
    """Flag a document that uses both 成本指标 as a 一级 and 成本指标 under 产出指标.

    Why it matters: the 2015 framework puts 成本 under 产出, the 2021 one promotes it to 一级;
    one document must follow one of them.

    Example:
        项目1 产出指标/成本指标, 项目2 成本指标/经济成本指标
    """

    code = "I002"
    name = "frameworks-mixed"
    severity = Severity.ERROR
    template = "本文本同时使用两套指标框架：既有一级“成本指标”，又有产出指标下的二级“成本指标”"
    hint = "统一按一套框架设置：88号框架（成本在产出下）或 101号框架（成本为一级）"
    rules = ("R-IND-001",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        if ctx.framework is Framework.B:
            under_output = next((r for r in ctx.rows if r.level1 is Level1.OUTPUT
                                 and r.level2 is Level2.COST), None)
            if under_output is not None:
                yield self.at_row(ctx, under_output, "level2")


class Level2Misplaced(Check):
    """Flag a 二级指标 that is blank, unknown, or does not belong to its 一级指标.

    Why it matters: each 一级 has a fixed set of 二级 (数量/质量/时效/成本 under 产出 …); a 二级
    under the wrong 一级 is scored in the wrong place.

    Example:
        产出指标 | 生态效益指标 | 秸秆综合利用率
    """

    code = "I003"
    name = "level2-misplaced"
    severity = Severity.ERROR
    template = "二级指标“{value}”{problem}"
    hint = "{fix}"
    rules = ("R-IND-002",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            if row.level1 is None:
                continue
            allowed = ctx.allowed_level2(row.level1) or FRAMEWORKS[Framework.A].get(row.level1, ())
            names = "、".join(level2.value for level2 in allowed)
            fix = f"{row.level1.value}下的二级指标应为：{names}"
            if row.level2 is None:
                problem = "未填写" if not row.indicator.level2 else "不是规范名称"
                yield self.at_row(ctx, row, "level2", value=row.indicator.level2 or "",
                                  problem=problem, fix=fix)
            elif row.level2 not in allowed:
                yield self.at_row(ctx, row, "level2", value=row.indicator.level2,
                                  problem=f"不属于一级指标“{row.level1.value}”", fix=fix)


class LevelAlias(Check):
    """Note a 一级/二级 written under an accepted alias instead of its standard name.

    Why it matters: 效果指标, 进度指标, 环境效益指标 … are understood, but the county summary and
    the 一体化 system use the standard names.

    Example:
        一级指标 “效果指标” (standard: 效益指标)
    """

    code = "I004"
    name = "level-alias"
    severity = Severity.INFO
    template = "“{value}”建议改用规范名称“{standard}”"
    hint = "使用规范名称“{standard}”"
    rules = ("R-IND-001", "R-IND-002")

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            for field_name, found in (("level1", row.level1), ("level2", row.level2)):
                written = compact(getattr(row.indicator, field_name))
                if found is not None and written != found.value:
                    yield self.at_row(ctx, row, field_name, value=written, standard=found.value)


class CoreCoverageMissing(Check):
    """Flag a project without any 产出指标 or without any 效益指标.

    Why it matters: a project target is at least its outputs and its effects; without either it
    cannot be evaluated.

    Example:
        a table with only 产出指标 rows
    """

    code = "I005"
    name = "output-or-benefit-missing"
    severity = Severity.ERROR
    template = "项目没有{missing}"
    hint = "至少设置产出指标和效益指标"
    rules = ("R-IND-003",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for p in ctx.book.projects:
            present = {r.level1 for r in ctx.rows_of(p)}
            if not p.indicators:
                continue  # F001 reports the empty table
            for level1 in (Level1.OUTPUT, Level1.BENEFIT):
                if level1 not in present:
                    yield self.at_project(ctx, p, "indicators", missing=level1.value)


class RecommendedCoverageMissing(Check):
    """Flag a project without a 数量指标, a 成本指标 or a 服务对象满意度指标.

    Why it matters: the quantity of output, the cost ceiling and the satisfaction of those
    served are what self-evaluation scores; without them the target is hard to assess.

    Example:
        产出指标 with 质量/时效 rows only (no 数量指标)
    """

    code = "I006"
    name = "recommended-indicator-missing"
    severity = Severity.WARNING
    template = "项目没有{missing}"
    hint = "补充{missing}"
    rules = ("R-IND-003", "R-IND-004")

    def run(self, ctx: Context) -> Iterator[Finding]:
        for p in ctx.book.projects:
            rows = list(ctx.rows_of(p))
            if not rows:
                continue
            level2s = {r.level2 for r in rows}
            if Level2.QUANTITY not in level2s:
                yield self.at_project(ctx, p, "indicators", missing="产出指标中的数量指标")
            if not level2s & _COST_LEVEL2 and not any(r.level1 is Level1.COST for r in rows):
                yield self.at_project(ctx, p, "indicators", missing="成本指标")
            if not any(r.level1 is Level1.SATISFACTION for r in rows):
                yield self.at_project(ctx, p, "indicators", missing="服务对象满意度指标")


_ACTION_START = re.compile(r"^(增强|提升|提高|发扬|加强|保障|促进|推动|推进|确保|落实|完善|关爱)")
_WEAK_END = re.compile(r"(影响力?|作用|精神|健康|运转)$")
_MEASURE = re.compile(r"(率|数|量|次|额|费|价|标准|成本|时间|时限|期限|天|比例|占比|面积|长度|"
                      r"里程|人次|满意度|程度|指数|年限|周期)")


class Level3NotMeasurable(Check):
    """Flag a 三级指标 named like a 二级 or written as a slogan rather than a quantity.

    Why it matters: a 三级 indicator names something that can be counted or measured (人数,
    合格率, 完成时间); “增强影响力” or “服务对象满意度指标” cannot be scored.

    Example:
        可持续影响指标 | 增强影响力 | ≥98%
    """

    code = "I007"
    name = "level3-not-measurable"
    severity = Severity.WARNING
    template = "三级指标“{value}”{problem}"
    hint = "写成可计量的具体指标，如“××覆盖率”“××人数”“××完成时间”"
    rules = ("R-IND-005",)

    _LEVEL_NAMES = {level.value for level in Level1} | {level.value for level in Level2}

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            name = row.name
            if not name:
                continue
            if name in self._LEVEL_NAMES:
                yield self.at_row(ctx, row, "name", value=name, problem="与一级/二级指标同名")
            elif not _MEASURE.search(name) and (_ACTION_START.search(name)
                                               or _WEAK_END.search(name)):
                yield self.at_row(ctx, row, "name", value=name,
                                  problem="是口号式表述，不是可计量的指标")


class DescriptionRepeatsName(Check):
    """Flag a 绩效指标描述 identical to its 三级指标.

    Why it matters: the description must define the metric — its formula or scope for a
    quantitative indicator, what is judged and how for a qualitative one (一体化 指标解释).

    Example:
        三级 “救助准确率” | 描述 “救助准确率”
    """

    code = "I008"
    name = "description-repeats-name"
    severity = Severity.WARNING
    template = "绩效指标描述与三级指标“{value}”相同，没有说明计算口径"
    hint = "写明计算方法或统计口径，如“准确救助人数 / 救助总人数”"
    rules = ("R-IND-006",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            if row.name and compact(row.indicator.description) == row.name:
                yield self.at_row(ctx, row, "description", value=row.indicator.name)


class SatisfactionOutsideSatisfaction(Check):
    """Flag a 满意度/满意率 indicator filed outside 满意度指标.

    Why it matters: satisfaction measures how those served judge the project; counted under 质量
    it is scored twice or in the wrong place.

    Example:
        质量指标 | 省部级劳模满意率 | ≥98%
    """

    code = "I009"
    name = "satisfaction-outside-satisfaction"
    severity = Severity.ERROR
    template = "“{value}”是满意度指标，却填在“{where}”下"
    hint = "把满意度、满意率类指标移到 满意度指标—服务对象满意度指标 下"
    rules = ("R-IND-007",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            if "满意" in row.name and row.level1 not in (Level1.SATISFACTION, None):
                where = row.indicator.level2 or row.indicator.level1 or ""
                yield self.at_row(ctx, row, "level2", value=row.indicator.name, where=where)


_ECOLOGICAL = re.compile(r"(生态|环境|绿|排放|污染|节能|节水|水质|水土|土壤|空气|大气|碳|植被|"
                         r"林|草|垃圾|能耗|资源|减排|噪|废|秸秆|粪污|厕|河|湖|湿地|农药|化肥|地膜|农膜|"
                         r"水源|饮用水|耕地|造林|生物|物种|野生|保护区|扬尘|燃煤|清洁|蓝天|碧水|净土)")


class EcologicalUnrelated(Check):
    """Flag a 生态效益指标 that has nothing to do with the environment.

    Why it matters: ecological benefit must concern ecology or the environment directly;
    “结果准确性” or “岗位配置率” filed there only fills a slot.

    Example:
        生态效益指标 | 结果准确性 | ≥100%
    """

    code = "I010"
    name = "ecological-indicator-unrelated"
    severity = Severity.ERROR
    template = "生态效益指标“{value}”与生态环境无关"
    hint = "项目没有生态效益时删去该行；确有生态效益时写明具体的生态环境指标"
    rules = ("R-IND-007",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            text = f"{row.name}{compact(row.indicator.description)}"
            if row.level2 is Level2.ECOLOGICAL and row.name and not _ECOLOGICAL.search(text):
                yield self.at_row(ctx, row, "name", value=row.indicator.name)


_FILING: tuple[tuple[re.Pattern[str], frozenset[Level2], str], ...] = (
    (re.compile(r"(准确率|合格率|达标率|优良率|正确率|验收合格)"), frozenset({Level2.QUALITY}),
     "质量指标"),
    (re.compile(r"(及时率|完成时间|完成时限|时限)"), frozenset({Level2.TIMELINESS}), "时效指标"),
    (re.compile(r"(单价|单位成本|人均.{0,6}(费|成本)|成本)$"), frozenset(_COST_LEVEL2), "成本指标"),
)


class IndicatorMisfiled(Check):
    """Flag an indicator whose name says it belongs to another 二级.

    Why it matters: 合格率/准确率 are quality, 及时率/完成时间 timeliness, 单价/人均费用 cost;
    filed elsewhere, the table under-reports that dimension.

    Example:
        数量指标 | 验收合格率 | ≥95%
    """

    code = "I011"
    name = "indicator-misfiled"
    severity = Severity.WARNING
    template = "“{value}”应属于{expected}，却填在“{where}”下"
    hint = "把该指标移到{expected}下"
    rules = ("R-IND-007",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            if row.level2 is None or row.level1 is Level1.SATISFACTION or "满意" in row.name:
                continue
            for pattern, level2s, expected in _FILING:
                if pattern.search(row.name) and row.level2 not in level2s:
                    yield self.at_row(ctx, row, "level2", value=row.indicator.name,
                                      expected=expected, where=row.indicator.level2)
                    break


_BUDGET_PROCESS = re.compile(r"(预算执行|执行进度|拨付进度|拨款执行|支出进度|资金到位|拨款保障|"
                             r"资金.{0,2}使用效率|资金使用率|资金拨付率|资金执行率)")


class BudgetProcessIndicator(Check):
    """Flag a budget-management measure (执行进度, 拨款保障率, 资金使用效率) used as an indicator.

    Why it matters: budget execution is scored separately in self-evaluation (预算执行率); as a
    project indicator it says nothing about outputs or effects.

    Example:
        时效指标 | 拨款执行进度（%） | ≥100%
    """

    code = "I012"
    name = "budget-process-indicator"
    severity = Severity.WARNING
    template = "“{value}”是预算执行类指标，不反映项目产出或效果"
    hint = "删去该指标，改为反映产出（数量、质量、时效、成本）或效果的指标"
    rules = ("R-IND-008", "R-VAL-011")

    def run(self, ctx: Context) -> Iterator[Finding]:
        for row in ctx.rows:
            if _BUDGET_PROCESS.search(row.name):
                yield self.at_row(ctx, row, "name", value=row.indicator.name)


class IndicatorDuplicate(Check):
    """Flag a 三级指标 that appears twice in one project.

    Why it matters: a repeated indicator is either a copy mistake or two contradicting targets.

    Example:
        服务对象满意度 ≥90% and 服务对象满意度 ≥95% in one table
    """

    code = "I013"
    name = "indicator-duplicate"
    severity = Severity.WARNING
    template = "三级指标“{value}”在本项目中重复出现"
    hint = "删除重复的指标，或改为不同的具体指标"
    rules = ("R-IND-009",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for p in ctx.book.projects:
            seen: set[str] = set()
            for row in ctx.rows_of(p):
                if row.name and row.name in seen:
                    yield self.at_row(ctx, row, "name", value=row.indicator.name)
                seen.add(row.name)


class LevelOrderUnusual(Check):
    """Note 二级 indicators that are not in the standard order.

    Why it matters: reviewers read 数量、质量、时效、成本 and 经济、社会、生态、可持续影响 in this
    order; a shuffled table is easy to misread.

    Example:
        效益指标: 社会效益 | 可持续影响 | 经济效益
    """

    code = "I014"
    name = "level-order-unusual"
    severity = Severity.INFO
    template = "二级指标顺序为 {found}，规范顺序为 {expected}"
    hint = "按规范顺序排列二级指标"
    rules = ("R-IND-010",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for p in ctx.book.projects:
            yield from self._project(ctx, p)

    def _project(self, ctx: Context, p: Project) -> Iterator[Finding]:
        by_level1: dict[Level1, list[Row]] = {}
        for row in ctx.rows_of(p):
            if row.level1 is not None and row.level2 is not None:
                by_level1.setdefault(row.level1, []).append(row)
        for level1, rows in by_level1.items():
            canonical = list(FRAMEWORKS[Framework.A].get(level1, ())
                         + FRAMEWORKS[Framework.B].get(level1, ()))
            order = list(dict.fromkeys(r.level2 for r in rows))
            known = [lv for lv in order if lv in canonical]
            expected = sorted(known, key=canonical.index)
            if known != expected:
                yield self.at_row(ctx, rows[0], "level2",
                                  found="、".join(lv.value for lv in known),  # type: ignore[union-attr]
                                  expected="、".join(lv.value for lv in expected))  # type: ignore[union-attr]


class IndicatorsCopied(Check):
    """Flag a project whose indicators copy another project's although its budget differs.

    Why it matters: targets must match the money (相应匹配): the same indicators and values for
    10.09 and 4.68 万元 means neither was set from its own budget.

    Example:
        项目1 (10.09 万元) and 项目2 (4.68 万元) with the same eight indicators and values
    """

    code = "I015"
    name = "indicators-copied"
    severity = Severity.WARNING
    template = ("指标与“{other}”基本相同（{same}/{total} 个指标值一致），"
                "但预算数不同（{a} 与 {b} 万元）")
    hint = "按本项目的资金规模和内容分别设定指标和指标值"
    rules = ("R-PRJ-007",)

    def run(self, ctx: Context) -> Iterator[Finding]:
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
                    yield self.at_project(ctx, p, "indicators", other=q.sheet or q.name or "",
                                          same=same, total=len(names), a=p.budget, b=q.budget)
                    break


CHECKS: tuple[type[Check], ...] = (
    Level1Invalid,
    FrameworksMixed,
    Level2Misplaced,
    LevelAlias,
    CoreCoverageMissing,
    RecommendedCoverageMissing,
    Level3NotMeasurable,
    DescriptionRepeatsName,
    SatisfactionOutsideSatisfaction,
    EcologicalUnrelated,
    IndicatorMisfiled,
    BudgetProcessIndicator,
    IndicatorDuplicate,
    LevelOrderUnusual,
    IndicatorsCopied,
)
