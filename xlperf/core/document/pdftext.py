"""Text copied or extracted from a PDF 绩效文本, made fit for the line parser (pure).

Text taken from a PDF (``pdftotext``, ``pdftotext -layout``, a viewer's copy) has no tabs: a
paragraph is cut into the lines the page printed, page numbers sit between them, and a table is
cut into pieces whose rows and columns cannot be told apart any more. Here:

- page numbers ("— 3 —") and form feeds are dropped, the 目录's dot leaders split off the page;
- lines that ran the full width are joined to the line after (the paragraph went on);
- with ``-layout`` spacing, wide gaps separate cells (the unit line and 单位：万元);
- every project table is recognised (from its 项目编码 line to the next table's title or unit
  line) and reported line by line as lost: none of it is guessed into the model.

Text with tabs (the seed's kind, or a Word document saved as text) is not touched.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from xlperf.core.document.blocks import PART1, PART2
from xlperf.core.document.parse import Line, Unplaced, text_lines
from xlperf.core.workbook import layout as L

LOST_TABLE = ("项目表的表格结构在文字中已丢失（从 PDF 提取或复制的文字不分行列），无法可靠还原，"
              "未导入；请改为直接导入 PDF 或 Word 文件")
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—―－\s]*\d{1,5}[-–—―－\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?)$")
_LEADER = re.compile(r"\s*(?:[.·…‥．]\s*){4,}\s*(\d{1,4})\s*$")
_GAP = re.compile(r"\S(\s{3,})\S")
#: The gap a PDF shows beside CJK text and full-width signs (“ ≥), which extraction turns into a
#: space: gone, as in the document the PDF was made from.
_WIDE_SPACE = re.compile(r"(?<=[^\x00-\x7f]) (?=\S)|(?<=\S) (?=[^\x00-\x7f])")
_TERMINAL = tuple("。；;！!？?：:")
_ITEM = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}\s*[.、．](?!\d)|[一二三四五六七八九十]{1,3}、"
    r"|(?:绩效目标|绩效指标)\s*[:：])")
_TITLE_END = "绩效目标表"
#: "711001 博野县总工会本级": a unit code has six digits or more ("2023 年", "200 元" are none).
_UNIT_LINE = re.compile(r"^\s*\d{6,12}\s+[^\d\s]")


@dataclass
class PdfText:
    """Extracted text as document lines, the lines of lost tables, and what was decided."""

    lines: list[Line]
    unplaced: list[Unplaced] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unit_line: str | None = None


def from_pdf(text: str) -> bool:
    """Whether text looks taken from a PDF: no tab at all, and page breaks, wide gaps or a
    project table's 项目编码 line."""
    if "\t" in text:
        return False
    return "\f" in text or "项目编码" in text or _GAP.search(text) is not None


def pdf_text_lines(text: str) -> PdfText:
    """Extracted text as lines for :func:`~xlperf.core.document.parse.parse_document`."""
    raw = [(line.number, line.cells[0].replace("\f", "")) for line in text_lines(text)]
    layout = sum(1 for _, t in raw if _GAP.search(t.strip())) >= 3
    kept = [(n, t.rstrip()) for n, t in raw if t.strip() and not _PAGE_NUMBER.match(t.strip())]
    tables, unit_line = _tables(kept)
    out = PdfText([], unit_line=unit_line)
    body: list[tuple[int, str]] = []
    for index, (number, line) in enumerate(kept):
        if index in tables:
            out.unplaced.append(Unplaced(number, " ".join(line.split()), LOST_TABLE))
        else:
            body.append((number, line))
    count = sum(1 for i in tables if i - 1 not in tables)
    if count:
        out.notes.append(f"文字中有 {count} 张项目表，表格结构已丢失，均未导入（逐行列在下面）；"
                         "请直接导入 PDF 或 Word 文件以读取项目表")
    full = _full_width(body, layout)
    margin = min((_indent(t) for _, t in body), default=0)
    previous: tuple[int, str] | None = None
    joined: list[tuple[int, str]] = []
    for number, line in body:
        if previous is not None and _continues(previous[1], line, full, margin, layout):
            joined[-1] = (joined[-1][0], _join(joined[-1][1], line.strip()))
        else:
            joined.append((number, line.strip()))
        previous = (number, line)
    out.lines = [Line(number, _cells(line, layout)) for number, line in joined]
    return out


def _tables(lines: list[tuple[int, str]]) -> tuple[set[int], str | None]:
    """The indices of the lines of every project table, and the first unit line met."""
    inside: set[int] = set()
    unit_line = None
    start: int | None = None
    for index, (_, line) in enumerate(lines):
        first = _cells(line, True)[0]
        unit = _UNIT_LINE.match(first)
        if unit and unit_line is None:
            unit_line = first
        heading = first.startswith((PART1, PART2))
        if start is not None and (unit or heading):
            end = index
            if lines[end - 1][1].strip().endswith(_TITLE_END) and end - 1 > start:
                end -= 1
                if _ITEM.match(lines[end - 1][1]) and end - 1 > start:
                    end -= 1
            inside |= set(range(start, end))
            start = None
        if start is None and L.PROJECT_CODE.matches(first):
            start = index
    if start is not None:
        inside |= set(range(start, len(lines)))
    return inside, unit_line


def _width(text: str) -> int:
    return sum(1 if ch.isascii() else 2 for ch in text.strip())


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _full_width(body: list[tuple[int, str]], layout: bool) -> int:
    """The width of a full line of body text: the commonest width of the long lines."""
    widths = [_width(t) for _, t in body
              if not _LEADER.search(t) and not (layout and _GAP.search(t.strip()))]
    long = Counter(w for w in widths if w >= 0.6 * max(widths, default=0))
    return max(long.items(), key=lambda item: (item[1], item[0]))[0] if long else 0


def _continues(before: str, after: str, full: int, margin: int, layout: bool) -> bool:
    """Whether ``after`` goes on with the paragraph ``before`` ends: before ran the full width
    (a paragraph's first line is indented by two characters), and, with layout spacing, after
    is not indented as a paragraph's first line is; or a 目录 entry wrapped before its page."""
    if _LEADER.search(before):
        return False
    if _LEADER.search(after):
        return not (_ITEM.match(after) or before.strip().startswith((PART1, PART2)))
    if not full or _width(before) < full - 5:
        return False
    if layout and _indent(after) > margin + 1:
        return False
    return not _ITEM.match(after)


def _join(before: str, after: str) -> str:
    if before[-1:].isascii() and before[-1:].isalnum() and after[:1].isascii() \
            and after[:1].isalnum():
        return f"{before} {after}"
    return before + after


def _cells(line: str, layout: bool) -> tuple[str, ...]:
    """A line's cells: a 目录 entry and its page; with layout spacing, parts set wide apart."""
    line = line.strip()
    if not _UNIT_LINE.match(line):  # "711001 某单位" keeps its space
        line = _WIDE_SPACE.sub("", line)
    if match := _LEADER.search(line):
        return (line[: match.start()].strip(), match.group(1))
    if layout:
        return tuple(part for part in re.split(r"\s{3,}", line) if part)
    return (line,)
