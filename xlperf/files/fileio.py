"""Atomic file output: write beside the target, then rename over it (stdlib only).

An interrupted run never leaves a half-written workbook, and a replaced file keeps its
permissions (a temp file is created 0600). A target that is a symbolic link is written through:
the file it points to is replaced and the link stays. A killed run's temp file
(``.xlperf-<pid>-….tmp``) is removed by the next write into the same folder.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from xlperf.errors import OutputFileError


def atomic_write(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(temp_path)``, then move the temp file onto path.

    Raises:
        OutputFileError: when the folder does not exist or the file cannot be written (for
            instance because Excel or WPS holds it open).
    """
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if path.exists() and not path.is_file():
        # a folder, a device (/dev/zero), a pipe: replacing it would destroy what it is, and as
        # root even a device node can be replaced
        raise OutputFileError(f"{path}：这不是普通文件（{_what(path)}），不能写入；请换一个文件名")
    if not path.parent.is_dir():
        raise OutputFileError(f"{path}：输出文件夹不存在")
    remove_stale_temps(path.parent)
    fd, name = tempfile.mkstemp(suffix=".tmp", dir=path.parent,
                                prefix=f"{TEMP_PREFIX}{os.getpid()}-")
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


def _what(path: Path) -> str:
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        return "是文件夹"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "是设备"
    if stat.S_ISFIFO(mode):
        return "是管道"
    return "是特殊文件"


TEMP_PREFIX = ".xlperf-"
#: A temp file untouched this long is stale even when its process id is in use again.
STALE_SECONDS = 24 * 3600.0
_TEMP = re.compile(r"\.xlperf-(?:(\d+)-)?[^/\\]*\.tmp")


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove temp files of killed xlperf runs from ``folder``; return those removed.

    A temp file is stale when the process that made it (its id is in the name) is gone and it has
    not been written for a minute (a folder on a network drive may be shared by several
    machines), or when it has not been written for a day. Only our own (same user) regular files
    are removed.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _TEMP.fullmatch(entry.name)
        if not match:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_uid != _uid():
            continue
        pid = int(match.group(1)) if match.group(1) else None
        idle = now - info.st_mtime
        if (pid is not None and idle > 60 and not _running(pid)) or idle > STALE_SECONDS:
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else 0


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return True  # no cheap check: left to the age rule
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


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


def digest(data: bytes) -> str:
    """A short fingerprint of file contents (128 bits of SHA-256)."""
    return hashlib.sha256(data).hexdigest()[:32]
