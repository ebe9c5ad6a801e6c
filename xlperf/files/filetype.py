"""Tell what kind of file a path is (workbook, Word document, text) before a library opens it.

Nothing here opens anything but a regular file: a FIFO, a device, a socket, a folder, a dangling
link or a link loop gets its reason from ``stat`` alone, so a named pipe never blocks a run.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import zipfile
from pathlib import Path

from xlperf.errors import InputFileError, describe

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_KINDS = ((stat.S_ISFIFO, "命名管道（FIFO）"), (stat.S_ISCHR, "字符设备"),
          (stat.S_ISBLK, "块设备"), (stat.S_ISSOCK, "套接字"))


def display_path(path: str) -> str:
    """A path as shown to people and written into workbooks: always valid text.

    A name that is not UTF-8 (GBK bytes from an old zip tool) is shown as GBK, the way a Chinese
    Windows shows it, when it is valid GBK; otherwise its undecodable bytes are replaced.
    """
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    parts = []
    for part in re.split(r"([\\/])", path):
        try:
            part.encode("utf-8")
        except UnicodeEncodeError:
            raw = os.fsencode(part)
            try:
                part = raw.decode("gb18030")
            except UnicodeDecodeError:
                part = raw.decode("utf-8", "replace")
        parts.append(part)
    return "".join(parts)


def not_a_file_reason(path: Path) -> str | None:
    """Why path cannot be read as a regular file (Chinese), or None when it can be opened.

    Looks only at ``stat``/``lstat``: never opens the path.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        return _stat_reason(path, exc)
    if stat.S_ISDIR(info.st_mode):
        return "这是一个文件夹，不是文件"
    if stat.S_ISREG(info.st_mode):
        return None
    kind = next((name for test, name in _KINDS if test(info.st_mode)), "特殊文件")
    return f"这不是普通文件，而是{kind}，未打开"


def _stat_reason(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "这是循环的符号链接（链接最终指向自己），无法打开"
    if exc.errno == errno.ENOENT:
        try:
            os.lstat(path)
        except OSError:
            return "文件不存在"
        return "这是失效的符号链接（指向的文件不存在）"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有读取权限"
    if exc.errno == errno.ENAMETOOLONG:
        return "文件名或路径过长"
    return f"无法访问文件（{exc.strerror or '系统错误'}）"


def read_regular(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most ``limit`` of them.

    Raises:
        InputFileError: when path is not a regular file (see :func:`not_a_file_reason`), cannot
            be read, or is larger than ``limit``.
    """
    name = display_path(str(path))
    reason = not_a_file_reason(path)
    if reason:
        raise InputFileError(name, reason)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputFileError(name, _stat_reason(path, exc)) from exc
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped after the stat above
            raise InputFileError(name, "这不是普通文件，未读取")
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise InputFileError(name, f"无法读取文件：{describe(exc)}") from exc
    if len(data) > limit:
        raise InputFileError(name, f"文件过大（超过 {limit >> 20} MB 的上限），未读取")
    return data


def workbook_problem(head: bytes) -> str | None:
    """Why bytes starting with ``head`` (≥ 4 MB of them for an OLE2 file) are no .xlsx/.xlsm."""
    if not head:
        return "文件是空的（0 字节）"
    if head.startswith(_OLE2):
        if _ENCRYPTION_INFO in head[: 4 << 20]:
            return "工作簿设置了打开密码（已加密），请在 Excel/WPS 中取消密码后另存"
        return "这是旧版 .xls 格式，请在 Excel/WPS 中“另存为”Excel 工作簿（.xlsx）后再处理"
    if not head.startswith(b"PK"):
        return "不是 Excel 工作簿（.xlsx）文件"
    return None


def not_a_workbook(names: set[str]) -> str | None:
    """Why a zip holding these parts is no workbook, or None."""
    if "xl/workbook.xml" in names:
        return None
    kind = "Word 文档" if "word/document.xml" in names else "zip 压缩包"
    return f"这是 {kind}，不是 Excel 工作簿"


#: 绩效文本 documents read beside workbooks: by ``check``, and in a county's inbox (.txt only
#: when named: a folder's text files are notes as often as documents).
DOCUMENT_SUFFIXES = (".docx", ".pdf")
NAMED_DOCUMENT_SUFFIXES = (*DOCUMENT_SUFFIXES, ".txt")


def is_document(path: Path) -> bool:
    """Whether a file is a 绩效文本 document to read: named .docx/.pdf/.txt and not, by its
    content, a workbook (a workbook saved as .txt is read as the workbook it is)."""
    if Path(path).suffix.lower() not in NAMED_DOCUMENT_SUFFIXES:
        return False
    if not_a_file_reason(Path(path)):
        return True  # the document reader gives the reason, without opening it
    try:
        with open(path, "rb") as fh:
            if fh.read(2) != b"PK":
                return True
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" not in archive.namelist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return True


def document_kind(path: Path) -> str:
    """``"docx"``, ``"pdf"`` or ``"text"`` for a 绩效文本 to import.

    Raises:
        InputFileError: for a missing file, an old .doc, a workbook or anything else that is
            neither a .docx, a PDF nor plain text.
    """
    name = display_path(str(path))
    reason = not_a_file_reason(path)
    if reason:
        raise InputFileError(name, reason.replace("不是文件", "不是文档"))
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE2:
        raise InputFileError(name, "这是旧版 .doc（或 .xls）格式，请在 Word/WPS 中“另存为”"
                                   ".docx 后再导入")
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError) as exc:
            raise InputFileError(name, "文件已损坏（zip 结构错误），无法作为 .docx 打开") from exc
        if "word/document.xml" in names:
            return "docx"
        kind = "Excel 工作簿" if "xl/workbook.xml" in names else "zip 压缩包"
        raise InputFileError(name, f"这是 {kind}，不是 Word 文档或文本文件")
    return "text"
