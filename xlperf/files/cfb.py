"""A compound file (MS-CFB version 3) laid out the way Excel writes ``vbaProject.bin``.

Excel's own files (the ``vbaProject.bin`` of xlwings.xlam and of xlwings' quickstart workbooks)
have minor version 0x0021, every directory entry black, and the entries of a storage chained
through their right-sibling pointers in the order Excel lists them (the storage's first entry is
its child). This writer does the same: the tree is given as nested mappings in that order.
Streams under 4096 bytes live in the mini stream (64-byte sectors), as the format requires.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass

#: A storage: name → stream bytes or a nested storage, in the order the entries are written.
Tree = Mapping[str, "bytes | Tree"]

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
MINOR_VERSION = 0x0021
FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")
_HEADER_FAT_SLOTS = 109
_ROOT, _STORAGE, _STREAM = 5, 1, 2


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    child: int = NO_STREAM
    right: int = NO_STREAM
    start: int = END_OF_CHAIN
    size: int = 0


def compound_file(tree: Tree) -> bytes:
    """The bytes of a compound file holding ``tree`` under its root entry.

    Raises:
        ValueError: for a name longer than 31 characters or a file too big for the header's
            FAT list (7 MB, far beyond any VBA project).
    """
    entries = [_Entry("Root Entry", _ROOT)]
    _add(entries, 0, tree)
    small = [e for e in entries if e.kind == _STREAM and len(e.data) < MINI_CUTOFF]
    big = [e for e in entries if e.kind == _STREAM and len(e.data) >= MINI_CUTOFF]

    mini_stream, mini_fat = bytearray(), list[int]()
    for entry in small:
        count = -(-len(entry.data) // MINI_SECTOR)
        entry.start, entry.size = (len(mini_fat) if count else END_OF_CHAIN), len(entry.data)
        mini_fat += [len(mini_fat) + n + 1 for n in range(count - 1)] + [END_OF_CHAIN] * bool(count)
        mini_stream += entry.data.ljust(count * MINI_SECTOR, b"\x00")

    # Sector runs after the FAT: directory, mini FAT, big streams, mini stream.
    runs: list[bytes] = [b"".join(_entry_bytes(e) for e in entries)]
    runs.append(b"".join(struct.pack("<I", n) for n in mini_fat))
    runs += [e.data for e in big]
    runs.append(bytes(mini_stream))
    counts = [-(-len(run) // SECTOR) for run in runs]
    fat_count = 1
    while fat_count * SECTOR // 4 < fat_count + sum(counts):
        fat_count += 1
    if fat_count > _HEADER_FAT_SLOTS:
        raise ValueError("compound file too large")

    starts, at = [], fat_count
    for count in counts:
        starts.append(at if count else END_OF_CHAIN)
        at += count
    directory_start, mini_fat_start, *big_starts, mini_stream_start = starts
    for entry, start in zip(big, big_starts, strict=True):
        entry.start, entry.size = start, len(entry.data)
    entries[0].start, entries[0].size = mini_stream_start, len(mini_stream)
    runs[0] = b"".join(_entry_bytes(e) for e in entries)  # now with the start sectors

    fat = [FAT_SECTOR] * fat_count
    for count in counts:
        fat += [len(fat) + n + 1 for n in range(count - 1)] + [END_OF_CHAIN] * bool(count)
    fat += [FREE] * (fat_count * SECTOR // 4 - len(fat))

    header = struct.pack(
        "<8s16s6H5I", _SIGNATURE, bytes(16), MINOR_VERSION, 3, 0xFFFE, 9, 6, 0, 0, 0,
        fat_count, directory_start, 0)
    header += struct.pack("<5I", MINI_CUTOFF, mini_fat_start, counts[1], END_OF_CHAIN, 0)
    header += struct.pack(f"<{_HEADER_FAT_SLOTS}I",
                          *range(fat_count), *[FREE] * (_HEADER_FAT_SLOTS - fat_count))
    body = b"".join(struct.pack("<I", n) for n in fat)
    body += b"".join(run.ljust(count * SECTOR, b"\x00") for run, count in zip(runs, counts,
                                                                                strict=True))
    return header + body


def _add(entries: list[_Entry], parent: int, tree: Tree) -> None:
    """Append a storage's entries depth first, each chained to the next by its right pointer."""
    previous = None
    for name, value in tree.items():
        if len(name) > 31:
            raise ValueError(f"entry name longer than 31 characters: {name}")
        index = len(entries)
        if isinstance(value, bytes | bytearray):
            entries.append(_Entry(name, _STREAM, bytes(value)))
        else:
            entries.append(_Entry(name, _STORAGE, start=0))
            _add(entries, index, value)
        if previous is None:
            entries[parent].child = index
        else:
            entries[previous].right = index
        previous = index


def _entry_bytes(entry: _Entry) -> bytes:
    name = (entry.name + "\x00").encode("utf-16-le")
    return struct.pack(
        "<64sHBB3I16sI8s8sIQ", name, len(name), entry.kind, 1, NO_STREAM, entry.right,
        entry.child, bytes(16), 0, bytes(8), bytes(8), entry.start, entry.size)
