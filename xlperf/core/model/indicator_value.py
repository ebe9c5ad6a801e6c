"""Parse one 指标值 cell as written into comparator, number and unit (RULES.md §2.2).

The grammar, after normalising full-width characters and comparator synonyms::

    VALUE    := DEADLINE | QUANT | QUAL
    QUANT    := COMPARATOR? NUMBER UNIT? SUFFIX?      "≥90%", "100%", "≤200元/人", "95%以上"
    DEADLINE := COMPARATOR? DATE ("前"|"以前"|"之前")?  "≤2023年5月1日", "12月底前"
    QUAL     := "定性" (":" TEXT)? | graded wording     "定性：达到预期目标", "明显提升"

Anything else ("按月支付", "在档管理困难职工及劳模") is kept as written with kind 无法解析.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple


class Comparator(StrEnum):
    """指标性质: the comparator of a target value (预算管理一体化 codes 1–6)."""

    GE = "≥"
    GT = ">"
    EQ = "="
    LT = "<"
    LE = "≤"
    QUALITATIVE = "定性"


class ValueKind(StrEnum):
    """What kind of 指标值 a cell holds."""

    QUANTITATIVE = "定量"
    QUALITATIVE = "定性"
    DEADLINE = "时限"
    UNPARSED = "无法解析"
    EMPTY = "未填写"


class ParsedValue(NamedTuple):
    """The parts of one 指标值."""

    kind: ValueKind
    comparator: Comparator | None = None
    number: Decimal | None = None
    unit: str | None = None


# Full-width digits, letters' punctuation and comparator glyphs → their plain forms.
_TRANSLATE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "％": "%",
        "．": ".",
        "，": ",",
        "＝": "=",
        "＞": ">",
        "＜": "<",
        "≧": "≥",
        "≦": "≤",
        "⩾": "≥",
        "⩽": "≤",
        "：": ":",
        "／": "/",
        "\u3000": " ",
    }
)
_SYMBOL_PAIRS = ((">=", "≥"), ("=>", "≥"), ("<=", "≤"), ("=<", "≤"))
_WORD_COMPARATORS: tuple[tuple[str, Comparator], ...] = (
    ("大于等于", Comparator.GE),
    ("大于或等于", Comparator.GE),
    ("不低于", Comparator.GE),
    ("不少于", Comparator.GE),
    ("不小于", Comparator.GE),
    ("达到", Comparator.GE),
    ("小于等于", Comparator.LE),
    ("小于或等于", Comparator.LE),
    ("不高于", Comparator.LE),
    ("不超过", Comparator.LE),
    ("不多于", Comparator.LE),
    ("不大于", Comparator.LE),
    ("控制在", Comparator.LE),
    ("等于", Comparator.EQ),
    ("高于", Comparator.GT),
    ("超过", Comparator.GT),
    ("大于", Comparator.GT),
    ("多于", Comparator.GT),
    ("低于", Comparator.LT),
    ("小于", Comparator.LT),
    ("少于", Comparator.LT),
)
_SUFFIX_COMPARATORS: tuple[tuple[str, Comparator], ...] = (
    ("及以上", Comparator.GE),
    ("以上", Comparator.GE),
    ("及以下", Comparator.LE),
    ("以下", Comparator.LE),
    ("以内", Comparator.LE),
)
_SYMBOLS = {c.value: c for c in Comparator if c is not Comparator.QUALITATIVE}

_NUMBER = re.compile(r"\s*([+-]?\d+(?:,\d{3})*(?:\.\d+)?)\s*(.*)$", re.S)
_DATE = re.compile(
    r"(?:(?:\d{4})年)?(?:\d{1,2})月(?:\d{1,2}日|底|末|上旬|中旬|下旬)?"
    r"|\d{4}年(?:底|末|年底)"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|年底|年末"
)
_DEADLINE = re.compile(rf"^(?:{_DATE.pattern})(?:前|以前|之前)?$")
_QUALITATIVE_WORDS = re.compile(
    r"^(?:(?:部分|未)?达到预期(?:目标)?.*"
    r"|好|较好|一般|较差|差|优|良|中|优秀|良好|合格|达标|是|否"
    r"|(?:明显|显著|有所|逐步|稳步|持续|有效|进一步|大幅)"
    r"(?:提升|提高|改善|增强|增加|加强|缓解|下降|降低|减少|完善)"
    r"|按时完成|按期完成|及时完成)$"
)
_CLEAN_UNIT = re.compile(r"^[^\d\s,;；，。:]{1,8}$")


def normalize(text: str) -> str:
    """Return text with full-width forms and two-character comparators made plain."""
    out = text.translate(_TRANSLATE).strip()
    for pair, symbol in _SYMBOL_PAIRS:
        out = out.replace(pair, symbol)
    return out


def to_decimal(text: str) -> Decimal | None:
    """Parse a plain number such as ``1,200.50``; None when it is not one."""
    try:
        return plain(Decimal(text.replace(",", "")))
    except InvalidOperation:
        return None


def plain(number: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (100 stays 100)."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def _split_comparator(text: str) -> tuple[Comparator | None, str]:
    if text[:1] in _SYMBOLS:
        return _SYMBOLS[text[0]], text[1:].lstrip()
    for word, comparator in _WORD_COMPARATORS:
        if text.startswith(word):
            return comparator, text[len(word) :].lstrip()
    return None, text


def _split_suffix(text: str) -> tuple[Comparator | None, str]:
    for word, comparator in _SUFFIX_COMPARATORS:
        if text.endswith(word):
            return comparator, text[: -len(word)].rstrip()
    return None, text


@lru_cache(maxsize=8192)
def parse(text: str | None) -> ParsedValue:
    """Parse a 指标值 as written; never raises, unparseable text gets kind 无法解析.

    Cached: the same few values ("≥95%", "≥98%") recur across thousands of tables.
    """
    if text is None or not text.strip():
        return ParsedValue(ValueKind.EMPTY)
    s = normalize(text)
    if s.startswith("定性"):
        return ParsedValue(ValueKind.QUALITATIVE, Comparator.QUALITATIVE)
    comparator, rest = _split_comparator(s)
    compact = "".join(rest.split())
    if _DEADLINE.match(compact):
        if comparator is None and compact.endswith("前"):
            comparator = Comparator.LE
        return ParsedValue(ValueKind.DEADLINE, comparator)
    match = _NUMBER.match(rest)
    if match:
        number = to_decimal(match.group(1))
        suffix_comparator, unit = _split_suffix(match.group(2).strip())
        return ParsedValue(
            ValueKind.QUANTITATIVE,
            comparator or suffix_comparator,
            number,
            unit or None,
        )
    if comparator is None and _QUALITATIVE_WORDS.match(compact):
        return ParsedValue(ValueKind.QUALITATIVE, Comparator.QUALITATIVE)
    return ParsedValue(ValueKind.UNPARSED)


def is_clean_unit(unit: str | None) -> bool:
    """Tell whether a unit is a short unit word ("%", "元/人", "人次"), not mixed-in prose."""
    return unit is not None and bool(_CLEAN_UNIT.match(unit))
