"""Which files of the folders a user names are unit workbooks to process (stdlib only)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from xlperf.errors import InputFileError

#: ``check --annotate`` writes ``<name>_校验.xlsx`` beside the input.
ANNOTATED_SUFFIX = "_校验"


def find_workbooks(paths: Sequence[Path], *, recursive: bool = True) -> list[Path]:
    """The workbooks to process: files as given, folders searched (recursively by default).

    Skips Office lock files (``~$…``), our own temp files and annotated copies (``…_校验``).

    Raises:
        InputFileError: when a given path does not exist.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(
                p for p in (path.rglob("*") if recursive else path.glob("*"))
                if p.suffix.lower() in (".xlsx", ".xlsm") and p.is_file()
                and not p.name.startswith(("~$", ".xlperf-"))
                and not p.stem.endswith(ANNOTATED_SUFFIX)
            )
        elif path.exists():
            found.append(path)
        else:
            raise InputFileError(str(path), "文件或文件夹不存在")
    return found


def annotated_path(path: Path) -> Path:
    """Where ``check --annotate`` writes its copy: ``<name>_校验.xlsx`` beside the input."""
    return path.with_name(f"{path.stem}{ANNOTATED_SUFFIX}{path.suffix}")
