"""The check registry: unique codes, documented checks, RULES.md coverage, docs/rules.md current."""

import re

import pytest
from helpers import ROOT

from xlperf.checks import ALL_CHECKS, RETIRED
from xlperf.defaults import DEFAULT_RULES
from xlperf.reader import READ_PROBLEMS
from xlperf.rulesdoc import NOT_CHECKED, coverage, rules_markdown

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


def test_codes_are_unique_and_well_formed():
    codes = [c.code for c in ALL_CHECKS] + [p.code for p in READ_PROBLEMS] + \
        [d.code for d in DEFAULT_RULES] + list(RETIRED)
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[SFIRD]\d{3}", code) for code in codes)


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.code)
def test_check_is_documented(check):
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", check.name)
    assert not check.name.startswith(("check-", "require-", "no-"))
    doc = check.__doc__ or ""
    assert doc.split("\n")[0].strip(), "summary line"
    assert "Why it matters:" in doc and "Example:" in doc
    assert check.template and check.hint and check.rules
    assert re.search(r"[\u4e00-\u9fff]", check.template + check.hint), "user text is Chinese"
    assert not re.search(r"第[一二三四五六七八九十\d]+条", check.template + check.hint)


def test_rules_md_v_and_p_rules_are_all_accounted_for():
    accounted = set(coverage()) | set(NOT_CHECKED)
    assert V_OR_P - accounted == set()


def test_heuristic_rules_are_never_errors():
    for check in ALL_CHECKS:
        if set(check.rules) <= HEURISTIC:
            assert check.severity != "error", check.code


def test_docs_rules_md_is_current():
    assert (ROOT / "docs" / "rules.md").read_text("utf-8") == rules_markdown(), \
        "docs/rules.md is stale: run `make docs`"
