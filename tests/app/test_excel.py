"""The Excel buttons through xlwings' own remote engine (what xlwings Server and Lite run).

Each test builds the payload the VBA client would send for a real file, runs an entry point,
replays the returned actions onto the file, and compares with the CLI's result on the same input.
"""

from __future__ import annotations

import ast
import asyncio
import copy
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import xlsm_parts
import xlwings_client as client
from helpers import ROOT
from openpyxl.utils import range_boundaries

from xlperf.app.actions import unit as actions
from xlperf.app.actions.build import MACRO_TEMPLATE_NAME
from xlperf.core.summary.settings import SUMMARY_BOOK_NAME
from xlperf.core.workbook import layout as L
from xlperf.core.workbook.annotate import RESULT_SHEET

xw = client.load_xlwings()
excel = pytest.importorskip("xlperf.app.excel")  # imported after the licence key is set
from xlwings.server import custom_scripts_call, custom_scripts_meta  # noqa: E402

TEMPLATE = ROOT / "workbooks" / MACRO_TEMPLATE_NAME
SEED = ROOT / "workbooks" / "examples" / "博野县总工会_2023.xlsx"
CLEAN = ROOT / "workbooks" / "examples" / "博野县卫生健康局_2023.xlsx"


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


CLEAN = ROOT / "workbooks" / "examples" / "博野县卫生健康局_2023.xlsx"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    """Every input file, made once for the module (the tests only read them)."""
    tmp = tmp_path_factory.mktemp("inputs")
    return {"seed": SEED, "clean": CLEAN, "template": TEMPLATE, "stale_seed": _stale_seed(tmp),
            "grown_template": _grown_template(tmp), "no_toc": _no_toc(tmp)}


@pytest.fixture(scope="module")
def cli_result(tmp_path_factory, inputs):
    """The CLI's result for (verb, input), computed once and shared by both entry kinds."""
    tmp = tmp_path_factory.mktemp("cli")
    made: dict[tuple[str, str], tuple[Path, object]] = {}

    def run(verb: str, name: str) -> tuple[Path, object]:
        if (verb, name) not in made:
            source = inputs[name]
            target = tmp / f"{verb}-{name}{source.suffix}"
            if verb == "toc":
                result: object = actions.refresh_toc_file(source, target)
            elif verb == "fill":
                result = actions.fill_file(source, target)
            else:
                result = actions.annotate_file(actions.check_file(source), target)
            made[(verb, name)] = target, result
        return made[(verb, name)]

    return run


_READ_ONCE: dict[tuple, object] = {}


def _once(read, path: Path, *args):
    """``read(path, *args)`` of a file no test changes (an input, a CLI result), read once."""
    key = (read.__name__, path, *args)
    if key not in _READ_ONCE:
        _READ_ONCE[key] = read(path, *args)
    return copy.deepcopy(_READ_ONCE[key])


# --------------------------------------------------------------------------- written cells
def _written(acts: list[dict], sheetnames: list[str], func: str = "setValues",
             ) -> dict[str, list[tuple[int, int]]]:
    """Sheet → every cell the ``func`` actions touch (1-based, repeated if touched twice)."""
    cells: dict[str, list[tuple[int, int]]] = {}
    for action in acts:
        if action["func"] != func:
            continue
        if func == "setValues":
            assert [len(row) for row in action["values"]] == [action["column_count"]] * action[
                "row_count"], "a block's values must fill its rectangle"
        r0, c0 = action["start_row"] + 1, action["start_column"] + 1
        cells.setdefault(sheetnames[action["sheet_position"]], []).extend(
            (r0 + r, c0 + c) for r in range(action["row_count"])
            for c in range(action["column_count"]))
    return cells


def _changed(old: dict[str, list], new: dict[str, list]) -> dict[str, set[tuple[int, int]]]:
    """Sheet → the cells whose value differs between two workbooks' sheet values."""
    changed: dict[str, set[tuple[int, int]]] = {}
    for name, rows in new.items():
        old_rows = old.get(name, [])
        for r in range(max(len(rows), len(old_rows))):
            a = old_rows[r] if r < len(old_rows) else []
            b = rows[r] if r < len(rows) else []
            for c in range(max(len(a), len(b))):
                if (a[c] if c < len(a) else None) != (b[c] if c < len(b) else None):
                    changed.setdefault(name, set()).add((r + 1, c + 1))
    return changed


def _cells(*refs: str) -> set[tuple[int, int]]:
    """A1 cells and ranges ("G4", "D7:F7") → (row, col) pairs."""
    found = set()
    for ref in refs:
        c1, r1, c2, r2 = range_boundaries(ref)
        found |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    return found


#: What 填充默认值 writes, by hand from the inputs, and in how many rectangles (one write
#: each): 其他资金 G4 is blank on every project sheet of the seed; the blank template has the
#: 支出计划 percentages B7 and D7:F7 to fill (C7 is merged into B7: two rectangles a sheet);
#: the stale seed has three project sheets left and its stale 目录 rewritten too: entries in
#: A, pages in B, links in D, rows 1–10, but B1 (merged into the title A1): three rectangles.
FILLED = {
    "seed": ({f"项目{n}": _cells("G4") for n in (1, 2, 3, 4)}, 4),
    "clean": ({}, 0),
    "template": ({f"项目{n}": _cells("B7", "D7:F7") for n in (1, 2, 3)}, 3 * 2),
    "stale_seed": ({"项目1": _cells("G4"), "项目2（调整）": _cells("G4"), "项目3": _cells("G4"),
                    L.TOC_SHEET: _cells("A1", "C1:D1", "A2:D10")}, 3 + 3),
}


# --------------------------------------------------------------------------- 生成目录
@pytest.mark.parametrize("script", [False, True], ids=["RunPython", "script"])
@pytest.mark.parametrize("name", ["stale_seed", "grown_template", "no_toc"])
def test_refresh_toc_equals_the_cli_result(name, script, inputs, cli_result, tmp_path):
    source = inputs[name]
    acts, counts = _run_entry(source, "refresh_toc", script=script)

    replayed = tmp_path / f"replayed{source.suffix}"
    alerts = client.replay(acts, source, replayed)
    cli, done = cli_result("toc", name)
    assert done.projects >= 3
    assert client.sheet_values(replayed) == _once(client.sheet_values, cli)
    assert client.hyperlinks(replayed, L.TOC_SHEET) == _once(client.hyperlinks, cli, L.TOC_SHEET)
    assert _toc_print_area(replayed) == _toc_print_area(cli)  # the area grows with the 目录
    assert len(alerts) == 1 and alerts[0].startswith("目录已更新")

    # The budget: one read per sheet that may hold a table and one of the old 目录 (to say
    # whether it changes), one write per value block.
    sheets = list(_once(client.sheet_values, source))
    assert counts["read"] == len([s for s in sheets if s != L.CODES_SHEET])
    # Three rectangles: the title A1 (B1 is merged into it), C1:D1, and the table below.
    assert counts["write"] == 3
    funcs = [a["func"] for a in acts]
    assert set(funcs) <= client.VBA_CLIENT_ACTIONS
    assert funcs.count("setValues") == 3
    assert funcs.count("addHyperlink") == len(_once(client.hyperlinks, cli, L.TOC_SHEET))


@pytest.mark.parametrize("script", [False, True], ids=["RunPython", "script"])
def test_refresh_toc_of_a_current_toc_says_its_content_is_unchanged(script, cli_result):
    current, _done = cli_result("toc", "stale_seed")  # the CLI made its 目录 current
    acts, _counts = _run_entry(current, "refresh_toc", script=script)
    alerts = client.replay(acts, current, current.with_name(f"again-{script}.xlsx"))
    assert len(alerts) == 1 and alerts[0].startswith("目录内容已是最新，共 3 个项目"), alerts


def _toc_print_area(path: Path) -> str | None:
    return openpyxl.load_workbook(path)[L.TOC_SHEET].print_area


def test_refresh_toc_of_a_foreign_workbook_only_says_why(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "与本工具无关的表"
    wb.save(tmp_path / "other.xlsx")
    acts, counts = _run_entry(tmp_path / "other.xlsx", "refresh_toc", script=False)
    assert [a["func"] for a in acts] == ["alert"]
    assert acts[0]["args"][0].startswith("错误：")
    assert counts["write"] == 0


# --------------------------------------------------------------------------- 填充默认值 / 校验
def _reads_needed(path: Path) -> int:
    sheets = list(_once(client.sheet_values, path))
    return len([s for s in sheets if s != L.CODES_SHEET])


@pytest.mark.parametrize("script", [False, True], ids=["RunPython", "script"])
@pytest.mark.parametrize("name", ["seed", "clean", "template", "stale_seed"])
def test_fill_defaults_equals_the_cli_result(name, script, inputs, cli_result, tmp_path):
    source = inputs[name]
    acts, counts = _run_entry(source, "fill_defaults", script=script)
    replayed = tmp_path / f"replayed{source.suffix}"
    alerts = client.replay(acts, source, replayed)
    cli, result = cli_result("fill", name)
    got = client.sheet_values(replayed)
    assert got == _once(client.sheet_values, cli)
    assert _toc_print_area(replayed) == _toc_print_area(cli)
    assert alerts == [result.edit.message]
    assert counts["read"] == _reads_needed(source)
    funcs = [a["func"] for a in acts]
    assert set(funcs) <= client.VBA_CLIENT_ACTIONS
    # The budget: one write per rectangle, every cell of the edit written once, no other.
    cells, writes = FILLED[name]
    assert funcs.count("setValues") == counts["write"] == writes
    sheetnames = list(got)
    written = _written(acts, sheetnames)
    for sheet, touched in written.items():
        assert len(touched) == len(set(touched)), f"{sheet}: a cell written twice"
    assert {sheet: set(touched) for sheet, touched in written.items()} == cells
    # And whatever the file route changes, the button wrote or cleared.
    cleared = _written(acts, sheetnames, "rangeClear")
    changes = _changed(_once(client.sheet_values, source), _once(client.sheet_values, cli))
    for sheet, changed in changes.items():
        assert changed <= cells.get(sheet, set()) | set(cleared.get(sheet, [])), sheet


def _fills(path: Path, sheets: list[str]) -> dict[tuple[str, str], str | None]:
    wb = openpyxl.load_workbook(path)
    found = {}
    for name in sheets:
        for row in wb[name].iter_rows():
            for cell in row:
                if cell.fill.fill_type == "solid":
                    found[(name, cell.coordinate)] = str(cell.fill.fgColor.rgb)[-6:]
    return found


def _project_sheets(path: Path) -> tuple[str, ...]:
    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    return tuple(n for n in names if n.startswith("项目"))


@pytest.mark.parametrize("script", [False, True], ids=["RunPython", "script"])
@pytest.mark.parametrize("name", ["seed", "clean", "stale_seed"])
def test_check_equals_the_cli_annotation(name, script, inputs, cli_result, tmp_path):
    source = inputs[name]
    acts, counts = _run_entry(source, "check", script=script)
    replayed = tmp_path / f"replayed{source.suffix}"
    alerts = client.replay(acts, source, replayed)
    cli, message = cli_result("check", name)
    expected = _once(client.sheet_values, cli)
    expected.pop("校验标记", None)  # the file run's record of fills (Excel cannot read fills)
    got = client.sheet_values(replayed)
    assert got == expected
    assert alerts == [message]
    projects = tuple(n for n in _once(client.sheet_values, source) if n.startswith("项目"))
    assert _fills(replayed, projects) == _once(_fills, cli, projects)
    assert counts["read"] == _reads_needed(source)
    funcs = [a["func"] for a in acts]
    assert set(funcs) <= client.VBA_CLIENT_ACTIONS
    # The budget: the 校验结果 table in one write, covering its used range once and nothing else.
    assert funcs.count("setValues") == counts["write"] == 1
    written = _written(acts, list(got))
    assert list(written) == [RESULT_SHEET]
    table = expected[RESULT_SHEET]  # its used range, as the file route wrote it
    assert sorted(written[RESULT_SHEET]) == [
        (r, c) for r in range(1, len(table) + 1) for c in range(1, len(table[0]) + 1)]


def test_check_twice_clears_its_own_marks_and_keeps_one_result_sheet(tmp_path):
    first = tmp_path / "first.xlsx"
    client.replay(_run_entry(SEED, "check", script=False)[0], SEED, first)
    # The unit fixes nothing but deletes a whole project: its old marks must go away.
    wb = openpyxl.load_workbook(first)
    wb.remove(wb["项目4"])
    wb.save(tmp_path / "edited.xlsx")
    second = tmp_path / "second.xlsx"
    client.replay(_run_entry(tmp_path / "edited.xlsx", "check", script=False)[0],
                  tmp_path / "edited.xlsx", second)
    cli = tmp_path / "cli.xlsx"
    actions.annotate_file(actions.check_file(tmp_path / "edited.xlsx"), cli)
    expected = client.sheet_values(cli)
    expected.pop("校验标记", None)
    assert client.sheet_values(second) == expected
    projects = _project_sheets(second)
    assert _fills(second, projects) == _fills(cli, projects)
    # And the file route clears marks the button made (it has no 校验标记 to go by).
    again = tmp_path / "again.xlsx"
    actions.annotate_file(actions.check_file(second), again)
    assert _fills(again, projects) == _fills(cli, projects)


def test_unit_buttons_on_a_foreign_workbook_only_say_why(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "与本工具无关的表"
    wb.save(tmp_path / "other.xlsx")
    for entry in ("fill_defaults", "check", "fix_workbook"):
        acts, counts = _run_entry(tmp_path / "other.xlsx", entry, script=True)
        assert [a["func"] for a in acts] == ["alert"]
        assert acts[0]["args"][0].startswith("错误：")
        assert counts["write"] == 0


# --------------------------------------------------------------------------- 汇总
def _summary_book(tmp: Path, folder: Path, save_as: Path | None) -> Path:
    from xlperf.core.summary.settings import SETTINGS_SHEET

    wb = openpyxl.load_workbook(ROOT / "workbooks" / SUMMARY_BOOK_NAME, keep_vba=True)
    ws = wb[SETTINGS_SHEET]
    values = {"单位工作簿文件夹": str(folder), "包含子文件夹": "是",
              "汇总结果另存为": str(save_as) if save_as else None}
    for row in ws.iter_rows():
        label = str(row[0].value or "").strip()
        if label in values:
            ws.cell(row[0].row, 2).value = values[label]
    wb.save(tmp / SUMMARY_BOOK_NAME)
    return tmp / SUMMARY_BOOK_NAME


@pytest.mark.parametrize("script", [False, True], ids=["RunPython", "script"])
def test_consolidate_writes_the_cli_summary_into_the_book(script, tmp_path):
    folder = tmp_path / "收件"
    (folder / "子文件夹").mkdir(parents=True)
    for n, path in enumerate(sorted((ROOT / "workbooks" / "examples").glob("*.xlsx"))):
        shutil.copy(path, folder / ("子文件夹" if n % 2 else "") / path.name)
    wb = openpyxl.load_workbook(folder / "博野县总工会_2023.xlsx")
    purpose = wb["项目1"]["B5"]
    purpose.value, purpose.data_type = "=HYPERLINK(\"http://x\")", "s"  # text, as a unit typed
    wb.save(folder / "博野县总工会_2023.xlsx")
    save_as = tmp_path / "另存汇总.xlsx"
    book = _summary_book(tmp_path, folder, save_as)
    acts, counts = _run_entry(book, "consolidate", script=script)
    replayed = tmp_path / "replayed.xlsm"
    alerts = client.replay(acts, book, replayed)
    from xlperf.app.actions.county import consolidate

    cli = tmp_path / "cli.xlsx"
    result = consolidate([folder], cli)
    got, want = client.sheet_values(replayed), client.sheet_values(cli)
    for name in want:
        assert got[name] == want[name], name
    assert '=HYPERLINK("http://x")' in [v for row in got["项目清单"] for v in row]
    assert client.sheet_values(save_as) == want
    assert len(alerts) == 1 and alerts[0].startswith(f"已汇总 {len(result.summary.units)} 个单位")
    assert counts["read"] == 1  # the 设置 sheet only
    funcs = [a["func"] for a in acts]
    assert set(funcs) <= client.VBA_CLIENT_ACTIONS
    assert funcs.count("setValues") == counts["write"] <= 2 * len(want)


def test_consolidate_without_a_folder_says_what_to_fill(tmp_path):
    acts, counts = _run_entry(ROOT / "workbooks" / SUMMARY_BOOK_NAME, "consolidate", script=False)
    assert [a["func"] for a in acts] == ["alert"]
    assert "文件夹" in acts[0]["args"][0] and counts["write"] == 0


# --------------------------------------------------------------------------- 审核
def _review_book(tmp: Path, folder: Path, review_folder: Path | None) -> Path:
    from xlperf.core.summary.settings import SETTINGS_SHEET

    wb = openpyxl.load_workbook(ROOT / "workbooks" / SUMMARY_BOOK_NAME, keep_vba=True)
    ws = wb[SETTINGS_SHEET]
    values = {"单位工作簿文件夹": str(folder),
              "审核目录": str(review_folder) if review_folder else None}
    for row in ws.iter_rows():
        label = str(row[0].value or "").strip()
        if label in values:
            ws.cell(row[0].row, 2).value = values[label]
    wb.save(tmp / SUMMARY_BOOK_NAME)
    return tmp / SUMMARY_BOOK_NAME


def _examples(folder: Path) -> Path:
    folder.mkdir()
    for path in sorted((ROOT / "workbooks" / "examples").glob("*.xlsx")):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.mark.parametrize("script", [False, True], ids=["RunPython", "script"])
def test_review_writes_the_cli_review_sheet_into_the_book(script, tmp_path):
    from xlperf.app.actions.review import review
    from xlperf.core.review.sheets import MAIN_SHEET

    folder = _examples(tmp_path / "收件")
    book = _review_book(tmp_path, folder, tmp_path / "审核")
    acts, counts = _run_entry(book, "review", script=script)
    replayed = tmp_path / "replayed.xlsm"
    alerts = client.replay(acts, book, replayed)
    cli = review([folder], tmp_path / "命令行审核", jobs=1)
    want = client.sheet_values(cli.book)[MAIN_SHEET]
    got = client.sheet_values(replayed)[MAIN_SHEET]
    letter_column = want[1].index("意见书")
    assert got == want and len(want) == 2 + 4
    assert client.sheet_values(tmp_path / "审核" / "审核汇总.xlsx")[MAIN_SHEET] == want
    assert {row[letter_column] for row in want[2:]} - {None} == {
        str(Path("第1轮") / f"{c}_博野县{n}本级_审核意见书.docx")
        for c, n in (("704001", "教育和体育局"), ("711001", "总工会"), ("721001", "农业农村局"))}
    assert len(alerts) == 1 and alerts[0].startswith("审核完成：共 4 个单位")
    assert counts["read"] == 2  # 设置, and 审核汇总 for what the reviewer typed
    funcs = [a["func"] for a in acts]
    assert set(funcs) <= client.VBA_CLIENT_ACTIONS
    assert funcs.count("setValues") == counts["write"] == 1
    # The template's 审核结果 dropdown is still there.
    validations = openpyxl.load_workbook(replayed, keep_vba=True)[MAIN_SHEET].data_validations
    assert [str(v.sqref) for v in validations.dataValidation] == ["F3:F3000"]


def test_a_note_typed_in_the_book_survives_the_next_click_and_reaches_the_letter(tmp_path):
    from xlperf.core.review.sheets import MAIN_SHEET

    folder = _examples(tmp_path / "收件")
    book = _review_book(tmp_path, folder, tmp_path / "审核")
    first = tmp_path / "first.xlsm"
    client.replay(_run_entry(book, "review", script=False)[0], book, first)
    wb = openpyxl.load_workbook(first, keep_vba=True)
    ws = wb[MAIN_SHEET]
    header = [c.value for c in ws[2]]
    row = next(r for r in ws.iter_rows(min_row=3) if r[0].value == "721001")
    row[header.index("审核意见")].value = "-请把满意度指标移到满意度指标下。"
    row[header.index("审核结果")].value = "差"
    wb.save(first)
    second = tmp_path / "second.xlsm"
    client.replay(_run_entry(first, "review", script=False)[0], first, second)
    for path in (second, tmp_path / "审核" / "审核汇总.xlsx"):
        values = client.sheet_values(path)[MAIN_SHEET]
        unit = next(r for r in values if r[0] == "721001")
        assert unit[header.index("审核意见")] == "-请把满意度指标移到满意度指标下。"
        assert (unit[header.index("审核结果")], unit[header.index("状态")]) == ("差", "退回修改")
    import docx

    letter = tmp_path / "审核" / "第1轮" / "721001_博野县农业农村局本级_审核意见书.docx"
    text = "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)
    assert "审核结果：差。" in text and "-请把满意度指标移到满意度指标下。" in text


def test_review_without_a_review_folder_says_what_to_fill(tmp_path):
    book = _review_book(tmp_path, _examples(tmp_path / "收件"), None)
    acts, counts = _run_entry(book, "review", script=False)
    assert [a["func"] for a in acts] == ["alert"]
    assert "审核目录" in acts[0]["args"][0] and counts["write"] == 0


# --------------------------------------------------------------------------- 导出 Word
def _export_word(path: Path, *, as_saved: bool) -> list[dict]:
    """Press 导出 Word on the file; ``as_saved`` gives the book its full path, as desktop Excel
    does (the remote engine of Lite and Server only knows the file name)."""
    data = client.payload(path, version=xw.__version__)
    if as_saved:
        data["book"]["name"] = str(path)
    book = xw.Book(json=data)
    book.set_mock_caller()
    try:
        excel.export_word()
    finally:
        del xw.Book._mock_caller
    return book.json()["actions"]


def test_export_word_writes_what_the_workbook_holds_and_never_replaces_a_file(tmp_path):
    from xlperf.core.document import parse as document
    from xlperf.core.model.unit_workbook import facts
    from xlperf.files import wordfile

    path = tmp_path / "卫健局.xlsx"
    shutil.copy(CLEAN, path)
    acts = _export_word(path, as_saved=True)
    assert [a["func"] for a in acts] == ["alert"]
    made = tmp_path / "卫健局_绩效文本.docx"
    assert str(made) in acts[0]["args"][0]
    lines, unit_line = wordfile.read_docx(made)
    want = facts(actions.read_file(CLEAN).book)
    assert facts(document.parse_document(lines, unit_line=unit_line).book) == want
    before = made.read_bytes()
    acts = _export_word(path, as_saved=True)
    assert str(tmp_path / "卫健局_绩效文本(2).docx") in acts[0]["args"][0]
    assert made.read_bytes() == before


def test_export_word_refuses_a_workbook_with_errors_as_the_command_does(tmp_path):
    path = tmp_path / "总工会.xlsx"
    shutil.copy(SEED, path)
    errors = sum(f.severity == "error" for f in actions.check_file(SEED).findings)
    acts = _export_word(path, as_saved=True)
    assert [a["func"] for a in acts] == ["alert"]
    said = acts[0]["args"][0]
    assert "未导出" in said and f"错误 {errors} 条" in said and "校验" in said
    assert not list(tmp_path.glob("*.docx"))


def test_export_word_without_a_saved_file_says_what_to_do(tmp_path):
    acts = _export_word(SEED, as_saved=False)
    assert [a["func"] for a in acts] == ["alert"] and "xlperf export" in acts[0]["args"][0]
    assert not list(SEED.parent.glob("*.docx"))


def test_scripts_are_registered_for_lite_and_server():
    meta = {m["function_name"]: m for m in custom_scripts_meta(excel)}
    assert {name: m["name"] for name, m in meta.items()} == {
        "script_refresh_toc": "生成目录", "script_fill_defaults": "填充默认值",
        "script_check": "校验", "script_consolidate": "汇总", "script_review": "审核",
        "script_fix_workbook": "一键修正"}
    # 目录 itself must be sent (its length tells which old rows to clear); 代码表 need not.
    assert meta["script_refresh_toc"]["exclude"] == L.CODES_SHEET


def test_cli_toc_in_place_keeps_macros_and_buttons(tmp_path):
    path = shutil.copy(_grown_template(tmp_path), tmp_path / "unit.xlsm")
    before, code_names = xlsm_parts.buttons(path), xlsm_parts.code_names(path)
    assert actions.refresh_toc_file(path, in_place=True).projects == 4
    project = "xl/vbaProject.bin"
    assert xlsm_parts.part_bytes(path, project) == xlsm_parts.part_bytes(TEMPLATE, project)
    assert xlsm_parts.buttons(path) == before
    assert xlsm_parts.code_names(path) == code_names


# --------------------------------------------------------------------------- boundaries
def test_only_excel_imports_xlwings():
    importers = []
    for path in sorted((ROOT / "xlperf").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        if any(name.split(".")[0] == "xlwings" for name in names):
            importers.append(path.relative_to(ROOT).as_posix())
    assert importers == ["xlperf/app/excel.py"]


def test_excel_runs_without_file_libraries():
    """xlwings Lite installs xlperf without dependencies: the button module needs none of the
    file libraries (no calamine wheel exists for it; openpyxl, PyYAML, python-docx are unused)."""
    code = ("import sys, xlperf.app.excel; "
            "bad = {'openpyxl', 'python_calamine', 'yaml', 'docx'} & set(sys.modules);"
            "print(sorted(bad))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"
