"""Benchmark: where one county file's CPU goes, step by step, against the calamine reading floor.

What a consolidation worker does with each file, timed step by step in one process over the
synthetic county of ``bench/make_county.py`` (file by file, each step of a file in turn, keeping
nothing between files as a worker does; a damaged file counts where it is refused):

1. the floor: python-calamine reading every sheet (``to_python``), nothing else;
2. the guard (``xlsxguard.open_package``: sizes, CRC, cells, shared-string amplification);
3. the fast reader's grids from the inspected bytes (calamine again, on the guarded bytes);
4. the model (``read_book``), 5. the checks (``run_checks``), 6. the summary record and its
   trip to the main process (pickle both ways, as the pool sends it).

Printed: CPU milliseconds per file of each step, medians of ``--repeat`` runs, and each as a
multiple of the floor; the sum is what a worker spends beyond start-up. A consolidation's ratio
in ``bench/ratios.py`` adds the main process (records, 汇总.xlsx) and the pool.

    .venv/bin/python bench/stages.py [--units 1000] [--repeat 3] [--cache DIR]
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import time
from pathlib import Path

from python_calamine import CalamineWorkbook

sys.path.insert(0, str(Path(__file__).parent))
from consolidate import county  # noqa: E402

from xlperf.core.rules import merge_findings, run_checks  # noqa: E402
from xlperf.core.summary.records import record_of  # noqa: E402
from xlperf.core.workbook import layout  # noqa: E402
from xlperf.core.workbook.reader import read_book  # noqa: E402
from xlperf.errors import XlperfError  # noqa: E402
from xlperf.files import fastread, fileio, xlsxguard  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def floor(path: Path) -> None:
    try:
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()
    except Exception:  # noqa: BLE001, S110 - a damaged file is refused: its cost counts
        pass


STEPS = ("calamine 读取下限", "防护检查（xlsxguard）", "读出单元格（fastread）",
         "读成模型（read_book）", "校验（run_checks）", "汇总记录与回传（pickle）")


def one_file(path: Path, seconds: dict[str, float]) -> None:
    """Each step of one file in turn, its CPU added to ``seconds``; a file refused by the guard
    or the reader stops there (its cost counted in the step that refused it)."""
    steps = iter(STEPS)
    mark = time.process_time()

    def done() -> None:
        nonlocal mark
        now = time.process_time()
        seconds[next(steps)] += now - mark
        mark = now

    floor(path)
    done()
    try:
        package = xlsxguard.open_package(path)
        done()
        grids = fastread.package_grids(package, skip=layout.GENERATED_SHEETS)
        done()
        read = read_book(grids)
        done()
        found = merge_findings(read.findings, run_checks(read.book, file="x"), read.book)
        done()
        pickle.loads(pickle.dumps(record_of(read.book, found, "x", 0.0,
                                            fileio.digest(package.data))))
        done()
    except XlperfError:
        done()


def one_run(files: list[Path]) -> dict[str, float]:
    seconds = dict.fromkeys(STEPS, 0.0)
    for path in files:
        one_file(path, seconds)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=ROOT / ".bench-cache")
    args = parser.parse_args()
    args.cache.mkdir(exist_ok=True)
    folder, _roster, _truth = county(args.cache, args.units)
    files = sorted(folder.rglob("*.xlsx"))
    one_run(files[:20])  # warm: imports, caches, the page cache
    runs = [one_run(files) for _ in range(args.repeat)]
    steps = {k: statistics.median(r[k] for r in runs) * 1000 / len(files) for k in runs[0]}
    base = steps["calamine 读取下限"]
    print(f"{len(files)} 个文件，每步 {args.repeat} 次取中位数"
          "（每个文件 CPU 毫秒，及为读取下限的倍数）")
    for name, ms in steps.items():
        print(f"  {name:24} {ms:7.2f} ms  {ms / base:5.2f} 倍")
    worker = sum(ms for name, ms in steps.items() if name != "calamine 读取下限")
    print(f"  {'工作进程合计（不含下限这一行）':22} {worker:7.2f} ms  {worker / base:5.2f} 倍")


if __name__ == "__main__":
    main()
