"""The ``xlperf`` command: parse arguments, call one verb of ``app.actions``, print the result.

Exit codes: 0 done (or valid), 1 some workbook has errors, 2 unusable input or wrong usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from xlperf.app import argtypes, cli_fix, cli_review, cli_serve
from xlperf.app.actions import build, county, document
from xlperf.app.actions import unit as actions
from xlperf.app.actions.checks import check_files
from xlperf.app.chinese_parser import ChineseParser
from xlperf.app.progress import Progress
from xlperf.core.check.results import (
    EXPORT_REFUSAL,
    FileResult,
    counts,
    export_notes,
    place,
    text_report,
)
from xlperf.core.model.findings import Severity
from xlperf.core.model.unit_workbook import UnitInfo, UnitWorkbook, facts
from xlperf.core.rules.doc import rules_json, rules_markdown
from xlperf.core.summary.records import Status, result_line
from xlperf.core.summary.tables import SUMMARY_SHEETS
from xlperf.errors import XlperfError, describe
from xlperf.files.examples import example_names, load_example
from xlperf.files.filetype import display_path


# --------------------------------------------------------------------------- output helpers
def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Format a plain-text table with CJK-aware column widths."""
    cells = [[str(c) for c in header]] + [[("" if c is None else str(c)) for c in r] for r in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True))
                     .rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _say(message: str) -> None:
    print(message, file=sys.stderr)


# --------------------------------------------------------------------------- commands
Handler = Callable[[argparse.Namespace], int]


def cmd_new(args: argparse.Namespace) -> int:
    """新建空白单位工作簿。"""
    info = UnitInfo(code=args.code, name=args.name, year=args.year, compiler=args.compiler,
                    reviewer=args.reviewer)
    path = actions.write_unit(actions.new_unit(info, args.projects), args.output,
                              overwrite=args.force)
    print(f"已生成 {path}（{args.projects} 张项目绩效目标表）")
    return 0


def cmd_dump(args: argparse.Namespace) -> int:
    """读取单位工作簿，以 JSON 输出。"""
    result = actions.read_file(args.file, engine=args.engine, complete=True)
    data = facts(result.book) if args.no_cells else result.book.model_dump(mode="json")
    print(json.dumps(data, ensure_ascii=False, indent=2))
    for finding in result.findings:
        _say(" ".join(t for t in (finding.severity.label, finding.code, place(finding),
                                  finding.message) if t))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """输出数据模型的 JSON Schema。"""
    print(json.dumps(UnitWorkbook.model_json_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """重新生成 workbooks/ 下供下载的模板和示例。"""
    for built in build.build_workbooks(args.folder, args.vba_from):
        print(f"{built.path}  {built.what}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """用内置示例单位演示：生成工作簿、读回、校验并汇总。"""
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for name in example_names():
        path = actions.write_unit(load_example(name), out / f"{name}.xlsx", overwrite=True)
        checked = actions.check_file(path)
        book = checked.book
        if book is None:
            continue
        c = counts(checked.findings)
        total = sum((p.budget or 0) for p in book.projects)
        rows.append((book.info.code, book.info.name, len(book.projects),
                     sum(len(p.indicators) for p in book.projects), f"{total:.2f}",
                     c[Severity.ERROR], c[Severity.WARNING], c[Severity.INFO], path.name))
    print(f"示例单位工作簿已写入 {out}/，读回并校验：")
    print(table(("单位编码", "单位名称", "项目数", "指标数", "预算数合计（万元）", "错误", "警告",
                 "提示", "文件"), rows))
    result = county.consolidate([out], out / "汇总.xlsx")
    print(consolidation_line(result))
    seed = out / f"{example_names()[0]}.xlsx"
    exported = document.export_document(seed, seed.with_suffix(".docx"), force=True,
                                        allow_errors=True)
    print(f"绩效文本已导出为 Word：{exported.docx}（示例带有错误，演示时照样导出；"
          "平时有错误的工作簿不导出，除非加 --allow-errors）")
    print(f"查看问题清单：xlperf check {seed}")
    return 0


def cmd_toc(args: argparse.Namespace) -> int:
    """重新生成目录工作表。"""
    done = actions.refresh_toc_file(args.file, args.output, in_place=args.in_place)
    target = args.file if args.in_place else args.output
    if done.changed:
        print(f"已更新目录：{done.projects} 个项目 → {target}")
    elif done.saved:
        print(f"目录已是最新（{done.projects} 个项目） → {target}")
    else:
        print(f"目录已是最新（{done.projects} 个项目），文件未改动：{target}")
    if done.note:
        print(done.note)
    return 0


def _output_or_in_place(command: ChineseParser) -> None:
    """The required choice of an edit: ``-o`` a new file, or ``--in-place``."""
    where = command.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", type=argtypes.WORKBOOK_OUT, metavar="文件",
                       help="输出文件（与输入同为 .xlsx 或 .xlsm）")
    where.add_argument("--in-place", action="store_true", help="直接修改输入文件")


def _add_toc(add: Callable[[str, Handler, str], ChineseParser]) -> None:
    toc = add("toc", cmd_toc, "按工作簿中现有的项目表重新生成“目录”工作表（同“生成目录”按钮）")
    toc.add_argument("file", type=argtypes.input_file, metavar="文件",
                     help="单位工作簿 .xlsx/.xlsm")
    _output_or_in_place(toc)


def cmd_check(args: argparse.Namespace) -> int:
    """校验单位工作簿。"""
    if (args.output or args.in_place) and not args.annotate:
        raise XlperfError("-o 和 --in-place 只与 --annotate 一起使用")
    found = actions.discover(args.paths)
    paths = found.workbooks
    if args.output and len(paths) != 1:
        raise XlperfError("-o 只能用于单个文件；多个文件时标注副本写在各自旁边（文件名加“_校验”）")
    results, report_rows, failed = [], [], False
    with Progress(len(paths), "校验") as progress:
        checks = check_files(paths, select=args.select, ignore=args.ignore, engine=args.engine,
                             named=found.named, advance=progress.advance)
        for path, checked in zip(paths, checks, strict=True):
            results.append(checked)
            titles = {p.sheet or "": " ".join(t for t in (p.code, p.name) if t)
                      for p in (checked.book.projects if checked.book else [])}
            report_rows.append(FileResult(checked.name, checked.findings, checked.unreadable,
                                          titles, checked.skipped))
            if args.annotate and checked.book is not None:
                target = path if args.in_place else (args.output or actions.annotated_path(path))
                try:
                    actions.annotate_file(checked, target, in_place=args.in_place)
                    _say(f"已写入标注：{target}")
                except XlperfError as exc:  # this file's copy only: the others go on
                    _say(f"错误：{exc}")
                    failed = True
    for skipped in map(actions.not_checked, found.skipped):
        results.append(skipped)
        report_rows.append(FileResult(skipped.name, skipped.findings, skipped.unreadable,
                                      skipped=skipped.skipped))
    if args.format == "json":
        print(json.dumps([f.model_dump(mode="json") for r in results for f in r.findings],
                         ensure_ascii=False, indent=2))
    else:
        print(text_report(report_rows, hints=not args.no_hints))
    if failed or any(r.unreadable or (r.skipped and r.path in found.named) for r in results):
        return 2
    return 1 if any(f.severity == "error" for r in results for f in r.findings) else 0


def cmd_fill(args: argparse.Namespace) -> int:
    """填充默认值。"""
    result = actions.fill_file(args.file, args.output, in_place=args.in_place)
    for fill in result.fills:
        shown = f"“{fill.shown}”" if fill.shown else ""
        print("  ".join(t for t in (f"{fill.code} {fill.sheet}!{fill.cell} {shown}".rstrip(),
                                    fill.note) if t))
    target = args.file if args.in_place else args.output
    print(f"{result.edit.message} → {target}" if result.fills or not args.in_place
          else result.edit.message)
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    """输出全部校验规则与默认值规则（Markdown，或 JSON）。"""
    if args.format == "json":
        print(json.dumps(rules_json(), ensure_ascii=False, indent=2))
    else:
        print(rules_markdown(), end="")
    return 0


def _add_check(add: Callable[[str, Handler, str], ChineseParser]) -> None:
    check = add("check", cmd_check, "校验单位工作簿（文件或文件夹），输出问题清单")
    check.add_argument("paths", type=argtypes.input_path, nargs="+", metavar="文件或文件夹",
                       help="单位工作簿 .xlsx/.xlsm，或存放它们的文件夹（含子文件夹）；可写多个")
    check.add_argument("--format", choices=("text", "json"), default="text", metavar="格式",
                       help="text（默认，中文报告）或 json")
    check.add_argument("--select", type=argtypes.rule_codes, metavar="代码",
                       help="只运行这些规则，逗号分隔，可用前缀，如 F,I1（代码见 xlperf rules）")
    check.add_argument("--ignore", type=argtypes.rule_codes, metavar="代码",
                       help="不运行这些规则，逗号分隔，可用前缀")
    check.add_argument("--annotate", action="store_true",
                       help="另存一份带“校验结果”工作表和标记的副本（文件名加“_校验”）")
    where = check.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", type=argtypes.WORKBOOK_OUT, metavar="文件",
                       help="标注副本的文件名（只能用于单个文件）")
    where.add_argument("--in-place", action="store_true", help="标注直接写入输入文件")
    check.add_argument("--no-hints", action="store_true", help="报告中不显示修改建议")
    check.add_argument("--engine", choices=("calamine", "openpyxl"), default="calamine",
                       metavar="引擎", help="读取引擎（默认 calamine）")
    fill = add("fill", cmd_fill, "填充默认值（只填空白单元格），并重新生成目录")
    fill.add_argument("file", type=argtypes.input_file, metavar="文件",
                      help="单位工作簿 .xlsx/.xlsm")
    _output_or_in_place(fill)
    rules = add("rules", cmd_rules, "列出全部校验规则和默认值规则（Markdown，即 docs/rules.md）")
    rules.add_argument("--format", choices=("markdown", "json"), default="markdown",
                       metavar="格式", help="markdown（默认）或 json："
                       "每条规则为 {code, name, severity, dimension, fix}")


def cmd_consolidate(args: argparse.Namespace) -> int:
    """全县汇总。"""
    bar: Progress | None = None

    def on_total(total: int) -> None:
        nonlocal bar
        bar = Progress(total, "汇总")

    try:
        result = county.consolidate(
            args.folders, args.output, roster=args.roster, year=args.year, jobs=args.jobs,
            force=args.force,
            on_total=on_total, advance=lambda n: bar.advance(n) if bar else None)
    finally:
        if bar:
            bar.close()
    print(consolidation_line(result))
    summary = result.summary
    failed = summary.units_with_errors or summary.count(Status.UNREADABLE)
    return 1 if failed and not args.allow_errors else 0


def consolidation_line(result: county.Consolidated) -> str:
    """The one-line result of a consolidation."""
    return result_line(result.summary, result.files, str(result.output))


def cmd_roster(args: argparse.Namespace) -> int:
    """生成单位名录。"""
    count = county.write_roster(args.output, args.source, force=args.force)
    filled = f"，已按收到的工作簿预填 {count} 个单位" if args.source else ""
    print(f"已生成单位名录 {args.output}{filled}；请逐行核对“单位编码”和“单位名称”。")
    return 0


def _add_consolidate(add: Callable[[str, Handler, str], ChineseParser]) -> None:
    cons = add("consolidate", cmd_consolidate,
               f"全县汇总：读取并校验各单位工作簿，生成汇总工作簿（{'、'.join(SUMMARY_SHEETS)}）")
    cons.add_argument("folders", type=argtypes.input_path, nargs="+", metavar="文件夹",
                      help="存放各单位工作簿的文件夹（含子文件夹），也可以是单个文件")
    cons.add_argument("-o", "--output", type=argtypes.XLSX_OUT, required=True, metavar="文件",
                      help="汇总结果，如 汇总.xlsx（xlperf 生成的旧汇总表会被替换）")
    cons.add_argument("--roster", type=argtypes.input_file, metavar="文件",
                      help="单位名录 .xlsx（用 xlperf roster 生成），用于列出未报送单位")
    cons.add_argument("--year", type=argtypes.year, metavar="年度",
                      help="汇总的预算年度（默认取多数文件的年度）；其他年度的文件列入“报送情况”，"
                           "不计入合计")
    cons.add_argument("--jobs", type=argtypes.JOB_COUNT, metavar="N",
                      help="并行进程数（默认等于 CPU 核数）")
    cons.add_argument("--allow-errors", action="store_true",
                      help="有单位校验出错误或有文件无法读取时仍返回 0")
    cons.add_argument("--force", action="store_true", help="输出文件不是 xlperf 汇总表时也覆盖")
    roster = add("roster", cmd_roster, "生成单位名录模板（可按已收到的工作簿预填）")
    roster.add_argument("-o", "--output", type=argtypes.XLSX_OUT, required=True, metavar="文件",
                        help="输出文件，如 单位名录.xlsx")
    roster.add_argument("--from", dest="source", type=argtypes.input_path, nargs="*", default=[],
                        metavar="文件夹", help="按这些文件夹中的单位工作簿预填")
    roster.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")


def cmd_export(args: argparse.Namespace) -> int:
    """把单位工作簿导出为部门预算绩效文本（Word，可选 PDF）。"""
    docx_path = args.docx or args.file.with_suffix(".docx")
    shown = display_path(str(args.file))
    look = f"查看问题：xlperf check {shown}"
    try:
        done = document.export_document(args.file, docx_path, pdf=args.pdf, force=args.force,
                                        allow_errors=args.allow_errors)
    except document.HasErrors as refused:
        _say(f"未导出：{shown} 还有{refused.gate.remaining()}，{EXPORT_REFUSAL}。\n{look}\n"
             "改正后重新导出；确需先导出草稿给人看，加 --allow-errors。")
        return 1
    book, gate = done.book, done.gate
    written = "、".join(str(p) for p in (done.docx, done.pdf) if p)
    print(f"已导出 {book.title}：{len(book.projects)} 张项目绩效目标表 → {written}")
    for note in export_notes(done.unread):
        _say(note)
    if gate.blocked:
        _say(f"注意：导出的文本还有{gate.remaining()}，改正后请重新导出再公开。{look}")
    elif gate.others:
        _say(f"提醒：工作簿还有{gate.others}（不影响导出），公开前请看一遍。{look}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """把部门预算绩效文本（.docx 或文本）导入为单位工作簿。"""
    imported = document.import_document(args.file, args.output, force=args.force)
    book = imported.book
    indicators = sum(len(p.indicators) for p in book.projects)
    total = sum((p.budget or 0) for p in book.projects)
    unit = "，".join(t for t in (book.info.name, book.info.code) if t) or "（未读到单位）"
    print(f"已导入 {args.file} → {args.output}：{unit}；第一部分 {_part1_count(book)} 段，"
          f"{len(book.projects)} 张项目表、{indicators} 条指标，预算数合计 {total:.2f} 万元")
    for note in imported.notes:
        print(f"说明：{note}")
    for line, finding in imported.findings:
        print(f"第 {line} 行：{finding.message}（{finding.hint}）")
    if imported.unplaced:
        where = "（Word 文档按段落和表格行计行）" if args.file.suffix.lower() == ".docx" else ""
        print(f"有 {len(imported.unplaced)} 处内容未能归入工作簿，原文如下，"
              f"请核对后手工补录{where}：")
        for item in imported.unplaced:
            print(f"  第 {item.line} 行［{item.reason}］{item.text}")
        return 1
    return 0


def _part1_count(book: UnitWorkbook) -> int:
    department = book.department
    return len(department.overall) + len(department.sub_targets) + len(department.measures)


def _add_document(add: Callable[[str, Handler, str], ChineseParser]) -> None:
    export = add("export", cmd_export,
                 "把单位工作簿导出为部门预算绩效文本（Word .docx，可选 PDF）")
    export.add_argument("file", type=argtypes.input_file, metavar="工作簿",
                        help="单位工作簿 .xlsx/.xlsm")
    export.add_argument("--docx", type=argtypes.DOCX_OUT, metavar="文件",
                        help="输出的 Word 文档（默认与工作簿同名的 .docx）")
    export.add_argument("--pdf", action="store_true",
                        help="同时用 LibreOffice 转换出同名 PDF")
    export.add_argument("--allow-errors", action="store_true",
                        help="工作簿还有错误时也导出（草稿；默认不导出并返回 1）")
    export.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    imp = add("import", cmd_import,
              "把部门预算绩效文本（Word .docx，或从中提取的文本 .txt）导入为单位工作簿；"
              "无法归位的内容逐行列出（此时返回 1）")
    imp.add_argument("file", type=argtypes.input_file, metavar="文档",
                     help="绩效文本 .docx 或 .txt")
    imp.add_argument("-o", "--output", type=argtypes.XLSX_OUT, required=True, metavar="文件",
                     help="输出的单位工作簿，如 单位.xlsx")
    imp.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")



def build_parser() -> ChineseParser:
    """The argument parser of every command."""
    parser = ChineseParser(
        prog="xlperf",
        description="县级部门预算绩效目标表工具：生成模板、填充默认值、校验、全县汇总、导出/导入绩效文本。",
        epilog="各命令的用法：xlperf 命令 -h",
    )
    commands = parser.add_subparsers(title="命令", dest="command", metavar="命令",
                                     parser_class=ChineseParser)

    def add(name: str, handler: Handler, help_text: str) -> ChineseParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    new = add("new", cmd_new, "新建空白单位工作簿（封面、目录、部门整体绩效目标、N 张项目表）")
    new.add_argument("-o", "--output", type=argtypes.WORKBOOK_OUT, required=True, metavar="文件",
                     help="输出文件：单位.xlsx，或带按钮的 单位.xlsm")
    new.add_argument("--code", metavar="编码", help="单位编码，如 711001")
    new.add_argument("--name", metavar="名称", help="单位名称，如 博野县总工会本级")
    new.add_argument("--year", type=argtypes.year, metavar="年度",
                     help="预算年度（四位年份），如 2024")
    new.add_argument("--compiler", metavar="单位", help="编制单位，如 博野县总工会")
    new.add_argument("--reviewer", metavar="单位", help="审核单位，如 博野县财政局")
    new.add_argument("--projects", type=argtypes.PROJECT_COUNT, default=1,
                     metavar="N",
                     help=f"项目绩效目标表张数（默认 1，最多 {argtypes.PROJECTS[-1]}）")
    new.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")

    dump = add("dump", cmd_dump, "读取单位工作簿并以 JSON 输出（含每个字段的来源单元格）")
    dump.add_argument("file", type=argtypes.input_file, metavar="文件", help="单位工作簿 .xlsx")
    dump.add_argument("--no-cells", action="store_true", help="不输出来源工作表和单元格")
    dump.add_argument("--engine", choices=("calamine", "openpyxl"), default="calamine",
                      metavar="引擎", help="读取引擎：calamine（默认，更快）或 openpyxl")

    add("schema", cmd_schema, "输出单位工作簿数据模型的 JSON Schema")

    build = add("build", cmd_build, "重新生成 workbooks/ 下的空白模板和示例工作簿")
    build.add_argument("folder", type=argtypes.output_folder, nargs="?", default=Path("workbooks"),
                       metavar="目录",
                       help="输出目录（默认 workbooks）")
    build.add_argument("--vba-from", type=argtypes.input_file, action="append", default=[],
                       metavar="文件",
                       help="改用 Windows Excel 打开并保存过的 .xlsm 中的 VBA 工程（模块须与生成的"
                            "同名工作簿一致），可指定多次")

    _add_toc(add)
    _add_check(add)
    _add_consolidate(add)
    cli_review.add_commands(add)
    cli_fix.add_command(add)
    cli_serve.add_commands(add)
    _add_document(add)

    demo = add("demo", cmd_demo, "用内置示例单位演示主要流程")
    demo.add_argument("-o", "--output", type=argtypes.output_folder, default=Path("xlperf-demo"),
                      metavar="目录",
                      help="演示输出目录（默认 ./xlperf-demo）")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return int(args.handler(args))
    except XlperfError as exc:
        _say(f"错误：{exc}")
        return 2
    except BrokenPipeError:  # `xlperf dump … | head -1`: the reader has all it wanted
        _silence_stdout()
        return 0
    except OSError as exc:  # what the system refused, wherever it happened
        where = f"{exc.filename}：" if exc.filename else ""
        _say(f"错误：{where}{describe(exc)}")
        return 2
    except KeyboardInterrupt:
        _say("已中断。")
        return 130


def _silence_stdout() -> None:
    """Point stdout at the null device, so the exit's flush meets no closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def run() -> None:
    """Console-script entry point."""
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 never kills a run
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    sys.exit(main())
