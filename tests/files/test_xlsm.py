"""The .xlsm workbooks: VBA from macros/*.bas, form buttons, and their survival in round trips."""

from __future__ import annotations

import re
import shutil
import tomllib
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsm_parts
from helpers import ROOT
from openpyxl.utils import range_boundaries

import xlperf
from xlperf.app.actions import build
from xlperf.app.actions import unit as actions
from xlperf.core.summary.settings import SETTINGS_SHEET, SUMMARY_BOOK_NAME
from xlperf.core.workbook import layout
from xlperf.core.workbook.button_layout import UNIT_MACROS, Button, Corner, in_row
from xlperf.core.workbook.render import render_workbook
from xlperf.errors import XlperfError
from xlperf.files import vba, xlsm

WORKBOOKS = ROOT / "workbooks"
MACRO_BOOKS = {
    build.MACRO_TEMPLATE_NAME: xlsm.UNIT_MODULES,
    SUMMARY_BOOK_NAME: xlsm.SUMMARY_MODULES,
}
BAS_FILES = sorted((ROOT / "macros").glob("*.bas"))


def _source(name: str) -> str:
    return (ROOT / "macros" / f"{name}.bas").read_text("ascii").replace("\r\n", "\n")


# --------------------------------------------------------------------------- VBA sources
@pytest.mark.parametrize("path", BAS_FILES, ids=lambda p: p.name)
def test_macro_sources_are_ascii_and_named_after_their_file(path):
    module = vba.read_module(path)
    assert module.name == path.stem
    assert path.read_bytes().isascii()


def test_every_macro_file_goes_into_some_workbook():
    used = {name for names in MACRO_BOOKS.values() for name in names}
    assert used == {p.stem for p in BAS_FILES}


def test_non_ascii_source_is_refused(tmp_path):
    bad = tmp_path / "Bad.bas"
    bad.write_text('Attribute VB_Name = "Bad"\nSub A()\n    MsgBox "校验"\nEnd Sub\n', "utf-8")
    with pytest.raises(vba.MacroSourceError, match="第 3 行"):
        vba.read_module(bad)


def test_module_name_must_match_file(tmp_path):
    bad = tmp_path / "Other.bas"
    bad.write_text('Attribute VB_Name = "Bad"\nSub A()\nEnd Sub\n', "ascii")
    with pytest.raises(vba.MacroSourceError, match="VB_Name"):
        vba.read_module(bad)


def _long_module() -> vba.Module:
    # Long repeats are what the ms_ovba_compression bug corrupts (matches longer than the
    # copy token can hold); a real module of this kind is xlwings.bas. Two 300-character
    # repeats early in a chunk, then ~8 KB of ordinary statements: three 4 KB chunks, with
    # repeats late in a chunk, where a copy token holds at most 18 bytes. (Runs of one
    # character make the compressor slow: forty of them took 10-50 s.)
    body = "".join(f"    Debug.Print \"{'x' * 300}\" & {n}\n" for n in range(2))
    body += "".join(f"    Debug.Print {n * 7919 % 100003} * {n}\n" for n in range(290))
    return vba.Module("Long", f'Attribute VB_Name = "Long"\nSub Long()\n{body}End Sub\n')


def test_long_modules_come_out_of_olevba_intact(tmp_path):
    module = _long_module()
    path = tmp_path / "vbaProject.bin"
    path.write_bytes(vba.build_vba_project([module], []))
    assert xlsm_parts.vba_modules(path)["Long"] == module.source


def test_a_module_named_like_a_sheet_module_is_refused():
    clash = vba.Module("sheet2", 'Attribute VB_Name = "sheet2"\nSub A()\nEnd Sub\n')
    with pytest.raises(vba.MacroSourceError, match="sheet2"):
        vba.build_vba_project([clash], ["Sheet1", "Sheet2"])  # VBA names ignore case


def test_build_is_reproducible_and_leaves_no_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    modules = xlsm.load_modules(xlsm.UNIT_MODULES)
    first = vba.build_vba_project(modules, ["Sheet1", "Sheet2"])
    assert vba.build_vba_project(modules, ["Sheet1", "Sheet2"]) == first
    assert list(tmp_path.iterdir()) == []
    assert list((ROOT / "macros").iterdir()) == BAS_FILES


# --------------------------------------------------------------------------- built workbooks
@pytest.mark.parametrize("name", MACRO_BOOKS)
def test_olevba_extracts_exactly_the_macro_sources(name):
    path = WORKBOOKS / name
    modules = xlsm_parts.vba_modules(path)
    wb_code, sheet_codes = xlsm_parts.code_names(path)
    standard = {k: v for k, v in modules.items() if k not in {wb_code, *sheet_codes}}
    assert standard == {m: _source(m) for m in MACRO_BOOKS[name]}
    # One document module per sheet, named by the codeName the workbook XML declares.
    assert set(modules) - set(standard) == {wb_code, *sheet_codes}
    assert wb_code == "ThisWorkbook"
    assert sheet_codes == [f"Sheet{n}" for n in range(1, len(sheet_codes) + 1)]


@pytest.mark.parametrize("name", MACRO_BOOKS)
def test_every_button_runs_an_existing_sub(name):
    path = WORKBOOKS / name
    subs = {sub for m in MACRO_BOOKS[name] for sub in vba.read_module(
        ROOT / "macros" / f"{m}.bas").subs}
    placed = xlsm_parts.buttons(path)
    assert placed, "no buttons"
    for sheet, buttons in placed.items():
        for button in buttons:
            assert button.macro in subs, (sheet, button)
            assert not button.prints


def test_unit_template_buttons_are_where_users_work():
    placed = xlsm_parts.buttons(WORKBOOKS / build.MACRO_TEMPLATE_NAME)
    captions = {sheet: [b.caption for b in bs] for sheet, bs in placed.items()}
    three = [caption for _macro, caption in UNIT_MACROS]
    assert captions == {
        layout.COVER_SHEET: three, layout.TOC_SHEET: ["生成目录"],
        "项目1": three, "项目2": three, "项目3": three,
    }
    summary = xlsm_parts.buttons(WORKBOOKS / SUMMARY_BOOK_NAME)
    assert {s: [(b.macro, b.caption) for b in bs] for s, bs in summary.items()} == {
        SETTINGS_SHEET: [("Consolidate", "汇总"), ("Review", "审核")]}


@pytest.mark.parametrize("name", MACRO_BOOKS)
def test_buttons_cover_no_printed_or_input_cell(name):
    path = WORKBOOKS / name
    wb = openpyxl.load_workbook(path)
    for sheet, buttons in xlsm_parts.buttons(path).items():
        ws = wb[sheet]
        c1, r1, c2, r2 = range_boundaries(ws.print_area.split("!")[-1].replace("$", ""))
        for button in buttons:
            col1, _dx, row1, _dy, col2, dx2, row2, dy2 = button.anchor
            last_col = col2 + 1 if dx2 else col2  # a zero offset ends at the column's edge
            last_row = row2 + 1 if dy2 else row2
            for row in range(row1 + 1, last_row + 1):
                for col in range(col1 + 1, last_col + 1):
                    cell = ws.cell(row, col)
                    assert not (c1 <= col <= c2 and r1 <= row <= r2), (sheet, cell.coordinate)
                    assert cell.protection.locked, (sheet, cell.coordinate)
                    assert cell.value is None, (sheet, cell.coordinate)


def test_button_to_a_missing_sub_is_refused(tmp_path):
    spec = render_workbook(actions.new_unit(xlperf.UnitInfo(), 1))
    wrong = {"项目1": [Button("NoSuchSub", "x", Corner(9, 4, 1, 4), Corner(9, 90, 1, 30))]}
    with pytest.raises(XlperfError, match="NoSuchSub"):
        xlsm.write_macro_book(spec, tmp_path / "x.xlsm", xlsm.load_modules(xlsm.UNIT_MODULES),
                              wrong)


@pytest.mark.parametrize("name", MACRO_BOOKS)
def test_openpyxl_keep_vba_round_trip_keeps_project_and_buttons(name, tmp_path):
    path = WORKBOOKS / name
    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb.save(tmp_path / name)
    again = tmp_path / name
    project = "xl/vbaProject.bin"
    assert xlsm_parts.part_bytes(again, project) == xlsm_parts.part_bytes(path, project)
    assert xlsm_parts.buttons(again) == xlsm_parts.buttons(path)
    assert xlsm_parts.code_names(again) == xlsm_parts.code_names(path)
    with zipfile.ZipFile(again) as z:
        types = z.read("[Content_Types].xml").decode()
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types


def test_buttons_on_many_sheets_survive_the_round_trip(tmp_path):
    """openpyxl keeps only VML parts named ``vmlDrawing<one digit>.vml``; ours all survive."""
    spec = render_workbook(actions.new_unit(xlperf.UnitInfo(), 12))
    buttons = {s.name: in_row(UNIT_MACROS, layout.PROJECT_FEEDBACK_COL, 1, s.widths)
               for s in spec.sheets if s.name.startswith(layout.PROJECT_SHEET_PREFIX)}
    built = xlsm.write_macro_book(spec, tmp_path / "many.xlsm",
                                  xlsm.load_modules(xlsm.UNIT_MODULES), buttons)
    wb = openpyxl.load_workbook(built, keep_vba=True)
    wb.save(tmp_path / "again.xlsm")
    placed = xlsm_parts.buttons(tmp_path / "again.xlsm")
    assert len(placed) == 12
    assert placed == xlsm_parts.buttons(built)


# --------------------------------------------------------------------------- xlwings version
def test_readme_pins_the_xlwings_whose_addin_the_buttons_call():
    import xlwings

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    (pin,) = pyproject["project"]["optional-dependencies"]["excel"]
    version = pin.split("==")[1]
    assert xlwings.__version__ == version
    assert "xlperf[excel]" in (ROOT / "README.md").read_text("utf-8")
    # The add-in `xlwings addin install` copies is the one inside this package: its VBA says
    # which DLL version it loads, and that must be the Python package's version.
    addin = Path(xlwings.__file__).parent / "addin" / "xlwings.xlam"
    main = xlsm_parts.vba_modules(addin)["Main"]
    assert re.search(r'XLWINGS_VERSION As String = "([^"]+)"', main).group(1) == version
    # Our macros name the add-in, never a version.
    common = _source("XlperfCommon")
    assert '"xlwings.xlam"' in common and version not in common


# --------------------------------------------------------------------------- LibreOffice
ADDIN_MISSING = (
    "没有找到 xlwings 加载项，按钮无法运行 Python。请先安装 Python、xlperf 和 xlwings 加载项"
    "（见 xlperf 说明“Excel 按钮”一节），然后重新打开 Excel。"
    "WPS 用户请保存本文件后用命令行 xlperf 处理。"
)


#: The VBA message functions run in LibreOffice, with their arguments (see XlperfCommon.bas).
MESSAGE_CALLS = [
    ("InterpreterProblem", ["python"]),
    ("InterpreterProblem", ["pythonw"]),
    ("InterpreterProblem", ["/no/such/python/pythonw.exe"]),
    ("FailureMessage", [1004, "Cannot run the macro"]),
    ("FailureMessage", [70, "Permission denied"]),
    ("FailureMessage", [9, "Subscript out of range"]),
    ("PythonFailedMessage", []),
    ("ConfiguredInterpreter", []),
]


#: What each call answers, written out here (not taken from the VBA).
MESSAGES = [
    "",
    "",
    "xlwings 设置的 Python 不存在： /no/such/python/pythonw.exe。请在命令提示符中运行 "
    "xlwings config create --force，按当前的 Python 重写 xlwings 的设置，然后重新打开 Excel。",
    None,  # ADDIN_MISSING + the error, below
    "Windows 阻止了 Excel 启动 Python。如果单位启用了 Microsoft Defender 的攻击面减少规则"
    "“阻止所有 Office 应用程序创建子进程”，按钮无法运行：请信息化部门为这条规则设置例外，"
    "或保存本文件后用命令行 xlperf 处理。\n\n(70: Permission denied)",
    "调用 xlwings 加载项时出错。请把本提示截图发给技术支持（见 xlperf 说明“Excel 按钮”一节）。"
    "\n\n(9: Subscript out of range)",
    "Python 没有运行成功，原因见上一个 xlwings 提示框：\n"
    "“No module named 'xlperf'”：这个 Python 中没有安装 xlperf，请用同一个 Python 运行 "
    'pip install "xlperf[excel]"；\n'
    "“'python' 不是内部或外部命令”（'python' is not recognized）：xlwings 还没有设置 Python，"
    "请运行 xlwings config create --force；\n"
    "其他内容请截图发给技术支持（见 xlperf 说明“Excel 按钮”一节）。",
    "",  # ConfiguredInterpreter: no add-in to ask in LibreOffice, so RunPython reports it
]


def _script(module: str, procedure: str) -> str:
    return f"vnd.sun.star.script:VBAProject.{module}.{procedure}?language=Basic&location=document"


def _entry_points() -> dict[str, tuple[str, str]]:
    """Sub → (module, the xlperf.app.excel entry point it passes to RunXlperf)."""
    found = {}
    for path in BAS_FILES:
        source = path.read_text("ascii")
        for sub, body in re.findall(r"Public Sub (\w+)\(\)\n(.*?)End Sub", source, re.S):
            call = re.search(r'RunXlperf "(\w+)"', body)
            if call:
                found[sub] = (path.stem, call.group(1))
    return found


@pytest.mark.soffice
@pytest.mark.parametrize("name", MACRO_BOOKS)
def test_libreoffice_loads_the_project_and_binds_the_buttons(libreoffice, name, tmp_path):
    import ast

    path = WORKBOOKS / name
    placed = xlsm_parts.buttons(path)
    entries = _entry_points()
    queries = [{"q": "modules"}]
    queries += [{"q": "buttons", "sheet": sheet} for sheet in placed]
    queries += [{"q": "invoke", "script": _script("XlperfCommon", "PythonCommand"),
                 "args": [entries[b.macro][1]]} for bs in placed.values() for b in bs]
    queries.append({"q": "invoke", "script": _script("XlperfCommon", "AddinMissingMessage")})
    queries += [{"q": "invoke", "script": _script("XlperfCommon", name), "args": args}
                for name, args in MESSAGE_CALLS]
    # A copy: LibreOffice refuses a file another program holds a lock on.
    answers = libreoffice.job({"input": str(shutil.copy(path, tmp_path)), "queries": queries},
                              tmp_path)

    modules, *rest = answers
    assert set(MACRO_BOOKS[name]) <= set(modules["VBAProject"])
    seen = rest[:len(placed)]
    commands = rest[len(placed):-1 - len(MESSAGE_CALLS)]
    messages = answers[len(answers) - len(MESSAGE_CALLS):]
    wb = openpyxl.load_workbook(path)
    for (sheet, buttons), lo_buttons in zip(placed.items(), seen, strict=True):
        assert [b["label"] for b in lo_buttons] == [b.caption for b in buttons]
        assert [b["script"] for b in lo_buttons] == [
            _script(entries[b.macro][0], b.macro) for b in buttons]
        printed = wb[sheet].print_area.split("!")[-1].replace("$", "")
        c1, r1, c2, r2 = range_boundaries(printed)
        for lo_button in lo_buttons:
            assert lo_button["cells"], lo_button
            for ref in lo_button["cells"]:
                cell = wb[sheet][ref]
                assert not (c1 <= cell.column <= c2 and r1 <= cell.row <= r2), (sheet, ref)
                assert cell.protection.locked and cell.value is None, (sheet, ref)
    # The VBA runs in LibreOffice: the commands the buttons send name real entry points.
    excel = ast.parse((ROOT / "xlperf" / "app" / "excel.py").read_text("utf-8"))
    functions = {n.name for n in excel.body if isinstance(n, ast.FunctionDef)}
    wanted = [entries[b.macro][1] for bs in placed.values() for b in bs]
    assert commands == [f"import xlperf.app.excel; xlperf.app.excel.{e}()" for e in wanted]
    assert set(wanted) <= functions
    assert answers[-1 - len(MESSAGE_CALLS)] == ADDIN_MISSING
    expected = list(MESSAGES)
    expected[3] = ADDIN_MISSING + "\n\n(1004: Cannot run the macro)"
    assert messages == expected


@pytest.mark.soffice
def test_a_sub_of_our_built_project_writes_cells_in_libreoffice(libreoffice, tmp_path):
    """A test-only module added by the same builder proves built code drives the sheet."""
    probe = vba.Module("XlperfProbe", 'Attribute VB_Name = "XlperfProbe"\nOption Explicit\n\n'
                       "Public Sub WriteMarker()\n"
                       '    ThisWorkbook.Worksheets(1).Range("K1").Value = U("5DF2 8FD0 884C")\n'
                       "End Sub\n")
    spec = render_workbook(actions.new_unit(xlperf.UnitInfo(), 1))
    path = xlsm.write_macro_book(spec, tmp_path / "probe.xlsm",
                                 [*xlsm.load_modules(xlsm.UNIT_MODULES), probe], {})
    answers = libreoffice.job({"input": str(path), "queries": [
        {"q": "invoke", "script": _script("XlperfProbe", "WriteMarker")},
        {"q": "cell", "sheet": layout.COVER_SHEET, "cell": "K1"},
    ]}, tmp_path)
    assert answers[1]["string"] == "已运行"


def test_bytes_do_not_depend_on_the_hash_seed(tmp_path):
    """openpyxl iterates sets while writing VBA parts: the saved bytes must not follow them."""
    import os
    import subprocess
    import sys

    digests = []
    for seed in ("1", "2"):
        folder = tmp_path / seed
        folder.mkdir()
        code = ("import sys; from pathlib import Path; from xlperf.app.actions import build;"
                "build.build_macro_workbooks(Path(sys.argv[1]))")
        subprocess.run([sys.executable, "-c", code, str(folder)], check=True, cwd=ROOT,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        digests.append({p.name: p.read_bytes() for p in sorted(folder.glob("*.xlsm"))})
    assert digests[0] == digests[1]


@pytest.mark.soffice
@pytest.mark.parametrize("name", MACRO_BOOKS)
def test_buttons_do_not_print(libreoffice, name, tmp_path):
    """The .xlsm prints exactly what the same workbook without macros and buttons prints."""
    import subprocess

    from xlperf.core.review.sheets import render_summary_book
    from xlperf.files import xlsx

    plain = tmp_path / "plain" / "book.xlsx"
    plain.parent.mkdir()
    if name == SUMMARY_BOOK_NAME:
        xlsx.write_book(render_summary_book(), plain)
    else:
        shutil.copy(WORKBOOKS / build.TEMPLATE_NAME, plain)
    shutil.copy(WORKBOOKS / name, tmp_path / "book.xlsm")
    texts = []
    for path in (tmp_path / "book.xlsm", plain):
        pdf = libreoffice.convert(path, "pdf", path.parent / "pdf")
        texts.append(subprocess.run(["pdftotext", "-layout", str(pdf), "-"],
                                    capture_output=True, text=True, check=True).stdout)
    assert texts[0] == texts[1]
    assert "年部门预算绩效文本" in texts[0] or "使用说明" in texts[0]
