"""The workbook guard: limits, damage and far cells found before any spreadsheet library reads.

The limits are exercised with small ``Limits`` so that each input stays tiny; the matrix in
``tests/app/test_hostile.py`` runs the real limits over real bombs.
"""

from __future__ import annotations

import io
import os
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from badfiles import (
    DEPARTMENT,
    PROJECT,
    base_workbook,
    flip_byte,
    lying_sizes,
    members,
    rezip,
    set_cell,
    set_flag,
    with_part,
)

from xlperf.errors import InputFileError
from xlperf.files import fastread, xlsx, xlsxguard
from xlperf.files.xlsxguard import Limits

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@pytest.fixture(scope="module")
def base() -> bytes:
    return base_workbook()


def _write(tmp_path: Path, data: bytes, name: str = "unit.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _refused(path: Path, limits: Limits = xlsxguard.LIMITS) -> str:
    with pytest.raises(InputFileError) as caught:
        xlsxguard.open_package(path, limits)
    return caught.value.reason


# --------------------------------------------------------------------------- limits
@pytest.mark.parametrize(("limits", "expected"), [
    (Limits(file_bytes=10_000), "文件过大"),
    (Limits(part_bytes=10_000), "超过单个部件"),
    (Limits(total_bytes=60_000), "文件解压后超过"),
    (Limits(cells=100), "单元格超过 100 个"),
    (Limits(parts=5), "部件超过 5 个"),
])
def test_each_limit_refuses_with_its_reason(tmp_path, base, limits, expected):
    path = _write(tmp_path, base)
    xlsxguard.open_package(path)  # within the real limits
    assert expected in _refused(path, limits)


def test_a_member_inflating_past_its_declared_size_stops_there(tmp_path, base):
    data = rezip({**members(base), PROJECT: b" " * 5_000_000})
    path = _write(tmp_path, lying_sizes(data, PROJECT, 1000))
    assert "比声明的 1 KB 更大" in _refused(path)


@pytest.mark.parametrize(("damage", "expected"), [
    (lambda b: flip_byte(rezip(members(b), stored=(PROJECT,)), PROJECT), "CRC"),
    (lambda b: b[: len(b) // 2], "不完整（结尾缺失"),
    (lambda b: b[: len(b) // 2] + b[-22:], "zip 结构错误"),
    (lambda b: rezip(members(b), extra=[(PROJECT, b"<x/>")]), "重名"),
    (lambda b: set_flag(b, PROJECT, 0x1), "已加密"),
    (lambda b: with_part(b, PROJECT, lambda _: None), "部件 xl/worksheets/sheet4.xml 不存在"),
    (lambda b: with_part(b, "xl/workbook.xml", lambda x: x[:40]), "工作簿目录"),
    (lambda b: with_part(b, "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in members(b)
                         else "xl/styles.xml", lambda x: b'<!DOCTYPE x [<!ENTITY a "b">]>' + x),
     "DTD"),
])
def test_damage_gets_a_chinese_reason(tmp_path, base, damage, expected):
    data = damage(base)
    assert expected in _refused(_write(tmp_path, data))


def test_an_unusual_compression_method_is_refused(tmp_path, base):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as zf:
        for name, data in members(base).items():
            zf.writestr(name, data)
    assert "压缩方式" in _refused(_write(tmp_path, out.getvalue()))


# --------------------------------------------------------------------------- not files
def test_special_files_are_judged_without_being_opened(tmp_path, monkeypatch):
    os.mkfifo(tmp_path / "pipe.xlsx")
    os.symlink("loop.xlsx", tmp_path / "loop.xlsx")
    os.symlink("gone.xlsx", tmp_path / "dangling.xlsx")
    os.symlink("/dev/zero", tmp_path / "zero.xlsx")
    (tmp_path / "dir.xlsx").mkdir()
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda p, *a, **k: opened.append(p) or real_open(p, *a, **k))
    reasons = {p: _refused(tmp_path / p) for p in
               ("pipe.xlsx", "loop.xlsx", "dangling.xlsx", "zero.xlsx", "dir.xlsx")}
    assert opened == []
    assert "命名管道（FIFO）" in reasons["pipe.xlsx"]
    assert "循环" in reasons["loop.xlsx"]
    assert "失效的符号链接" in reasons["dangling.xlsx"]
    assert "字符设备" in reasons["zero.xlsx"]
    assert "文件夹" in reasons["dir.xlsx"]


# --------------------------------------------------------------------------- the scan
def _oracle(sheet_xml: bytes, content: bool = True) -> tuple[int, int, int]:
    """(cells, last row, last column) of the cells holding something (or all), by ElementTree."""
    root = ET.fromstring(sheet_xml)
    cells = list(root.iter(f"{MAIN}c"))
    rows = cols = 0
    for cell in cells:
        if len(cell) or not content:
            letters = "".join(ch for ch in cell.get("r") if ch.isalpha())
            col = 0
            for ch in letters:
                col = col * 26 + ord(ch) - 64
            rows = max(rows, int(cell.get("r")[len(letters):]))
            cols = max(cols, col)
    return len(cells), rows, cols


def _prefixed(sheet_xml: bytes) -> bytes:
    """The same sheet with every element spelled with a namespace prefix (<x:c …>)."""
    return re.sub(rb"<(/?)([A-Za-z])", rb"<\1x:\2", sheet_xml).replace(b' xmlns="', b' xmlns:x="')


def _r_last(sheet_xml: bytes) -> bytes:
    """The same sheet with each cell's position written after its other attributes."""
    return re.sub(rb'<c (r="[A-Z]+\d+") ([^>]*?)(/?)>', rb"<c \2 \1\3>", sheet_xml)


@pytest.mark.parametrize("chunk", [7, 1000, 1 << 20])
@pytest.mark.parametrize("spelling", [lambda x: x, _prefixed, _r_last])
def test_scan_finds_the_extent_of_cells_holding_something_in_any_chunking(
        tmp_path, base, monkeypatch, chunk, spelling):
    monkeypatch.setattr(xlsxguard, "_CHUNK", chunk)
    parts = {name: spelling(data) if name in (PROJECT, DEPARTMENT) else data
             for name, data in members(base).items()}
    package = xlsxguard.open_package(_write(tmp_path, rezip(parts)))
    for name, part in (("项目1", PROJECT), ("部门整体绩效目标", DEPARTMENT)):
        scan = package.sheets[name]
        cells, rows, cols = _oracle(parts[part])
        _, all_rows, all_cols = _oracle(parts[part], content=False)
        assert scan.cells == cells
        assert rows <= scan.last_row <= all_rows and cols <= scan.last_col <= all_cols
        assert scan.bounded and scan.part == part


def test_a_far_cell_is_counted_outside_and_calamine_never_sees_its_sheet(tmp_path, base,
                                                                         monkeypatch):
    data = with_part(base, PROJECT, lambda x: set_cell(set_cell(x, "XFD1048576", b"<v>1</v>"),
                                                       "A20001", b"<v>2</v>"))
    path = _write(tmp_path, data)
    scan = xlsxguard.open_package(path).sheets["项目1"]
    assert (scan.outside, scan.first_outside, scan.bounded) == (2, "XFD1048576", False)
    asked = []
    real = fastread.CalamineWorkbook.get_sheet_by_name
    monkeypatch.setattr(fastread.CalamineWorkbook, "get_sheet_by_name",
                        lambda self, name: asked.append(name) or real(self, name))
    grids = fastread.load_grids(path)
    assert "项目1" not in asked and "部门整体绩效目标" in asked
    assert grids["项目1"].outside == ("XFD1048576", 2)
    plain = xlsx.load_grids(_write(tmp_path, base, "plain.xlsx"))
    assert grids["项目1"].rows == plain["项目1"].rows  # the far cells left out, nothing else


def test_cells_without_positions_are_read_inside_the_window(tmp_path, base):
    data = with_part(base, PROJECT, lambda x: re.sub(rb'(<c) r="[A-Z]+\d+"', rb"\1", x))
    scan = xlsxguard.open_package(_write(tmp_path, data)).sheets["项目1"]
    assert scan.unplaced
    expected = xlsx.load_grids(_write(tmp_path, base, "plain.xlsx"))["项目1"].rows
    rows = fastread.load_grids(tmp_path / "unit.xlsx")["项目1"].rows
    assert [[v for v in r if v is not None] for r in rows] == \
        [[v for v in r if v is not None] for r in expected]


def test_a_word_document_is_checked_the_same_way(tmp_path, base):
    from badfiles import _docx

    good = _write(tmp_path, _docx(b"<w:document/>"), "a.docx")
    xlsxguard.check_document(good)
    bomb = _write(tmp_path, _docx(b" " * 2_000_000), "bomb.docx")
    with pytest.raises(InputFileError, match="超过单个部件"):
        xlsxguard.check_document(bomb, Limits(part_bytes=1_000_000))


# --------------------------------------------------------------------------- shared strings
def test_cells_referencing_one_long_shared_string_are_counted_once_each(tmp_path, base):
    from badfiles import shared_amplified

    # 3,000 cells × 1,000 bytes = 3 MB of text, one string of 1,000 characters in the file
    path = _write(tmp_path, shared_amplified(base, 3_000, 1_000))
    assert xlsxguard.open_package(path, Limits(shared_text=3_100_000)).sheets
    assert "共享文字合计超过" in _refused(path, Limits(shared_text=2_900_000))


def test_shared_string_cells_spelled_unusually_count_too(tmp_path, base):
    from badfiles import shared_amplified

    data = shared_amplified(base, 2_000, 1_000)
    odd = with_part(data, DEPARTMENT, lambda x: x.replace(b' t="s"><v>0</v>',
                                                          b" t = 's' ><f/><v>0</v>"))
    assert "共享文字合计超过" in _refused(_write(tmp_path, odd), Limits(shared_text=1_900_000))


def test_a_real_shared_string_bomb_is_refused_before_calamine(tmp_path, base):
    from badfiles import shared_amplified

    path = _write(tmp_path, shared_amplified(base, 30_000))  # ~1 GB of text, from ~100 KB
    assert path.stat().st_size < 200_000
    assert "共享文字合计超过 100 MB" in _refused(path)


# --------------------------------------------------------------------------- parts not parsed
THEME = "xl/theme/theme1.xml"


def test_a_dtd_in_a_part_no_reader_parses_is_still_refused(tmp_path, base):
    data = with_part(base, THEME, lambda x: x.replace(
        b"?>", b'?><!DOCTYPE a [<!ENTITY b "c">]>', 1))
    assert "DTD" in _refused(_write(tmp_path, data))


def test_a_lying_bomb_in_a_part_calamine_never_reads_is_left_to_openpyxl(tmp_path, base):
    from xlperf.files import xlsm

    parts = members(base)
    bomb = rezip({**parts, THEME: parts[THEME] + b" " * 5_000_000})
    path = _write(tmp_path, lying_sizes(bomb, THEME, len(parts[THEME]) + 1000))
    xlsxguard.open_package(path)  # not inflated here: calamine does not read the theme
    with pytest.raises(InputFileError) as caught:  # zipfile stops at the declared size: CRC
        xlsm.open_workbook(path)
    assert "已损坏" in caught.value.reason
