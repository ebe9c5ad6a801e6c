"""The rubric as a YAML file: the package's default, or a county's copy (PyYAML)."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

from xlperf.core.review.rubric import Rubric, RubricError, parse_rubric
from xlperf.errors import InputFileError

#: The default rubric, shipped with the package (documented in README).
DEFAULT_RUBRIC = Path(__file__).parent / "data" / "review" / "审核规则.yaml"
#: A county's copy is found under this name beside the 单位名录.
RUBRIC_NAME = "审核规则.yaml"


def default_rubric_text() -> str:
    """The default rubric file, comments included (what ``xlperf rubric`` writes)."""
    return DEFAULT_RUBRIC.read_text("utf-8")


#: A rubric is a page of YAML (the default is 2 KB): anything far larger is not one.
RUBRIC_BYTES = 256 * 1024
#: Bounds on the YAML itself, checked while it is parsed, before any object is built: a
#: rubric nests three levels and needs no aliases; a billion-laughs file needs many.
YAML_DEPTH, YAML_NODES, YAML_ALIASES = 12, 20_000, 30


def load_rubric(path: Path | None = None) -> Rubric:
    """The rubric in a file, or the default one.

    Only a regular file of at most :data:`RUBRIC_BYTES` is read (never a pipe or a device),
    and its YAML is bounded in depth, size and aliases before anything is built from it.

    Raises:
        InputFileError: when the file cannot be read or is not valid YAML.
        RubricError: when it is YAML but not a rubric.
    """
    if path is None:
        return parse_rubric(yaml.safe_load(default_rubric_text()), "默认审核规则")
    path = Path(path)
    text = _read(path)
    try:
        data = yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 - a SafeLoader, bounded
    except _TooBig as exc:
        raise RubricError(f"审核规则 {path}：{exc.reason}，不像审核规则，未使用") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise RubricError(f"审核规则 {path}：{where}不是有效的 YAML（请检查缩进和冒号）") from exc
    except RecursionError as exc:
        raise RubricError(f"审核规则 {path}：嵌套过深，不像审核规则，未使用") from exc
    return parse_rubric(data, str(path))


def _read(path: Path) -> str:
    """The rubric file's text: a regular file, bounded, UTF-8.

    Raises:
        InputFileError: when it is missing, not a regular file, too large or not UTF-8.
    """
    if path.is_dir():
        raise InputFileError(str(path), "这是一个文件夹，应给出审核规则文件（.yaml）")
    try:
        # O_NONBLOCK: opening a pipe must not wait for a writer; it is refused below
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb", buffering=0) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputFileError(str(path), "不是普通文件（管道或设备），不能作为审核规则读取")
            raw = handle.read(RUBRIC_BYTES + 1)
    except FileNotFoundError as exc:
        raise InputFileError(str(path), "审核规则文件不存在") from exc
    except OSError as exc:
        raise InputFileError(str(path), f"无法读取审核规则文件（{exc.strerror}）") from exc
    if len(raw) > RUBRIC_BYTES:
        raise InputFileError(str(path), f"审核规则文件超过 {RUBRIC_BYTES // 1024} KB，"
                                        "不像审核规则，未使用")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(str(path), "审核规则文件应保存为 UTF-8 编码的文本") from exc


class _TooBig(yaml.YAMLError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, counting nodes, depth and aliases as it composes."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = self._nodes = self._aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > YAML_ALIASES:
                raise _TooBig(f"别名（*）超过 {YAML_ALIASES} 个")
        self._nodes += 1
        if self._nodes > YAML_NODES:
            raise _TooBig(f"内容超过 {YAML_NODES} 项")
        self._depth += 1
        try:
            if self._depth > YAML_DEPTH:
                raise _TooBig(f"嵌套超过 {YAML_DEPTH} 层")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def rubric_beside(roster: Path | None) -> Path | None:
    """The county's rubric beside the roster, when there is one."""
    if roster is None:
        return None
    candidate = Path(roster).with_name(RUBRIC_NAME)
    # a pipe or a device of that name is not skipped in silence: load_rubric says what it is
    return candidate if os.path.lexists(candidate) and not candidate.is_dir() else None
