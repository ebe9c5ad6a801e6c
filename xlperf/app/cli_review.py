"""The reviewer's commands: ``xlperf review`` and ``xlperf rubric`` (parse, call, print).

Kept beside ``cli`` so that the main command line stays small; ``cli.build_parser`` adds them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from xlperf.app import argtypes
from xlperf.app.actions import review
from xlperf.app.progress import Progress


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_review(args: argparse.Namespace) -> int:
    """审核：建议结果、审核汇总、意见书和标注工作簿。"""
    bar: Progress | None = None

    def on_total(total: int, what: str) -> None:
        nonlocal bar
        if bar:
            bar.close()
        bar = Progress(total, what)

    try:
        done = review.review(args.folders, args.output, roster=args.roster, rubric=args.rubric,
                             all_units=args.all, force=args.force, jobs=args.jobs,
                             on_total=on_total, advance=lambda n: bar.advance(n) if bar else None)
    finally:
        if bar:
            bar.close()
    for line in review.result_lines(done):
        print(line)
    for line in review.notice_lines(done):
        _say(line)
    return 0


def cmd_rubric(args: argparse.Namespace) -> int:
    """写出默认审核规则，供县财政局修改。"""
    path = review.write_default_rubric(args.output, force=args.force)
    print(f"已写出默认审核规则 {path}；修改后用 xlperf review --rubric {path} 指定，"
          "或放在单位名录旁边（文件名 审核规则.yaml）。")
    return 0


def add_commands(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``review`` and ``rubric`` to the command line (``add`` as in ``cli``)."""
    rev = add("review", cmd_review,
              "审核：按审核规则给每个单位建议结果，生成审核汇总.xlsx，为退回的单位写审核意见书"
              "（Word）和标注工作簿；再次运行继续审核（重新报送的单位进入下一轮）")
    rev.add_argument("folders", type=argtypes.input_path, nargs="+", metavar="收件文件夹",
                     help="存放各单位工作簿的文件夹（含子文件夹），也可以是单个文件")
    rev.add_argument("-o", "--output", type=argtypes.output_folder, required=True,
                     metavar="审核目录",
                     help="审核目录：审核汇总.xlsx 和 第1轮/、第2轮/ …（不存在时新建）")
    rev.add_argument("--roster", type=argtypes.input_file, metavar="文件",
                     help="单位名录 .xlsx，用于列出未报送单位；旁边的 审核规则.yaml 自动使用")
    rev.add_argument("--rubric", type=argtypes.input_file, metavar="文件",
                     help="审核规则 .yaml（默认：单位名录旁的 审核规则.yaml，否则用内置规则）")
    rev.add_argument("--all", action="store_true",
                     help="审核结果为“优”的单位也写意见书和标注工作簿")
    rev.add_argument("--jobs", type=argtypes.JOB_COUNT, metavar="N",
                     help="并行进程数（默认等于 CPU 核数）")
    rev.add_argument("--force", action="store_true",
                     help="覆盖审核目录中不是 xlperf 写出或写出后被修改过的文件")
    rub = add("rubric", cmd_rubric, "写出默认审核规则（YAML，含说明），供修改后用于 xlperf review")
    rub.add_argument("-o", "--output", type=argtypes.YAML_OUT, required=True, metavar="文件",
                     help="输出文件，如 审核规则.yaml")
    rub.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
