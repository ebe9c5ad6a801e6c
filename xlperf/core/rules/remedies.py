"""The mechanical remedies of rules that can fix what they find: text in, corrected text out (pure).

Each function returns the corrected text, or None when it has nothing it can change safely. A
check passes ``(text, remedy(text))`` as its finding's fix; ``core.fixing`` applies it.
"""

from __future__ import annotations

import re

from xlperf.core.model.indicator_value import ParsedValue, ValueKind, is_clean_unit, parse


def pair(before: str, after: str | None) -> tuple[str, str] | None:
    """A finding's fix from a remedy's result: None when the remedy had nothing to change."""
    return None if after is None or after == before else (before, after)


# --------------------------------------------------------------------------- S006 文号
_DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,8})\s*[【\[［(（]\s*(\d{4})\s*"
    r"[】\]］)）]\s*(\d+)\s*号")


def document_number(text: str) -> str | None:
    """冀财行【2021】102号 → 冀财行〔2021〕102号, every document number of the text."""
    fixed = _DOC_NUMBER.sub(r"\1〔\2〕\3号", text)
    return fixed if fixed != text else None


# --------------------------------------------------------------------------- S005 区 → 县
def county_wording(text: str, pattern: re.Pattern[str]) -> str | None:
    """全区 → 全县, 区委 → 县委, 区政府 → 县政府 … wherever ``pattern`` (S005's) matches."""
    fixed = pattern.sub(lambda m: m.group(0).replace("区", "县"), text)
    return fixed if fixed != text else None


# --------------------------------------------------------------------------- S010 词语重复
def undoubled(text: str, start: int, word: str) -> str:
    """The text with the copies of ``word`` that follow the one at ``start`` removed
    (财政财政财政 → 财政)."""
    end = start + len(word)
    while text.startswith(word, end):
        end += len(word)
    return text[:start + len(word)] + text[end:]


# --------------------------------------------------------------------------- S011 序号
_NUMERAL = re.compile(r"\d+|[一二三四五六七八九十]+")
_CN_DIGITS = "一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (1 … 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens - 1] + "十")
    return head + (_CN_DIGITS[ones - 1] if ones else "")


def renumbered(text: str, prefix: str, model: str, number: int) -> str | None:
    """A 序号 cell in another list's style: ``prefix`` (the matched 序号 of ``text``) replaced
    by ``model`` (a 序号 of the list's usual style) carrying ``number``."""
    if not 1 <= number <= 99:
        return None
    match = _NUMERAL.search(model)
    if match is None:
        return None
    numeral = str(number) if match.group(0).isdigit() else chinese_numeral(number)
    fixed = model[:match.start()] + numeral + model[match.end():] + text[len(prefix):]
    return fixed if fixed != text else None


# --------------------------------------------------------------------------- 指标值
_WIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "％": "%",
                        "＝": "=", "＞": ">", "＜": "<", "≧": "≥", "≦": "≤", "⩾": "≥",
                        "⩽": "≤"})
_DECIMAL_POINT = re.compile(r"(?<=\d)．(?=\d)")
_PAIRS = ((">=", "≥"), ("=>", "≥"), ("<=", "≤"), ("=<", "≤"))
#: Comparator words whose meaning is exactly one symbol (达到, 控制在 are left alone).
_WORDS = (("大于或等于", "≥"), ("大于等于", "≥"), ("不低于", "≥"), ("不少于", "≥"),
          ("不小于", "≥"), ("小于或等于", "≤"), ("小于等于", "≤"), ("不高于", "≤"),
          ("不超过", "≤"), ("不多于", "≤"), ("不大于", "≤"), ("等于", "="), ("大于", ">"),
          ("高于", ">"), ("多于", ">"), ("小于", "<"), ("低于", "<"), ("少于", "<"))


def standard_value(text: str) -> str | None:
    """A 指标值 in the form's glyphs: ≥ ≤ for ≧ ≦ >= <= 大于等于 …, half-width digits and %.

    Only when the standard text means exactly the same (parses to the same comparator, number
    and unit), so the fix cannot change a target.
    """
    fixed = _DECIMAL_POINT.sub(".", text.translate(_WIDTH))
    for pair, symbol in _PAIRS:
        fixed = fixed.replace(pair, symbol)
    for word, symbol in _WORDS:
        if fixed.startswith(word):
            fixed = symbol + fixed[len(word):].lstrip()
            break
    if fixed == text or not _same(parse(text), parse(fixed)):
        return None
    return fixed


def _same(before: ParsedValue, after: ParsedValue) -> bool:
    return before.kind in (ValueKind.QUANTITATIVE, ValueKind.DEADLINE) and before == after


#: I103's remedy: a rate cannot pass 100%, so “≥100%” (or “>100%”, “≥120%”) means “=100%”.
FULL_RATE = "=100%"


# --------------------------------------------------------------------------- I106 说明
#: Where an explanation starts: a bracket closing at the end of the value, or a comma/semicolon.
_EXPLANATION = re.compile(r"[（(]([^（）()]+)[）)]\s*$|[，,；;]\s*(\S.*)$", re.S)
#: Explanations that are part of the target: (含), (不含本数), 含95%, a bound.
_PART_OF_VALUE = re.compile(r"^(不?含|包括|包含)(本数|\s*\d|\s*$)|[≥≤<>=≧≦＞＜＝]")


def split_explanation(text: str) -> tuple[str, str] | None:
    """“≥95%（按上级文件要求）” → (“≥95%”, “按上级文件要求”): a 指标值 and the explanation mixed
    into its unit. None unless the part before the explanation is a complete value with a clean
    unit and the explanation is plain words (never a second value, “含”, a bound)."""
    for start in (n for n, c in enumerate(text) if c in "（(，,；;"):
        match = _EXPLANATION.match(text, start)
        if match is None:
            continue
        value, explanation = text[:match.start()].rstrip(), (match.group(1) or match.group(2))
        parsed = parse(value)
        if parsed.kind is ValueKind.QUANTITATIVE and is_clean_unit(parsed.unit):
            explanation = explanation.strip()
            opened = sum(explanation.count(c) for c in "（(")
            if (opened != sum(explanation.count(c) for c in "）)")
                    or _PART_OF_VALUE.search(explanation) or parse(explanation).kind in (
                    ValueKind.QUANTITATIVE, ValueKind.DEADLINE)):
                return None
            return value, explanation
    return None


def with_explanation(description: str | None, explanation: str, name: str | None) -> str | None:
    """The 绩效指标描述 with an explanation moved in: appended after “；”, or in its place when
    the description is blank or only repeats the 三级指标 name; None when it already says so."""
    current = (description or "").strip()
    if explanation in current:
        return None
    if not current or "".join(current.split()) == "".join((name or "").split()):
        return explanation
    return current + ("" if current[-1] in "。；;" else "；") + explanation
