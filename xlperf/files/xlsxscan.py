"""What the guard (``xlsxguard``) does with a zip member's bytes as they are inflated.

Each sink receives one member's uncompressed bytes chunk by chunk and fails the walk (with a
Chinese reason) when it meets something a reader must not get: a DTD in the prolog, more cells
than allowed, a tag that never ends. :class:`CellCounter` finds a worksheet's real extent;
:class:`StringSizer` and :class:`StringCells` measure the text shared-string cells reference.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, NoReturn, Protocol

from xlperf.core.workbook.grid import a1, col_number

if TYPE_CHECKING:
    from xlperf.files.xlsxguard import Limits, SheetScan

MB = 1 << 20
_MAX_TAG = 1 * MB


class Walker(Protocol):
    """What a sink needs of the walk: to stop it, and to count cells across sheets."""

    def fail(self, reason: str) -> NoReturn: ...

    def count_cells(self, scan: SheetScan, cells: int) -> None: ...


class Sink:
    """Receives a member's bytes: refuses a DTD (entity expansion), optionally keeps them.

    A DTD can only stand in the prolog, before the root element (every XML parser refuses one
    after it), so only the prolog is searched; ``rooted`` says it has been passed.
    """

    def __init__(self, walker: Walker, *, keep: bool = False, xml: bool = False) -> None:
        self.walker, self.keep, self.xml = walker, keep, xml
        self.kept: list[bytes] = []
        self.prolog = b""
        self.rooted = not xml

    def feed(self, chunk: bytes) -> None:
        if self.keep:
            self.kept.append(chunk)
        if not self.rooted:
            self.look(chunk)

    def look(self, chunk: bytes) -> None:
        text = self.prolog + chunk
        root = _ROOT.search(text)
        head = text if root is None else text[:root.start()]
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            self.walker.fail("文件中含有 DTD 实体声明（Excel 不会写入，可能是恶意文件），未读取")
        if root is not None:
            self.rooted, self.prolog = True, b""
        else:
            self.prolog = text[-16:]

    def close(self) -> None:
        pass


#: The start of an XML document's root element (anything after the prolog).
_ROOT = re.compile(rb"<[^?!]")
_PREFIX = rb"(?:[A-Za-z_][\w.\-]*:)?"
#: Any cell's start tag.
_ANY_CELL = re.compile(rb"<" + _PREFIX + rb"c[\s/>]")
#: A cell holding something: a start tag that is not ``<c …/>`` and not closed at once
#: (``<c …></c>``: formatted, holding nothing).
_CONTENT = re.compile(rb"<" + _PREFIX + rb"c(?:\s[^>]*)?(?<!/)>(?!</" + _PREFIX + rb"c>)")
#: The same for the usual spelling (no namespace prefix, the position first): faster.
_PLAIN_CONTENT = re.compile(rb"<c(?:\s[^>]*)?(?<!/)>(?!</c>)")
_PLAIN_PLACED = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"[^>]*(?<!/)>(?!</c>)')
#: Any cell's position, in the usual spelling.
_PLAIN_REF = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')
#: … and its position (r="AB12"); a cell that holds something and has none is "unplaced".
_PLACED = re.compile(rb"<" + _PREFIX + rb"c\s[^>]*?\br\s*=\s*[\"']([A-Z]{1,3})([1-9][0-9]{0,6})"
                     rb"[\"'][^>]*(?<!/)>(?!</" + _PREFIX + rb"c>)")


class CellCounter(Sink):
    """Counts a worksheet's cells and finds the extent of those that hold something."""

    def __init__(self, scan: SheetScan, limits: Limits, walker: Walker) -> None:
        super().__init__(walker, xml=True)
        self.scan, self.limits = scan, limits
        self.carry = b""

    def feed(self, chunk: bytes) -> None:
        super().feed(chunk)
        data = self.carry + chunk if self.carry else chunk
        cut = data.rfind(b"<")
        if cut >= 0 and data.find(b">", cut) < 0:
            data, self.carry = data[:cut], data[cut:]
            if len(self.carry) > _MAX_TAG:
                self.walker.fail(f"工作表“{self.scan.name}”中有异常长的 XML 标签，文件已损坏")
        else:
            self.carry = b""
        self.count(data)

    def close(self) -> None:
        self.count(self.carry)
        self.carry = b""

    def count(self, data: bytes) -> None:
        if not data:
            return
        plain = b":c " not in data and b":c>" not in data  # no prefixed cell tags
        if plain:
            cells = data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/")
        else:
            cells = len(_ANY_CELL.findall(data))
        self.scan.cells += cells
        self.walker.count_cells(self.scan, cells)
        if plain:  # the usual case, cheaply: every cell placed (r= first) and inside the window
            refs = _PLAIN_REF.findall(data)
            if len(refs) == cells and refs and self.inside(refs):
                return
        content = len((_PLAIN_CONTENT if plain else _CONTENT).findall(data))
        placed = _PLAIN_PLACED.findall(data) if plain else []
        if len(placed) != content:  # a prefix, r= not first, or a cell without r=
            placed = _PLACED.findall(data)
            if len(placed) != content:
                self.scan.unplaced = True
        if placed and not self.inside(placed):
            self.outside(placed)

    def inside(self, refs: list[tuple[bytes, bytes]]) -> bool:
        """Widen the extent to these cells if they all lie inside the window."""
        letters, digits = zip(*refs, strict=True)
        last_row = max(map(int, digits))
        last_col = max(map(_column, set(letters)))
        if last_row > self.limits.rows or last_col > self.limits.columns:
            return False
        self.scan.last_row = max(self.scan.last_row, last_row)
        self.scan.last_col = max(self.scan.last_col, last_col)
        return True

    def outside(self, refs: list[tuple[bytes, bytes]]) -> None:
        """Count the cells beyond the window; widen the extent to the others."""
        scan, rows, columns = self.scan, self.limits.rows, self.limits.columns
        for letter, digit in refs:
            row, col = int(digit), _column(letter)
            if row <= rows and col <= columns:
                scan.last_row = max(scan.last_row, row)
                scan.last_col = max(scan.last_col, col)
            else:
                scan.outside += 1
                if scan.first_outside is None:
                    scan.first_outside = a1(row, col)


#: A cell's type attribute saying "shared string", in any spelling XML allows.
_STRING_TYPE = re.compile(rb"\st\s*=\s*[\"']s[\"']")
_ODD_SPELLING = (b"t =", b"t= ", b"t='", b"\tt=", b"\nt=", b"\rt=", b"t=\t", b"t=\n", b"t=\r")


def _string_types(data: bytes) -> int:
    """How many cells in this XML are of type s (shared string)."""
    if any(odd in data for odd in _ODD_SPELLING):
        return len(_STRING_TYPE.findall(data))
    return data.count(b' t="s"')


class _Pieces(Sink):
    """Feeds whole pieces of XML to ``take``: cut after the last ``end``, the rest carried."""

    def __init__(self, walker: Walker, end: bytes) -> None:
        super().__init__(walker)
        self.end, self.carry = end, b""

    def feed(self, chunk: bytes) -> None:
        data = self.carry + chunk
        cut = data.rfind(self.end) + len(self.end) if self.end in data else 0
        self.carry = data[cut:]
        if len(self.carry) > 8 * MB:
            self.walker.fail("共享文字或单元格中有异常长的 XML 内容，文件已损坏")
        self.take(data[:cut])

    def close(self) -> None:
        self.take(self.carry)
        self.carry = b""

    def take(self, data: bytes) -> None:
        raise NotImplementedError


_SHARED = re.compile(rb"<(?:[\w.\-]+:)?si(?:\s[^>]*)?(?:/>|>(.*?)</(?:[\w.\-]+:)?si\s*>)", re.S)
_STRING_CELL = re.compile(rb"<(?:[\w.\-]+:)?c\s[^>]*?\st\s*=\s*[\"']s[\"'][^>]*>\s*"
                          rb"<(?:[\w.\-]+:)?v(?:\s[^>]*)?>\s*(\d{1,9})\s*<")


class StringSizer(_Pieces):
    """The size in bytes of every shared string, in order."""

    def __init__(self, walker: Walker) -> None:
        super().__init__(walker, b"si>")
        self.sizes: list[int] = []

    def take(self, data: bytes) -> None:
        self.sizes.extend(len(m.group(1) or b"") for m in _SHARED.finditer(data))


class StringCells(_Pieces):
    """The text a sheet's shared-string cells reference, each cell counting its string once.

    A cell of type s whose index cannot be read here counts as the largest string (calamine may
    read it all the same).
    """

    def __init__(self, walker: Walker, sizes: list[int]) -> None:
        super().__init__(walker, b"c>")
        self.sizes, self.largest = sizes, max(sizes, default=0)
        self.total = 0

    def take(self, data: bytes) -> None:
        sizes, count = self.sizes, len(self.sizes)
        found = 0
        for match in _STRING_CELL.finditer(data):
            index = int(match.group(1))
            self.total += sizes[index] if index < count else self.largest
            found += 1
        self.total += max(0, _string_types(data) - found) * self.largest


@functools.lru_cache(maxsize=4096)
def _column(letters: bytes) -> int:
    return col_number(letters.decode("ascii"))
