"""S-codes: cover, 第一部分 and text hygiene — cases that fire (with every cell) and that don't."""

from rulecases import fires, quiet, unit, with_info

CASES = {
    "S001": [
        fires("审核单位 blank", unit(lambda b: with_info(b, reviewer=None)), ("封面", "B6")),
        fires("单位名称 and 编制单位 blank",
              unit(lambda b: with_info(b, name=None, compiler=None)),
              ("封面", "B3"), ("封面", "B5")),
        quiet("only the key fields blank (that is S014)",
              unit(lambda b: with_info(b, code=None, year=None))),
        quiet("every field filled", unit()),
    ],
    "S014": [
        fires("预算年度 blank", unit(lambda b: with_info(b, year=None)), ("封面", "B4")),
        fires("单位编码 and 预算年度 blank", unit(lambda b: with_info(b, code=None, year=None)),
              ("封面", "B2"), ("封面", "B4")),
        quiet("only 审核单位 blank (that is S001)", unit(lambda b: with_info(b, reviewer=None))),
    ],
}
