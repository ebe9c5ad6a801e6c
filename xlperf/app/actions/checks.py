"""``check`` over files, each in an isolated worker: bounded like ``consolidate``'s reads.

A hostile workbook (one that makes a reading library abort, or take gigabytes or minutes) costs
only its own result: it is reported unreadable with the reason in Chinese, and the other files
are checked as usual (``files.pool``: per-file time limit and memory cap).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from xlperf.core.workbook import reading
from xlperf.files.filetype import display_path
from xlperf.files.pool import Failure, run_isolated
from xlperf.files.unitfile import Checked, Engine, check_file


def check_files(paths: Sequence[Path], *, select: Collection[str] | None = None,
                ignore: Collection[str] | None = None, engine: Engine = "calamine",
                named: Collection[Path] = (), jobs: int | None = None,
                advance: Callable[[int], None] | None = None) -> list[Checked]:
    """``check_file`` of every path (in order), each read in a worker process of its own.

    ``named`` are the paths the user gave by name (an annotated copy is checked then).
    """
    task = functools.partial(_check, select=select, ignore=ignore, engine=engine,
                             named=frozenset(str(p) for p in named))
    names = [str(p) for p in paths]
    results = run_isolated(task, names, jobs=jobs, advance=advance)
    return [_unreadable(name, result.reason) if isinstance(result, Failure) else result
            for name, result in zip(names, results, strict=True)]


def _check(name: str, *, select: Collection[str] | None, ignore: Collection[str] | None,
           engine: Engine, named: frozenset[str]) -> Checked:
    return check_file(Path(name), select=select, ignore=ignore, engine=engine,
                      copies=name in named)


def _unreadable(name: str, reason: str) -> Checked:
    finding = reading.UNREADABLE.at(file=display_path(name), reason=reason)
    return Checked(Path(name), None, [finding], reason=reason)
