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
