"""The figures README quotes are those of a real run now, so they cannot go stale.

Each test finds a sentence of README.md by its words and compares its numbers with what the code
gives today; when a rule is added or the examples change, the test says the new figures.
"""

from __future__ import annotations

import re
from collections import Counter

from helpers import ROOT

from xlperf.core.review.rubric import Result
from xlperf.core.rules import CHECKS, RULES
from xlperf.files.rubricfile import load_rubric
from xlperf.files.unitfile import check_file

README = (ROOT / "README.md").read_text("utf-8")
EXAMPLES = ROOT / "workbooks" / "examples"


def test_the_rule_counts_are_the_registrys():
    found = re.search(r"（(\d+) 条校验规则另加 (\d+) 条读取规则", README)
    assert found, "README 中找不到“N 条校验规则另加 M 条读取规则”"
    real = (len(CHECKS), sum(code.startswith("R") for code in RULES))
    assert (int(found[1]), int(found[2])) == real, f"README 应写 {real[0]} 条和 {real[1]} 条"


def test_the_examples_results_and_the_seeds_counts_are_a_real_checks():
    found = re.search(r"内置示例中(\S+?)为优，(\S+?)和真实文本"
                      r"（总工会，错误 (\d+) 条、警告 (\d+) 条）为中", README)
    assert found, "README 中找不到内置示例的审核结果一句"
    rubric = load_rubric()
    results: dict[str, str] = {}
    seed: Counter[str] = Counter()
    for path in sorted(EXAMPLES.glob("*.xlsx")):
        findings = check_file(path).findings
        counts = rubric.counts(findings)
        unit = path.stem.removeprefix("博野县").removesuffix("_2023")
        results[unit] = rubric.grade(counts).result.value
        if unit == "总工会":
            seed = Counter(f.severity.value for f in findings)
    excellent = sorted(u for u, r in results.items() if r == Result.EXCELLENT)
    fair = sorted(u for u, r in results.items() if r == Result.FAIR and u != "总工会")
    assert results["总工会"] == Result.FAIR
    real = (excellent, fair, seed["error"], seed["warning"])
    said = (sorted(found[1].split("、")), sorted(found[2].split("、")),
            int(found[3]), int(found[4]))
    assert said == real, f"README 应为：{real}"
