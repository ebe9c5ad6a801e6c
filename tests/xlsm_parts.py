"""Test helpers: look inside a built .xlsm the way Excel would (zip parts, VML, VBA via olevba)."""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from oletools.olevba import VBA_Parser

_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_X = "{urn:schemas-microsoft-com:office:excel}"
_VML_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"


@dataclass(frozen=True)
class VmlButton:
    """A button as stored: macro, caption, 0-based anchor, whether it prints."""

    macro: str
    caption: str
    anchor: tuple[int, ...]
    prints: bool


def vba_modules(path: Path) -> dict[str, str]:
    """Module name → source text (``\\n`` line ends) as olevba extracts it."""
    parser = VBA_Parser(str(path))
    try:
        return {
            name.rsplit(".", 1)[0]: code.replace("\r\n", "\n")
            for _file, _stream, name, code in parser.extract_macros()
        }
    finally:
        parser.close()


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name → worksheet part name."""
    with zipfile.ZipFile(path) as z:
        workbook = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{_REL_NS}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        target = targets[sheet.get(f"{_DOC_REL_NS}id")]
        parts[sheet.get("name")] = _resolve("xl", target)
    return parts


def buttons(path: Path) -> dict[str, list[VmlButton]]:
    """Sheet name → the form buttons in its legacy (VML) drawing."""
    return {sheet: _parse_vml(vml) for sheet, vml in vml_drawings(path).items()}


def _rels_name(part: str) -> str:
    """``xl/worksheets/sheet1.xml`` → ``xl/worksheets/_rels/sheet1.xml.rels``."""
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a part name (absolute, or relative to ``folder``)."""
    return target.lstrip("/") if target.startswith("/") else \
        posixpath.normpath(posixpath.join(folder, target))


def _parse_vml(data: bytes) -> list[VmlButton]:
    root = ElementTree.fromstring(data)
    result = []
    for shape in root.iter("{urn:schemas-microsoft-com:vml}shape"):
        client = shape.find(f"{_X}ClientData")
        if client is None or client.get("ObjectType") != "Button":
            continue
        caption = "".join(shape.find("{urn:schemas-microsoft-com:vml}textbox").itertext()).strip()
        macro = client.findtext(f"{_X}FmlaMacro")
        anchor = tuple(int(n) for n in client.findtext(f"{_X}Anchor").split(","))
        result.append(VmlButton(re.sub(r"^\[0\]!", "", macro), caption, anchor,
                                client.findtext(f"{_X}PrintObject") != "False"))
    return result


def code_names(path: Path) -> tuple[str | None, list[str | None]]:
    """(workbook codeName, sheet codeNames in order)."""
    with zipfile.ZipFile(path) as z:
        workbook = ElementTree.fromstring(z.read("xl/workbook.xml"))
        pr = workbook.find(f"{_MAIN_NS}workbookPr")
        sheets = []
        for part in sheet_parts(path).values():
            sheet_pr = ElementTree.fromstring(z.read(part)).find(f"{_MAIN_NS}sheetPr")
            sheets.append(None if sheet_pr is None else sheet_pr.get("codeName"))
    return (None if pr is None else pr.get("codeName")), sheets


def part_bytes(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


# --------------------------------------------------------------------------- as Excel saves it
_VML_SHAPE = re.compile(r'<v:shape id="(_x0000_s\d+)"')


def save_like_excel(path: Path, out: Path) -> Path:
    """Rewrite a built .xlsm with the part names Excel gives it on save.

    Excel numbers the legacy drawings ``xl/drawings/vmlDrawing1..N.vml`` in sheet order, points
    the sheets at them with relative targets, and names each button shape ("Button 1") with its
    id moved to ``o:spid``.
    """
    renames: dict[str, str] = {}
    rels_parts: dict[str, bytes] = {}
    with zipfile.ZipFile(path) as z:
        for part in sheet_parts(path).values():
            rels_name = _rels_name(part)
            if rels_name not in z.namelist():
                continue
            rels = z.read(rels_name).decode()
            for target in re.findall(r'Target="([^"]*\.vml)"', rels):
                vml = _resolve(posixpath.dirname(part), target)
                renames[vml] = f"xl/drawings/vmlDrawing{len(renames) + 1}.vml"
                rels = rels.replace(f'Target="{target}"',
                                    f'Target="../drawings/{posixpath.basename(renames[vml])}"')
            rels_parts[rels_name] = rels.encode()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in z.infolist():
                data = rels_parts.get(info.filename, z.read(info))
                name = renames.get(info.filename, info.filename)
                if name != info.filename:
                    data = _excel_named_shapes(data)
                dst.writestr(name, data)
    return out


def _excel_named_shapes(vml: bytes) -> bytes:
    """``<v:shape id="_x0000_s1025"`` → ``<v:shape id="Button 1" o:spid="_x0000_s1025"``."""
    counter = iter(range(1, 10_000))
    return _VML_SHAPE.sub(lambda m: f'<v:shape id="Button {next(counter)}" o:spid="{m.group(1)}"',
                          vml.decode()).encode()


def missing_targets(path: Path) -> list[str]:
    """Relationship targets (internal) that name no part of the package."""
    missing = []
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        for rels_name in (n for n in names if n.endswith(".rels")):
            base = posixpath.dirname(posixpath.dirname(rels_name))
            for rel in ElementTree.fromstring(z.read(rels_name)).iter(f"{_REL_NS}Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target")
                if _resolve(base, target) not in names:
                    missing.append(f"{rels_name} → {target}")
    return missing


def vml_drawings(path: Path) -> dict[str, bytes]:
    """Sheet name → its legacy (VML) drawing part's bytes."""
    found = {}
    with zipfile.ZipFile(path) as z:
        for sheet, part in sheet_parts(path).items():
            rels_name = _rels_name(part)
            if rels_name not in z.namelist():
                continue
            for rel in ElementTree.fromstring(z.read(rels_name)).iter(f"{_REL_NS}Relationship"):
                if rel.get("Type") == _VML_REL:
                    found[sheet] = z.read(_resolve(posixpath.dirname(part), rel.get("Target")))
    return found


_O = "{urn:schemas-microsoft-com:office:office}"


def vml_shape_ids(data: bytes) -> tuple[int, list[str]]:
    """(number of o:shapelayout elements, each shape's id: o:spid, else its id attribute)."""
    root = ElementTree.fromstring(data)
    ids = [shape.get(f"{_O}spid") or shape.get("id")
           for shape in root.iter("{urn:schemas-microsoft-com:vml}shape")]
    return len(list(root.iter(f"{_O}shapelayout"))), ids


def vml_block(data: bytes) -> int:
    """The (first) block of shape ids a VML drawing declares in its o:idmap."""
    idmap = next(ElementTree.fromstring(data).iter(f"{_O}idmap"))
    return int(idmap.get("data").split(",")[0])
