"""The label-finding reader, on grids (no files): what users do to their sheets."""

from decimal import Decimal

import pytest
from helpers import spec_grids, text_grid

from xlperf.core.model.unit_workbook import facts
from xlperf.core.workbook.grid import BookGrids, SheetGrid
from xlperf.core.workbook.project_reader import split_targets
from xlperf.core.workbook.reader import read_book
from xlperf.core.workbook.render import render_workbook
from xlperf.errors import NotATemplateError


def _grids(book):
    return spec_grids(render_workbook(book))


def _replace(grids: BookGrids, name: str, rows) -> BookGrids:
    return BookGrids(tuple(SheetGrid(s.name, rows) if s.name == name else s
                           for s in grids.sheets))


def test_reads_back_what_was_rendered(example):
    _, book = example
    result = read_book(_grids(book))
    assert result.findings == []
    assert facts(result.book) == facts(book)


def test_inserted_indicator_rows_are_read_with_inherited_levels(seed_book):
    grids = _grids(seed_book)
    rows = [list(r) for r in grids["项目1"].rows]
    # the user inserts two rows inside the 产出指标 block (merged cells above stay merged)
    rows[10:10] = [[None, None, "新增三级", "新增描述", "≥3个", "文件"] + [None] * 3,
                   [None] * 9]
    result = read_book(_replace(grids, "项目1", rows))
    project = result.book.projects[0]
    added = project.indicators[1]
    assert (added.level1, added.level2, added.name, added.value.text) == (
        "产出指标", "数量指标", "新增三级", "≥3个")
    assert added.cells["name"] == "C11" and added.cells["level1"] == "A10"
    without = project.model_copy(update={"indicators": project.indicators[:1] +
                                         project.indicators[2:]})
    assert facts(without) == facts(seed_book.projects[0])


def test_deleted_rows_and_moved_tables_are_found(seed_book):
    grids = _grids(seed_book)
    rows = [list(r) for r in grids["项目2"].rows]
    rows = [[None] * 9, [None] * 9, *rows]        # two blank rows on top
    del rows[2 + 4]                                 # the 资金用途 row deleted
    result = read_book(_replace(grids, "项目2", rows))
    project = result.book.projects[1]
    assert project.code == seed_book.projects[1].code
    assert project.cells["code"] == "B5"
    assert project.purpose is None
    expected = [i.name for i in seed_book.projects[1].indicators]
    assert [i.name for i in project.indicators] == expected


def test_sheet_order_and_extra_sheets_do_not_matter(seed_book):
    grids = _grids(seed_book)
    sheets = list(grids.sheets)
    sheets.reverse()
    sheets.insert(2, SheetGrid("备注", [["随便写点什么"], ["项目编码说明"]]))
    result = read_book(BookGrids(tuple(sheets)))
    assert [p.code for p in result.book.projects] == [p.code for p in
                                                      reversed(seed_book.projects)]
    assert facts(result.book.info) == facts(seed_book.info)


SEED_LIKE = """
1. 示例项目绩效目标表
711001 博野县总工会本级
单位：万元
项目编码\t13063723P004287100744\t\t项目名称\t示例项目\t\t
预算规模及 资金用途\t预算数\t10.09\t其中：财政 资金\t10.09\t其他资金\t
\t资金用途文字\t\t\t\t\t
资金支出计 划（%）\t3月底\t\t6月底\t\t10月底\t
\t25%\t\t50%\t\t75%\t
绩效目标\t1. 目标甲。 2. 目标乙。\t\t\t\t\t
一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\t指标值确定依据\t
产出指标\t数量指标\t救助人数\t救助人数\t在档管理困难职工及劳模\t文件要求\t
\t质量指标\t救助准确率\t救助准确率\t≥90%\t文件要求\t
满意度指标\t服务对象满意度指标\t服务对象满意度\t服务对象满意度\t≥98%\t文件要求\t
2. 第二个项目绩效目标表
711001 博野县总工会本级
单位：万元
项目编码\t13063723P00428710007U\t\t项目名称\t第二个项目\t\t
预算规模及资金用途\t预算数\t3.39\t其中：财政资金\t3\t其他资金\t0.39
\t用途二\t\t\t\t\t
资金支出计划（%）\t3月底\t\t6月底\t10月底\t12月底
\t25%\t\t50%\t75%\t100%
绩效目标\t1. 目标丙\t\t\t\t\t
一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\t指标值确定依据\t
效益指标\t社会效益指标\t岗位配置率\t岗位配置率\t≥100%\t预算\t
"""


def test_two_tables_pasted_from_the_document_on_one_sheet():
    grids = BookGrids((SheetGrid("Sheet1", text_grid(SEED_LIKE)),))
    result = read_book(grids)
    first, second = result.book.projects
    assert (first.unit_code, first.unit_name, first.amount_unit) == ("711001", "博野县总工会本级",
                                                                      "万元")
    assert first.budget == Decimal("10.09") and first.other_funds is None
    assert [(p.milestone, p.percent) for p in first.spending_plan] == [
        ("3月底", 25), ("6月底", 50), ("10月底", 75)]
    assert first.targets == ["目标甲。", "目标乙。"]
    assert [(i.level1, i.level2) for i in first.indicators] == [
        ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("满意度指标", "服务对象满意度指标")]
    assert first.purpose == "资金用途文字"
    assert second.code == "13063723P00428710007U" and second.other_funds == Decimal("0.39")
    assert [p.milestone for p in second.spending_plan] == ["3月底", "6月底", "10月底", "12月底"]
    assert second.spending_plan[-1].percent == 100
    assert len(second.indicators) == 1 and second.unit_code == "711001"
    codes = {f.code for f in result.findings}
    assert codes == {"R003", "R004"}  # no cover, no Part 1 — but both tables read


def test_bad_cells_become_findings_not_exceptions(seed_book):
    grids = _grids(seed_book)
    rows = [list(r) for r in grids["项目1"].rows]
    rows[3][2] = "十万元"        # 预算数
    rows[6][1] = "四分之一"      # 3月底
    rows[9][4] = 0.95           # a number in 指标值 (Excel turned 95% into 0.95)
    cover = [list(r) for r in grids["封面"].rows]
    cover[3][1] = "二〇二三"
    grids = _replace(_replace(grids, "项目1", rows), "封面", cover)
    result = read_book(grids)
    found = {(f.code, f.sheet, f.cell) for f in result.findings}
    assert found == {("R001", "项目1", "C4"), ("R002", "项目1", "B7"), ("R010", "项目1", "E10"),
                     ("R007", "封面", "B4")}
    project = result.book.projects[0]
    assert project.budget is None and project.indicators[0].value.text == "0.95"
    assert all(f.project_code == project.code for f in result.findings if f.sheet == "项目1")


def test_amount_unit_other_than_wanyuan_is_flagged(seed_book):
    grids = _grids(seed_book)
    rows = [list(r) for r in grids["项目3"].rows]
    rows[1][5] = "单位：元"
    result = read_book(_replace(grids, "项目3", rows))
    assert [(f.code, f.cell) for f in result.findings] == [("R008", "F2")]


def test_missing_labels_are_reported(seed_book):
    grids = _grids(seed_book)
    rows = [list(r) for r in grids["项目1"].rows]
    rows[5][0] = "计划"        # 资金支出计划（%） label overwritten
    result = read_book(_replace(grids, "项目1", rows))
    assert [(f.code, f.message) for f in result.findings] == [
        ("R006", "项目表中未找到“资金支出计划（%）”")]


def test_not_a_template():
    grids = BookGrids((SheetGrid("Sheet1", [["姓名", "年龄"], ["张三", 30]]),))
    with pytest.raises(NotATemplateError):
        read_book(grids)


@pytest.mark.parametrize(("text", "items"), [
    ("1. 甲。\n2. 乙", ["甲。", "乙"]),
    ("1. 甲。 2. 乙。 3. 丙", ["甲。", "乙。", "丙"]),
    ("完成 2. 期工程建设", ["完成 2. 期工程建设"]),
    ("1、甲\n（2）乙", ["甲", "乙"]),
    ("只有一条目标", ["只有一条目标"]),
    (None, []),
])
def test_split_targets(text, items):
    assert split_targets(text) == items


def test_what_the_reader_builds_is_valid(example):
    # The reader skips re-validation for speed; prove its models are exactly what validation
    # of the same data gives (strict types: Decimal money, enums, no stray blanks).
    from xlperf.core.model.unit_workbook import UnitWorkbook

    _, book = example
    read = read_book(_grids(book)).book
    again = UnitWorkbook.model_validate(read.model_dump())
    assert again == read
    assert facts(UnitWorkbook.model_validate_json(read.model_dump_json())) == facts(read)
