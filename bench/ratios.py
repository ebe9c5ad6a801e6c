"""Benchmark: how close a county's run is to the reading floor, as ratios measured in one run.

On the synthetic county of ``bench/make_county.py`` (1,000 distinct units by default, generated
once into the cache), each a fresh process as a user runs it:

1. the floor: python-calamine reading every sheet of every file (``to_python``), one process;
2. ``xlperf consolidate --jobs 1`` and ``--jobs 2`` (read, guard, check, write 汇总.xlsx);
3. ``review`` first round, ``--jobs 2``, into a fresh folder: read, check, a letter for each
   unit it returns and 审核汇总.xlsx (``review（意见书）``); and the same as the command line
   runs it, with an annotated workbook (openpyxl) for each returned unit (``review（命令行）``).
   Every synthetic unit is returned (中), so both are the worst case.

Printed: wall seconds and core-seconds (user+sys of the process and all its workers) of each,
medians of ``--repeat`` runs taken in turn, and the ratios the targets are set on (issue 18):
consolidate's core-seconds over the floor's (≤ 2), ``--jobs 1`` wall over ``--jobs 2`` wall
(≥ 1.8) and review's over consolidate's (≤ 1.5). Core-seconds are given with and without each
kind of process's start-up (imports), measured apart. The machine may be shared: the load is
printed; on a busy machine wall ratios mean little, core-seconds hold better.

    .venv/bin/python bench/ratios.py [--units 1000] [--repeat 3] [--cache DIR] [--no-workbooks]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from consolidate import county  # noqa: E402
from measure import children_cpu  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
#: Every file, the damaged ones too (calamine refuses them: counted, as consolidate lists them).
#: It must reach the end: a floor that stopped at the first damaged file looked 3× too low.
FLOOR = ("import sys; from pathlib import Path; from python_calamine import CalamineWorkbook\n"
         "read = refused = 0\n"
         "for p in sorted(Path(sys.argv[1]).rglob('*.xlsx')):\n"
         "    try:\n"
         "        wb = CalamineWorkbook.from_path(str(p))\n"
         "        for n in wb.sheet_names: wb.get_sheet_by_name(n).to_python()\n"
         "        read += 1\n"
         "    except Exception:\n"
         "        refused += 1\n"
         "print(read, refused)\n")
FLOOR_START = "import python_calamine, pathlib"
XLPERF_START = "from xlperf.app.cli import main"
CLI = "import sys; from xlperf.app.cli import main; sys.exit(main(sys.argv[1:]))"
#: review's first round with its letters, without the annotated workbooks (openpyxl, ~150 ms a
#: unit: the command line writes one for every unit it returns).
REVIEW_LETTERS = ("import sys; from pathlib import Path; from xlperf.app.actions.review import "
                  "review; review([Path(sys.argv[1])], Path(sys.argv[2]), "
                  "roster=Path(sys.argv[3]), jobs=2, workbooks=False)")


def run(code: str, *argv: str, ok: tuple[int, ...] = (0, 1)) -> tuple[float, float]:
    """Wall and core-seconds of one fresh process (and the workers it waited for).

    ``ok``: the exit codes of a complete run (consolidate exits 1 when it lists errors).
    """
    wall, core = time.perf_counter(), children_cpu()
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True)
    if done.returncode not in ok:
        raise SystemExit(f"失败（{done.returncode}）：{' '.join(argv)}\n{done.stderr[-2000:]}")
    return time.perf_counter() - wall, children_cpu() - core


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=ROOT / ".bench-cache")
    parser.add_argument("--no-workbooks", action="store_true",
                        help="skip review（命令行）, whose annotated workbooks take minutes")
    args = parser.parse_args()
    args.cache.mkdir(exist_ok=True)
    folder, roster, _truth = county(args.cache, args.units)
    files = len(list(folder.rglob("*.xlsx")))
    out = args.cache / "ratios"
    out.mkdir(exist_ok=True)
    inbox = str(folder)

    def review(letters_only: bool) -> Callable[[], tuple[float, float]]:
        def measure() -> tuple[float, float]:
            target = out / "审核"
            if target.exists():
                shutil.rmtree(target)
            if letters_only:
                return run(REVIEW_LETTERS, inbox, str(target), str(roster))
            return run(CLI, "review", inbox, "-o", str(target), "--roster", str(roster),
                       "--jobs", "2")
        return measure

    def consolidate(jobs: str) -> Callable[[], tuple[float, float]]:
        return lambda: run(CLI, "consolidate", inbox, "-o", str(out / f"汇总{jobs}.xlsx"),
                           "--roster", str(roster), "--jobs", jobs, "--allow-errors")

    kinds = {
        "floor": lambda: run(FLOOR, inbox, ok=(0,)),
        "floor start-up": lambda: run(FLOOR_START, ok=(0,)),
        "xlperf start-up": lambda: run(XLPERF_START, ok=(0,)),
        "consolidate --jobs 1": consolidate("1"),
        "consolidate --jobs 2": consolidate("2"),
        "review（意见书）": review(True),
        "review（命令行）": review(False),
    }
    if args.no_workbooks:
        del kinds["review（命令行）"]
    counted = subprocess.run([sys.executable, "-c", FLOOR, inbox], capture_output=True,
                             text=True, check=True).stdout.split()
    print(f"读取下限：calamine 读出 {counted[0]} 个文件，拒绝 {counted[1]} 个（损坏）", flush=True)
    loads = [os.getloadavg()[0]]
    runs: dict[str, list[tuple[float, float]]] = {k: [] for k in kinds}
    for _ in range(args.repeat):
        for name, measure in kinds.items():
            runs[name].append(measure())
        loads.append(os.getloadavg()[0])
    wall = {k: statistics.median(r[0] for r in v) for k, v in runs.items()}
    core = {k: statistics.median(r[1] for r in v) for k, v in runs.items()}
    print(f"模拟县 {files} 个文件（{args.units} 个单位）；每项 {args.repeat} 次轮流运行取中位数；"
          f"1 分钟负载 {min(loads):.2f}–{max(loads):.2f}（uptime），{os.cpu_count()} 核")
    print(f"{'':22} {'墙钟(s)':>8} {'CPU 核·秒':>10} {'扣除启动':>9} {'每个文件 CPU(ms)':>16}")
    net = {}
    for name in kinds:
        start = (core["floor start-up"] if name == "floor" else core["xlperf start-up"]
                 if name.startswith(("consolidate", "review")) else 0.0)
        net[name] = core[name] - start
        per_file = "" if "start-up" in name else f"{net[name] / files * 1000:>16.2f}"
        print(f"{name:22} {wall[name]:>8.2f} {core[name]:>10.2f} {net[name]:>9.2f} {per_file}")
    floor, one, two = core["floor"], "consolidate --jobs 1", "consolidate --jobs 2"
    print(f"consolidate（1 进程）CPU ÷ calamine 读取下限：{core[one] / floor:.2f} 倍"
          f"（扣除启动 {net[one] / net['floor']:.2f} 倍；目标 ≤ 2）")
    print(f"consolidate --jobs 2 比 --jobs 1 快：{wall[one] / wall[two]:.2f} 倍"
          f"（墙钟；目标 ≥ 1.8；CPU 之比 {core[two] / core[one]:.2f}）")
    for name in [k for k in kinds if k.startswith("review")]:
        print(f"{name} 第一轮 ÷ consolidate（都是 --jobs 2）："
              f"墙钟 {wall[name] / wall[two]:.2f} 倍，"
              f"CPU {core[name] / core[two]:.2f} 倍（目标 ≤ 1.5）")


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
