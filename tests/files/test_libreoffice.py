"""LibreOffice as the independent spreadsheet client: open, edit, re-save, render our workbooks."""

import subprocess

import pytest
from helpers import ROOT, sha256

from xlperf.app.actions import unit as actions
from xlperf.app.cli import main
from xlperf.core.model.unit_workbook import facts
from xlperf.core.workbook.reader import read_book
from xlperf.files import fastread, xlsx

WORKBOOKS = sorted((ROOT / "workbooks").rglob("*.xlsx"))
SEED = ROOT / "workbooks" / "examples" / "博野县总工会_2023.xlsx"


@pytest.fixture(scope="module")
def printed(libreoffice, tmp_path_factory):
    """Every downloadable workbook printed to PDF, all in one LibreOffice start."""
    pdfs = libreoffice.convert_many(WORKBOOKS, "pdf", tmp_path_factory.mktemp("printed"))
    return dict(zip(WORKBOOKS, pdfs, strict=True))


@pytest.mark.soffice
@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_every_downloadable_workbook_opens_and_prints(printed, path):
    pdf = printed[path]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    compact = "".join(text.split())
    for label in ("年部门预算绩效文本", "目录", "第一部分部门整体绩效目标", "三、工作保障措施",
                  "一级指标", "指标值确定依据", "3月底", "单位：万元"):
        assert label in compact, label


@pytest.mark.soffice
def test_seed_tables_print_like_the_document(printed, out):
    pdf = printed[SEED]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    compact = "".join(text.split())
    for fact in ("711001博野县总工会本级", "13063723P004287100744",
                 "劳务派遣人员工资及保险绩效目标表", "按月支付", "文件要求", "服务对象满意度指标"):
        assert fact in compact, fact
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "4", "-l", "4", str(pdf),
                    str(out / "page")], check=True)
    assert list(out.glob("page-*4.png")), "project page did not render"


# --------------------------------------------------------------------------- the seed, edited
#: What a user does to a written seed in LibreOffice, one job each (see lo/uno_ops.py).
RESAVE_OPS = [
    {"op": "unprotect", "sheet": "项目3"},
    {"op": "insert_rows", "sheet": "项目3", "row": 11, "count": 2},
    {"op": "set", "sheet": "项目3", "cell": "C11", "text": "体检覆盖率"},
    {"op": "set", "sheet": "项目3", "cell": "D11", "text": "已体检劳模人数/在档劳模人数"},
    {"op": "set", "sheet": "项目3", "cell": "E11", "text": "≥95%"},
    {"op": "set", "sheet": "项目3", "cell": "F11", "text": "2022年实际完成值"},
    {"op": "move_sheet", "sheet": "项目4", "to": 3},
]
FORMULA_OPS = [
    {"op": "unprotect", "sheet": "项目1"},
    {"op": "formula", "sheet": "项目1", "cell": "K10", "formula": "=ROWS(INDIRECT(A10))"},
    {"op": "formula", "sheet": "项目1", "cell": "K14", "formula": "=ROWS(INDIRECT(A14))"},
    {"op": "set", "sheet": "项目1", "cell": "G4", "value": 1},
    {"op": "recalc"},
]
FORMULA_QUERIES = [
    {"q": "cell", "sheet": "项目1", "cell": "K10"},
    {"q": "cell", "sheet": "项目1", "cell": "K14"},
    {"q": "validation", "sheet": "项目1", "cell": "A12"},
    {"q": "validation", "sheet": "项目1", "cell": "B12"},
    {"q": "validation", "sheet": "项目1", "cell": "E12"},
    {"q": "cell", "sheet": "项目1", "cell": "A1"},
    {"q": "cell", "sheet": "项目1", "cell": "I4"},
    {"q": "cell", "sheet": "项目1", "cell": "I7"},
    {"q": "cell", "sheet": "封面", "cell": "A13"},
    {"q": "protected", "sheet": "项目1"},
    {"q": "protected", "sheet": "项目2"},
]


@pytest.fixture(scope="module")
def edited(libreoffice, seed_book, tmp_path_factory):
    """The seed written by us, then in LibreOffice (one start for the three jobs): rows inserted
    and re-saved; formulas typed and recalculated; saved as an old .xls."""
    folder = tmp_path_factory.mktemp("edited")
    source = actions.write_unit(seed_book, folder / "seed.xlsx")
    before = sha256(source)
    paths = {"source": source, "resaved": folder / "resaved.xlsx", "xls": folder / "单位.xls"}
    _, formulas, _ = libreoffice.jobs([
        {"input": str(source), "output": str(paths["resaved"]), "ops": RESAVE_OPS},
        {"input": str(source), "ops": FORMULA_OPS, "queries": FORMULA_QUERIES},
        {"input": str(source), "output": str(paths["xls"]), "filter": "MS Excel 97"},
    ], folder)
    return paths, before, formulas


@pytest.mark.soffice
def test_resaved_by_libreoffice_with_inserted_rows(edited, seed_book):
    paths, before, _ = edited
    resaved = paths["resaved"]
    assert sha256(paths["source"]) == before
    for loader in (xlsx.load_grids, fastread.load_grids):
        result = read_book(loader(resaved))
        assert result.findings == []
        projects = {p.code: p for p in result.book.projects}
        assert len(projects) == 4
        p3 = projects[seed_book.projects[2].code]
        added = p3.indicators[1]
        assert (added.level1, added.level2, added.name, added.value.text, added.cells["name"]) == (
            "产出指标", "数量指标", "体检覆盖率", "≥95%", "C11")
        rest = p3.model_copy(update={"indicators": p3.indicators[:1] + p3.indicators[2:]})
        assert facts(rest) == facts(seed_book.projects[2])
        for original in (seed_book.projects[0], seed_book.projects[1], seed_book.projects[3]):
            assert facts(projects[original.code]) == facts(original)
        assert facts(result.book.department) == facts(seed_book.department)
        assert facts(result.book.info) == facts(seed_book.info)


@pytest.mark.soffice
def test_dropdowns_and_formulas_work_in_a_real_spreadsheet(edited, seed_book):
    _, _, answers = edited
    k10, k14, v_a, v_b, v_e, title, money, plan, cover, p1, p2 = answers
    assert (k10["value"], k14["value"]) == (4, 4)  # 产出指标 and 效益指标 each list 4 二级
    assert v_a == {"type": "LIST", "formula1": "一级指标列表"}
    assert v_b == {"type": "LIST", "formula1": "INDIRECT($A$10)"}
    assert v_e["formula1"] == "比较符列表"
    assert title["string"] == f"{seed_book.projects[0].name}绩效目标表"
    assert "相差 -1.00 万元" in money["string"]         # 10.09 ≠ 10.09 + 1
    assert plan["string"] == "12月底累计支出比例应为100%"  # the seed's plan stops at 10月底
    assert cover["string"] == "博野县总工会"
    assert p2 is True


@pytest.mark.soffice
def test_old_xls_is_refused_clearly(edited, capsys):
    target = edited[0]["xls"]
    before = sha256(target)
    assert main(["dump", str(target)]) == 2
    err = capsys.readouterr().err
    assert "旧版 .xls" in err and str(target) in err
    assert sha256(target) == before
