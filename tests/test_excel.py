"""The Excel buttons through xlwings' own remote engine (what xlwings Server and Lite run).

Each test builds the payload the VBA client would send for a real file, runs an entry point,
replays the returned actions onto the file, and compares with the CLI's result on the same input.
"""

from __future__ import annotations

import ast
import asyncio
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import xlsm_parts
import xlwings_client as client
from helpers import ROOT

from xlperf import actions
from xlperf import layout as L
from xlperf.summary_book import SUMMARY_BOOK_NAME

xw = client.load_xlwings()
excel = pytest.importorskip("xlperf.excel")  # imported after the licence key is set
from xlwings.server import custom_scripts_call, custom_scripts_meta  # noqa: E402

TEMPLATE = ROOT / "workbooks" / actions.MACRO_TEMPLATE_NAME
SEED = ROOT / "workbooks" / "examples" / "博野县总工会_2023.xlsx"


def _run_entry(path: Path, entry: str, *, script: bool) -> tuple[list[dict], dict[str, int]]:
    """Run one button on the file through the remote engine; return actions and call counts."""
    book = xw.Book(json=client.payload(path, version=xw.__version__))
    with client.count_calls() as counts:
        if script:
            asyncio.run(custom_scripts_call(excel, f"script_{entry}",
                                            typehint_to_value={xw.Book: book}))
        else:
            book.set_mock_caller()
            try:
                getattr(excel, entry)()
            finally:
                del xw.Book._mock_caller
    return book.json()["actions"], counts


# --------------------------------------------------------------------------- inputs
def _stale_seed(tmp: Path) -> Path:
    """The seed with its last project sheet deleted and another renamed: 目录 is stale."""
    wb = openpyxl.load_workbook(SEED)
    wb.remove(wb["项目4"])
    wb["项目2"].title = "项目2（调整）"
    wb.save(tmp / "stale.xlsx")
    return tmp / "stale.xlsx"


def _grown_template(tmp: Path) -> Path:
    """The .xlsm template with a fourth project table copied from the first and named."""
    wb = openpyxl.load_workbook(TEMPLATE, keep_vba=True)
    copy = wb.copy_worksheet(wb["项目1"])
    copy.title = "项目4"
    copy.sheet_properties.codeName = None  # as a sheet added by a tool; Excel names it on open
    copy["E3"] = "新增项目"
    wb.save(tmp / "grown.xlsm")
    return tmp / "grown.xlsm"


def _no_toc(tmp: Path) -> Path:
    wb = openpyxl.load_workbook(SEED)
    wb.remove(wb[L.TOC_SHEET])
    wb.save(tmp / "no_toc.xlsx")
    return tmp / "no_toc.xlsx"


INPUTS = {"stale_seed": _stale_seed, "grown_template": _grown_template, "no_toc": _no_toc}


# --------------------------------------------------------------------------- 生成目录
@pytest.mark.parametrize("script", [False, True], ids=["RunPython", "script"])
@pytest.mark.parametrize("make", INPUTS.values(), ids=INPUTS.keys())
def test_refresh_toc_equals_the_cli_result(make, script, tmp_path):
    source = make(tmp_path)
    acts, counts = _run_entry(source, "refresh_toc", script=script)

    replayed = tmp_path / f"replayed{source.suffix}"
    alerts = client.replay(acts, source, replayed)
    cli = tmp_path / f"cli{source.suffix}"
    assert actions.refresh_toc_file(source, cli) >= 3
    assert client.sheet_values(replayed) == client.sheet_values(cli)
    assert client.hyperlinks(replayed, L.TOC_SHEET) == client.hyperlinks(cli, L.TOC_SHEET)
    assert len(alerts) == 1 and alerts[0].startswith("目录已更新")

    # The budget: one read per sheet that may hold a table, one write per value block.
    sheets = openpyxl.load_workbook(source, read_only=True).sheetnames
    assert counts["read"] == len([s for s in sheets if s not in (L.TOC_SHEET, L.CODES_SHEET)])
    assert counts["write"] == 1
    funcs = [a["func"] for a in acts]
    assert set(funcs) <= client.VBA_CLIENT_ACTIONS
    assert funcs.count("setValues") == 1
    assert funcs.count("addHyperlink") == len(client.hyperlinks(cli, L.TOC_SHEET))


def test_refresh_toc_of_a_foreign_workbook_only_says_why(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "与本工具无关的表"
    wb.save(tmp_path / "other.xlsx")
    acts, counts = _run_entry(tmp_path / "other.xlsx", "refresh_toc", script=False)
    assert [a["func"] for a in acts] == ["alert"]
    assert acts[0]["args"][0].startswith("错误：")
    assert counts["write"] == 0


@pytest.mark.parametrize("entry", ["fill_defaults", "check", "consolidate"])
def test_buttons_of_later_issues_say_so_and_touch_nothing(entry, tmp_path):
    path = ROOT / "workbooks" / (SUMMARY_BOOK_NAME if entry == "consolidate" else
                                 actions.MACRO_TEMPLATE_NAME)
    for script in (False, True):
        acts, counts = _run_entry(path, entry, script=script)
        assert [a["func"] for a in acts] == ["alert"]
        assert "下一版本" in acts[0]["args"][0]
        assert counts == {"read": 0, "write": 0}


def test_scripts_are_registered_for_lite_and_server():
    meta = {m["function_name"]: m for m in custom_scripts_meta(excel)}
    assert {name: m["name"] for name, m in meta.items()} == {
        "script_refresh_toc": "生成目录", "script_fill_defaults": "填充默认值",
        "script_check": "校验", "script_consolidate": "汇总"}
    # 目录 itself must be sent (its length tells which old rows to clear); 代码表 need not.
    assert meta["script_refresh_toc"]["exclude"] == L.CODES_SHEET


def test_cli_toc_in_place_keeps_macros_and_buttons(tmp_path):
    path = shutil.copy(_grown_template(tmp_path), tmp_path / "unit.xlsm")
    before, code_names = xlsm_parts.buttons(path), xlsm_parts.code_names(path)
    assert actions.refresh_toc_file(path, in_place=True) == 4
    project = "xl/vbaProject.bin"
    assert xlsm_parts.part_bytes(path, project) == xlsm_parts.part_bytes(TEMPLATE, project)
    assert xlsm_parts.buttons(path) == before
    assert xlsm_parts.code_names(path) == code_names


# --------------------------------------------------------------------------- boundaries
def test_only_excel_imports_xlwings():
    for path in sorted((ROOT / "xlperf").glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        if any(name.split(".")[0] == "xlwings" for name in names):
            assert path.name == "excel.py", path


def test_excel_runs_without_file_libraries():
    """xlwings Lite has no calamine wheel: the button module must not need it (nor openpyxl)."""
    code = ("import sys, xlperf.excel; bad = {'openpyxl', 'python_calamine'} & set(sys.modules);"
            "print(sorted(bad))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"
