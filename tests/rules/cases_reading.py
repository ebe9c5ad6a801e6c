"""R-codes: what the reader could not read — cases that fire (with every cell) and that don't."""

from rulecases import fires, quiet, raw, reshaped, saved, unit

from xlperf.core.workbook.grid import BookGrids, SheetGrid

PROJECTS = ("项目1", "项目2", "项目3")
#: Every sheet of the clean unit but 项目1.
ALL_BUT_PROJECT1 = ("封面", "目录", "部门整体绩效目标", "项目2", "项目3", "代码表")
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _not_a_template() -> BookGrids:
    return BookGrids((SheetGrid("Sheet1", [["工资表"], ["姓名", "金额"], ["张三", 3200]]),))


CASES = {
    "R001": [
        fires("预算数 in words", unit(typed={("项目1", "C4"): "十二万"}), ("项目1", "C4")),
        fires("财政资金 with its unit, 其他资金 in words",
              unit(typed={("项目2", "E4"): "54万元", ("项目3", "G4"): "十四"}),
              ("项目2", "E4"), ("项目3", "G4")),
        quiet("numbers typed as text", unit(typed={("项目1", "C4"): "222.50",
                                                    ("项目1", "G4"): "0"})),
        quiet("a thousands separator", unit(typed={("项目1", "C4"): "1,222.50"})),
    ],
    "R002": [
        fires("a milestone in words", unit(typed={("项目1", "D7"): "过半"}), ("项目1", "D7")),
        fires("two milestones in words",
              unit(typed={("项目2", "B7"): "一成", ("项目2", "F7"): "全部"}),
              ("项目2", "B7"), ("项目2", "F7")),
        quiet("a percentage typed as text, and a percent figure",
              unit(typed={("项目1", "D7"): "45%", ("项目1", "E7"): "80"})),
    ],
    "R003": [
        fires("the cover deleted", reshaped(unit(), drop=["封面"]), (None, None)),
        fires("the cover's 预算年度 label overwritten",
              unit(typed={("封面", "A4"): "年份"}), (None, None)),
        quiet("the cover's label written as an alias", unit(typed={("封面", "A4"): "年度"})),
    ],
    "R004": [
        fires("第一部分 deleted", reshaped(unit(), drop=["部门整体绩效目标"]), (None, None)),
        fires("every section label of 第一部分 overwritten",
              unit(typed={("部门整体绩效目标", "A3"): None, ("部门整体绩效目标", "A12"): None,
                          ("部门整体绩效目标", "A18"): None}),
              (None, None)),
        quiet("one section label left",
              unit(typed={("部门整体绩效目标", "A3"): None, ("部门整体绩效目标", "A12"): None})),
    ],
    "R005": [
        fires("every project table deleted", reshaped(unit(), drop=PROJECTS), (None, None)),
        fires("the one table left lost its 一级指标 header",
              reshaped(unit(typed={("项目1", "A9"): "指标"}), drop=["项目2", "项目3"]),
              (None, None)),
        quiet("one project table left", reshaped(unit(), drop=["项目2", "项目3"])),
    ],
    "R006": [
        # a missing field label is reported at the table's 项目编码 label (A3), a missing
        # column header at the 一级指标 header (A9)
        fires("预算数 label overwritten", unit(typed={("项目1", "B4"): "金额"}), ("项目1", "A3")),
        fires("资金支出计划 label deleted", unit(typed={("项目3", "A6"): None}), ("项目3", "A3")),
        fires("三级指标 and 指标值 headers deleted",
              unit(typed={("项目2", "C9"): None, ("项目2", "E9"): None}),
              ("项目2", "A9"), ("项目2", "A9")),
        quiet("labels written as aliases",
              unit(typed={("项目1", "B4"): "预算金额", ("项目1", "C9"): "指标名称"})),
        quiet("the optional 绩效指标描述 header deleted", unit(typed={("项目1", "D9"): None})),
    ],
    "R007": [
        fires("the year in Chinese numerals", unit(typed={("封面", "B4"): "二〇二三"}),
              ("封面", "B4")),
        fires("the year with 年", unit(typed={("封面", "B4"): "2023年"}), ("封面", "B4")),
        quiet("the year as text", unit(typed={("封面", "B4"): "2023"})),
        quiet("the year as a float (as calamine reads it)",
              unit(typed={("封面", "B4"): 2023.0})),
    ],
    "R008": [
        fires("amounts in 元", unit(typed={("项目1", "F2"): "单位：元"}), ("项目1", "F2")),
        fires("two tables in other units",
              unit(typed={("项目2", "F2"): "单位：千元", ("项目3", "F2"): "单位:元"}),
              ("项目2", "F2"), ("项目3", "F2")),
        quiet("万元 with an ASCII colon and a space",
              unit(typed={("项目1", "F2"): "单位: 万元"})),
    ],
    "R009": [
        fires("the cover copied", reshaped(unit(), copy={"封面 (2)": "封面"}), ("封面 (2)", "A1")),
        fires("the cover and 第一部分 copied",
              reshaped(unit(), copy={"封面 (2)": "封面", "第一部分": "部门整体绩效目标"}),
              ("封面 (2)", "A1"), ("第一部分", "A1")),
        fires("目录 copied before 第一部分 (Excel's 移动或复制): a 目录, never Part 1",
              reshaped(unit(), copy={"目录 (2)": "目录"}, before={"目录 (2)": "部门整体绩效目标"}),
              ("目录 (2)", "A1")),
        fires("the only 目录 renamed is still a 目录",
              reshaped(unit(), drop=["目录"], copy={"目 录 表": "目录"},
                       before={"目 录 表": "部门整体绩效目标"}),
              ("目 录 表", "A1")),
        quiet("a project table copied (that is F005)",
              reshaped(unit(), copy={"项目1 (2)": "项目1"})),
    ],
    "R016": [
        fires("the plan typed as 25/50/75/100 in its 0% cells",
              unit(typed={("项目1", "B7"): 25, ("项目1", "D7"): 50, ("项目1", "E7"): 75,
                          ("项目1", "F7"): 100}),
              ("项目1", "B7"), ("项目1", "D7"), ("项目1", "E7"), ("项目1", "F7")),
        fires("one figure above 100, and a fraction of a percent point", unit(
            typed={("项目2", "F7"): 250, ("项目3", "B7"): 1.5}), ("项目2", "F7"), ("项目3", "B7")),
        quiet("percentages as Excel stores them, 1 (=100%) included",
              unit(typed={("项目1", "B7"): 0.25, ("项目1", "F7"): 1})),
        quiet("percent figures typed as text print as typed (no % format on text)",
              unit(typed={("项目1", "D7"): "45", ("项目1", "E7"): "80%"})),
    ],
    "R010": [
        fires("95% stored as a number", unit(typed={("项目1", "E11"): 0.9}), ("项目1", "E11")),
        fires("numbers in two tables",
              unit(typed={("项目2", "E10"): 4000, ("项目3", "E16"): 0.9}),
              ("项目2", "E10"), ("项目3", "E16")),
        quiet("numbers stored as text",
              unit(typed={("项目2", "E10"): "4000", ("项目3", "E16"): "0.9"})),
    ],
    "R011": [
        fires("text saved as .xlsx", raw(b"not a workbook"), (None, None)),
        fires("an empty file", raw(b""), (None, None)),
        fires("an old .xls", raw(OLE2 + bytes(504)), (None, None)),
        fires("a workbook that is not a 绩效目标 workbook", saved(_not_a_template), (None, None)),
        quiet("the clean unit's file", saved(unit())),
        quiet("a workbook holding only a project table (that is R003, R004)",
              saved(reshaped(unit(), drop=ALL_BUT_PROJECT1))),
    ],
}
