"""Argument types of the ``xlperf`` command: the one place every argument is validated.

A type returns the parsed value or raises ``argparse.ArgumentTypeError`` with a Chinese reason;
argparse then prints ``选项：原因`` and exits with 2, before a file is read or written. Every
command takes its numbers (:data:`JOB_COUNT`, :data:`PROJECT_COUNT`, :func:`year`), rule codes
(:func:`rule_codes`), inputs (:func:`input_file`, :func:`input_path`) and outputs
(:func:`output_file`, :func:`output_folder`) from here; ``tests/app/test_argtypes.py`` holds every
command to it.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable
from pathlib import Path

from xlperf.core.rules import unknown_codes
from xlperf.files.filetype import display_path, not_a_file_reason

#: A budget year xlperf accepts on the command line.
YEARS = range(2000, 2100)
#: Project tables ``new`` makes; a unit with more tables copies the sheet in Excel.
PROJECTS = range(1, 201)
#: Worker processes of ``consolidate``.
JOBS = range(1, 257)


def year(text: str) -> int:
    """A four-digit budget year such as 2024."""
    text = text.strip()
    if not re.fullmatch(r"\d{4}", text) or int(text) not in YEARS:
        raise argparse.ArgumentTypeError(
            f"应为四位年份（{YEARS[0]}–{YEARS[-1]}），如 2024；收到“{text}”")
    return int(text)


def whole_number(allowed: range) -> Callable[[str], int]:
    """An integer within ``allowed``."""

    def parse(text: str) -> int:
        try:
            number = int(text.strip())
        except ValueError:
            number = None
        if number is None or number not in allowed:
            raise argparse.ArgumentTypeError(
                f"应为 {allowed[0]}–{allowed[-1]} 之间的整数，收到“{text}”")
        return number

    parse.__name__ = "整数"
    return parse


def rule_codes(text: str) -> list[str]:
    """Rule codes or prefixes, separated by commas (Chinese or ASCII): ``F,I1`` → [F, I1]."""
    codes = [c.strip().upper() for c in text.replace("，", ",").split(",") if c.strip()]
    if not codes:
        raise argparse.ArgumentTypeError("没有给出规则代码（如 F001，或前缀 I1）")
    unknown = unknown_codes(codes)
    if unknown:
        raise argparse.ArgumentTypeError(
            f"没有这样的规则代码：{'、'.join(unknown)}（运行 xlperf rules 查看全部代码）")
    return codes


def output_file(*suffixes: str, note: str = "") -> Callable[[str], Path]:
    """An output path whose extension is one of ``suffixes`` (what the file will really be)."""

    def parse(text: str) -> Path:
        path = Path(text)
        if path.suffix.lower() not in suffixes:
            kinds = " 或 ".join(suffixes)
            raise argparse.ArgumentTypeError(
                f"输出文件应以 {kinds} 结尾，收到“{text}”{note}")
        return path

    parse.__name__ = "文件"
    return parse


def output_folder(text: str) -> Path:
    """A folder to write into: it may not exist yet, but it may not be a file."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"“{text}”是一个文件，不是文件夹")
    return path


def input_file(text: str) -> Path:
    """A file to read: it exists and is a regular file (not a folder, a FIFO, a dangling link)."""
    path = Path(text)
    reason = not_a_file_reason(path)
    if reason:
        raise argparse.ArgumentTypeError(f"{display_path(text)}：{reason}")
    return path


input_file.__name__ = "文件"


def input_path(text: str) -> Path:
    """A file or folder to read from: it exists (what it holds is judged when it is read)."""
    path = Path(text)
    if not os.path.lexists(path):
        raise argparse.ArgumentTypeError(f"{display_path(text)}：文件或文件夹不存在")
    return path


input_path.__name__ = "路径"

JOB_COUNT = whole_number(JOBS)
PROJECT_COUNT = whole_number(PROJECTS)
WORKBOOK_OUT = output_file(".xlsx", ".xlsm")
XLSX_OUT = output_file(".xlsx")
DOCX_OUT = output_file(".docx")
YAML_OUT = output_file(".yaml", ".yml")


#: TCP ports ``serve`` listens on, and its upload limit in MB.
PORTS = range(1, 65536)
UPLOAD_MB = range(1, 201)
PORT = whole_number(PORTS)
UPLOAD_SIZE = whole_number(UPLOAD_MB)


def input_folder(text: str) -> Path:
    """A folder to read from: it exists and is a folder."""
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(
            f"“{text}”{'不是文件夹' if path.exists() else '不存在'}")
    return path


def host(text: str) -> str:
    """An address to listen on: an IP address or a host name."""
    text = text.strip()
    if not re.fullmatch(r"[0-9A-Za-z.\-:]{1,253}", text):
        raise argparse.ArgumentTypeError(f"应为 IP 地址或主机名，如 0.0.0.0；收到“{text}”")
    return text


def base_url(text: str) -> str:
    """The address units reach the service at: http(s)://host[:port][/path]."""
    text = text.strip()
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", text):
        raise argparse.ArgumentTypeError(
            f"应为以 http:// 或 https:// 开头的网址，如 https://jx.czj.example；收到“{text}”")
    return text.rstrip("/")


def unit_codes(text: str) -> list[str]:
    """Unit codes separated by commas (Chinese or ASCII)."""
    codes = [c.strip() for c in text.replace("，", ",").split(",") if c.strip()]
    if not codes:
        raise argparse.ArgumentTypeError("没有给出单位编码")
    return codes
