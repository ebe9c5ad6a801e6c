"""Read a 单位名录 workbook file: the fast reader, then ``core.summary.roster``."""

from __future__ import annotations

from pathlib import Path

from xlperf.core.summary.records import RosterEntry
from xlperf.core.summary.roster import ROSTER_TITLE, NotARosterError, roster_of
from xlperf.errors import InputFileError
from xlperf.files import fastread, xlsxguard
from xlperf.files.discover import OUTPUT_TITLES, own_output


def read_roster(path: Path) -> list[RosterEntry]:
    """The units listed in a 单位名录 workbook (first sheet with 单位编码 and 单位名称 columns).

    Raises:
        InputFileError: when the file cannot be read or is not a roster (an xlperf summary or
            review workbook, a unit's workbook, a table without the roster's columns).
    """
    path = Path(path)
    if not path.exists():
        raise InputFileError(str(path), "单位名录文件不存在")
    package = xlsxguard.open_package(path)
    output = own_output(package.core)
    if output is not None and output != OUTPUT_TITLES[ROSTER_TITLE]:
        raise InputFileError(str(path), output.split("，不是")[0] + "，不是单位名录")
    try:
        return roster_of(fastread.package_grids(package))
    except NotARosterError as exc:
        raise InputFileError(str(path), str(exc)) from exc
