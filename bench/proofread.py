"""Benchmark the rules that read prose: false alarms on official prose, recall on the seed, cost.

1. False alarms: control prose nobody here wrote — the 2026 provincial government work reports
   of the public repository johncodes404/china-provincial-gov-reports-2026 (its
   ``output/2026_raw_text/*.csv``). Fetch it yourself and keep it outside this repository:

       git clone https://github.com/johncodes404/china-provincial-gov-reports-2026 /tmp/reports
       .venv/bin/python bench/proofread.py --control /tmp/reports/output/2026_raw_text

   Each report becomes one workbook: the paragraphs of its plan sections (from its second
   top-level heading on) go into 总体绩效目标 items, where the plan rules (P009) read, and the
   review section's paragraphs into projects' 资金用途. Headings and the web page around the
   report (sharing links) are left out: they are not paragraphs a cell would hold. Every
   finding of a rule that reads prose counts as a false alarm; printed per million characters
   of prose, per family and code, warnings+errors apart from notes, with the most any one
   report drew.
2. Recall on the seed: ``xlperf import`` turns the seed text into a workbook, which is checked;
   the problems of tests/data/seed_problems.yaml (a line-by-line review) found at their cell by
   a rule of theirs count as found.
3. Cost: CPU time of the proofreading rules (P; and S007, S010 which it changed) per workbook
   of a generated county (bench/make_county.py's units, in memory; each carries the seed's
   faulty 第一部分, so the rules do real work), best of repeated runs.

    .venv/bin/python bench/proofread.py --control DIR [--units 300] [--repeat 5]
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import yaml
from make_county import make_unit, project_pool

from xlperf.app.actions import unit as actions
from xlperf.app.actions.document import import_document
from xlperf.core.model.findings import Severity
from xlperf.core.model.unit_workbook import (
    DepartmentTargets,
    Project,
    TextItem,
    UnitInfo,
    UnitWorkbook,
)
from xlperf.core.rules import CHECKS, RULES, run_checks
from xlperf.core.rules.base import Context

ROOT = Path(__file__).resolve().parent.parent
SEED = Path("/work/shared/seeds/博野县总工会_2023_部门预算绩效文本.txt")
ORACLE = ROOT / "tests" / "data" / "seed_problems.yaml"
#: The rules that read prose (the others read amounts, plans and indicator tables).
PROSE_RULES = sorted(c for c in RULES if c.startswith("P") or c in {
    "S003", "S005", "S006", "S007", "S008", "S009", "S010", "S013", "F011"})
HEADING = re.compile(r"^[一二三四五六七八九十]、")
#: A heading line (一、… （三）… 第二章 …) without a full stop: not a paragraph of a cell.
TITLE = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]"
                   r"|第.{1,3}[章节部分])[^。；！？]*$")
#: The web page around a report: sharing buttons and links (cut from here to the end).
CHROME = re.compile(r"扫一扫|分享到|点击图片|【字号|打印本页|关闭窗口")


def reports(folder: Path) -> list[tuple[str, str]]:
    """(province, full text) of every report CSV in the folder."""
    csv.field_size_limit(1 << 30)
    out = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            out += [(row["province"], row["full_text"]) for row in csv.DictReader(f)
                    if row.get("full_text")]
    return out


def paragraphs(text: str) -> tuple[list[str], list[str]]:
    """The report's (review, plan) paragraphs, without the web page around it."""
    lines = [line.strip() for line in text.splitlines()]
    start = next((n for n, line in enumerate(lines) if line.startswith("各位代表")), 0)
    end = next((n for n, line in enumerate(lines) if n > start and CHROME.search(line)),
               len(lines))
    body = [line for line in lines[start + 1:end] if len(line) >= 4]
    headings = [n for n, line in enumerate(body) if HEADING.match(line) and len(line) < 60]
    split = headings[1] if len(headings) >= 2 else len(body)
    return ([p for p in body[:split] if not TITLE.match(p)],
            [p for p in body[split:] if not TITLE.match(p)])


def control_book(review: list[str], plan: list[str]) -> UnitWorkbook:
    department = DepartmentTargets(sheet="部门整体绩效目标",
                                   overall=[TextItem(text=p) for p in plan])
    projects = [Project(sheet=f"项目{n}", purpose=p) for n, p in enumerate(review, start=1)]
    return UnitWorkbook(info=UnitInfo(name="控制文本"), department=department,
                        projects=projects)


def false_alarms(folder: Path) -> None:
    texts = reports(folder)
    if not texts:
        sys.exit(f"{folder} 中没有报告 CSV（见本文件开头的说明）")
    chars = 0
    counts: Counter[tuple[str, bool]] = Counter()  # (code, warning or error) → findings
    worst: dict[str, tuple[int, str]] = defaultdict(lambda: (0, ""))  # family → most in a report
    examples: dict[str, str] = {}
    for province, text in texts:
        review, plan = paragraphs(text)
        chars += sum(map(len, review + plan))
        findings = run_checks(control_book(review, plan), select=PROSE_RULES)
        per_family: Counter[str] = Counter()
        for f in findings:
            serious = f.severity is not Severity.INFO
            counts[f.code, serious] += 1
            per_family[f.code[0]] += 1
            examples.setdefault(f.code, f"{province}：{f.message[:60]}")
        for family, n in per_family.items():
            if n > worst[family][0]:
                worst[family] = (n, province)
    million = chars / 1_000_000
    print(f"control prose: {len(texts)} reports, {chars:,} characters "
          f"(johncodes404/china-provincial-gov-reports-2026)")
    print(f"{'rule':8} {'warn+err/M':>10} {'info/M':>8}  first example")
    families: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for code in PROSE_RULES:
        serious, info = counts[code, True] / million, counts[code, False] / million
        families[code[0]][0] += serious
        families[code[0]][1] += info
        if serious or info:
            print(f"{code:8} {serious:10.1f} {info:8.1f}  {examples.get(code, '')}")
    for family, (serious, info) in sorted(families.items()):
        most, where = worst[family]
        print(f"family {family}: {serious:.1f} warnings+errors and {info:.1f} notes per million "
              f"characters; at most {most} findings in one report{f'（{where}）' if where else ''}")


def recall() -> None:
    problems = yaml.safe_load(ORACLE.read_text("utf-8"))["problems"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "seed.xlsx"
        import_document(SEED, out)
        findings = run_checks(actions.read_file(out).book)
    sources = {code: set(rule.sources) for code, rule in RULES.items()}
    found = [p for p in problems if any(
        f.sheet == p["sheet"] and f.cell == p["cell"] and p["rule"] in sources.get(f.code, ())
        for f in findings)]
    prose = [p for p in problems if p["rule"] == "R-DOC-007"]
    prose_found = [p for p in found if p["rule"] == "R-DOC-007"]
    print(f"seed recall: {len(found)}/{len(problems)} problems ({len(found) / len(problems):.0%}); "
          f"text problems (R-DOC-007) {len(prose_found)}/{len(prose)}")
    for p in problems:
        if p not in found:
            print(f"  missed: {p['sheet']} {p['cell']} {p['rule']} {p['note']}")


def cost(units: int, repeat: int) -> None:
    """CPU time of each check per workbook, as ``run_checks`` runs them: one context per
    workbook shared by every check (its prose read once, as the S rules read it anyway)."""
    rng = random.Random(7)
    pool = project_pool()
    books = [make_unit(n, rng, pool) for n in range(units)]
    chars = sum(len(s) for b in books for s in _texts(b)) / units
    best: dict[str, float] = defaultdict(lambda: float("inf"))
    for _ in range(repeat):
        spent: dict[str, float] = defaultdict(float)
        for book in books:
            ctx = Context.of(book)
            _ = ctx.prose
            for check in CHECKS:
                start = time.process_time()
                for _finding in check.run(ctx, check.rule):
                    pass
                spent[check.code] += time.process_time() - start
        for code, seconds in spent.items():
            best[code] = min(best[code], seconds / units * 1000)
    proof = sum(ms for code, ms in best.items() if code.startswith("P"))
    changed = best["S007"] + best["S010"]
    print(f"cost: {units} county units (bench/make_county.py, {chars:,.0f} characters of prose "
          f"each), CPU ms per workbook, best of {repeat}: P family {proof:.3f}; "
          f"S007+S010 {changed:.3f}; every check {sum(best.values()):.3f}")


def _texts(book: UnitWorkbook) -> list[str]:
    dept = book.department
    texts = [i.text or "" for i in dept.overall + dept.measures]
    texts += [f"{s.name or ''}{s.target or ''}{s.indicators or ''}" for s in dept.sub_targets]
    for p in book.projects:
        texts += [p.name or "", p.purpose or "", *p.targets]
        texts += [i.description or "" for i in p.indicators]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--control", type=Path, required=True,
                        help="folder of the reports' CSV files (output/2026_raw_text)")
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not args.control.is_dir():
        parser.error(f"没有这个文件夹：{args.control}")
    if args.units < 1 or args.repeat < 1:
        parser.error("--units 和 --repeat 必须是正整数")
    false_alarms(args.control)
    recall()
    cost(args.units, args.repeat)


if __name__ == "__main__":
    main()
