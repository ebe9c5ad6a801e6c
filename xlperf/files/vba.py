"""Plain-text VBA modules (``macros/*.bas``) → a ``vbaProject.bin`` that Excel and LibreOffice load.

The project is written here, stream by stream (``files.ovba``) into a compound file
(``files.cfb``), matching what Excel itself writes record for record outside the module list
(``tests/files/test_vba_reference.py`` compares it with xlwings.xlam). The same sources always
give the same bytes. The project's code page is 1252, so sources must be ASCII.
"""

from __future__ import annotations

import io
import re
import struct
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


# --------------------------------------------------------------------------- adopting a project
@dataclass(frozen=True)
class StoredSource:
    """A module of an existing project: name, whether it is a document module, source text."""

    name: str
    document: bool
    source: str


def read_streams(data: bytes) -> dict[str, bytes]:
    """Every stream of a compound file (``vbaProject.bin``), by path ("VBA/dir"), read by olefile.

    Raises:
        ValueError: when the data is not a compound file or cannot be read.
    """
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return {"/".join(path): ole.openstream(path).read() for path in ole.listdir()}
    except Exception as exc:  # noqa: BLE001 - olefile raises OSError and its own types
        raise ValueError(f"not a readable compound file ({type(exc).__name__})") from exc


def project_sources(data: bytes) -> list[StoredSource]:
    """The modules of a ``vbaProject.bin`` with their source (``\\n`` line ends), in order.

    Reads any project Excel wrote: compiled code before each source (MODULEOFFSET) is skipped.

    Raises:
        ValueError: when the data is not a readable VBA project.
    """
    try:
        streams = read_streams(data)
        if "VBA/dir" not in streams:
            raise ValueError("no VBA/dir stream")
        found = []
        for module in ovba.stored_modules(ovba.decompress(streams["VBA/dir"])):
            stream = streams.get(f"VBA/{module.stream}")
            if stream is None:
                raise ValueError(f"no stream for module {module.name}")
            text = ovba.decompress(stream[module.offset:]).decode(ovba.ENCODING, "replace")
            found.append(StoredSource(module.name, module.document, text.replace("\r\n", "\n")))
    except (struct.error, KeyError, IndexError, UnicodeDecodeError, RecursionError) as exc:
        raise ValueError(f"damaged VBA project ({type(exc).__name__})") from exc
    return found


def check_adoptable(data: bytes, modules: Sequence[Module], sheet_code_names: Sequence[str],
                    origin: str) -> None:
    """Check that a project saved by Excel holds exactly our modules, unchanged.

    The standard modules must be ``modules`` with the same code (letter case, trailing spaces
    and blank lines at the end aside, which the VBA editor may change); the document modules
    must be ThisWorkbook and one per sheet (``sheet_code_names``) with no code of their own.

    Raises:
        MacroSourceError: naming what differs, in Chinese.
    """
    try:
        stored = project_sources(data)
    except ValueError as exc:
        raise MacroSourceError(f"{origin}：无法读取其中的 VBA 工程（{exc}）") from exc
    documents = {s.name for s in stored if s.document}
    standard = {s.name: s for s in stored if not s.document}
    wanted_documents = {WORKBOOK_MODULE, *sheet_code_names}
    wanted = {m.name for m in modules}
    problems = []
    if missing := sorted(wanted - set(standard)) + sorted(wanted_documents - documents):
        problems.append(f"缺少模块 {'、'.join(missing)}")
    if extra := sorted(set(standard) - wanted) + sorted(documents - wanted_documents):
        problems.append(f"多出模块 {'、'.join(extra)}")
    if problems:
        raise MacroSourceError(
            f"{origin}：VBA 工程的模块与 xlperf 生成的同名工作簿不一致（{'；'.join(problems)}）。"
            "请把 xlperf build 生成的工作簿在 Windows Excel 中打开，启用宏后直接保存，"
            "不要增删工作表或模块")
    for module in modules:
        if _normalised(standard[module.name].source) != _normalised(module.source):
            raise MacroSourceError(
                f"{origin}：模块 {module.name} 的代码与 macros/{module.name}.bas 不同。请先运行 "
                "xlperf build 生成新的工作簿，在 Excel 中打开并保存后再用它")
    for source in stored:
        code = [line for line in source.source.split("\n") if line.strip() and not
                line.startswith(("Attribute ", "Option Explicit"))]
        if source.document and code:
            raise MacroSourceError(f"{origin}：文档模块 {source.name} 中有代码"
                                   f"（{code[0].strip()}），xlperf 的工作簿不应包含这些代码")


def _normalised(source: str) -> list[str]:
    lines = [line.rstrip().casefold() for line in source.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines
