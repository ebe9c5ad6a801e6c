"""The review workbook (审核汇总) as tables (pure; ``recall`` reads it back).

Sheets: 审核汇总 (one row per unit; the reviewer types in 审核结果/审核意见/修改期限), 问题清单,
报送情况 (as in the county summary), 审核说明, and two hidden sheets that are the review's memory:
审核记录 (every round of every unit) and 问题记录 (the problems of each unit's last two rounds).
Also the blank 县级汇总 workbook: the summary's 设置 sheet and the 审核汇总 sheet the 审核 button
fills.
"""

from __future__ import annotations

from collections.abc import Sequence

from xlperf.core.model.findings import Finding, Severity
from xlperf.core.model.rule import Dimension
from xlperf.core.review.fixable import FIXABLE, fixable_cell
from xlperf.core.review.problems import title_of
from xlperf.core.review.rubric import GRADED, Result, Rubric, dimension_of
from xlperf.core.review.state import (
    Entry,
    Plan,
    Situation,
    UnitReview,
)
from xlperf.core.review.submissions import with_units_gone
from xlperf.core.summary.records import Summary, local_time
from xlperf.core.summary.settings import render_settings
from xlperf.core.summary.tables import Column, Kind, Table, TableRow, submissions_table
from xlperf.core.workbook.edits import SheetEdit
from xlperf.core.workbook.grid import CellValue, a1
from xlperf.core.workbook.sheetspec import BookSpec, SheetSpec, Validation

REVIEW_TITLE = "部门预算绩效目标审核"
REVIEW_BOOK_NAME = "审核汇总.xlsx"
MAIN_SHEET, PROBLEMS_SHEET, NOTES_SHEET = "审核汇总", "问题清单", "审核说明"
SUBMISSIONS_SHEET = "报送情况"  # as in the county summary (``summary.tables``)
ROUNDS_SHEET, MEMORY_SHEET = "审核记录", "问题记录"
UNMATCHED_SHEET = "未能对应的审核意见"

CODE, NAME, ROUND, SITUATION = "单位编码", "单位名称", "轮次", "本次情况"
SUGGESTED, RESULT, OPINION, DEADLINE = "建议结果", "审核结果", "审核意见", "修改期限"
STATUS, REASON, COMPARED = "状态", "建议依据", "与上轮比较"
LAST_RESULT, LAST_OPINION = "上轮审核结果", "上轮审核意见"
LETTER, ANNOTATED = "意见书", "标注工作簿"
SOURCE, MTIME = "来源文件", "文件修改时间"
SEVERITY_VALUES = frozenset(s.value for s in Severity)
COUNT_HEADERS = tuple(f"{d.value}{s.label}" for d in Dimension for s in Severity)

MAIN_COLUMNS = (
    Column(CODE, 9), Column(NAME, 22, Kind.WRAP), Column(ROUND, 5, Kind.INT),
    Column(SITUATION, 11, Kind.WRAP), Column(SUGGESTED, 7), Column(RESULT, 7, Kind.INPUT),
    Column(OPINION, 36, Kind.INPUT), Column(DEADLINE, 12, Kind.INPUT), Column(STATUS, 9),
    Column(REASON, 24, Kind.WRAP), Column(COMPARED, 26, Kind.WRAP),
    *(Column(h, 6, Kind.INT) for h in COUNT_HEADERS),
    Column(LAST_RESULT, 7), Column(LAST_OPINION, 28, Kind.WRAP), Column(LETTER, 30, Kind.WRAP),
    Column(ANNOTATED, 30, Kind.WRAP), Column(SOURCE, 36, Kind.WRAP), Column(MTIME, 16),
    Column(FIXABLE, 14, Kind.WRAP),
)
MAIN_HEADERS = tuple(c.header for c in MAIN_COLUMNS)
REVIEWER_HEADERS = (RESULT, OPINION, DEADLINE)
ROUND_HEADERS = ("单位", "轮次", "审核日期", "文件指纹", "来源文件", "单位名称", "建议结果",
                 "预填结果", "审核结果", "审核意见", "修改期限", "意见书", "意见书指纹")
MEMORY_HEADERS = ("单位", "轮次", "代码", "严重程度", "工作表", "单元格", "三级指标")


# --------------------------------------------------------------------------- writing
def review_tables(plan: Plan, summary: Summary, rubric: Rubric,
                  sources: Sequence[str] = ()) -> list[Table]:
    """Every sheet of the review workbook, in order (the memory sheets hidden, last)."""
    scope = f"{summary.county or ''}{summary.year or ''}{'年' if summary.year else ''}"
    unmatched = [unmatched_table(plan)] if plan.unmatched else []
    return [main_table(plan, scope), *unmatched, problems_table(plan, scope),
            submissions_table(with_units_gone(summary, plan), scope),
            notes_table(plan, summary, rubric, sources, scope),
            rounds_table(plan), memory_table(plan)]


def main_table(plan: Plan, scope: str) -> Table:
    """审核汇总: one row per unit, the reviewer's columns shaded and 审核结果 a dropdown."""
    rows = [_main_row(u) for u in plan.units]
    return Table(MAIN_SHEET, f"{scope}部门预算绩效目标审核汇总（浅黄色三列由审核人填写）",
                 MAIN_COLUMNS, rows, choices={MAIN_HEADERS.index(RESULT) + 1: tuple(Result)},
                 frozen_cols=2, printed=MAIN_HEADERS.index(COMPARED) + 1)


def _main_row(u: UnitReview) -> TableRow:
    if u.kept is not None:  # disappeared: the row as last shown, marked
        row = dict(u.kept)
        row[SITUATION] = u.situation
        if u.record is not None:
            row.update({RESULT: u.record.result, OPINION: u.record.opinion,
                        DEADLINE: u.record.deadline, STATUS: u.status})
        return tuple(row.get(h) for h in MAIN_HEADERS)
    record, previous = u.record, u.previous
    if record is None:  # a roster unit that sent nothing: only what the reviewer typed
        typed = u.typed or Entry()
        return (u.code, u.name, None, u.situation, None, typed.result or None,
                typed.opinion or None, typed.deadline or None, u.status,
                *([None] * (len(MAIN_COLUMNS) - 9)))
    counts = [u.counts[(d, s)] if u.counts else None for d in Dimension for s in Severity]
    return (
        u.code, u.name or record.name, record.round, u.situation,
        u.suggestion.result.value if u.suggestion else record.suggestion,
        record.result, record.opinion, record.deadline, u.status,
        u.suggestion.reason if u.suggestion else None,
        u.comparison.sentence if u.comparison else None, *counts,
        previous.result if previous else None, previous.opinion if previous else None,
        record.letter, u.annotated, record.path,
        local_time(u.unit.mtime) if u.unit else None,
        fixable_cell(u.problems),
    )


def problems_table(plan: Plan, scope: str) -> Table:
    """问题清单: this round's problems of every unit received, then those fixed since last round."""
    rows = []
    for u in plan.units:
        if u.unit is None or u.record is None:
            continue
        number = u.record.round
        compared = u.record.round > 1
        for problem, seen in zip(u.problems, u.seen, strict=True):
            status = ("仍存在" if seen else "新增") if compared else ""
            rows.append(_problem_row(u, number, problem, status, with_text=True))
        rows += [_problem_row(u, number, p, "已改正", with_text=False) for p in u.fixed]
    columns = (
        Column(CODE, 9), Column(NAME, 16, Kind.WRAP), Column(ROUND, 5, Kind.INT),
        Column("审核维度", 7), Column("严重程度", 6), Column("代码", 6),
        Column("问题", 16, Kind.WRAP),
        Column("说明", 40, Kind.WRAP), Column("修改建议", 32, Kind.WRAP),
        Column(COMPARED, 8), Column("工作表", 12, Kind.WRAP), Column("单元格", 7),
        Column("项目编码", 13, Kind.WRAP), Column("三级指标", 14, Kind.WRAP),
    )
    return Table(PROBLEMS_SHEET, f"{scope}审核问题清单（只列错误和警告；"
                 "上轮已改正的问题列在各单位之后）", columns, rows)


def _problem_row(u: UnitReview, number: int, p: Finding, status: str,
                 with_text: bool) -> TableRow:
    return (u.code, u.name, number, dimension_of(p.code).value, p.severity.label, p.code,
            title_of(p.code),
            p.message if with_text else None, p.hint if with_text else None, status,
            p.sheet, p.cell, p.project_code, p.indicator)


def notes_table(plan: Plan, summary: Summary, rubric: Rubric, sources: Sequence[str],
                scope: str) -> Table:
    """审核说明: what was reviewed, by which rubric, and how to fill in the review."""
    statuses: dict[str, int] = {}
    for u in plan.units:
        statuses[u.status] = statuses.get(u.status, 0) + 1
    rounds: dict[int, int] = {}
    for u in plan.units:
        if u.record is not None:
            rounds[u.record.round] = rounds.get(u.record.round, 0) + 1
    rows: list[TableRow] = [
        ("县（市、区）", summary.county or "（未能从审核单位识别）"),
        ("预算年度", str(summary.year) if summary.year else "（未识别）"),
        ("收件文件夹", "；".join(sources)),
        ("单位数", len(plan.units)),
        ("各状态单位数", "；".join(f"{k} {v}" for k, v in sorted(statuses.items()))),
        ("所处轮次", "；".join(f"第{k}轮 {v} 个" for k, v in sorted(rounds.items()))),
        ("本次新审核", sum(u.fresh for u in plan.units)),
        ("审核规则", rubric.source),
    ]
    for dimension in Dimension:
        levels = rubric.thresholds.get(dimension, {})
        parts = ["、".join(f"{s.label}≥{n}" for s, n in levels[r].items()) + f" 为{r.value}"
                 for r in GRADED if r in levels]
        rows.append((f"　{dimension.value}", "；".join(parts) + "；都未达到为优" if parts
                     else "不设门槛（总为优）"))
    if rubric.ignored:
        rows.append(("　不计入的规则", "、".join(sorted(rubric.ignored))))
    rows += [
        ("建议结果", "每个维度单独评定，取四个维度中最差的结果；只计错误和警告（提示不计）"),
        *((f"结果：{r.value}", r.meaning) for r in Result),
        ("填写方法", "在“审核汇总”表浅黄色的三列填写：审核结果（下拉选择，默认为建议结果）、"
                   "审核意见、修改期限。再次运行 xlperf review 时这三列原样保留，"
                   "其余各列重新计算。"),
        ("状态", "审核结果为优、良即“通过”，中、差即“退回修改”，清空审核结果为“待审核”"
               "（不生成意见书）。"),
        ("轮次", "单位重新报送（文件内容有变化）即进入下一轮：意见书写在“第N轮”文件夹，"
               "上一轮的审核结果和意见移到“上轮审核结果”“上轮审核意见”两列。"),
        ("与上轮比较", "按规则代码、工作表和三级指标对照上一轮的问题"
                  "（不看单元格，插入行不影响对照）。"),
        ("本次未收到可用文件", "曾经审核、本次没有可用文件的单位保留原来的行，"
                      f"标记为“{Situation.GONE}”。"),
    ]
    return Table(NOTES_SHEET, f"{scope}审核说明",
                 (Column("项目", 18), Column("内容", 100, Kind.AUTO)), rows)


UNMATCHED_HEADERS = ("单位编码", "单位名称", "列", "内容", "原位置")


def unmatched_table(plan: Plan) -> Table:
    """未能对应的审核意见 (visible): typed text no unit's row could take, kept for the reviewer."""
    rows = [(u.unit or None, u.name or None, u.header, u.text, u.where) for u in plan.unmatched]
    columns = (Column(UNMATCHED_HEADERS[0], 12), Column(UNMATCHED_HEADERS[1], 22, Kind.WRAP),
               Column(UNMATCHED_HEADERS[2], 12), Column(UNMATCHED_HEADERS[3], 50, Kind.WRAP),
               Column(UNMATCHED_HEADERS[4], 26, Kind.WRAP))
    return Table(UNMATCHED_SHEET, "未能对应到单位的审核意见（单位编码改错、行被复制、列被改名等；"
                 "请抄回“审核汇总”表相应单位的行，再删去本表中的行）", columns, rows)


def rounds_table(plan: Plan) -> Table:
    """审核记录 (hidden): every round of every unit."""
    rows = [(r.unit, r.round, r.date, r.fingerprint, r.path, r.name, r.suggestion, r.prefilled,
             r.result, r.opinion, r.deadline, r.letter, r.letter_sha) for r in plan.rounds]
    return Table(ROUNDS_SHEET, "xlperf 审核记录（程序使用，请勿修改）",
                 tuple(Column(h, 12) for h in ROUND_HEADERS), rows, hidden=True)


def memory_table(plan: Plan) -> Table:
    """问题记录 (hidden): the problems of each unit's last two rounds, for the next comparison."""
    rows = [(unit, number, p.code, p.severity.value, p.sheet, p.cell, p.indicator)
            for (unit, number), problems in sorted(plan.problems.items()) for p in problems]
    return Table(MEMORY_SHEET, "xlperf 问题记录（程序使用，请勿修改）",
                 tuple(Column(h, 12) for h in MEMORY_HEADERS), rows, hidden=True)


# --------------------------------------------------------------------------- the 县级汇总 workbook
#: Rows of the 审核汇总 sheet of 县级汇总.xlsm that get the 审核结果 dropdown.
TEMPLATE_ROWS = 3000


def review_sheet_spec() -> SheetSpec:
    """The empty 审核汇总 sheet of 县级汇总.xlsm: title, headers, and the 审核结果 dropdown.

    The 审核 button writes values only (the Excel client cannot add a dropdown), so the
    dropdown is made here, over enough rows for a county.
    """
    sheet = SheetSpec(MAIN_SHEET, widths={n: c.width for n, c in enumerate(MAIN_COLUMNS, 1)},
                      freeze="C3", footer=None)
    sheet.put(1, 1, "部门预算绩效目标审核汇总（在“设置”表填写审核目录后点“审核”；"
                    "浅黄色三列由审核人填写）", "section")
    for col, column in enumerate(MAIN_COLUMNS, start=1):
        sheet.put(2, col, column.header, "header")
    result = a1(3, MAIN_HEADERS.index(RESULT) + 1)[:-1]
    sheet.validations.append(Validation(
        f'"{",".join(Result)}"', (f"{result}3:{result}{TEMPLATE_ROWS}",), error_style="stop",
        prompt_title=RESULT, prompt="选择 优、良、中 或 差；清空即为待审核"))
    sheet.heights[2] = 30.0
    return sheet


def render_summary_book() -> BookSpec:
    """The blank 县级汇总 workbook: 设置, and 审核汇总 (with its dropdown) for the 审核 button.

    The summary sheets are added by 汇总.
    """
    return BookSpec([render_settings(), review_sheet_spec()])


def review_sheet_edit(table: Table, create_at: int, old_size: tuple[int, int] | None) -> SheetEdit:
    """The 审核汇总 table written over the sheet in one block, never clearing its formats.

    Rows and columns the last table used beyond the new one are blanked by the same block, so
    the 审核结果 dropdown of the template stays in place.
    """
    rows: list[Sequence[CellValue]] = [[table.title], [c.header for c in table.columns],
                                       *table.rows]
    last_row = max(len(rows), old_size[0] if old_size else 0)
    last_col = max(len(table.columns), old_size[1] if old_size else 0)
    change = SheetEdit(table.name, create_at=create_at)
    for r in range(1, last_row + 1):
        row = rows[r - 1] if r <= len(rows) else ()
        for c in range(1, last_col + 1):
            change.values[(r, c)] = row[c - 1] if c <= len(row) else None
    return change
