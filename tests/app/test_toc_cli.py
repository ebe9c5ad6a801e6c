"""xlperf toc and the 县级汇总 settings sheet, on files."""

from __future__ import annotations

import shutil

import pytest
from helpers import ROOT

from xlperf.app.actions import build
from xlperf.app.actions import unit as actions
from xlperf.app.cli import main
from xlperf.core.summary.settings import SETTINGS_SHEET, SUMMARY_BOOK_NAME, read_settings
from xlperf.files import xlsx

SEED = ROOT / "workbooks" / "examples" / "博野县总工会_2023.xlsx"


def test_toc_needs_an_output_or_in_place(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["toc", str(SEED)])
    assert exit_.value.code == 2
    assert "必须指定以下参数之一" in capsys.readouterr().err


def test_toc_refuses_to_overwrite_its_input_without_in_place(tmp_path, capsys):
    path = shutil.copy(SEED, tmp_path / "unit.xlsx")
    before = path.read_bytes()
    assert main(["toc", str(path), "-o", str(path)]) == 2
    assert "--in-place" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_toc_keeps_the_kind_of_file(tmp_path, capsys):
    template = ROOT / "workbooks" / build.MACRO_TEMPLATE_NAME
    assert main(["toc", str(template), "-o", str(tmp_path / "out.xlsx")]) == 2
    assert ".xlsm" in capsys.readouterr().err
    assert not (tmp_path / "out.xlsx").exists()


def test_toc_of_a_foreign_workbook_is_a_clear_error(tmp_path, capsys):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "别的表"
    wb.save(tmp_path / "other.xlsx")
    assert main(["toc", str(tmp_path / "other.xlsx"), "-o", str(tmp_path / "o.xlsx")]) == 2
    assert capsys.readouterr().err.startswith("错误：")


# --------------------------------------------------------------------------- a stale 目录
#: The 目录 a refresh must write for the workbook of ``_stale``, by hand: (row, text, link).
PART1 = "'部门整体绩效目标'!A1"
#: The refreshed 目录: entry (A), printed page (B) and link (D, beside the print area). The
#: seed's 第一部分 prints on three pages (sections on pages 1, 1, 2); then one page per table.
EXPECTED_TOC = [
    (1, "目  录", None, None),
    (3, "第一部分 部门整体绩效目标", None, PART1),
    (4, "一、总体绩效目标", 1, PART1),
    (5, "二、分项绩效目标", 1, PART1),
    (6, "三、工作保障措施", 2, PART1),
    (7, "第二部分 预算项目绩效目标", None, None),
    (8, "1.冀财行【2021】102号提前下达2022年困难职工及劳模帮扶救助专项资金绩效目标表", 4,
     "'项目1'!A1"),
    (9, "2.困难职工帮扶（调整）绩效目标表", 5, "'项目2（调整）'!A1"),
    (10, "3.新增项目绩效目标表", 6, "'项目5'!A1"),
]


def _stale(folder):
    """The seed after its unit reworked the projects and did not refresh 目录: 项目3 and 项目4
    deleted, 项目2 renamed (sheet and project), a 项目5 added before 代码表. Its 目录 still
    lists the four old projects, down to row 11."""
    import openpyxl

    wb = openpyxl.load_workbook(SEED)
    wb.remove(wb["项目3"])
    wb.remove(wb["项目4"])
    wb["项目2"].title = "项目2（调整）"
    wb["项目2（调整）"]["E3"] = "困难职工帮扶（调整）"
    added = wb.copy_worksheet(wb["项目1"])
    added.title = "项目5"
    added["B3"], added["E3"] = "13063723P00428710099X", "新增项目"
    wb.move_sheet("项目5", offset=-1)
    path = folder / "stale.xlsx"
    wb.save(path)
    return path


def _toc(path):
    """Every non-empty cell of 目录 as (row, text, link), and the sheet's last row."""
    import openpyxl

    ws = openpyxl.load_workbook(path)["目录"]
    cells = [(r, ws.cell(r, 1).value, ws.cell(r, 2).value,
              ws.cell(r, 4).hyperlink.location if ws.cell(r, 4).hyperlink else None)
             for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value is not None]
    return cells, ws.max_row


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("toc")
    stale = _stale(folder)
    target = folder / "refreshed.xlsx"
    return stale, main(["toc", str(stale), "-o", str(target)]), target


def test_toc_rewrites_a_stale_toc_to_the_projects_there_are(refreshed):
    stale, code, target = refreshed
    before, _ = _toc(stale)
    assert before[-1][:2] == (11, "4.劳务派遣人员工资及保险绩效目标表")  # stale indeed
    assert code == 0
    cells, last_row = _toc(target)
    assert cells == EXPECTED_TOC
    assert last_row == 10  # the old row 11 is gone, not left behind


@pytest.mark.soffice
def test_libreoffice_sees_the_refreshed_toc(refreshed, libreoffice, tmp_path):
    _, _, target = refreshed
    rows = range(1, 13)
    queries = [{"q": "cell", "sheet": "目录", "cell": f"A{r}"} for r in rows]
    queries += [{"q": "links", "sheet": "目录", "cell": f"D{r}"} for r in rows]
    answers = libreoffice.job({"input": str(target), "queries": queries}, tmp_path)
    texts, links = answers[:len(rows)], answers[len(rows):]
    seen = [(r, text["string"], link[0] if link else None)
            for r, text, link in zip(rows, texts, links, strict=True) if text["string"]]
    # LibreOffice spells an internal link #'sheet'.A1
    assert seen == [(r, text, "#" + link.replace("!", ".") if link else None)
                    for r, text, _, link in EXPECTED_TOC]


def test_toc_output_reads_back_with_the_same_projects(tmp_path):
    out = tmp_path / "out.xlsx"
    assert main(["toc", str(SEED), "-o", str(out)]) == 0
    assert actions.read_file(out).book == actions.read_file(SEED).book


@pytest.mark.parametrize("folder", [None, r"D:\绩效目标\2024"])
def test_settings_sheet_reads_back(tmp_path, folder):
    import openpyxl

    path = shutil.copy(ROOT / "workbooks" / SUMMARY_BOOK_NAME, tmp_path / "s.xlsm")
    if folder:
        wb = openpyxl.load_workbook(path, keep_vba=True)
        wb[SETTINGS_SHEET].insert_rows(3, 2)  # users may move things: found by label
        wb[SETTINGS_SHEET]["B6"] = folder
        wb[SETTINGS_SHEET]["B7"] = "是"
        wb.save(path)
    settings = read_settings(xlsx.load_grids(path)[SETTINGS_SHEET])
    assert settings.folder == folder
    assert settings.recursive is bool(folder)
    assert settings.roster is None and settings.save_as is None
    assert settings.cells["folder"] == ("B6" if folder else "B4")


def test_in_place_keeps_the_file_permissions_of_an_xlsm(tmp_path):
    path = shutil.copy(ROOT / "workbooks" / build.MACRO_TEMPLATE_NAME, tmp_path / "u.xlsm")
    path.chmod(0o640)
    assert main(["toc", str(path), "--in-place"]) == 0
    assert path.stat().st_mode & 0o777 == 0o640


# --------------------------------------------------------------------------- issue 20: 3, 14
def _print_area(path):
    import openpyxl

    return openpyxl.load_workbook(path)["目录"].print_area


def test_fill_rebuilds_the_toc_print_area_as_toc_does(tmp_path):
    """A stale 目录 of 4 projects in a workbook that now holds 3: after ``fill`` as after
    ``toc`` the print area ends at the last line (row 10 of EXPECTED_TOC), not at row 11."""
    stale = _stale(tmp_path)
    import openpyxl

    wb = openpyxl.load_workbook(stale)
    wb["目录"].print_area = "A1:B8"  # the old area, shorter than the new 目录
    wb.save(stale)
    assert main(["fill", str(stale), "-o", str(tmp_path / "filled.xlsx")]) == 0
    assert main(["toc", str(stale), "-o", str(tmp_path / "toc.xlsx")]) == 0
    assert _print_area(tmp_path / "toc.xlsx") == "'目录'!$A$1:$B$10"
    assert _print_area(tmp_path / "filled.xlsx") == "'目录'!$A$1:$B$10"
    assert _toc(tmp_path / "filled.xlsx")[0] == EXPECTED_TOC


def test_toc_in_place_says_when_the_toc_is_already_current(tmp_path, capsys):
    path = shutil.copy(_stale(tmp_path), tmp_path / "unit.xlsx")
    assert main(["toc", str(path), "--in-place"]) == 0
    assert capsys.readouterr().out.startswith("已更新目录：3 个项目")
    before = path.read_bytes()
    assert main(["toc", str(path), "--in-place"]) == 0
    out = capsys.readouterr().out
    assert "已更新" not in out and out.startswith("目录已是最新（3 个项目），文件未改动")
    assert path.read_bytes() == before


def test_toc_in_place_updates_a_toc_whose_only_change_is_a_link(tmp_path, capsys):
    """The lines read alike but a sheet was renamed: the link is stale, so it is an update."""
    import openpyxl

    path = shutil.copy(SEED, tmp_path / "unit.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["项目4"].title = "项目4（新）"
    wb.save(path)
    assert main(["toc", str(path), "--in-place"]) == 0
    assert capsys.readouterr().out.startswith("已更新目录：4 个项目")
    assert _toc(path)[0][-1][3] == "'项目4（新）'!A1"
