"""指标值 grammar (RULES.md §2.2)."""

from decimal import Decimal

import pytest

from xlperf.core.model.indicator_value import Comparator, ValueKind, is_clean_unit, parse

Q, QL, DL, U, E = (ValueKind.QUANTITATIVE, ValueKind.QUALITATIVE, ValueKind.DEADLINE,
                   ValueKind.UNPARSED, ValueKind.EMPTY)


@pytest.mark.parametrize(
    ("text", "kind", "comparator", "number", "unit"),
    [
        # every distinct value of the seed document
        ("≥90%", Q, Comparator.GE, "90", "%"),
        ("≥100%", Q, Comparator.GE, "100", "%"),
        ("≤100%", Q, Comparator.LE, "100", "%"),
        ("100%", Q, None, "100", "%"),
        ("≥98%", Q, Comparator.GE, "98", "%"),
        ("≥95%", Q, Comparator.GE, "95", "%"),
        ("≥200 人均标准 200 元 /人", Q, Comparator.GE, "200", "人均标准 200 元 /人"),
        ("在档管理困难职工及劳模", U, None, None, None),
        ("按照市总相关文件执行", U, None, None, None),
        ("按月支付", U, None, None, None),
        ("劳务派遣人员", U, None, None, None),
        # synonyms, full width, suffixes
        ("＞＝９５％", Q, Comparator.GE, "95", "%"),
        (">=95%", Q, Comparator.GE, "95", "%"),
        ("不低于95%", Q, Comparator.GE, "95", "%"),
        ("不超过200元/人", Q, Comparator.LE, "200", "元/人"),
        ("95%以上", Q, Comparator.GE, "95", "%"),
        ("3天以内", Q, Comparator.LE, "3", "天"),
        ("=12个", Q, Comparator.EQ, "12", "个"),
        ("＜5%", Q, Comparator.LT, "5", "%"),
        ("1,200.50万元", Q, None, "1200.5", "万元"),
        ("≥98", Q, Comparator.GE, "98", None),
        # deadlines and qualitative grades
        ("≤2023年5月1日", DL, Comparator.LE, None, None),
        ("12月底前", DL, Comparator.LE, None, None),
        ("2023年12月31日", DL, None, None, None),
        ("定性：达到预期目标", QL, Comparator.QUALITATIVE, None, None),
        ("明显提升", QL, Comparator.QUALITATIVE, None, None),
        ("", E, None, None, None),
        (None, E, None, None, None),
    ],
)
def test_parse(text, kind, comparator, number, unit):
    parsed = parse(text)
    assert parsed.kind is kind
    assert parsed.comparator == comparator
    assert parsed.number == (Decimal(number) if number else None)
    assert parsed.unit == unit


def test_number_keeps_no_exponent():
    assert str(parse("≥100%").number) == "100"
    assert str(parse("≥0.50元").number) == "0.5"


@pytest.mark.parametrize(("unit", "clean"), [
    ("%", True), ("元/人", True), ("人次", True), ("人均标准 200 元 /人", False), (None, False),
])
def test_clean_unit(unit, clean):
    assert is_clean_unit(unit) is clean
