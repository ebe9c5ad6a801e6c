"""Discovery: which files of an inbox are read, and the reason for every other one."""

from __future__ import annotations

import builtins
import os
from pathlib import Path

import pytest
from badfiles import SKIPPED, UNIT, UNREADABLE

from xlperf.files import discover
from xlperf.files.discover import display_path, own_output


def test_every_entry_is_read_or_listed_with_its_reason_and_none_is_opened(bad_inbox,
                                                                          monkeypatch):
    folder, bad = bad_inbox
    opened = []
    for module, name in ((builtins, "open"), (os, "open")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name,
                            lambda *a, _r=real, **k: opened.append(a[0]) or _r(*a, **k))
    found = discover.discover([folder])
    monkeypatch.undo()
    assert opened == []
    read = {str(p.relative_to(folder)) for p in found.workbooks}
    listed = {str(Path(s.path).relative_to(folder)): s for s in found.skipped}
    assert read.isdisjoint(listed)
    for item in bad:
        if item.fate == UNIT:
            assert item.name in read, item.name
        elif item.fate == UNREADABLE:
            # an .xlsx that is no regular file is listed at once; damaged content is read (and
            # refused by the reader with its reason)
            assert item.name in read or listed[item.name].unreadable, item.name
        elif item.name in listed:
            assert not listed[item.name].unreadable, item.name
        else:  # an xlperf output recognised by its document properties, once opened
            assert item.name in read and item.fate == SKIPPED, item.name
    assert "命名管道" in listed["fifo.xlsx"].reason
    assert "文件夹" in listed["folder.xlsx"].reason and listed["folder.xlsx"].unreadable
    assert "绩效文本.docx" in read and "note.pdf" in read  # documents: read, then judged
    assert "WPS" in listed["book.et"].reason
    assert "锁定文件" in listed["~$far_value.xlsx"].reason
    assert "审核输出" in listed["审核/第1轮/单位.xlsx"].reason
    assert "审核汇总表" in listed["审核/审核汇总.xlsx"].reason
    assert "校验标注副本" in listed["far_value_校验.xlsx"].reason


def test_a_missing_path_is_an_error_but_a_named_special_file_is_read_as_asked(tmp_path):
    with pytest.raises(Exception, match="不存在"):
        discover.discover([tmp_path / "nowhere"])
    os.symlink("nowhere.xlsx", tmp_path / "dangling.xlsx")
    found = discover.discover([tmp_path / "dangling.xlsx"])
    assert found.workbooks == [tmp_path / "dangling.xlsx"] and found.named == set(found.workbooks)


@pytest.mark.parametrize(("core", "expected"), [
    (b"<cp:coreProperties><dc:title>\xe9\x83\xa8\xe9\x97\xa8\xe9\xa2\x84\xe7\xae\x97\xe7\xbb"
     b"\xa9\xe6\x95\x88\xe7\x9b\xae\xe6\xa0\x87\xe6\xb1\x87\xe6\x80\xbb</dc:title>"
     b"<dc:creator>xlperf</dc:creator></cp:coreProperties>", "全县汇总表"),
    ("<dc:title>单位名录</dc:title><dc:creator xmlns:dc='x'>xlperf</dc:creator>".encode(),
     "单位名录"),
    ("<cp:category>xlperf 校验标注副本</cp:category>".encode(), "校验标注副本"),
    ("<dc:title>单位名录</dc:title><dc:creator>张三</dc:creator>".encode(), None),
    ("<dc:title>随便</dc:title><dc:creator>xlperf</dc:creator>".encode(), None),
    (b"", None),
])
def test_own_outputs_are_known_by_their_document_properties(core, expected):
    kind = own_output(core)
    assert (kind is None) if expected is None else (expected in kind)


def test_names_that_are_not_utf8_are_shown_as_gbk():
    raw = os.fsdecode("/收件/".encode() + "测试单位".encode("gbk") + b".xlsx")
    assert display_path(raw) == "/收件/测试单位.xlsx"
    assert display_path(os.fsdecode(b"/x/\xff\xfe.xlsx")) == "/x/\ufffd\ufffd.xlsx"
