"""Benchmark: xlperf's streaming summary writer (``files/xlsxstream.py``) against XlsxWriter.

The same table, 200,000 rows × 8 columns (a county of 2,000 units × 4 projects × 25 indicator
rows: codes, names, a money column, indicator texts), written

1. by ``xlsxstream.write_tables`` as ``consolidate`` writes it;
2. by XlsxWriter in ``constant_memory`` mode (rows streamed to disk, flat memory), with the
   same header style, widths, frozen header, money format and auto-filter.

Figures are medians of ``--repeat`` runs taken in turn: wall seconds and core-seconds (user+sys
of this process). XlsxWriter is a bench-only dependency
(``pip install XlsxWriter``). The machine may be shared: compare the figures of one run.

    .venv/bin/python bench/summary_writer.py [--rows 200000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from measure import cpu

from xlperf.core.summary.tables import Column, Kind, Table
from xlperf.files import xlsxstream

COLUMNS = (Column("单位编码", 10), Column("单位名称", 24), Column("项目编码", 22),
           Column("项目名称", 30), Column("预算数（万元）", 12, Kind.MONEY),
           Column("一级指标", 10), Column("三级指标", 24), Column("指标值", 14))
LEVELS = ("产出指标", "效益指标", "满意度指标")
NAMES = ("培训人次", "资金到位率", "项目完成及时率", "服务对象满意度", "覆盖乡镇数",
         "设备购置数量", "群众知晓率", "检查覆盖率")
VALUES = ("≥95%", "=100%", "≥90%", "按月支付", "≤12月底", "≥1200人次", "≥10个", "较上年提高")


def table(rows: int, seed: int = 1) -> Table:
    rng = random.Random(seed)
    body = []
    for n in range(rows):
        unit = 800000 + n // 100
        project = n // 25
        money = Decimal(rng.randrange(1, 10**6)) / 100
        body.append((str(unit), f"博野县第{unit - 800000}单位本级", f"130637{project:014d}",
                     f"项目{project}：{rng.choice(NAMES)}专项", money,
                     rng.choice(LEVELS), rng.choice(NAMES), rng.choice(VALUES)))
    return Table("指标明细", "指标明细", COLUMNS, body)


def stream(t: Table, path: Path) -> None:
    xlsxstream.write_tables([t], path, title="bench")


def xlsxwriter_constant_memory(t: Table, path: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet(t.name)
    header = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                            "valign": "vcenter", "font_size": 10})
    text = wb.add_format({"border": 1, "font_size": 10})
    money = wb.add_format({"border": 1, "font_size": 10, "num_format": "#,##0.00##"})
    for col, column in enumerate(t.columns):
        ws.set_column(col, col, column.width)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(t.rows), len(t.columns) - 1)
    ws.write_row(0, 0, [c.header for c in t.columns], header)
    kinds = [money if c.kind == Kind.MONEY else text for c in t.columns]
    for r, row in enumerate(t.rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, Decimal):
                ws.write_number(r, c, float(value), kinds[c])
            else:
                ws.write_string(r, c, str(value), kinds[c])
    wb.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    t = table(args.rows)
    writers: dict[str, Callable[[Table, Path], None]] = {
        "xlsxstream（consolidate 的写法）": stream,
        "XlsxWriter constant_memory": xlsxwriter_constant_memory,
    }
    runs: dict[str, list[tuple[float, float, int]]] = {k: [] for k in writers}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            for name, write in writers.items():
                path = Path(tmp) / f"{len(runs[name])}-{abs(hash(name))}.xlsx"
                wall, core = time.perf_counter(), cpu()
                write(t, path)
                runs[name].append((time.perf_counter() - wall, cpu() - core,
                                   path.stat().st_size))
                path.unlink()
    print(f"{args.rows:,} 行 × {len(COLUMNS)} 列；每项 {args.repeat} 次轮流运行取中位数；"
          f"1 分钟负载 {os.getloadavg()[0]:.2f}（uptime）")
    print(f"{'':32} {'墙钟(s)':>8} {'CPU 核·秒':>10} {'文件 MiB':>9}")
    medians = {}
    for name, values in runs.items():
        wall = statistics.median(v[0] for v in values)
        core = statistics.median(v[1] for v in values)
        medians[name] = (wall, core)
        print(f"{name:32} {wall:>8.2f} {core:>10.2f} {values[-1][2] / (1 << 20):>9.1f}")
    ours = medians["xlsxstream（consolidate 的写法）"]
    theirs = medians["XlsxWriter constant_memory"]
    print(f"XlsxWriter constant_memory ÷ xlsxstream：墙钟 {theirs[0] / ours[0]:.1f} 倍，"
          f"CPU {theirs[1] / ours[1]:.1f} 倍")


if __name__ == "__main__":
    main()
