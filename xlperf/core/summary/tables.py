"""The sheets of the county summary workbook, as data (pure).

Each sheet is a :class:`Table`: a title line, one header row, data rows and an optional total
row. Writers (the streaming ``.xlsx`` writer for files, :func:`summary_edit`'s ``BookEdit`` for
the Excel button) only lay them out; every number and every word the finance bureau reads is
decided here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import PureWindowsPath

from xlperf.core.model.findings import Severity
from xlperf.core.model.vocab import DEFAULT_MILESTONES
from xlperf.core.rules import RULES
from xlperf.core.summary.records import (
    DUPLICATE_RULE,
    ZERO,
    Status,
    Summary,
    UnitRecord,
    local_time,
)
from xlperf.core.workbook.edits import BookEdit, SheetEdit
from xlperf.core.workbook.grid import CellValue


class Kind(StrEnum):
    """How a column's values are shown."""

    TEXT = "text"  # short text, one line
    WRAP = "wrap"  # long text, wrapped
    MONEY = "money"  # 万元, up to 4 decimals (to the yuan)
    INT = "int"
    NUMBER = "number"  # a parsed 指标值 number: as many decimals as written
    AUTO = "auto"  # by value: money for Decimal, int for int, wrapped text otherwise
    INPUT = "input"  # a column the reader fills in (wrapped, shaded), e.g. 审核意见


@dataclass(frozen=True)
class Column:
    """One column: header, width in characters, kind."""

    header: str
    width: float
    kind: Kind = Kind.TEXT


TableRow = tuple[CellValue, ...]


@dataclass
class Table:
    """One sheet of the summary workbook."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: Sequence[TableRow] = field(default_factory=list)
    total: TableRow | None = None
    printed: int | None = None  # print only the first N columns (the rest locate the source)
    hidden: bool = False  # a sheet that keeps xlperf's records (not for reading)
    choices: dict[int, tuple[str, ...]] = field(default_factory=dict)  # column → dropdown
    frozen_cols: int = 0  # columns kept in view when scrolling right


#: The title (document property) of the summary workbook: how xlperf recognises its own.
SUMMARY_TITLE = "部门预算绩效目标汇总"
SUMMARY_SHEETS = ("汇总说明", "单位汇总", "项目清单", "指标明细", "校验问题", "报送情况")


def summary_tables(summary: Summary, sources: Sequence[str] = ()) -> list[Table]:
    """Every sheet of the summary workbook, in order."""
    scope = f"{summary.county or ''}{summary.year or ''}{'年' if summary.year else ''}"
    return [
        overview_table(summary, scope, sources),
        units_table(summary, scope, sources),
        projects_table(summary, scope),
        indicators_table(summary, scope),
        findings_table(summary, scope),
        submissions_table(summary, scope, sources),
    ]


def overview_table(summary: Summary, scope: str, sources: Sequence[str]) -> Table:
    """汇总说明: what the summary covers, in label/value rows."""
    budget, fiscal, other = summary.totals
    severities = summary.severities
    rows: list[TableRow] = [
        ("县（市、区）", summary.county or "（未能从审核单位识别）"),
        ("预算年度", _year_line(summary)),
        ("数据截至", local_time(summary.cutoff) + "（计入汇总的文件中最新的修改时间）"
         + _future(summary) if summary.cutoff else "（没有计入汇总的文件）"),
        ("汇总的文件夹", "；".join(sources)),
        *unit_count_rows(summary),
        ("收到的工作簿文件数", _received_files(summary)),
        ("重复报送（未采用）文件数", summary.count(Status.DUPLICATE)),
        ("其他年度文件数（未计入）", summary.count(Status.OTHER_YEAR)),
        ("无法读取文件数", summary.count(Status.UNREADABLE)),
        ("未读取的其他文件数", summary.count(Status.SKIPPED)),
        ("项目数", sum(len(u.projects) for u in summary.units)),
        ("绩效指标数", sum(len(u.indicators) for u in summary.units)),
        ("预算数合计（万元）", budget),
        ("其中：财政资金（万元）", fiscal),
        ("其他资金（万元）", other),
        ("校验错误数", severities[Severity.ERROR.value]),
        ("校验警告数", severities[Severity.WARNING.value]),
        ("校验提示数", severities[Severity.INFO.value]),
        ("有错误的单位数", summary.units_with_errors),
        ("重复报送的处理", DUPLICATE_RULE),
        ("说明", "金额单位：万元；合计按各单位项目表逐项相加（精确到分）。"
                 "明细见“单位汇总”“项目清单”“指标明细”，问题见“校验问题”，收件情况见“报送情况”。"),
        ("各数的关系", COUNTS_NOTE),
    ]
    return Table("汇总说明", f"{scope}部门预算绩效目标汇总说明",
                 (Column("项目", 26), Column("内容", 100, Kind.AUTO)), rows)


COUNTS_NOTE = ("应报单位数 = 已报送 + 未报送；汇总的单位数 = 已报送 + 名录外 + 缺少单位编码"
               "（即“单位汇总”中除未报送以外的行数）；收到的工作簿文件数 = 汇总的单位数 + 重复报送"
               "（未采用）+ 其他年度 + 无法读取。")


def unit_count_rows(summary: Summary) -> list[TableRow]:
    """How many units, in rows that add up.

    应报 = 已报送 + 未报送 (the roster's units); 汇总的单位 = 已报送 + 名录外 + 缺少单位编码
    (the rows of 单位汇总 that are not 未报送). Without a roster every unit with a code is 已报送.
    """
    no_roster = "（未提供单位名录）"
    listed = summary.roster is not None
    return [
        ("应报单位数", len(summary.roster) if summary.roster is not None else no_roster),
        ("已报送单位数", summary.count(Status.RECEIVED)),
        ("未报送单位数", summary.count(Status.MISSING) if listed else no_roster),
        ("名录外单位数", summary.count(Status.OUTSIDE) if listed else no_roster),
        ("缺少单位编码的单位数", summary.count(Status.NO_CODE)),
        ("汇总的单位数", len(summary.units)),
    ]


def _received_files(summary: Summary) -> int:
    return sum(s.path is not None and s.status != Status.SKIPPED for s in summary.submissions)


def _year_line(summary: Summary) -> str:
    if not summary.year:
        return "（未识别）"
    others = summary.count(Status.OTHER_YEAR)
    return (f"{summary.year}（另有 {others} 个其他年度的文件未计入合计，见“报送情况”）"
            if others else str(summary.year))


def _future(summary: Summary) -> str:
    if not summary.future:
        return ""
    return f"；另有 {summary.future} 个文件的修改时间晚于汇总时间（时钟可能有误），未计入"


def shown_path(path: str, sources: Sequence[str]) -> str:
    """A received file as the printed sheets name it: relative to the folder it was found in."""
    for source in sources:
        folder = source.rstrip("/\\")
        if folder and path.startswith(folder) and path[len(folder):len(folder) + 1] in "/\\":
            return path[len(folder) + 1:] or path
    return path


def units_table(summary: Summary, scope: str, sources: Sequence[str] = ()) -> Table:
    """单位汇总: one row per unit used, then the roster's missing units, then 合计."""
    status = {s.path: s for s in summary.submissions if s.path}
    rows: list[TableRow] = []
    for unit in summary.units:
        sev = unit.severities
        budget, fiscal, other = _unit_totals(unit)
        rows.append((unit.code, unit.name, len(unit.projects), budget, fiscal, other,
                     len(unit.indicators), sev[Severity.ERROR.value],
                     sev[Severity.WARNING.value], sev[Severity.INFO.value],
                     status[unit.path].status, shown_path(unit.path, sources),
                     local_time(unit.mtime)))
    rows += [(s.code, s.name, None, None, None, None, None, None, None, None, s.status, None,
              None) for s in summary.submissions if s.status == Status.MISSING]
    budget, fiscal, other = summary.totals
    sev = summary.severities
    total = ("合计", f"{len(summary.units)} 个单位", sum(len(u.projects) for u in summary.units),
             budget, fiscal, other, sum(len(u.indicators) for u in summary.units),
             sev[Severity.ERROR.value], sev[Severity.WARNING.value], sev[Severity.INFO.value],
             None, None, None)
    columns = (
        Column("单位编码", 9), Column("单位名称", 34, Kind.WRAP), Column("项目数", 7, Kind.INT),
        Column("预算数合计", 13, Kind.MONEY), Column("财政资金", 13, Kind.MONEY),
        Column("其他资金", 12, Kind.MONEY), Column("指标数", 8, Kind.INT),
        Column("错误数", 7, Kind.INT), Column("警告数", 7, Kind.INT), Column("提示数", 7, Kind.INT),
        Column("报送状态", 10), Column("来源文件", 50, Kind.WRAP), Column("文件修改时间", 16),
    )
    return Table("单位汇总", f"{scope}部门预算绩效目标单位汇总表（金额单位：万元）", columns, rows,
                 total)


def _unit_totals(unit: UnitRecord) -> tuple[Decimal, Decimal, Decimal]:
    budget = sum((p.budget or ZERO for p in unit.projects), ZERO)
    fiscal = sum((p.fiscal or ZERO for p in unit.projects), ZERO)
    other = sum((p.other or ZERO for p in unit.projects), ZERO)
    return budget, fiscal, other


def projects_table(summary: Summary, scope: str) -> Table:
    """项目清单: every header field and the spending plan of every project."""
    rows: list[TableRow] = []
    for unit in summary.units:
        for p in unit.projects:
            plan = _plan_columns(p.plan)
            rows.append((unit.code, unit.name, p.code, p.name, p.budget, p.fiscal, p.other,
                         *plan, p.purpose, p.targets, p.indicators, p.errors, p.warnings,
                         p.sheet, unit.path))
    budget, fiscal, other = summary.totals
    projects = [p for unit in summary.units for p in unit.projects]
    total = ("合计", f"{len(summary.units)} 个单位", None, f"{len(rows)} 个项目", budget, fiscal,
             other, *([None] * len(DEFAULT_MILESTONES)), None, None,
             sum(p.indicators for p in projects), sum(p.errors for p in projects),
             sum(p.warnings for p in projects), None, None)
    columns = (
        Column("单位编码", 9), Column("单位名称", 16, Kind.WRAP), Column("项目编码", 23),
        Column("项目名称", 18, Kind.WRAP), Column("预算数", 11, Kind.MONEY),
        Column("财政资金", 11, Kind.MONEY), Column("其他资金", 10, Kind.MONEY),
        *(Column(f"{m}(%)", 10, Kind.NUMBER) for m in DEFAULT_MILESTONES),
        Column("资金用途", 26, Kind.WRAP), Column("绩效目标", 34, Kind.WRAP),
        Column("指标数", 7, Kind.INT), Column("错误数", 7, Kind.INT), Column("警告数", 7, Kind.INT),
        Column("工作表", 10), Column("来源文件", 30),
    )
    return Table("项目清单", f"{scope}预算项目清单（金额单位：万元；支出计划为累计比例）",
                 columns, rows, total, printed=len(columns) - 2)


def _plan_columns(plan: tuple[tuple[str, Decimal | None], ...]) -> tuple[Decimal | None, ...]:
    """The plan's percentages under the standard milestones (by name, else by position)."""
    by_name = dict(plan)
    if all(m in by_name for m in DEFAULT_MILESTONES):
        return tuple(by_name[m] for m in DEFAULT_MILESTONES)
    values = [pct for _, pct in plan][:len(DEFAULT_MILESTONES)]
    return tuple(values + [None] * (len(DEFAULT_MILESTONES) - len(values)))


def indicators_table(summary: Summary, scope: str) -> Table:
    """指标明细: every indicator, 指标值 as written and as parsed."""
    rows: list[TableRow] = []
    for unit in summary.units:
        rows += [(unit.code, unit.name, i.project_code, i.project_name, i.level1, i.level2,
                  i.name, i.description, i.value, i.comparator, i.number, i.unit, i.kind,
                  i.basis, i.sheet, i.cell) for i in unit.indicators]
    columns = (
        Column("单位编码", 9), Column("单位名称", 14, Kind.WRAP), Column("项目编码", 23),
        Column("项目名称", 16, Kind.WRAP), Column("一级指标", 9, Kind.WRAP),
        Column("二级指标", 11, Kind.WRAP), Column("三级指标", 17, Kind.WRAP),
        Column("绩效指标描述", 26, Kind.WRAP), Column("指标值（原文）", 15, Kind.WRAP),
        Column("比较符", 7), Column("数值", 8, Kind.NUMBER), Column("计量单位", 9),
        Column("类型", 7), Column("指标值确定依据", 20, Kind.WRAP),
        Column("工作表", 10), Column("单元格", 7),
    )
    return Table("指标明细", f"{scope}绩效指标明细", columns, rows, printed=14)


def findings_table(summary: Summary, scope: str) -> Table:
    """校验问题: every finding of every unit used."""
    rows: list[TableRow] = []
    for unit in summary.units:
        for f in unit.findings:
            rule = RULES.get(f.code)
            rows.append((unit.code, unit.name, f.severity.label, f.code,
                         rule.title if rule else f.name, f.message, f.hint, f.project_code,
                         f.indicator, f.sheet, f.cell, unit.path))
    columns = (
        Column("单位编码", 9), Column("单位名称", 14, Kind.WRAP), Column("严重程度", 9),
        Column("代码", 6), Column("问题", 16, Kind.WRAP), Column("说明", 40, Kind.WRAP),
        Column("修改建议", 32, Kind.WRAP), Column("项目编码", 23),
        Column("三级指标", 14, Kind.WRAP), Column("工作表", 14, Kind.WRAP), Column("单元格", 7),
        Column("文件", 30),
    )
    return Table("校验问题", f"{scope}校验问题清单", columns, rows, printed=len(columns) - 1)


def submissions_table(summary: Summary, scope: str, sources: Sequence[str] = ()) -> Table:
    """报送情况: every received file and every roster unit, with its fate."""
    rows = [(s.code, s.name, s.status, shown_path(s.path, sources) if s.path else None,
             local_time(s.mtime), s.note, file_kind(s.path)) for s in summary.submissions]
    columns = (
        Column("单位编码", 9), Column("单位名称", 34, Kind.WRAP), Column("报送状态", 18),
        Column("文件", 50, Kind.WRAP), Column("文件修改时间", 16), Column("说明", 40, Kind.WRAP),
        Column("文件类型", 14),
    )
    return Table("报送情况", f"{scope}报送情况", columns, rows)


#: What a received file is, by its name: a unit may send its 绩效文本 instead of the workbook.
FILE_KINDS = {".xlsx": "Excel 工作簿", ".xlsm": "Excel 工作簿", ".docx": "Word 文档",
              ".pdf": "PDF 文档", ".txt": "文本文件"}


def file_kind(path: str | None) -> str | None:
    """The kind of a received file, as 报送情况 shows it (None for a roster unit without one)."""
    if not path:
        return None
    suffix = PureWindowsPath(path).suffix.lower()  # either separator: / and \\
    return FILE_KINDS.get(suffix, f"{suffix} 文件" if suffix else "其他文件")


# --------------------------------------------------------------------------- 汇总 button
def summary_edit(tables: Sequence[Table], after: int,
                 old_sizes: dict[str, tuple[int, int]]) -> BookEdit:
    """The summary tables written into sheets after position ``after`` (old contents cleared).

    ``old_sizes`` gives the last used (row, column) of summary sheets the workbook already has.
    """
    return BookEdit([table_edit(t, after + n, old_sizes.get(t.name))
                     for n, t in enumerate(tables)], title="汇总")


def table_edit(table: Table, create_at: int, old_size: tuple[int, int] | None) -> SheetEdit:
    """A summary table written into a sheet of the open workbook (old contents cleared)."""
    change = SheetEdit(table.name, create_at=create_at)
    if old_size is not None:
        change.clear.append((1, 1, old_size[0], max(old_size[1], len(table.columns))))
    change.values[(1, 1)] = table.title
    rows: list[Sequence[CellValue]] = [[c.header for c in table.columns], *table.rows]
    if table.total:
        rows.append(table.total)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            change.values[(r, c)] = value
    return change


__all__ = ["SUMMARY_SHEETS", "Column", "Kind", "Table", "summary_edit", "summary_tables"]
