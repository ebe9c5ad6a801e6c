"""Read and check many unit workbooks in worker processes, one bad file costing only itself.

Each file is read with the fast reader and checked exactly as ``xlperf check`` does, in a worker
process; only small picklable records travel back. Inputs are only ever opened for reading.

A worker takes one file at a time. When it dies (a native abort in a reading library, the
out-of-memory killer, its own address-space limit) or runs past :data:`FILE_SECONDS`, the file
it held is listed as unreadable with the reason, the worker is replaced, and the run goes on: a
county's run always ends, in at most about ``files × FILE_SECONDS / jobs``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from xlperf.core.summary.records import UnitRecord, record_of
from xlperf.files.filetype import display_path
from xlperf.files.pool import FILE_SECONDS, WORKER_MEMORY, Failure, run_isolated
from xlperf.files.unitfile import check_file

__all__ = ["FILE_SECONDS", "WORKER_MEMORY", "Failure", "read_records", "run_isolated",
           "unit_record"]


def read_records(files: Sequence[Path], *, jobs: int | None = None,
                 advance: Callable[[int], None] | None = None) -> list[UnitRecord]:
    """One record per file, read in isolated worker processes; order follows ``files``."""
    names = [str(f) for f in files]
    results = run_isolated(unit_record, names, jobs=jobs, advance=advance)
    records = []
    for name, result in zip(names, results, strict=True):
        if isinstance(result, Failure):
            result = UnitRecord(display_path(name), _mtime(name), unreadable=result.reason)
        records.append(result)
    return records


def unit_record(name: str) -> UnitRecord:
    """Read and check one file as ``xlperf check`` does; never raises.

    A workbook xlperf wrote itself (summary, roster, annotated copy, review) is not a unit's
    file: its record says so (``skipped``) and carries nothing else.
    """
    shown = display_path(name)
    path = Path(name)
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        return UnitRecord(shown, 0.0, unreadable=f"无法访问文件（{exc.strerror}）")
    try:
        checked = check_file(path, copies=False)
    except MemoryError:
        return UnitRecord(shown, mtime, unreadable="读取时内存不足（文件过大）")
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop a county's run
        return UnitRecord(shown, mtime, unreadable=f"读取时出现意外错误（{type(exc).__name__}）")
    if checked.skipped:
        return UnitRecord(shown, mtime, skipped=checked.skipped)
    if checked.book is None:  # the reason alone: 报送情况 says 无法读取 in its own column
        return UnitRecord(shown, mtime, unreadable=checked.reason or "无法读取")
    return record_of(checked.book, checked.findings, shown, mtime, checked.digest)


def _mtime(name: str) -> float:
    try:
        return os.stat(name).st_mtime
    except OSError:
        return 0.0
