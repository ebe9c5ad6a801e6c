"""The fixed parts of the summary workbook package: styles, workbook, relationships, properties.

Written by ``xlsxstream`` around the streamed sheets; plain strings, stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from xlperf.core.workbook.grid import col_letter

if TYPE_CHECKING:
    from xlperf.core.summary.tables import Table

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
FONT = "宋体"
GENERATOR = "xlperf"

# Style ids (cellXfs order below).
(TITLE, HEADER, TEXT, WRAP, MONEY, INT, NUMBER, TOTAL_TEXT, TOTAL_MONEY, TOTAL_INT, LEFT_MONEY,
 LEFT_INT, INPUT, INPUT_HEADER) = range(1, 15)



def escape(text: str) -> str:
    """Text as XML character data: markup escaped, Excel's _xHHHH_ escapes protected."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "_x" in text:  # Excel would decode _xHHHH_ as a character: escape the underscore
        text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
    return _CONTROL.sub("", text)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def styles() -> str:
    font = f'<name val="{FONT}"/><family val="3"/><charset val="134"/>'
    thin = '<left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/>'
    centre = '<alignment horizontal="center" vertical="center" wrapText="1"/>'
    middle = '<alignment vertical="center"/>'
    wrap = '<alignment vertical="center" wrapText="1"/>'
    left = '<alignment horizontal="left" vertical="center"/>'
    xfs = [
        ('numFmtId="0" fontId="0" fillId="0" borderId="0"', ""),  # default
        ('numFmtId="0" fontId="2" fillId="0" borderId="0" applyFont="1"', middle),  # title
        ('numFmtId="0" fontId="1" fillId="2" borderId="1" applyFont="1" applyFill="1" '
         'applyBorder="1" applyAlignment="1"', centre),  # header
        ('numFmtId="49" fontId="0" fillId="0" borderId="1" applyNumberFormat="1" '
         'applyBorder="1" applyAlignment="1"', middle),  # text
        ('numFmtId="49" fontId="0" fillId="0" borderId="1" applyNumberFormat="1" '
         'applyBorder="1" applyAlignment="1"', wrap),  # wrap
        ('numFmtId="164" fontId="0" fillId="0" borderId="1" applyNumberFormat="1" '
         'applyBorder="1" applyAlignment="1"', middle),  # money
        ('numFmtId="3" fontId="0" fillId="0" borderId="1" applyNumberFormat="1" '
         'applyBorder="1" applyAlignment="1"', middle),  # int
        ('numFmtId="0" fontId="0" fillId="0" borderId="1" applyBorder="1" '
         'applyAlignment="1"', middle),  # number
        ('numFmtId="49" fontId="1" fillId="3" borderId="1" applyNumberFormat="1" applyFont="1" '
         'applyFill="1" applyBorder="1" applyAlignment="1"', middle),  # total text
        ('numFmtId="164" fontId="1" fillId="3" borderId="1" applyNumberFormat="1" applyFont="1" '
         'applyFill="1" applyBorder="1" applyAlignment="1"', middle),  # total money
        ('numFmtId="3" fontId="1" fillId="3" borderId="1" applyNumberFormat="1" applyFont="1" '
         'applyFill="1" applyBorder="1" applyAlignment="1"', middle),  # total int
        ('numFmtId="164" fontId="0" fillId="0" borderId="1" applyNumberFormat="1" '
         'applyBorder="1" applyAlignment="1"', left),  # money in a text column
        ('numFmtId="3" fontId="0" fillId="0" borderId="1" applyNumberFormat="1" '
         'applyBorder="1" applyAlignment="1"', left),  # int in a text column
        ('numFmtId="49" fontId="0" fillId="4" borderId="1" applyNumberFormat="1" applyFill="1" '
         'applyBorder="1" applyAlignment="1"', wrap),  # a column the reader fills in
        ('numFmtId="0" fontId="1" fillId="5" borderId="1" applyFont="1" applyFill="1" '
         'applyBorder="1" applyAlignment="1"', centre),  # its header
    ]
    cell_xfs = "".join(f"<xf {attrs} xfId=\"0\">{align}</xf>" for attrs, align in xfs)

    def fill(rgb: str) -> str:
        return f'<fill><patternFill patternType="solid"><fgColor rgb="{rgb}"/></patternFill></fill>'

    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00##"/></numFmts>'
        f'<fonts count="3"><font><sz val="10"/>{font}</font><font><b/><sz val="10"/>{font}</font>'
        f'<font><b/><sz val="14"/>{font}</font></fonts>'
        '<fills count="6"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill>'
        f'{fill("FFD9E1F2")}{fill("FFF2F2F2")}{fill("FFFFF9E5")}{fill("FFFCE4D6")}</fills>'
        f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
        f'<border>{thin}<diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{len(xfs)}">{cell_xfs}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '</styleSheet>'
    )


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def workbook(tables: Sequence[Table]) -> str:
    hidden = ' state="hidden"'
    sheets = "".join(f'<sheet name="{escape(t.name)}" sheetId="{i}"'
                     f'{hidden if t.hidden else ""} r:id="rId{i}"/>'
                     for i, t in enumerate(tables, start=1))
    names = []
    for i, t in enumerate(tables):
        last_col = col_letter(len(t.columns))
        sheet = escape(_quoted(t.name))
        names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                     f'{sheet}!$A$2:${last_col}${max(2 + len(t.rows), 3)}</definedName>')
        if t.printed:
            names.append(f'<definedName name="_xlnm.Print_Area" localSheetId="{i}">'
                         f'{sheet}!$A$1:${col_letter(t.printed)}$'
                         f'{2 + len(t.rows) + (1 if t.total else 0)}</definedName>')
        names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
                     f'{sheet}!$1:$2</definedName>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><bookViews><workbookView activeTab="0"/>'
            f'</bookViews><sheets>{sheets}</sheets><definedNames>{"".join(names)}'
            '</definedNames><calcPr calcId="191029"/></workbook>')


def workbook_rels(count: int) -> str:
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = [f'<Relationship Id="rId{i}" Type="{base}/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, count + 1)]
    rels.append(f'<Relationship Id="rId{count + 1}" Type="{base}/styles" Target="styles.xml"/>')
    rels.append(f'<Relationship Id="rId{count + 2}" Type="{base}/sharedStrings" '
                'Target="sharedStrings.xml"/>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{PKG_REL}">{"".join(rels)}</Relationships>')


def content_types(count: int) -> str:
    ct = "application/vnd.openxmlformats-officedocument"
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                     f'ContentType="{ct}.spreadsheetml.worksheet+xml"/>'
                     for i in range(1, count + 1))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.spreadsheetml.sheet.main+xml"/>'
        f'{sheets}<Override PartName="/xl/styles.xml" ContentType="{ct}.spreadsheetml.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" '
        f'ContentType="{ct}.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{ct}.extended-properties+xml"/>'
        '</Types>'
    )


def root_rels() -> str:
    base = "http://schemas.openxmlformats.org"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{PKG_REL}">'
        f'<Relationship Id="rId1" Type="{base}/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/>'
        f'<Relationship Id="rId2" Type="{base}/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{base}/officeDocument/2006/relationships/'
        'extended-properties" Target="docProps/app.xml"/></Relationships>'
    )


def core_part(title: str, created: str | None) -> str:
    stamp = (f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
             if created else "")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'<dc:title>{escape(title)}</dc:title><dc:creator>{GENERATOR}</dc:creator>{stamp}'
        '</cp:coreProperties>'
    )


def app_part(tables: Sequence[Table]) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>xlperf</Application></Properties>')
