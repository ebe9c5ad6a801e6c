"""MS-OVBA: the streams of a VBA project (``vbaProject.bin``), record for record as Excel writes.

Pure byte functions, no file I/O; ``files.cfb`` packs the streams into the compound file and
``files.vba`` decides what goes in. The reference is ``xlwings.xlam`` from the xlwings wheel, an
add-in Excel opens every day whose ``Main`` module is source-only like all of ours: the same
streams (``PROJECT``, ``PROJECTwm``, ``VBA/dir``, ``VBA/_VBA_PROJECT``, one per module), the same
``PROJECT`` keys and sections, the same ``dir`` records in the same order, the same
``_VBA_PROJECT`` bytes. ``tests/files/test_vba_reference.py`` compares them and prints every
difference.

Everything a reader must ignore (cookies, the project version, the encryption seeds) is a
constant here, so the same modules always give the same bytes.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

#: Windows-1252: the only code page the module text and names may use (ASCII in practice).
CODE_PAGE = 1252
ENCODING = "cp1252"
#: ``_VBA_PROJECT`` of a project without a performance cache: Reserved1 0x61CC, Version 0xFFFF,
#: Reserved2 0x00, Reserved3 0x0001: the bytes of xlwings.xlam (Excel 16).
VBA_PROJECT_STREAM = bytes.fromhex("cc61ffff000100")
#: ``PROJECT`` stream constants, as in xlwings.xlam.
VERSION_COMPATIBLE = "393222000"
HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"
#: A module window that was never opened ([Workspace] of PROJECT).
CLOSED_WINDOW = "0, 0, 0, 0, C"

#: dir-stream record ids (MS-OVBA 2.3.4.2) used below and by the reader.
SYSKIND, LCID, LCIDINVOKE, CODEPAGE, NAME = 0x01, 0x02, 0x14, 0x03, 0x04
DOCSTRING, DOCSTRING_UNICODE, HELPFILE, HELPFILE2 = 0x05, 0x40, 0x06, 0x3D
HELPCONTEXT, LIBFLAGS, VERSION, CONSTANTS, CONSTANTS_UNICODE = 0x07, 0x08, 0x09, 0x0C, 0x3C
REFERENCE_NAME, REFERENCE_NAME_UNICODE, REFERENCE_REGISTERED = 0x16, 0x3E, 0x0D
MODULES, PROJECT_COOKIE, TERMINATOR = 0x0F, 0x13, 0x10
MODULE_NAME, MODULE_NAME_UNICODE, STREAM_NAME, STREAM_NAME_UNICODE = 0x19, 0x47, 0x1A, 0x32
MODULE_DOCSTRING, MODULE_DOCSTRING_UNICODE, MODULE_OFFSET = 0x1C, 0x48, 0x31
MODULE_HELPCONTEXT, MODULE_COOKIE, MODULE_END = 0x1E, 0x2C, 0x2B
STANDARD_MODULE, CLASS_MODULE = 0x21, 0x22
#: SYSKIND 3 = 64-bit Windows, LCID 0x0409 = en-US: what Excel writes whatever the UI language.
_SYSKIND, _LCID = 3, 0x0409
#: "MUST be ignored on read": any fixed value keeps builds reproducible.
_PROJECT_VERSION = (0x65BE0257, 0x0011)
_COOKIE = 0xFFFF


@dataclass(frozen=True)
class Reference:
    """A registered type library the project references (``REFERENCEREGISTERED``)."""

    name: str
    libid: str


#: The two references of every Excel project, byte for byte as in xlwings.xlam. VBA finds a
#: library by its GUID and major version; the path is only a hint.
STDOLE = Reference("stdole", "*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#"
                             "C:\\Windows\\System32\\stdole2.tlb#OLE Automation")
OFFICE = Reference("Office", "*\\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#"
                             "C:\\Program Files\\Common Files\\Microsoft Shared\\OFFICE16\\MSO.DLL"
                             "#Microsoft Office 16.0 Object Library")
REFERENCES = (STDOLE, OFFICE)


@dataclass(frozen=True)
class ModuleEntry:
    """A module as the project lists it: document modules (workbook, sheets) are class-like."""

    name: str
    document: bool


# --------------------------------------------------------------------------- compression
def compress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1 compression: a signature byte, then one chunk per 4096 bytes.

    Matching is the specification's (2.4.1.3.19.4): at each position the longest earlier match
    in the chunk, the nearest of equally long ones, capped by the copy token's length field.
    """
    out = bytearray(b"\x01")
    for start in range(0, len(data), 4096):
        out += _chunk(data, start, min(start + 4096, len(data)))
    return bytes(out)


def _chunk(data: bytes, start: int, end: int) -> bytes:
    body = bytearray()
    pos = start
    while pos < end:
        flag_at, flags = len(body), 0
        body.append(0)
        for bit in range(8):
            if pos >= end:
                break
            length, offset = _match(data, start, pos, end)
            if length:
                bits = max((pos - start - 1).bit_length(), 4)
                body += struct.pack("<H", ((offset - 1) << (16 - bits)) | (length - 3))
                flags |= 1 << bit
                pos += length
            else:
                body.append(data[pos])
                pos += 1
        body[flag_at] = flags
    if len(body) > 4096:  # incompressible: a raw chunk, padded to 4096 bytes
        return struct.pack("<H", 0x3FFF) + data[start:end].ljust(4096, b"\x00")
    return struct.pack("<H", 0xB000 | (len(body) - 1)) + body


def _match(data: bytes, start: int, pos: int, end: int) -> tuple[int, int]:
    """(length, offset) of the copy token at ``pos``, or (0, 0) for a literal.

    A match of n bytes implies one of n - 1 at the same place, so the longest length is found by
    bisection, each step one ``rfind`` (which also gives the nearest start). Matches may run
    into the bytes they produce, as the decompressor copies byte by byte.
    """
    best, at = 0, -1
    low, high = 3, end - pos
    while low <= high:
        middle = (low + high) // 2
        found = data.rfind(data[pos:pos + middle], start, pos + middle - 1)
        if found >= 0:
            best, at = middle, found
            low = middle + 1
        else:
            high = middle - 1
    if best < 3:
        return 0, 0
    bits = max((pos - start - 1).bit_length(), 4)
    return min(best, (0xFFFF >> bits) + 3), pos - at


def decompress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1 decompression of a CompressedContainer.

    Raises:
        ValueError: when the data is not a compressed container.
    """
    if data[:1] != b"\x01":
        raise ValueError("not an MS-OVBA compressed container")
    out = bytearray()
    pos = 1
    while pos + 2 <= len(data):
        (header,) = struct.unpack_from("<H", data, pos)
        size, chunk_start = (header & 0x0FFF) + 3, len(out)
        chunk_end, pos = min(pos + size, len(data)), pos + 2
        if not header & 0x8000:
            out += data[pos:pos + 4096]
            pos += 4096
            continue
        while pos < chunk_end:
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= chunk_end:
                    break
                if not flags >> bit & 1:
                    out.append(data[pos])
                    pos += 1
                    continue
                (token,) = struct.unpack_from("<H", data, pos)
                pos += 2
                bits = max((len(out) - chunk_start - 1).bit_length(), 4)
                length, offset = (token & (0xFFFF >> bits)) + 3, (token >> (16 - bits)) + 1
                if offset > len(out) - chunk_start:
                    raise ValueError("copy token before the start of its chunk")
                for _ in range(length):
                    out.append(out[-offset])
    return bytes(out)


# --------------------------------------------------------------------------- PROJECT stream
def encrypt(project_id: str, data: bytes, seed: int) -> bytes:
    """MS-OVBA 2.4.3.2 data encryption (the CMG, DPB and GC values of the PROJECT stream).

    The key is the sum of the project id's bytes; ``seed`` also sets how many ignored bytes
    follow the header ((seed & 6) / 2), which are zeros here.
    """
    key = sum(project_id.encode("ascii")) & 0xFF
    version_enc, key_enc = seed ^ 2, seed ^ key
    out = bytearray((seed, version_enc, key_enc))
    plain1, enc1, enc2 = key, key_enc, version_enc
    payload = bytes((seed & 6) // 2) + struct.pack("<I", len(data)) + data
    for byte in payload:
        encrypted = byte ^ ((enc2 + plain1) & 0xFF)
        out.append(encrypted)
        enc2, enc1, plain1 = enc1, encrypted, byte
    return bytes(out)


def project_stream(project_id: str, name: str, modules: Sequence[ModuleEntry]) -> bytes:
    """The ``PROJECT`` stream: module list, project keys, host extender and workspace sections.

    Unprotected and visible, as a new Excel project: protection state 0, no password, visible.
    """
    lines = [f'ID="{project_id}"']
    lines += [f"Document={m.name}/&H00000000" if m.document else f"Module={m.name}"
              for m in modules]
    lines += [f'Name="{name}"', 'HelpContextID="0"', f'VersionCompatible32="{VERSION_COMPATIBLE}"']
    for key, data, seed in (("CMG", bytes(4), 0x08), ("DPB", b"\x00", 0x02),
                            ("GC", b"\xff", 0x04)):
        lines.append(f'{key}="{encrypt(project_id, data, seed).hex().upper()}"')
    lines += ["", "[Host Extender Info]", HOST_EXTENDER, "", "[Workspace]"]
    lines += [f"{m.name}={CLOSED_WINDOW}" for m in modules]
    return ("\r\n".join(lines) + "\r\n\r\n").encode(ENCODING)


def projectwm_stream(modules: Sequence[ModuleEntry]) -> bytes:
    """The ``PROJECTwm`` stream: each module name in the code page and in UTF-16."""
    out = b""
    for module in modules:
        out += module.name.encode(ENCODING) + b"\x00"
        out += module.name.encode("utf-16-le") + b"\x00\x00"
    return out + b"\x00\x00"


# --------------------------------------------------------------------------- dir stream
def _record(record_id: int, data: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(data)) + data


def _text(record_id: int, unicode_id: int, text: str) -> bytes:
    return _record(record_id, text.encode(ENCODING)) + _record(unicode_id, text.encode("utf-16-le"))


def dir_stream(name: str, modules: Sequence[ModuleEntry],
               references: Sequence[Reference] = REFERENCES) -> bytes:
    """The uncompressed ``dir`` stream (MS-OVBA 2.3.4.2): information, references, modules.

    Every module is source-only (offset 0): Excel compiles it when the project is opened.
    """
    major, minor = _PROJECT_VERSION
    out = _record(SYSKIND, struct.pack("<I", _SYSKIND))
    out += _record(LCID, struct.pack("<I", _LCID)) + _record(LCIDINVOKE, struct.pack("<I", _LCID))
    out += _record(CODEPAGE, struct.pack("<H", CODE_PAGE)) + _record(NAME, name.encode(ENCODING))
    out += _text(DOCSTRING, DOCSTRING_UNICODE, "") + _text(HELPFILE, HELPFILE2, "")
    out += _record(HELPCONTEXT, bytes(4)) + _record(LIBFLAGS, bytes(4))
    out += struct.pack("<HIIH", VERSION, 4, major, minor)  # Reserved = 4, then 6 bytes
    out += _text(CONSTANTS, CONSTANTS_UNICODE, "")
    for reference in references:
        libid = reference.libid.encode(ENCODING)
        out += _text(REFERENCE_NAME, REFERENCE_NAME_UNICODE, reference.name)
        out += _record(REFERENCE_REGISTERED,
                       struct.pack("<I", len(libid)) + libid + bytes(6))
    out += _record(MODULES, struct.pack("<H", len(modules)))
    out += _record(PROJECT_COOKIE, struct.pack("<H", _COOKIE))
    for module in modules:
        out += _text(MODULE_NAME, MODULE_NAME_UNICODE, module.name)
        out += _text(STREAM_NAME, STREAM_NAME_UNICODE, module.name)
        out += _text(MODULE_DOCSTRING, MODULE_DOCSTRING_UNICODE, "")
        out += _record(MODULE_OFFSET, bytes(4)) + _record(MODULE_HELPCONTEXT, bytes(4))
        out += _record(MODULE_COOKIE, struct.pack("<H", _COOKIE))
        out += _record(CLASS_MODULE if module.document else STANDARD_MODULE, b"")
        out += _record(MODULE_END, b"")
    return out + _record(TERMINATOR, b"")


def records(data: bytes) -> Iterator[tuple[int, bytes]]:
    """The (id, data) records of an uncompressed dir stream.

    PROJECTVERSION is the one record whose size field does not give its size (4, then 6 bytes).
    """
    pos = 0
    while pos + 6 <= len(data):
        record_id, size = struct.unpack_from("<HI", data, pos)
        pos += 6
        if record_id == VERSION:
            size = 6
        yield record_id, data[pos:pos + size]
        pos += size


@dataclass(frozen=True)
class StoredModule:
    """A module as a dir stream describes it: name, stream, where its source starts, kind."""

    name: str
    stream: str
    offset: int
    document: bool


def stored_modules(data: bytes) -> list[StoredModule]:
    """The modules an uncompressed dir stream lists, in order."""
    found: list[StoredModule] = []
    fields: dict[int, bytes] = {}
    for record_id, value in records(data):
        fields[record_id] = value
        if record_id == MODULE_END:
            name = fields[MODULE_NAME].decode(ENCODING)
            stream = fields.get(STREAM_NAME, fields[MODULE_NAME]).decode(ENCODING)
            (offset,) = struct.unpack("<I", fields.get(MODULE_OFFSET, bytes(4)))
            found.append(StoredModule(name, stream, offset, CLASS_MODULE in fields))
            fields = {}
        elif record_id == MODULE_NAME:
            fields = {MODULE_NAME: value}
    return found
