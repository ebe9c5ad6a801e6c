"""Read and check many unit workbooks, in worker processes when that pays (files and processes).

Each file is read with the fast reader and checked exactly as ``xlperf check`` does; only small
picklable records travel back. Inputs are only ever opened for reading.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from xlperf.core.summary.records import UnitRecord, record_of
from xlperf.files.unitfile import check_file
from xlperf.files.xlsxstream import generated_title

#: Below this many files a worker pool costs more than it saves.
POOL_THRESHOLD = 24


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
