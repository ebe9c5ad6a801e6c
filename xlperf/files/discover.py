"""Which files of the folders a user names are unit workbooks to read, and why the rest are not.

Stdlib only, and nothing here opens a file: the folders are walked with ``scandir`` (links to
folders are not followed, so a link loop cannot trap the walk), and each entry is judged by its
name and ``stat`` alone. A FIFO, a device, a dangling link or a folder named ``.xlsx`` is never
opened; it is listed with its reason, like every other file that is not read.

xlperf's own outputs are not units' workbooks: the summary, the roster, annotated copies and the
review outputs are known by name here (``…_校验.xlsx``, ``审核汇总.xlsx`` and the ``第N轮`` folders
beside it) and, once a worker has the file open, by the document properties xlperf writes
(:func:`own_output`) — so a renamed 汇总.xlsx is still recognised.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from xlperf.core.review.sheets import REVIEW_TITLE  # the title reviewbook writes
from xlperf.core.summary.roster import ROSTER_TITLE
from xlperf.core.summary.tables import SUMMARY_TITLE
from xlperf.errors import InputFileError
from xlperf.files.filetype import (
    DOCUMENT_SUFFIXES,
    display_path,
    is_document,
    not_a_file_reason,
)
from xlperf.files.xlsxparts import GENERATOR

#: ``check --annotate`` writes ``<name>_校验.xlsx`` beside the input.
ANNOTATED_SUFFIX = "_校验"
#: The document category (``cp:category``) of an annotated copy xlperf writes.
ANNOTATED_CATEGORY = "xlperf 校验标注副本"
#: The review workbook at the top of a review folder, and that folder's round subfolders.
REVIEW_WORKBOOK = "审核汇总.xlsx"
ROUND_FOLDER = re.compile(r"第\d+轮")
#: Workbooks xlperf writes, by document title (with ``xlperf`` as creator): what each is.
#: The title of the unit links workbook ``xlperf serve --issue-links`` writes.
LINKS_TITLE = "单位访问链接"
OUTPUT_TITLES = {
    LINKS_TITLE: "这是 xlperf 生成的单位访问链接（含各单位的专用链接，请勿放入收件文件夹或外传）",
    SUMMARY_TITLE: "这是 xlperf 生成的全县汇总表，不是单位工作簿",
    ROSTER_TITLE: "这是 xlperf 生成的单位名录，不是单位工作簿",
    REVIEW_TITLE: "这是 xlperf 生成的审核汇总表，不是单位工作簿",
}
ANNOTATED_OUTPUT = ("这是 xlperf 生成的校验标注副本（见文档属性），不是单位报送的工作簿；"
                    "如需报送，请报送原工作簿")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: Spreadsheets in formats xlperf cannot read: listed as unreadable submissions, with advice.
OTHER_SPREADSHEETS = {
    ".xls": "旧版 .xls 格式", ".xlsb": "Excel 二进制工作簿（.xlsb）", ".et": "WPS 表格（.et）格式",
    ".ods": "OpenDocument 表格（.ods）格式", ".xltx": "Excel 模板（.xltx）",
    ".xltm": "Excel 模板（.xltm）", ".numbers": "Numbers 表格",
}
_OTHER_FILES = {
    ".doc": "Word 文档", ".wps": "WPS 文字文档", ".txt": "文本文件", ".csv": "CSV 文本文件",
    ".zip": "压缩包", ".rar": "压缩包", ".7z": "压缩包",
}


@dataclass(frozen=True)
class Skipped:
    """A file (or folder) that is not read, and why.

    ``unreadable`` marks what looks like a unit's submission but cannot be read (a FIFO named
    ``.xlsx``, an old ``.xls``): it counts as 无法读取. Anything else (a Word file, a lock file,
    xlperf's own outputs) is only listed as 未读取.
    """

    path: str
    reason: str
    unreadable: bool = False
    mtime: float | None = None


@dataclass
class Found:
    """The workbooks to read, and everything else met on the way."""

    workbooks: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    named: set[Path] = field(default_factory=set)  # files the user named (not found in folders)


def discover(paths: Sequence[Path], *, recursive: bool = True) -> Found:
    """The workbooks to process under ``paths`` (files as given, folders searched), and the rest.

    Raises:
        InputFileError: when a given path does not exist (or cannot be looked at).
    """
    found = Found()
    for path in map(Path, paths):
        if not os.path.lexists(path):
            raise InputFileError(display_path(str(path)), "文件或文件夹不存在")
        if os.path.isdir(path) and path.suffix.lower() in WORKBOOK_SUFFIXES:
            found.skipped.append(_folder_named_like_a_workbook(path))
        elif os.path.isdir(path):
            _walk(path, recursive, found)
        else:  # named by the user: read (or refused with its reason, e.g. a FIFO) as asked
            found.workbooks.append(path)
            found.named.add(path)
    return found


def find_workbooks(paths: Sequence[Path], *, recursive: bool = True) -> list[Path]:
    """The workbooks to process (see :func:`discover`; what is skipped is not returned).

    Raises:
        InputFileError: when a given path does not exist.
    """
    return discover(paths, recursive=recursive).workbooks


def _walk(folder: Path, recursive: bool, found: Found) -> None:
    review = _is_review_folder(folder)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        found.skipped.append(Skipped(display_path(str(folder)),
                                     f"无法打开文件夹（{_os_reason(exc)}），其中的文件未读取",
                                     unreadable=True))
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_link = entry.is_symlink()
        except OSError:
            is_dir = is_link = False
        if is_dir and path.suffix.lower() in WORKBOOK_SUFFIXES:
            found.skipped.append(_folder_named_like_a_workbook(path))
            continue
        if is_dir:
            if review and ROUND_FOLDER.fullmatch(entry.name):
                _list_all(path, "这是 xlperf 的审核输出（审核意见书和标注副本）", found)
            elif recursive:
                _walk(path, recursive, found)
            continue
        skipped = _judge(path, entry.name, is_link)
        if skipped is None:
            found.workbooks.append(path)
        else:
            found.skipped.append(skipped)


def _folder_named_like_a_workbook(path: Path) -> Skipped:
    return Skipped(display_path(str(path)), f"这是名称以 {path.suffix} 结尾的文件夹（可能是解压开的"
                   "工作簿），不是工作簿文件，未读取；请报送原来的工作簿文件", unreadable=True,
                   mtime=_mtime(path))


def _judge(path: Path, name: str, is_link: bool) -> Skipped | None:
    """Why a folder entry is not read, or None for a workbook to read."""
    shown = display_path(str(path))
    mtime = _mtime(path)
    suffix = Path(name).suffix.lower()
    if name.startswith("~$"):
        return Skipped(shown, "这是 Excel/WPS 打开工作簿时生成的临时锁定文件", mtime=mtime)
    if name.startswith(".xlperf-") and suffix == ".tmp":
        return Skipped(shown, "这是 xlperf 写文件时的临时文件（上次运行被中断时留下）",
                       mtime=mtime)
    if suffix in WORKBOOK_SUFFIXES or suffix in OTHER_SPREADSHEETS:
        problem = not_a_file_reason(path)
        if problem:  # a FIFO, a device, a folder named .xlsx, a dangling link, a loop
            return Skipped(shown, problem, unreadable=True, mtime=mtime)
        if suffix in OTHER_SPREADSHEETS and suffix != ".xls":
            return Skipped(shown, f"这是{OTHER_SPREADSHEETS[suffix]}，请在 Excel/WPS 中“另存为”"
                                  "Excel 工作簿（.xlsx）后重新报送", unreadable=True, mtime=mtime)
        if Path(name).stem.endswith(ANNOTATED_SUFFIX):
            return Skipped(shown, "这是 xlperf 生成的校验标注副本（文件名以“_校验”结尾），"
                                  "不是单位报送的工作簿", mtime=mtime)
        if name == REVIEW_WORKBOOK:
            return Skipped(shown, OUTPUT_TITLES[REVIEW_TITLE], mtime=mtime)
        return None  # .xls too: its content decides (an .xlsx renamed .xls is read)
    if suffix in DOCUMENT_SUFFIXES and not name.startswith("~$"):
        problem = not_a_file_reason(path)  # a 绩效文本 in Word or PDF: read like a workbook
        return Skipped(shown, problem, unreadable=True, mtime=mtime) if problem else None
    if is_link and not_a_file_reason(path):
        return Skipped(shown, not_a_file_reason(path) or "", mtime=mtime)
    if is_link and os.path.isdir(path):
        return Skipped(shown, "这是指向文件夹的链接，未进入", mtime=mtime)
    kind = _OTHER_FILES.get(suffix, f"扩展名为“{suffix}”的文件" if suffix else "没有扩展名的文件")
    return Skipped(shown, f"不是 Excel 工作簿：这是{' ' if kind[0].isascii() else ''}{kind}",
                   mtime=mtime)


def _list_all(folder: Path, reason: str, found: Found) -> None:
    """Every file under a folder of xlperf's own outputs, listed as not read."""
    for root, _dirs, files in os.walk(folder):
        for name in sorted(files):
            path = os.path.join(root, name)
            found.skipped.append(Skipped(display_path(path), reason, mtime=_mtime(Path(path))))


def _is_review_folder(folder: Path) -> bool:
    return (folder / REVIEW_WORKBOOK).is_file()


def _mtime(path: Path) -> float | None:
    try:
        return os.lstat(path).st_mtime
    except OSError:
        return None


def _os_reason(exc: OSError) -> str:
    return "没有权限" if isinstance(exc, PermissionError) else (exc.strerror or "系统错误")


def own_output(core: bytes) -> str | None:
    """What xlperf output a workbook is, by its document properties (docProps/core.xml).

    None for a unit's workbook (xlperf's templates and filled workbooks included).
    """
    text = core[:65536].decode("utf-8", "replace")
    category = _element(text, "category")
    if category == ANNOTATED_CATEGORY:
        return ANNOTATED_OUTPUT
    if _element(text, "creator") != GENERATOR:
        return None
    return OUTPUT_TITLES.get(_element(text, "title") or "")


def _element(text: str, name: str) -> str | None:
    match = re.search(rf"<(?:\w+:)?{name}(?:\s[^>]*)?>([^<]*)</(?:\w+:)?{name}>", text)
    return _unescape(match.group(1)) if match else None


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def annotated_path(path: Path) -> Path:
    """Where ``check --annotate`` writes its copy: ``<name>_校验.xlsx`` beside the input."""
    suffix = ".xlsx" if is_document(path) else path.suffix  # made from a document
    return path.with_name(f"{path.stem}{ANNOTATED_SUFFIX}{suffix}")
