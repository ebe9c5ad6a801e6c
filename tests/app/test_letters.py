"""The 审核意见书 reads as a reviewer wrote it, and never contradicts the reviewer's decision.

Letters are made from real checks of real workbooks (the 总工会 example, 卫生健康局 with every
指标值 blanked); the expected counts are counted here from the findings, not from the letter code.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml
from helpers import ROOT

from xlperf.app.actions.unit import write_unit
from xlperf.core.document.blocks import Paragraph, WordTable
from xlperf.core.model.findings import Finding, Severity
from xlperf.core.review.groups import places_text
from xlperf.core.review.letter import LetterFacts, letter_blocks
from xlperf.core.review.problems import Comparison, remembered
from xlperf.core.review.state import Memory, Submitted, UnitReview, plan_review
from xlperf.core.rules import RULES
from xlperf.files.examples import FOLDER, parse_yaml
from xlperf.files.letterfile import LetterWriter, write_bytes
from xlperf.files.rubricfile import load_rubric
from xlperf.files.unitfile import check_file

SEED = ROOT / "workbooks" / "examples" / "博野县总工会_2023.xlsx"
HEALTH = ROOT / "workbooks" / "examples" / "博野县卫生健康局_2023.xlsx"
FACTS = LetterFacts(2023, "博野县财政局", "711001_博野县总工会本级_校验.xlsx")


def _findings(path: Path) -> list[Finding]:
    return check_file(path).findings


def _review(findings: list[Finding], result: str | None = None) -> UnitReview:
    unit = Submitted("711001", "711001", "博野县总工会本级", "收件/单位.xlsx", 0.0, "x", findings)
    review = plan_review(Memory(), [unit], [], load_rubric(), "2024-11-20").units[0]
    assert review.record is not None
    if result is not None:
        review.record.result = result
    return review


def _text(blocks) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Paragraph)]


def _section(texts: list[str], heading: str) -> list[str]:
    start = next(n for n, t in enumerate(texts) if t.endswith(f"、{heading}"))
    end = next((n for n in range(start + 1, len(texts)) if texts[n][1:2] == "、"
                and texts[n][0] in "一二三四五六"), len(texts))
    return texts[start + 1:end]


@pytest.fixture(scope="module")
def seed() -> list[Finding]:
    return _findings(SEED)


# --------------------------------------------------------------------------- item 15
def test_one_problem_across_cells_is_one_line_and_errors_come_first(seed):
    texts = _text(letter_blocks(_review(seed), FACTS))
    lines = _section(texts, "存在的问题")
    items = [t for t in lines if t[:1].isdigit()]
    counted = Counter((f.severity.value, f.code) for f in seed
                      if f.severity.value in ("error", "warning"))
    titles = {code: RULES[code].title for _, code in counted}
    # Each listed line is one (severity, code); no code twice.
    codes = []
    for item in items:
        found = [c for (s, c) in counted if titles[c] in item or
                 any(f.code == c and f.message and f.message in item for f in seed)]
        assert found, item
        codes.append(found[0])
    assert len(codes) == len(set(codes))
    errors = {c for (s, c) in counted if s == "error"}
    assert set(codes[:len(errors)]) == errors  # every error, before any warning
    # Repeated problems name their count and places: 28 generic bases, 29 copied names.
    for code in ("I110", "I008"):
        n = counted[("warning", code)]
        line = next(i for i in items if titles[code] in i)
        assert f"（可行性，{n} 处）：项目1“" in line and line.count("“") <= 5
    # What is not spelled out is still named with its count, and the total adds up.
    rest = next(t for t in lines if t.startswith("此外还有"))
    listed = sum(counted[(s, c)] for (s, c) in counted if c in codes)
    unlisted = sum(counted.values()) - listed
    assert f"类警告（{unlisted} 条）" in rest
    for (_, c), n in counted.items():
        if c not in codes:
            assert titles[c] + (f"（{n} 处）" if n > 1 else "") in rest
    assert lines[0].startswith(f"经审核，共发现问题 {sum(counted.values())} 条（错误 "
                               f"{sum(n for (s, _), n in counted.items() if s == 'error')} 条")
    assert not any(isinstance(b, WordTable) for b in letter_blocks(_review(seed), FACTS))


def test_without_an_attachment_the_full_list_ends_the_letter(seed):
    blocks = letter_blocks(_review(seed), LetterFacts(2023, "博野县财政局"))
    tables = [b for b in blocks if isinstance(b, WordTable)]
    problems = sum(f.severity.value in ("error", "warning") for f in seed)
    assert len(tables) == 1 and len(tables[0].rows) == problems + 1  # header + every problem
    assert any("逐条的问题和位置见文末附表" in t for t in _text(blocks))


def test_places_name_indicators_by_table_or_cells_and_stop_after_a_few():
    problems = [remembered("I110", Severity.WARNING, "项目1", f"F{r}", f"指标{r}")
                for r in (10, 11)]
    problems += [remembered("I110", Severity.WARNING, "项目2", "F10", "指标10")]
    assert places_text(problems) == "项目1“指标10”“指标11”，项目2“指标10”"
    cells = [remembered("S005", Severity.WARNING, "部门整体绩效目标", c, None) for c in
             ("B7", "B9", "D20", "D23", "C24")]
    assert places_text(cells) == "部门整体绩效目标 B7、B9、D20、D23等"


@pytest.mark.soffice
def test_the_seed_letter_is_short_enough_to_read(seed, libreoffice, tmp_path):
    data = LetterWriter().render(letter_blocks(_review(seed), FACTS), title="审核意见书")
    letter = write_bytes(data, tmp_path / "意见书.docx")
    pdf = libreoffice.convert(letter, "pdf", tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    assert pages <= 3  # was 10: one table row per problem
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    errors = sum(f.severity.value == "error" for f in seed)
    assert f"必须改正的错误（{errors}条）" in text and "此外还有" in text


# --------------------------------------------------------------------------- item 10
def test_the_dimension_lines_are_the_systems_suggestion_and_the_decision_is_said(seed):
    review = _review(seed, result="良")
    texts = _text(letter_blocks(review, FACTS))
    result = _section(texts, "审核结果")
    assert result[0].startswith("审核结果：良。")
    assert review.suggestion is not None and review.suggestion.result.value == "中"
    dims = "，".join(f"{d.value}{r.value}" for d, r in review.suggestion.dimensions.items())
    assert result[1] == (f"系统按审核维度给出的建议：{dims}，建议结果为中。"
                         "审核人综合考虑后定为良。")
    assert not any(t.startswith("按审核维度") for t in texts)


def test_no_problems_never_asks_about_the_problems_above():
    texts = _text(letter_blocks(_review([], result="良"), FACTS))
    assert _section(texts, "存在的问题") == ["未发现需要修改的问题。"]
    request = _section(texts, "修改要求")
    assert request[0] == "请与我局沟通，完善后进入预算安排流程。"
    assert not any("上述问题" in t for t in texts)
    with_opinion = _review([], result="中")
    with_opinion.record.opinion = "请补充项目实施方案。"
    texts = _text(letter_blocks(with_opinion, FACTS))
    assert _section(texts, "修改要求")[0].startswith("请按上述审核意见修改完善绩效目标")


def test_a_dimension_with_nothing_to_judge_is_not_excellent(tmp_path):
    data = yaml.safe_load((FOLDER / "博野县卫生健康局_2023.yaml").read_text("utf-8"))
    for project in data["projects"]:
        for indicator in project["indicators"]:
            indicator["value"] = None
    path = write_unit(parse_yaml(yaml.safe_dump(data, allow_unicode=True)), tmp_path / "空.xlsx")
    findings = _findings(path)
    assert Counter(f.code for f in findings)["I102"] >= 10  # every 指标值 blank
    review = _review(findings)
    assert review.suggestion is not None and review.suggestion.result.value == "差"
    line = _section(_text(letter_blocks(review, FACTS)), "审核结果")[1]
    assert line.startswith("系统按审核维度给出的建议：完整性差，")
    judged = {d.value: r.value for d, r in review.suggestion.dimensions.items()}
    for dimension, result in judged.items():
        if dimension != "完整性":  # no problem found: nothing was there to judge
            assert f"{dimension}{'无法评价' if result == '优' else result}" in line
    assert "优" not in line


# --------------------------------------------------------------------------- item 13
@pytest.mark.parametrize(("counts", "sentence"), [
    ((0, 0, 0, 1), "上轮未指出问题；新发现 1 条"),
    ((0, 0, 0, 0), "上轮未指出问题；没有发现新的问题"),
    ((3, 3, 0, 0), "上轮指出的 3 条问题已全部改正；没有发现新的问题"),
    ((2, 0, 2, 1), "上轮指出的 2 条问题均未改正；新发现 1 条"),
    ((6, 2, 4, 1), "上轮指出的 6 条问题已改正 2 条，仍有 4 条未改正；新发现 1 条"),
])
def test_the_round_comparison_reads_as_a_person_writes_it(counts, sentence):
    assert Comparison(*counts).sentence == sentence


def test_letters_count_problems_in_tiao(seed):
    text = "".join(_text(letter_blocks(_review(seed), FACTS)))
    assert "条（错误" in text and " 个问题" not in text and not re.search(r"错误 \d+ 个", text)
