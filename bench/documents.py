"""Benchmark: importing the 绩效文本 from PDF (and Word), and hostile documents.

1. The four example units exported to Word and rendered to PDF by LibreOffice (one start):
   for each, its pages and the median wall time of reading it into the model — the PDF read in
   this process (pdfplumber + the page reader + the parser), the same through the isolated
   worker ``xlperf import`` uses, and the Word file — plus seconds per PDF page and what that
   makes for a 10-page document (the target: ≤ 1 s).
2. Every hostile document of ``tests/badfiles.py`` read as ``xlperf check`` reads it: wall
   seconds and the reason given.

    .venv/bin/python bench/documents.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from badfiles import make_inbox  # noqa: E402

from xlperf.core.document.parse import parse_document  # noqa: E402
from xlperf.files import pdffile, wordfile  # noqa: E402
from xlperf.files.docread import read_document  # noqa: E402
from xlperf.files.examples import example_names, load_example  # noqa: E402
from xlperf.files.filetype import DOCUMENT_SUFFIXES  # noqa: E402
from xlperf.files.unitfile import check_file  # noqa: E402


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def part1(work: Path, runs: int) -> None:
    docx = [wordfile.write_unit(load_example(name), work / f"{name}.docx")
            for name in example_names()]
    subprocess.run(["soffice", f"-env:UserInstallation=file://{work / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(work), *map(str, docx)],
                   capture_output=True, check=True, timeout=600)
    import pdfplumber

    print("1. 绩效文本导入（中位数，秒）")
    print(f"{'单位':<22}{'页数':>4}{'PDF 本进程':>11}{'PDF 隔离进程':>12}{'Word':>8}{'每页':>8}")
    per_page = []
    for word in docx:
        pdf = word.with_suffix(".pdf")
        with pdfplumber.open(str(pdf)) as opened:
            pages = len(opened.pages)
        here = median_seconds(lambda p=pdf: parse_document(pdffile.read_pdf(p).lines), runs)
        isolated = median_seconds(lambda p=pdf: read_document(p), runs)
        in_word = median_seconds(lambda w=word: read_document(w), runs)
        per_page.append(here / pages)
        print(f"{word.stem:<22}{pages:>6}{here:>11.3f}{isolated:>12.3f}{in_word:>10.3f}"
              f"{here / pages:>10.3f}")
    page = statistics.median(per_page)
    print(f"每页中位数 {page:.3f} 秒：10 页的文档约 {10 * page:.2f} 秒（目标 ≤ 1 秒）")


def part2(work: Path) -> None:
    inbox = work / "inbox"
    bad = make_inbox(inbox)
    print("\n2. 有害文档（按 check 读取）")
    for item in bad:
        path = inbox / item.name
        if path.suffix.lower() not in DOCUMENT_SUFFIXES:
            continue
        start = time.perf_counter()
        checked = check_file(path)
        seconds = time.perf_counter() - start
        said = checked.skipped or (checked.findings[0].message if checked.findings else "")
        print(f"{item.name:<22}{seconds:>7.2f} 秒  {said[:70]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="xlperf-bench-documents-"))
    try:
        part1(work, args.runs)
        part2(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
