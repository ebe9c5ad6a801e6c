"""The return package's files: annotated copies of units' workbooks, fingerprints, a pool.

Each copy is what ``xlperf check --annotate`` writes (openpyxl, so an .xlsm keeps its macros);
the original is only read. openpyxl takes ~150 ms a workbook (load 70, annotate 25, save 50), so
a county's copies are made in worker processes, and so are its letters. One file failing never
stops the others: its reason comes back instead.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from xlperf.core.findings import Finding
from xlperf.errors import XlperfError
from xlperf.files.fileio import digest

#: Below this many items a worker pool costs more than it saves.
POOL_THRESHOLD = 8
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class CopyJob:
    """One annotated copy: from the unit's file, to the target, with the unit's findings."""

    source: str
    target: str
    findings: tuple[Finding, ...]


def annotate_copies(jobs: Sequence[CopyJob], *, workers: int | None = None,
                    advance: Callable[[int], None] | None = None) -> list[str | None]:
    """Write every copy; for each job None when written, else why not (Chinese)."""
    return parallel_map(annotate_copy, jobs, workers=workers, advance=advance)


def parallel_map(function: Callable[[T], R], items: Sequence[T], *, workers: int | None = None,
                 advance: Callable[[int], None] | None = None) -> list[R]:
    """``function`` over ``items`` in forked worker processes when it pays; results in order.

    Forked workers see the caller's module state as it was when the pool started, so a
    function may read what the caller prepared (a run's plan) instead of receiving it. Where
    the platform cannot fork, everything runs in this process.
    """
    workers = max(1, workers or os.cpu_count() or 1)
    if (workers == 1 or len(items) < POOL_THRESHOLD
            or "fork" not in multiprocessing.get_all_start_methods()
            or multiprocessing.current_process().daemon):
        results = []
        for item in items:
            results.append(function(item))
            if advance:
                advance(1)
        return results
    chunk = max(1, min(16, len(items) // (workers * 8)))
    results = []
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for result in pool.imap(function, items, chunksize=chunk):
            results.append(result)
            if advance:
                advance(1)
    return results


def annotate_copy(job: CopyJob) -> str | None:
    """Write one annotated copy atomically; never raises."""
    from xlperf.files import patch, xlsm  # openpyxl: loaded only when needed

    try:
        wb = xlsm.open_workbook(Path(job.source))
        patch.annotate_workbook(wb, list(job.findings))
        xlsm.save_workbook(wb, Path(job.target))
    except XlperfError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - one unit's copy must not stop the county's
        return f"{job.source}：生成标注工作簿时出现意外错误（{type(exc).__name__}）"
    return None


def file_digest(path: Path) -> str:
    """The fingerprint of a file, "" when it cannot be read."""
    try:
        return digest(Path(path).read_bytes())
    except OSError:
        return ""
