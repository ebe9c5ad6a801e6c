"""A unit's problems for the review, and how they compare with the last round's (pure).

A problem is a finding the letter points out: an error or a warning of a code the rubric counts.
Rounds are compared by code + sheet + 三级指标, never by cell: a unit that inserts a row moves
every cell below it, yet the problem is the same one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from xlperf.core.model.findings import Finding, Severity
from xlperf.core.review.rubric import PROBLEM_SEVERITIES, Rubric
from xlperf.core.rules import RULES

Key = tuple[str, str, str]


def problem_key(problem: Finding) -> Key:
    """What identifies a problem across rounds: code, sheet, 三级指标."""
    return (problem.code, problem.sheet or "", problem.indicator or "")


def title_of(code: str) -> str:
    """A code's short Chinese title (the code itself when no rule has it any more)."""
    rule = RULES.get(code)
    return rule.title if rule is not None else code


def problem_place(problem: Finding) -> str:
    """Where it is, as a reader looks for it: ``项目1!E12``, or the sheet, or 整个工作簿."""
    if problem.sheet and problem.cell:
        return f"{problem.sheet}!{problem.cell}"
    return problem.sheet or "整个工作簿"


def remembered(code: str, severity: Severity, sheet: str | None, cell: str | None,
               indicator: str | None) -> Finding:
    """A problem of an earlier round as the review workbook remembers it (no message kept)."""
    rule = RULES.get(code)
    return Finding(code=code, name=rule.name if rule is not None else code, severity=severity,
                   sheet=sheet, cell=cell, indicator=indicator, message="", hint="")


def problems_of(findings: Iterable[Finding], rubric: Rubric) -> list[Finding]:
    """The problems a letter points out: errors and warnings of codes the rubric counts."""
    return [f for f in findings
            if f.severity in PROBLEM_SEVERITIES and f.code not in rubric.ignored]


@dataclass(frozen=True)
class Comparison:
    """This round against the last: N pointed out then, M of them fixed, K still open, J new."""

    previous: int
    fixed: int
    still_open: int
    new: int

    @property
    def sentence(self) -> str:
        """As a reviewer says it: 上轮指出的 6 条问题已改正 2 条，仍有 4 条未改正；新发现 1 条."""
        if not self.previous:
            before = "上轮未指出问题"
        elif not self.still_open:
            before = f"上轮指出的 {self.previous} 条问题已全部改正"
        elif not self.fixed:
            before = f"上轮指出的 {self.previous} 条问题均未改正"
        else:
            before = (f"上轮指出的 {self.previous} 条问题已改正 {self.fixed} 条，"
                      f"仍有 {self.still_open} 条未改正")
        after = f"新发现 {self.new} 条" if self.new else "没有发现新的问题"
        return f"{before}；{after}"


def compare(previous: Sequence[Finding], current: Sequence[Finding]
            ) -> tuple[Comparison, list[bool], list[Finding]]:
    """Match this round's problems with last round's by key, as multisets.

    Returns the comparison, for each current problem whether it was pointed out last round, and
    last round's problems that are gone (fixed).
    """
    left = Counter(problem_key(p) for p in previous)
    seen = []
    for problem in current:
        seen.append(left[problem_key(problem)] > 0)
        left[problem_key(problem)] -= 1
    matched = Counter(problem_key(p) for p, s in zip(current, seen, strict=True) if s)
    fixed = []
    for problem in previous:  # in order: the first ones of a key were matched, the rest fixed
        if matched[problem_key(problem)] > 0:
            matched[problem_key(problem)] -= 1
        else:
            fixed.append(problem)
    still_open = sum(seen)
    comparison = Comparison(len(previous), len(previous) - still_open, still_open,
                            len(current) - still_open)
    return comparison, seen, fixed
