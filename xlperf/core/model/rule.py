"""The one recipe of every coded rule (pure data).

A :class:`Rule` declares a code once: its kebab-case name, a short Chinese title, its one
severity, the review dimension it belongs to (完整性/相关性/适当性/可行性), the message template,
the fix, why it matters and an example. Reading problems (R, ``core.workbook.reading``), checks
(S/F/I/P, ``core.rules``) and defaults (D, ``core.rules.defaults``) are all declared so, and
``core.rules.RULES`` registers every one of them. It lives with the model because every step
reports findings through it, the readers of the workbook step included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from xlperf.core.model.fastmodel import complete
from xlperf.core.model.findings import Applicability, CellFix, Finding, Fix, Severity


class Dimension(StrEnum):
    """The four things a finance bureau reviews (财预〔2015〕88号 审核内容)."""

    COMPLETENESS = "完整性"
    RELEVANCE = "相关性"
    APPROPRIATENESS = "适当性"
    FEASIBILITY = "可行性"


_FIELD = re.compile(r"\{(\w+)\}")


def _plain(text: str) -> bool:
    """Whether ``text.format(...)`` is ``text`` itself: no brace, so no field and no error."""
    return "{" not in text and "}" not in text

#: A fix as a check gives it: its cell's whole text (before, after), optionally followed by
#: the other cells changed together with it (:attr:`Fix.also`).
FixTexts = tuple[str, str] | tuple[str, str, tuple[CellFix, ...]]


@dataclass(frozen=True)
class Rule:
    """One coded rule: R reading, S text and Part 1, F funding, I indicators, D defaults."""

    code: str
    name: str  # kebab case, names the problem ("basis-generic")
    title: str  # a short Chinese name, shown where a code alone says too little
    severity: Severity
    dimension: Dimension | None  # None only for defaults, which report no problem
    template: str  # the message, with {fields} for the values found
    hint: str  # the fix, imperative
    why: str  # 为什么重要
    example: str  # 示例
    sources: tuple[str, ...] = ()  # RULES.md ids
    fix: Applicability = Applicability.NONE  # whether its findings carry a mechanical fix

    def at(self, *, sheet: str | None = None, cell: str | None = None,
           project_code: str | None = None, indicator: str | None = None,
           file: str | None = None, fix: FixTexts | None = None,
           **fields: object) -> Finding:
        """A finding of this rule at a place, its template and hint filled with ``fields``.

        ``fix`` is the cell's whole text (before, after), and optionally the other cells
        changed with it; only a rule that declares a fix may give one, and it then carries the
        rule's applicability.
        """
        if fix is not None and self.fix is Applicability.NONE:
            raise ValueError(f"rule {self.code} declares no fix but gave one")
        # every field of Finding, in its order; a hint without braces is its own format
        return complete(Finding, {
            "file": file, "sheet": sheet, "cell": cell, "project_code": project_code,
            "indicator": indicator, "code": self.code, "name": self.name,
            "severity": self.severity, "message": self.template.format(**fields),
            "hint": self.hint if _plain(self.hint) else self.hint.format(**fields),
            "fix": None if fix is None else Fix(
                before=fix[0], after=fix[1], applicability=self.fix,
                also=fix[2] if len(fix) == 3 else ()),
        })

    def shown(self, text: str) -> str:
        """A template or hint as the rules document shows it: each {field} as ××."""
        return _FIELD.sub("××", text)
