"""Decode a text file whatever its encoding: UTF-8 (with or without BOM), GBK/GB18030, UTF-16."""

from __future__ import annotations

from pathlib import Path

from xlperf.errors import InputFileError
from xlperf.files.filetype import display_path, read_regular

TEXT_ENCODINGS = ("utf-8-sig", "gb18030", "utf-16")
#: A unit's 绩效文本 is tens of kilobytes; the largest county's a few megabytes.
TEXT_BYTES = 10 << 20
#: … and a Word document's text at most this many characters.
TEXT_CHARS = 10_000_000


def read_text(path: Path) -> str:
    """A text file's content, whether saved as UTF-8 (with or without BOM) or GBK/GB18030.

    Raises:
        InputFileError: when the bytes are no text in any of these encodings, or the file is
            not a regular file or larger than ``TEXT_BYTES``.
    """
    data = read_regular(path, TEXT_BYTES)
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
        display_path(str(path)), "不是文本文件（无法按 UTF-8 或 GBK 解码），请导出为 .txt 或 .docx")
