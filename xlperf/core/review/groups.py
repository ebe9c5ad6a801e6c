"""A unit's problems as a reviewer raises them: one line per kind of problem, errors first (pure).

The same problem at many cells (28 times “依据过于笼统”) is one point of a letter, naming where it
occurs: the 三级指标 of each table, or the cells of a sheet without indicators. A letter lists the
groups a reviewer would raise on about a page; every single problem stays in the attachment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from xlperf.core.model.findings import Finding, Severity
from xlperf.core.model.rule import Dimension
from xlperf.core.review.rubric import dimension_of

#: Places named in one line before “等 N 处”.
SHOWN_PLACES = 4


@dataclass
class Group:
    """One kind of problem (a rule code at one severity) wherever it occurs."""

    problems: list[Finding] = field(default_factory=list)
    seen: int = 0  # how many were pointed out last round already

    @property
    def first(self) -> Finding:
        return self.problems[0]

    @property
    def severity(self) -> Severity:
        return self.first.severity

    @property
    def dimension(self) -> Dimension:
        return dimension_of(self.first.code)

    @property
    def places(self) -> str:
        """Where it occurs, as a reader looks: 项目1“救助人数”“救助标准”，部门整体绩效目标 B7."""
        return places_text(self.problems)


def group_problems(problems: Sequence[Finding], seen: Sequence[bool]) -> list[Group]:
    """The problems by code and severity: errors first, then the most frequent, then by dimension.

    ``seen`` tells for each problem whether last round's letter pointed it out.
    """
    groups: dict[tuple[Severity, str], Group] = {}
    for problem, was_seen in zip(problems, seen, strict=True):
        group = groups.setdefault((problem.severity, problem.code), Group())
        group.problems.append(problem)
        group.seen += was_seen
    order = list(Dimension)
    return sorted(groups.values(), key=lambda g: (
        g.severity is not Severity.ERROR, -len(g.problems), order.index(g.dimension),
        g.first.code))


def places_text(problems: Sequence[Finding]) -> str:
    """The sheets in order, each with its indicators (or cells); at most a few, then 等."""
    by_sheet: dict[str, list[str]] = {}
    for p in problems:
        names = by_sheet.setdefault(p.sheet or "整个工作簿", [])
        name = f"“{p.indicator}”" if p.indicator else (p.cell or "")
        if name and name not in names:
            names.append(name)
    parts: list[str] = []
    left, cut = SHOWN_PLACES, False
    for sheet, names in by_sheet.items():
        if left <= 0:
            cut = True
            break
        take = names[:left]
        cut = cut or len(take) < len(names)
        left -= max(len(take), 1)
        if all(n.startswith("“") for n in take):
            parts.append(sheet + "".join(take))
        else:
            parts.append(f"{sheet} {'、'.join(take)}".rstrip())
    return "，".join(parts) + ("等" if cut else "")
