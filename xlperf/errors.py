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

    def __reduce__(self) -> tuple[type[InputFileError], tuple[str, str]]:
        # raised in a worker process, raised again in the parent (``returnpack.parallel_map``)
        return type(self), (self.path, self.reason)


class NotATemplateError(XlperfError):
    """A readable workbook that is not a 绩效目标 workbook."""


class OutputFileError(XlperfError):
    """An output that cannot be written (would overwrite an input, folder missing …)."""


#: What went wrong, in words a user reads, by the kind of the unexpected exception.
_KINDS: tuple[tuple[type[BaseException], str], ...] = (
    (ZeroDivisionError, "计算时除以零"),
    (RecursionError, "内容嵌套过深"),
    (MemoryError, "内存不足"),
    (FileNotFoundError, "文件或文件夹不存在"),
    (PermissionError, "没有权限读写（文件可能正在 Excel/WPS 中打开，或属于别的用户）"),
    (IsADirectoryError, "这是一个文件夹，不是文件"),
    (NotADirectoryError, "路径中有一段不是文件夹"),
    (OSError, "读写文件失败（磁盘已满、只读或网络盘断开）"),
    (KeyError, "缺少预期的内容"),
    (IndexError, "内容比预期的少"),
    (ValueError, "遇到无法处理的数值或文字"),
    (TypeError, "遇到类型不符的数据"),
)


def describe(exc: BaseException) -> str:
    """An unexpected exception as a short Chinese reason (never its class name)."""
    return next((text for kind, text in _KINDS if isinstance(exc, kind)), "程序内部错误")
