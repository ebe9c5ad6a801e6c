"""How many of a unit's problems ``xlperf fix`` or the 一键修正 button can correct (pure).

A problem counts as fixable when its finding carries a fix (``Finding.fix``; a rule that declares
one gives it only where the remedy is mechanical): safe ones are applied by the button and by
``xlperf fix``; unsafe ones by ``xlperf fix --unsafe-fixes`` after a person's yes. The letters
and 审核汇总 say so, so that a unit knows which problems are a click.
"""

from __future__ import annotations

from collections.abc import Iterable

from xlperf.core.model.findings import Applicability, Finding

#: The 审核汇总 column that says it.
FIXABLE = "可自动修正"


def fixable_counts(problems: Iterable[Finding]) -> tuple[int, int]:
    """(safe, unsafe): how many problems the fix command can correct, without and with a yes."""
    fixes = [p.fix.applicability for p in problems if p.fix is not None]
    return fixes.count(Applicability.SAFE), fixes.count(Applicability.UNSAFE)


def fixable_sentence(problems: Iterable[Finding]) -> str:
    """“其中 12 处可用“一键修正”或 xlperf fix 自动改正…” for a letter; "" when none is."""
    safe, unsafe = fixable_counts(problems)
    parts = []
    if safe:
        parts.append(f"其中 {safe} 处可用“一键修正”或 xlperf fix 自动改正")
    if unsafe:
        parts.append(f"{'另有' if safe else '其中'} {unsafe} 处可在确认后用 "
                     "xlperf fix --unsafe-fixes 自动改正（修改前请逐条核对“校验结果”中的建议文字）")
    return "；".join(parts) + "。" if parts else ""


def fixable_cell(problems: Iterable[Finding]) -> str | None:
    """The 审核汇总 cell: “12 处（另 3 处需确认）”, None when nothing is fixable."""
    safe, unsafe = fixable_counts(problems)
    if not safe and not unsafe:
        return None
    return f"{safe} 处" + (f"（另 {unsafe} 处需确认）" if unsafe else "")
