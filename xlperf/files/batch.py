"""Read and check many unit workbooks in worker processes, one bad file costing only itself.

Each file is read with the fast reader and checked exactly as ``xlperf check`` does, in a worker
process; only small picklable records travel back. Inputs are only ever opened for reading.

A worker takes one file at a time. When it dies (a native abort in a reading library, the
out-of-memory killer, its own address-space limit) or runs past :data:`FILE_SECONDS`, the file
it held is listed as unreadable with the reason, the worker is replaced, and the run goes on: a
county's run always ends, in at most about ``files × FILE_SECONDS / jobs``.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from xlperf.core.summary.records import UnitRecord, record_of
from xlperf.files.filetype import display_path
from xlperf.files.unitfile import check_file

#: The longest one file may take to be read and checked (a unit takes well under a second).
FILE_SECONDS = 60.0
#: The address space a worker may take beyond what it starts with (Linux).
WORKER_MEMORY = 2 << 30


@dataclass(frozen=True)
class Failure:
    """A task whose worker died or ran out of time: the reason, in Chinese."""

    reason: str


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


# --------------------------------------------------------------------------- isolated workers
def run_isolated(func: Callable[[Any], Any], items: Sequence[Any], *, jobs: int | None = None,
                 seconds: float = FILE_SECONDS, memory: int | None = WORKER_MEMORY,
                 advance: Callable[[int], None] | None = None) -> list[Any]:
    """``[func(item) for item in items]``, each call in a worker process that may fail alone.

    A call whose worker dies or outlives ``seconds`` gives a :class:`Failure` in its place.
    Runs in this process only when it cannot have children (inside a pool's daemon worker).
    """
    results: list[Any] = [None] * len(items)
    if not items:
        return results
    context = _context()
    if context is None:
        for index, item in enumerate(items):
            results[index] = func(item)
            if advance:
                advance(1)
        return results
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(items)))
    pending = deque(range(len(items)))
    workers: list[_Worker] = []
    try:
        while pending or any(w.tasks for w in workers):
            while len(workers) < jobs and pending:
                workers.append(_Worker(context, func, memory))
            for worker in workers:
                while len(worker.tasks) < AHEAD and pending:
                    index = pending.popleft()
                    worker.give(index, items[index])
            for index, outcome in _settled(workers, seconds):
                results[index] = outcome
                if advance:
                    advance(1)
            for worker in [w for w in workers if w.broken]:
                pending.extendleft(reversed(worker.tasks))  # sent ahead, never started
                workers.remove(worker)
                worker.stop()
    finally:
        for worker in workers:
            worker.stop()
    return results


#: Tasks handed to a worker ahead of time, so that it never waits for this process.
AHEAD = 4


def _context() -> Any:
    if multiprocessing.current_process().daemon:
        return None  # a pool's worker may not have children
    methods = multiprocessing.get_all_start_methods()
    # fork where the platform has it: the workers start in milliseconds with xlperf loaded.
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _settled(workers: list[_Worker], seconds: float) -> list[tuple[int, Any]]:
    """Wait until some busy worker answers, dies or runs out of time; what they gave."""
    busy = [w for w in workers if w.tasks]
    timeout = max(0.0, min(w.started for w in busy) + seconds - time.monotonic())
    wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout)
    return [answer for worker in busy for answer in worker.answers(seconds)]


class _Worker:
    """One worker process and the tasks sent to it, in order (the first one is running)."""

    def __init__(self, context: Any, func: Callable[[Any], Any], memory: int | None) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(func, child, memory), daemon=True)
        self.process.start()
        child.close()
        self.tasks: deque[int] = deque()
        self.started = 0.0  # when the running task started (as far as this process saw)
        self.broken = False  # dead, or killed for taking too long: to be replaced

    def give(self, index: int, item: Any) -> None:
        if not self.tasks:
            self.started = time.monotonic()
        self.tasks.append(index)
        try:
            self.conn.send((index, item))
        except OSError:
            pass  # the worker is gone: answers() will say so

    def answers(self, seconds: float) -> list[tuple[int, Any]]:
        """The results that have arrived; or the running task's Failure if the worker failed."""
        out: list[tuple[int, Any]] = []
        try:
            while self.tasks and self.conn.poll():
                index, result = self.conn.recv()
                expected = self.tasks.popleft()
                out.append((expected, result if index == expected else Failure("读取进程答非所问")))
                self.started = time.monotonic()
        except (EOFError, OSError):
            pass  # died while answering: its exit code tells why
        except Exception:  # noqa: BLE001 - a result that cannot be unpickled
            out.append((self.tasks.popleft(), Failure("读取结果无法传回")))
        if out or not self.tasks:
            return out
        if not self.process.is_alive():
            self.process.join()
            self.broken = True
            return [(self.tasks.popleft(), Failure(_death_reason(self.process.exitcode)))]
        if time.monotonic() - self.started >= seconds:
            self.broken = True
            self.stop()
            return [(self.tasks.popleft(),
                     Failure(f"读取和校验超过 {seconds:.0f} 秒仍未完成，已放弃该文件"))]
        return out

    def stop(self) -> None:
        if self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(0.2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _death_reason(code: int | None) -> str:
    if code == -getattr(signal, "SIGKILL", 9):  # Windows has no SIGKILL
        return "读取时进程被系统终止（多半是内存不足），文件可能过大或已损坏"
    if code == -signal.SIGABRT:
        return "读取时读取库异常终止（多半是内存不足或文件内容异常），文件可能已损坏"
    if code is not None and code < 0:
        return f"读取时进程崩溃（信号 {-code}），文件可能已损坏"
    return f"读取时进程意外退出（代码 {code}），文件可能已损坏"


def _serve(func: Callable[[Any], Any], conn: Connection, memory: int | None) -> None:
    """A worker's loop: one task at a time until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    faulthandler.disable()  # a native abort is reported by the parent, in Chinese
    if memory:
        _limit_memory(memory)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, item = message
        try:
            result = func(item)
        except MemoryError:
            result = Failure("读取时内存不足（文件过大）")
        except Exception as exc:  # noqa: BLE001 - reported as this item's failure
            result = Failure(f"读取时出现意外错误（{type(exc).__name__}）")
        try:
            conn.send((index, result))
        except (OSError, ValueError):
            return
        except Exception as exc:  # noqa: BLE001 - a result that cannot be pickled
            conn.send((index, Failure(f"读取结果无法传回（{type(exc).__name__}）")))


def _limit_memory(extra: int) -> None:
    """Cap this process's address space at what it has now plus ``extra`` (where possible)."""
    try:
        import resource
    except ImportError:  # Windows
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return  # not Linux: no reliable figure to start from
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = current + extra
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY:
        limit = min(limit, soft)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass
