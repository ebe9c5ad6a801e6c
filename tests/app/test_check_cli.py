"""`xlperf check`: reports, JSON, exit codes, folders with bad files, and --annotate."""

import json
import shutil
import zipfile

import openpyxl
import pytest
from helpers import ROOT, sha256
from openpyxl.styles import PatternFill

from xlperf.app.actions import unit as actions
from xlperf.app.cli import main
from xlperf.core.workbook.annotate import MARKS_SHEET, RESULT_SHEET

EXAMPLES = ROOT / "workbooks" / "examples"
SEED = EXAMPLES / "博野县总工会_2023.xlsx"
CLEAN = EXAMPLES / "博野县卫生健康局_2023.xlsx"
KEYS = ["file", "sheet", "cell", "project_code", "indicator", "code", "name", "severity",
        "message", "hint", "fix"]
#: Three problems typed into the clean unit, and what a checker must say about each, written
#: by hand from the layout (封面 B6 审核单位; 项目 E10 first 指标值; C4 预算数, E4 财政资金,
#: G4 其他资金).
PLANTED = {
    ("封面", "B6"): None,                # 审核单位 left blank
    ("项目1", "E10"): "按文件执行",       # a 指标值 that is no comparison with a number
    ("项目2", "G4"): 5,                  # 其他资金 6 → 5: 预算数 60 ≠ 财政资金 54 + 5
}
PLANTED_FINDINGS = [  # (sheet, cell, code, severity), in report order
    ("封面", "B6", "S001", "warning"),
    ("项目1", "E10", "I101", "error"),
    ("项目2", "C4", "F002", "error"),
]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_clean_unit_exits_0(capsys):
    code, stdout, _ = run(capsys, "check", CLEAN)
    assert code == 0 and "未发现问题" in stdout and "错误 0 条" in stdout


def test_errors_exit_1_and_report_groups_by_table(capsys):
    code, stdout, _ = run(capsys, "check", SEED)
    assert code == 1
    assert "【项目1】 13063723P004287100744" in stdout
    assert "I110 F10、F11、F12、F13、F14、F15、F16、F17" in stdout  # one line, eight cells
    assert "→ 写明具体依据" in stdout


@pytest.fixture
def planted(out):
    """The clean unit with the three PLANTED problems typed in, as a user would."""
    wb = openpyxl.load_workbook(CLEAN)
    for (sheet, cell), value in PLANTED.items():
        wb[sheet][cell] = value
    wb.save(out / "planted.xlsx")
    return out / "planted.xlsx"


def test_json_has_exactly_the_agreed_keys(capsys):
    code, stdout, _ = run(capsys, "check", SEED, "--format", "json")
    data = json.loads(stdout)
    assert code == 1 and data and all(list(item) == KEYS for item in data)
    assert {"error", "warning", "info"} >= {item["severity"] for item in data}


def test_json_reports_exactly_the_planted_problems(capsys, planted):
    code, stdout, _ = run(capsys, "check", planted, "--format", "json")
    data = json.loads(stdout)
    assert code == 1
    assert [(d["sheet"], d["cell"], d["code"], d["severity"]) for d in data] == PLANTED_FINDINGS
    assert {d["file"] for d in data} == {str(planted)}
    assert [d["project_code"] for d in data] == [
        None, "13063723P004382100051", "13063723P00438210006T"]
    code, stdout, _ = run(capsys, "check", planted)
    assert "共检查 1 个文件：错误 2 条，警告 1 条，提示 0 条。" in stdout


def test_select_and_ignore(capsys):
    _, stdout, _ = run(capsys, "check", SEED, "--format", "json", "--select", "I1,F0")
    assert {item["code"][:2] for item in json.loads(stdout)} == {"I1", "F0"}
    _, stdout, _ = run(capsys, "check", SEED, "--format", "json", "--ignore", "I，S，P")
    assert {item["code"][0] for item in json.loads(stdout)} == {"F"}


def test_a_bad_file_never_stops_the_others(capsys, out):
    folder = out / "收件"
    (folder / "子目录").mkdir(parents=True)
    shutil.copy(CLEAN, folder / "卫健局.xlsx")
    shutil.copy(SEED, folder / "子目录" / "总工会.xlsx")
    (folder / "坏文件.xlsx").write_text("not a workbook", "utf-8")
    (folder / "~$卫健局.xlsx").write_bytes(b"lock")
    code, stdout, _ = run(capsys, "check", folder, "--format", "json")
    data = json.loads(stdout)
    assert code == 2  # unusable input
    unreadable = [d for d in data if d["code"] == "R011"]
    assert [d["file"] for d in unreadable] == [str(folder / "坏文件.xlsx")]
    assert "不是 Excel 工作簿" in unreadable[0]["message"]
    assert {d["file"] for d in data} == {str(folder / "坏文件.xlsx"),
                                          str(folder / "子目录" / "总工会.xlsx")}
    code, stdout, _ = run(capsys, "check", folder)
    assert "1 个文件无法读取" in stdout and "共检查 3 个文件" in stdout


def test_missing_path_and_bad_options(capsys, out):
    with pytest.raises(SystemExit) as refused:  # before any work: a usage error
        main(["check", str(out / "nope")])
    assert refused.value.code == 2 and "不存在" in capsys.readouterr().err
    code, _, err = run(capsys, "check", SEED, "-o", out / "x.xlsx")
    assert code == 2 and "--annotate" in err


def _annotated(out, source=SEED):
    unit = out / source.name
    shutil.copy(source, unit)
    return unit, actions.annotated_path(unit)


def test_annotate_writes_a_marked_copy_and_leaves_the_input(capsys, out):
    unit, target = _annotated(out)
    before = sha256(unit)
    code, _, err = run(capsys, "check", unit, "--annotate")
    assert code == 1 and sha256(unit) == before and str(target) in err
    wb = openpyxl.load_workbook(target)
    results = wb[RESULT_SHEET]
    _, stdout, _ = run(capsys, "check", unit, "--format", "json")
    reported = json.loads(stdout)
    assert results.max_row == len(reported) + 1  # a header and one row per finding
    assert results["E2"].hyperlink.location == f"'{reported[0]['sheet']}'!{reported[0]['cell']}"
    assert wb[MARKS_SHEET].sheet_state == "hidden"
    cell = wb["项目1"]["E10"]  # 在档管理困难职工及劳模: an error
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert cell.comment.author == "xlperf" and "I101" in cell.comment.text


def test_rerun_clears_its_marks_and_restores_the_users_fill(capsys, out):
    unit, target = _annotated(out)
    wb = openpyxl.load_workbook(unit)
    wb["项目1"]["E10"].fill = PatternFill("solid", start_color="FF00B050", end_color="FF00B050")
    wb["项目1"]["C10"].fill = PatternFill("solid", start_color="FF92D050", end_color="FF92D050")
    wb.save(unit)
    run(capsys, "check", unit, "--annotate")
    wb = openpyxl.load_workbook(target)
    wb["项目1"]["E10"] = "≥120人"  # the unit fixes the value; then re-checks in place
    wb.save(target)
    assert run(capsys, "check", target, "--annotate", "--in-place")[0] == 1
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames.count(RESULT_SHEET) == 1
    assert wb["项目1"]["E10"].fill.fgColor.rgb.endswith("00B050")  # the user's green is back
    assert wb["项目1"]["E10"].comment is None
    assert wb["项目1"]["C10"].fill.fgColor.rgb.endswith("92D050")  # never touched
    assert wb["项目1"]["D10"].fill.fgColor.rgb.endswith("FFEB9C")  # still a warning
    rows = [r[2] for r in wb[RESULT_SHEET].iter_rows(min_row=2, values_only=True)]
    _, stdout, _ = run(capsys, "check", target, "--format", "json")
    assert "I101" in rows and rows == [d["code"] for d in json.loads(stdout)]


def test_annotate_lists_exactly_the_planted_problems(capsys, planted):
    code, _, _ = run(capsys, "check", planted, "--annotate")
    assert code == 1
    wb = openpyxl.load_workbook(actions.annotated_path(planted))
    rows = list(wb[RESULT_SHEET].iter_rows(values_only=True))
    assert rows[0][:5] == ("序号", "严重程度", "代码", "工作表", "单元格")
    severity = {"error": "错误", "warning": "警告"}
    assert [r[:5] for r in rows[1:]] == [(n, severity[level], code, sheet, cell) for n, (
        sheet, cell, code, level) in enumerate(PLANTED_FINDINGS, 1)]
    colours = {"错误": "FFC7CE", "警告": "FFEB9C"}
    for _, sev, _, sheet, cell, *_ in rows[1:]:
        assert wb[sheet][cell].fill.fgColor.rgb.endswith(colours[sev]), (sheet, cell)


def test_annotate_is_idempotent(capsys, out):
    unit, target = _annotated(out)
    run(capsys, "check", unit, "--annotate")
    first = _sheet_values(target)
    run(capsys, "check", target, "--annotate", "--in-place")
    assert _sheet_values(target) == first


def _sheet_values(path):
    wb = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}


def test_annotate_keeps_the_vba_project(capsys, out):
    unit = out / "单位.xlsm"
    shutil.copy(ROOT / "workbooks" / "单位绩效目标模板.xlsm", unit)
    run(capsys, "check", unit, "--annotate", "--in-place")
    with zipfile.ZipFile(unit) as z, zipfile.ZipFile(ROOT / "workbooks" /
                                                      "单位绩效目标模板.xlsm") as t:
        assert z.read("xl/vbaProject.bin") == t.read("xl/vbaProject.bin")
    assert RESULT_SHEET in openpyxl.load_workbook(unit, keep_vba=True).sheetnames


@pytest.mark.soffice
def test_annotated_copy_opens_in_libreoffice(libreoffice, capsys, out):
    unit, target = _annotated(out)
    run(capsys, "check", unit, "--annotate")
    pdf = libreoffice.convert(target, "pdf", out / "pdf")
    assert pdf.stat().st_size > 10_000
