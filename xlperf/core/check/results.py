"""Check results as a readable Chinese report, grouped by file and by table (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from xlperf.core.model.findings import Finding, Severity, severity_counts_text
from xlperf.core.workbook import reading as R


@dataclass(frozen=True)
class FileResult:
    """What the report needs of one checked file."""

    name: str
    findings: Sequence[Finding]
    unreadable: bool = False
    titles: dict[str, str] | None = None  # sheet → "项目编码 项目名称"
    skipped: str | None = None  # why the file was not checked (not a unit's workbook)


def counts(findings: Sequence[Finding]) -> Counter[Severity]:
    """Findings per severity."""
    return Counter(f.severity for f in findings)


def place(finding: Finding) -> str:
    """Where a finding is, as a user names it: ``项目1!C4``, ``封面``, or nothing."""
    if finding.sheet and finding.cell:
        return f"{finding.sheet}!{finding.cell}"
    return finding.sheet or ""


def tally(findings: Sequence[Finding], *severities: Severity) -> str:
    """The non-zero counts of some severities: ``错误 2 条、警告 1 条`` ('' when none)."""
    c = counts(findings)
    return "、".join(f"{s.label} {c[s]} 条" for s in severities or tuple(Severity) if c[s])


@dataclass(frozen=True)
class ExportGate:
    """Whether a workbook is fit to publish as a 绩效文本: errors block, warnings are told."""

    errors: str  # e.g. "错误 3 条" ('' when there are none)
    others: str  # e.g. "警告 2 条、提示 1 条"

    @classmethod
    def of(cls, findings: Sequence[Finding]) -> ExportGate:
        return cls(tally(findings, Severity.ERROR),
                   tally(findings, Severity.WARNING, Severity.INFO))

    @property
    def blocked(self) -> bool:
        return bool(self.errors)

    def remaining(self) -> str:
        """``错误 3 条（另有警告 2 条）`` or ``警告 2 条``: what is still open."""
        if self.errors and self.others:
            return f"{self.errors}（另有{self.others}）"
        return self.errors or self.others


#: What the Word export does with what the reader could not read, by R-code: the text left out
#: (the cell, column or part stays blank), a second 封面 or 第一部分 and cells beyond the read
#: area not exported, text cut at Excel's limit. The other reading findings change nothing in
#: the document (a number kept as text, R010, is exported as it reads); the export's warning
#: count includes them.
_EXPORT_EFFECTS = {
    **dict.fromkeys((R.NOT_A_NUMBER, R.NOT_A_PERCENT, R.MISSING_COVER, R.MISSING_DEPARTMENT,
                     R.MISSING_PROJECTS, R.MISSING_LABEL, R.NOT_A_YEAR, R.UNUSABLE_NUMBER),
                    "留空"),
    **dict.fromkeys((R.DUPLICATE_SHEET, R.OUTSIDE_WINDOW), "未导出"),
    R.TEXT_TOO_LONG: "截断",
}
_EFFECT_BY_CODE = {rule.code: effect for rule, effect in _EXPORT_EFFECTS.items()}


def export_notes(read_findings: Sequence[Finding]) -> list[str]:
    """What an export tells about content it could not take over: ``留空：项目1!C4 …``.

    A copied 目录 is not among them: the document makes its own 目录 from the projects.
    """
    return [f"{effect}：{' '.join(t for t in (place(f), f.message) if t)}"
            for f in read_findings if (effect := _EFFECT_BY_CODE.get(f.code))
            and not R.is_toc_copy(f)]


#: Why a workbook with errors is not exported (the CLI and the 导出 Word button say it alike).
EXPORT_REFUSAL = "带着错误的绩效文本不宜公开"


def summary(results: Sequence[FileResult]) -> str:
    """The one-line result of a run."""
    total = counts([f for r in results for f in r.findings if not r.unreadable])
    unreadable = sum(r.unreadable for r in results)
    skipped = sum(r.skipped is not None for r in results)
    line = f"共检查 {len(results) - skipped} 个文件：{severity_counts_text(total)}"
    return (line + (f"；{unreadable} 个文件无法读取" if unreadable else "")
            + (f"；另有 {skipped} 个文件未检查（见上）" if skipped else "") + "。")


def text_report(results: Sequence[FileResult], *, hints: bool = True) -> str:
    """Findings by file, then by sheet (one heading per project table), identical lines merged.

    The same message at several cells of one table (e.g. “文件要求” as basis) becomes one line
    listing the cells, so a reviewer reads each problem once.
    """
    lines: list[str] = []
    for result in results:
        c = counts(result.findings)
        if result.skipped is not None:
            lines.append(f"■ {result.name}：未检查，{result.skipped}")
            continue
        if result.unreadable:
            lines.append(f"■ {result.name}：{result.findings[0].message}")
            continue
        status = "未发现问题" if not result.findings else (
            f"错误 {c[Severity.ERROR]}、警告 {c[Severity.WARNING]}、提示 {c[Severity.INFO]}")
        lines.append(f"■ {result.name}（{status}）")
        for group in grouped(result.findings, result.titles):
            lines.append(f"  【{group.heading}】{(' ' + group.title) if group.title else ''}")
            for finding, cells in group.lines:
                where = "、".join(cells) if cells else "—"
                lines.append(f"    {finding.severity.label} {finding.code} {where}  "
                             f"{finding.message}")
                if hints:
                    lines.append(f"        → {finding.hint}")
    lines.append(summary(results))
    return "\n".join(lines)


@dataclass(frozen=True)
class ReportGroup:
    """The findings of one sheet as a report shows them: identical messages merged."""

    sheet: str | None
    title: str  # "项目编码 项目名称" of a project table, else ''
    lines: list[tuple[Finding, list[str]]]  # a finding and every cell it stands for

    @property
    def heading(self) -> str:
        return self.sheet or "整个工作簿"


def grouped(findings: Sequence[Finding], titles: dict[str, str] | None = None) -> list[ReportGroup]:
    """Findings by sheet in their order, each sheet's repeats merged (``check``'s grouping)."""
    by_sheet: dict[str | None, list[Finding]] = {}
    for f in findings:
        by_sheet.setdefault(f.sheet, []).append(f)
    return [ReportGroup(sheet, (titles or {}).get(sheet or "", ""), _merged(group))
            for sheet, group in by_sheet.items()]


def _merged(findings: Sequence[Finding]) -> list[tuple[Finding, list[str]]]:
    merged: dict[tuple[str, str], tuple[Finding, list[str]]] = {}
    for f in findings:
        first, cells = merged.setdefault((f.code, f.message), (f, []))
        if f.cell and f.cell not in cells:
            cells.append(f.cell)
    return list(merged.values())
