"""Benchmark: the 生成目录 button through xlwings' remote engine (what Server and Lite run).

Prints medians of repeated runs for a large unit workbook (many project sheets), the number of
value reads/writes and client actions, and the ratio against writing the same edit cell by cell.
Run: .venv/bin/python bench/excel_buttons.py [projects] [repeats]
"""

# ruff: noqa: T201, E402  (a benchmark prints; xlwings must be set up before xlperf.app.excel loads)
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import xlwings_client as client

xw = client.load_xlwings()

from xlperf.app import excel
from xlperf.app.actions import unit as actions
from xlperf.core.model.unit_workbook import UnitWorkbook
from xlperf.files.examples import SEED, load_example


def _big_book(projects: int) -> UnitWorkbook:
    seed = load_example(SEED)
    many = [p.model_copy(update={"name": f"{p.name}{n}", "sheet": None})
            for n in range(projects // len(seed.projects) + 1) for p in seed.projects][:projects]
    return seed.model_copy(update={"projects": many})


def _cell_by_cell(book, edit) -> None:
    """The slow way, for comparison: one write per cell (links and message as usual)."""
    for change in edit.sheets:
        sheet = book.sheets[change.name]
        for (row, col), value in change.values.items():
            sheet.range((row, col)).value = value
        for (row, col), link in change.links.items():
            sheet.range((row, col)).add_hyperlink(f"#{link.target}", link.text, link.tip)
    book.app.alert(edit.message, title=edit.title)


def _median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:8.1f} ms"


def main() -> None:
    projects = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as tmp:
        path = actions.write_unit(_big_book(projects), Path(tmp) / "big.xlsx")
        payload = client.payload(path, version=xw.__version__)
    timings: dict[str, list[float]] = {"read+compute": [], "write blocks": [],
                                       "write cell by cell": []}
    actions_count: dict[str, int] = {}
    for _ in range(repeats):
        book = xw.Book(json=payload)
        start = time.perf_counter()
        with client.count_calls() as reads:
            edit = excel.refresh_toc_edit(book)
        timings["read+compute"].append(time.perf_counter() - start)
        for name, write in (("write blocks", excel.apply_edit),
                            ("write cell by cell", _cell_by_cell)):
            book = xw.Book(json=payload)
            start = time.perf_counter()
            with client.count_calls() as writes:
                write(book, edit)
            timings[name].append(time.perf_counter() - start)
            actions_count[name] = len(book.json()["actions"])
            actions_count[name + " value writes"] = writes["write"]
    print(f"生成目录 on a workbook with {projects} project sheets, remote engine, "
          f"median of {repeats}")
    print(f"  read + compute      {_median_ms(timings['read+compute'])}   "
          f"value reads {reads['read']} (one per sheet)")
    for name in ("write blocks", "write cell by cell"):
        print(f"  {name:19} {_median_ms(timings[name])}   value writes "
              f"{actions_count[name + ' value writes']:4}  client actions {actions_count[name]}")
    ratio = actions_count["write cell by cell value writes"] / actions_count[
        "write blocks value writes"]
    print(f"  value writes, cell by cell / blocks: {ratio:.0f}x")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
