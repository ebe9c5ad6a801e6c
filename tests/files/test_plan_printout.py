"""A 资金支出计划 typed as 25/50/75/100 in its 0% cells prints as 2500%… (issue 20: 7).

LibreOffice is the independent oracle of what the printed table shows; R016 must say the same,
and carry the fix to the percentage every other reader of the workbook already takes it for.
"""

from __future__ import annotations

import openpyxl
import pytest
from helpers import ROOT

from xlperf.core.model.findings import Applicability
from xlperf.files.unitfile import check_file

CLEAN = ROOT / "workbooks" / "examples" / "博野县卫生健康局_2023.xlsx"
#: The plan row of 项目1 and what a clerk typed there.
TYPED = {"B7": 25, "D7": 50, "E7": 75, "F7": 100}


@pytest.fixture(scope="module")
def typed_plan(tmp_path_factory):
    path = tmp_path_factory.mktemp("plan") / "unit.xlsx"
    wb = openpyxl.load_workbook(CLEAN)
    ws = wb["项目1"]
    assert [ws[c].number_format for c in TYPED] == ["0%"] * 4  # the template's format
    for cell, value in TYPED.items():
        ws[cell] = value
    wb["项目2"]["F7"] = 250  # no percentage of a cumulative plan: reported, not fixed
    wb.save(path)
    return path


def _r015(path):
    return {(f.sheet, f.cell): f for f in check_file(path).findings if f.code == "R016"}


def test_each_hundredfold_plan_cell_is_an_error_with_its_fix(typed_plan):
    found = _r015(typed_plan)
    assert sorted(found) == [("项目1", c) for c in TYPED] + [("项目2", "F7")]
    for cell, value in TYPED.items():
        finding = found[("项目1", cell)]
        assert finding.severity == "error"
        assert finding.fix is not None
        assert (finding.fix.before, finding.fix.after) == (str(value), f"{value}%")
        assert finding.fix.applicability is Applicability.SAFE
        assert f"{value * 100}%" in finding.message
    assert found[("项目2", "F7")].fix is None
    # what the rest of xlperf reads is 25%…100%: the fix changes only the printout
    book = check_file(typed_plan).book
    assert [p.percent for p in book.projects[0].spending_plan] == list(TYPED.values())


@pytest.mark.soffice
def test_libreoffice_prints_what_r015_says(typed_plan, libreoffice, tmp_path):
    queries = [{"q": "cell", "sheet": "项目1", "cell": c} for c in TYPED]
    shown = [a["string"] for a in libreoffice.job({"input": str(typed_plan), "queries": queries},
                                                  tmp_path)]
    assert shown == ["2500%", "5000%", "7500%", "10000%"]
    found = _r015(typed_plan)
    for cell, printed in zip(TYPED, shown, strict=True):
        assert f"打印出来是“{printed}”" in found[("项目1", cell)].message
