"""Look inside a workbook file before any spreadsheet library does: bounded work, stdlib only.

python-calamine sizes a sheet by its farthest cell (one value at XFD1048576 asks for ~550 GB and
aborts the whole process), zip members can inflate to gigabytes, and a "workbook" may be no file
at all. So every workbook is first read here, once, into memory (at most :data:`LIMITS`
``file_bytes``), and its zip is walked with limits the README states:

- the declared sizes of every part are checked first: beyond ``part_bytes`` one part, or beyond
  ``total_bytes`` all together, is a zip bomb;
- the parts the fast reader (calamine) parses are inflated by this module, chunk by chunk,
  counting: more bytes than the part declares stops at once; a bad CRC, a truncated or garbled
  stream, a missing part or an encrypted member is a damaged file, each with its Chinese reason.
  Of every other XML part only the prolog is inflated, where a DTD (entity expansion) would
  have to be: a library that does read such a part (openpyxl, python's ``zipfile``) inflates no
  more than its declared size and checks its CRC itself;
- the cells of every worksheet are counted (``cells`` at most) and the sheet's real extent is
  taken from the cells that hold something, never from its ``<dimension ref>``. A sheet whose
  cells reach beyond ``rows`` × ``columns`` is read only inside that window, by the caller;
- the text the shared-string cells reference is counted once per cell (``shared_text`` at most):
  a small file whose 30,000 cells all point to one 32,767-character string would otherwise make
  the reader build a gigabyte of text.

The readers (``fastread``, ``xlsx``) then open the same bytes, never the path again.
"""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import NoReturn

from xlperf.core.workbook.grid import READ_COLUMNS, READ_ROWS
from xlperf.errors import InputFileError
from xlperf.files.filetype import display_path, not_a_workbook, read_regular, workbook_problem
from xlperf.files.xlsxscan import CellCounter, Sink, StringCells, StringSizer

MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """What one workbook file may hold (stated in the README, section 异常文件与上限)."""

    file_bytes: int = 50 * MB  # the file on disk
    parts: int = 2_000  # members of the zip
    part_bytes: int = 50 * MB  # one member, uncompressed
    total_bytes: int = 200 * MB  # all members, uncompressed
    cells: int = 500_000  # cells (<c> elements) of all worksheets together
    shared_text: int = 100 * MB  # text the shared-string cells reference, once per cell (UTF-8)
    rows: int = READ_ROWS  # the window a sheet is read in: rows …
    columns: int = READ_COLUMNS  # … and columns (A … CV)


LIMITS = Limits()
_CHUNK = 1 * MB
_PROLOG = 4096


@dataclass
class SheetScan:
    """What the scan saw of one worksheet's cells."""

    name: str
    part: str
    cells: int = 0
    # The extent to read: at least that of the cells holding something, never beyond the window
    # (when every cell lies inside the window, formatted empty cells count too: cheaper).
    last_row: int = 0
    last_col: int = 0
    outside: int = 0  # cells holding something beyond the window
    first_outside: str | None = None
    unplaced: bool = False  # a cell without a position (r=): its extent is unknown

    @property
    def bounded(self) -> bool:
        """Whether a reader may take the whole sheet (all cells lie inside the window)."""
        return not self.outside and not self.unplaced


@dataclass
class Package:
    """A workbook file read and inspected: its bytes, its sheets' extents, its properties."""

    path: Path
    data: bytes
    sheets: dict[str, SheetScan] = field(default_factory=dict)
    core: bytes = b""  # docProps/core.xml

    def stream(self) -> BytesIO:
        """The file's bytes to hand to a reader."""
        return BytesIO(self.data)


def open_package(path: Path, limits: Limits = LIMITS) -> Package:
    """Read a workbook file and check it inside out, within ``limits``.

    Raises:
        InputFileError: with a Chinese reason: not a regular file, not a workbook, damaged,
            encrypted, or beyond the limits.
    """
    path = Path(path)
    data = read_regular(path, limits.file_bytes)
    problem = workbook_problem(data[: 4 * MB])
    if problem:
        raise InputFileError(display_path(str(path)), problem)
    package = Package(path, data)
    _Walker(package, _members(package, limits, ".xlsx"), limits, workbook=True).walk()
    return package


def check_document(path: Path, limits: Limits = LIMITS) -> None:
    """Check a Word document's zip the same way (sizes, CRC, DTD) before python-docx reads it.

    Raises:
        InputFileError: with a Chinese reason when it is damaged or beyond the limits.
    """
    path = Path(path)
    package = Package(path, read_regular(path, limits.file_bytes))
    _Walker(package, _members(package, limits, ".docx"), limits, workbook=False).walk()


def _members(package: Package, limits: Limits, kind: str) -> list[zipfile.ZipInfo]:
    name = display_path(str(package.path))
    if package.data.rfind(b"PK\x05\x06", -(1 << 16) - 22) < 0:
        raise InputFileError(name, "文件已损坏：不完整（结尾缺失，可能没有下载或复制完整），"
                                   f"无法作为 {kind} 打开")
    if package.data.count(b"PK\x01\x02") > limits.parts:
        raise InputFileError(name, f"压缩包中的部件超过 {limits.parts} 个，未读取")
    try:
        return zipfile.ZipFile(BytesIO(package.data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise InputFileError(name, f"文件已损坏，无法作为 {kind} 打开（zip 结构错误）") from exc


class _Walker:
    """Inflate and check every member of one package."""

    def __init__(self, package: Package, infos: list[zipfile.ZipInfo], limits: Limits, *,
                 workbook: bool) -> None:
        self.package, self.limits, self.workbook = package, limits, workbook
        self.name = display_path(str(package.path))
        self.infos = {info.filename: info for info in infos}
        self.view = memoryview(package.data)
        self.total = 0
        self.cells = 0
        if len(self.infos) != len(infos):
            self.fail("压缩包中有重名的部件，文件可能被篡改，未读取")
        problem = not_a_workbook(set(self.infos)) if workbook else None
        if problem:
            self.fail(problem)

    def fail(self, reason: str) -> NoReturn:
        raise InputFileError(self.name, reason)

    def walk(self) -> None:
        for info in self.infos.values():
            self.check_header(info)
        if not self.workbook:
            for info in self.infos.values():
                self.inflate(info, Sink(self, xml=_is_xml(info.filename)))
            return
        sheets, strings = self.sheet_parts()
        for part, info in self.infos.items():
            if part in sheets:
                scan = SheetScan(sheets[part], part)
                self.inflate(info, CellCounter(scan, self.limits, self))
                self.package.sheets[scan.name] = scan
            elif part == "docProps/core.xml":
                self.package.core = self.read(info)
            elif part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
                continue  # inflated and parsed by sheet_parts
            elif part == strings or part in _READ_WHOLE or part.endswith(".rels"):
                self.inflate(info, Sink(self, xml=True))
            elif _is_xml(part):
                self.inflate(info, Sink(self, xml=True), prolog=True)
        if strings in self.infos:
            self.check_shared_text(self.infos[strings], sheets)

    def check_shared_text(self, strings: zipfile.ZipInfo, sheets: dict[str, str]) -> None:
        """Refuse a file whose shared-string cells reference more text than ``shared_text``.

        No string is longer than the part, nor than the longest one: when every cell could be
        one, that is already within the limit (the usual case, without another pass); otherwise
        each string cell's string is looked up (the sheets inflated a second time, rare).
        """
        limit = self.limits.shared_text
        if self.cells * strings.file_size <= limit:
            return
        sizer = StringSizer(self)
        self.inflate(strings, sizer)
        sizes = sizer.sizes
        if self.cells * max(sizes, default=0) <= limit:
            return
        total = 0
        for part in sheets:
            finder = StringCells(self, sizes)
            self.inflate(self.infos[part], finder)
            total += finder.total
            if total > limit:
                self.fail(f"单元格引用的共享文字合计超过 {_mb(limit)}（同一段文字被大量单元格"
                          "重复引用，可能是恶意构造的文件），未读取")

    def check_header(self, info: zipfile.ZipInfo) -> None:
        part = info.filename
        if info.flag_bits & 0x1:
            self.fail(f"部件 {part} 设置了密码（已加密），无法读取")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            self.fail(f"部件 {part} 使用了 Office 不用的压缩方式，无法读取")
        if info.file_size > self.limits.part_bytes:
            self.fail(f"部件 {part} 解压后有 {_mb(info.file_size)}，超过单个部件 "
                      f"{_mb(self.limits.part_bytes)} 的上限（可能是“压缩炸弹”），未读取")
        self.total += info.file_size
        if self.total > self.limits.total_bytes:
            self.fail(f"文件解压后超过 {_mb(self.limits.total_bytes)} 的上限"
                      "（可能是“压缩炸弹”），未读取")

    def read(self, info: zipfile.ZipInfo) -> bytes:
        sink = Sink(self, keep=True, xml=True)
        self.inflate(info, sink)
        return b"".join(sink.kept)

    def sheet_parts(self) -> tuple[dict[str, str], str]:
        """Worksheet part → sheet name, from xl/workbook.xml and its relationships; and the
        shared strings' part."""
        book = self.xml("xl/workbook.xml", "工作簿目录")
        rels_part = "xl/_rels/workbook.xml.rels"
        rels = self.xml(rels_part, "工作簿的部件关系") if rels_part in self.infos else None
        targets = {}
        strings = "xl/sharedStrings.xml"
        for rel in rels.iter() if rels is not None else ():
            kind = rel.get("Type") or ""
            if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
                continue
            if kind.endswith("/worksheet"):
                targets[rel.get("Id")] = _resolve(rel.get("Target") or "")
            elif kind.endswith("/sharedStrings"):
                strings = _resolve(rel.get("Target") or "")
        parts: dict[str, str] = {}
        for sheet in book.iter():  # any namespace: transitional and strict workbooks alike
            if _local(sheet.tag) != "sheet":
                continue
            sheet_name = sheet.get("name") or ""
            rid = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), None)
            part = targets.get(rid)
            if part is None:
                continue  # a chartsheet or dialogsheet: not read
            if part not in self.infos:
                self.fail(f"缺少工作表“{sheet_name}”的内容（部件 {part} 不存在），文件不完整")
            parts[part] = sheet_name
        return parts, strings

    def xml(self, part: str, what: str) -> ET.Element:
        if part not in self.infos:
            self.fail(f"缺少{what}（部件 {part}），文件不完整")
        data = self.read(self.infos[part])
        try:
            return ET.fromstring(data)
        except ET.ParseError:
            self.fail(f"{what}（部件 {part}）的 XML 已损坏，无法读取")

    def inflate(self, info: zipfile.ZipInfo, sink: Sink, *, prolog: bool = False) -> None:
        """Feed the member's uncompressed bytes to sink, checking its size and CRC as it goes.

        With ``prolog``, stop once the sink has seen the XML's root element (no CRC then).
        """
        part = info.filename
        start = self.data_start(info)
        end = start + info.compress_size
        if end > len(self.view):
            self.fail(f"文件不完整（部件 {part} 被截断），可能是没有下载或复制完整")
        size, crc = 0, 0
        decompressor = zlib.decompressobj(-15) if info.compress_type else None
        position, tail = start, b""
        step = _PROLOG if prolog else _CHUNK  # most of a prolog-only part is never inflated
        piece: bytes | memoryview
        while True:
            if tail:
                piece, tail = tail, b""
            elif position < end:
                piece = self.view[position:min(position + step, end)]
                position += len(piece)
            else:
                break
            if decompressor is None:
                out = bytes(piece)
            else:
                try:
                    out = decompressor.decompress(piece, step)
                except zlib.error:
                    self.fail(f"部件 {part} 的压缩数据已损坏，无法读取")
                tail = decompressor.unconsumed_tail
            size += len(out)
            if size > info.file_size:
                self.fail(f"部件 {part} 解压后比声明的 {_mb(info.file_size)} 更大"
                          "（可能是“压缩炸弹”），未读取")
            crc = zlib.crc32(out, crc)
            sink.feed(out)
            if prolog and sink.rooted:
                return
            if decompressor is not None and decompressor.eof:
                break
        if (decompressor is not None and not decompressor.eof) or size != info.file_size:
            self.fail(f"部件 {part} 的数据不完整，文件已损坏")
        if crc != info.CRC:
            self.fail(f"部件 {part} 的校验和（CRC）不符，文件已损坏")
        sink.close()

    def data_start(self, info: zipfile.ZipInfo) -> int:
        offset = info.header_offset
        header = bytes(self.view[offset:offset + 30])
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            self.fail(f"部件 {info.filename} 的位置信息错误，文件已损坏")
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        return offset + 30 + name_length + extra_length

    def count_cells(self, scan: SheetScan, cells: int) -> None:
        self.cells += cells
        if self.cells > self.limits.cells:
            self.fail(f"工作簿的单元格超过 {self.limits.cells:,} 个（到工作表“{scan.name}”为止），"
                      "远超绩效目标表的规模，未读取")


#: Parts a reader may parse besides the sheets, the workbook, the shared strings and any
#: relationships (``.rels``): inflated whole, counting.
_READ_WHOLE = frozenset({"xl/styles.xml", "[Content_Types].xml"})


def _is_xml(part: str) -> bool:
    return part.endswith((".xml", ".rels", ".vml"))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _resolve(target: str) -> str:
    """A relationship target of xl/workbook.xml as a part name."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in PurePosixPath("xl", target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _mb(size: int) -> str:
    return f"{size / MB:,.0f} MB" if size >= MB else f"{size / 1024:,.0f} KB"


#: What a reader's sheet-level failure is called, by words in the library's message.
_DAMAGE = (("xml", "XML 内容已损坏"), ("zip", "压缩数据已损坏"), ("utf", "文字编码错误"),
           ("encoding", "文字编码错误"), ("not found", "缺少部件"), ("missing", "缺少部件"))


def sheet_damage(sheet: str, exc: BaseException) -> str:
    """A Chinese reason for a library's failure to read one sheet (its message is not shown)."""
    if isinstance(exc, MemoryError):
        return f"工作表“{sheet}”太大，内存不足，无法读取"
    text = f"{type(exc).__name__} {exc}".lower()
    what = next((reason for word, reason in _DAMAGE if word in text), "内容已损坏")
    return f"工作表“{sheet}”的{what}，无法读取"
