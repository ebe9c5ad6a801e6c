"""Test helper: describe a vbaProject.bin record by record, independently of xlperf's writer.

Reads with olefile (container) and oletools' decompressor (dir stream), and parses records and
the PROJECT text here, so a comparison of our project with one Excel wrote does not go through
the code under test. :func:`differences` lists every difference outside the module list.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from typing import Any

import olefile
from oletools.olevba import decompress_stream

#: dir-stream record names (MS-OVBA 2.3.4.2), for readable differences.
RECORD_NAMES = {
    0x01: "PROJECTSYSKIND", 0x4A: "PROJECTCOMPATVERSION", 0x02: "PROJECTLCID",
    0x14: "PROJECTLCIDINVOKE", 0x03: "PROJECTCODEPAGE", 0x04: "PROJECTNAME",
    0x05: "PROJECTDOCSTRING", 0x40: "PROJECTDOCSTRING(unicode)", 0x06: "PROJECTHELPFILEPATH",
    0x3D: "PROJECTHELPFILEPATH(2)", 0x07: "PROJECTHELPCONTEXT", 0x08: "PROJECTLIBFLAGS",
    0x09: "PROJECTVERSION", 0x0C: "PROJECTCONSTANTS", 0x3C: "PROJECTCONSTANTS(unicode)",
    0x16: "REFERENCENAME", 0x3E: "REFERENCENAME(unicode)", 0x0D: "REFERENCEREGISTERED",
    0x0E: "REFERENCEPROJECT", 0x2F: "REFERENCECONTROL", 0x30: "REFERENCECONTROL(extended)",
    0x33: "REFERENCEORIGINAL", 0x0F: "PROJECTMODULES", 0x13: "PROJECTCOOKIE",
    0x19: "MODULENAME", 0x47: "MODULENAMEUNICODE", 0x1A: "MODULESTREAMNAME",
    0x32: "MODULESTREAMNAME(unicode)", 0x1C: "MODULEDOCSTRING", 0x48: "MODULEDOCSTRING(unicode)",
    0x31: "MODULEOFFSET", 0x1E: "MODULEHELPCONTEXT", 0x2C: "MODULECOOKIE", 0x21: "MODULETYPE(std)",
    0x22: "MODULETYPE(class)", 0x25: "MODULEREADONLY", 0x28: "MODULEPRIVATE", 0x2B: "Terminator",
    0x10: "dir Terminator",
}
_REFERENCE_IDS = {0x16, 0x3E, 0x0D, 0x0E, 0x2F, 0x30, 0x33}
_MODULE_LINES = ("Document=", "Module=", "Class=", "BaseClass=", "Package=")


def _records(data: bytes) -> list[tuple[int, bytes]]:
    out, pos = [], 0
    while pos + 6 <= len(data):
        record_id, size = struct.unpack_from("<HI", data, pos)
        pos += 6
        size = 6 if record_id == 0x09 else size  # PROJECTVERSION: Reserved = 4, then 6 bytes
        out.append((record_id, data[pos:pos + size]))
        pos += size
    return out


def decrypt(hex_text: str) -> tuple[int, int, bytes]:
    """MS-OVBA 2.4.3.3 data decryption: (version, project key, data) of a CMG/DPB/GC value."""
    raw = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = raw[:3]
    key = seed ^ key_enc
    plain1, enc1, enc2, out = key, key_enc, version_enc, []
    for byte in raw[3:]:
        plain = byte ^ ((enc2 + plain1) & 0xFF)
        out.append(plain)
        enc2, enc1, plain1 = enc1, byte, plain
    rest = bytes(out[(seed & 6) // 2:])
    (length,) = struct.unpack("<I", rest[:4])
    return seed ^ version_enc, key, rest[4:4 + length]


@dataclass
class Project:
    """What a vbaProject.bin holds, split into module-list parts and everything else."""

    container: dict[str, Any]
    entries: list[dict[str, Any]]
    streams: set[str]
    modules: list[str]
    project_lines: list[tuple[str, str, str]]   # (section, key, value), module lines left out
    module_lines: list[str]
    workspace: dict[str, str]
    info: list[tuple[int, bytes]]
    references: list[list[tuple[int, bytes]]]
    module_records: dict[str, list[tuple[int, bytes]]]
    cookie: bytes
    vba_project: bytes
    projectwm: bytes | None


def read(data: bytes) -> Project:
    ole = olefile.OleFileIO(io.BytesIO(data))
    streams = {"/".join(p) for p in ole.listdir(streams=True, storages=False)}
    entries = [
        {"name": e.name, "type": e.entry_type, "colour": e.color, "left": e.sid_left,
         "clsid": e.clsid, "created": e.createTime, "modified": e.modifyTime}
        for e in ole.direntries if e is not None
    ]
    container = {"minor version": ole.minor_version, "major version": ole.dll_version,
                 "sector size": ole.sector_size, "mini sector size": ole.mini_sector_size,
                 "mini stream cutoff": ole.minisectorcutoff}
    dir_data = bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read())))
    records = _records(dir_data)
    first_module = next(i for i, (rid, _v) in enumerate(records) if rid == 0x0F)
    info = [r for r in records[:first_module] if r[0] not in _REFERENCE_IDS]
    references: list[list[tuple[int, bytes]]] = []
    for record in records[:first_module]:
        if record[0] not in _REFERENCE_IDS:
            continue
        if record[0] == 0x16 and not (references and references[-1][-1][0] == 0x2F):
            references.append([])  # a name starts a reference, except REFERENCECONTROL's own
        references[-1].append(record)
    module_records: dict[str, list[tuple[int, bytes]]] = {}
    current: list[tuple[int, bytes]] = []
    for record in records[first_module + 2:]:
        current.append(record)
        if record[0] == 0x2B:
            module_records[current[0][1].decode("cp1252")] = current
            current = []
    text = ole.openstream("PROJECT").read().decode("cp1252")
    section, lines, module_lines, workspace = "", [], [], {}
    for line in text.split("\r\n"):
        if line.startswith("["):
            section = line
            lines.append((section, "", ""))
        elif section == "[Workspace]" and "=" in line:
            name, value = line.split("=", 1)
            workspace[name] = value
        elif line.startswith(_MODULE_LINES):
            module_lines.append(line)
        elif line:
            key, _eq, value = line.partition("=")
            lines.append((section, key, value))
    return Project(
        container=container, entries=entries, streams=streams,
        modules=list(module_records), project_lines=lines, module_lines=module_lines,
        workspace=workspace, info=info, references=references, module_records=module_records,
        cookie=records[first_module + 1][1],
        vba_project=ole.openstream("VBA/_VBA_PROJECT").read(),
        projectwm=ole.openstream("PROJECTwm").read() if ole.exists("PROJECTwm") else None,
    )


def _show(record_id: int, value: bytes) -> str:
    return f"{RECORD_NAMES.get(record_id, hex(record_id))} {value!r}"


def differences(ours: Project, theirs: Project) -> list[tuple[str, str]]:
    """Every difference outside the module list, as (what, "theirs → ours")."""
    found: list[tuple[str, str]] = []

    def note(what: str, their: object, our: object) -> None:
        if their != our:
            found.append((what, f"{their!r} → {our!r}"))

    for key, value in theirs.container.items():
        note(f"container {key}", value, ours.container[key])
    for key in ("type", "colour", "left", "clsid", "created", "modified"):
        note(f"container directory {key}s", sorted({str(e[key]) for e in theirs.entries}),
             sorted({str(e[key]) for e in ours.entries}))
    module_streams = {f"VBA/{m}" for m in theirs.modules}
    note("streams besides the modules' own", sorted(theirs.streams - module_streams),
         sorted(ours.streams - {f"VBA/{m}" for m in ours.modules}))
    # PROJECT: the sequence of sections and keys, then each value.
    note("PROJECT sections and keys", [(s, k) for s, k, _v in theirs.project_lines],
         [(s, k) for s, k, _v in ours.project_lines])
    ours_values = {(s, k): v for s, k, v in ours.project_lines}
    for section, key, value in theirs.project_lines:
        if (section, key) not in ours_values:
            continue
        if key in ("CMG", "DPB", "GC"):
            their_plain, our_plain = decrypt(value.strip('"')), decrypt(
                ours_values[section, key].strip('"'))
            note(f"PROJECT {key} (decrypted: version, key, data)",
                 (their_plain[0], their_plain[2]), (our_plain[0], our_plain[2]))
            note(f"PROJECT {key} key = sum of the ID's bytes", True,
                 our_plain[1] == sum(ours_values["", "ID"].strip('"').encode()) & 0xFF)
        else:
            note(f"PROJECT {section or 'main'} {key}", value, ours_values[section, key])
    note("PROJECT module line kinds", sorted({line.split("=")[0] for line in theirs.module_lines}),
         sorted({line.split("=")[0] for line in ours.module_lines}))
    note("PROJECT [Workspace] lists every module", True, set(ours.workspace) == set(ours.modules))
    note("PROJECT [Workspace] value forms",
         sorted({v.count(",") for v in theirs.workspace.values()}),
         sorted({v.count(",") for v in ours.workspace.values()}))
    # dir: information records, references, module records.
    note("dir information records", [RECORD_NAMES[r] for r, _v in theirs.info],
         [RECORD_NAMES[r] for r, _v in ours.info])
    ours_info = dict(ours.info)
    for record_id, value in theirs.info:
        if record_id in ours_info:
            note(f"dir {RECORD_NAMES[record_id]}", value, ours_info[record_id])
    note("dir references", [[_show(r, v) for r, v in ref] for ref in theirs.references],
         [[_show(r, v) for r, v in ref] for ref in ours.references])
    note("dir PROJECTCOOKIE", theirs.cookie, ours.cookie)
    for kind in (0x21, 0x22):
        their_mods = [m for m in theirs.module_records.values() if m[-2][0] == kind]
        our_mods = [m for m in ours.module_records.values() if m[-2][0] == kind]
        if not their_mods or not our_mods:
            continue
        note(f"dir {RECORD_NAMES[kind]} records", [RECORD_NAMES[r] for r, _v in their_mods[0]],
             [RECORD_NAMES[r] for r, _v in our_mods[0]])
        for record_id in (0x1C, 0x48, 0x1E, 0x2C, 0x31):
            note(f"dir {RECORD_NAMES[kind]} {RECORD_NAMES[record_id]} values",
                 sorted({dict(m).get(record_id) for m in their_mods}),
                 sorted({dict(m).get(record_id) for m in our_mods}))
    note("dir modules: name = stream name", True,
         all(dict(m)[0x19] == dict(m)[0x1A] for m in ours.module_records.values()))
    note("_VBA_PROJECT", theirs.vba_project.hex(), ours.vba_project.hex())
    note("PROJECTwm present", theirs.projectwm is not None, ours.projectwm is not None)
    if ours.projectwm is not None:
        expected = b"".join(m.encode("cp1252") + b"\x00" + m.encode("utf-16-le") + b"\x00\x00"
                            for m in ours.modules) + b"\x00\x00"
        note("PROJECTwm lists the modules in dir order", True, ours.projectwm == expected)
    return found
