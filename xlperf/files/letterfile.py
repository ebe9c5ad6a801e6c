"""Many small Word documents, fast: the 审核意见书 of a whole county (python-docx once, then text).

Profiling ``wordfile.write_docx`` on a letter (40 paragraphs and table cells) shows where its
~170 ms go: about two thirds in python-docx building elements one property at a time (each font,
size and spacing looks up its place in the schema sequence), 2–3 ms per table looking up the
table style by name, ~20 ms saving the package (compressing python-docx's 790 KB of default
styles every time) and ~15 ms loading the default template. A letter only needs its own
``word/document.xml`` and ``docProps/core.xml``: the package (styles, page setup, margins, footer
with the page number, fonts) is built and compressed once by python-docx through
``wordfile.blank_document``, and each letter appends its two parts to a copy of those bytes. Its
body is written as text from the same :data:`wordfile.LOOKS`, exactly as python-docx spells it
(``tests/files/test_letterfile.py`` compares the two). About 1 ms a letter instead of 170.
Letters use paragraphs and tables without merged cells; anything else is refused rather than
drawn differently.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from docx.shared import Emu, Pt

from xlperf.core.document.blocks import Block, Cell, Paragraph, WordTable
from xlperf.files.fileio import atomic_write
from xlperf.files.wordfile import (
    CELL_FONT,
    CELL_SIZE,
    CENTERED_CELLS,
    LATIN_FONT,
    LOOKS,
    ROW_HEIGHT,
    TEXT_WIDTH,
    blank_document,
)

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_JC = {"left": "left", "center": "center", "justify": "both", "right": "right"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject>"
    "<dc:creator>xlperf</dc:creator><cp:category>{category}</cp:category>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">{date}T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{date}T00:00:00Z</dcterms:modified>'
    "</cp:coreProperties>"
)


class LetterWriter:
    """Renders blocks into .docx bytes, reusing one package built by python-docx."""

    def __init__(self) -> None:
        built = io.BytesIO()
        blank_document(cover=False).save(built)
        base = io.BytesIO()
        with zipfile.ZipFile(built) as package, zipfile.ZipFile(base, "w") as out:
            for name in package.namelist():
                if name in OWN_PARTS:
                    continue
                out.writestr(_info(name), package.read(name))
            document = package.read("word/document.xml").decode("utf-8")
        self.base = base.getvalue()
        start = document.index("<w:body>") + len("<w:body>")
        self.head, self.tail = document[:start], document[document.index("<w:sectPr"):]

    def render(self, blocks: Sequence[Block], *, title: str, subject: str = "",
               category: str = "审核意见书", date: str = "2000-01-01") -> bytes:
        """The whole .docx file of the blocks; the same blocks give the same bytes."""
        body = "".join(_table(b) if isinstance(b, WordTable) else _paragraph(b) for b in blocks)
        core = _CORE.format(title=_x(title), subject=_x(subject), category=_x(category),
                            date=date)
        out = io.BytesIO(self.base)
        out.seek(0, io.SEEK_END)
        with zipfile.ZipFile(out, "a") as package:
            package.writestr(_info("word/document.xml"), self.head + body + self.tail)
            package.writestr(_info("docProps/core.xml"), core)
        return out.getvalue()


#: The parts each letter writes; the others are the same for every letter.
OWN_PARTS = ("word/document.xml", "docProps/core.xml")


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_bytes(data: bytes, path: Path) -> Path:
    """Write a rendered document atomically."""
    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    return atomic_write(Path(path), write)


# --------------------------------------------------------------------------- the body as text
def _x(text: str) -> str:
    return escape(_CONTROL.sub("", text))


def _twips(points: float) -> int:
    return Pt(points).twips


#: What needs the slow path of :func:`_run`: tabs, breaks, control characters.
_SPECIAL = re.compile(r"[\x00-\x1f\ufffe\uffff]")


def _run(text: str, font: str, size: float, bold: bool) -> str:
    """A run as python-docx writes it: tabs and line breaks as their own elements."""
    properties = _run_properties(font, size, bold)
    if not _SPECIAL.search(text) and text.strip() == text:  # one plain <w:t>, the usual case
        return f"<w:r>{properties}<w:t>{escape(text)}</w:t></w:r>" if text else \
            f"<w:r>{properties}</w:r>"
    parts = []
    for piece in re.split(r"([\t\r\n])", _CONTROL.sub("", text)):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if piece.strip() != piece else ""
            parts.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return f"<w:r>{properties}{''.join(parts)}</w:r>"


@functools.lru_cache(maxsize=64)
def _run_properties(font: str, size: float, bold: bool) -> str:
    weight = "<w:b/>" if bold else '<w:b w:val="0"/>'
    return (f'<w:rPr><w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" '
            f'w:cs="{LATIN_FONT}" w:eastAsia="{font}"/>{weight}<w:sz w:val="{round(size * 2)}"/>'
            "</w:rPr>")


def _paragraph(block: Paragraph) -> str:
    if block.page_of or block.right is not None or block.bookmark:
        raise ValueError(f"letters do not use tabs, fields or bookmarks: {block}")
    look = LOOKS[block.style]
    properties = ["<w:keepNext/>"] if look.keep else []
    if block.new_page:
        properties.append("<w:pageBreakBefore/>")
    properties.append(f'<w:spacing w:before="{_twips(look.before)}" '
                      f'w:after="{_twips(look.after)}" w:line="300" w:lineRule="auto"/>')
    if look.indent:
        properties.append(f'<w:ind w:firstLine="{_twips(look.size * 2)}"/>')
    properties.append(f'<w:jc w:val="{_JC[look.align]}"/>')
    if look.outline is not None:
        properties.append(f'<w:outlineLvl w:val="{look.outline}"/>')
    lines = block.text.split("\n")
    runs = [_run(line, look.font, look.size, look.bold)[:-len("</w:r>")]
            + ("<w:br/>" if i < len(lines) - 1 else "") + "</w:r>"
            for i, line in enumerate(lines)]
    return f"<w:p><w:pPr>{''.join(properties)}</w:pPr>{''.join(runs)}</w:p>"


def _table(block: WordTable) -> str:
    if block.merges:
        raise ValueError("letters do not merge table cells")
    total = sum(block.widths)
    widths = [Emu(int(TEXT_WIDTH * w / total)).twips for w in block.widths]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    rows = []
    row_properties = (f'<w:trPr><w:cantSplit/><w:trHeight w:val="{int(ROW_HEIGHT * 20)}" '
                      'w:hRule="atLeast"/></w:trPr>')
    for row in block.rows:
        cells = "".join(_cell(cell, width) for cell, width in zip(row, widths, strict=True))
        rows.append(f"<w:tr>{row_properties}{cells}</w:tr>")
    return ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/>'
            '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/><w:tblLook w:firstColumn="1" '
            'w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" '
            f'w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'
            '<w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>')


def _cell(cell: Cell, width: int) -> str:
    head, paragraph = _cell_parts(cell.style, width)
    bold = cell.style == "header"
    lines = cell.text.split("\n") if cell.text else [""]
    body = "".join(paragraph + (_run(line, CELL_FONT, CELL_SIZE, bold) if line else "") + "</w:p>"
                   for line in lines)
    return f"{head}{body}</w:tc>"


@functools.lru_cache(maxsize=256)
def _cell_parts(style: str, width: int) -> tuple[str, str]:
    """A cell's opening (width, vertical centring) and its paragraphs' opening (alignment)."""
    if style in CENTERED_CELLS:
        align = '<w:jc w:val="center"/>'
    elif style == "input_money":
        align = '<w:jc w:val="right"/>'
    else:
        align = ""
    return (f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/><w:vAlign w:val="center"/>'
            "</w:tcPr>", f'<w:p><w:pPr><w:spacing w:after="0"/>{align}</w:pPr>')
