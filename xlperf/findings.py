"""Findings: what a reader or a check has to say about one place in a workbook (plain data)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict


class Severity(StrEnum):
    """How bad a finding is; a workbook with any ERROR is not valid."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """The Chinese word shown to users."""
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


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


@dataclass(frozen=True)
class Problem:
    """A declared kind of finding: a stable code, a kebab-case name and Chinese text.

    ``template`` names the value found through ``{fields}``; ``hint`` is the fix.
    """

    code: str
    name: str
    severity: Severity
    template: str
    hint: str
    summary: str = ""

    def at(
        self,
        *,
        sheet: str | None = None,
        cell: str | None = None,
        project_code: str | None = None,
        indicator: str | None = None,
        file: str | None = None,
        **fields: Any,
    ) -> Finding:
        """Make a finding of this kind at a place, filling the template with fields."""
        return Finding(
            file=file,
            sheet=sheet,
            cell=cell,
            project_code=project_code,
            indicator=indicator,
            code=self.code,
            name=self.name,
            severity=self.severity,
            message=self.template.format(**fields),
            hint=self.hint.format(**fields),
        )
