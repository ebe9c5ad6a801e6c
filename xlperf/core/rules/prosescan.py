"""The prose a workbook's proofreading reads, scanned once per workbook, and shared helpers.

``scan`` gathers ``Context.prose`` into one cell each (a project's 绩效目标 items joined as the
template writes them) and joins all their text, so a rule asks "does this occur anywhere?" with one
search and then visits only the cells that hold it. Also the doubled-word test S010 uses.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from xlperf.core.model.findings import Finding
from xlperf.core.model.rule import Rule
from xlperf.core.model.unit_workbook import Project
from xlperf.core.rules.base import Context
from xlperf.core.rules.proof_words import ENDINGS, GLUE
from xlperf.core.workbook.render import join_targets


class Prose(NamedTuple):
    """One prose cell: its whole text and, for a project's 绩效目标, the items it holds."""

    text: str
    sheet: str | None
    cell: str | None
    project: Project | None
    field: str
    items: tuple[str, ...] = ()  # a 绩效目标 cell's items; empty for a one-text cell

    def fixed(self, change: Callable[[str], str]) -> tuple[str, str] | None:
        """The cell's (before, after) with ``change`` applied to its text, or None if unchanged."""
        if self.items:
            after = join_targets([change(t) for t in self.items]) or ""
        else:
            after = change(self.text)
        return None if after == self.text else (self.text, after)


@dataclass
class Scan:
    """A workbook's prose cells, and all their text in one string for a quick "any of these?"."""

    cells: list[Prose]
    text: str  # the cells' texts joined by NUL, which no pattern here matches
    starts: list[int]  # where each cell's text begins in ``text``
    half: tuple[list[tuple[Prose, int]], int] | None = None  # P001/P002's count, made once

    def having(self, pattern: re.Pattern[str]) -> list[Prose]:
        """The cells in which ``pattern`` (that never spans a NUL) matches: one search each."""
        found: list[Prose] = []
        match = pattern.search(self.text)
        while match:
            n = bisect_right(self.starts, match.start()) - 1
            found.append(self.cells[n])
            if n + 1 == len(self.starts):
                break
            match = pattern.search(self.text, self.starts[n + 1])
        return found


_LAST: list[tuple[Context, Scan]] = []  # the workbook being checked: every P rule reads it


def scan(ctx: Context) -> Scan:
    """The prose of the workbook, computed once for all the P rules that check it."""
    last = _LAST[0] if _LAST else None  # one read: safe when threads check other workbooks
    if last is not None and last[0] is ctx:
        return last[1]
    found = cells(ctx)
    starts, at = [], 0
    for prose in found:
        starts.append(at)
        at += len(prose.text) + 1
    result = Scan(found, "\0".join(p.text for p in found), starts)
    _LAST[:] = [(ctx, result)]
    return result


def cells(ctx: Context) -> list[Prose]:
    """Every prose cell of the workbook once (a 绩效目标 cell's items joined as written)."""
    out: list[Prose] = []
    targets: dict[int, list[str]] = {}
    for spot in ctx.prose:
        if spot.field == "targets" and spot.project is not None:
            if id(spot.project) not in targets:
                items = targets[id(spot.project)] = list(spot.project.targets)
                out.append(Prose(join_targets(items) or "", spot.sheet, spot.cell, spot.project,
                                 spot.field, tuple(items)))
            continue
        out.append(Prose(spot.text, spot.sheet, spot.cell, spot.project, spot.field))
    return out


def report(ctx: Context, rule: Rule, prose: Prose, fix: tuple[str, str] | None = None,
            **fields: str) -> Finding:
    return ctx.finding(rule, sheet=prose.sheet, cell=prose.cell, project=prose.project, fix=fix,
                       **fields)


def glued(text: str, start: int, end: int, candidate: str) -> bool:
    """Whether the candidate at text[start:end] is part of a longer word (not on boundaries)."""
    before, after = GLUE.get(candidate, ("", ""))
    return (start > 0 and text[start - 1] in before) or (end < len(text) and text[end] in after)


def quote(text: str, start: int, end: int, width: int = 6) -> str:
    """The found text with a few characters of context either side, as the message quotes it."""
    return text[max(0, start - width):end + width]


def positions(text: str, char: str) -> Iterator[int]:
    """Every index of ``char`` in ``text``."""
    at = text.find(char)
    while at >= 0:
        yield at
        at = text.find(char, at + 1)


# --------------------------------------------------------------------------- doubled words (S010)
#: Any word written twice; ``doubled_words`` keeps those on word boundaries. Never matches a
#: NUL, so ``Context.prose_having(DOUBLED)`` finds the only texts it need look at.
DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
#: Doubled on purpose: 一步一步, 每年每年, 很多很多.
_MEANT_TWICE = re.compile(r"[一每][\u4e00-\u9fff]|很多|好多|许多|非常|一点|慢慢")


def doubled_words(text: str) -> Iterator[re.Match[str]]:
    """Each doubled word that stands on word boundaries (提高财政财政资金, not 人民民主主义)."""
    for match in DOUBLED.finditer(text):
        start, end = match.span()
        if _MEANT_TWICE.fullmatch(match.group(1)):
            continue
        if (start > 0 and text[start - 1:start + 1] in ENDINGS) or (
                end < len(text) and text[end - 1:end + 1] in ENDINGS):
            continue  # glued to the word before or after: not a word written twice
        yield match
