"""The review workbook file (审核汇总.xlsx): its memory read back, the new one written.

Read with the fast reader (the reviewer may have saved it with Excel, WPS or LibreOffice: only
values matter), written by the streaming writer, atomically.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import stat
from collections.abc import Sequence
from pathlib import Path

from xlperf.core.review.recall import is_review_book, read_memory
from xlperf.core.review.sheets import (
    NOTES_SHEET,
    PROBLEMS_SHEET,
    REVIEW_TITLE,
    SUBMISSIONS_SHEET,
)
from xlperf.core.review.state import Memory
from xlperf.core.summary.tables import Table
from xlperf.errors import InputFileError, OutputFileError
from xlperf.files import fastread
from xlperf.files.fileio import atomic_write
from xlperf.files.xlsxguard import MB, Limits
from xlperf.files.xlsxstream import write_tables

#: The review workbook of a whole county is far larger than a unit's workbook: for 2,000 units
#: with 40 problems each, its 问题清单 and 问题记录 each hold some 1.1 million cells (60–70 MB
#: unpacked). It is still inspected (it may have been saved by another program), within these
#: limits, which bound the memory a hostile one can take (a million 审核记录 rows took 2.5 GB).
REVIEW_BOOK_LIMITS = Limits(file_bytes=200 * MB, part_bytes=160 * MB, total_bytes=512 * MB,
                            cells=4_000_000, rows=1_048_576)


def read_review_book(path: Path, *, force: bool = False) -> Memory:
    """What an existing review workbook remembers; an empty memory when there is none.

    Raises:
        OutputFileError: when the file exists but is not a review workbook xlperf wrote (unless
            ``force``: then the review starts afresh and the file will be replaced), or cannot
            be written back (open in Excel or WPS).
    """
    path = Path(path)
    if not path.exists():
        return Memory()
    try:
        # Not the sheets only people read (问题清单 is the longest of all).
        grids = fastread.load_grids(path, skip=(PROBLEMS_SHEET, SUBMISSIONS_SHEET, NOTES_SHEET),
                                    limits=REVIEW_BOOK_LIMITS)
    except InputFileError as exc:
        if force:
            return Memory(notes=[f"{path}：无法读取已有的审核汇总（{exc.reason}），按 --force "
                                 "重新开始审核"])
        raise OutputFileError(f"{path}：无法读取已有的审核汇总（{exc.reason}），未覆盖"
                              "（如确需重新开始审核，请加 --force）") from exc
    sheets = {s.name: s for s in grids.sheets}
    if not is_review_book(sheets):
        if force:
            return Memory(notes=[f"{path}：不是 xlperf 生成的审核汇总，按 --force 重新开始审核"])
        raise OutputFileError(f"{path}：文件已存在且不是 xlperf 生成的审核汇总，未覆盖"
                              "（如确需覆盖，请加 --force）")
    _check_writable(path)
    return read_memory(sheets)


def _check_writable(path: Path) -> None:
    """Fail before any work when the workbook is open in Excel/WPS (Windows locks it)."""
    try:
        with open(path, "r+b"):
            pass
    except PermissionError as exc:
        raise OutputFileError(f"{path}：无法写入（文件可能正在 Excel/WPS 中打开，"
                              "请先关闭）") from exc


def write_review_book(tables: Sequence[Table], path: Path, created: str | None = None) -> Path:
    """Write the review workbook atomically."""
    return write_tables(tables, Path(path), title=REVIEW_TITLE, created=created)


def book_stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells whether the review workbook was saved since (None when there is none)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


#: How many dated backups of 审核汇总.xlsx are kept beside it (the oldest go first).
BACKUPS_KEPT = 5
_BACKUP = re.compile(r"(?P<stem>.+)\.备份-(?P<when>\d{8}-\d{6})(?:-(?P<n>\d+))?\.xlsx")


def backup_review_book(path: Path, now: dt.datetime | None = None) -> Path | None:
    """Copy the review workbook to ``<stem>.备份-YYYYMMDD-HHMMSS.xlsx`` before it is rewritten.

    Only the last :data:`BACKUPS_KEPT` backups are kept. Returns the backup (None when there
    was no workbook to back up).

    Raises:
        OutputFileError: the backup cannot be written (the workbook is then not rewritten).
    """
    path = Path(path)
    if not path.is_file():
        return None
    when = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.备份-{when}.xlsx")
    n = 2
    while os.path.lexists(target):
        target, n = path.with_name(f"{path.stem}.备份-{when}-{n}.xlsx"), n + 1
    try:
        atomic_write(target, lambda tmp: shutil.copyfile(path, tmp))
    except OSError as exc:
        raise OutputFileError(f"{target}：无法备份审核汇总（{exc.strerror or exc}），"
                              "审核汇总未改写") from exc
    _prune_backups(path)
    return target


def _prune_backups(path: Path) -> None:
    found = []
    for entry in os.scandir(path.parent):
        match = _BACKUP.fullmatch(entry.name)
        if match and match["stem"] == path.stem and stat.S_ISREG(
                entry.stat(follow_symlinks=False).st_mode):
            found.append(((match["when"], int(match["n"] or 1)), Path(entry.path)))
    for _, old in sorted(found)[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
