"""Tell what kind of file a path is (workbook, Word document, text) before a library opens it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from xlperf.errors import InputFileError, describe

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


def check_workbook_file(path: Path) -> None:
    """Make sure path is an .xlsx/.xlsm workbook we can open.

    Raises:
        InputFileError: with a Chinese reason: missing, a folder, empty, encrypted, old .xls,
            not a spreadsheet, or a zip that is not a workbook.
    """
    name = str(path)
    if not path.exists():
        raise InputFileError(name, "文件不存在")
    if path.is_dir():
        raise InputFileError(name, "这是一个文件夹，不是工作簿文件")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if head == _OLE2:
                body = head + fh.read(4 << 20)
    except OSError as exc:
        raise InputFileError(name, f"无法读取文件：{describe(exc)}") from exc
    if not head:
        raise InputFileError(name, "文件是空的（0 字节）")
    if head == _OLE2:
        if _ENCRYPTION_INFO in body:
            raise InputFileError(
                name, "工作簿设置了打开密码（已加密），请在 Excel/WPS 中取消密码后另存"
            )
        raise InputFileError(
            name, "这是旧版 .xls 格式，请在 Excel/WPS 中“另存为”Excel 工作簿（.xlsx）后再处理"
        )
    if not head.startswith(b"PK"):
        raise InputFileError(name, "不是 Excel 工作簿（.xlsx）文件")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputFileError(name, "文件已损坏，无法作为 .xlsx 打开（zip 结构错误）") from exc
    if "xl/workbook.xml" not in names:
        kind = "Word 文档" if "word/document.xml" in names else "zip 压缩包"
        raise InputFileError(name, f"这是 {kind}，不是 Excel 工作簿")


def document_kind(path: Path) -> str:
    """``"docx"`` or ``"text"`` for a 绩效文本 to import.

    Raises:
        InputFileError: for a missing file, an old .doc, a PDF, a workbook or anything else
            that is neither a .docx nor plain text.
    """
    name = str(path)
    if not path.exists():
        raise InputFileError(name, "文件不存在")
    if path.is_dir():
        raise InputFileError(name, "这是一个文件夹，不是文档")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE2:
        raise InputFileError(name, "这是旧版 .doc（或 .xls）格式，请在 Word/WPS 中“另存为”"
                                   ".docx 后再导入")
    if head.startswith(b"%PDF"):
        raise InputFileError(name, "这是 PDF 文件，请先导出为 Word（.docx）或文本（.txt）再导入")
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
