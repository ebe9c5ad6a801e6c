"""The rule registry: one recipe, unique codes, Chinese documentation, RULES.md coverage."""

import ast
import re

import pytest
from declarations import check_object, declared_checks, declared_codes, rule_modules
from helpers import ROOT

from xlperf.core.model.findings import Severity
from xlperf.core.model.rule import Dimension
from xlperf.core.rules import CHECKS, RETIRED, RULES, unknown_codes
from xlperf.core.rules.doc import NOT_CHECKED, coverage, rules_markdown

#: Every RULES.md rule marked V or P (verified or practice): each must be checked.
V_OR_P = {
    "R-DOC-001", "R-DOC-003", "R-PRJ-001", "R-PRJ-003", "R-PLAN-001", "R-PLAN-003", "R-IND-002",
    "R-IND-004", "R-IND-006", "R-VAL-001", "R-VAL-002", "R-VAL-003", "R-VAL-005", "R-VAL-007",
    "R-VAL-008", "R-VAL-012", "R-VAL-015", "R-EVAL-001", "R-EVAL-002", "R-EVAL-003",
}
#: Heuristic (H) rules: never reported as errors.
HEURISTIC = {"R-DOC-002", "R-DOC-004", "R-DOC-005", "R-DOC-007", "R-DEPT-004", "R-PRJ-004",
             "R-PRJ-005", "R-PLAN-002", "R-PLAN-004", "R-PLAN-005", "R-IND-009", "R-VAL-006",
             "R-VAL-010", "R-VAL-013"}
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Article numbers may only be cited where RULES.md marks them verified: none is.
ARTICLE = re.compile(r"第[一二三四五六七八九十百\d]+条")


def test_codes_are_unique_and_well_formed():
    codes = list(RULES) + list(RETIRED)
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[RSPFIDX]\d{3}", code) for code in codes)


def test_every_declared_check_is_run():
    """A function decorated ``@check(...)`` in any rule module is among the checks ``run_checks``
    runs; found by reading the modules' source, not from the registry."""
    declared = declared_checks()
    assert len(declared) >= 60  # the reading of the source found the checks
    not_run = [f"{d.module}.{d.function}" for d in declared if check_object(d) not in CHECKS]
    assert not_run == []
    assert len(CHECKS) == len(declared) == len({c.code for c in CHECKS})
    for d in declared:
        if d.code is not None:
            assert check_object(d).code == d.code  # type: ignore[attr-defined]


def test_every_declared_rule_is_registered():
    """Every ``Rule("CODE", ...)`` written in a rule module is in RULES, and nothing else is."""
    assert set(RULES) == declared_codes()


def test_every_check_is_bound_to_one_registered_rule():
    assert [c.rule for c in CHECKS] == [RULES[c.code] for c in CHECKS]


@pytest.mark.parametrize("rule", list(RULES.values()), ids=lambda r: r.code)
def test_rule_is_documented_in_chinese(rule):
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", rule.name)
    assert not rule.name.startswith(("check-", "require-", "no-"))
    for text in (rule.title, rule.template, rule.hint, rule.why, rule.example):
        assert text and CJK.search(text), f"{rule.code}: user text is Chinese"
        assert not ARTICLE.search(text), f"{rule.code} cites an article number"
    english = re.sub(r"Excel|WPS|PDF|RULES\.md|xlperf", "", rule.why)
    assert not re.search(r"[A-Za-z]{4,}", english), f"{rule.code}: the explanation is Chinese"
    assert not re.fullmatch(r"\{\w+\}", rule.hint), f"{rule.code}: the hint is more than a field"
    assert rule.dimension is not None or rule.code.startswith("D")
    assert rule.code.startswith(("D", "X", "R")) or rule.sources


def test_a_severity_override_is_impossible():
    """Each check emits through its rule; no module passes a severity of its own."""
    for path in rule_modules():
        tree = ast.parse(path.read_text("utf-8"))
        keywords = {k.arg for n in ast.walk(tree) if isinstance(n, ast.Call) for k in n.keywords}
        assert "severity" not in keywords, path.name


def test_rules_md_v_and_p_rules_are_all_accounted_for():
    accounted = set(coverage()) | set(NOT_CHECKED)
    assert V_OR_P - accounted == set()


def test_heuristic_rules_are_never_errors():
    for rule in RULES.values():
        if rule.sources and set(rule.sources) <= HEURISTIC:
            assert rule.severity != Severity.ERROR, rule.code


def test_every_dimension_has_rules():
    assert {r.dimension for r in RULES.values()} >= set(Dimension)


def test_unknown_codes_are_found():
    assert unknown_codes(["I1", "F002", "S"]) == []
    assert unknown_codes(["ZZZ", "I9", "F002"]) == ["ZZZ", "I9"]


def test_docs_rules_md_is_current_and_chinese():
    text = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert text == rules_markdown(), "docs/rules.md is stale: run `make docs`"
    assert "{" not in text.replace("`{", "")
    assert "Why it matters" not in text and "Example:" not in text


def test_a_crashing_check_becomes_one_finding_and_the_others_still_run(monkeypatch, seed_book):
    from xlperf.core import rules
    from xlperf.core.rules.base import Check

    def broken(ctx, rule):
        yield rule.at(sheet="封面", cell="B6", label="审核单位")  # partial results are dropped
        raise ZeroDivisionError

    at = next(n for n, c in enumerate(CHECKS) if c.code == "S001")  # broken() yields its fields
    victim = CHECKS[at]
    expected = [f for f in rules.run_checks(seed_book, file="u.xlsx") if f.code != victim.code]
    monkeypatch.setattr(rules, "CHECKS", (*CHECKS[:at], Check(victim.rule, broken),
                                          *CHECKS[at + 1:]))
    found = rules.run_checks(seed_book, file="u.xlsx")
    crashed = [f for f in found if f.code == "X001"]
    assert [(f.code, f.severity, f.file) for f in crashed] == [("X001", Severity.ERROR, "u.xlsx")]
    assert victim.code in crashed[0].message and "除以零" in crashed[0].message
    assert "Error" not in crashed[0].message
    assert [f for f in found if f.code != "X001"] == expected


def test_what_a_reader_of_the_rules_reads_is_chinese():
    """Titles, messages and fixes are Chinese; the kebab names are kept for JSON readers only,
    labelled as such, never in the tables a reviewer reads."""
    text = rules_markdown()
    tables = [line for line in text.splitlines() if line.startswith("| ")]
    for line in tables:
        cells = line.strip("|").split(" | ")
        if re.fullmatch(r"[A-Z]\d{3}", cells[0].strip()):
            assert not re.search(r"[a-z]{3,}-[a-z]", line), line
    for rule in RULES.values():
        assert f"`{rule.name}`" not in text or f"JSON 输出的 name：`{rule.name}`" in text
