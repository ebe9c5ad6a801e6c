"""What the checks are made of: a check bound to one rule, and the per-workbook context (pure).

Every code is declared once as a :class:`~xlperf.core.model.rule.Rule` (its one severity, its
review dimension, its Chinese text). A check is a function bound to exactly one rule with
:func:`check`; it yields that rule's findings and nothing else, so a code always has the same
severity.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from xlperf.core.model.findings import Finding
from xlperf.core.model.rule import FixTexts, Rule
from xlperf.core.model.unit_workbook import Indicator, Project, UnitWorkbook
from xlperf.core.model.vocab import (
    FRAMEWORKS,
    Framework,
    Level1,
    Level2,
    normalize_level1,
    normalize_level2,
)

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[\s，,。.；;：:、！!？?（）()“”\"'《》<>【】\[\]]")


def compact(text: str | None) -> str:
    """Text without whitespace, for comparisons that ignore PDF spaces and line breaks."""
    return _SPACE.sub("", text) if text else ""


def bare(text: str | None) -> str:
    """Text without whitespace and punctuation, for "is this a copy of that" comparisons."""
    return _PUNCT.sub("", text) if text else ""


@dataclass(frozen=True)
class Row:
    """One indicator with what the checks need precomputed once."""

    project: Project
    indicator: Indicator
    level1: Level1 | None
    level2: Level2 | None
    name: str  # 三级指标, compact


@dataclass(frozen=True)
class Spot:
    """A piece of prose and where it sits."""

    text: str
    sheet: str | None
    cell: str | None
    project: Project | None = None
    field: str = ""  # the field it was read from: overall, target, purpose, description …


@dataclass
class Context:
    """One workbook and the facts many checks need, computed once per workbook."""

    book: UnitWorkbook
    file: str | None = None
    rows: list[Row] = field(default_factory=list)
    framework: Framework = Framework.A

    @classmethod
    def of(cls, book: UnitWorkbook, file: str | None = None) -> Context:
        """The context of a workbook: its indicator rows normalised, its framework decided."""
        rows = [
            Row(p, i, normalize_level1(i.level1), normalize_level2(i.level2), compact(i.name))
            for p in book.projects
            for i in p.indicators
        ]
        framework = Framework.B if any(r.level1 is Level1.COST for r in rows) else Framework.A
        return cls(book, file, rows, framework)

    @cached_property
    def prose(self) -> list[Spot]:
        """Every prose field: Part 1 paragraphs, project names, purposes, targets, descriptions."""
        dept = self.book.department
        spots = [Spot(i.text, dept.sheet, i.cells.get("text"), None, f)
                 for f in ("overall", "measures") for i in getattr(dept, f) if i.text]
        for s in dept.sub_targets:
            spots += [Spot(t, dept.sheet, s.cells.get(f), None, f"sub_{f}")
                      for f in ("name", "target", "indicators") if (t := getattr(s, f))]
        for p in self.book.projects:
            spots += [Spot(t, p.sheet, p.cells.get(f), p, f) for f in ("name", "purpose")
                      if (t := getattr(p, f))]
            spots += [Spot(t, p.sheet, p.cells.get("targets"), p, "targets") for t in p.targets]
            spots += [Spot(i.description, p.sheet, i.cells.get("description"), p, "description")
                      for i in p.indicators if i.description]
        return spots

    @cached_property
    def _prose_joined(self) -> tuple[str, list[int]]:
        """Every prose text joined by NUL, and where each begins in the joined text."""
        starts, at = [], 0
        for spot in self.prose:
            starts.append(at)
            at += len(spot.text) + 1
        return "\0".join(spot.text for spot in self.prose), starts

    def prose_having(self, pattern: re.Pattern[str]) -> list[Spot]:
        """The prose spots in which ``pattern`` matches, in order: one search of the joined text
        a spot, instead of one per spot. Exact for a pattern that never matches a NUL and sees
        a NUL next to a text as it sees the text's edge (letters, CJK, lookarounds of those)."""
        text, starts = self._prose_joined
        found: list[Spot] = []
        match = pattern.search(text)
        while match:
            n = bisect_right(starts, match.start()) - 1
            found.append(self.prose[n])
            if n + 1 == len(starts):
                break
            match = pattern.search(text, starts[n + 1])
        return found

    def rows_of(self, project: Project) -> Iterator[Row]:
        """The indicator rows of one project."""
        return (r for r in self.rows if r.project is project)

    @property
    def is_county(self) -> bool:
        """Whether the document belongs to a 县 (so 区-level wording is out of place)."""
        info = self.book.info
        names = (info.reviewer, info.compiler, info.name)
        return any(n and "县" in n for n in names) and not any(
            n and re.search(r"区(财政局|委|政府)?$|市辖区", n) for n in names
        )

    def allowed_level2(self, level1: Level1) -> tuple[Level2, ...]:
        """The 二级 allowed under a 一级 in this document's framework."""
        return FRAMEWORKS[self.framework].get(level1, ())

    # findings ---------------------------------------------------------------
    def finding(self, rule: Rule, *, sheet: str | None, cell: str | None,
                project: Project | None = None, indicator: str | None = None,
                fix: FixTexts | None = None, **fields: object) -> Finding:
        """A finding of rule at a place in this workbook (``fix``: its cell's text, old/new)."""
        return rule.at(sheet=sheet, cell=cell, indicator=indicator, file=self.file, fix=fix,
                       project_code=project.code if project is not None else None, **fields)

    def at_project(self, rule: Rule, project: Project, field_name: str,
                   indicator: str | None = None, fix: FixTexts | None = None,
                   **fields: object) -> Finding:
        """A finding at one field of a project table."""
        return self.finding(rule, sheet=project.sheet, cell=project.cells.get(field_name),
                            project=project, indicator=indicator, fix=fix, **fields)

    def at_row(self, rule: Rule, row: Row, field_name: str,
               fix: FixTexts | None = None, **fields: object) -> Finding:
        """A finding at one cell of an indicator row (at its 三级指标 when that cell is unknown)."""
        cell = row.indicator.cells.get(field_name) or row.indicator.cells.get("name")
        return self.finding(rule, sheet=row.project.sheet, cell=cell, project=row.project,
                            indicator=row.indicator.name, fix=fix, **fields)


CheckFunction = Callable[[Context, Rule], Iterator[Finding]]


@dataclass(frozen=True)
class Check:
    """A check: the function that finds one rule's problems in a workbook."""

    rule: Rule
    run: CheckFunction

    @property
    def code(self) -> str:
        return self.rule.code


#: Every check declared with :func:`check`, in the order the rule modules declare them: the
#: declaration is the registration (``xlperf.core.rules`` imports every module of the package).
DECLARED: list[Check] = []


def check(rule: Rule) -> Callable[[CheckFunction], Check]:
    """Bind a check function to the one rule whose findings it yields, and register it."""

    def bind(function: CheckFunction) -> Check:
        bound = Check(rule, function)
        DECLARED.append(bound)
        return bound

    return bind


def once_per_cell(findings: Iterable[Finding]) -> Iterator[Finding]:
    """Each cell's first finding only: a merged 一级/二级 cell is the same problem for every row
    under it, to be reported (and fixed) once."""
    seen: set[tuple[str | None, str | None]] = set()
    for finding in findings:
        where = (finding.sheet, finding.cell)
        if where not in seen:
            seen.add(where)
            yield finding


def declared(*rules: Rule) -> dict[str, Rule]:
    """Rules by code, refusing a code declared twice."""
    by_code: dict[str, Rule] = {}
    for rule in rules:
        if rule.code in by_code:
            raise ValueError(f"rule code {rule.code} is declared twice")
        by_code[rule.code] = rule
    return by_code
