"""Bad inputs, generated: what a finance bureau's inbox may hold besides real unit workbooks.

Nothing here is committed as a binary: every input is built from one small unit workbook (the
first project of an example unit, its amounts blank so that no bad file adds money to a county's
totals) by rewriting zip members, or from scratch. The zip bombs are built here too: they are a
few hundred kilobytes on disk and inflate beyond the stated limits.

Each input says what ``xlperf check`` must say about it (``marker``, hand-written) and whether a
county run reads it as a unit (``unit``), lists it as unreadable or as not read.
"""

from __future__ import annotations

import array
import io
import os
import random
import re
import struct
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from xlperf.core.summary.records import summarize
from xlperf.core.summary.roster import ROSTER_TITLE
from xlperf.core.summary.tables import SUMMARY_TITLE, summary_tables
from xlperf.core.workbook.render import render_workbook
from xlperf.files import pdffile, xlsx, xlsxstream
from xlperf.files.discover import ANNOTATED_CATEGORY, REVIEW_TITLE, REVIEW_WORKBOOK
from xlperf.files.examples import load_example

BASE_EXAMPLE = "博野县卫生健康局_2023"
BASE_CODE = "799000"
PROJECT = "xl/worksheets/sheet4.xml"  # 项目1
DEPARTMENT = "xl/worksheets/sheet3.xml"  # 部门整体绩效目标
MB = 1 << 20
BOMB = 51 * MB  # just past the 50 MB part limit

# What a county run does with a file.
UNIT, UNREADABLE, SKIPPED = "unit", "unreadable", "skipped"


@dataclass(frozen=True)
class Bad:
    """One bad input: its file name, what check must print, what a county run makes of it."""

    name: str
    marker: str  # a text `xlperf check` must print for it (hand-written oracle)
    fate: str  # UNIT, UNREADABLE or SKIPPED
    code: str | None = None  # the unit code it carries when it is read as a unit


# --------------------------------------------------------------------------- zip surgery
def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def rezip(parts: dict[str, bytes], *, stored: tuple[str, ...] = (),
          extra: list[tuple[str, bytes]] | None = None) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        warnings.simplefilter("ignore", UserWarning)  # a duplicate name, when asked for
        for name, data in [*parts.items(), *(extra or [])]:
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return out.getvalue()


def with_part(data: bytes, part: str, change: Callable[[bytes], bytes | None]) -> bytes:
    parts = members(data)
    new = change(parts[part])
    if new is None:
        del parts[part]
    else:
        parts[part] = new
    return rezip(parts)


def set_cell(sheet_xml: bytes, ref: str, inner: bytes, attrs: bytes = b"") -> bytes:
    """The sheet with cell ``ref`` replaced (or added in a row of its own) by a new cell."""
    cell = b'<c r="' + ref.encode() + b'"' + attrs + b">" + inner + b"</c>"
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.S)
    if pattern.search(sheet_xml):
        return pattern.sub(lambda _: cell, sheet_xml, count=1)
    row = re.sub(rb"\D", b"", ref.encode())
    row_xml = b'<row r="' + row + b'">' + cell + b"</row>"
    return sheet_xml.replace(b"</sheetData>", row_xml + b"</sheetData>")


def lying_sizes(data: bytes, part: str, declared: int) -> bytes:
    """The zip with ``part`` claiming ``declared`` bytes uncompressed (and the CRC of those)."""
    info = next(i for i in zipfile.ZipFile(io.BytesIO(data)).infolist() if i.filename == part)
    raw = bytearray(data)
    struct.pack_into("<I", raw, info.header_offset + 22, declared)
    struct.pack_into("<I", raw, _central_record(raw, part) + 24, declared)
    return bytes(raw)


def _central_record(raw: bytearray, part: str) -> int:
    name = part.encode()
    at = 0
    while True:
        at = raw.index(b"PK\x01\x02", at)
        length = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46:at + 46 + length] == name:
            return at
        at += 4


def flip_byte(data: bytes, part: str) -> bytes:
    """The zip with one byte of a stored member changed (its CRC no longer matches)."""
    info = next(i for i in zipfile.ZipFile(io.BytesIO(data)).infolist() if i.filename == part)
    raw = bytearray(data)
    start = info.header_offset + 30 + len(part.encode()) + len(info.extra)
    raw[start + 100] ^= 0x20
    return bytes(raw)


def set_flag(data: bytes, part: str, flag: int) -> bytes:
    """The zip with a general-purpose flag bit set on ``part`` (local and central header)."""
    info = next(i for i in zipfile.ZipFile(io.BytesIO(data)).infolist() if i.filename == part)
    raw = bytearray(data)
    for at, offset in ((info.header_offset, 6), (_central_record(raw, part), 8)):
        struct.pack_into("<H", raw, at + offset, struct.unpack_from("<H", raw, at + offset)[0]
                         | flag)
    return bytes(raw)


def shared_amplified(data: bytes, cells: int, length: int = 32_767) -> bytes:
    """The workbook with one shared string of ``length`` characters that ``cells`` cells of the
    部门整体绩效目标 sheet (rows from 100, 100 columns a row) all reference."""
    parts = members(data)
    parts["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="1"><si><t>' + b"a" * length + b"</t></si></sst>")
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(b"</Relationships>", (
        b'<Relationship Id="rIdAmp" Target="sharedStrings.xml" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'))
    types = "[Content_Types].xml"
    parts[types] = parts[types].replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
    rows = []
    for r in range(100, 100 + (cells + 99) // 100):
        row = str(r).encode()
        count = min(100, cells - (r - 100) * 100)
        rows.append(b'<row r="' + row + b'">' + b"".join(
            b'<c r="' + _column(c) + row + b'" t="s"><v>0</v></c>' for c in range(1, count + 1))
            + b"</row>")
    parts[DEPARTMENT] = parts[DEPARTMENT].replace(b"</sheetData>", b"".join(rows)
                                                  + b"</sheetData>")
    return rezip(parts)


def _column(col: int) -> bytes:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters.encode()


# --------------------------------------------------------------------------- the inputs
def base_workbook() -> bytes:
    """A small unit workbook: the example's first project, amounts blank, unit 799000."""
    book = load_example(BASE_EXAMPLE)
    project = book.projects[0].model_copy(update={"budget": None, "fiscal_funds": None,
                                                  "other_funds": None})
    info = book.info.model_copy(update={"code": BASE_CODE, "name": "异常文件测试单位"})
    book = book.model_copy(update={"info": info, "projects": [project]})
    target = io.BytesIO()
    wb = xlsx.build_workbook(render_workbook(book))
    wb.save(target)
    return target.getvalue()


def recoded(data: bytes, n: int) -> bytes:
    """The workbook as unit 7990nn (its cover and project header say so)."""
    code = f"7990{n:02d}".encode()
    parts = members(data)
    for name in parts:
        if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
            parts[name] = parts[name].replace(BASE_CODE.encode(), code)
    return rezip(parts)


def _inline(text: str) -> bytes:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return b"<is><t>" + escaped.encode() + b"</t></is>"


def _cjk(count: int, seed: int) -> str:
    """``count`` common-range CJK characters, random but the same for the same seed."""
    codes = array.array("H", random.Random(seed).randbytes(2 * count))
    return array.array("H", (0x4E00 + c % 3000 for c in codes)).tobytes().decode("utf-16-le")


def _date_styled(data: bytes) -> bytes:
    """1E+300 in a cell formatted as a date (numFmt 14) — no date can be that far."""
    parts = members(data)
    styles = parts["xl/styles.xml"].decode()
    count = int(re.search(r'<cellXfs count="(\d+)"', styles).group(1))
    styles = re.sub(r'<cellXfs count="\d+">', f'<cellXfs count="{count + 1}">', styles)
    styles = styles.replace("</cellXfs>", '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" '
                                          'applyNumberFormat="1"/></cellXfs>')
    parts["xl/styles.xml"] = styles.encode()
    parts[PROJECT] = set_cell(parts[PROJECT], "B7", b"<v>1E+300</v>", f' s="{count}"'.encode())
    return rezip(parts)


def _no_refs(sheet: bytes) -> bytes:
    """The sheet with every cell's position (r=) removed, as some generators write it."""
    return re.sub(rb'(<c) r="[A-Z]+\d+"', rb"\1", sheet)


def _entities() -> bytes:
    """A billion laughs: ten levels of ten entity references each."""
    laughs = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    return ('<?xml version="1.0"?><!DOCTYPE sst [' + "".join(laughs) + ']>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
            'uniqueCount="1"><si><t>&l9;</t></si></sst>').encode()


def _docx(body: bytes) -> bytes:
    ct = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
          b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
          b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
          b'relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/'
          b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            b'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            b'Target="word/document.xml"/></Relationships>')
    return rezip({"[Content_Types].xml": ct, "_rels/.rels": rels, "word/document.xml": body})


_WORD = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
         b"<w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>")


#: Tables nested in table cells this deep (Word itself stops at 63).
DEEP = 5_000


def _nested_tables(depth: int) -> bytes:
    """A Word body of tables nested ``depth`` deep, each cell holding the next table."""
    open_, close = b"<w:tbl><w:tr><w:tc>", b"<w:p/></w:tc></w:tr></w:tbl>"
    return (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body>" + open_ * depth + b"<w:p><w:r><w:t>deep</w:t></w:r></w:p>"
            + close * depth + b"</w:body></w:document>")


def _pdf(contents: list[bytes]) -> bytes:
    """A PDF of one page per content stream, with a Helvetica font and a correct xref."""
    n = len(contents)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))
               + b"] /Count %d >>" % n,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i, content in enumerate(contents):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
                       b"<< /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i))
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content
                       + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def make_inbox(folder: Path, long_cells: int = 8) -> list[Bad]:
    """Write every bad input into ``folder``; return what each one is.

    ``long_cells`` is how many cells of 32,000 characters ``many_long_strings.xlsx`` holds (the
    benchmark uses 32: a sheet of a megabyte of text).
    """
    folder.mkdir(parents=True, exist_ok=True)
    base = base_workbook()
    bad: list[Bad] = []
    serial = iter(range(1, 100))

    def unit(name: str, marker: str, data: bytes) -> None:
        n = next(serial)
        (folder / name).write_bytes(recoded(data, n))
        bad.append(Bad(name, marker, UNIT, f"7990{n:02d}"))

    def refused(name: str, marker: str, data: bytes, fate: str = UNREADABLE) -> None:
        (folder / name).write_bytes(data)
        bad.append(Bad(name, marker, fate))

    cell = with_part
    # ---- readable, with odd content: read as units, each with its finding
    unit("far_value.xlsx", "R014", cell(base, PROJECT, lambda x: set_cell(
        x, "XFD1048576", b"<v>1</v>")))
    unit("far_row.xlsx", "R014", cell(base, PROJECT, lambda x: set_cell(
        x, "A1048576", _inline(" "), b' t="inlineStr"')))
    unit("far_dimension.xlsx", "■", cell(base, PROJECT, lambda x: re.sub(
        rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', x)))
    unit("far_empty_cell.xlsx", "■", cell(base, PROJECT, lambda x: set_cell(
        x, "XFD1048576", b"", b' s="1"')))
    unit("nan.xlsx", "R012", cell(base, PROJECT, lambda x: set_cell(x, "C4", b"<v>NaN</v>")))
    unit("infinity.xlsx", "R012", cell(base, PROJECT, lambda x: set_cell(
        set_cell(x, "E4", b"<v>inf</v>"), "G4", b"<v>-Infinity</v>")))
    unit("huge_numbers.xlsx", "R012", cell(base, PROJECT, lambda x: set_cell(
        set_cell(x, "C4", b"<v>1E+300</v>"), "E4", b"<v>" + b"9" * 5000 + b"</v>")))
    unit("date_overflow.xlsx", "■", _date_styled(base))
    unit("text_number.xlsx", "R001", cell(base, PROJECT, lambda x: set_cell(
        x, "C4", _inline("Infinity"), b' t="inlineStr"')))
    unit("long_text.xlsx", "R013", cell(base, PROJECT, lambda x: set_cell(
        x, "B5", _inline(_cjk(40_000, 1)), b' t="inlineStr"')))
    unit("repeated_text.xlsx", "S007", cell(base, PROJECT, lambda x: set_cell(
        x, "B5", _inline("加强组织和干部队伍建设，" * 1_100), b' t="inlineStr"')))
    unit("many_long_strings.xlsx", "■", cell(base, DEPARTMENT, lambda x: x.replace(
        b"</sheetData>", b"".join(
            b'<row r="' + str(r).encode() + b'"><c r="F' + str(r).encode() + b'" t="inlineStr">'
            + _inline(_cjk(32_000, r)) + b"</c></row>" for r in range(100, 100 + long_cells))
        + b"</sheetData>")))
    unit("no_cell_refs.xlsx", "■", cell(base, PROJECT, _no_refs))
    unit("future_mtime.xlsx", "■", base)
    os.utime(folder / "future_mtime.xlsx", (4_102_444_800, 4_102_444_800))  # 2100-01-01
    gbk = os.fsdecode("测试单位".encode("gbk") + b".xlsx")
    n = next(serial)
    (folder / gbk).write_bytes(recoded(base, n))
    bad.append(Bad(gbk, "■", UNIT, f"7990{n:02d}"))
    # ---- refused: damaged, bombs, not workbooks
    bomb = rezip({**members(base), PROJECT: b" " * BOMB})
    refused("bomb_sheet.xlsx", "压缩炸弹", bomb)
    refused("bomb_lying.xlsx", "压缩炸弹", lying_sizes(bomb, PROJECT, 1024))
    refused("bomb_strings.xlsx", "压缩炸弹", rezip(
        {**members(base), "xl/sharedStrings.xml": b"<sst>" + b"<si><t>a</t></si>" * (BOMB // 16)}))
    refused("shared_amplified.xlsx", "共享文字", shared_amplified(base, 30_000))
    refused("entities.xlsx", "DTD", rezip({**members(base), "xl/sharedStrings.xml": _entities()}))
    refused("broken_xml.xlsx", "XML", cell(base, PROJECT, lambda x: x[: len(x) // 2]))
    refused("missing_part.xlsx", "不存在", cell(base, PROJECT, lambda x: None))
    refused("bad_crc.xlsx", "CRC", flip_byte(rezip(members(base), stored=(PROJECT,)), PROJECT))
    refused("truncated.xlsx", "不完整", base[: len(base) * 2 // 3])
    refused("bad_directory.xlsx", "zip 结构错误", base[: len(base) * 2 // 3] + base[-22:])
    refused("duplicate_part.xlsx", "重名", rezip(members(base), extra=[(PROJECT, b"<x/>")]))
    refused("encrypted_member.xlsx", "加密", set_flag(base, PROJECT, 0x1))
    refused("empty.xlsx", "0 字节", b"")
    refused("random.xlsx", "不是 Excel 工作簿", random.Random(3).randbytes(4096))
    refused("xls_renamed.xlsx", "旧版 .xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    refused("docx_renamed.xlsx", "Word 文档", _docx(_WORD % b"text"))
    refused("zip_renamed.xlsx", "zip 压缩包", rezip({"a.txt": b"hello"}))
    refused("text_renamed.xlsx", "不是 Excel 工作簿", "单位名称\t预算数\n".encode())
    # ---- not files at all: judged by stat alone, never opened
    os.mkfifo(folder / "fifo.xlsx")
    bad.append(Bad("fifo.xlsx", "命名管道", UNREADABLE))
    (folder / "folder.xlsx").mkdir()
    (folder / "folder.xlsx" / "[Content_Types].xml").write_bytes(b"<Types/>")
    bad.append(Bad("folder.xlsx", "文件夹", UNREADABLE))
    os.symlink("loop.xlsx", folder / "loop.xlsx")
    bad.append(Bad("loop.xlsx", "循环", UNREADABLE))
    os.symlink("nowhere.xlsx", folder / "dangling.xlsx")
    bad.append(Bad("dangling.xlsx", "失效", UNREADABLE))
    os.symlink("/dev/zero", folder / "zero.xlsx")
    bad.append(Bad("zero.xlsx", "设备", UNREADABLE))
    refused("~$far_value.xlsx", "锁定文件", b"\x0bxlperf user" + bytes(150), SKIPPED)
    refused(".xlperf-999999-abc.tmp", "临时文件", b"half a workbook", SKIPPED)
    # ---- not workbooks: listed as not read
    # ---- documents (绩效文本 in Word or PDF): read like workbooks, refused with their reasons
    refused("绩效文本.docx", "不像是部门预算绩效文本", _docx(_WORD % "文本".encode()), SKIPPED)
    refused("docx_bomb.docx", "压缩炸弹", _docx(b" " * BOMB))
    refused("deep_tables.docx", "Word 文档已损坏", _docx(_nested_tables(DEEP)))
    refused("note.pdf", "PDF 文件已损坏", b"%PDF-1.4\n%%EOF\n")
    refused("many_pages.pdf", "页的上限", _pdf([b""] * (pdffile.MAX_PAGES + 1)))
    refused("no_text.pdf", "OCR", _pdf([b"0 0 m 100 100 l S"] * 2))
    refused("ruled_page.pdf", "线框", _pdf([b"".join(
        b"%d 10 m %d 830 l S " % (i % 590, i % 590) for i in range(pdffile.MAX_PAGE_EDGES + 1))]))
    refused("unknown_encoding.txt", "文本文件", bytes(range(128, 256)) * 64, SKIPPED)
    refused("crowded_page.pdf", "每页", _pdf([b"BT /F1 1 Tf " + b"(x) Tj " * (
        pdffile.MAX_PAGE_GLYPHS + 1) + b"ET"]))
    refused("old.xls", "旧版 .xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    refused("book.et", "WPS", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    # ---- xlperf's own outputs: known by properties (and names)
    xlsxstream.write_tables(summary_tables(summarize([])), folder / "去年汇总.xlsx",
                            title=SUMMARY_TITLE)
    bad.append(Bad("去年汇总.xlsx", "全县汇总表", SKIPPED))
    xlsxstream.write_tables([], folder / "名录.xlsx", title=ROSTER_TITLE)
    bad.append(Bad("名录.xlsx", "单位名录", SKIPPED))
    refused("far_value_校验.xlsx", "标注副本", recoded(base, 98), SKIPPED)
    marked = f"<cp:category>{ANNOTATED_CATEGORY}</cp:category></cp:coreProperties>".encode()
    copy = cell(recoded(base, 96), "docProps/core.xml",
                lambda x: x.replace(b"</cp:coreProperties>", marked))
    refused("renamed_copy.xlsx", "标注副本", copy, SKIPPED)
    review = folder / "审核"
    (review / "第1轮").mkdir(parents=True)
    xlsxstream.write_tables([], review / REVIEW_WORKBOOK, title=REVIEW_TITLE)
    (review / "第1轮" / "单位.xlsx").write_bytes(recoded(base, 97))
    bad.append(Bad(f"审核/{REVIEW_WORKBOOK}", "审核汇总表", SKIPPED))
    bad.append(Bad("审核/第1轮/单位.xlsx", "审核输出", SKIPPED))
    return bad


# =========================================================================== the review round
# Hostile inputs of ``xlperf review`` (issue 19), kept apart from the unit workbooks above: a
# review workbook whose hidden memory is huge, rubrics that are YAML bombs, and Word files for
# ``import`` whose tables claim absurd widths. Each builder returns bytes or text; the tests
# use small sizes, ``bench/hostile.py`` (part 5) the sizes of the attack.
def sheet_part(data: bytes, sheet: str) -> str:
    """The zip member holding the worksheet named ``sheet``."""
    parts = members(data)
    workbook = parts["xl/workbook.xml"].decode("utf-8")
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="([^"]+)"', workbook)
    assert rid is not None, sheet
    target = re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) \
        or re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    assert target is not None, rid.group(1)
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def inflated_records(book: bytes, sheet: str, megabytes: int) -> bytes:
    """The review workbook with ``sheet`` (审核记录) inflating to ``megabytes`` MB of rows.

    Every row repeats one long text: deflate makes ~1 MB on disk of a gigabyte. The part is
    written in pieces, so that building it takes little memory.
    """
    target = sheet_part(book, sheet)
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 4000 + b"</t></is></c></row>"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            if info.filename != target:
                zf.writestr(info.filename, source.read(info))
                continue
            with zf.open(target, "w", force_zip64=True) as part:
                part.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                           b'spreadsheetml/2006/main"><sheetData>')
                block = row * 256
                for _ in range(megabytes * MB // len(block)):
                    part.write(block)
                part.write(b"</sheetData></worksheet>")
    return out.getvalue()


def many_records(book: bytes, sheet: str, rows: int) -> bytes:
    """The review workbook with ``rows`` full rows of unknown units in ``sheet`` (审核记录)."""
    head = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<sheetData>")
    headers = ("单位", "轮次", "审核日期", "文件指纹", "来源文件", "单位名称", "建议结果",
               "预填结果", "审核结果", "审核意见", "修改期限", "意见书", "意见书指纹")
    lines = [head, b'<row r="2">' + b"".join(
        b'<c t="inlineStr">' + _inline(h) + b"</c>" for h in headers) + b"</row>"]
    text = "".join(f"<c t=\"inlineStr\"><is><t>{v}</t></is></c>" for v in (
        "2024-11-20", "0" * 32, "收件/x.xlsx", "某单位", "优", "优", "优", "", "", "", ""))
    for n in range(rows):
        lines.append(f'<row r="{n + 3}"><c t="inlineStr"><is><t>9{n:07d}</t></is></c>'
                     f"<c><v>1</v></c>{text}</row>".encode())
    lines.append(b"</sheetData></worksheet>")
    return with_part(book, sheet_part(book, sheet), lambda _: b"".join(lines))


def rubric_bombs(scale: int = 1) -> dict[str, str]:
    """YAML files that are no rubric: billion laughs, deep nesting, a huge 不计入 list."""
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
        for i in range(8))
    return {
        "billion_laughs.yaml": laughs + "维度: {完整性: {差: {错误: *i}}}\n",
        "deep_nesting.yaml": "维度: " + "[" * 5000 * scale + "]" * 5000 * scale + "\n",
        "long_ignored.yaml": "维度: {完整性: {差: {错误: 1}}}\n不计入: ["
                             + "S009, " * 60_000 * scale + "]\n",
    }


def _document(docx: bytes, change: Callable[[str], str]) -> bytes:
    return with_part(docx, "word/document.xml",
                     lambda xml: change(xml.decode("utf-8")).encode("utf-8"))


def docx_spans(docx: bytes, span: int, cells: int) -> bytes:
    """An exported 绩效文本 whose first ``cells`` merged cells claim ``span`` grid columns."""
    return _document(docx, lambda xml: xml.replace('<w:gridSpan w:val="2"/>',
                                                   f'<w:gridSpan w:val="{span}"/>', cells))


def docx_before(docx: bytes, before: int, rows: int) -> bytes:
    """An exported 绩效文本 whose first ``rows`` table rows start ``before`` grid columns in."""
    return _document(docx, lambda xml: xml.replace(
        "<w:trPr>", f'<w:trPr><w:gridBefore w:val="{before}"/>', rows))


def docx_extra_rows(docx: bytes, rows: int) -> bytes:
    """An exported 绩效文本 whose last table repeats its last row ``rows`` more times."""
    def change(xml: str) -> str:
        end = xml.rindex("</w:tbl>")
        start = xml.rindex("<w:tr>", 0, end)
        return xml[:end] + xml[start:end] * rows + xml[end:]

    return _document(docx, change)


def docx_nested(docx: bytes, text: str) -> bytes:
    """An exported 绩效文本 whose first table cell also holds a table with ``text`` in it."""
    inner = (f"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc></w:tr>"
             "</w:tbl><w:p/>")

    def change(xml: str) -> str:
        at = xml.index("</w:tc>", xml.index("<w:tbl>"))
        return xml[:at] + inner + xml[at:]

    return _document(docx, change)
