"""Column widths of a project table in Word, sized from the text the cells hold (pure).

A printed 绩效目标表 must not break a word in the middle ("满意度指/标", "其他资/金",
"≤ 200/元/人"): the columns holding fixed vocabulary (一级/二级指标, the table's labels),
amounts and 指标值 get the room their longest word needs, and the rest of the text width goes to
the columns of prose (三级指标, 绩效指标描述, 依据), in proportion to how much text they hold.
Where even so a vocabulary cell is too wide for its column, it is broken between words
("服务对象" / "满意度指标"), never inside one.

Widths are in em of the table's font (see :mod:`xlperf.core.workbook.textwidth`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from xlperf.core.workbook.textwidth import text_width

#: Word's default cell margins (0.19 cm left and right) at 10.5 pt, in em, and some slack for
#: fonts wider than the estimate.
CELL_PADDING = 1.3
#: The narrowest a column of prose may become, and what it gets before vocabulary is unbroken.
PROSE_MIN = 4.0
PROSE_COMFORT = 6.0
#: A 指标值 or amount up to this wide is kept on one line; a longer one is prose.
SHORT_VALUE = 7.0
#: Styles whose text is fixed vocabulary (labels, headers, 一级/二级 names).
VOCABULARY = frozenset({"label", "header", "input_level"})
#: Styles of short values kept whole: amounts, percentages, 指标值.
WHOLE = frozenset({"input_money", "input_percent", "input_center"})

#: The words of the table's vocabulary, longest first: where a label may be broken.
_WORDS = sorted((
    "服务对象", "满意度", "可持续", "影响", "经济", "社会", "生态", "环境", "效益", "成本",
    "指标值", "指标", "数量", "质量", "时效", "产出", "资金", "支出", "计划", "预算", "规模及",
    "规模", "用途", "绩效", "目标", "描述", "确定", "依据", "其中：", "财政", "其他", "项目",
    "编码", "名称", "一级", "二级", "三级", "设定", "年度", "（%）",
), key=len, reverse=True)
_WORD = re.compile("|".join(re.escape(w) for w in _WORDS) + r"|.", re.S)


def words(text: str) -> list[str]:
    """A vocabulary text cut into words: "服务对象满意度指标" → 服务对象 满意度 指标."""
    return _WORD.findall(text)


@dataclass(frozen=True)
class Fitted:
    """The table's column widths (em) and its cell texts with the breaks they need."""

    widths: tuple[float, ...]
    texts: tuple[tuple[str, ...], ...]


Span = tuple[int, int, int, int]  # 0-based inclusive (row, col, row, col)


def fit(texts: Sequence[Sequence[str]], styles: Sequence[Sequence[str]],
        merges: Sequence[Span], total: float) -> Fitted:
    """Column widths summing to ``total`` em, and the texts broken between words where needed."""
    columns = len(texts[0])
    spans = _spans(len(texts), columns, merges)
    whole = [0.0] * columns  # room to keep every vocabulary cell and value on one line
    least = [PROSE_MIN] * columns  # room below which a word would have to break
    halved = [0.0] * columns  # room to show every vocabulary cell's line on two lines
    prose = [0.0] * columns  # how much prose each column holds
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            span = spans.get((r, c))
            if span is None or span[1] != span[0] or not text:
                continue  # covered by a merge, spanning several columns, or empty
            kind = _kind(styles[r][c], text)
            lines = text.split("\n")
            if kind == "prose":
                prose[c] += sum(text_width(line) for line in lines)
                continue
            whole[c] = max(whole[c], max(text_width(line) for line in lines) + CELL_PADDING)
            widest = max(text_width(w) for line in lines for w in _pieces(line, kind))
            least[c] = max(least[c], widest + CELL_PADDING)
            halved[c] = max(halved[c], _halved(text) + CELL_PADDING
                            if kind == "vocabulary" else whole[c])
    widths = list(least)
    _widen_spans(widths, texts, styles, spans)
    _grow(widths, halved, total)
    _grow(widths, [max(w, PROSE_COMFORT) if p else w for w, p in zip(widths, prose, strict=True)],
          total)
    _grow(widths, whole, total)
    _share(widths, prose, total)
    return Fitted(tuple(widths), _broken(texts, styles, spans, widths))


def _kind(style: str, text: str) -> str:
    if style in VOCABULARY:
        return "vocabulary"
    if style in WHOLE and text_width(text) <= SHORT_VALUE:
        return "whole"
    if _CODE.fullmatch(text):
        return "whole"  # a code or number (项目编码) breaks nowhere
    return "prose"


_CODE = re.compile(r"[0-9A-Za-z.\-]{1,24}")


def _halved(text: str) -> float:
    """The least width at which a vocabulary text takes no more than two lines (or as many as
    it is written on), broken only between words; a label of four characters or fewer, such as
    其他资金, is never broken."""
    written = text.split("\n")
    if max(len(line) for line in written) <= 4:
        return max(text_width(line) for line in written)
    parts = words(text.replace("\n", ""))
    runs = sorted({text_width("".join(parts[i:j]))
                   for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)})
    wanted = max(2, len(written))
    return next((w for w in runs if _wrap(text, w).count("\n") < wanted), runs[-1])


def _pieces(line: str, kind: str) -> list[str]:
    return words(line) if kind == "vocabulary" else [line]


def _spans(rows: int, columns: int, merges: Sequence[Span]) -> dict[tuple[int, int], Span]:
    """Each visible cell's span; cells covered by a merge have none."""
    spans = {(r, c): (c, c, r, r) for r in range(rows) for c in range(columns)}
    for r1, c1, r2, c2 in merges:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                spans.pop((r, c), None)
        spans[(r1, c1)] = (c1, c2, r1, r2)
    return spans


def _grow(widths: list[float], wanted: Sequence[float], total: float) -> None:
    """Widen columns toward what they want, the smallest wish first, while the page has room."""
    for gap, column in sorted((w - c, i) for i, (w, c) in enumerate(zip(wanted, widths,
                                                                        strict=True))):
        room = total - sum(widths)
        if room <= 0:
            return
        if gap > 0:
            widths[column] += min(gap, room)


def _widen_spans(widths: list[float], texts: Sequence[Sequence[str]],
                 styles: Sequence[Sequence[str]], spans: dict[tuple[int, int], Span]) -> None:
    """A short value spanning columns (the 21-character 项目编码) fits in them together."""
    for (r, c), (c1, c2, _, _) in spans.items():
        text = texts[r][c]
        if c1 == c2 or not text or _kind(styles[r][c], text) == "prose":
            continue
        need = text_width(text) + CELL_PADDING - sum(widths[c1:c2 + 1])
        if need > 0:
            widths[c2] += need


def _share(widths: list[float], prose: Sequence[float], total: float) -> None:
    """What is left of the page goes to the prose columns, by how much text they hold."""
    left = total - sum(widths)
    volume = sum(prose)
    if left <= 0 or not volume:
        return
    for c, amount in enumerate(prose):
        widths[c] += left * amount / volume


def _broken(texts: Sequence[Sequence[str]], styles: Sequence[Sequence[str]],
            spans: dict[tuple[int, int], Span], widths: Sequence[float],
            ) -> tuple[tuple[str, ...], ...]:
    out = []
    for r, row in enumerate(texts):
        line = []
        for c, text in enumerate(row):
            span = spans.get((r, c))
            room = sum(widths[span[0]:span[1] + 1]) - CELL_PADDING if span else 0
            vocabulary = span is not None and _kind(styles[r][c], text) == "vocabulary"
            line.append(_wrap(text, room) if vocabulary else text)
        out.append(tuple(line))
    return tuple(out)


def _wrap(text: str, room: float) -> str:
    """A vocabulary text as it fits ``room`` em: its own lines where they fit, else broken
    between words ("资金支出计划（%）" → "资金支出" / "计划（%）")."""
    if all(text_width(line) <= room for line in text.split("\n")):
        return text
    lines, current = [], ""
    for word in words(text.replace("\n", "")):
        if current and text_width(current + word) > room:
            lines.append(current)
            current = word
        else:
            current += word
    return "\n".join([*lines, current])

