"""argparse in Chinese: usage, headings and every error message the ``xlperf`` command shows."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

_ERRORS: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.+)", r"缺少参数：\1"),
    (r"unrecognized arguments: (.+)", r"无法识别的参数：\1"),
    (r"argument (\S+): invalid choice: '?([^']*)'? \(choose from (.+)\)",
     r"\1 不能取“\2”，可选：\3"),
    (r"argument (\S+): invalid int value: '(.*)'", r"\1 应为整数，收到“\2”"),
    (r"argument (\S+): invalid float value: '(.*)'", r"\1 应为数字，收到“\2”"),
    (r"argument (\S+): invalid (\w+) value: '(.*)'", r"\1 的值“\3”无效"),
    (r"argument (\S+): expected one argument", r"\1 后面需要一个值"),
    (r"argument (\S+): expected at least one argument", r"\1 后面至少需要一个值"),
    (r"argument (\S+): not allowed with argument (\S+)", r"\1 不能与 \2 同时使用"),
    (r"ambiguous option: (\S+) could match (.+)", r"选项 \1 有歧义，可能是：\2"),
    (r"one of the arguments (.+) is required", r"必须指定以下参数之一：\1"),
    (r"argument (\S+): ignored explicit argument '(.*)'", r"\1 不带值，收到“\2”"),
    (r"argument (\S+): (.+)", r"\1：\2"),  # our own types' Chinese reasons
)


def _translate(message: str) -> str:
    for pattern, replacement in _ERRORS:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup],
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are in Chinese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def format_help(self) -> str:
        """Help with Chinese headings: ``选项：`` rather than argparse's ``选项:``."""
        return re.sub(r"(?m)^(\S+):$", r"\1：", super().format_help())

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}：错误：{_translate(message)}\n")
        sys.stderr.write(f"运行“{self.prog} -h”查看用法。\n")
        raise SystemExit(2)
