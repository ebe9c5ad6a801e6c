"""I1xx: the 指标值 — cases that fire (with every cell) and that don't."""

from rulecases import fires, quiet, unit, with_indicator

CASES = {
    "I101": [
        fires("text instead of a number",
              unit(lambda b: with_indicator(b, 0, 0, value="按文件执行")), ("项目1", "E10")),
        fires("two unparseable values in two projects",
              unit(lambda b: with_indicator(with_indicator(b, 0, 0, value="按月支付"), 2, 6,
                                            value="在档管理困难职工")),
              ("项目1", "E10"), ("项目3", "E16")),
        quiet("a graded qualitative value",
              unit(lambda b: with_indicator(b, 0, 0, value="定性：达到预期目标"))),
        quiet("a deadline", unit(lambda b: with_indicator(b, 0, 0, value="12月底前"))),
        quiet("a blank value (that is I102)", unit(lambda b: with_indicator(b, 0, 0, value=None))),
    ],
}
