"""The ``xlperf`` command: parse arguments, call one ``actions`` verb, print the result.

Exit codes: 0 done (or valid), 1 some workbook has errors, 2 unusable input or wrong usage.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from xlperf.app import cli_review
from xlperf.app.actions import build, county, document
from xlperf.app.actions import unit as actions
from xlperf.app.progress import Progress
from xlperf.core.models import UnitInfo, UnitWorkbook, facts
from xlperf.core.report import FileResult, counts, text_report
from xlperf.core.rules.doc import rules_markdown
from xlperf.core.summary.records import Status, result_line
from xlperf.errors import XlperfError
from xlperf.files.examples import example_names, load_example

# --------------------------------------------------------------------------- Chinese argparse
_ERRORS: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.+)", r"缺少参数：\1"),
    (r"unrecognized arguments: (.+)", r"无法识别的参数：\1"),
    (r"argument (\S+): invalid choice: '?([^']*)'? \(choose from (.+)\)",
     r"\1 不能取“\2”，可选：\3"),
    (r"argument (\S+): invalid int value: '(.*)'", r"\1 应为整数，收到“\2”"),
    (r"argument (\S+): invalid float value: '(.*)'", r"\1 应为数字，收到“\2”"),
    (r"argument (\S+): invalid (\w+) value: '(.*)'", r"\1 的值“\3”无效"),
    (r"argument (\S+): expected one argument", r"\1 后面需要一个值"),
    (r"argument (\S+): expected at least one argument", r"\1 后面至少需要一个值"),
    (r"argument (\S+): not allowed with argument (\S+)", r"\1 不能与 \2 同时使用"),
    (r"ambiguous option: (\S+) could match (.+)", r"选项 \1 有歧义，可能是：\2"),
    (r"one of the arguments (.+) is required", r"必须指定以下参数之一：\1"),
)


def _translate(message: str) -> str:
    for pattern, replacement in _ERRORS:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are in Chinese."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}：错误：{_translate(message)}\n")
        sys.stderr.write(f"运行“{self.prog} -h”查看用法。\n")
        raise SystemExit(2)


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
        _say(f"{finding.severity.label} {finding.code} {finding.sheet or ''}!{finding.cell or ''}"
             f" {finding.message}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """输出数据模型的 JSON Schema。"""
    print(json.dumps(UnitWorkbook.model_json_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """重新生成 workbooks/ 下供下载的模板和示例。"""
    for built in build.build_workbooks(args.folder):
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
                     c["error"], c["warning"], c["info"], path.name))
    print(f"示例单位工作簿已写入 {out}/，读回并校验：")
    print(table(("单位编码", "单位名称", "项目数", "指标数", "预算数合计（万元）", "错误", "警告",
                 "提示", "文件"), rows))
    result = county.consolidate([out], out / "汇总.xlsx")
    print(consolidation_line(result))
    seed = out / f"{example_names()[0]}.xlsx"
    exported = document.export_document(seed, seed.with_suffix(".docx"), force=True)
    print(f"绩效文本已导出为 Word：{exported.docx}")
    print(f"查看问题清单：xlperf check {seed}")
    return 0


def cmd_toc(args: argparse.Namespace) -> int:
    """重新生成目录工作表。"""
    projects = actions.refresh_toc_file(args.file, args.output, in_place=args.in_place)
    print(f"已更新目录：{projects} 个项目 → {args.file if args.in_place else args.output}")
    return 0


def _add_toc(add: Callable[[str, Handler, str], ChineseParser]) -> None:
    toc = add("toc", cmd_toc, "按工作簿中现有的项目表重新生成“目录”工作表（同“生成目录”按钮）")
    toc.add_argument("file", type=Path, metavar="文件", help="单位工作簿 .xlsx/.xlsm")
    where = toc.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", type=Path, metavar="文件", help="输出文件")
    where.add_argument("--in-place", action="store_true", help="直接修改输入文件")


def _codes(text: str | None) -> list[str] | None:
    return [c.strip().upper() for c in text.replace("，", ",").split(",") if c.strip()] \
        if text else None


def cmd_check(args: argparse.Namespace) -> int:
    """校验单位工作簿。"""
    paths = actions.find_workbooks(args.paths)
    if (args.output or args.in_place) and not args.annotate:
        raise XlperfError("-o 和 --in-place 只与 --annotate 一起使用")
    if args.output and len(paths) != 1:
        raise XlperfError("-o 只能用于单个文件；多个文件时标注副本写在各自旁边（文件名加“_校验”）")
    results, report_rows = [], []
    with Progress(len(paths), "校验") as progress:
        for path in paths:
            checked = actions.check_file(path, select=_codes(args.select),
                                         ignore=_codes(args.ignore), engine=args.engine)
            results.append(checked)
            titles = {p.sheet or "": " ".join(t for t in (p.code, p.name) if t)
                      for p in (checked.book.projects if checked.book else [])}
            report_rows.append(FileResult(str(path), checked.findings, checked.unreadable, titles))
            if args.annotate and not checked.unreadable:
                target = path if args.in_place else (args.output or actions.annotated_path(path))
                actions.annotate_file(checked, target)
                _say(f"已写入标注：{target}")
            progress.advance()
    if args.format == "json":
        print(json.dumps([f.model_dump(mode="json") for r in results for f in r.findings],
                         ensure_ascii=False, indent=2))
    else:
        print(text_report(report_rows, hints=not args.no_hints))
    if any(r.unreadable for r in results):
        return 2
    return 1 if any(f.severity == "error" for r in results for f in r.findings) else 0


def cmd_fill(args: argparse.Namespace) -> int:
    """填充默认值。"""
    result = actions.fill_file(args.file, args.output, in_place=args.in_place)
    for fill in result.fills:
        shown = "" if fill.value is None else f"“{fill.value}”"
        note = f"  {fill.note}" if fill.note else ""
        print(f"{fill.code} {fill.sheet}!{fill.cell} {shown}{note}")
    target = args.file if args.in_place else args.output
    print(f"{result.edit.message} → {target}" if result.fills or not args.in_place
          else result.edit.message)
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    """输出全部校验规则与默认值规则（Markdown）。"""
    print(rules_markdown(), end="")
    return 0


def _add_check(add: Callable[[str, Handler, str], ChineseParser]) -> None:
    check = add("check", cmd_check, "校验单位工作簿（文件或文件夹），输出问题清单")
    check.add_argument("paths", type=Path, nargs="+", metavar="文件或文件夹")
    check.add_argument("--format", choices=("text", "json"), default="text", metavar="格式",
                       help="text（默认，中文报告）或 json")
    check.add_argument("--select", metavar="代码",
                       help="只运行这些规则，逗号分隔，可用前缀，如 F,I1")
    check.add_argument("--ignore", metavar="代码", help="不运行这些规则，逗号分隔，可用前缀")
    check.add_argument("--annotate", action="store_true",
                       help="另存一份带“校验结果”工作表和标记的副本（文件名加“_校验”）")
    check.add_argument("-o", "--output", type=Path, metavar="文件", help="标注副本的文件名")
    check.add_argument("--in-place", action="store_true", help="标注直接写入输入文件")
    check.add_argument("--no-hints", action="store_true", help="报告中不显示修改建议")
    check.add_argument("--engine", choices=("calamine", "openpyxl"), default="calamine",
                       metavar="引擎", help="读取引擎（默认 calamine）")
    fill = add("fill", cmd_fill, "填充默认值（只填空白单元格），并重新生成目录")
    fill.add_argument("file", type=Path, metavar="文件", help="单位工作簿 .xlsx/.xlsm")
    where = fill.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", type=Path, metavar="文件", help="输出文件")
    where.add_argument("--in-place", action="store_true", help="直接修改输入文件")
    add("rules", cmd_rules, "列出全部校验规则和默认值规则（Markdown，即 docs/rules.md）")


def cmd_consolidate(args: argparse.Namespace) -> int:
    """全县汇总。"""
    bar: Progress | None = None

    def on_total(total: int) -> None:
        nonlocal bar
        bar = Progress(total, "汇总")

    try:
        result = county.consolidate(
            args.folders, args.output, roster=args.roster, jobs=args.jobs, force=args.force,
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
               "全县汇总：读取并校验各单位工作簿，生成汇总工作簿（单位汇总、项目清单、指标明细、"
               "校验问题、报送情况）")
    cons.add_argument("folders", type=Path, nargs="+", metavar="文件夹",
                      help="存放各单位工作簿的文件夹（含子文件夹），也可以是单个文件")
    cons.add_argument("-o", "--output", type=Path, required=True, metavar="文件",
                      help="汇总结果，如 汇总.xlsx（xlperf 生成的旧汇总表会被替换）")
    cons.add_argument("--roster", type=Path, metavar="文件",
                      help="单位名录 .xlsx（用 xlperf roster 生成），用于列出未报送单位")
    cons.add_argument("--jobs", type=int, metavar="N", help="并行进程数（默认等于 CPU 核数）")
    cons.add_argument("--allow-errors", action="store_true",
                      help="有单位校验出错误或有文件无法读取时仍返回 0")
    cons.add_argument("--force", action="store_true", help="输出文件不是 xlperf 汇总表时也覆盖")
    roster = add("roster", cmd_roster, "生成单位名录模板（可按已收到的工作簿预填）")
    roster.add_argument("-o", "--output", type=Path, required=True, metavar="文件",
                        help="输出文件，如 单位名录.xlsx")
    roster.add_argument("--from", dest="source", type=Path, nargs="*", default=[],
                        metavar="文件夹", help="按这些文件夹中的单位工作簿预填")
    roster.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")


def cmd_export(args: argparse.Namespace) -> int:
    """把单位工作簿导出为部门预算绩效文本（Word，可选 PDF）。"""
    docx_path = args.docx or args.file.with_suffix(".docx")
    done = document.export_document(args.file, docx_path, pdf=args.pdf, force=args.force)
    book = done.book
    written = "、".join(str(p) for p in (done.docx, done.pdf) if p)
    print(f"已导出 {book.title}：{len(book.projects)} 张项目绩效目标表 → {written}")
    for finding in done.findings:
        _say(f"提示：{finding.sheet or ''}!{finding.cell or ''} {finding.message}（文档中留空）")
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
    export.add_argument("file", type=Path, metavar="工作簿", help="单位工作簿 .xlsx/.xlsm")
    export.add_argument("--docx", type=Path, metavar="文件",
                        help="输出的 Word 文档（默认与工作簿同名的 .docx）")
    export.add_argument("--pdf", action="store_true",
                        help="同时用 LibreOffice 转换出同名 PDF")
    export.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    imp = add("import", cmd_import,
              "把部门预算绩效文本（Word .docx，或从中提取的文本 .txt）导入为单位工作簿；"
              "无法归位的内容逐行列出（此时返回 1）")
    imp.add_argument("file", type=Path, metavar="文档", help="绩效文本 .docx 或 .txt")
    imp.add_argument("-o", "--output", type=Path, required=True, metavar="文件",
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
    new.add_argument("-o", "--output", type=Path, required=True, metavar="文件",
                     help="输出文件，如 单位.xlsx")
    new.add_argument("--code", metavar="编码", help="单位编码，如 711001")
    new.add_argument("--name", metavar="名称", help="单位名称，如 博野县总工会本级")
    new.add_argument("--year", type=int, metavar="年度", help="预算年度，如 2024")
    new.add_argument("--compiler", metavar="单位", help="编制单位，如 博野县总工会")
    new.add_argument("--reviewer", metavar="单位", help="审核单位，如 博野县财政局")
    new.add_argument("--projects", type=int, default=1, metavar="N",
                     help="项目绩效目标表张数（默认 1）")
    new.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")

    dump = add("dump", cmd_dump, "读取单位工作簿并以 JSON 输出（含每个字段的来源单元格）")
    dump.add_argument("file", type=Path, metavar="文件", help="单位工作簿 .xlsx")
    dump.add_argument("--no-cells", action="store_true", help="不输出来源工作表和单元格")
    dump.add_argument("--engine", choices=("calamine", "openpyxl"), default="calamine",
                      metavar="引擎", help="读取引擎：calamine（默认，更快）或 openpyxl")

    add("schema", cmd_schema, "输出单位工作簿数据模型的 JSON Schema")

    build = add("build", cmd_build, "重新生成 workbooks/ 下的空白模板和示例工作簿")
    build.add_argument("folder", type=Path, nargs="?", default=Path("workbooks"), metavar="目录",
                       help="输出目录（默认 workbooks）")

    _add_toc(add)
    _add_check(add)
    _add_consolidate(add)
    cli_review.add_commands(add)
    _add_document(add)

    demo = add("demo", cmd_demo, "用内置示例单位演示主要流程")
    demo.add_argument("-o", "--output", type=Path, default=Path("xlperf-demo"), metavar="目录",
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
    except KeyboardInterrupt:
        _say("已中断。")
        return 130


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
