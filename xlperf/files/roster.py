"""Read a 单位名录 workbook file: the fast reader, then ``core.summary.roster``."""

from __future__ import annotations

from pathlib import Path

from xlperf.core.summary.records import RosterEntry
from xlperf.core.summary.roster import roster_entries
from xlperf.errors import InputFileError
from xlperf.files import fastread


def read_roster(path: Path) -> list[RosterEntry]:
    """The units listed in a 单位名录 workbook (first sheet with a 单位编码 column).

    Raises:
        InputFileError: when the file cannot be read or has no 单位编码 column.
    """
    path = Path(path)
    if not path.exists():
        raise InputFileError(str(path), "单位名录文件不存在")
    for sheet in fastread.load_grids(path).sheets:
        entries = roster_entries(sheet)
        if entries is not None:
            return entries
    raise InputFileError(str(path), "找不到“单位编码”列（请用 xlperf roster 生成名录模板）")
