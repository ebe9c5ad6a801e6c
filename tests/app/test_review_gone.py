"""A unit reviewed before whose file is gone: 报送情况 lists it as 未报送, with its last round."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
from helpers import ROOT

from xlperf.app.actions.review import review
from xlperf.core.review.sheets import MAIN_SHEET, SUBMISSIONS_SHEET
from xlperf.core.summary.records import RosterEntry, Status
from xlperf.core.summary.roster import ROSTER_TITLE, roster_table
from xlperf.files.xlsxstream import write_tables

EXAMPLES = ROOT / "workbooks" / "examples"
SEED, HEALTH = "711001", "733001"


def _rows(book, sheet):
    wb = openpyxl.load_workbook(book, read_only=True)
    values = list(wb[sheet].iter_rows(values_only=True))
    wb.close()
    return [dict(zip(values[1], row, strict=True)) for row in values[2:]]


def test_a_unit_missing_from_round_two_is_listed_with_its_last_round(tmp_path):
    inbox, out = tmp_path / "收件", tmp_path / "审核"
    inbox.mkdir()
    for name in ("博野县总工会_2023", "博野县卫生健康局_2023"):
        shutil.copy(EXAMPLES / f"{name}.xlsx", inbox / f"{name}.xlsx")
    review([inbox], out, today=dt.date(2024, 11, 20), jobs=1, workbooks=False)
    (inbox / "博野县总工会_2023.xlsx").unlink()
    review([inbox], out, today=dt.date(2024, 12, 1), jobs=1, workbooks=False)
    main = {r["单位编码"]: r for r in _rows(out / "审核汇总.xlsx", MAIN_SHEET)}
    assert main[SEED]["本次情况"] == "本次未收到可用文件（见“报送情况”）"
    listed = [(r["单位编码"], r["报送状态"], r["说明"])
              for r in _rows(out / "审核汇总.xlsx", SUBMISSIONS_SHEET)]
    assert listed == [
        (SEED, Status.MISSING,
         "第1轮（2024-11-20）收到“博野县总工会_2023.xlsx”，本次未收到可用文件"),
        (HEALTH, Status.RECEIVED, None),
    ]


def test_a_roster_unit_gone_keeps_one_row_that_says_when_it_was_received(tmp_path):
    inbox, out = tmp_path / "收件", tmp_path / "审核"
    inbox.mkdir()
    shutil.copy(EXAMPLES / "博野县总工会_2023.xlsx", inbox / "总工会.xlsx")
    roster = tmp_path / "名录.xlsx"
    write_tables([roster_table([RosterEntry(SEED, "博野县总工会本级", "县总工会")], 0)], roster,
                 title=ROSTER_TITLE)
    review([inbox], out, roster=roster, today=dt.date(2024, 11, 20), jobs=1, workbooks=False)
    (inbox / "总工会.xlsx").unlink()
    review([inbox], out, roster=roster, today=dt.date(2024, 12, 1), jobs=1, workbooks=False)
    listed = [(r["单位编码"], r["报送状态"], r["说明"])
              for r in _rows(out / "审核汇总.xlsx", SUBMISSIONS_SHEET)]
    assert listed == [(SEED, Status.MISSING,
                       "主管部门：县总工会；第1轮（2024-11-20）收到“总工会.xlsx”，本次未收到可用文件")]
