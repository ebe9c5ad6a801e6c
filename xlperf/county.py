"""Consolidate a county's unit workbooks into one summary workbook (files and processes).

Each file is read with the fast reader and checked exactly as ``xlperf check`` does, in worker
processes; only small picklable records travel back. The pure core then resolves duplicates,
compares with the roster and lays out the sheets, and the streaming writer saves them atomically.
Inputs are only ever opened for reading.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from xlperf import fastread
from xlperf.actions import check_file, find_workbooks
from xlperf.consolidate import RosterEntry, Summary, UnitRecord, record_of, summarize
from xlperf.errors import InputFileError, OutputFileError
from xlperf.fileio import refuse_existing
from xlperf.grid import SheetGrid, norm_label
from xlperf.summary_sheets import Column, Table, summary_tables
from xlperf.xlsxstream import generated_title, write_tables

SUMMARY_TITLE = "部门预算绩效目标汇总"
ROSTER_TITLE = "单位名录"

#: Below this many files a worker pool costs more than it saves.
POOL_THRESHOLD = 24


@dataclass
class Consolidated:
    """The outcome of one run: the summary and where it was written."""

    summary: Summary
    output: Path | None
    files: int
    tables: list[Table]


def consolidate(folders: Sequence[Path], output: Path | None, *, roster: Path | None = None,
                jobs: int | None = None, force: bool = False, recursive: bool = True,
                advance: Callable[[int], None] | None = None,
                on_total: Callable[[int], None] | None = None) -> Consolidated:
    """Read, check and summarise every unit workbook under ``folders`` into ``output``.

    Args:
        folders: folders (searched recursively) or single files.
        output: the summary workbook to write (``.xlsx``); None to only compute the summary.
        roster: the 单位名录 workbook listing the units expected, if any.
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
    skip = {*([output.resolve()] if output else []), *([Path(roster).resolve()] if roster else [])}
    files = [p for p in find_workbooks(folders, recursive=recursive) if p.resolve() not in skip]
    if on_total:
        on_total(len(files))
    records = read_records(files, jobs=jobs, advance=advance)
    summary = summarize(records, expected)
    tables = summary_tables(summary, [str(f) for f in folders])
    if output is not None:
        created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        write_tables(tables, output, title=SUMMARY_TITLE, created=created)
    return Consolidated(summary, output, len(records), tables)


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


# --------------------------------------------------------------------------- reading
def read_records(files: Sequence[Path], *, jobs: int | None = None,
                 advance: Callable[[int], None] | None = None) -> list[UnitRecord]:
    """One record per file, in parallel when it pays; order follows ``files``."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    names = [str(f) for f in files]
    if jobs == 1 or len(names) < POOL_THRESHOLD:
        records = []
        for name in names:
            if (record := unit_record(name)) is not None:
                records.append(record)
            if advance:
                advance(1)
        return records
    # fork where the platform has it: the workers start in milliseconds with xlperf loaded.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, min(32, len(names) // (jobs * 8)))
    records = []
    with context.Pool(jobs) as pool:
        for record in pool.imap(unit_record, names, chunksize=chunk):
            if record is not None:
                records.append(record)
            if advance:
                advance(1)
    return records


def unit_record(name: str) -> UnitRecord | None:
    """Read and check one file as ``xlperf check`` does; never raises.

    Returns None for a summary or roster workbook xlperf wrote (it is not a unit's file).
    """
    path = Path(name)
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        return UnitRecord(name, 0.0, unreadable=f"无法访问文件（{exc.strerror}）")
    try:
        checked = check_file(path)
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop a county's run
        return UnitRecord(name, mtime, unreadable=f"读取时出现意外错误（{type(exc).__name__}）")
    if (checked.book is None or not checked.book.info.code) and generated_title(path):
        return None  # looked at only when suspicious: the check costs a second zip open
    if checked.book is None:
        return UnitRecord(name, mtime, unreadable=checked.findings[0].message)
    return record_of(checked.book, checked.findings, name, mtime)


# --------------------------------------------------------------------------- roster
ROSTER_CODE, ROSTER_NAME = "单位编码", "单位名称"
ROSTER_DEPARTMENT, ROSTER_NOTE = "主管部门", "备注"


def read_roster(path: Path) -> list[RosterEntry]:
    """The units listed in a 单位名录 workbook (first sheet with a 单位编码 column).

    Raises:
        InputFileError: when the file cannot be read or has no 单位编码 column.
    """
    path = Path(path)
    if not path.exists():
        raise InputFileError(str(path), "单位名录文件不存在")
    for sheet in fastread.load_grids(path).sheets:
        entries = _roster_entries(sheet)
        if entries is not None:
            return entries
    raise InputFileError(str(path), "找不到“单位编码”列（请用 xlperf roster 生成名录模板）")


def _roster_entries(sheet: SheetGrid) -> list[RosterEntry] | None:
    for r in range(1, min(sheet.max_row, 20) + 1):
        headers = {norm_label(sheet.text(r, c)): c for c in range(1, sheet.max_col + 1)}
        code_col = headers.get(norm_label(ROSTER_CODE))
        if code_col is None:
            continue
        name_col = headers.get(norm_label(ROSTER_NAME))
        dept_col = headers.get(norm_label(ROSTER_DEPARTMENT))
        note_col = headers.get(norm_label(ROSTER_NOTE))
        entries: dict[str, RosterEntry] = {}
        for row in range(r + 1, sheet.max_row + 1):
            code = sheet.text(row, code_col)
            if code and code not in entries:
                entries[code] = RosterEntry(
                    code, sheet.text(row, name_col) if name_col else None,
                    sheet.text(row, dept_col) if dept_col else None,
                    sheet.text(row, note_col) if note_col else None)
        return list(entries.values())
    return None


def roster_table(entries: Sequence[RosterEntry] = (), blank_rows: int = 100) -> Table:
    """The 单位名录 sheet: given entries, then blank rows to fill in."""
    rows = [(e.code, e.name, e.department, e.note) for e in entries]
    rows += [(None, None, None, None)] * blank_rows
    columns = (Column(ROSTER_CODE, 14), Column(ROSTER_NAME, 32), Column(ROSTER_DEPARTMENT, 24),
               Column(ROSTER_NOTE, 30))
    return Table("单位名录", "单位名录：每行一个应报送单位，单位编码须与该单位工作簿封面上的一致",
                 columns, rows)


def write_roster(output: Path, folders: Sequence[Path] = (), *, force: bool = False) -> int:
    """Write a roster workbook, pre-filled from the workbooks under ``folders``; return the count.

    Raises:
        OutputFileError: when output exists (without ``force``) or cannot be written.
        InputFileError: when a folder does not exist.
    """
    output = Path(output)
    refuse_existing(output, force)
    entries: dict[str, RosterEntry] = {}
    if folders:
        records = summarize(read_records(find_workbooks(folders))).units
        for record in records:
            if record.code:
                entries.setdefault(record.code, RosterEntry(record.code, record.name))
    write_tables([roster_table(sorted(entries.values(), key=lambda e: e.code))], output,
                 title=ROSTER_TITLE)
    return len(entries)


__all__ = ["Consolidated", "consolidate", "read_roster", "write_roster"]
