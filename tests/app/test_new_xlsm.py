"""``xlperf new -o 单位.xlsm`` writes a real macro workbook; other suffixes are refused."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest
import xlsm_parts
from helpers import ROOT

from xlperf.app.actions import build
from xlperf.app.cli import main
from xlperf.core.workbook import layout
from xlperf.core.workbook.button_layout import UNIT_MACROS

MACRO_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def run(capsys, *argv):
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # an argument refused while parsing
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _source(name: str) -> str:
    return (ROOT / "macros" / f"{name}.bas").read_text("ascii").replace("\r\n", "\n")


@pytest.fixture(scope="module")
def twelve(tmp_path_factory):
    """A unit with 12 projects written as .xlsm by the command line."""
    path = tmp_path_factory.mktemp("new") / "单位.xlsm"
    assert main(["new", "-o", str(path), "--projects", "12", "--name", "某单位本级"]) == 0
    return path


def test_new_xlsm_is_a_macro_workbook_with_buttons_on_every_project_sheet(twelve, capsys):
    with zipfile.ZipFile(twelve) as z:
        assert MACRO_TYPE in z.read("[Content_Types].xml").decode()
    modules = xlsm_parts.vba_modules(twelve)
    assert modules["XlperfCommon"] == _source("XlperfCommon")
    assert modules["XlperfUnit"] == _source("XlperfUnit")
    placed = {sheet: [(b.macro, b.caption) for b in bs]
              for sheet, bs in xlsm_parts.buttons(twelve).items()}
    projects = [f"{layout.PROJECT_SHEET_PREFIX}{n}" for n in range(1, 13)]
    assert set(placed) == {layout.COVER_SHEET, layout.TOC_SHEET, *projects}
    for sheet in projects:
        assert placed[sheet] == list(UNIT_MACROS), sheet
    # Same sheets and buttons as the template, just more project sheets.
    template = xlsm_parts.buttons(ROOT / "workbooks" / build.MACRO_TEMPLATE_NAME)
    assert xlsm_parts.buttons(twelve)["项目12"] == template["项目1"]
    code, stdout, _ = run(capsys, "dump", twelve, "--no-cells")
    data = json.loads(stdout)
    assert code == 0 and len(data["projects"]) == 12


@pytest.mark.soffice
def test_libreoffice_binds_the_buttons_of_the_twelfth_project(twelve, libreoffice, tmp_path):
    answers = libreoffice.job({"input": str(shutil.copy(twelve, tmp_path)), "queries": [
        {"q": "modules"}, {"q": "buttons", "sheet": "项目12"}]}, tmp_path)
    assert {"XlperfCommon", "XlperfUnit"} <= set(answers[0]["VBAProject"])
    assert [b["label"] for b in answers[1]] == [caption for _m, caption in UNIT_MACROS]
    assert [b["script"] for b in answers[1]] == [
        f"vnd.sun.star.script:VBAProject.XlperfUnit.{macro}?language=Basic&location=document"
        for macro, _c in UNIT_MACROS]


@pytest.mark.parametrize("name", ["a.txt", "单位", "单位.xls", "单位.xlsb"])
def test_new_refuses_other_suffixes(capsys, tmp_path, name):
    code, _, err = run(capsys, "new", "-o", tmp_path / name)
    assert code == 2 and ".xlsx" in err and ".xlsm" in err
    assert list(tmp_path.iterdir()) == []


def test_export_refuses_a_word_file_not_named_docx(capsys, tmp_path):
    unit = tmp_path / "单位.xlsx"
    assert main(["new", "-o", str(unit)]) == 0
    code, _, err = run(capsys, "export", unit, "--docx", tmp_path / "out.txt")
    assert code == 2 and ".docx" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["单位.xlsx"]
