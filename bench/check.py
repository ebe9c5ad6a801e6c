"""Benchmark: the time to check one 10-project workbook and 200 workbooks in one process.

Reading (calamine + label-finding reader) is measured separately from checking. Prints medians
of repeated runs; the machine is shared, so compare figures of one run only.

    .venv/bin/python bench/check.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from xlperf.app.actions.unit import write_unit
from xlperf.core.model.unit_workbook import UnitWorkbook
from xlperf.core.rules import run_checks
from xlperf.core.workbook.reader import read_book
from xlperf.files import fastread
from xlperf.files.examples import example_names, load_example


def ten_projects() -> UnitWorkbook:
    """The seed's four tables and the other units' tables, ten in all (real, faulty content)."""
    projects = [p for name in example_names() for p in load_example(name).projects][:10]
    return load_example(example_names()[0]).model_copy(update={"projects": projects})


def median_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = write_unit(ten_projects(), Path(tmp) / "ten.xlsx")
        names = example_names()
        files = [write_unit(load_example(n), Path(tmp) / f"{n}.xlsx") for n in names]
        batch = [files[i % len(files)] for i in range(200)]

        read_one = median_ms(lambda: read_book(fastread.load_grids(big)), args.repeat)
        book = read_book(fastread.load_grids(big)).book
        check_one = median_ms(lambda: run_checks(book), args.repeat * 5)
        findings = len(run_checks(book))

        books = [read_book(fastread.load_grids(p)).book for p in batch]
        read_200 = median_ms(lambda: [read_book(fastread.load_grids(p)) for p in batch],
                             args.repeat)
        check_200 = median_ms(lambda: [run_checks(b) for b in books], args.repeat)

    print(f"one workbook, 10 projects, {sum(len(p.indicators) for p in book.projects)} indicators,"
          f" {findings} findings")
    print(f"  read  (calamine + reader): {read_one:8.2f} ms")
    print(f"  check (run_checks):        {check_one:8.2f} ms")
    print(f"200 workbooks (the {len(names)} examples in turn), one process")
    print(f"  read : {read_200:8.1f} ms  = {read_200 / 200:6.2f} ms per workbook")
    print(f"  check: {check_200:8.1f} ms  = {check_200 / 200:6.2f} ms per workbook "
          f"(target: well under 50 ms)")


if __name__ == "__main__":
    main()
