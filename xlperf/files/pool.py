"""The one worker pool: a function over items in worker processes, each call failing alone.

Batch reads (``batch``), the annotated copies and the letters (``returnpack.parallel_map``) all
run here. A worker takes one item at a time. When it dies (a native abort in a reading library,
the out-of-memory killer, its own address-space limit) or runs past ``seconds``, the item it
held gets a :class:`Failure` with the reason in Chinese, the worker is killed and replaced, and
the run goes on: it always ends, in at most about ``items × seconds / jobs``.

Workers talk to this process over one pipe each and are stopped with a signal, never through a
shared queue: nothing a dying or killed worker held can block this process (the deadlock of
``multiprocessing.Pool.terminate`` waiting on a queue lock a task thread holds cannot happen).
What a worker needs comes as the function (a closure or ``functools.partial`` is fine: the
workers are forked) and its item, never as a module global set before the fork.

``bench/pool.py`` measures this pool against pebble's ``ProcessPool`` on the same files.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

#: The longest one item may take (a unit is read and checked in well under a second).
FILE_SECONDS = 60.0
#: The address space a worker may take beyond what it starts with (Linux).
WORKER_MEMORY = 2 << 30
#: Tasks handed to a worker ahead of time, so that it never waits for this process.
AHEAD = 4


@dataclass(frozen=True)
class Failure:
    """A task whose worker died or ran out of time: the reason, in Chinese."""

    reason: str


def run_isolated(func: Callable[[Any], Any], items: Sequence[Any], *, jobs: int | None = None,
                 seconds: float | None = None, memory: int | None = None,
                 advance: Callable[[int], None] | None = None,
                 doing: str = "读取") -> list[Any]:
    """``[func(item) for item in items]``, each call in a worker process that may fail alone.

    A call whose worker dies, raises or outlives ``seconds`` (:data:`FILE_SECONDS` when None)
    gives a :class:`Failure` in its place; its reason begins with ``doing`` (读取, 生成意见书 …).
    Each worker's memory is capped at ``memory`` more than it starts with (:data:`WORKER_MEMORY`
    when None, no cap when 0). Runs in this process only when it cannot have children (inside
    a daemon worker).
    """
    seconds = FILE_SECONDS if seconds is None else seconds
    memory = WORKER_MEMORY if memory is None else memory
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
                workers.append(_Worker(context, func, memory, doing))
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


def _context() -> Any:
    if multiprocessing.current_process().daemon:
        return None  # a daemon process may not have children
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

    def __init__(self, context: Any, func: Callable[[Any], Any], memory: int,
                 doing: str) -> None:
        self.doing = doing
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(func, child, memory, doing),
                                       daemon=True)
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
                out.append((expected, result if index == expected
                            else Failure(f"{self.doing}进程答非所问")))
                self.started = time.monotonic()
        except (EOFError, OSError):
            pass  # died while answering: its exit code tells why
        except Exception:  # noqa: BLE001 - a result that cannot be unpickled
            out.append((self.tasks.popleft(), Failure(f"{self.doing}结果无法传回")))
        if out or not self.tasks:
            return out
        if not self.process.is_alive():
            self.process.join()
            self.broken = True
            return [(self.tasks.popleft(),
                     Failure(death_reason(self.process.exitcode, self.doing)))]
        if time.monotonic() - self.started >= seconds:
            self.broken = True
            self.stop()
            return [(self.tasks.popleft(),
                     Failure(f"{self.doing}超过 {seconds:.0f} 秒仍未完成，已放弃该文件"))]
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


def death_reason(code: int | None, doing: str = "读取") -> str:
    """Why a worker ended, from its exit code, in Chinese."""
    if code == -getattr(signal, "SIGKILL", 9):  # Windows has no SIGKILL
        return f"{doing}时进程被系统终止（多半是内存不足），文件可能过大或已损坏"
    if code == -signal.SIGABRT:
        return f"{doing}时读取库异常终止（多半是内存不足或文件内容异常），文件可能已损坏"
    if code is not None and code < 0:
        return f"{doing}时进程崩溃（信号 {-code}），文件可能已损坏"
    return f"{doing}时进程意外退出（代码 {code}），文件可能已损坏"


def _serve(func: Callable[[Any], Any], conn: Connection, memory: int, doing: str) -> None:
    """A worker's loop: one task at a time until told to stop."""
    start_worker(memory)
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
            result = Failure(f"{doing}时内存不足（文件过大）")
        except Exception as exc:  # noqa: BLE001 - reported as this item's failure
            result = Failure(f"{doing}时出现意外错误（{type(exc).__name__}）")
        try:
            conn.send((index, result))
        except (OSError, ValueError):
            return
        except Exception as exc:  # noqa: BLE001 - a result that cannot be pickled
            conn.send((index, Failure(f"{doing}结果无法传回（{type(exc).__name__}）")))


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off in this process for a while, as it was after.

    For a batch whose results all live to its end (a county's records: some 400,000 models,
    dicts and tuples unpickled here): every so often the collector walked all those kept so
    far again, 0.5 s of the 3.2 s the main process spends on a 1,000-unit consolidation,
    finding nothing, for records are plain data without reference cycles. Reference counting
    still frees all that is let go of, as before; a cycle made meanwhile waits for the next
    collection. Workers forked meanwhile turn it back on (:func:`start_worker`).
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def start_worker(memory: int) -> None:
    """What a worker does first: leave Ctrl+C and native aborts to the parent, cap memory."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    gc.enable()  # a fork inherits the parent's switch, off under collector_paused()
    faulthandler.disable()  # a native abort is reported by the parent, in Chinese
    if memory:
        limit_memory(memory)


def limit_memory(extra: int) -> None:
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
