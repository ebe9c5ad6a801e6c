"""The rubric, code by code: every rule's dimension, and what the default rubric makes of it.

The table below is written by hand from the review dimensions (REVIEW.md, RULES.md §3.8) and the
default rubric (an error in a dimension is 中, ten 完整性 errors are 差, a warning is 良, ten
warnings are 中, a 提示 never counts): for each code, its dimension and the result of one
finding and of ten findings of that code.
"""

from __future__ import annotations

import pytest

from xlperf.core.model.findings import Finding, Severity
from xlperf.core.model.rule import Dimension
from xlperf.core.review.rubric import Result, RubricError, parse_rubric
from xlperf.core.rules import RULES
from xlperf.files.rubricfile import DEFAULT_RUBRIC, load_rubric

C, R, A, F = "完整性", "相关性", "适当性", "可行性"
#: code: (dimension, one finding, ten findings)
EXPECTED = {
    "R001": (C, "中", "差"), "R002": (C, "中", "差"), "R003": (C, "中", "差"),
    "R004": (C, "中", "差"), "R005": (C, "良", "中"), "R006": (C, "中", "差"),
    "R007": (C, "中", "差"), "R008": (C, "良", "中"), "R009": (C, "良", "中"),
    "R010": (F, "良", "中"), "R011": (C, "中", "差"), "R012": (C, "中", "差"),
    "R013": (C, "良", "中"), "R014": (C, "良", "中"), "R015": (C, "良", "中"),
    "R016": (C, "中", "差"),
    "S001": (C, "良", "中"), "S002": (C, "中", "差"), "S003": (R, "良", "中"),
    "S004": (F, "良", "中"), "S005": (R, "良", "中"), "S006": (C, "优", "优"),
    "S007": (C, "良", "中"), "S008": (C, "优", "优"), "S009": (C, "优", "优"),
    "S010": (C, "优", "优"), "S011": (C, "优", "优"), "S012": (R, "良", "中"),
    "S013": (R, "优", "优"), "S014": (C, "中", "差"), "S015": (C, "中", "差"),
    "S016": (C, "良", "中"), "S017": (A, "优", "优"), "S018": (A, "良", "中"),
    "S019": (R, "优", "优"),
    "P001": (C, "优", "优"), "P002": (C, "优", "优"), "P003": (C, "良", "中"),
    "P004": (C, "良", "中"), "P005": (C, "优", "优"), "P006": (C, "良", "中"),
    "P007": (C, "良", "中"), "P008": (C, "优", "优"), "P009": (F, "良", "中"),
    "P010": (C, "良", "中"),
    "F001": (C, "中", "差"), "F002": (C, "中", "差"), "F003": (C, "良", "中"),
    "F004": (C, "良", "中"), "F005": (C, "中", "差"), "F006": (C, "中", "差"),
    "F007": (F, "良", "中"), "F008": (C, "良", "中"), "F009": (F, "良", "中"),
    "F010": (F, "优", "优"), "F011": (R, "良", "中"), "F012": (R, "优", "优"),
    "F013": (C, "中", "差"), "F014": (C, "中", "差"), "F015": (A, "优", "优"),
    "F016": (C, "良", "中"),
    "I001": (R, "中", "中"), "I002": (R, "中", "中"), "I003": (R, "中", "中"),
    "I004": (C, "优", "优"), "I005": (C, "中", "差"), "I006": (C, "良", "中"),
    "I007": (R, "良", "中"), "I008": (F, "良", "中"), "I009": (R, "中", "中"),
    "I010": (R, "中", "中"), "I011": (R, "良", "中"), "I012": (R, "良", "中"),
    "I013": (A, "良", "中"), "I014": (C, "优", "优"), "I015": (A, "良", "中"),
    "I016": (C, "中", "差"), "I017": (C, "良", "中"), "I119": (C, "良", "中"),
    "I020": (A, "良", "中"), "I021": (F, "优", "优"), "I121": (A, "优", "优"),
    "I101": (F, "中", "中"), "I102": (C, "中", "差"), "I103": (F, "中", "中"),
    "I104": (F, "中", "中"), "I105": (F, "良", "中"), "I106": (F, "良", "中"),
    "I107": (F, "良", "中"), "I108": (A, "优", "优"), "I109": (F, "良", "中"),
    "I110": (F, "良", "中"), "I111": (F, "良", "中"), "I112": (A, "中", "中"),
    "I113": (A, "良", "中"), "I114": (A, "良", "中"), "I115": (F, "良", "中"),
    "I116": (F, "良", "中"), "I117": (A, "良", "中"), "I118": (F, "良", "中"),
    "I120": (F, "优", "优"),
    "X001": (C, "中", "差"),
}
#: Defaults report what they fill, never a problem: no dimension, never graded.
DEFAULTS = {f"D00{n}" for n in range(1, 9)}


def _f(code: str, severity: str) -> Finding:
    return Finding(code=code, name="x", severity=Severity(severity), message="", hint="")


def test_every_code_is_in_the_table():
    assert set(RULES) == set(EXPECTED) | DEFAULTS


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_code_lands_in_its_dimension_and_grades_as_intended(code):
    dimension, one, ten = EXPECTED[code]
    rule = RULES[code]
    assert rule.dimension == Dimension(dimension)
    rubric = load_rubric()
    for n, expected in ((1, one), (10, ten)):
        suggestion = rubric.grade(rubric.counts([_f(code, rule.severity.value)] * n))
        assert suggestion.result == Result(expected), (code, n)
        others = {d: r for d, r in suggestion.dimensions.items() if d != Dimension(dimension)}
        assert set(others.values()) == {Result.EXCELLENT}


@pytest.mark.parametrize("code", sorted(DEFAULTS))
def test_defaults_have_no_dimension(code):
    assert RULES[code].dimension is None


def test_the_worst_dimension_wins_and_the_reason_names_each_dimension():
    rubric = load_rubric()
    findings = [_f("S001", "warning"), _f("I101", "error"), _f("S006", "info")]
    suggestion = rubric.grade(rubric.counts(findings))
    assert suggestion.result is Result.FAIR
    assert suggestion.dimensions == {Dimension.COMPLETENESS: Result.GOOD,
                                     Dimension.RELEVANCE: Result.EXCELLENT,
                                     Dimension.APPROPRIATENESS: Result.EXCELLENT,
                                     Dimension.FEASIBILITY: Result.FAIR}
    assert suggestion.reason == "完整性良（警告1≥1）；可行性中（错误1≥1）"


def test_thresholds_are_per_dimension_not_summed():
    rubric = load_rubric()
    # 9 completeness errors and 9 feasibility errors: neither reaches 差 on its own.
    findings = [_f("I102", "error")] * 9 + [_f("I101", "error")] * 9
    assert rubric.grade(rubric.counts(findings)).result is Result.FAIR
    findings = [_f("I110", "warning")] * 9 + [_f("S003", "warning")] * 9
    assert rubric.grade(rubric.counts(findings)).result is Result.GOOD
    assert rubric.grade(rubric.counts([])).result is Result.EXCELLENT


def test_the_default_file_says_what_the_readme_says():
    rubric = load_rubric()
    assert rubric.source == "默认审核规则" and rubric.ignored == frozenset()
    shown = {d.value: {r.value: {s.label: n for s, n in levels.items()}
                       for r, levels in rubric.thresholds[d].items()} for d in Dimension}
    fair, good = {"错误": 1, "警告": 10}, {"警告": 1}
    assert shown == {
        "完整性": {"差": {"错误": 10}, "中": fair, "良": good},
        "相关性": {"中": fair, "良": good},
        "适当性": {"中": fair, "良": good},
        "可行性": {"中": fair, "良": good},
    }
    assert "不计入" in DEFAULT_RUBRIC.read_text("utf-8")


def test_a_county_rubric_can_be_stricter_and_ignore_codes(tmp_path):
    path = tmp_path / "审核规则.yaml"
    path.write_text("维度:\n  可行性:\n    差: {错误: 3}\n    中: {警告: 2}\n"
                    "不计入: [i110, S009]\n", "utf-8")
    rubric = load_rubric(path)
    assert rubric.ignored == {"I110", "S009"}
    assert rubric.grade(rubric.counts([_f("I101", "error")] * 3)).result is Result.POOR
    assert rubric.grade(rubric.counts([_f("I101", "error")] * 2)).result is Result.EXCELLENT
    assert rubric.grade(rubric.counts([_f("I110", "warning")] * 5)).result is Result.EXCELLENT
    assert rubric.grade(rubric.counts([_f("I111", "warning")] * 2)).result is Result.FAIR
    # 完整性 has no thresholds in this rubric: its errors suggest nothing.
    assert rubric.grade(rubric.counts([_f("I102", "error")] * 20)).result is Result.EXCELLENT


@pytest.mark.parametrize(("data", "says"), [
    ([1, 2], "应以“维度："),
    ({"维度": {"完整度": {"中": {"错误": 1}}}}, "维度“完整度”不存在"),
    ({"维度": {"完整性": {"优": {"错误": 1}}}}, "只能是 差、中、良"),
    ({"维度": {"完整性": {"中": {"问题": 1}}}}, "应为 错误、警告 或 提示"),
    ({"维度": {"完整性": {"中": {"错误": 0}}}}, "应为正整数，收到“0”"),
    ({"维度": {"完整性": {"中": {"错误": "1"}}}}, "应为正整数"),
    ({"维度": {"完整性": {"中": {"错误": 1}}}, "不计入": ["Z999"]}, "Z999 不是校验规则代码"),
    ({"维度": {"完整性": {"中": {"错误": 1}}}, "门槛": 1}, "不认识“门槛”"),
    ({"不计入": []}, "缺少“维度”"),
])
def test_a_wrong_rubric_is_named_in_chinese(data, says):
    with pytest.raises(RubricError) as caught:
        parse_rubric(data, "县规则.yaml")
    assert str(caught.value).startswith("审核规则 县规则.yaml：")
    assert says in str(caught.value)


def test_a_rubric_file_that_is_not_yaml_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("维度:\n  完整性:\n    中: {错误: 1\n", "utf-8")
    with pytest.raises(RubricError, match="第 .* 行不是有效的 YAML"):
        load_rubric(path)


def test_an_excellent_unit_says_why():
    rubric = load_rubric()
    suggestion = rubric.grade(rubric.counts([_f("S006", "info")] * 3))
    assert (suggestion.result, suggestion.reason) == (Result.EXCELLENT, "各维度均未达到“良”的门槛")


def test_a_rubric_error_never_prints_a_whole_value():
    """Billion laughs: nine levels of one shared list would print 9⁹ items if echoed."""
    value: object = "x"
    for _ in range(9):
        value = [value] * 9
    for data in ({"维度": {"完整性": {"差": {"错误": value}}}}, {"维度": {"完整性": value}},
                 {"不计入": ["S9" * 1000]}, {"维度": {"x" * 10_000: None}}):
        with pytest.raises(RubricError) as raised:
            parse_rubric(data, "县规则.yaml")
        assert len(str(raised.value)) < 200
