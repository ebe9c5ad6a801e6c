"""run_checks over one workbook: --select/--ignore, workbook order, and tables with nothing in
them (what each rule reports is in test_exact.py)."""

import random

from rulecases import sheets

from xlperf.core.model.unit_workbook import Project, UnitWorkbook
from xlperf.core.rules import merge_findings, run_checks, sort_findings
from xlperf.core.workbook.reader import read_book


def read_back(book: UnitWorkbook) -> UnitWorkbook:
    return read_book(sheets(book)).book


def test_select_and_ignore_by_code_and_prefix(seed_book):
    every = run_checks(seed_book)
    only_values = run_checks(seed_book, select=["I1"])
    assert only_values and {f.code[:2] for f in only_values} == {"I1"}
    assert len(run_checks(seed_book, ignore=["I1"])) == len(every) - len(only_values)
    assert run_checks(seed_book, select=["F002"]) == []


def test_findings_are_in_workbook_order(seed_book):
    findings = run_checks(read_back(seed_book))
    sheet_names = [f.sheet for f in findings]
    order = ["部门整体绩效目标", "项目1", "项目2", "项目3", "项目4"]
    assert [s for s in order if s in sheet_names] == list(dict.fromkeys(sheet_names))


def test_project_without_anything_is_reported_not_raised():
    book = UnitWorkbook(projects=[Project(), Project.blank()])
    findings = run_checks(read_back(book))
    assert [(f.sheet, f.code) for f in findings if f.code.startswith("F0")] == [
        ("项目1", "F014"), ("项目2", "F014")]  # one finding per blank table
    assert not [f for f in findings if f.code == "X001"]


def test_merge_findings_is_the_sort_of_both(seed_book):
    """check_unit merges the reader's findings into run_checks' sorted ones instead of sorting
    all again: the same list as sorting the concatenation, ties (same place, severity and code)
    included, the reader's first."""
    book = read_back(seed_book)
    checked = run_checks(book)
    rng = random.Random(7)
    for _ in range(50):
        picked = rng.sample(checked, k=rng.randint(0, min(12, len(checked))))
        first = [f.model_copy(update={"message": f"{f.message}（读）"}) for f in picked]
        rng.shuffle(first)
        assert merge_findings(first, checked, book) == sort_findings([*first, *checked], book)
