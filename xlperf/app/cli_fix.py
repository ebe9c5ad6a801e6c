"""``xlperf fix``: apply the mechanical fixes of a workbook's findings (parse, call, print).

Kept beside ``cli`` so that the main command line stays small; ``cli.build_parser`` adds it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from xlperf.app import argtypes
from xlperf.app.actions.fixes import fix_file
from xlperf.core.check.fixing import summary_line
from xlperf.errors import XlperfError


def cmd_fix(args: argparse.Namespace) -> int:
    """自动修正。"""
    if not args.diff and not (args.output or args.in_place):
        raise XlperfError("请用 -o 指定输出文件，或加 --in-place 直接修改输入文件"
                          "（只看要改什么请加 --diff）")
    plan = fix_file(args.file, args.output, in_place=args.in_place, unsafe=args.unsafe_fixes,
                    select=args.select, ignore=args.ignore, write=not args.diff)
    if args.format == "json":
        print(json.dumps([c.as_json() for c in plan.changes], ensure_ascii=False, indent=2))
    else:
        for c in plan.changes:
            print(f"{c.sheet}!{c.cell}  {c.code}  “{c.before}” → “{c.after}”")
    line = summary_line(plan)
    if args.diff:
        line += "（--diff：未写入任何文件）"
    elif plan.changes or not args.in_place:
        line += f" → {args.file if args.in_place else args.output}"
    print(line, file=sys.stderr if args.format == "json" else sys.stdout)
    return 0


def add_command(add: Callable[[str, Callable[[argparse.Namespace], int], str],
                              argparse.ArgumentParser]) -> None:
    """Add ``fix`` to the command line."""
    fix = add("fix", cmd_fix, "自动修正可机械改正的问题（文号括号、序号格式、比较符等），"
                              "逐个列出改动的单元格")
    fix.add_argument("file", type=argtypes.input_file, metavar="文件",
                     help="单位工作簿 .xlsx/.xlsm")
    where = fix.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", type=argtypes.WORKBOOK_OUT, metavar="文件",
                       help="输出文件（与输入同为 .xlsx 或 .xlsm）；输入文件不变")
    where.add_argument("--in-place", action="store_true", help="直接修改输入文件")
    fix.add_argument("--unsafe-fixes", action="store_true",
                     help="同时应用可能改变原意的修正（区→县、删去重复词语、≥100%%→=100%%、"
                          "指标值中的说明移到绩效指标描述等）")
    fix.add_argument("--select", type=argtypes.rule_codes, metavar="代码",
                     help="只修正这些规则的问题，逗号分隔，可用前缀（代码见 xlperf rules）")
    fix.add_argument("--ignore", type=argtypes.rule_codes, metavar="代码",
                     help="不修正这些规则的问题，逗号分隔，可用前缀")
    fix.add_argument("--diff", action="store_true", help="只列出要做的修改，不写任何文件")
    fix.add_argument("--format", choices=("text", "json"), default="text", metavar="格式",
                     help="text（默认）或 json：每处修改为 {sheet, cell, code, before, after}")
