"""The review round end to end: two rounds of a small county, a reviewer typing in 审核汇总.xlsx.

Round 1 (2024-11-20): five units (the real seed, three examples, and one with ten blank 指标值)
and one roster unit that sends nothing. The reviewer then types notes with openpyxl, as into
Excel, and runs review again the same day. Round 2 (2024-12-01): 农业农村局 fixes two problems,
breaks one and inserts an indicator row (cells move), 测试局 fills eight of its ten blanks,
教育和体育局 does not resubmit, 卫生健康局 is unchanged, 总工会's file is gone. Every expected
number below is counted by hand from those edits.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from helpers import ROOT

from xlperf.app.actions.review import review
from xlperf.app.actions.unit import write_unit
from xlperf.app.cli import main
from xlperf.core.review.sheets import MAIN_SHEET, PROBLEMS_SHEET
from xlperf.core.summary.records import RosterEntry
from xlperf.core.summary.roster import ROSTER_TITLE, roster_table
from xlperf.errors import OutputFileError
from xlperf.files.examples import FOLDER, parse_yaml
from xlperf.files.xlsxstream import write_tables

EXAMPLES = ROOT / "workbooks" / "examples"
SEED, FARM, SCHOOL, HEALTH, TEST = "711001", "721001", "704001", "733001", "735001"
ABSENT = "799001"
FIRST, SECOND = dt.date(2024, 11, 20), dt.date(2024, 12, 1)


def _data(name: str) -> dict:
    return yaml.safe_load((FOLDER / f"{name}.yaml").read_text("utf-8"))


def _write(data: dict, path: Path) -> Path:
    return write_unit(parse_yaml(yaml.safe_dump(data, allow_unicode=True)), path, overwrite=True)


def _test_unit(blanks: int) -> dict:
    """卫生健康局's tables as 735001 测试局, the first ``blanks`` 指标值 left empty."""
    data = _data("博野县卫生健康局_2023")
    data["info"].update(code=TEST, name="博野县测试局本级", compiler="博野县测试局")
    left = blanks
    for project in data["projects"]:
        project["unit_code"], project["unit_name"] = TEST, "博野县测试局本级"
        for indicator in project["indicators"]:
            if left:
                indicator["value"], left = None, left - 1
    return data


def _farm_round_two() -> dict:
    """农业农村局 after the letter: I101 and F007 fixed, F006 made, a row inserted above I003."""
    data = _data("博野县农业农村局_2023")
    first = data["projects"][0]
    for indicator in first["indicators"]:
        if indicator["name"] == "每亩统防统治作业补助标准":
            indicator["value"] = "≤70元/亩"  # was “按文件执行” (I101)
    first["indicators"].insert(0, {
        "level1": "产出指标", "level2": "数量指标", "name": "病虫害防治技术培训场次",
        "description": "面向种植户开展的病虫害防治技术培训场次",
        "value": "≥6场", "basis": "《博野县2023年农作物重大病虫害防控工作方案》"})
    for point in data["projects"][3]["spending_plan"]:
        if point["milestone"] == "10月底":
            point["percent"] = 80  # was 40, below 6月底's 45 (F007)
    for point in data["projects"][1]["spending_plan"]:
        if point["milestone"] == "12月底":
            point["percent"] = 90  # new: F006
    return data


def _rows(book: Path, sheet: str = MAIN_SHEET) -> dict[str, dict[str, object]]:
    """A sheet's rows by 单位编码, keyed by header (problems: a list per unit)."""
    wb = openpyxl.load_workbook(book, read_only=True)
    values = list(wb[sheet].iter_rows(values_only=True))
    wb.close()
    header = values[1]
    return {row[0]: dict(zip(header, row, strict=True)) for row in values[2:] if row[0]}


def _problems(book: Path, code: str) -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(book, read_only=True)
    values = list(wb[PROBLEMS_SHEET].iter_rows(values_only=True))
    wb.close()
    return [dict(zip(values[1], row, strict=True)) for row in values[2:] if row[0] == code]


def _type(book: Path, entries: dict[str, dict[str, object]]) -> None:
    """What a reviewer types into 审核汇总, saved by openpyxl as by a spreadsheet program."""
    wb = openpyxl.load_workbook(book)
    ws = wb[MAIN_SHEET]
    header = {cell.value: cell.column for cell in ws[2]}
    for row in ws.iter_rows(min_row=3):
        for column, value in entries.get(row[0].value, {}).items():
            ws.cell(row[0].row, header[column]).value = value
    wb.save(book)


@pytest.fixture(scope="module")
def rounds(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("review")
    inbox, out = base / "收件", base / "审核"
    inbox.mkdir()
    for name in ("博野县总工会_2023", "博野县农业农村局_2023", "博野县教育和体育局_2023",
                 "博野县卫生健康局_2023"):
        shutil.copy(EXAMPLES / f"{name}.xlsx", inbox / f"{name}.xlsx")
    _write(_test_unit(10), inbox / "测试局.xlsx")
    roster = base / "单位名录.xlsx"
    entries = [RosterEntry(c) for c in (SEED, FARM, SCHOOL, HEALTH, TEST)]
    write_tables([roster_table([*entries, RosterEntry(ABSENT, "博野县未报送局")], 0)], roster,
                 title=ROSTER_TITLE)
    book = out / "审核汇总.xlsx"

    first = review([inbox], out, roster=roster, today=FIRST, jobs=1)
    rows1 = _rows(book)
    files1 = sorted(p.name for p in (out / "第1轮").iterdir())
    _type(book, {
        SCHOOL: {"审核意见": "项目3预算数与资金来源不符，请核对。",
                 "修改期限": dt.datetime(2024, 12, 10)},
        FARM: {"审核意见": "满意度指标请移到满意度指标下。"},
        HEALTH: {"审核结果": "良", "审核意见": "请补充设备验收标准。"},
    })
    again = review([inbox], out, roster=roster, today=FIRST, jobs=1)
    rows1b = _rows(book)
    school_letter = out / "第1轮" / f"{SCHOOL}_博野县教育和体育局本级_审核意见书.docx"
    edited = docx.Document(str(school_letter))
    edited.add_paragraph("（经办人手工补充：请电话联系。）")
    edited.save(str(school_letter))
    edited_bytes = school_letter.read_bytes()

    (inbox / "博野县总工会_2023.xlsx").unlink()
    _write(_farm_round_two(), inbox / "博野县农业农村局_2023.xlsx")
    _write(_test_unit(2), inbox / "测试局.xlsx")
    second = review([inbox], out, roster=roster, today=SECOND, jobs=1)
    return {"inbox": inbox, "out": out, "book": book, "roster": roster, "first": first,
            "rows1": rows1, "files1": files1, "again": again, "rows1b": rows1b, "second": second,
            "rows2": _rows(book), "school_letter": school_letter,
            "edited_bytes": edited_bytes}


def test_round_one_suggests_by_the_rubric_and_returns_four_units(rounds):
    rows = rounds["rows1"]
    got = {code: (row["轮次"], row["本次情况"], row["建议结果"], row["审核结果"], row["状态"])
           for code, row in rows.items()}
    assert got == {
        SEED: (1, "首次报送", "中", "中", "退回修改"),
        SCHOOL: (1, "首次报送", "中", "中", "退回修改"),
        FARM: (1, "首次报送", "中", "中", "退回修改"),
        HEALTH: (1, "首次报送", "优", "优", "通过"),
        TEST: (1, "首次报送", "差", "差", "退回修改"),
        ABSENT: (None, "未报送", None, None, "未报送"),
    }
    # 农业农村局: I101 可行性 error, I003 + I009 相关性 errors, F011 相关性 warning,
    # F007 + I008 可行性 warnings.
    farm = rows[FARM]
    assert [farm[h] for h in ("完整性错误", "完整性警告", "相关性错误", "相关性警告", "适当性错误",
                              "适当性警告", "可行性错误", "可行性警告")] == [0, 0, 2, 1, 0, 0, 1, 2]
    assert rows[TEST]["建议依据"] == "完整性差（错误10≥10）"
    package = rounds["first"].package
    assert (package.written, package.workbooks) == (4, 4)
    assert rounds["files1"] == [f"{c}_{n}_{kind}" for c, n in (
        (SCHOOL, "博野县教育和体育局本级"), (SEED, "博野县总工会本级"),
        (FARM, "博野县农业农村局本级"), (TEST, "博野县测试局本级"))
        for kind in ("审核意见书.docx", "校验.xlsx")]


def test_the_same_day_rerun_keeps_the_notes_and_redrafts_the_letters(rounds):
    rows, package = rounds["rows1b"], rounds["again"].package
    assert rows[SCHOOL]["审核意见"] == "项目3预算数与资金来源不符，请核对。"
    assert rows[SCHOOL]["修改期限"] == "2024-12-10"
    assert (rows[HEALTH]["审核结果"], rows[HEALTH]["状态"]) == ("良", "通过")
    assert rows[HEALTH]["本次情况"] == "未变化" and rows[SCHOOL]["本次情况"] == "未变化"
    # 教育和体育局 and 农业农村局 have new text, 卫生健康局 is now 良 (a letter), two unchanged.
    assert (package.written, package.updated, package.unchanged, package.workbooks) == (1, 2, 2, 1)
    text = "\n".join(p.text for p in docx.Document(str(rounds["out"] / "第1轮" /
                     f"{HEALTH}_博野县卫生健康局本级_审核意见书.docx")).paragraphs)
    assert "审核结果：良。" in text and "请补充设备验收标准。" in text


def test_round_two_counts_fixed_open_and_new_problems(rounds):
    rows = rounds["rows2"]
    farm, test = rows[FARM], rows[TEST]
    assert (farm["轮次"], farm["本次情况"], farm["建议结果"], farm["审核结果"]) == \
        (2, "重新报送", "中", "中")
    assert farm["与上轮比较"] == "上轮指出的 6 条问题已改正 2 条，仍有 4 条未改正；新发现 1 条"
    assert (farm["上轮审核结果"], farm["上轮审核意见"]) == ("中", "满意度指标请移到满意度指标下。")
    assert farm["审核意见"] is None
    assert (test["轮次"], test["建议结果"]) == (2, "中")
    assert test["与上轮比较"] == ("上轮指出的 10 条问题已改正 8 条，仍有 2 条未改正；"
                                  "没有发现新的问题")


def test_round_two_keeps_what_the_reviewer_typed_and_marks_the_rest(rounds):
    rows = rounds["rows2"]
    school = rows[SCHOOL]
    assert (school["轮次"], school["本次情况"], school["状态"]) == (1, "未重新报送", "退回修改")
    assert school["审核意见"] == "项目3预算数与资金来源不符，请核对。"
    assert school["修改期限"] == "2024-12-10"
    assert (rows[HEALTH]["本次情况"], rows[HEALTH]["审核结果"]) == ("未变化", "良")
    seed = rows[SEED]
    assert seed["本次情况"].startswith("本次未收到可用文件") and seed["建议结果"] == "中"
    assert seed["轮次"] == 1
    assert rows[ABSENT]["状态"] == "未报送"


def test_problems_are_matched_across_rounds_although_rows_moved(rounds):
    listed = {(p["代码"], p["单元格"], p["与上轮比较"]) for p in _problems(rounds["book"], FARM)}
    assert listed == {
        ("I003", "B16", "仍存在"),  # was B15: a row was inserted above it
        ("I009", "B11", "仍存在"), ("F011", "B8", "仍存在"), ("I008", "D11", "仍存在"),
        ("F006", "F7", "新增"),
        ("I101", "E14", "已改正"), ("F007", "E7", "已改正"),
    }


def test_round_two_letters_and_a_letter_edited_by_hand(rounds):
    out, package = rounds["out"], rounds["second"].package
    assert sorted(p.name for p in (out / "第2轮").glob("*.docx")) == [
        f"{FARM}_博野县农业农村局本级_审核意见书.docx", f"{TEST}_博野县测试局本级_审核意见书.docx"]
    assert (package.written, package.updated, package.workbooks) == (2, 0, 2)
    assert package.edited == [rounds["school_letter"]]
    assert rounds["school_letter"].read_bytes() == rounds["edited_bytes"]
    text = "\n".join(p.text for p in docx.Document(
        str(out / "第2轮" / f"{FARM}_博野县农业农村局本级_审核意见书.docx")).paragraphs)
    assert "（第2轮）" in text
    assert "与上轮相比：上轮指出的 6 条问题已改正 2 条，仍有 4 条未改正；新发现 1 条。" in text
    assert "满意度指标请移到满意度指标下" not in text  # last round's opinion stays in its letter


def test_force_replaces_the_edited_letter(rounds):
    again = review([rounds["inbox"]], rounds["out"], roster=rounds["roster"], today=SECOND,
                   jobs=1, force=True)
    assert again.package.updated == 1 and again.package.edited == []
    assert rounds["school_letter"].read_bytes() != rounds["edited_bytes"]
    assert _rows(rounds["book"])[SCHOOL]["审核意见"] == "项目3预算数与资金来源不符，请核对。"


@pytest.mark.soffice
def test_letters_render_in_libreoffice(rounds, libreoffice, tmp_path):
    out = rounds["out"]
    poor = out / "第1轮" / f"{TEST}_博野县测试局本级_审核意见书.docx"
    fair = out / "第2轮" / f"{FARM}_博野县农业农村局本级_审核意见书.docx"
    for letter, says in ((poor, ["审核结果：差。", "必须改正的错误（10 条）", "（第1轮）"]),
                         (fair, ["审核结果：中。", "仍有 4 条未改正；新发现 1 条", "（第2轮）"])):
        pdf = libreoffice.convert(letter, "pdf", tmp_path)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        compact = "".join(text.split())
        assert "2023年度预算项目绩效目标审核意见书" in compact
        for phrase in says:
            assert "".join(phrase.split()) in compact, phrase
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / letter.stem)],
                       check=True)
        assert list(tmp_path.glob(f"{letter.stem}*.png"))


def test_the_command_line_says_what_it_did_and_refuses_a_foreign_book(rounds, tmp_path, capsys):
    out = tmp_path / "审核"
    code = main(["review", str(rounds["inbox"]), "-o", str(out), "--jobs", "1"])
    printed = capsys.readouterr().out
    assert code == 0
    # The inbox as round two left it: 总工会 gone, 测试局 with two blanks (中).
    assert "审核完成：共 4 个单位，本次新审核 4 个（首次报送 4）" in printed
    assert "建议结果：优 1，良 0，中 3，差 0" in printed
    foreign = tmp_path / "别处"
    foreign.mkdir()
    wb = openpyxl.Workbook()
    wb.save(foreign / "审核汇总.xlsx")
    with pytest.raises(OutputFileError, match="不是 xlperf 生成的审核汇总"):
        review([rounds["inbox"]], foreign, jobs=1)
    assert main(["review", str(rounds["inbox"]), "-o", str(foreign)]) == 2


def test_the_rubric_command_writes_the_default_for_editing(tmp_path, capsys):
    target = tmp_path / "审核规则.yaml"
    assert main(["rubric", "-o", str(target)]) == 0
    assert "维度:" in target.read_text("utf-8")
    assert main(["rubric", "-o", str(target)]) == 2  # exists: not replaced without --force


@pytest.mark.soffice
def test_a_review_book_saved_by_libreoffice_is_still_remembered(rounds, libreoffice, tmp_path):
    book = rounds["book"]
    saved = libreoffice.convert(book, "xlsx", tmp_path / "lo")
    shutil.copy(saved, book)
    again = review([rounds["inbox"]], rounds["out"], roster=rounds["roster"], today=SECOND,
                   jobs=1)
    assert not any(u.fresh for u in again.plan.units)
    rows = _rows(book)
    assert {code: row["轮次"] for code, row in rows.items()} == {
        SEED: 1, SCHOOL: 1, FARM: 2, HEALTH: 1, TEST: 2, ABSENT: None}
    assert rows[SCHOOL]["审核意见"] == "项目3预算数与资金来源不符，请核对。"
    assert rows[FARM]["与上轮比较"] == ("上轮指出的 6 条问题已改正 2 条，仍有 4 条未改正；"
                                        "新发现 1 条")
    assert again.package.written == again.package.updated == 0


def test_worker_processes_write_the_same_package_as_one_process(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from make_county import make_county

    made = make_county(tmp_path / "收件", 12, seed=5, jobs=2)
    one = review([Path(made.folder)], tmp_path / "一个进程", today=FIRST, jobs=1)
    two = review([Path(made.folder)], tmp_path / "两个进程", today=FIRST, jobs=2)
    assert (one.package.written, one.package.workbooks) == (12, 12)  # every unit is 中
    assert (two.package.written, two.package.workbooks) == (12, 12)
    letters = sorted((tmp_path / "一个进程" / "第1轮").glob("*.docx"))
    assert len(letters) == 12
    for letter in letters:
        assert (tmp_path / "两个进程" / "第1轮" / letter.name).read_bytes() == letter.read_bytes()
    assert _rows(one.book) == _rows(two.book)
