"""Atomic file output: write beside the target, then rename over it (stdlib only).

An interrupted run never leaves a half-written workbook, and a replaced file keeps its
permissions (a temp file is created 0600).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from xlperf.errors import OutputFileError


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(temp_path)``, then move the temp file onto path.

    Raises:
        OutputFileError: when the folder does not exist or the file cannot be written (for
            instance because Excel or WPS holds it open).
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise OutputFileError(f"{path}：输出文件夹不存在")
    fd, name = tempfile.mkstemp(suffix=".tmp", dir=path.parent, prefix=".xlperf-")
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except PermissionError as exc:
        raise OutputFileError(f"{path}：无法写入（文件可能正在 Excel/WPS 中打开）") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return path


def refuse_existing(path: Path, force: bool) -> None:
    """Never replace a user's file without their say.

    Raises:
        OutputFileError: when path exists and force is false.
    """
    if Path(path).exists() and not force:
        raise OutputFileError(f"{path}：文件已存在，未覆盖（如确需覆盖，请加 --force）")


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what a new file gets under the umask."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
