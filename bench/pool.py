"""Benchmark: xlperf's worker pool (``files/pool.py``) against pebble's ``ProcessPool``.

Both run the same task over the same files with the same guarantees: a worker per core, a
per-task timeout, the address-space cap set in each worker (pebble: its ``initializer``), a
dead worker's task reported as a failure (pebble: ``ProcessExpired``). The task is a unit's
whole read and check (``batch.unit_record``, what consolidate and review run), over the
synthetic county of ``bench/make_county.py``. Runs alternate (ours, pebble, ours, …); each
figure is the median, in wall seconds and in core-seconds (user+sys of this process and its
workers). The machine is shared: compare the figures of one run, and read them with the load.

pebble is a bench-only dependency (``pip install pebble``); xlperf keeps its own pool when it is
not slower, as it needs no dependency and sends tasks ahead to each worker.

    .venv/bin/python bench/pool.py [--units 1000] [--files 400] [--repeat 3] [--jobs 2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from consolidate import county  # noqa: E402
from measure import cpu  # noqa: E402

from xlperf.files import pool  # noqa: E402
from xlperf.files.batch import unit_record  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def pebble_isolated(func: Callable[[Any], Any], items: Sequence[Any], *, jobs: int,
                    seconds: float = pool.FILE_SECONDS,
                    memory: int = pool.WORKER_MEMORY) -> list[Any]:
    """``pool.run_isolated`` written with pebble: same results, same failures."""
    from pebble import ProcessExpired, ProcessPool

    results: list[Any] = []
    with ProcessPool(max_workers=jobs, initializer=pool.start_worker, initargs=(memory,),
                     context=multiprocessing.get_context("fork")) as workers:
        futures = [workers.schedule(func, args=(item,), timeout=seconds) for item in items]
        for future in futures:
            try:
                results.append(future.result())
            except FutureTimeout:
                results.append(pool.Failure(f"读取超过 {seconds:.0f} 秒仍未完成，已放弃该文件"))
            except ProcessExpired as exc:
                results.append(pool.Failure(pool.death_reason(exc.exitcode)))
            except MemoryError:
                results.append(pool.Failure("读取时内存不足（文件过大）"))
            except Exception as exc:  # noqa: BLE001 - as pool._serve reports it
                results.append(pool.Failure(f"读取时出现意外错误（{type(exc).__name__}）"))
    return results


def timed(run: Callable[[], list[Any]]) -> tuple[float, float, list[Any]]:
    wall, core = time.perf_counter(), cpu()
    results = run()
    return time.perf_counter() - wall, cpu() - core, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--files", type=int, default=400, help="files per run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=ROOT / ".bench-cache")
    args = parser.parse_args()
    args.cache.mkdir(exist_ok=True)
    folder, _roster, _truth = county(args.cache, args.units)
    names = [str(p) for p in sorted(folder.rglob("*.xlsx"))[: args.files]]
    pools = {
        "xlperf files/pool.py": lambda: pool.run_isolated(unit_record, names, jobs=args.jobs),
        "pebble ProcessPool": lambda: pebble_isolated(unit_record, names, jobs=args.jobs),
    }
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in pools}
    answers = {}
    for _ in range(args.repeat):
        for name, run in pools.items():
            wall, core, results = timed(run)
            figures[name].append((wall, core))
            answers[name] = [type(r).__name__ for r in results]
    same = len(set(map(tuple, answers.values()))) == 1
    print(f"负载（uptime）：{' '.join(f'{x:.2f}' for x in os.getloadavg())}；"
          f"{len(names)} 个文件，{args.jobs} 个进程，每项 {args.repeat} 次取中位数")
    print(f"{'':24} {'墙钟(s)':>8} {'CPU 核·秒':>10} {'每个文件 CPU(ms)':>16}")
    medians = {}
    for name, runs in figures.items():
        wall = statistics.median(r[0] for r in runs)
        core = statistics.median(r[1] for r in runs)
        medians[name] = (wall, core)
        print(f"{name:24} {wall:>8.2f} {core:>10.2f} {core / len(names) * 1000:>16.2f}")
    ours, theirs = medians["xlperf files/pool.py"], medians["pebble ProcessPool"]
    print(f"pebble / xlperf：墙钟 {theirs[0] / ours[0]:.2f} 倍，CPU {theirs[1] / ours[1]:.2f} 倍；"
          f"结果{'一致' if same else '不一致！'}")


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
