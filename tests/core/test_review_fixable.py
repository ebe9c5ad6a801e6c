"""Letters and 审核汇总 say how many of a unit's problems the fix command can correct: the
problems whose findings carry a fix, not every problem of a rule that can fix some."""

from __future__ import annotations

from xlperf.core.model.findings import Applicability, Finding, Fix, Severity
from xlperf.core.review.fixable import fixable_cell, fixable_counts, fixable_sentence

W, E = Severity.WARNING, Severity.ERROR
SAFE, UNSAFE = Applicability.SAFE, Applicability.UNSAFE


def problem(code: str, fix: Applicability | None = None) -> Finding:
    return Finding(code=code, name=code, severity=E if code in ("I101", "I103") else W,
                   message="", hint="",
                   fix=None if fix is None else Fix(before="旧", after="新", applicability=fix))


def test_safe_and_unsafe_fixes_are_counted_apart():
    mixed = [problem("S006", SAFE), problem("S006", SAFE), problem("S011", SAFE),
             problem("I120", SAFE), problem("S005", UNSAFE), problem("I103", UNSAFE),
             problem("I103", UNSAFE), problem("I101"), problem("S012")]
    assert fixable_counts(mixed) == (4, 3)
    assert fixable_sentence(mixed) == (
        "其中 4 处可用“一键修正”或 xlperf fix 自动改正；另有 3 处可在确认后用 xlperf fix "
        "--unsafe-fixes 自动改正（修改前请逐条核对“校验结果”中的建议文字）。")
    assert fixable_cell(mixed) == "4 处（另 3 处需确认）"


def test_a_problem_of_a_fixing_rule_without_a_fix_of_its_own_is_not_counted():
    # I106 declares an unsafe fix, but a value whose explanation cannot be split gets none
    assert fixable_counts([problem("I106", UNSAFE), problem("I106")]) == (0, 1)


def test_only_unsafe_or_nothing():
    only_unsafe = fixable_sentence([problem("S005", UNSAFE)])
    assert only_unsafe.startswith("其中 1 处可在确认后用 xlperf fix")
    assert fixable_cell([problem("S005", UNSAFE)]) == "0 处（另 1 处需确认）"
    assert fixable_sentence([problem("I101"), problem("S012")]) == ""
    assert fixable_cell([problem("I101")]) is None
    assert fixable_cell([]) is None
