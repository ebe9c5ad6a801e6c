"""Form buttons as the VML drawing part of an ``.xlsm`` sheet (``xl/drawings/*.vml``).

Excel stores "form control" buttons as VML shapes whose client data names the macro
(``<x:FmlaMacro>``). VML-only buttons survive an openpyxl round trip with ``keep_vba`` and
LibreOffice imports them bound to ``VBAProject.<module>.<Sub>``. Captions are Unicode in the XML,
so they can be Chinese although the VBA source is ASCII.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from xlperf.core.workbook.button_layout import Button, Corner, column_px, row_px

BUTTON_FONT = "宋体"
BUTTON_FONT_SIZE = 10  # points


def vml_drawing(buttons: Sequence[Button], drawing_id: int, widths: Mapping[int, float],
                heights: Mapping[int, float]) -> bytes:
    """The ``vmlDrawingN.vml`` part holding a sheet's buttons.

    ``drawing_id`` must be unique in the workbook (it numbers the shape ids); widths and heights
    are the sheet's explicit column widths (characters) and row heights (points).
    """
    shapes = [
        _shape(button, 1024 * drawing_id + n, n, widths, heights)
        for n, button in enumerate(buttons, start=1)
    ]
    text = (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">\n'
        ' <o:shapelayout v:ext="edit">'
        f'<o:idmap v:ext="edit" data="{drawing_id}"/></o:shapelayout>\n'
        ' <v:shapetype id="_x0000_t201" coordsize="21600,21600" o:spt="201"'
        ' path="m,l,21600r21600,l21600,xe">\n'
        '  <v:stroke joinstyle="miter"/>\n'
        '  <v:path shadowok="f" o:extrusionok="f" strokeok="f" fillok="f" o:connecttype="rect"/>\n'
        '  <o:lock v:ext="edit" shapetype="t"/>\n'
        ' </v:shapetype>\n'
        + "".join(shapes)
        + "</xml>\n"
    )
    return text.encode("utf-8")


def _shape(button: Button, shape_id: int, z: int, widths: Mapping[int, float],
           heights: Mapping[int, float]) -> str:
    tl, br = button.top_left, button.bottom_right
    left, top = _x(tl, widths), _y(tl, heights)
    right, bottom = _x(br, widths), _y(br, heights)
    style = (
        f"position:absolute;margin-left:{_pt(left)}pt;margin-top:{_pt(top)}pt;"
        f"width:{_pt(right - left)}pt;height:{_pt(bottom - top)}pt;z-index:{z};"
        "mso-wrap-style:tight"
    )
    # x:Anchor is 0-based: left column, x offset, top row, y offset, right column, …
    anchor = ", ".join(str(n) for n in (tl.col - 1, tl.dx, tl.row - 1, tl.dy,
                                        br.col - 1, br.dx, br.row - 1, br.dy))
    font = f'<font face={quoteattr(BUTTON_FONT)} size="{BUTTON_FONT_SIZE * 20}" color="#000000">'
    return (
        f' <v:shape id="_x0000_s{shape_id}" type="#_x0000_t201" style="{style}"'
        ' o:button="t" fillcolor="buttonFace [67]" strokecolor="windowText [64]"'
        ' o:insetmode="auto">\n'
        '  <v:fill color2="buttonFace [67]" o:detectmouseclick="t"/>\n'
        '  <o:lock v:ext="edit" rotation="t"/>\n'
        '  <v:textbox style="mso-direction-alt:auto" o:singleclick="f">\n'
        f'   <div style="text-align:center">{font}{escape(button.caption)}</font></div>\n'
        '  </v:textbox>\n'
        '  <x:ClientData ObjectType="Button">\n'
        f"   <x:Anchor>{anchor}</x:Anchor>\n"
        "   <x:PrintObject>False</x:PrintObject>\n"
        "   <x:AutoFill>False</x:AutoFill>\n"
        f"   <x:FmlaMacro>[0]!{escape(button.macro)}</x:FmlaMacro>\n"
        "   <x:TextHAlign>Center</x:TextHAlign>\n"
        "   <x:TextVAlign>Center</x:TextVAlign>\n"
        "  </x:ClientData>\n"
        " </v:shape>\n"
    )


def _x(corner: Corner, widths: Mapping[int, float]) -> int:
    return sum(column_px(widths.get(c)) for c in range(1, corner.col)) + corner.dx


def _y(corner: Corner, heights: Mapping[int, float]) -> int:
    return sum(row_px(heights.get(r)) for r in range(1, corner.row)) + corner.dy


def _pt(px: int) -> str:
    return f"{px * 0.75:g}"


# --------------------------------------------------------------------------- after openpyxl
_V, _O = "urn:schemas-microsoft-com:vml", "urn:schemas-microsoft-com:office:office"
_X = "urn:schemas-microsoft-com:office:excel"
for _prefix, _uri in (("v", _V), ("o", _O), ("x", _X)):
    ElementTree.register_namespace(_prefix, _uri)
_SHAPE_ID = re.compile(r"_x0000_s(\d+)$")
#: The shape type openpyxl gives cell comments (notes).
NOTE_TYPE = "#_x0000_t202"


def tidy_drawing(data: bytes, block: int | None = None) -> bytes:
    """One ``o:shapelayout`` and unique shape ids in a drawing openpyxl added comments to.

    openpyxl writes a sheet's comments into its existing legacy drawing (our buttons) with a
    second shapelayout and ids from ``_x0000_s1026`` on, whatever ids the buttons have. Here the
    extra shapelayouts go and the comment shapes are numbered after the other shapes, in the
    block the drawing's shapelayout declares (also when only their ids lie outside it, as after
    openpyxl rewrote the comments of a drawing moved to another block). A drawing openpyxl made
    for comments alone always declares block 1; ``block`` moves it to another one, so that no
    two drawings of a workbook share shape ids, as in files Excel writes. A drawing with nothing
    to fix, or that is not well-formed XML (Excel's own may not be), is returned unchanged.
    """
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return data
    layouts = root.findall(f"{{{_O}}}shapelayout")
    shapes = root.findall(f"{{{_V}}}shape")
    ids = [_shape_id(shape) for shape in shapes]
    notes = [shape for shape in shapes if shape.get("type") == NOTE_TYPE]
    move = len(notes) == len(shapes) if block is not None else False
    idmap = layouts[0].find(f"{{{_O}}}idmap") if layouts else None
    first = idmap.get("data") if idmap is not None else None
    start = int(re.split(r"\D+", first or "1")[0]) * 1024
    outside = [note for note in notes if not (m := _SHAPE_ID.match(_shape_id(note)))
               or not start < int(m.group(1)) < start + 1024]
    if len(layouts) <= 1 and len(ids) == len(set(ids)) and not outside and not move:
        return data
    for extra in layouts[1:]:
        root.remove(extra)
    if block is not None and move and idmap is not None:
        idmap.set("data", str(block))
        start = block * 1024
    used = {int(m.group(1)) for shape in shapes if shape not in notes
            and (m := _SHAPE_ID.match(_shape_id(shape)))}
    next_id = max(used | {start}) + 1
    for note in notes:
        note.attrib.pop(f"{{{_O}}}spid", None)
        note.set("id", f"_x0000_s{next_id}")
        next_id += 1
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=False)


def drawing_blocks(data: bytes) -> set[int]:
    """The blocks of shape ids a drawing declares (``o:idmap data="1,2"``), read as text."""
    found = re.findall(rb'<(?:\w+:)?idmap\b[^>]*\sdata="([\d, ]+)"', data)
    return {int(n) for text in found for n in re.findall(rb"\d+", text)}


def _shape_id(shape: ElementTree.Element) -> str:
    """A shape's id: ``o:spid`` where Excel moved it (its ``id`` is then a name), else ``id``."""
    return shape.get(f"{{{_O}}}spid") or shape.get("id") or ""
