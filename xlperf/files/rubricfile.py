"""The rubric as a YAML file: the package's default, or a county's copy (PyYAML)."""

from __future__ import annotations

from pathlib import Path

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


def load_rubric(path: Path | None = None) -> Rubric:
    """The rubric in a file, or the default one.

    Raises:
        InputFileError: when the file cannot be read or is not valid YAML.
        RubricError: when it is YAML but not a rubric.
    """
    if path is None:
        return parse_rubric(yaml.safe_load(default_rubric_text()), "默认审核规则")
    path = Path(path)
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError as exc:
        raise InputFileError(str(path), "审核规则文件不存在") from exc
    except UnicodeDecodeError as exc:
        raise InputFileError(str(path), "审核规则文件应保存为 UTF-8 编码的文本") from exc
    except OSError as exc:
        raise InputFileError(str(path), f"无法读取审核规则文件（{exc.strerror}）") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise RubricError(f"审核规则 {path}：{where}不是有效的 YAML（请检查缩进和冒号）") from exc
    return parse_rubric(data, str(path))


def rubric_beside(roster: Path | None) -> Path | None:
    """The county's rubric beside the roster, when there is one."""
    if roster is None:
        return None
    candidate = Path(roster).with_name(RUBRIC_NAME)
    return candidate if candidate.is_file() else None
