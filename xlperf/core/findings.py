"""Findings: what a reader or a check has to say about one place in a workbook (plain data)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


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
