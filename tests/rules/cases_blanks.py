"""Blank cells that matter (I016, I017, I119, S015, S016): cases that fire and that must not.

Cells are those of the clean unit's saved workbook (see ``rulecases``): indicators from row 10
(C 三级指标, D 描述, F 依据; row 9 is the header), 部门整体绩效目标 分项 rows 14–16 (B 名称,
C 绩效目标, D 绩效指标) and 保障措施 rows 20–21 and 23–25 (A 序号, B 内容; row 22 repeats
the table's header at the top of page 2).
"""

from rulecases import fires, quiet, unit, with_indicator

P1, DEPT = "项目1", "部门整体绩效目标"


def _blank(*cells: tuple[str, str]) -> dict:
    return dict.fromkeys(cells)


CASES = {
    "I016": [
        fires("三级指标 blank, the rest of the row filled", unit(typed=_blank((P1, "C11"))),
              (P1, "C11")),
        fires("two rows without 三级指标", unit(typed=_blank((P1, "C11"), ("项目2", "C14"))),
              (P1, "C11"), ("项目2", "C14")),
        quiet("a row blank but for its 一级/二级 (a skeleton row) is no indicator",
              unit(typed=_blank((P1, "C11"), (P1, "D11"), (P1, "E11"), (P1, "F11")))),
        quiet("every 三级指标 filled", unit()),
    ],
    "I017": [
        fires("描述 blank", unit(typed=_blank((P1, "D11"))), (P1, "D11")),
        fires("描述 blank on two rows of two projects",
              unit(lambda b: with_indicator(with_indicator(b, 0, 6, description=None),
                                            2, 0, description=None)),
              (P1, "D16"), ("项目3", "D10")),
        quiet("描述 filled with the placeholder 填充默认值 puts there (that is I008)",
              unit(lambda b: with_indicator(b, 0, 1, description=b.projects[0].indicators[1]
                                            .name))),
        quiet("a table printed without the 绩效指标描述 column",
              unit(typed=_blank((P1, "D9"), (P1, "D11")))),
    ],
    "I119": [
        fires("依据 blank (项目1 F11)", unit(typed=_blank((P1, "F11"))),
              (P1, "F11")),
        fires("依据 blank on the satisfaction row and on a cost row",
              unit(lambda b: with_indicator(with_indicator(b, 0, 6, basis=None),
                                            1, 3, basis=None)),
              (P1, "F16"), ("项目2", "F13")),
        quiet("a table printed without the 指标值确定依据 column",
              unit(typed=_blank((P1, "F9"), (P1, "F11")))),
        quiet("a generic basis is I110, not a blank", unit(
            lambda b: with_indicator(b, 0, 1, basis="文件要求"))),
    ],
    "S015": [
        fires("分项 without its 绩效目标", unit(typed=_blank((DEPT, "C15"))), (DEPT, "C15")),
        fires("分项 without 名称 and one without 绩效指标",
              unit(typed=_blank((DEPT, "B14"), (DEPT, "D16"))), (DEPT, "B14"), (DEPT, "D16")),
        fires("a numbered 分项 row and nothing else",
              unit(typed={(DEPT, "A17"): "4."}), (DEPT, "B17"), (DEPT, "C17"), (DEPT, "D17")),
        quiet("a 分项 row blank throughout is no 分项",
              unit(typed=_blank((DEPT, "A16"), (DEPT, "B16"), (DEPT, "C16"), (DEPT, "D16")))),
        quiet("a 分项 without its 序号 (Word's list numbering draws it)",
              unit(typed=_blank((DEPT, "A15")))),
    ],
    "S016": [
        fires("保障措施 “2.” with no text", unit(typed=_blank((DEPT, "B21"))), (DEPT, "B21")),
        fires("总体目标 “（三）” and 保障措施 “5.” with no text",
              unit(typed=_blank((DEPT, "B7"), (DEPT, "B24"))), (DEPT, "B7"), (DEPT, "B24")),
        quiet("an item without 序号 but with text", unit(typed=_blank((DEPT, "A21")))),
        quiet("every item has its text", unit()),
    ],
}
