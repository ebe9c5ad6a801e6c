"""The 一键修正 button through xlwings' remote engine, against ``xlperf fix`` on the saved file.

As for the other buttons (test_excel.py): the payload the VBA client would send for a real file,
the returned actions replayed onto the file, and the result compared with the command's, cell
for cell. The seed text is imported (``xlperf import``) and also saved with the buttons.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import xlwings_client as client
from helpers import ROOT

from xlperf.app.actions.fixes import fix_file
from xlperf.app.actions.unit import annotate_file, check_file, read_file, write_unit
from xlperf.app.cli import main
from xlperf.core.check.fixing import LOG_HEADER, LOG_SHEET
from xlperf.core.workbook.annotate import RESULT_SHEET

xw = client.load_xlwings()
excel = pytest.importorskip("xlperf.app.excel")  # imported after the licence key is set
from xlwings.server import custom_scripts_call  # noqa: E402

DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("seed")
    xlsx = folder / "seed.xlsx"
    assert main(["import", str(DATA / "seed.txt"), "-o", str(xlsx)]) == 0
    return {"xlsx": xlsx, "xlsm": write_unit(read_file(xlsx).book, folder / "seed.xlsm")}


def click(path: Path, *, script: bool) -> tuple[list[dict], dict[str, int]]:
    book = xw.Book(json=client.payload(path, version=xw.__version__))
    with client.count_calls() as counts:
        if script:
            asyncio.run(custom_scripts_call(excel, "script_fix_workbook",
                                            typehint_to_value={xw.Book: book}))
        else:
            book.set_mock_caller()
            try:
                excel.fix_workbook()
            finally:
                del xw.Book._mock_caller
    return book.json()["actions"], counts


@pytest.mark.parametrize("script", [False, True], ids=["RunPython", "script"])
@pytest.mark.parametrize("kind", ["xlsx", "xlsm"])
def test_fix_button_equals_the_command_cell_for_cell(seed, tmp_path, kind, script):
    source = seed[kind]
    acts, counts = click(source, script=script)
    replayed = tmp_path / f"replayed.{kind}"
    alerts = client.replay(acts, source, replayed)
    cli = tmp_path / f"cli.{kind}"
    plan = fix_file(source, cli)
    got = client.sheet_values(replayed)
    log = got.pop(LOG_SHEET)
    assert got == client.sheet_values(cli)
    assert plan.changes  # the seed has safe fixes: P001 7 cells, P004, S006 twice, S011 once
    assert log == [list(LOG_HEADER)] + [
        [n, c.sheet, c.cell, c.code, c.before, c.after]
        for n, c in enumerate(plan.changes, start=1)]
    assert len(alerts) == 1
    assert alerts[0].startswith(
        "已自动修正 11 个单元格（P001 7 处、P004 1 处、S006 2 处、S011 1 处）")
    assert "17 处可修正但可能改变原意" in alerts[0]
    assert {a["func"] for a in acts} <= client.VBA_CLIENT_ACTIONS
    fitted = [a for a in acts if a["func"] == "setAutofit"]  # the log is read on screen
    assert [(list(client.sheet_values(replayed))[a["sheet_position"]], a["args"])
            for a in fitted] == [(LOG_SHEET, ["columns"])]
    # Bulk writes: at most one write per run of side-by-side changed cells (C22:D22 is one),
    # the 修正记录 table one write.
    assert counts["write"] <= _row_runs(plan.changes) + 1 < len(plan.changes) + 1


def _row_runs(changes) -> int:
    """Runs of changed cells side by side in one row of one sheet (counted by hand, not by the
    blocks the edit path makes)."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    cells = set()
    for c in changes:
        letters, row = coordinate_from_string(c.cell)
        cells.add((c.sheet, row, column_index_from_string(letters)))
    return sum((sheet, row, col - 1) not in cells for sheet, row, col in cells)


def test_a_second_click_changes_nothing_and_keeps_the_record(seed, tmp_path):
    once = tmp_path / "once.xlsx"
    client.replay(click(seed["xlsx"], script=False)[0], seed["xlsx"], once)
    twice = tmp_path / "twice.xlsx"
    acts, counts = click(once, script=False)
    alerts = client.replay(acts, once, twice)
    assert client.sheet_values(twice) == client.sheet_values(once)
    assert counts["write"] == 0
    assert alerts[0].startswith("没有可自动修正的内容")


def test_a_later_click_adds_its_changes_under_the_earlier_ones(seed, tmp_path):
    import openpyxl

    once = tmp_path / "once.xlsx"
    client.replay(click(seed["xlsx"], script=False)[0], seed["xlsx"], once)
    wb = openpyxl.load_workbook(once)
    wb["项目3"]["E3"] = "依据冀财社【2023】7号下达资金"  # the unit types another 【】 number
    wb.save(tmp_path / "edited.xlsx")
    after = tmp_path / "after.xlsx"
    client.replay(click(tmp_path / "edited.xlsx", script=False)[0], tmp_path / "edited.xlsx",
                  after)
    log = client.sheet_values(after)[LOG_SHEET]
    assert len(log) == 1 + 11 + 1
    assert log[:12] == client.sheet_values(once)[LOG_SHEET]
    assert log[12] == [12, "项目3", "E3", "S006", "依据冀财社【2023】7号下达资金",
                      "依据冀财社〔2023〕7号下达资金"]


def test_unsafe_fixes_are_suggested_in_the_check_results(seed, tmp_path):
    annotated = tmp_path / "checked.xlsx"
    annotate_file(check_file(seed["xlsx"]), annotated)
    rows = client.sheet_values(annotated)[RESULT_SHEET]
    s005 = [r for r in rows if r[2] == "S005" and r[4] == "B7"]
    assert len(s005) == 1
    assert "建议改为：“在县委及市总工会的领导下" in s005[0][8]
    assert "研究制定全县工会工作计划" in s005[0][8]
    s006 = next(r for r in rows if r[2] == "S006")
    assert s006[8].endswith("（可用“一键修正”或 xlperf fix 自动改正）")


def test_the_button_leaves_a_two_cell_fix_to_a_person(seed, tmp_path):
    """I106 moves an explanation from 指标值 to 绩效指标描述 (unsafe): the button equals the
    command without --unsafe-fixes, counts it, and 校验结果 proposes both cells' text."""
    import openpyxl

    wb = openpyxl.load_workbook(seed["xlsx"])
    wb["项目1"]["E11"] = "≥90%（按上级文件要求）"
    wb["项目1"]["D17"] = None
    wb["项目1"]["E17"] = "≥95%，按问卷调查结果"
    source = tmp_path / "split.xlsx"
    wb.save(source)
    acts, _ = click(source, script=False)
    replayed = tmp_path / "replayed.xlsx"
    alerts = client.replay(acts, source, replayed)
    cli = tmp_path / "cli.xlsx"
    plan = fix_file(source, cli)
    got = client.sheet_values(replayed)
    log = got.pop(LOG_SHEET)
    assert got == client.sheet_values(cli)
    assert "I106" not in {row[3] for row in log}
    sheet = client.sheet_values(source)["项目1"]
    assert got["项目1"][10][3:5] == sheet[10][3:5] == ["救助准确率", "≥90%（按上级文件要求）"]
    assert got["项目1"][16][3:5] == sheet[16][3:5]
    assert sorted(f.cell for f in plan.unsafe_left if f.code == "I106") == ["E11", "E17"]
    assert "19 处可修正但可能改变原意" in alerts[0]  # the seed's 17, and these two I106
    annotated = tmp_path / "checked.xlsx"
    annotate_file(check_file(source), annotated)
    rows = client.sheet_values(annotated)[RESULT_SHEET]
    tail = "（请确认后手工修改，或用 xlperf fix --unsafe-fixes）"
    assert [r[8].split("建议改为：")[1] for r in rows if r[2] == "I106" and r[3] == "项目1"] == [
        "“≥90%”，项目1!D11 改为：“按上级文件要求”" + tail,
        "“≥95%”，项目1!D17 改为：“按问卷调查结果”" + tail]
