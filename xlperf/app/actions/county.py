"""The finance bureau's verbs: consolidate a county's unit workbooks, write a 单位名录."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from xlperf.core.summary.records import RosterEntry, Summary, UnitRecord, summarize
from xlperf.core.summary.roster import ROSTER_TITLE, roster_table
from xlperf.core.summary.tables import SUMMARY_TITLE, Table, summary_tables
from xlperf.errors import OutputFileError
from xlperf.files.batch import read_records
from xlperf.files.discover import Found, discover, find_workbooks
from xlperf.files.fileio import refuse_existing
from xlperf.files.filetype import display_path
from xlperf.files.pool import collector_paused
from xlperf.files.rosterfile import read_roster
from xlperf.files.xlsxstream import generated_title, write_tables


@dataclass
class Consolidated:
    """The outcome of one run: the summary and where it was written."""

    summary: Summary
    output: Path | None
    files: int
    tables: list[Table]


def consolidate(folders: Sequence[Path], output: Path | None, *, roster: Path | None = None,
                year: int | None = None, jobs: int | None = None, force: bool = False,
                recursive: bool = True,
                advance: Callable[[int], None] | None = None,
                on_total: Callable[[int], None] | None = None) -> Consolidated:
    """Read, check and summarise every unit workbook under ``folders`` into ``output``.

    Args:
        folders: folders (searched recursively) or single files.
        output: the summary workbook to write (``.xlsx``); None to only compute the summary.
        roster: the 单位名录 workbook listing the units expected, if any.
        year: the budget year summarised (default: the year most files are for); files of
            other years are listed in 报送情况 and kept out of the totals.
        jobs: worker processes (default: one per CPU).
        force: replace an existing output that xlperf did not write.
        recursive: also search the folders' subfolders.
        advance: called with 1 after each file (for a progress bar).
        on_total: called once with the number of files found.

    Raises:
        InputFileError: a folder or the roster cannot be read.
        OutputFileError: the output cannot (or may not) be written.
    """
    if output is not None:
        output = Path(output)
        _check_output(output, force)
    expected = read_roster(roster) if roster else None
    ours = {os.path.realpath(p): why for p, why in ((output, "本次汇总的输出文件"),
                                                     (roster, "本次汇总使用的单位名录")) if p}
    found = discover(folders, recursive=recursive)
    files = [p for p in found.workbooks if os.path.realpath(p) not in ours]
    if on_total:
        on_total(len(files))
    with collector_paused():  # its records live to the end: nothing for the collector
        records = read_records(files, jobs=jobs, advance=advance) + _not_read(found, ours)
        summary = summarize(records, expected, year, now=time.time())
        tables = summary_tables(summary, [str(f) for f in folders])
        if output is not None:
            created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            write_tables(tables, output, title=SUMMARY_TITLE, created=created)
    return Consolidated(summary, output, len(records), tables)


def _not_read(found: Found, ours: dict[str, str]) -> list[UnitRecord]:
    """The records of the files found and not read: this run's own, and those ``discover`` set
    aside (listed in 报送情况)."""
    records = [UnitRecord(display_path(str(p)), _mtime(p), skipped=ours[os.path.realpath(p)])
               for p in found.workbooks if os.path.realpath(p) in ours]
    records += [UnitRecord(s.path, s.mtime or 0.0, unreadable=s.reason if s.unreadable else None,
                           skipped=None if s.unreadable else s.reason) for s in found.skipped]
    return records


def _check_output(output: Path, force: bool) -> None:
    if output.suffix.lower() != ".xlsx":
        raise OutputFileError(f"{output}：汇总结果请保存为 .xlsx 文件")
    if not output.parent.is_dir():
        raise OutputFileError(f"{output}：输出文件夹不存在")
    if output.exists() and not force and not is_summary_file(output):
        raise OutputFileError(f"{output}：文件已存在且不是 xlperf 生成的汇总表，未覆盖"
                              "（如确需覆盖，请加 --force）")


def is_summary_file(path: Path) -> bool:
    """Tell whether a file is a summary workbook this tool wrote (safe to replace)."""
    return generated_title(path) == SUMMARY_TITLE


def _mtime(path: Path) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def write_roster(output: Path, folders: Sequence[Path] = (), *, force: bool = False) -> int:
    """Write a roster workbook, pre-filled from the workbooks under ``folders``; return the count.

    Raises:
        OutputFileError: when output exists (without ``force``) or cannot be written.
        InputFileError: when a folder does not exist.
    """
    output = Path(output)
    refuse_existing(output, force)
    entries: dict[str, RosterEntry] = {}
    if folders:  # every unit found, whatever its year; the newest file names it
        found = [(r.code, r) for r in read_records(find_workbooks(folders))
                 if r.code and r.unreadable is None and r.skipped is None]
        for code, record in sorted(found, key=lambda f: (-f[1].mtime, f[1].path)):
            entries.setdefault(code, RosterEntry(code, record.name))
    write_tables([roster_table(sorted(entries.values(), key=lambda e: e.code))], output,
                 title=ROSTER_TITLE)
    return len(entries)
