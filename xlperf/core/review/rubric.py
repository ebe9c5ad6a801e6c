"""The rubric: how a unit's findings, counted per review dimension and severity, suggest a result.

A finance bureau reviews four things (完整性/相关性/适当性/可行性) and gives one of four results
(优/良/中/差). Every coded rule belongs to one dimension (``Rule.dimension``); the rubric gives
each dimension thresholds: “this many errors (or warnings) make this dimension 差/中/良”. A
dimension reaching none of them is 优, and the unit's suggested result is its worst dimension.
The bureau reads and changes the rubric as a small YAML file (``files.rubricfile``); this module
only validates the parsed data and applies it (pure).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from xlperf.core.model.findings import Finding, Severity
from xlperf.core.model.rule import Dimension
from xlperf.core.rules import RULES
from xlperf.errors import XlperfError


class Result(StrEnum):
    """审核结果, best first."""

    EXCELLENT = "优"
    GOOD = "良"
    FAIR = "中"
    POOR = "差"

    @property
    def rank(self) -> int:
        """0 for 优 … 3 for 差."""
        return list(Result).index(self)

    @property
    def meaning(self) -> str:
        """What the result means for the unit (财预〔2015〕88号's four results)."""
        return MEANINGS[self]


MEANINGS = {
    Result.EXCELLENT: "绩效目标编制规范，直接进入预算安排流程。",
    Result.GOOD: "绩效目标总体可行，请按审核意见与财政部门沟通、作小的完善后进入预算安排流程。",
    Result.FAIR: "绩效目标需要修改，请按审核意见修改完善后重新报送审核。",
    Result.POOR: "绩效目标不符合要求，暂不进入预算安排流程；请按审核意见重新编制后报送审核。",
}
#: The results a rubric sets thresholds for, worst first (优 is what remains).
GRADED = (Result.POOR, Result.FAIR, Result.GOOD)
#: Severities by their Chinese names, as written in the rubric file.
SEVERITY_NAMES = {s.label: s for s in Severity}
#: Severities that make a finding a problem a letter points out; 提示 only annotate the workbook.
PROBLEM_SEVERITIES = (Severity.ERROR, Severity.WARNING)

Counts = Counter[tuple[Dimension, Severity]]
Thresholds = Mapping[Severity, int]


class RubricError(XlperfError):
    """A rubric file that does not say what xlperf can apply."""


@dataclass(frozen=True)
class Rubric:
    """Per dimension, per result: the least count of findings of a severity that gives it."""

    thresholds: Mapping[Dimension, Mapping[Result, Thresholds]]
    ignored: frozenset[str] = frozenset()
    source: str = "默认审核规则"

    def counts(self, findings: Iterable[Finding]) -> Counts:
        """Findings counted per dimension and severity (codes the rubric ignores left out)."""
        counts: Counts = Counter()
        for finding in findings:
            if finding.code not in self.ignored:
                counts[(dimension_of(finding.code), finding.severity)] += 1
        return counts

    def grade(self, counts: Counts) -> Suggestion:
        """The suggested result: each dimension graded on its own, the worst one wins."""
        by_dimension: dict[Dimension, Result] = {}
        reasons: list[str] = []
        for dimension in Dimension:
            result, why = self._grade_dimension(dimension, counts)
            by_dimension[dimension] = result
            if why:
                reasons.append(f"{dimension.value}{result.value}（{why}）")
        worst = max(by_dimension.values(), key=lambda r: r.rank)
        reason = "；".join(reasons) if reasons else "各维度均未达到“良”的门槛"
        return Suggestion(worst, by_dimension, reason)

    def _grade_dimension(self, dimension: Dimension, counts: Counts) -> tuple[Result, str]:
        levels = self.thresholds.get(dimension, {})
        for result in GRADED:
            for severity, least in levels.get(result, {}).items():
                found = counts[(dimension, severity)]
                if found >= least:
                    return result, f"{severity.label}{found}≥{least}"
        return Result.EXCELLENT, ""


@dataclass(frozen=True)
class Suggestion:
    """A suggested result, each dimension's result, and why (one line for the reviewer)."""

    result: Result
    dimensions: dict[Dimension, Result] = field(default_factory=dict)
    reason: str = ""


def dimension_of(code: str) -> Dimension:
    """The review dimension of a code (an unknown code counts under 完整性)."""
    rule = RULES.get(code)
    return rule.dimension if rule is not None and rule.dimension else Dimension.COMPLETENESS


# --------------------------------------------------------------------------- the file's shape
DIMENSIONS_KEY = "维度"
IGNORED_KEY = "不计入"


def parse_rubric(data: Any, source: str) -> Rubric:
    """Validate a rubric as parsed from YAML; every mistake is named in Chinese.

    Raises:
        RubricError: when the data is not a rubric.
    """
    def fail(what: str) -> RubricError:
        return RubricError(f"审核规则 {source}：{what}")

    if not isinstance(data, Mapping):
        raise fail(f"应以“{DIMENSIONS_KEY}：”开头，按维度写出各结果的门槛")
    unknown = [_shown(k) for k in data if k not in (DIMENSIONS_KEY, IGNORED_KEY)]
    if unknown:
        raise fail(f"不认识“{_listed(unknown)}”，只能有“{DIMENSIONS_KEY}”和“{IGNORED_KEY}”两项")
    dimensions = data.get(DIMENSIONS_KEY)
    if not isinstance(dimensions, Mapping) or not dimensions:
        raise fail(f"缺少“{DIMENSIONS_KEY}”，或其下没有内容")
    thresholds: dict[Dimension, dict[Result, dict[Severity, int]]] = {}
    names = {d.value: d for d in Dimension}
    for name, levels in dimensions.items():
        if name not in names:
            raise fail(f"维度“{_shown(name)}”不存在，只能是 {'、'.join(names)}")
        thresholds[names[name]] = _levels(levels, str(name), fail)
    ignored = data.get(IGNORED_KEY) or []
    if not isinstance(ignored, list) or not all(isinstance(c, str) for c in ignored):
        raise fail(f"“{IGNORED_KEY}”应是规则代码的列表，如 [S009, S010]")
    codes = [c.strip().upper() for c in ignored]
    bad = [_shown(c) for c in codes if c not in RULES]
    if bad:
        raise fail(f"“{IGNORED_KEY}”中的 {_listed(bad)} 不是校验规则代码（见 docs/rules.md）")
    return Rubric(thresholds, frozenset(codes), source)


def _levels(levels: Any, dimension: str, fail: Any) -> dict[Result, dict[Severity, int]]:
    if levels is None:
        return {}
    if not isinstance(levels, Mapping):
        raise fail(f"{dimension} 下应写“差/中/良：{{错误: 数量, 警告: 数量}}”")
    results = {r.value: r for r in GRADED}
    out: dict[Result, dict[Severity, int]] = {}
    for name, counts in levels.items():
        if name not in results:
            raise fail(f"{dimension} 下的“{_shown(name)}”不是可设门槛的结果，只能是 差、中、良"
                       "（都未达到即为优）")
        if not isinstance(counts, Mapping) or not counts:
            raise fail(f"{dimension}·{name} 应写成 {{错误: 数量}} 或 {{警告: 数量}}")
        out[results[name]] = {}
        for severity, least in counts.items():
            if severity not in SEVERITY_NAMES:
                raise fail(f"{dimension}·{name} 中的“{_shown(severity)}”应为 错误、警告 或 提示")
            if isinstance(least, bool) or not isinstance(least, int) or least < 1:
                raise fail(f"{dimension}·{name}·{severity} 的门槛应为正整数，"
                           f"收到“{_shown(least)}”")
            out[results[name]][SEVERITY_NAMES[severity]] = least
    return out


def _shown(value: Any, limit: int = 30) -> str:
    """A value as a message may quote it: short, and never a whole list or mapping."""
    if isinstance(value, Mapping):
        return "（一组键值）"
    if isinstance(value, list | tuple | set):
        return "（一个列表）"
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _listed(items: list[str], most: int = 5) -> str:
    return "、".join(items[:most]) + (f" 等 {len(items)} 项" if len(items) > most else "")
