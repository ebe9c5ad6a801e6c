"""The 校验结果 sheet and the marks on offending cells, as a ``BookEdit`` (pure).

Adapters write it: the file adapter (``files.patch``) also adds comments and remembers each cell's
own fill in the hidden 校验标记 sheet so that the next run can restore it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from xlperf.core.model.findings import Applicability, Finding, Severity, severity_counts_text
from xlperf.core.workbook.edits import BookEdit, Link, SheetEdit
from xlperf.core.workbook.grid import parse_a1

RESULT_SHEET = "校验结果"
MARKS_SHEET = "校验标记"
AUTHOR = "xlperf"
HEADER = ("序号", "严重程度", "代码", "工作表", "单元格", "项目编码", "三级指标", "问题",
          "修改建议")
WIDTHS = (6, 9, 7, 16, 8, 24, 20, 50, 44)
#: Fills of marked cells by severity (Excel's "bad", "neutral" and a light blue).
MARK_COLOURS = {Severity.ERROR: "#FFC7CE", Severity.WARNING: "#FFEB9C", Severity.INFO: "#DDEBF7"}


def suggestion(finding: Finding) -> str:
    """The 修改建议 column: the hint, and for a finding with a fix what fixing it does."""
    fix = finding.fix
    if fix is None:
        return finding.hint
    if fix.applicability is Applicability.SAFE:
        return f"{finding.hint}（可用“一键修正”或 xlperf fix 自动改正）"
    also = "".join(f"，{c.sheet}!{c.cell} 改为：“{c.after}”" for c in fix.also)
    return (f"{finding.hint}。建议改为：“{fix.after}”{also}"
            "（请确认后手工修改，或用 xlperf fix --unsafe-fixes）")


def annotation_edit(findings: Sequence[Finding], sheet_names: Sequence[str]) -> BookEdit:
    """The 校验结果 sheet (one row per finding, linked to its cell) and the cell marks."""
    result = SheetEdit(RESULT_SHEET, create_at=len(sheet_names))
    for col, title in enumerate(HEADER, start=1):
        result.values[(1, col)] = title
    marks: dict[str, SheetEdit] = {}
    worst: dict[tuple[str, str], Finding] = {}
    for n, f in enumerate(findings, start=1):
        row = n + 1
        values = (n, f.severity.label, f.code, f.sheet, f.cell, f.project_code, f.indicator,
                  f.message, suggestion(f))
        for col, value in enumerate(values, start=1):
            result.values[(row, col)] = value
        if f.sheet is not None and f.sheet in sheet_names and f.cell:
            result.links[(row, 5)] = Link(f"'{f.sheet}'!{f.cell}", f.cell, "转到该单元格")
            key = (f.sheet, f.cell)
            if key not in worst or f.severity.rank < worst[key].severity.rank:
                worst[key] = f
            edit = marks.setdefault(f.sheet, SheetEdit(f.sheet))
            cell = parse_a1(f.cell)
            note = f"[{f.severity.label} {f.code}] {f.message}"
            earlier = edit.comments.get(cell)
            edit.comments[cell] = f"{earlier}\n{note}" if earlier else note
    for (sheet, ref), f in worst.items():
        marks[sheet].fills[parse_a1(ref)] = MARK_COLOURS[f.severity]
    counts = Counter(f.severity for f in findings)
    message = (f"校验完成：{severity_counts_text(counts)}，详见“{RESULT_SHEET}”工作表。"
               if findings else "校验完成：没有发现问题。")
    return BookEdit([result, *marks.values()], message=message, title="校验")
