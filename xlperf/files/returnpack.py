"""The return package's files: annotated copies of units' workbooks, fingerprints, a pool.

Each copy is what ``xlperf check --annotate`` writes (openpyxl, so an .xlsm keeps its macros);
the original is only read. openpyxl takes ~150 ms a workbook (load 70, annotate 25, save 50), so
a county's copies are made in worker processes, and so are its letters. One file failing never
stops the others: its reason comes back instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from xlperf.core.model.findings import Finding
from xlperf.errors import XlperfError
from xlperf.files.fileio import digest
from xlperf.files.filetype import is_document
from xlperf.files.pool import Failure, run_isolated

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
    results = _run(annotate_copy, jobs, workers, advance, "生成标注工作簿")
    return [f"{job.source}：{result.reason}" if isinstance(result, Failure) else result
            for job, result in zip(jobs, results, strict=True)]


def parallel_map(function: Callable[[T], R], items: Sequence[T], *, workers: int | None = None,
                 advance: Callable[[int], None] | None = None, doing: str = "处理") -> list[R]:
    """``function`` over ``items`` in the worker pool (``pool``) when it pays; results in order.

    An exception ``function`` raises for an item is raised here (the first, in item order), as
    if it had run in this process; an item whose worker died or ran out of time raises
    :class:`~xlperf.errors.XlperfError` with the reason. ``function`` gets all it needs as
    arguments (a ``functools.partial`` is fine), never from a global set before the fork.
    """
    outcomes = _run(_Caught(function), items, workers, advance, doing)
    results = []
    for outcome in outcomes:
        if isinstance(outcome, Failure):
            raise XlperfError(outcome.reason)
        if isinstance(outcome, _Raised):
            raise outcome.error
        results.append(outcome)
    return results


def _run(function: Callable[[Any], Any], items: Sequence[Any], workers: int | None,
         advance: Callable[[int], None] | None, doing: str) -> list[Any]:
    """In the pool, or in this process when one worker or few items would not pay for it."""
    workers = max(1, workers or os.cpu_count() or 1)
    if workers > 1 and len(items) >= POOL_THRESHOLD:
        return run_isolated(function, items, jobs=workers, advance=advance, doing=doing)
    results = []
    for item in items:
        results.append(function(item))
        if advance:
            advance(1)
    return results


@dataclass(frozen=True)
class _Raised:
    error: BaseException


@dataclass(frozen=True)
class _Caught:
    """``function``, its exception returned (to be raised by the caller) instead of raised."""

    function: Callable[[Any], Any]

    def __call__(self, item: Any) -> Any:
        try:
            return self.function(item)
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - raised again in the caller's process
            return _Raised(exc)


def annotate_copy(job: CopyJob) -> str | None:
    """Write one annotated copy atomically; never raises."""
    from xlperf.files import patch, xlsm  # openpyxl: loaded only when needed

    try:
        if is_document(Path(job.source)):  # a 绩效文本: the workbook made from it, annotated
            from xlperf.files.docread import write_annotated_workbook

            write_annotated_workbook(Path(job.source), Path(job.target))
            return None
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
