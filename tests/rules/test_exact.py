"""Every rule against its own fixtures: the exact cells it reports, and silence where it must.

The case modules (``cases_*.py``) hold, per code, cases that must fire — each with the full list
of (sheet, cell) the code reports — and cases that must not. A rule that fires too often, too
rarely or at the wrong cell fails here, and so does a rule without fixtures.
"""

import importlib
from pathlib import Path

import pytest
from declarations import declared_codes
from rulecases import clean, found, sheets

from xlperf.core.rules import CHECK_FAILED, RULES
from xlperf.core.workbook.reading import UNPLACED

#: Every case module beside this file (``cases_*.py``): no list to keep.
MODULES = tuple(importlib.import_module(p.stem)
                for p in sorted(Path(__file__).parent.glob("cases_*.py")))
CASES = {code: cases for module in MODULES for code, cases in module.CASES.items()}
PARAMS = [pytest.param(code, case, id=f"{code}-{case.name}")
          for code, cases in sorted(CASES.items()) for case in cases]
#: Tested elsewhere: a crashing check (test_registry.py), a document's unplaced content.
ELSEWHERE = {CHECK_FAILED.code, UNPLACED.code}  # R015: documents only (test_document_check)


@pytest.mark.parametrize(("code", "case"), PARAMS)
def test_rule_reports_exactly_its_cells(code, case):
    assert sorted(found(case.build(), code), key=str) == sorted(case.expect, key=str)


def test_every_rule_has_fixtures_in_exactly_one_module():
    """Every code written in a rule module (read from the source, not the registry) has cases."""
    assert len(MODULES) >= 8
    codes = [code for module in MODULES for code in module.CASES]
    assert len(codes) == len(set(codes)), "a code has cases in two modules"
    assert set(codes) == declared_codes() - ELSEWHERE


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_has_cases_that_fire_and_cases_that_must_not(code):
    assert code in RULES
    assert any(c.fires for c in CASES[code]), f"{code} has no firing case"
    assert any(not c.fires for c in CASES[code]), f"{code} has no silent case"


@pytest.mark.parametrize("code", sorted(set(RULES) - ELSEWHERE))
def test_rule_is_silent_on_the_clean_unit(code):
    assert found(sheets(clean()), code) == []
