"""Every rule against its own fixtures: the exact cells it reports, and silence where it must.

The case modules (``cases_*.py``) hold, per code, cases that must fire — each with the full list
of (sheet, cell) the code reports — and cases that must not. A rule that fires too often, too
rarely or at the wrong cell fails here.
"""

import cases_hostile
import cases_text
import cases_values
import pytest
from rulecases import clean, found, sheets

from xlperf.core.rules import RULES

MODULES = (cases_hostile, cases_text, cases_values)
CASES = {code: cases for module in MODULES for code, cases in module.CASES.items()}
PARAMS = [pytest.param(code, case, id=f"{code}-{case.name}")
          for code, cases in sorted(CASES.items()) for case in cases]
#: Codes whose fixtures are still to be written (this list only ever shrinks).
PENDING = sorted(set(RULES) - set(CASES) - {"X001"})


@pytest.mark.parametrize(("code", "case"), PARAMS)
def test_rule_reports_exactly_its_cells(code, case):
    assert sorted(found(case.build(), code), key=str) == sorted(case.expect, key=str)


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_has_cases_that_fire_and_cases_that_must_not(code):
    assert code in RULES
    assert any(c.fires for c in CASES[code]), f"{code} has no firing case"
    assert any(not c.fires for c in CASES[code]), f"{code} has no silent case"


@pytest.mark.parametrize("code", sorted(set(RULES) - {"X001"} - set(PENDING)))
def test_rule_is_silent_on_the_clean_unit(code):
    assert found(sheets(clean()), code) == []
