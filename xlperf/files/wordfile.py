"""The Word adapter: document blocks → ``.docx``, and ``.docx`` → document lines (python-docx).

All decisions about content and order are made in :mod:`xlperf.core.document.blocks` (and
:mod:`xlperf.core.review.letter`); this module only knows how Word spells them: A4 pages,
Chinese fonts set through their East Asian attribute, bookmarks with PAGEREF fields for the 目录,
page numbers in the footer, merged table cells.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Mm, Pt
from docx.styles.style import CharacterStyle
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from xlperf.core.document.blocks import Block, Paragraph, WordTable, document_blocks
from xlperf.core.document.parse import Line
from xlperf.core.model.unit_workbook import UnitWorkbook
from xlperf.core.workbook import layout
from xlperf.errors import InputFileError

LATIN_FONT = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(30), "bottom": Mm(28), "left": Mm(26), "right": Mm(24)}
TEXT_WIDTH = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]


@dataclass(frozen=True)
class Look:
    """How one kind of paragraph looks."""

    font: str
    size: float
    bold: bool = False
    align: str = "left"  # left | center | justify
    indent: bool = False  # first line indented by two characters
    before: float = 0  # points
    after: float = 0
    outline: int | None = None  # level in Word's navigation pane
    keep: bool = False  # on the same page as the next paragraph (headings, a signature)


LOOKS: dict[str, Look] = {
    "cover_title": Look("宋体", 26, bold=True, align="center", before=150, after=18),
    "cover_subtitle": Look("宋体", 22, bold=True, align="center", after=200),
    "cover_line": Look("仿宋", 16, align="center", after=12),
    "toc_title": Look("黑体", 18, align="center", after=18),
    "toc_part": Look("黑体", 14, before=12, after=6),
    "toc_entry": Look("仿宋", 14, after=6),
    "part": Look("黑体", 18, align="center", before=60, after=6, outline=0),
    "part_title": Look("宋体", 22, bold=True, align="center", after=24),
    "section": Look("黑体", 16, before=12, after=6, outline=1),
    "sub_name": Look("楷体", 14, bold=True, indent=True, before=6),
    "body": Look("仿宋", 14, align="justify", indent=True, after=4),
    "table_title": Look("黑体", 14, align="center", after=10, outline=1),
    "unit_line": Look("宋体", 10.5, after=3),
    # 审核意见书 (core.review.letter), in the manner of official letters: 三号 仿宋 body,
    # 黑体 and 楷体 headings indented like the body, signature and date flush right.
    "letter_title": Look("宋体", 22, bold=True, align="center", before=12, after=6),
    "letter_subtitle": Look("楷体", 16, align="center", after=18),
    "letter_to": Look("仿宋", 16, after=4),
    "letter_body": Look("仿宋", 16, align="justify", indent=True, after=4),
    "letter_h1": Look("黑体", 16, indent=True, before=8, after=4, outline=0, keep=True),
    "letter_h2": Look("楷体", 16, bold=True, indent=True, before=6, after=6, outline=1,
                      keep=True),
    "letter_signer": Look("仿宋", 16, align="right", before=36, keep=True),
    "letter_sign": Look("仿宋", 16, align="right"),
}
CELL_FONT, CELL_SIZE = "宋体", 10.5
ROW_HEIGHT = 22  # points, the least a table row gets
CENTERED_CELLS = frozenset({"label", "header", "input_center", "input_level", "input_percent"})
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "right": WD_ALIGN_PARAGRAPH.RIGHT}


# =========================================================================== write
def write_unit(book: UnitWorkbook, path: Path) -> Path:
    """Write a unit's 部门预算绩效文本 as a Word document; returns the path.

    The title goes into the file's properties, and so does the unit line (``711001 某单位本级``),
    which the importer falls back on for a document without project tables.
    """
    return write_docx(document_blocks(book), path, title=book.title,
                      unit_line=layout.unit_line(book.info.code, book.info.name))


def write_docx(blocks: Sequence[Block], path: Path, *, title: str, unit_line: str = "") -> Path:
    """Write the blocks as a Word document; returns the path."""
    document = blank_document()
    properties = document.core_properties
    # Word keeps at most 255 characters in a property (python-docx refuses longer ones).
    properties.title, properties.subject = title[:255], unit_line[:255]
    properties.category, properties.author = "部门预算绩效文本", "xlperf"
    _update_fields_on_open(document)
    bookmark_ids = iter(range(1, 10_000))
    for block in blocks:
        if isinstance(block, WordTable):
            _table(document, block)
        else:
            _paragraph(document, block, bookmark_ids)
    document.save(str(path))
    return path


def blank_document(*, cover: bool = True) -> docx.document.Document:
    """An empty A4 document with xlperf's margins and fonts.

    With ``cover`` (the 绩效文本) the first section, cover and 目录, has no page numbers: the
    body starts a section numbered from 1 (see :func:`_numbered_section`). Without it (a letter)
    every page is numbered.
    """
    document = docx.Document()
    _page_setup(document)
    _fonts(document.styles["Normal"], "宋体", 10.5)
    if not cover:
        _page_numbers(document.sections[0])
    return document


def _page_setup(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side, size in MARGINS.items():
        setattr(section, f"{side}_margin", size)
    section.start_type = WD_SECTION.NEW_PAGE


def _numbered_section(document: docx.document.Document) -> None:
    """Start the body: a new section with "— 1 —" page numbers counted from its first page."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    section._sectPr.append(numbering)
    section.footer.is_linked_to_previous = False
    _page_numbers(section)


def _page_numbers(section: Section) -> None:
    """The footer "— n —" of a section."""
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, "— ", "宋体", 12)
    _field(footer, "PAGE", "1", "宋体", 12)
    _run(footer, " —", "宋体", 12)


def _update_fields_on_open(document: docx.document.Document) -> None:
    """Ask Word to refresh the 目录 page numbers when the file is opened."""
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # Word rejects settings out of schema order: updateFields goes before these.
    later = next((child for child in settings if child.tag in _AFTER_UPDATE_FIELDS), None)
    if later is not None:
        later.addprevious(update)
    else:
        settings.append(update)


_AFTER_UPDATE_FIELDS = frozenset(qn(f"w:{name}") for name in (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "attachedSchema",
    "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
    "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
    "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)) | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"}


def _fonts(target: CharacterStyle | Run, east_asian: str, size: float,
           bold: bool = False) -> None:
    """Set a style's or run's font: Latin and East Asian names are separate attributes."""
    font = target.font
    font.name, font.size, font.bold = LATIN_FONT, Pt(size), bold
    r_pr = target.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)


def _run(paragraph: DocxParagraph, text: str, font: str, size: float,
         bold: bool = False) -> Run:
    run = paragraph.add_run(text)
    _fonts(run, font, size, bold)
    return run


def _field(paragraph: DocxParagraph, instruction: str, shown: str, font: str,
           size: float) -> None:
    """A complex field (PAGE, PAGEREF …) with a cached result Word and LibreOffice refresh."""
    for kind, text in (("begin", None), ("instr", f" {instruction} "), ("separate", None),
                       ("text", shown), ("end", None)):
        run = _run(paragraph, "", font, size)
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "text":
            run.text = text or ""
            continue
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _paragraph(document: docx.document.Document, block: Paragraph,
               bookmark_ids: Iterator[int]) -> None:
    look = LOOKS[block.style]
    if block.numbered_from_here:
        _numbered_section(document)
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = _ALIGN[look.align]
    fmt.space_before, fmt.space_after = Pt(look.before), Pt(look.after)
    fmt.line_spacing = 1.25
    if look.indent:
        fmt.first_line_indent = Pt(look.size * 2)
    if look.keep:
        fmt.keep_with_next = True
    if block.new_page and not block.numbered_from_here:  # a new section starts a page anyway
        fmt.page_break_before = True
    if look.outline is not None:
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(look.outline))
        paragraph._p.get_or_add_pPr().append(outline)
    if block.page_of or block.right is not None:
        stops = fmt.tab_stops
        leader = WD_TAB_LEADER.DOTS if block.page_of else WD_TAB_LEADER.SPACES
        stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, leader)
    lines = block.text.split("\n")
    for i, text in enumerate(lines):
        run = _run(paragraph, text, look.font, look.size, look.bold)
        if i < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)
    if block.right is not None:
        _run(paragraph, "\t" + block.right, look.font, look.size, look.bold)
    if block.page_of:
        _run(paragraph, "\t", look.font, look.size)
        _field(paragraph, f"PAGEREF {block.page_of} \\h", "", look.font, look.size)
    if block.bookmark:
        _bookmark(paragraph, block.bookmark, next(bookmark_ids))


def _bookmark(paragraph: DocxParagraph, name: str, number: int) -> None:
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(number))
    p = paragraph._p
    first_run = p.find(qn("w:r"))
    if first_run is not None:
        first_run.addprevious(start)
    else:
        p.append(start)
    p.append(end)


def _table(document: docx.document.Document, block: WordTable) -> None:
    n_rows, n_cols = len(block.rows), len(block.widths)
    table = document.add_table(rows=n_rows, cols=n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(block.widths)
    widths = [int(TEXT_WIDTH * w / total) for w in block.widths]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    cells = [row.cells for row in table.rows]
    for r in range(n_rows):
        _cant_split(table.rows[r])
        for c in range(n_cols):
            cells[r][c].width = widths[c]
    for r1, c1, r2, c2 in block.merges:
        cells[r1][c1].merge(cells[r2][c2])
    covered = {(r, c) for r1, c1, r2, c2 in block.merges
               for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) != (r1, c1)}
    grid = table._cells  # one pass over the merged table (table.cell() would redo it per call)
    for r, row in enumerate(block.rows):
        for c, spec in enumerate(row):
            if (r, c) in covered:
                continue
            cell = grid[r * n_cols + c]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            _cell_text(cell, spec.text, spec.style)
    # A paragraph after the table keeps the next page break from gluing tables together.
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_after = Pt(0)


def _cant_split(row: _Row) -> None:
    """Keep each row on one page and give it room: at least ROW_HEIGHT points high."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(int(ROW_HEIGHT * 20)))
    height.set(qn("w:hRule"), "atLeast")
    tr_pr.append(height)


def _cell_text(cell: _Cell, text: str, style: str) -> None:
    paragraphs = cell.paragraphs
    first = paragraphs[0]
    for i, line in enumerate(text.split("\n") if text else [""]):
        paragraph = first if i == 0 else cell.add_paragraph()
        if style in CENTERED_CELLS:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif style == "input_money":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_after = Pt(0)
        if line:
            _run(paragraph, line, CELL_FONT, CELL_SIZE, bold=style == "header")


# =========================================================================== read
def read_docx(path: Path) -> tuple[list[Line], str]:
    """The document's paragraphs and table rows in order, as lines, and its stored unit line.

    Each paragraph is one line (text boxes, as on many covers, give their own lines first) and
    each table row is one line whose cells are the row's grid cells: a merged cell gives its
    text once, at its first grid position, and blanks after (at most :data:`MAX_GRID` cells).
    A table nested in a cell gives its rows as lines after the row holding it.

    Raises:
        InputFileError: a table is longer than any 绩效文本's.
    """
    document = docx.Document(str(path))
    lines: list[Line] = []
    try:
        for cells, paragraph in _body_rows(document.element.body):
            lines.append(Line(len(lines) + 1, cells, paragraph=paragraph))
    except InputFileError as exc:
        raise InputFileError(str(path), exc.reason) from None
    return lines, (document.core_properties.subject or "").strip()


#: Word's tables have at most 63 columns: a wider span or indent is no real table's, and is
#: cut there (a span of 2e8 would otherwise make 2e8 blank cells).
MAX_GRID = 63
#: The longest table of a 绩效文本 (a project's indicators): longer ones are refused, since
#: each row becomes merged cells of one sheet, whose cost grows with the rows already there.
MAX_TABLE_ROWS = 1000


def _body_rows(parent: Iterable[BaseOxmlElement]) -> Iterator[tuple[tuple[str, ...], bool]]:
    """Raises: InputFileError: a table is longer than :data:`MAX_TABLE_ROWS` rows."""
    for child in parent:
        tag = child.tag
        if tag == qn("w:p"):
            for box in _text_boxes(child):
                for p in box.iter(qn("w:p")):
                    yield _split(_paragraph_text(p)), True
            yield _split(_paragraph_text(child)), True
        elif tag == qn("w:tbl"):
            for n, tr in enumerate(child.iterchildren(qn("w:tr")), start=1):
                if n > MAX_TABLE_ROWS:
                    raise InputFileError("", f"文档中有超过 {MAX_TABLE_ROWS} 行的表格，"
                                             "不像绩效文本的项目表，未导入")
                yield _row_cells(tr), False
                for tc in tr.iterchildren(qn("w:tc")):  # a table inside a cell: its rows after
                    yield from _body_rows(tc.iterchildren(qn("w:tbl")))
        elif tag == qn("w:sdt"):  # content controls, e.g. Word's automatic 目录
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_rows(content)


def _text_boxes(p: BaseOxmlElement) -> list[BaseOxmlElement]:
    """Text boxes anchored in a paragraph, each once (Word also stores a VML fallback copy)."""
    return [box for box in p.iter(qn("w:txbxContent"))
            if not any(a.tag == f"{{{_MC}}}Fallback" for a in box.iterancestors())]


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("\t"))


def _paragraph_text(p: CT_P) -> str:
    """A paragraph's own text (python-docx leaves out text boxes, as wanted here)."""
    return DocxParagraph(p, None).text  # type: ignore[arg-type]


def _row_cells(tr: BaseOxmlElement) -> tuple[str, ...]:
    cells: list[str] = []
    tr_pr = tr.find(qn("w:trPr"))
    before = tr_pr.find(qn("w:gridBefore")) if tr_pr is not None else None
    if before is not None:
        cells += [""] * _grid(before, 0)
    for tc in tr.iterchildren(qn("w:tc")):
        tc_pr = tc.find(qn("w:tcPr"))
        span, continued = 1, False
        if tc_pr is not None:
            grid_span = tc_pr.find(qn("w:gridSpan"))
            span = _grid(grid_span, 1) if grid_span is not None else 1
            v_merge = tc_pr.find(qn("w:vMerge"))
            continued = v_merge is not None and v_merge.get(qn("w:val"), "continue") == "continue"
        text = "" if continued else _cell_text_of(tc)
        cells += [text] + [""] * min(span - 1, max(0, MAX_GRID - len(cells) - 1))
    return tuple(cells)


def _grid(element: BaseOxmlElement, default: int) -> int:
    """A gridSpan or gridBefore, within 0 … :data:`MAX_GRID`."""
    value = element.get(qn("w:val"), str(default))
    number = int(value) if value.isdigit() else default
    return max(0, min(number, MAX_GRID))


def _cell_text_of(tc: BaseOxmlElement) -> str:
    return "\n".join(_paragraph_text(p) for p in tc.iterchildren(qn("w:p"))).strip()
