"""Plain-text VBA modules (``macros/*.bas``) → a ``vbaProject.bin`` that Excel and LibreOffice load.

Built with the ``ms_ovba`` package, which writes MS-OVBA storage but has three traps handled here:
its compressor computes the maximum copy length wrongly (long matches corrupt the module text,
fixed while building, see :func:`_fixed_copytoken_help`); it writes into the current directory
and appends to files next to its inputs (we build in a fresh temporary directory from copies);
and its project-protection fields use the ``random`` module (seeded per build, so the same
sources always give the same bytes). The project's code page is 1252, so sources must be ASCII.
"""

from __future__ import annotations

import contextlib
import random
import re
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from xlperf.errors import XlperfError

#: The document modules' base classes (MS-OVBA: "Attribute VB_Base"), as Excel writes them.
WORKBOOK_CLASS = uuid.UUID("00020819-0000-0000-C000-000000000046")
WORKSHEET_CLASS = uuid.UUID("00020820-0000-0000-C000-000000000046")
STDOLE = uuid.UUID("00020430-0000-0000-C000-000000000046")
WORKBOOK_MODULE = "ThisWorkbook"
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
    files Excel writes; ``sheet_code_names`` lists them in sheet order.

    Raises:
        XlperfError: when ms-ovba is not installed.
    """
    # Imported here: building workbooks is a developer step; nothing else needs ms_ovba.
    try:
        from ms_ovba.Models.Entities.doc_module import DocModule
        from ms_ovba.Models.Entities.reference import Reference
        from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
        from ms_ovba.Models.Entities.std_module import StdModule
        from ms_ovba.Models.Fields.libid_reference import LibidReference
        from ms_ovba.vbaProject import VbaProject
        from ms_ovba.Views.project_ole_file import ProjectOleFile
    except ImportError as exc:
        raise XlperfError("生成 .xlsm 需要 ms-ovba：pip install -e '.[build]'") from exc

    with tempfile.TemporaryDirectory(prefix="xlperf-vba-") as tmp, contextlib.chdir(tmp), \
            _fixed_compression(), _seeded_random(PROJECT_ID):
        project = VbaProject()
        project.project_id = PROJECT_ID
        documents = [(WORKBOOK_MODULE, WORKBOOK_CLASS)]
        documents += [(name, WORKSHEET_CLASS) for name in sheet_code_names]
        for name, base in documents:
            Path(f"{name}.cls").write_text(_document_header(name), "ascii")
            doc = DocModule(name)
            doc.add_file(f"{name}.cls")
            doc.add_guid(base)
            doc.normalize_file()
            project.add_module(doc)
        for module in modules:
            Path(f"{module.name}.bas").write_text(module.source, "ascii")
            std = StdModule(module.name)
            std.add_file(f"{module.name}.bas")
            std.normalize_file()
            project.add_module(std)
        stdole = LibidReference(STDOLE, "2.0", "0", "C:\\Windows\\System32\\stdole2.tlb",
                                "OLE Automation")
        project.add_reference(Reference(ReferenceRegistered(stdole), "stdole"))
        ProjectOleFile.write_file(project)
        return Path("vbaProject.bin").read_bytes()


def _document_header(name: str) -> str:
    """The class header ms_ovba expects of a document module (it keeps line 5 onwards)."""
    return (
        "VERSION 1.0 CLASS\nBEGIN\n  MultiUse = -1  'True\nEND\n"
        f'Attribute VB_Name = "{name}"\n'
        "Attribute VB_GlobalNameSpace = False\nAttribute VB_Creatable = False\n"
        "Attribute VB_PredeclaredId = True\nAttribute VB_Exposed = True\n"
    )


def _fixed_copytoken_help(difference: int) -> dict[str, int]:
    """MS-OVBA 2.4.1.3.19.1 CopyToken Help, as the specification states it.

    ms_ovba_compression 1.0.1 computes ``MaximumLength`` as ``0xFFFF << BitCount + 3``; the
    specification says ``(0xFFFF >> BitCount) + 3``. With the wrong value a long match
    overflows into the offset bits and the module text decompresses to garbage.
    """
    bit_count = 4
    while (1 << bit_count) < difference:
        bit_count += 1
    length_mask = 0xFFFF >> bit_count
    return {
        "lengthMask": length_mask,
        "offsetMask": ~length_mask & 0xFFFF,
        "bitCount": bit_count,
        "maxLength": length_mask + 3,
    }


@contextlib.contextmanager
def _fixed_compression() -> Iterator[None]:
    """Use the corrected CopyToken Help while building (restored afterwards)."""
    from ms_ovba_compression.ms_ovba import MsOvba

    original = MsOvba.__dict__["copytoken_help"]
    MsOvba.copytoken_help = staticmethod(_fixed_copytoken_help)  # type: ignore[method-assign]
    try:
        yield
    finally:
        MsOvba.copytoken_help = original  # type: ignore[method-assign]


@contextlib.contextmanager
def _seeded_random(seed: str) -> Iterator[None]:
    """Seed the global ``random`` module for the build and restore its state afterwards."""
    state = random.getstate()
    random.seed(seed)
    try:
        yield
    finally:
        random.setstate(state)
