"""Every coded rule in one registry, and ``run_checks`` over one unit workbook (pure).

Codes: R reading (``core.workbook.reading``: the readers report them, so they are declared in
the step below this one), S text and Part 1 (``text``), F funding and the spending plan
(``funding``), I0xx indicator structure (``indicators``), I1xx 指标值 (``values``), D defaults
(``defaults``), P proofreading (``proof``), the rules that read across parts and projects
(``across``, each in its family) and X001 for a check that failed. A code is never reused;
retired codes stay in :data:`RETIRED`.

The declaration is the registration: every module of this package is imported here, a check
declared with ``@check(Rule(...))`` is run because it is declared, and a rule declared at a
module's top level (``NAME = Rule(...)``: defaults here, reading problems in
``core.workbook.reading``, the one module outside this package that declares rules) is
registered so. No list names them.
"""

from __future__ import annotations

import functools
import heapq
import importlib
import pkgutil
from collections.abc import Callable, Collection, Iterable

from xlperf.core.model.findings import Finding, Severity
from xlperf.core.model.rule import Dimension, Rule
from xlperf.core.model.unit_workbook import UnitWorkbook
from xlperf.core.rules.base import DECLARED, Check, Context, declared
from xlperf.core.workbook import reading
from xlperf.core.workbook.grid import parse_a1
from xlperf.errors import describe

#: Modules of this package that declare no rule: the rules document reads this registry.
_NOT_RULES = frozenset({"base", "doc"})
#: The rule modules: the reading rules the readers report, then every module of this package
#: (imported in name order: their checks register).
MODULES = (reading, *(importlib.import_module(f"{__name__}.{m.name}")
                      for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
                      if m.name not in _NOT_RULES))


def _area(code: str) -> tuple[int, str]:
    """The order of the rules document: R, S, F, I, any other area (P), then D and X; by code
    within an area."""
    return ("RSFI?DX".find(code[:1]) if code[:1] in "RSFIDX" else 4), code


#: Every check, in the order of the rules document.
CHECKS: tuple[Check, ...] = tuple(sorted(DECLARED, key=lambda c: _area(c.code)))

CHECK_FAILED = Rule(
    "X001", "rule-crashed", "校验规则运行出错", Severity.ERROR, Dimension.COMPLETENESS,
    "规则 {code}（{title}）运行出错，本工作簿未按这条规则检查：{error}",
    "其余规则照常检查；请把本工作簿发给 xlperf 维护人员，以便修正这条规则",
    why="一条规则出错时不能当作“没有问题”：报告照常给出其余规则的结果，并如实说明哪条规则没有检查。",
    example="S007 遇到无法处理的文字时抛出异常",
)

#: Every rule by code: reading problems, checks, defaults, and the internal error.
RULES: dict[str, Rule] = declared(*sorted(
    {id(r): r for r in (*(v for m in MODULES for v in vars(m).values() if isinstance(v, Rule)),
                        *(c.rule for c in CHECKS), CHECK_FAILED)}.values(),
    key=lambda r: _area(r.code)))

#: Codes that were used once and must never be given to another rule: code → why retired.
RETIRED: dict[str, str] = {}


def unknown_codes(patterns: Iterable[str]) -> list[str]:
    """The ``--select``/``--ignore`` entries that name no rule (a code or a code's prefix)."""
    return [p for p in patterns if not any(code.startswith(p) for code in RULES)]


def selected(code: str, select: Collection[str] | None, ignore: Collection[str] | None) -> bool:
    """Whether a code passes ``--select``/``--ignore`` (codes or prefixes such as ``I``, ``F0``)."""
    if select and not any(code.startswith(s) for s in select):
        return False
    return not (ignore and any(code.startswith(s) for s in ignore))


def run_checks(
    book: UnitWorkbook,
    *,
    file: str | None = None,
    select: Collection[str] | None = None,
    ignore: Collection[str] | None = None,
) -> list[Finding]:
    """Run every selected check on a workbook; findings in sheet and cell order.

    A check that raises does not stop the others: it becomes one X001 finding naming its code.
    """
    ctx = Context.of(book, file)
    findings: list[Finding] = []
    for check in CHECKS:
        if not selected(check.code, select, ignore):
            continue
        try:
            findings += list(check.run(ctx, check.rule))
        except Exception as exc:  # noqa: BLE001 - one broken rule must not hide the others
            findings.append(CHECK_FAILED.at(file=file, code=check.code, title=check.rule.title,
                                            error=describe(exc)))
    return sort_findings(findings, book)


def sort_findings(findings: Iterable[Finding], book: UnitWorkbook | None = None) -> list[Finding]:
    """Findings in workbook order: sheet as in the book, then row, column, severity, code."""
    return sorted(findings, key=_order(book))


def merge_findings(findings: Iterable[Finding], ordered: list[Finding],
                   book: UnitWorkbook | None = None) -> list[Finding]:
    """``sort_findings([*findings, *ordered], book)`` where ``ordered`` is already in that order
    (``run_checks``' result): only ``findings`` (the reader's few) are sorted, then merged in.

    Exact: a stable sort of a concatenation equals the merge of its stably sorted parts, ties
    taken from the first part first, and ``heapq.merge`` takes ties from its first iterable first.
    """
    first = sort_findings(findings, book)
    if not first:
        return list(ordered)
    return list(heapq.merge(first, ordered, key=_order(book)))


def _order(book: UnitWorkbook | None) -> Callable[[Finding], tuple[object, ...]]:
    """The sort key of :func:`sort_findings`."""
    order: dict[str | None, int] = {}
    if book is not None:
        sheets = [book.info.sheet, book.department.sheet, *(p.sheet for p in book.projects)]
        order = {name: n for n, name in enumerate(sheets)}
    return lambda f: (f.file or "", order.get(f.sheet, len(order)), f.sheet or "",
                      _cell_key(f.cell), f.severity.rank, f.code)


@functools.lru_cache(maxsize=4096)  # pure; a county's workbooks share the template's cells
def _cell_key(cell: str | None) -> tuple[int, int]:
    if not cell:
        return (0, 0)
    try:
        return parse_a1(cell)
    except ValueError:
        return (0, 0)


__all__ = [
    "CHECKS", "CHECK_FAILED", "RETIRED", "RULES", "Check", "merge_findings", "run_checks",
    "selected", "sort_findings", "unknown_codes",
]
