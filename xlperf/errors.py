"""Errors for unusable input and wrong use; data problems are findings, never exceptions."""

from __future__ import annotations


class XlperfError(Exception):
    """Base of xlperf's errors; the message is Chinese and shown to users as is."""


class InputFileError(XlperfError):
    """A file that cannot be used as input: missing, not a workbook, encrypted, .xls …"""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}：{reason}")
        self.path = path
        self.reason = reason


class NotATemplateError(XlperfError):
    """A readable workbook that is not a 绩效目标 workbook."""


class OutputFileError(XlperfError):
    """An output that cannot be written (would overwrite an input, folder missing …)."""
