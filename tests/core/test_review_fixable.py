"""Letters and 审核汇总 say how many of a unit's problems the fix command can correct."""

from __future__ import annotations

from xlperf.core.findings import Severity
from xlperf.core.review.fixable import fixable_cell, fixable_counts, fixable_sentence
from xlperf.core.review.problems import Problem

W, E = Severity.WARNING, Severity.ERROR


def problems(*codes: str) -> list[Problem]:
    return [Problem(code, E if code.startswith(("I101", "I103")) else W) for code in codes]


def test_safe_and_unsafe_fixes_are_counted_apart():
    # S006, S011, I120: safe; S005, I103: unsafe; I101, S012: no mechanical fix.
    mixed = problems("S006", "S006", "S011", "I120", "S005", "I103", "I103", "I101", "S012")
    assert fixable_counts(mixed) == (4, 3)
    assert fixable_sentence(mixed) == (
        "其中 4 处可用“一键修正”或 xlperf fix 自动改正；另有 3 处可在确认后用 xlperf fix "
        "--unsafe-fixes 自动改正（修改前请逐条核对“校验结果”中的建议文字）。")
    assert fixable_cell(mixed) == "4 处（另 3 处需确认）"


def test_only_unsafe_or_nothing():
    assert fixable_sentence(problems("S005")).startswith("其中 1 处可在确认后用 xlperf fix")
    assert fixable_cell(problems("S005")) == "0 处（另 1 处需确认）"
    assert fixable_sentence(problems("I101", "S012")) == ""
    assert fixable_cell(problems("I101")) is None
    assert fixable_cell([]) is None
