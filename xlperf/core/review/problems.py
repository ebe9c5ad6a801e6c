"""A unit's problems for the review, and how they compare with the last round's (pure).

A problem is a finding the letter points out: an error or a warning of a code the rubric counts.
Rounds are compared by code + sheet + 三级指标, never by cell: a unit that inserts a row moves
every cell below it, yet the problem is the same one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from xlperf.core.findings import Finding, Severity
from xlperf.core.review.rubric import PROBLEM_SEVERITIES, Rubric, dimension_of
from xlperf.core.rules import RULES
from xlperf.core.rules.base import Dimension
from xlperf.core.summary.records import FindingRow

Key = tuple[str, str, str]


@dataclass(frozen=True)
class Problem:
    """One problem of a unit's submission (a finding, flattened)."""

    code: str
    severity: Severity
    sheet: str | None = None
    cell: str | None = None
    project: str | None = None
    indicator: str | None = None
    message: str = ""
    hint: str = ""

    @property
    def key(self) -> Key:
        """What identifies the problem across rounds: code, sheet, 三级指标."""
        return (self.code, self.sheet or "", self.indicator or "")

    @property
    def dimension(self) -> Dimension:
        return dimension_of(self.code)

    @property
    def title(self) -> str:
        rule = RULES.get(self.code)
        return rule.title if rule is not None else self.code

    @property
    def place(self) -> str:
        """Where it is, as a reader looks for it: ``项目1!E12``, or the sheet, or 整个工作簿."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or "整个工作簿"


def problem_of(finding: FindingRow) -> Problem:
    """A record's finding tuple (see ``summary.records.record_of``) as a problem."""
    sheet, cell, project, indicator, severity, code, _name, message, hint = finding
    return Problem(code, Severity(severity), sheet, cell, project, indicator, message, hint)


def problems_of(findings: Iterable[FindingRow], rubric: Rubric) -> list[Problem]:
    """The problems a letter points out: errors and warnings of codes the rubric counts."""
    severities = {s.value for s in PROBLEM_SEVERITIES}
    return [problem_of(f) for f in findings if f[4] in severities and f[5] not in rubric.ignored]


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


def compare(previous: Sequence[Problem], current: Sequence[Problem]
            ) -> tuple[Comparison, list[bool], list[Problem]]:
    """Match this round's problems with last round's by key, as multisets.

    Returns the comparison, for each current problem whether it was pointed out last round, and
    last round's problems that are gone (fixed).
    """
    left = Counter(p.key for p in previous)
    seen = []
    for problem in current:
        seen.append(left[problem.key] > 0)
        left[problem.key] -= 1
    matched = Counter(p.key for p, s in zip(current, seen, strict=True) if s)
    fixed = []
    for problem in previous:  # in order: the first ones of a key were matched, the rest fixed
        if matched[problem.key] > 0:
            matched[problem.key] -= 1
        else:
            fixed.append(problem)
    still_open = sum(seen)
    comparison = Comparison(len(previous), len(previous) - still_open, still_open,
                            len(current) - still_open)
    return comparison, seen, fixed


def finding_of(finding: FindingRow, file: str | None = None) -> Finding:
    """A record's finding tuple back as a :class:`Finding` (to annotate the unit's workbook)."""
    sheet, cell, project, indicator, severity, code, name, message, hint = finding
    return Finding(file=file, sheet=sheet, cell=cell, project_code=project, indicator=indicator,
                   code=code, name=name, severity=Severity(severity), message=message, hint=hint)
