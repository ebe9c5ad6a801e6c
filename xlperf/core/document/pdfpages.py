"""A PDF 绩效文本's pages — glyphs and ruled table grids — read as document lines (pure).

The PDF adapter (:mod:`xlperf.files.pdffile`) gives each page's glyphs with their boxes and the
cell boxes of the tables it found by their ruling lines. Here they become the same
:class:`~xlperf.core.document.parse.Line` s the Word reader gives: one per paragraph, one per
table row with a cell per grid column (a merged cell's text once, blanks after).

- Glyphs outside tables form visual lines; a line that ran to the right edge (the next line's
  first unbreakable piece would not have fitted) continues in the next line, across pages too.
- Inside a cell the same rule tells a wrapped line from a line break the author typed.
- Page chrome is dropped: page numbers ("— 3 —", "第 3 页") at the top or bottom of a page,
  running heads and feet repeated on many pages, and the 目录's dot leaders.
- A table that starts a page, under a table that ended the page before with the same columns, is
  the same table continued: they are joined and a repeated header row is dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from xlperf.core.document.parse import Line

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (points, top-down)


@dataclass(frozen=True)
class Glyph:
    """One character drawn on a page, with its box."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Grid:
    """A ruled table: its rows of cell boxes (None where a merged cell covers the position)."""

    rows: tuple[tuple[Box | None, ...], ...]


@dataclass(frozen=True)
class Page:
    """One page as the PDF draws it."""

    number: int
    width: float
    height: float
    glyphs: tuple[Glyph, ...]
    tables: tuple[Grid, ...] = ()


@dataclass
class PdfLines:
    """The document's lines and, for each line number, the page it is on."""

    lines: list[Line] = field(default_factory=list)
    pages: dict[int, int] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)  # page chrome, for the record
    notes: list[str] = field(default_factory=list)  # what was decided, e.g. tables joined


# --------------------------------------------------------------------------- visual lines
@dataclass
class _Run:
    """A visual line of glyphs (sorted left to right)."""

    glyphs: list[Glyph]

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def size(self) -> float:
        heights = sorted(g.bottom - g.top for g in self.glyphs)
        return heights[len(heights) // 2]


def _runs(glyphs: Sequence[Glyph]) -> list[_Run]:
    """Group glyphs into visual lines: a glyph whose middle lies in a line's band joins it."""
    runs: list[_Run] = []
    band: tuple[float, float] | None = None
    for glyph in sorted(glyphs, key=lambda g: (g.top, g.x0)):
        middle = (glyph.top + glyph.bottom) / 2
        if band is not None and band[0] <= middle <= band[1]:
            runs[-1].glyphs.append(glyph)
            continue
        runs.append(_Run([glyph]))
        band = (glyph.top, glyph.bottom)
    for run in runs:
        run.glyphs.sort(key=lambda g: g.x0)
    return runs


def _segments(run: _Run) -> list[str]:
    """A visual line's text, split where a gap as wide as a tab separates its parts."""
    size = run.size or 1.0
    parts: list[str] = []
    text = ""
    previous: Glyph | None = None
    for glyph in run.glyphs:
        if previous is not None:
            gap = glyph.x0 - previous.x1
            if gap > 1.5 * size:
                parts.append(text)
                text = ""
            elif gap > 0.25 * size and _latin(text[-1:]) and _latin(glyph.text):
                text += " "  # a space drawn as a gap (between CJK and Latin a gap is spacing)
        text += glyph.text
        previous = glyph
    parts.append(text)
    return [" ".join(p.split()) if p.isascii() else p.strip() for p in parts]


def _latin(char: str) -> bool:
    return char.isascii() and not char.isspace() and char != ""


_CLOSING = set("，。、；：？！）》」』”’%,.;:?!)]}…·—")
_OPENING = set("（《「『“‘([{")


def _lead(glyphs: Sequence[Glyph]) -> float:
    """The width of a line's first unbreakable piece: what would have had to fit on the line
    before (a Latin word; a CJK character with the punctuation that may not start a line)."""
    if not glyphs:
        return 0.0
    end = 1
    while end < len(glyphs) and not _breaks(glyphs[end - 1].text, glyphs[end].text):
        end += 1
    return glyphs[end - 1].x1 - glyphs[0].x0


def _breaks(before: str, after: str) -> bool:
    """Whether a line may break between two characters (the rules a layout applies, simply)."""
    if before.isspace() or after.isspace():
        return True
    if after in _CLOSING or before in _OPENING:
        return False
    if _latin(after) and after.isalnum() and (_latin(before) or before in _CLOSING):
        return False  # inside a Latin word or number, or "。2023"
    return not (_latin(before) and not before.isalnum())  # "/人", "-3"


_TERMINAL = tuple("。；;！!？?：:")
_ITEM = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}\s*[.、．]|[一二三四五六七八九十]{1,3}、)")


def _wrapped(before: _Run, after: _Run, room: float, tol: float = 0.5) -> bool:
    """Whether ``after`` continues ``before``: the start of after did not fit where before ended.

    ``room`` is the width the line had. A line ending a sentence, followed by a numbered item,
    is taken to end there even if it is full.
    """
    text_after = "".join(g.text for g in after.glyphs)
    if before.glyphs[-1].text in _TERMINAL and _ITEM.match(text_after):
        return False
    lead = _lead(after.glyphs)
    if _latin(before.glyphs[-1].text) != _latin(after.glyphs[0].text):
        lead += 0.25 * after.size  # the space a layout puts between Latin and CJK text
    return (before.x1 - before.x0) + lead > room - tol


def _joined(before: str, after: str) -> str:
    if before[-1:].isascii() and before[-1:].isalnum() and after[:1].isascii() \
            and after[:1].isalnum():
        return f"{before} {after}"
    return before + after


# --------------------------------------------------------------------------- tables
@dataclass
class _Table:
    columns: tuple[float, ...]  # the x of every vertical edge
    rows: list[tuple[str, ...]]
    top: float
    page: int


def _cell_text(glyphs: Sequence[Glyph], box: Box, pad: float) -> str:
    runs = _runs(glyphs)
    if not runs:
        return ""
    room = (box[2] - box[0]) - 2 * pad
    text = "".join(_segments_joined(runs[0]))
    for before, after in zip(runs, runs[1:], strict=False):
        piece = "".join(_segments_joined(after))
        text = _joined(text, piece) if _wrapped(before, after, room) else f"{text}\n{piece}"
    return text.strip()


def _segments_joined(run: _Run) -> str:
    return " ".join(s for s in _segments(run) if s)


#: The side (points) of the squares boxes are filed under, so that a glyph finds its cell among
#: a few boxes instead of all of a table's.
_BUCKET = 24.0


def _bucketed(boxes: Sequence[Box]) -> dict[tuple[int, int], list[Box]]:
    index: dict[tuple[int, int], list[Box]] = {}
    for box in boxes:
        for i in range(int(box[0] // _BUCKET), int(box[2] // _BUCKET) + 1):
            for j in range(int(box[1] // _BUCKET), int(box[3] // _BUCKET) + 1):
                index.setdefault((i, j), []).append(box)
    return index


def _table(grid: Grid, glyphs: Sequence[Glyph], page: int) -> tuple[_Table, list[Glyph]]:
    """The table's rows of cell texts, and the glyphs that lie outside it."""
    boxes = [box for row in grid.rows for box in row if box]
    x0 = min(b[0] for b in boxes)
    x1 = max(b[2] for b in boxes)
    top = min(b[1] for b in boxes)
    bottom = max(b[3] for b in boxes)
    inside: dict[Box, list[Glyph]] = {b: [] for b in boxes}
    index = _bucketed(boxes)
    outside: list[Glyph] = []
    for glyph in glyphs:
        cx, cy = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            outside.append(glyph)
            continue
        box = next((b for b in index.get((int(cx // _BUCKET), int(cy // _BUCKET)), ())
                    if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]), None)
        if box is None:
            outside.append(glyph)
        else:
            inside[box].append(glyph)
    gaps = [min(g.x0 for g in gs) - b[0] for b, gs in inside.items() if gs]
    pad = min(max(min(gaps, default=4.0), 0.5), 12.0)
    columns = tuple(sorted({round(b[0], 1) for b in boxes} | {round(x1, 1)}))
    rows = []
    for row in grid.rows:
        cells = [""] * (len(columns) - 1)
        for box in row:
            if box is not None:
                cells[_column(columns, box[0])] = _cell_text(inside[box], box, pad)
        rows.append(tuple(cells))
    return _Table(columns, rows, top, page), outside


# --------------------------------------------------------------------------- pages
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—―－\s]*\d{1,5}[-–—―－\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
    r"|\d+\s*/\s*\d+)$")
_LEADER = re.compile(r"\s*(?:[.·…‥．。]\s*){4,}\s*")


@dataclass
class _Text:
    run: _Run
    text: str
    segments: list[str]
    page: int


Item = _Text | _Table


def _page_items(page: Page) -> list[tuple[float, Item]]:
    glyphs: list[Glyph] = list(page.glyphs)
    tables: list[_Table] = []
    for grid in page.tables:
        if any(box for row in grid.rows for box in row):
            table, glyphs = _table(grid, glyphs, page.number)
            tables.append(table)
    items: list[tuple[float, Item]] = [(t.top, t) for t in tables]
    for run in _runs(glyphs):
        segments = _segments(run)
        if any(segments):
            items.append((run.top, _Text(run, " ".join(s for s in segments if s), segments,
                                         page.number)))
    items.sort(key=lambda pair: pair[0])
    return items


def _chrome(pages: list[list[tuple[float, Item]]], heights: dict[int, float]) -> set[int]:
    """The ids of items that are page chrome: page numbers at a page's start or end, and
    running heads or feet (the same line, digits aside, in the margin of many pages)."""
    ends: list[_Text] = []
    for items in pages:
        texts = [i for _, i in items if isinstance(i, _Text)]
        for edge in (texts[:2], texts[-2:]):
            ends += [t for t in edge if t not in ends]
    dropped = {id(t) for t in ends if _PAGE_NUMBER.match(t.text)}
    margins = [t for t in ends if id(t) not in dropped and _in_margin(t, heights[t.page])]
    shape = Counter(_shape(t) for t in margins)
    enough = max(3, (len(pages) + 1) // 2)
    dropped |= {id(t) for t in margins if shape[_shape(t)] >= enough}
    return dropped


#: Running heads and feet stand in the page's top or bottom margin (a share of its height).
_MARGIN = 0.08


def _in_margin(text: _Text, height: float) -> bool:
    run = text.run
    return run.top < _MARGIN * height or max(g.bottom for g in run.glyphs) > (1 - _MARGIN) * height


def _shape(text: _Text) -> tuple[str, int]:
    """A line with its digits blanked, and where it stands: how running heads repeat."""
    return re.sub(r"\d+", "#", text.text), round(text.run.top / 4)


def _column(columns: Sequence[float], x: float) -> int:
    """The index of the column whose left edge is nearest x."""
    return min(range(len(columns) - 1), key=lambda i: abs(columns[i] - x))


def _continued(first: _Table, then: _Table) -> list[tuple[str, ...]] | None:
    """The rows of ``then`` in the columns of ``first`` when then continues first: the same
    outer edges and only column edges that first has (fewer rows may show fewer of them)."""
    near = _EDGE_TOLERANCE
    if abs(first.columns[0] - then.columns[0]) > near \
            or abs(first.columns[-1] - then.columns[-1]) > near \
            or any(min(abs(x - y) for y in first.columns) > near for x in then.columns):
        return None
    rows = []
    for row in then.rows:
        cells = [""] * (len(first.columns) - 1)
        for i, text in enumerate(row):
            if text:
                cells[_column(first.columns, then.columns[i])] = text
        rows.append(tuple(cells))
    return rows


#: How far apart (points) two ruling lines may be and still be the same column edge.
_EDGE_TOLERANCE = 1.5


def document_lines(pages: Sequence[Page]) -> PdfLines:
    """The document's lines in reading order, page chrome dropped and split parts joined."""
    per_page = [_page_items(page) for page in pages]
    chrome = _chrome(per_page, {page.number: page.height for page in pages})
    out = PdfLines()
    items: list[Item] = []
    for page_items in per_page:
        for _, item in page_items:
            if id(item) in chrome and isinstance(item, _Text):
                out.dropped.append(f"第 {item.page} 页：{item.text}")
            else:
                items.append(item)
    texts = [i for i in items if isinstance(i, _Text)]
    left = min((t.run.x0 for t in texts), default=0.0)
    right = max((t.run.x1 for t in texts), default=0.0)
    width = max((p.width for p in pages), default=0.0)
    if texts and right < width - left - 2 * max(t.run.size for t in texts):
        right = width  # no line runs near the right margin: no line was wrapped
    middle = (left + right) / 2
    page_of: dict[int, int] = {}
    previous: Item | None = None
    pending: _Text | None = None  # the paragraph being built
    paragraph = ""

    def emit(cells: tuple[str, ...], is_paragraph: bool, page: int) -> None:
        number = len(out.lines) + 1
        out.lines.append(Line(number, cells, paragraph=is_paragraph))
        page_of[number] = page

    def flush() -> None:
        nonlocal pending, paragraph
        if pending is not None:
            emit(_toc_cells(paragraph), True, pending.page)
        pending, paragraph = None, ""

    for item in items:
        if isinstance(item, _Table):
            flush()
            rows = item.rows
            moved = (_continued(previous, item) if isinstance(previous, _Table)
                     and previous.page + 1 == item.page else None)
            if isinstance(previous, _Table) and moved is not None:
                rows = _without_repeated_header(previous.rows, moved)
                if len(rows) < len(item.rows):
                    out.notes.append(f"第 {item.page} 页的表格接续上一页的表格，"
                                     f"重复的表头行（{len(item.rows) - len(rows)} 行）未计入")
                previous.rows += rows
                previous.page = item.page
            else:
                previous = item
            for row in rows:
                emit(row, False, item.page)
            continue
        if len(item.segments) > 1:
            flush()
            emit(tuple(item.segments), True, item.page)
            previous = item
            continue
        if pending is not None and _continues(pending, item, left, right, middle):
            paragraph = _joined(paragraph, item.text)
            pending = _Text(item.run, item.text, item.segments, pending.page)
        else:
            flush()
            pending, paragraph = item, item.text
        previous = item
    flush()
    out.pages = page_of
    return out


def _continues(before: _Text, after: _Text, left: float, right: float, middle: float) -> bool:
    """Whether the text line ``after`` goes on with the paragraph that ``before`` ends."""
    a, b = before.run, after.run
    if _toc_cells(before.text)[1:]:
        return False  # a 目录 entry ends with its page number
    if abs(a.size - b.size) > 0.15 * max(a.size, b.size):
        return False
    if not _wrapped(a, b, right - a.x0):
        return False
    if b.x0 <= left + 0.5 * b.size:
        return True  # flush left: the paragraph's next line
    centered = all(abs((r.x0 + r.x1) / 2 - middle) < b.size for r in (a, b))
    return centered and a.glyphs[-1].text not in _TERMINAL


def _toc_cells(text: str) -> tuple[str, ...]:
    """A paragraph's cells: a 目录 entry's dot leader separates its title from its page."""
    match = _LEADER.search(text)
    if match and text[match.end():].strip().isdigit():
        return (text[: match.start()].strip(), text[match.end():].strip())
    return (text,)


def _without_repeated_header(first: list[tuple[str, ...]],
                             rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The rows of a table's continuation without the header rows it repeats."""
    skip = 0
    while skip < len(rows) and skip < len(first) and rows[skip] == first[skip]:
        skip += 1
    if skip == 0 and rows and not any(ch.isdigit() for cell in rows[0] for ch in cell) \
            and rows[0] in first[:_HEADER_ROWS]:
        skip = 1  # a header row inside the table (一级指标 …) repeated on each page
    return rows[skip:]


#: A repeated header row is one of a table's first rows.
_HEADER_ROWS = 10
