"""Benchmark: time and memory of every command on every bad input, and how text work scales.

1. Each bad input of ``tests/badfiles.py`` (the full-size set: a sheet of a megabyte of text)
   through dump, check, check --annotate, fill, export and import, each in a fresh process:
   exit code, wall seconds, peak resident memory (of the process or of its largest worker).
   A run past ``--timeout`` is killed.
2. ``consolidate`` of the inbox mixing them with the four example units: wall seconds, peak
   memory of the main process and of the largest worker.
3. Inputs at the stated limits: 100,000 cells referencing one 32,767-character shared string
   (alone, and in a folder beside a good unit: ``check <folder>``), a sheet reaching the read
   window's last cell (CV20000), a workbook of ~500,000 cells, and a 1 GiB zip bomb (declared,
   and declaring 1 KB).
4. Text: every check over prose cells of hostile text (one character repeated, a phrase
   repeated, random characters) at 0.25–2 MB per workbook, and the importer over 1–4 MB of
   text, as seconds per megabyte (constant = linear).
5. The review round and import (issue 19): a review workbook whose 审核记录 inflates to 1 GB
   or holds a million rows, a bad round number, special files in place of letters and of the
   rubric, YAML bombs, a very long unit name; Word files whose tables claim absurd spans, and
   tables of 2k–16k extra rows. Each in a fresh process: exit code, seconds, peak memory.

With ``--source DIR`` the commands of parts 1–3 run the xlperf found in DIR instead (e.g. an
older checkout, for a before/after comparison); each run is then capped at ``--memory`` MB of
address space so that a zip bomb cannot take the shared machine down.

    .venv/bin/python bench/hostile.py [--parts 1234] [--timeout 120] [--source DIR] [--only a,b]
        [--commands dump,check]
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from badfiles import (  # noqa: E402
    PROJECT,
    base_workbook,
    lying_sizes,
    make_inbox,
    members,
    set_cell,
    shared_amplified,
    with_part,
)

from xlperf.core.document.parse import parse_document, text_lines  # noqa: E402
from xlperf.core.rules import run_checks  # noqa: E402
from xlperf.core.workbook.reader import read_book  # noqa: E402
from xlperf.core.workbook.render import render_workbook  # noqa: E402
from xlperf.files.examples import example_names, load_example  # noqa: E402
from xlperf.files.filetype import display_path  # noqa: E402

COMMANDS = {
    "dump": lambda p, o: ["dump", str(p)],
    "check": lambda p, o: ["check", str(p)],
    "annotate": lambda p, o: ["check", "--annotate", str(p), "-o", str(o / "a.xlsx")],
    "fill": lambda p, o: ["fill", str(p), "-o", str(o / "f.xlsx")],
    "export": lambda p, o: ["export", str(p), "--docx", str(o / "e.docx"), "--force"],
    "import": lambda p, o: ["import", str(p), "-o", str(o / "i.xlsx"), "--force"],
}


def run(argv: list[str], source: Path, timeout: float, memory: int | None
        ) -> tuple[str, float, float]:
    """(exit code or what stopped it, wall seconds, peak MiB) of one xlperf command."""
    env = {**os.environ, "PYTHONPATH": str(source)}

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory << 20, memory << 20))

    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", _MAIN, *argv], env=env, cwd=source,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               preexec_fn=limit)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            return f"超时（>{timeout:.0f}s）", time.perf_counter() - start, usage.ru_maxrss / 1024
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    err = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if os.WIFSIGNALED(status):
        outcome = f"信号{os.WTERMSIG(status)}"
    else:
        outcome = str(os.WEXITSTATUS(status))
        if "Traceback" in err:
            outcome += "（Traceback）"
    workers = [int(line.split()[1]) for line in err.splitlines() if line.startswith("WORKERS ")]
    return outcome, seconds, max([usage.ru_maxrss, *workers]) / 1024


#: xlperf's command line, saying at the end how much memory its largest worker took (check
#: and consolidate read in worker processes).
_MAIN = ("import resource, sys\nfrom xlperf.app.cli import main\n"
         "try:\n    rc = main(sys.argv[1:])\nfinally:\n"
         "    print('WORKERS', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
         " file=sys.stderr)\nsys.exit(rc)")


def part_inputs(args: argparse.Namespace, inbox: Path, bad: list, out: Path) -> None:
    print("\n1. 每个异常输入 × 每个命令（独立进程）：退出码 / 秒 / 峰值 MiB")
    commands = {c: COMMANDS[c] for c in args.commands.split(",")}
    print(f"{'输入':<26}" + "".join(f"{c:>22}" for c in commands))
    worst = (0.0, 0.0)
    words = [w for w in args.only.split(",") if w]
    for item in bad:
        if words and not any(w in item.name for w in words):
            continue
        cells = []
        for argv in commands.values():
            code, seconds, mib = run(argv(inbox / item.name, out), args.source, args.timeout,
                                     args.memory)
            worst = (max(worst[0], seconds), max(worst[1], mib))
            cells.append(f"{code} {seconds:5.2f}s {mib:5.0f}M")
        name = display_path(item.name)
        print(f"{name[:24]:<26}" + "".join(f"{c:>22}" for c in cells), flush=True)
    print(f"最慢 {worst[0]:.2f} s，内存峰值最大 {worst[1]:.0f} MiB")


def part_county(args: argparse.Namespace, inbox: Path, out: Path) -> None:
    print("\n2. consolidate：异常输入与四个示例单位混在一个收件文件夹")
    code = ("import resource, sys; from xlperf.app.cli import main; rc = main(sys.argv[1:]); "
            "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
            "sys.exit(rc)")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "consolidate", str(inbox), "-o",
                           str(out / "汇总.xlsx"), "--jobs", "2"], capture_output=True,
                          text=True, timeout=args.timeout * 4, cwd=args.source,
                          env={**os.environ, "PYTHONPATH": str(args.source)})
    seconds = time.perf_counter() - start
    rss = [line for line in done.stderr.splitlines() if line.startswith("RSS")]
    main_mib, child_mib = (int(x) / 1024 for x in rss[0].split()[1:]) if rss else (0, 0)
    print(f"退出码 {done.returncode}，{seconds:.2f} s；主进程 {main_mib:.0f} MiB，"
          f"最大的子进程 {child_mib:.0f} MiB")
    print(done.stdout.strip() or done.stderr.strip()[-500:])


def part_limits(args: argparse.Namespace, out: Path) -> None:
    print("\n3. 上限处的输入（check / fill）")
    base = base_workbook()
    corner = out / "corner.xlsx"
    corner.write_bytes(with_part(base, PROJECT, lambda x: set_cell(x, "CV20000", b"<v>1</v>")))
    cols = [_column(c) for c in range(1, 201)]
    body = b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d"><v>%d</v></c>' % (c, r, r)
                                                    for c in cols) + b"</row>"
                    for r in range(40, 40 + 2490))
    dense = out / "dense.xlsx"
    dense.write_bytes(with_part(base, "xl/worksheets/sheet3.xml",
                                lambda x: x.replace(b"</sheetData>", body + b"</sheetData>")))
    bomb, liar = out / "gib_bomb.xlsx", out / "gib_bomb_lying.xlsx"
    bomb.write_bytes(_gib_bomb(base))
    liar.write_bytes(lying_sizes(bomb.read_bytes(), PROJECT, 1024))
    amplified = out / "shared_100k.xlsx"  # calamine aborted (SIGABRT) on it, killing `check`
    amplified.write_bytes(shared_amplified(base, 100_000))
    folder = out / "放大文件夹"  # check <folder>: the bomb beside a good unit, in one run
    folder.mkdir(exist_ok=True)
    shutil.copy(amplified, folder / amplified.name)
    shutil.copy(ROOT / "workbooks" / "examples" / f"{example_names()[0]}.xlsx", folder)
    for path, what in ((amplified, f"10 万个单元格引用同一个 32,767 字的共享文字（文件 "
                                   f"{amplified.stat().st_size >> 10} KB）"),
                       (folder, "同上，与一个正常单位放在一个文件夹中（check 文件夹）"),
                       (corner, "一个单元格在读取范围的最后一格 CV20000"),
                       (dense, "约 500,000 个单元格（上限）"),
                       (bomb, f"1 GiB 空白的工作表（压缩后 {bomb.stat().st_size >> 20} MiB）"),
                       (liar, "同上，但声明只有 1 KB")):
        for command in ("check",) if path.is_dir() else ("check", "fill"):
            code, seconds, mib = run(COMMANDS[command](path, out), args.source, args.timeout,
                                     args.memory)
            print(f"{what}：{command} 退出码 {code}，{seconds:.2f} s，{mib:.0f} MiB", flush=True)


def _gib_bomb(base: bytes) -> bytes:
    """The workbook with 1 GiB of whitespace inside its 项目1 sheet (zip64, deflated)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in members(base).items():
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if name != PROJECT:
                zf.writestr(info, data)
                continue
            with zf.open(info, "w", force_zip64=True) as sheet:
                cut = data.index(b"<sheetData>") + len(b"<sheetData>")
                sheet.write(data[:cut])
                for _ in range(64):
                    sheet.write(b" " * (1 << 24))
                sheet.write(data[cut:])
    return out.getvalue()


def _column(col: int) -> bytes:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters.encode()


def part_text() -> None:
    import random

    print("\n4. 文字处理的伸缩（秒/MB 基本不变即为线性）")
    rng = random.Random(5)
    pool = "".join(chr(0x4E00 + rng.randrange(3000)) for _ in range(40_000))
    shapes = {"同一个字": lambda n: "字" * n,
              "同一句话": lambda n: ("加强组织和干部队伍建设，" * n)[:n],
              "随机汉字": lambda n: (pool * (n // len(pool) + 1))[:n]}
    book = load_example(example_names()[0])
    for shape, make in shapes.items():
        for megabytes in (0.25, 0.5, 1, 2):
            cells = max(1, int(megabytes * 2**20 / 3 / 32_000))  # ~3 bytes per character
            text = make(32_000)
            department = book.department.model_copy(update={"overall": [
                item.model_copy(update={"text": text}) for item in
                [book.department.overall[0]] * cells]})
            changed = book.model_copy(update={"department": department})
            from helpers import spec_grids

            grids = spec_grids(render_workbook(changed))
            start = time.perf_counter()
            result = read_book(grids)
            run_checks(result.book)
            seconds = time.perf_counter() - start
            size = cells * len(text.encode()) / 2**20
            print(f"全部校验，{shape}，{cells} 格 × 32,000 字 = {size:.2f} MB：{seconds:.2f} s，"
                  f"{seconds / size:.2f} s/MB", flush=True)
    seed = (ROOT / "tests" / "data" / "seed.txt").read_text("utf-8")
    heads = "1. 某项目绩效目标表\n项目编码\tX\t项目名称\tY\n"
    one_table = ("1. 测试项目绩效目标表\n项目编码\t13063723P004382100051\t项目名称\t测试\n"
                 "预算规模及资金用途\t预算数\t1\t其中：财政资金\t1\t其他资金\t0\n\t")
    for shape, make_text in (
            ("绩效文本反复", lambda size: seed * int(size / len(seed.encode()))),
            ("表头密集（2000 张表为上限）", lambda size: heads * min(2000, int(
                size / len(heads.encode())))),
            ("一张表：长资金用途 + 大量单元格", lambda size: (
                one_table + pool[: int(size / 6)] + "\n"
                + ("\t".join([pool[:8]] * 8) + "\n") * int(size / 2 / 200)))):
        for megabytes in (1, 2, 4):
            text = make_text(megabytes * 2**20)
            start = time.perf_counter()
            parse_document(text_lines(text))
            seconds = time.perf_counter() - start
            size = len(text.encode()) / 2**20
            print(f"导入解析，{shape}，{size:.2f} MB：{seconds:.2f} s，"
                  f"{seconds / size:.2f} s/MB", flush=True)


# =========================================================================== 5: review, import
def part_review(args: argparse.Namespace, work: Path) -> None:
    """The review round's and import's hostile inputs (issue 19), each in a fresh process."""
    from badfiles import (
        docx_before,
        docx_extra_rows,
        docx_nested,
        docx_spans,
        inflated_records,
        many_records,
        rubric_bombs,
    )

    from xlperf.core.review.sheets import ROUNDS_SHEET

    print("\n5. 审核与导入的异常输入（独立进程）：退出码 / 秒 / 峰值 MiB")
    inbox, base = work / "收件", work / "基础"
    inbox.mkdir(parents=True)
    for name in ("博野县教育和体育局_2023", "博野县卫生健康局_2023"):
        shutil.copy(ROOT / "workbooks" / "examples" / f"{name}.xlsx", inbox / f"{name}.xlsx")
    code, _, _ = run(["review", str(inbox), "-o", str(base), "--jobs", "1"], args.source,
                     args.timeout, args.memory)
    book = (base / "审核汇总.xlsx").read_bytes()

    def folder(name: str, change: Callable[[Path], object] | None = None) -> Path:
        out = work / name
        shutil.copytree(base, out)
        if change:
            change(out)
        return out

    def with_book(data: bytes) -> Callable[[Path], object]:
        return lambda out: (out / "审核汇总.xlsx").write_bytes(data)

    def special_letters(out: Path) -> None:
        # never run with --force: an older version would replace /dev/zero itself as root
        letter = next((out / "第1轮").glob("*_审核意见书.docx"))
        letter.unlink()
        os.mkfifo(letter)
        workbook = next((out / "第1轮").glob("*_校验.xlsx"))
        workbook.unlink()
        workbook.symlink_to("/dev/zero")

    def review_in(out: Path, *extra: str) -> list[str]:
        return ["review", str(inbox), "-o", str(out), "--jobs", "1", *extra]

    def build() -> None:  # in a child: this process's peak memory is every command's floor
        folder("炸弹", with_book(inflated_records(book, ROUNDS_SHEET, 1024)))
        folder("百万行", with_book(many_records(book, ROUNDS_SHEET, 1_000_000)))

    builder = multiprocessing.get_context("fork").Process(target=build)
    builder.start()
    builder.join()
    fifo = work / "管道.yaml"
    os.mkfifo(fifo)
    cases: list[tuple[str, list[str]]] = [
        ("审核记录解压 1 GB", review_in(work / "炸弹")),
        ("审核记录 100 万行", review_in(work / "百万行")),
        ("意见书换成管道和 /dev/zero", review_in(folder("特殊文件", special_letters))),
    ]
    for rubric in (fifo, Path("/dev/zero"), Path("/dev/urandom"), work):
        cases.append((f"--rubric {rubric.name or rubric}", review_in(work / "无", "--rubric",
                                                                   str(rubric))))
    for name, text in rubric_bombs().items():
        (work / name).write_text(text, "utf-8")
        cases.append((name, review_in(work / "无", "--rubric", str(work / name))))
    exported = work / "文本.docx"
    run(["export", str(ROOT / "workbooks" / "examples" / "博野县卫生健康局_2023.xlsx"),
         "--docx", str(exported), "--allow-errors"], args.source, args.timeout, args.memory)
    text = exported.read_bytes()
    docs = {"gridSpan 18279": docx_spans(text, 18_279, 1),
            "gridSpan 2e8 × 40": docx_spans(text, 200_000_000, 40),
            "gridBefore 3e8 × 20": docx_before(text, 300_000_000, 20),
            "表格嵌套": docx_nested(text, "内层"),
            **{f"多 {n} 行": docx_extra_rows(text, n) for n in (2000, 4000, 8000, 16000)}}
    for name, data in docs.items():
        path = work / f"{name}.docx"
        path.write_bytes(data)
        cases.append((f"import {name}", ["import", str(path), "-o", str(work / "导入.xlsx"),
                                         "--force"]))
    print(f"（首轮审核退出码 {code}）")
    for name, argv in cases:
        outcome, seconds, mib = run(argv, args.source, args.timeout, args.memory)
        print(f"{name:<28}{outcome:>14} {seconds:7.2f}s {mib:7.0f}M", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parts", default="12345", help="which parts to run, e.g. 14")
    parser.add_argument("--commands", default=",".join(COMMANDS),
                        help="part 1: the commands to run, comma-separated")
    parser.add_argument("--only", default="", help="part 1: only inputs whose names contain one "
                                                    "of these comma-separated words")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per command")
    parser.add_argument("--source", type=Path, default=ROOT, help="the xlperf source to run")
    parser.add_argument("--memory", type=int, default=None,
                        help="MiB of address space per command (default: none; 4096 with "
                             "--source)")
    args = parser.parse_args()
    args.source = args.source.resolve()
    if args.memory is None and args.source != ROOT:
        args.memory = 4096
    work = Path(tempfile.mkdtemp(prefix="xlperf-hostile-"))
    try:
        inbox, out = work / "收件", work / "out"
        out.mkdir()
        if "1" in args.parts or "2" in args.parts:
            bad = make_inbox(inbox, long_cells=32)
            for name in example_names():
                source = ROOT / "workbooks" / "examples" / f"{name}.xlsx"
                shutil.copy(source, inbox / source.name)
            if "1" in args.parts:
                part_inputs(args, inbox, bad, out)
            if "2" in args.parts:
                part_county(args, inbox, out)
        if "3" in args.parts:
            part_limits(args, out)
        if "4" in args.parts:
            part_text()
        if "5" in args.parts:
            part_review(args, work / "审核")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
