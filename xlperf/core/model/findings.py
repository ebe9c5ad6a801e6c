"""Findings: what a reader or a check has to say about one place in a workbook (plain data)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from xlperf.core.model.fastmodel import restore


class Severity(StrEnum):
    """How bad a finding is, the worst first; a workbook with any ERROR is not valid."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """The Chinese word shown to users."""
        return _LABELS[self]

    @property
    def rank(self) -> int:
        """0 for the worst: errors sort before warnings before notes (the declared order)."""
        return _RANKS[self]


_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
_RANKS = {s: n for n, s in enumerate(Severity)}


def severity_counts_text(counts: Mapping[Severity, int]) -> str:
    """The one way a count of findings is said: ``错误 2 条，警告 3 条，提示 1 条``."""
    return "，".join(f"{s.label} {counts.get(s, 0)} 条" for s in Severity)


class Applicability(StrEnum):
    """Whether a rule can fix what it finds, and how safely (ruff's ``Applicability``).

    SAFE cannot change the meaning and is applied by default; UNSAFE needs a person's yes
    (``--unsafe-fixes``); NONE means the remedy is not mechanical.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"
    NONE = "none"

    @property
    def label(self) -> str:
        """The Chinese word shown to users."""
        return _FIX_LABELS[self]


_FIX_LABELS = {Applicability.SAFE: "可自动修正", Applicability.UNSAFE: "需确认后修正",
               Applicability.NONE: "需人工修改"}


class CellFix(BaseModel):
    """Another cell a fix changes together with its finding's own: its whole text before and
    after (``before`` is "" for an empty cell)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sheet: str
    cell: str
    before: str
    after: str


class Fix(BaseModel):
    """A mechanical fix of one finding: the whole text of its cell before and after.

    ``before`` is what the cell holds when the finding is made; a fix is applied only while the
    cell still holds exactly that, so a stale or overlapping fix never overwrites other edits.
    ``also`` lists further cells changed with it (I106 moves an explanation from the 指标值 to
    the 绩效指标描述): all of them or none, each only while it still holds its ``before``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    before: str
    after: str
    applicability: Applicability
    also: tuple[CellFix, ...] = ()


class Finding(BaseModel):
    """One problem at one place; its JSON keys are what ``xlperf check --format json`` prints."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    project_code: str | None = None
    indicator: str | None = None
    code: str
    name: str
    severity: Severity
    message: str
    hint: str
    fix: Fix | None = None

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickled as its values: a county's findings travel from the worker processes, and
        pydantic's own pickling takes ten times as long."""
        d = self.__dict__
        return (_unpickle_finding, (d["file"], d["sheet"], d["cell"], d["project_code"],
                                    d["indicator"], d["code"], d["name"], d["severity"].value,
                                    d["message"], d["hint"], d["fix"]))


_SEVERITIES = {s.value: s for s in Severity}


def _unpickle_finding(file: str | None, sheet: str | None, cell: str | None,
                      project_code: str | None, indicator: str | None, code: str, name: str,
                      severity: str, message: str, hint: str, fix: Fix | None) -> Finding:
    return restore(Finding, {
        "file": file, "sheet": sheet, "cell": cell, "project_code": project_code,
        "indicator": indicator, "code": code, "name": name, "severity": _SEVERITIES[severity],
        "message": message, "hint": hint, "fix": fix})
