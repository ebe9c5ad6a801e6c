"""Decode a text file whatever its encoding: UTF-8 (with or without BOM), GBK/GB18030, UTF-16."""

from __future__ import annotations

from pathlib import Path

from xlperf.errors import InputFileError

TEXT_ENCODINGS = ("utf-8-sig", "gb18030", "utf-16")


def read_text(path: Path) -> str:
    """A text file's content, whether saved as UTF-8 (with or without BOM) or GBK/GB18030.

    Raises:
        InputFileError: when the bytes are no text in any of these encodings.
    """
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in TEXT_ENCODINGS[:2]:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise InputFileError(
        str(path), "不是文本文件（无法按 UTF-8 或 GBK 解码），请导出为 .txt 或 .docx")
