"""Plain-text VBA modules (``macros/*.bas``) → a ``vbaProject.bin`` that Excel and LibreOffice load.

The project is written here, stream by stream (``files.ovba``) into a compound file
(``files.cfb``), matching what Excel itself writes record for record outside the module list
(``tests/files/test_vba_reference.py`` compares it with xlwings.xlam). The same sources always
give the same bytes. The project's code page is 1252, so sources must be ASCII.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from xlperf.errors import XlperfError
from xlperf.files import cfb, ovba

#: The document modules' base classes (MS-OVBA: "Attribute VB_Base"), as Excel writes them.
WORKBOOK_CLASS = uuid.UUID("00020819-0000-0000-C000-000000000046")
WORKSHEET_CLASS = uuid.UUID("00020820-0000-0000-C000-000000000046")
WORKBOOK_MODULE = "ThisWorkbook"
#: Excel's name for a workbook's project.
PROJECT_NAME = "VBAProject"
#: A fixed project id: it only has to be a GUID; fixed keeps builds reproducible.
PROJECT_ID = "{6F1D2B7E-3C4A-4B8E-9D51-0A7C2E5F8B13}"

_NAME_LINE = re.compile(r'^Attribute VB_Name = "([A-Za-z][A-Za-z0-9_]{0,30})"\s*$')
_SUB = re.compile(r"^\s*(?:Public\s+)?Sub\s+([A-Za-z][A-Za-z0-9_]*)\s*\(\s*\)", re.I | re.M)


class MacroSourceError(XlperfError):
    """A ``.bas`` file that cannot go into a VBA project."""


@dataclass(frozen=True)
class Module:
    """One standard module: its VBA name and its source text (``\\n`` line ends)."""

    name: str
    source: str

    @property
    def subs(self) -> list[str]:
        """The parameterless public Subs, i.e. what a button can call."""
        return _SUB.findall(self.source)


def read_module(path: Path) -> Module:
    """Read a ``.bas`` file and check what the VBA project needs of it.

    Raises:
        MacroSourceError: when the file has non-ASCII text or no matching ``VB_Name`` line.
    """
    raw = Path(path).read_bytes()
    for number, line in enumerate(raw.splitlines(), start=1):
        if any(byte > 0x7F for byte in line):
            raise MacroSourceError(
                f"{path}：第 {number} 行含非 ASCII 字符；VBA 工程按代码页 1252 保存，"
                "中文请写成 U(\"码位\")"
            )
    source = raw.decode("ascii").replace("\r\n", "\n")
    match = _NAME_LINE.match(source.split("\n", 1)[0])
    if match is None or match.group(1) != Path(path).stem:
        raise MacroSourceError(f'{path}：第一行应为 Attribute VB_Name = "{Path(path).stem}"')
    return Module(match.group(1), source)


def read_modules(paths: Sequence[Path]) -> list[Module]:
    """Read several ``.bas`` files (see :func:`read_module`)."""
    return [read_module(p) for p in paths]


def build_vba_project(modules: Sequence[Module], sheet_code_names: Sequence[str]) -> bytes:
    """Build a ``vbaProject.bin``: ThisWorkbook, one document module per sheet, then modules.

    Every worksheet of the workbook needs a document module named by its codeName, as in
    files Excel writes; ``sheet_code_names`` lists them in sheet order. Every module is stored
    as source only (no compiled code), as ``Main`` in xlwings.xlam: Excel compiles it on open.

    Raises:
        MacroSourceError: when two modules have the same name (VBA names ignore case).
    """
    sources = [(WORKBOOK_MODULE, True, document_source(WORKBOOK_MODULE, WORKBOOK_CLASS))]
    sources += [(name, True, document_source(name, WORKSHEET_CLASS)) for name in sheet_code_names]
    sources += [(module.name, False, module.source) for module in modules]
    seen: set[str] = set()
    for name, _document, _source in sources:
        if name.casefold() in seen:
            raise MacroSourceError(f"VBA 工程中模块名重复：{name}")
        seen.add(name.casefold())
    entries = [ovba.ModuleEntry(name, document) for name, document, _source in sources]
    storage: dict[str, bytes] = {"dir": ovba.compress(ovba.dir_stream(PROJECT_NAME, entries))}
    for name, _document, source in sources:
        storage[name] = ovba.compress(source.replace("\n", "\r\n").encode(ovba.ENCODING))
    storage["_VBA_PROJECT"] = ovba.VBA_PROJECT_STREAM
    return cfb.compound_file({
        "VBA": storage,
        "PROJECT": ovba.project_stream(PROJECT_ID, PROJECT_NAME, entries),
        "PROJECTwm": ovba.projectwm_stream(entries),
    })


def document_source(name: str, base: uuid.UUID) -> str:
    """The text of a document module as Excel writes a new one (attributes only)."""
    return (
        f'Attribute VB_Name = "{name}"\n'
        f'Attribute VB_Base = "0{{{str(base).upper()}}}"\n'
        "Attribute VB_GlobalNameSpace = False\nAttribute VB_Creatable = False\n"
        "Attribute VB_PredeclaredId = True\nAttribute VB_Exposed = True\n"
        "Attribute VB_TemplateDerived = False\nAttribute VB_Customizable = True\n"
    )
