"""填充默认值: only blanks, every fill reported, idempotent; and `xlperf fill` on files."""

from decimal import Decimal

import openpyxl
import pytest
from helpers import ROOT, sha256, spec_grids

from xlperf.app.actions import unit as actions
from xlperf.app.cli import main
from xlperf.core.check.fill import fill_defaults
from xlperf.core.model.unit_workbook import Indicator, UnitInfo
from xlperf.core.model.vocab import SKELETON
from xlperf.core.rules import RULES
from xlperf.core.workbook.reader import read_book
from xlperf.core.workbook.render import render_workbook
from xlperf.files import fastread
from xlperf.files.examples import load_example


def _fills(book):
    grids = spec_grids(render_workbook(book))
    return fill_defaults(read_book(grids).book, grids)


def test_default_codes_are_unique_and_documented():
    defaults = [r for r in RULES.values() if r.code.startswith("D")]
    assert len(defaults) >= 8
    assert all(d.template and d.hint and d.dimension is None for d in defaults)


def test_blank_workbook_gets_compiler_and_standard_plans():
    book = actions.new_unit(UnitInfo(code="711001", name="某局本级", year=2024), 2)
    fills = {(f.code, f.sheet, f.cell): f.value for f in _fills(book).fills}
    assert fills[("D008", "封面", "B5")] == "某局"
    assert [fills[("D003", "项目2", c)] for c in ("B7", "D7", "E7", "F7")] == [0.25, 0.5, 0.75, 1.0]
    assert not any(code == "D007" for code, *_ in fills)  # 目录 already current


def test_money_description_and_header_defaults():
    book = load_example("博野县卫生健康局_2023")
    p = book.projects[1].model_copy(update={
        "fiscal_funds": None, "other_funds": None, "unit_code": None, "unit_name": None,
        "indicators": [book.projects[1].indicators[0].model_copy(update={"description": None}),
                       *book.projects[1].indicators[1:]]})
    book = book.model_copy(update={"projects": [book.projects[0], p, book.projects[2]]})
    fills = {(f.code, f.cell): f.value for f in _fills(book).fills if f.sheet == "项目2"}
    assert fills == {("D002", "E4"): 60.0, ("D001", "G4"): 0,
                     ("D004", "D10"): "完成两癌筛查人数",
                     ("D005", "A2"): "733001 博野县卫生健康局本级"}


def test_skeleton_for_a_project_whose_indicator_rows_were_deleted():
    book = actions.new_unit(UnitInfo(code="1", name="x本级"), 1)
    grids = spec_grids(render_workbook(book))
    sheet = grids["项目1"]
    rows = [list(r[:]) for r in sheet.rows[:9]]  # everything below the header deleted
    from xlperf.core.workbook.grid import BookGrids, SheetGrid
    grids = BookGrids(tuple(SheetGrid(s.name, rows) if s.name == "项目1" else s
                            for s in grids.sheets))
    result = fill_defaults(read_book(grids).book, grids)
    skeleton = [(f.cell, f.value) for f in result.fills if f.code == "D006"]
    assert skeleton[:4] == [("A10", "产出指标"), ("B10", "数量指标"), ("A11", "产出指标"),
                            ("B11", "质量指标")]
    assert len(skeleton) == 2 * len(SKELETON)


def test_unreadable_text_is_never_overwritten():
    book = load_example("博野县卫生健康局_2023")
    grids = spec_grids(render_workbook(book))
    rows = [list(r) for r in grids["项目1"].rows]
    rows[3][4] = "二百万"  # 财政资金 as words: the model has None, the cell is not blank
    from xlperf.core.workbook.grid import BookGrids, SheetGrid
    grids = BookGrids(tuple(SheetGrid(s.name, rows) if s.name == "项目1" else s
                            for s in grids.sheets))
    result = fill_defaults(read_book(grids).book, grids)
    assert not [f for f in result.fills if f.sheet == "项目1" and f.cell == "E4"]


def test_fill_file_twice_changes_nothing_the_second_time(out, capsys):
    book = actions.new_unit(UnitInfo(code="711001", name="某局本级", year=2024), 1)
    source = actions.write_unit(book, out / "单位.xlsx")
    before = sha256(source)
    assert main(["fill", str(source), "-o", str(out / "填充.xlsx")]) == 0
    first = capsys.readouterr().out
    assert "D003 项目1!B7 “25%”" in first and sha256(source) == before
    filled = out / "填充.xlsx"
    assert main(["fill", str(filled), "--in-place"]) == 0
    assert "没有需要填充" in capsys.readouterr().out
    again = actions.read_file(filled).book
    assert [p.percent for p in again.projects[0].spending_plan] == [25, 50, 75, 100]
    assert again.info.compiler == "某局"


def test_fill_in_place_keeps_the_vba_project(out):
    template = ROOT / "workbooks" / "单位绩效目标模板.xlsm"
    unit = out / "单位.xlsm"
    unit.write_bytes(template.read_bytes())
    vba = _vba(unit)
    actions.fill_file(unit, in_place=True)
    assert _vba(unit) == vba
    assert actions.read_file(unit).book.projects[0].spending_plan[0].percent == Decimal(25)


def _vba(path):
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read("xl/vbaProject.bin")


def test_fill_never_overwrites_a_formula(out):
    book = load_example("博野县卫生健康局_2023")
    path = actions.write_unit(book, out / "单位.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["项目1"]["G4"] = "=C4-E4"  # the unit computes 其他资金 itself (no cached value yet)
    wb.save(path)
    result = actions.fill_file(path, out / "填充.xlsx")
    assert not [f for f in result.fills if f.cell == "G4" and f.sheet == "项目1"]
    assert openpyxl.load_workbook(out / "填充.xlsx")["项目1"]["G4"].value == "=C4-E4"


@pytest.mark.parametrize("argv", [["fill", "x.xlsx"], ["fill", "x.xlsx", "-o", "a", "--in-place"]])
def test_fill_needs_exactly_one_target(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2


def test_toc_is_regenerated_when_stale(out):
    book = load_example("博野县卫生健康局_2023")
    path = actions.write_unit(book, out / "单位.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["项目2"]["E3"] = "两癌免费筛查"  # renamed project: the 目录 line is stale
    wb.save(path)
    grids = fastread.load_grids(path)
    result = fill_defaults(actions.read_file(path).book, grids)
    assert [f.code for f in result.fills] == ["D007"]
    values = result.edit.sheets[-1].values
    assert "2.两癌免费筛查绩效目标表" in values.values()


def test_indicator_model_default_description_is_placeholder_note():
    book = load_example("博野县卫生健康局_2023")
    rows = [Indicator(level1="产出指标", level2="数量指标", name="人数", value="=1人")]
    book = book.model_copy(update={"projects": [book.projects[0].model_copy(
        update={"indicators": rows})]})
    notes = [f.note for f in _fills(book).fills if f.code == "D004"]
    assert notes == ["占位：请改写为计算方法或统计口径"]


def _listed(stdout):
    """The fill lines `xlperf fill` printed (code, sheet!cell …) and the count it claimed."""
    lines = [ln for ln in stdout.splitlines() if ln[:1] == "D" and ln[1:4].isdigit()]
    claimed = next((int(ln.split("已填充 ")[1].split(" ")[0]) for ln in stdout.splitlines()
                    if "已填充" in ln), 0)
    return lines, claimed


def test_fill_rewrites_a_stale_toc_and_lists_every_fill(out, capsys):
    """A project named after the 目录 was made: fill shows it there and lists every fill."""
    path = actions.write_unit(actions.new_unit(UnitInfo(), 2), out / "妇联.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["项目1"]["E3"] = "妇女儿童维权服务"
    wb.save(path)
    assert main(["fill", str(path), "-o", str(out / "妇联_filled.xlsx")]) == 0
    lines, claimed = _listed(capsys.readouterr().out)
    assert claimed == len(lines) and any(ln.startswith("D007 目录!") for ln in lines)
    toc = openpyxl.load_workbook(out / "妇联_filled.xlsx")["目录"]
    entries = [c.value for c in toc["A"] if isinstance(c.value, str) and "绩效目标表" in c.value]
    assert entries == ["1.妇女儿童维权服务绩效目标表", "2.（未命名项目）绩效目标表"]
    assert main(["fill", str(out / "妇联_filled.xlsx"), "-o", str(out / "again.xlsx")]) == 0
    second = capsys.readouterr().out
    assert _listed(second) == ([], 0) and "没有需要填充" in second


def test_fill_prints_values_as_the_user_reads_them(out, capsys):
    book = load_example("博野县卫生健康局_2023")
    p = book.projects[0].model_copy(update={
        "fiscal_funds": None, "spending_plan": [pt.model_copy(update={"percent": None})
                                                for pt in book.projects[0].spending_plan]})
    book = book.model_copy(update={"projects": [p, *book.projects[1:]]})
    path = actions.write_unit(book, out / "单位.xlsx")
    assert main(["fill", str(path), "-o", str(out / "填充.xlsx")]) == 0
    printed = capsys.readouterr().out
    assert "D003 项目1!B7 “25%”" in printed and "D003 项目1!F7 “100%”" in printed
    assert f"D002 项目1!E4 “{p.budget - p.other_funds:.2f}”" in printed
    assert "0.25" not in printed and "1.0”" not in printed
