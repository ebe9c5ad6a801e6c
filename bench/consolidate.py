"""Benchmark: a county's unit workbooks → checked → 汇总.xlsx, end to end, against openpyxl.

Runs ``xlperf consolidate`` as a user would (a fresh process each time) on a synthetic county
made by ``bench/make_county.py`` (generated once into the cache), and on its first quarter and
half to show how the cost grows. Prints for each size the median wall time, workbooks per second
and the peak memory of the main process and of the largest worker. In the
same run it times a plain openpyxl reading loop (``load_workbook`` + reading every cell) on a
sample of the same files and prints the ratio. The machine is shared: compare figures of one run.

    .venv/bin/python bench/consolidate.py [--units 2000] [--repeat 3] [--jobs 2] [--cache DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).parent))
from make_county import make_county, write_roster  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def county(cache: Path, units: int) -> tuple[Path, Path, dict]:
    """The cached county of this size (generated once)."""
    folder = cache / f"county{units}"
    roster = cache / f"county{units}_名录.xlsx"
    truth_file = cache / f"county{units}_truth.json"
    if not truth_file.exists():
        print(f"生成 {units} 个单位的工作簿……", flush=True)
        made = make_county(folder, units)
        write_roster(made, roster)
        truth = {k: v for k, v in made.__dict__.items() if k != "codes"}
        truth_file.write_text(json.dumps(truth, ensure_ascii=False))
    return folder, roster, json.loads(truth_file.read_text())


def run_once(inputs: list[Path], roster: Path, output: Path, jobs: int) -> tuple[float, int, int]:
    """One end-to-end run: wall seconds, peak RSS of main process and of the largest worker."""
    code = ("import resource, sys; from xlperf.app.cli import main; rc = main(sys.argv[1:]); "
            "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
            "sys.exit(rc)")
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, "consolidate", *map(str, inputs), "-o", str(output),
         "--roster", str(roster), "--jobs", str(jobs), "--allow-errors"],
        capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    rss = next(line for line in done.stderr.splitlines() if line.startswith("RSS")).split()
    return seconds, int(rss[1]), int(rss[2])


def openpyxl_loop(files: list[Path]) -> float:
    """Seconds per workbook for the plain loop: load_workbook and touch every value."""
    start = time.perf_counter()
    for path in files:
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            for _row in ws.iter_rows(values_only=True):
                pass
        wb.close()
    return (time.perf_counter() - start) / len(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sample", type=int, default=60, help="files in the openpyxl loop")
    parser.add_argument("--cache", type=Path, default=ROOT / ".bench-cache")
    args = parser.parse_args()
    args.cache.mkdir(exist_ok=True)
    folder, roster, truth = county(args.cache, args.units)
    files = sorted(p for p in folder.rglob("*.xlsx"))
    print(f"{'文件数':>6} {'中位数(s)':>10} {'工作簿/秒':>9} {'每千个(s)':>9} "
          f"{'主进程MiB':>9} {'子进程MiB':>9}  合计核对")
    largest = None
    for count in (len(files) // 4, len(files) // 2, len(files)):
        inputs = [folder] if count == len(files) else files[:count]
        output = args.cache / f"汇总{count}.xlsx"
        runs = [run_once(inputs, roster, output, args.jobs) for _ in range(args.repeat)]
        median = statistics.median(r[0] for r in runs)
        main_rss = max(r[1] for r in runs) / 1024
        child_rss = max(r[2] for r in runs) / 1024
        check = ("一致" if _totals_match(output, truth) else "不一致！") \
            if count == len(files) else ""
        print(f"{count:>6} {median:>10.2f} {count / median:>9.0f} "
              f"{median / count * 1000:>9.2f} {main_rss:>9.0f} {child_rss:>9.0f}  {check}",
              flush=True)
        largest = (folder, count, median)
    assert largest is not None
    folder, files, median = largest
    sample = sorted(folder.rglob("8*.xlsx"))[: args.sample]
    per_file = openpyxl_loop(sample)
    print(f"openpyxl 逐个读取（{len(sample)} 个样本，单进程）：{per_file * 1000:.1f} ms/个，"
          f"折合 {files} 个 {per_file * files:.1f} s")
    print(f"xlperf consolidate（读取+校验+写汇总，{args.jobs} 进程）：{median:.2f} s，"
          f"快 {per_file * files / median:.1f} 倍")


def _totals_match(output: Path, truth: dict) -> bool:
    """The summary's 预算数合计 equals the generator's known total."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(output)).get_sheet_by_name("汇总说明").to_python()
    found = {r[0]: r[1] for r in rows if len(r) > 1}
    return f"{found.get('预算数合计（万元）'):.2f}" == f"{float(truth['budget']):.2f}"


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
