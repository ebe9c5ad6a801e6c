"""The 审核意见书 a unit gets back: paragraphs and tables for the Word adapter (pure).

Title, unit, round, the result and what it means, the comparison with the last round, the
system's per-dimension suggestion (labelled as such), the reviewer's own opinion, the problems as
a reviewer raises them (one point per kind of problem naming where it occurs, errors first,
about a page; ``groups``), the deadline and what is attached. Every single problem is in the
attachment (the annotated workbook), or in a table at the end of the letter when there is none.
The same blocks as the 绩效文本 (``core.document.blocks``), so the Word writer gives letters the
same look.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from xlperf.core.document.blocks import Block, Cell, Paragraph, WordTable
from xlperf.core.model.findings import Finding, Severity
from xlperf.core.model.rule import Dimension
from xlperf.core.review.fixable import fixable_sentence
from xlperf.core.review.groups import Group, group_problems
from xlperf.core.review.problems import problem_place, title_of
from xlperf.core.review.rubric import Result, Suggestion, dimension_of
from xlperf.core.review.state import UnitReview

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
    sections.append(("存在的问题", _problems(unit, facts.attachment)))
    request = _request(result, record.deadline, facts.attachment,
                       _basis(bool(unit.problems), bool(record.opinion)))
    if request:
        sections.append(("修改要求", request))
    for n, (heading, body) in enumerate(sections):
        blocks.append(Paragraph(f"{NUMBERS[n]}、{heading}", "letter_h1"))
        blocks += body
    blocks += [Paragraph(facts.signer, "letter_signer"),
               Paragraph(chinese_date(record.date), "letter_sign")]
    if unit.problems and not facts.attachment:  # no annotated workbook: the full list here
        blocks += [Paragraph("附表：问题明细", "letter_h1", new_page=True),
                   problem_table(list(zip(unit.problems, unit.seen, strict=True)))]
    return blocks


def _result(unit: UnitReview, result: Result | None) -> list[Block]:
    record = unit.record
    assert record is not None
    shown = result.value if result else record.result or "（待定）"
    meaning = result.meaning if result else ""
    out: list[Block] = [Paragraph(f"审核结果：{shown}。{meaning}", "letter_body")]
    if unit.comparison is not None:
        out.append(Paragraph(f"与上轮相比：{unit.comparison.sentence}。", "letter_body"))
    if unit.suggestion is not None:
        out.append(Paragraph(suggestion_sentence(unit.suggestion, result), "letter_body"))
    return out


#: A dimension with nothing to judge: its content is missing (完整性 is 差).
UNJUDGED = "无法评价"


def suggestion_sentence(suggestion: Suggestion, decided: Result | None) -> str:
    """The rubric's per-dimension results, labelled as the system's suggestion.

    When 完整性 is 差 the targets are too incomplete to judge: another dimension without a
    problem found is “无法评价”, not 优. A reviewer's result differing from the suggestion is said.
    """
    incomplete = suggestion.dimensions.get(Dimension.COMPLETENESS) is Result.POOR
    words = []
    for dimension, result in suggestion.dimensions.items():
        unjudged = incomplete and result is Result.EXCELLENT
        words.append(f"{dimension.value}{UNJUDGED if unjudged else result.value}")
    text = f"系统按审核维度给出的建议：{'，'.join(words)}，建议结果为{suggestion.result.value}。"
    if any(w.endswith(UNJUDGED) for w in words):
        text += f"完整性为差，内容缺失较多，标为“{UNJUDGED}”的维度暂无从审核。"
    if decided is not None and decided is not suggestion.result:
        text += f"审核人综合考虑后定为{decided.value}。"
    return text


#: Warning groups a letter spells out, after all the errors: about a page in all.
LISTED_GROUPS = 8


def _problems(unit: UnitReview, attachment: str | None) -> list[Block]:
    problems = unit.problems
    if not problems:
        return [Paragraph("未发现需要修改的问题。", "letter_body")]
    groups = group_problems(problems, unit.seen)
    errors = [g for g in groups if g.severity is Severity.ERROR]
    warnings = [g for g in groups if g.severity is not Severity.ERROR]
    shown = warnings[:max(LISTED_GROUPS - len(errors), 2)]
    rest = warnings[len(shown):]
    out: list[Block] = [Paragraph(problems_intro(unit, len(groups), attachment), "letter_body")]
    number = 1
    heads = [(f"必须改正的错误（{_count(errors)} 条）", errors),
             (f"需要核实的警告（{_count(warnings)} 条）", shown)]
    for n, (head, listed) in enumerate((h, g) for h, g in heads if g):
        out.append(Paragraph(f"（{NUMBERS[n]}）{head}", "letter_h2"))
        for group in listed:
            out.append(Paragraph(_item(number, group), "letter_body"))
            number += 1
    if rest:
        kinds = "、".join(title_of(g.first.code)
                         + (f"（{len(g.problems)} 处）" if len(g.problems) > 1 else "")
                         for g in rest)
        out.append(Paragraph(f"此外还有 {len(rest)} 类警告（{_count(rest)} 条）：{kinds}。"
                             f"具体位置见{'附件' if attachment else '附表'}。", "letter_body"))
    return out


def problems_intro(unit: UnitReview, kinds: int, attachment: str | None) -> str:
    """The opening of 存在的问题: how many problems of how many kinds, and what to do."""
    problems = unit.problems
    errors = sum(p.severity is Severity.ERROR for p in problems)
    sentences = [
        f"经审核，共发现问题 {len(problems)} 条（错误 {errors} 条，"
        f"警告 {len(problems) - errors} 条），归纳为 {kinds} 类。",
        "错误必须改正；警告请逐条核实，确属需要的可保留并说明理由。",
        fixable_sentence(problems),
    ]
    seen = sum(unit.seen)
    if seen:
        sentences.append(f"标有“{SEEN_MARK}”的问题上一轮已经指出，本轮仍未改正（共 {seen} 条）。")
    where = f"附件“{attachment}”的“校验结果”工作表" if attachment else "文末附表"
    sentences.append(f"主要问题如下，逐条的问题和位置见{where}。")
    return "".join(sentences)


def _item(number: int, group: Group) -> str:
    """One numbered point: what is wrong (where), and how to fix it."""
    first = group.first
    count = len(group.problems)
    mark = SEEN_MARK if group.seen == count else ""
    again = f"其中 {group.seen} 处上轮已经指出。" if 0 < group.seen < count else ""
    hint = _sentence(first.hint)
    dimension = dimension_of(first.code)
    if count == 1:
        place = problem_place(first).replace("!", " ")
        what = (first.message or title_of(first.code)).strip().rstrip("。")
        return f"{number}. {mark}{what}（{dimension.value}，{place}）。{hint}"
    return (f"{number}. {mark}{title_of(first.code)}（{dimension.value}，{count} 处）："
            f"{group.places}。{again}{hint}")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith(("。", "！", "？")) else text + "。"


def _count(groups: Sequence[Group]) -> int:
    return sum(len(g.problems) for g in groups)


def _basis(problems: bool, opinion: bool) -> str:
    """What the request refers to: 上述问题, 上述审核意见, both, or nothing."""
    if problems and opinion:
        return "上述审核意见和问题"
    return "上述问题" if problems else "上述审核意见" if opinion else ""


def problem_table(problems: Sequence[tuple[Finding, bool]]) -> WordTable:
    """序号, 类别, 位置 (sheet and cell, with the 三级指标), 问题, 修改建议."""
    rows = [tuple(Cell(h, "header") for h in PROBLEM_HEADER)]
    for number, (p, seen) in enumerate(problems, start=1):
        place = problem_place(p) + (f"\n{p.indicator}" if p.indicator else "")
        text = (SEEN_MARK if seen else "") + (p.message or title_of(p.code))
        rows.append((Cell(str(number), "input_center"), Cell(p.severity.label, "input_center"),
                     Cell(place, "input"), Cell(text, "input"), Cell(p.hint, "input")))
    return WordTable(tuple(rows), (), PROBLEM_WIDTHS)


def _request(result: Result | None, deadline: str, attachment: str | None,
             basis: str) -> list[Block]:
    out: list[Block] = []
    when = _when(deadline)
    if result is Result.FAIR:
        what = f"按{basis}修改完善绩效目标" if basis else "修改完善绩效目标"
        out.append(Paragraph(f"{when}{what}，重新报送审核；"
                             "重新报送时请提交修改后的完整工作簿。", "letter_body"))
    elif result is Result.POOR:
        what = f"按{basis}重新编制绩效目标" if basis else "重新编制绩效目标"
        out.append(Paragraph(f"{when}{what}，报送审核；"
                             "报送时请提交重新编制的完整工作簿。", "letter_body"))
    elif result is Result.GOOD:
        what = f"就{basis}与我局沟通" if basis else "与我局沟通"
        out.append(Paragraph(f"{when}{what}，完善后进入预算安排流程。", "letter_body"))
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
