"""Benchmark: ``xlperf review`` of a county against ``xlperf consolidate`` on the same folder.

Each run is a fresh process, as a user's, on the synthetic county of ``bench/make_county.py``
(generated once into the cache); figures are medians of ``--repeat`` runs:

1. consolidate: read, check, write 汇总.xlsx (the yardstick);
2. review, first round, a 审核意见书 for every unit (``all_units``) and 审核汇总.xlsx, without the
   annotated workbooks; the target is at most 3× consolidate;
3. review run again with nothing changed (the reviewer's re-run after typing notes): every file
   read and checked again, every letter rendered and compared, nothing rewritten;
4. the annotated workbooks (openpyxl, in worker processes), timed apart: one first-round review
   with letters and workbooks for every unit, minus (2), per copy.

The machine is shared: compare figures of one run.

    .venv/bin/python bench/review.py [--units 2000] [--repeat 3] [--jobs 2] [--no-workbooks]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from consolidate import county  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REVIEW = ("import sys; from pathlib import Path; from xlperf.app.actions.review import review; "
          "done = review([Path(sys.argv[1])], Path(sys.argv[2]), roster=Path(sys.argv[3]), "
          "jobs=int(sys.argv[4]), all_units=True, workbooks=sys.argv[5] == '1'); "
          "p = done.package; print(len(done.plan.units), p.written, p.updated, p.unchanged, "
          "p.workbooks)")


def timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout


def consolidate_once(folder: Path, roster: Path, output: Path, jobs: int) -> float:
    return timed([sys.executable, "-m", "xlperf", "consolidate", str(folder), "-o", str(output),
                  "--roster", str(roster), "--jobs", str(jobs), "--allow-errors"])[0]


def review_once(folder: Path, roster: Path, output: Path, jobs: int, *, workbooks: bool,
                fresh: bool = True) -> tuple[float, list[int]]:
    if fresh and output.exists():
        shutil.rmtree(output)
    seconds, out = timed([sys.executable, "-c", REVIEW, str(folder), str(output), str(roster),
                          str(jobs), "1" if workbooks else "0"])
    return seconds, [int(n) for n in out.split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-workbooks", action="store_true",
                        help="skip (4), the annotated workbooks (minutes for 2000 units)")
    parser.add_argument("--cache", type=Path, default=ROOT / ".bench-cache")
    args = parser.parse_args()
    args.cache.mkdir(exist_ok=True)
    folder, roster, _truth = county(args.cache, args.units)
    files = len(list(folder.rglob("*.xlsx")))
    out = args.cache / "审核"
    print(f"模拟县：{files} 个文件（{args.units} 个单位），{args.jobs} 个进程，"
          f"每项取 {args.repeat} 次中位数", flush=True)

    base = statistics.median(consolidate_once(folder, roster, args.cache / "汇总.xlsx", args.jobs)
                             for _ in range(args.repeat))
    print(f"1. consolidate（读取+校验+写汇总）：{base:.2f} s", flush=True)

    runs = [review_once(folder, roster, out, args.jobs, workbooks=False)
            for _ in range(args.repeat)]
    first = statistics.median(r[0] for r in runs)
    units, written = runs[-1][1][0], runs[-1][1][1]
    print(f"2. review 第一轮（读取+校验+审核汇总+意见书 {written} 份，不含标注工作簿）："
          f"{first:.2f} s，是 consolidate 的 {first / base:.2f} 倍（目标 ≤ 3 倍）；"
          f"每份意见书约 {max(first - base, 0) / max(written, 1) * 1000:.1f} ms"
          "（与 consolidate 之差均摊）", flush=True)

    again = [review_once(folder, roster, out, args.jobs, workbooks=False, fresh=False)
             for _ in range(args.repeat)]
    rerun = statistics.median(r[0] for r in again)
    unchanged = again[-1][1][3]
    print(f"3. review 再次运行（无变化：{unchanged} 份意见书逐份比对、未重写）：{rerun:.2f} s，"
          f"是 consolidate 的 {rerun / base:.2f} 倍", flush=True)

    if not args.no_workbooks:
        seconds, counts = review_once(folder, roster, out, args.jobs, workbooks=True)
        copies = counts[4]
        per_copy = (seconds - first) / max(copies, 1)
        print(f"4. review 第一轮含标注工作簿 {copies} 份（openpyxl，{args.jobs} 进程）："
              f"{seconds:.1f} s，是 consolidate 的 {seconds / base:.1f} 倍；"
              f"标注工作簿每份约 {per_copy * 1000:.0f} ms（{args.jobs} 进程并行后的均摊），"
              f"单进程约 {per_copy * args.jobs * 1000:.0f} ms", flush=True)
    print(f"审核单位 {units} 个（含名录中未报送的单位）")


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
