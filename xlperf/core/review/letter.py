"""The 审核意见书 a unit gets back: paragraphs and tables for the Word adapter (pure).

Title, unit, round, the result and what it means, the comparison with the last round, the
reviewer's own opinion, the problems grouped by the four review dimensions (each with where it
is, what is wrong and how to fix it), the deadline and what is attached. The same blocks as the
绩效文本 (``core.document.blocks``), so the Word writer gives letters the same look.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from xlperf.core.document.blocks import Block, Cell, Paragraph, Table
from xlperf.core.findings import Finding, Severity
from xlperf.core.review.problems import problem_place, title_of
from xlperf.core.review.rubric import Result, dimension_of
from xlperf.core.review.state import UnitReview
from xlperf.core.rules.base import Dimension

LETTER_TITLE = "审核意见书"
NUMBERS = "一二三四五六七八九十"
PROBLEM_WIDTHS = (0.75, 0.8, 1.5, 3.4, 2.9)
PROBLEM_HEADER = ("序号", "类别", "位置", "问题", "修改建议")
SEEN_MARK = "［上轮已指出］"


@dataclass(frozen=True)
class LetterFacts:
    """What a letter says besides the unit's review: year, who signs, what is attached."""

    year: int | None
    signer: str
    attachment: str | None = None  # the annotated workbook's file name


def letter_title(year: int | None) -> str:
    return f"{year if year else ''}年度预算项目绩效目标{LETTER_TITLE}"


def letter_blocks(unit: UnitReview, facts: LetterFacts) -> list[Block]:
    """The whole letter of one unit's current round."""
    record = unit.record
    assert record is not None and unit.unit is not None
    result = Result(record.result) if record.result in tuple(Result) else None
    blocks: list[Block] = [
        Paragraph(letter_title(facts.year), "letter_title"),
        Paragraph(f"（第{record.round}轮）", "letter_subtitle"),
        Paragraph(f"{unit.name or record.name or '（未填单位名称）'}：", "letter_to"),
        Paragraph(f"你单位{'重新' if record.round > 1 else ''}报送的{_year(facts.year)}"
                  "部门预算绩效目标（单位编码 "
                  f"{unit.code or '未填'}，文件“{_file_name(record.path)}”）已经审核。"
                  "现将审核意见反馈如下。", "letter_body"),
    ]
    sections: list[tuple[str, list[Block]]] = [("审核结果", _result(unit, result))]
    if record.opinion:
        sections.append(("审核意见", [Paragraph(line.strip(), "letter_body")
                                      for line in record.opinion.splitlines() if line.strip()]))
    sections.append(("存在的问题", _problems(unit)))
    request = _request(result, record.deadline, facts.attachment)
    if request:
        sections.append(("修改要求", request))
    for n, (heading, body) in enumerate(sections):
        blocks.append(Paragraph(f"{NUMBERS[n]}、{heading}", "letter_h1"))
        blocks += body
    blocks += [Paragraph(facts.signer, "letter_signer"),
               Paragraph(chinese_date(record.date), "letter_sign")]
    return blocks


def _result(unit: UnitReview, result: Result | None) -> list[Block]:
    record = unit.record
    assert record is not None
    shown = result.value if result else record.result or "（待定）"
    meaning = result.meaning if result else ""
    out: list[Block] = [Paragraph(f"审核结果：{shown}。{meaning}", "letter_body")]
    if unit.comparison is not None:
        out.append(Paragraph(f"{unit.comparison.sentence}。", "letter_body"))
    if unit.suggestion is not None:
        dims = "，".join(f"{d.value}{r.value}" for d, r in unit.suggestion.dimensions.items())
        out.append(Paragraph(f"按审核维度：{dims}。", "letter_body"))
    return out


def _problems(unit: UnitReview) -> list[Block]:
    problems = unit.problems
    if not problems:
        return [Paragraph("未发现需要修改的问题。", "letter_body")]
    errors = sum(p.severity is Severity.ERROR for p in problems)
    seen = sum(unit.seen)
    intro = (f"共 {len(problems)} 个问题（错误 {errors} 个，警告 {len(problems) - errors} 个），"
             "按审核维度列出如下。错误必须改正；警告请逐条核实，确属需要的可保留并说明理由。")
    if seen:
        intro += f"标有“{SEEN_MARK}”的 {seen} 个问题上一轮已经指出，本轮仍未改正。"
    out: list[Block] = [Paragraph(intro, "letter_body")]
    for n, dimension in enumerate(Dimension):
        mine = [(p, s) for p, s in zip(problems, unit.seen, strict=True)
                if dimension_of(p.code) is dimension]
        if not mine:
            out.append(Paragraph(f"（{NUMBERS[n]}）{dimension.value}：未发现问题。", "letter_h2"))
            continue
        errors = sum(p.severity is Severity.ERROR for p, _ in mine)
        out.append(Paragraph(f"（{NUMBERS[n]}）{dimension.value}：错误 {errors} 个，"
                             f"警告 {len(mine) - errors} 个", "letter_h2"))
        out.append(problem_table(mine))
    return out


def problem_table(problems: Sequence[tuple[Finding, bool]]) -> Table:
    """序号, 类别, 位置 (sheet and cell, with the 三级指标), 问题, 修改建议."""
    rows = [tuple(Cell(h, "header") for h in PROBLEM_HEADER)]
    for number, (p, seen) in enumerate(problems, start=1):
        place = problem_place(p) + (f"\n{p.indicator}" if p.indicator else "")
        text = (SEEN_MARK if seen else "") + (p.message or title_of(p.code))
        rows.append((Cell(str(number), "input_center"), Cell(p.severity.label, "input_center"),
                     Cell(place, "input"), Cell(text, "input"), Cell(p.hint, "input")))
    return Table(tuple(rows), (), PROBLEM_WIDTHS)


def _request(result: Result | None, deadline: str, attachment: str | None) -> list[Block]:
    out: list[Block] = []
    when = _when(deadline)
    if result is Result.FAIR:
        out.append(Paragraph(f"{when}按上述意见修改完善绩效目标，重新报送审核；"
                             "重新报送时请提交修改后的完整工作簿。", "letter_body"))
    elif result is Result.POOR:
        out.append(Paragraph(f"{when}按上述意见重新编制绩效目标，报送审核；"
                             "报送时请提交重新编制的完整工作簿。", "letter_body"))
    elif result is Result.GOOD:
        out.append(Paragraph(f"{when}就上述问题与我局沟通，完善后进入预算安排流程。",
                             "letter_body"))
    if attachment:
        out.append(Paragraph(f"附件：“{attachment}”（你单位报送的工作簿副本：出错单元格已标注底色，"
                             "“校验结果”工作表逐条列出全部问题及修改建议，点击单元格地址可跳到出错位置）。",
                             "letter_body"))
    return out


def _when(deadline: str) -> str:
    """“请于2024年12月10日前”, “请于收到后5个工作日内”, or just “请”."""
    if not deadline:
        return "请"
    shown = chinese_date(deadline)
    return f"请于{shown}" if shown.endswith(("前", "内")) else f"请于{shown}前"


def chinese_date(text: str) -> str:
    """2024-11-24 → 2024年11月24日; any other text as written."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text.strip())
    if not match:
        return text
    day = dt.date(*map(int, match.groups()))
    return f"{day.year}年{day.month}月{day.day}日"


def _year(year: int | None) -> str:
    return f"{year}年度" if year else ""


def _file_name(path: str) -> str:
    return re.split(r"[\\/]", path)[-1]
