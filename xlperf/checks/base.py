"""The Check base class and the per-workbook context every check reads (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from xlperf.fastmodel import construct
from xlperf.findings import Finding, Severity
from xlperf.models import Indicator, Project, UnitWorkbook
from xlperf.vocab import FRAMEWORKS, Framework, Level1, Level2, normalize_level1, normalize_level2

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


@dataclass
class Context:
    """One workbook and the facts many checks need, computed once per workbook."""

    book: UnitWorkbook
    file: str | None = None
    rows: list[Row] = field(default_factory=list)
    framework: Framework = Framework.A

    @classmethod
    def of(cls, book: UnitWorkbook, file: str | None = None) -> Context:
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
        spots = [Spot(i.text, dept.sheet, i.cells.get("text"))
                 for i in dept.overall + dept.measures if i.text]
        for s in dept.sub_targets:
            spots += [Spot(t, dept.sheet, s.cells.get(f)) for f in ("name", "target", "indicators")
                      if (t := getattr(s, f))]
        for p in self.book.projects:
            spots += [Spot(t, p.sheet, p.cells.get(f), p) for f in ("name", "purpose")
                      if (t := getattr(p, f))]
            spots += [Spot(t, p.sheet, p.cells.get("targets"), p) for t in p.targets]
            spots += [Spot(i.description, p.sheet, i.cells.get("description"), p)
                      for i in p.indicators if i.description]
        return spots

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


class Check:
    """One rule: a stable code, a kebab-case problem name, a severity and Chinese text.

    Subclasses set the class attributes and implement :meth:`run`, which yields findings and
    never raises on bad data. The docstring has a summary, "Why it matters" and "Example".
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    template: ClassVar[str]
    hint: ClassVar[str]
    rules: ClassVar[tuple[str, ...]] = ()  # RULES.md ids this check implements

    def run(self, ctx: Context) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(
        self,
        ctx: Context,
        *,
        sheet: str | None,
        cell: str | None,
        project: Project | None = None,
        indicator: str | None = None,
        severity: Severity | None = None,
        **fields: object,
    ) -> Finding:
        """A finding of this check at a place; the template and hint are filled with fields."""
        return construct(Finding, {
            "file": ctx.file,
            "sheet": sheet,
            "cell": cell,
            "project_code": project.code if project is not None else None,
            "indicator": indicator,
            "code": self.code,
            "name": self.name,
            "severity": severity or self.severity,
            "message": self.template.format(**fields),
            "hint": self.hint.format(**fields),
        })

    def at_project(self, ctx: Context, project: Project, field_name: str,
                   **fields: object) -> Finding:
        """A finding at one field of a project table."""
        return self.finding(ctx, sheet=project.sheet, cell=project.cells.get(field_name),
                            project=project, **fields)

    def at_row(self, ctx: Context, row: Row, field_name: str, **fields: object) -> Finding:
        """A finding at one cell of an indicator row."""
        cell = row.indicator.cells.get(field_name) or row.indicator.cells.get("name")
        return self.finding(ctx, sheet=row.project.sheet, cell=cell, project=row.project,
                            indicator=row.indicator.name, **fields)
