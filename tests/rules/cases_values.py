"""I1xx: the 指标值 — cases that fire (with every cell) and that don't.

Indicator k of a project sits in row 10 + k; its 指标值 in column E and its 依据 in column F.
"""

from rulecases import COST_AS_LEVEL1, Change, fires, indicator, quiet, unit


def value(n: int, k: int, text: str | None) -> Change:
    """Indicator ``k`` of project ``n`` with this 指标值."""
    return indicator(n, k, value=text)


def shared_name(name: str, *values: str) -> list[Change]:
    """The 质量 indicator of each project renamed ``name``, with these values in order."""
    return [indicator(n, 1, name=name, value=v) for n, v in enumerate(values)]


CASES = {
    "I101": [
        fires("text instead of a number", unit(value(0, 0, "按文件执行")), ("项目1", "E10")),
        fires("two unparseable values in two projects",
              unit(value(0, 0, "按月支付"), value(2, 6, "在档管理困难职工")),
              ("项目1", "E10"), ("项目3", "E16")),
        quiet("a graded qualitative value", unit(value(0, 0, "定性：达到预期目标"))),
        quiet("a deadline", unit(value(0, 0, "12月底前"))),
        quiet("a blank value (that is I102)", unit(value(0, 0, None))),
    ],
    "I102": [
        fires("blank", unit(value(0, 1, None)), ("项目1", "E11")),
        fires("blank in two tables; spaces only",
              unit(value(1, 0, None), typed={("项目3", "E16"): "  "}),
              ("项目2", "E10"), ("项目3", "E16")),
        quiet("定性 (that is I115)", unit(value(0, 1, "定性"))),
    ],
    "I103": [
        fires("≥100%", unit(value(0, 1, "≥100%")), ("项目1", "E11")),
        fires(">100%, ≥120% and 100%以上",
              unit(value(1, 1, ">100%"), value(2, 1, "≥120%"), value(0, 4, "100%以上")),
              ("项目2", "E11"), ("项目3", "E11"), ("项目1", "E14")),
        quiet("=100%", unit(value(0, 1, "=100%"))),
        quiet("≥99.9%", unit(value(0, 1, "≥99.9%"))),
        quiet("≥100 of a count", unit(value(0, 5, "≥100个"))),
    ],
    "I104": [
        fires("≥ for a cost", unit(value(1, 3, "≥150元/人")), ("项目2", "E13")),
        fires("大于 for a cost; ≥ for an error rate",
              unit(value(0, 3, "大于8.9元/人"),
                   indicator(0, 1, name="随访差错发生率", value="≥5%")),
              ("项目1", "E13"), ("项目1", "E11")),
        quiet("= for a cost", unit(value(1, 3, "=150元/人"))),
        quiet("≥ for handling complaints and meeting emission standards",
              unit(indicator(0, 1, name="投诉处理及时率", value="≥95%"),
                   indicator(2, 4, name="污水排放达标率", value="≥95%"))),
    ],
    "I116": [
        fires("≤ for a rate", unit(value(0, 1, "≤95%")), ("项目1", "E11")),
        fires("< for satisfaction, 以下 for a benefit",
              unit(value(1, 6, "<90%"), value(2, 4, "15%以下")),
              ("项目2", "E16"), ("项目3", "E14")),
        fires("≤ for handling complaints",
              unit(indicator(0, 1, name="投诉处理及时率", value="≤95%")), ("项目1", "E11")),
        quiet("≤ for a deadline in days", unit(value(0, 2, "≤30天"))),
        quiet("≤ for an error rate (lower is better)",
              unit(indicator(0, 1, name="随访差错发生率", value="≤5%"))),
    ],
    "I105": [
        fires("人数 in %", unit(value(1, 0, "≥95%")), ("项目2", "E10")),
        fires("a rate in 人; a fee in 人",
              unit(value(0, 1, "≥90人"), value(1, 3, "≤150人")),
              ("项目1", "E11"), ("项目2", "E13")),
        quiet("a full-width ％", unit(value(0, 1, "≥90％"))),
        quiet("a fee in 万元 per person", unit(value(1, 3, "≤0.015万元/人"))),
        quiet("no unit (that is I106)", unit(value(1, 0, "≥4000"))),
    ],
    "I106": [
        fires("no unit", unit(value(0, 1, "≥90")), ("项目1", "E11")),
        fires("prose in the unit; no unit",
              unit(value(1, 3, "≥200 人均标准 200 元 /人"), value(2, 0, "=7")),
              ("项目2", "E13"), ("项目3", "E10")),
        quiet("a compound unit", unit(value(0, 3, "≤8.9元/人/年"))),
        quiet("a deadline", unit(value(0, 2, "2023年12月20日前"))),
    ],
    "I107": [
        fires("90%", unit(value(0, 1, "90%")), ("项目1", "E11")),
        fires("7台 and 40人", unit(value(2, 0, "7台"), value(1, 5, "40人")),
              ("项目3", "E10"), ("项目2", "E15")),
        quiet("90%以上", unit(value(0, 1, "90%以上"))),
        quiet("不低于90%", unit(value(0, 1, "不低于90%"))),
        quiet("a deadline without a comparator", unit(value(0, 2, "2023年12月20日"))),
    ],
    "I120": [
        fires("≧９５％", unit(value(0, 1, "≧９５％")), ("项目1", "E11")),
        fires(">=90%, 大于等于 200 人 and ＜５天",
              unit(value(0, 1, ">=90%"), value(1, 0, "大于等于 200 人"), value(2, 2, "＜５天")),
              ("项目1", "E11"), ("项目2", "E10"), ("项目3", "E12")),
        quiet("≥95% as the form writes it", unit(value(0, 1, "≥95%"))),
        quiet("达到 is not exactly ≥", unit(value(0, 1, "达到95%"))),
        quiet("full-width digits in words that are not a number",
              unit(value(0, 1, "达到预期目标（２０２３）"))),
    ],
    "I108": [
        fires("≥98%", unit(value(0, 6, "≥98%")), ("项目1", "E16")),
        fires("≥98% and ≥99.9% in two tables", unit(value(1, 6, "≥98%"), value(2, 6, "≥99.9%")),
              ("项目2", "E16"), ("项目3", "E16")),
        quiet("≥97%", unit(value(0, 6, "≥97%"))),
        quiet("≥97.9%", unit(value(0, 6, "≥97.9%"))),
        quiet("=100% (that is I117)", unit(value(0, 6, "=100%"))),
        quiet("≥98% outside 满意度", unit(value(0, 1, "≥98%"))),
    ],
    "I117": [
        fires("=100%", unit(value(0, 6, "=100%")), ("项目1", "E16")),
        fires("≥100% and a bare 100%", unit(value(1, 6, "≥100%"), value(2, 6, "100%")),
              ("项目2", "E16"), ("项目3", "E16")),
        quiet("≥99.9% (that is I108)", unit(value(0, 6, "≥99.9%"))),
        quiet("=100% outside 满意度", unit(value(0, 1, "=100%"))),
    ],
    "I109": [
        fires("上级要求", unit(indicator(0, 6, basis="上级要求")), ("项目1", "F16")),
        fires("two tables",
              unit(indicator(1, 6, basis="文件要求"), indicator(2, 6, basis="历年数据")),
              ("项目2", "F16"), ("项目3", "F16")),
        quiet("回访", unit(indicator(0, 6, basis="2022年群众回访记录"))),
        quiet("blank", unit(indicator(0, 6, basis=None))),
        quiet("outside 满意度", unit(indicator(0, 1, basis="上级要求"))),
    ],
    "I110": [
        fires("文件要求", unit(indicator(0, 1, basis="文件要求")), ("项目1", "F11")),
        fires("相关文件, 工作需要 and 根据上级文件精神",
              unit(indicator(1, 0, basis="相关文件"), indicator(2, 2, basis="工作需要"),
                   indicator(2, 3, basis="根据上级文件精神")),
              ("项目2", "F10"), ("项目3", "F12"), ("项目3", "F13")),
        quiet("a generic word with data",
              unit(indicator(0, 1, basis="上级文件要求及2022年实际完成值"))),
        quiet("a named office's document", unit(indicator(0, 1, basis="县卫健局文件"))),
    ],
    "I111": [
        fires("意识 in %", unit(indicator(0, 4, name="群众健康意识")), ("项目1", "E14")),
        fires("影响 and 获得感 in %",
              unit(indicator(1, 4, name="两癌防治知识对群众的影响"),
                   indicator(2, 5, name="群众就医获得感", value="≥80%")),
              ("项目2", "E14"), ("项目3", "E15")),
        quiet("意识, graded",
              unit(indicator(0, 4, name="群众健康意识", value="定性：达到预期目标"))),
        quiet("影响 counted in people", unit(indicator(0, 5, name="健康讲座影响人数"))),
    ],
    "I112": [
        fires("≤90万元 on 84", unit(value(2, 3, "≤90万元")), ("项目3", "E13")),
        fires("in 元; under a 101号 成本",
              unit(value(2, 3, "≤850000元"), indicator(0, 3, **COST_AS_LEVEL1, value="≤230万元")),
              ("项目3", "E13"), ("项目1", "E13")),
        quiet("exactly the budget", unit(value(2, 3, "≤84万元"))),
        quiet("exactly the budget in 元", unit(value(2, 3, "≤840000元"))),
        quiet("a per-unit cost", unit(value(2, 3, "≤90万元/台"))),
    ],
    "I118": [
        fires("a cost in %", unit(value(2, 3, "≤90%")), ("项目3", "E13")),
        fires("two tables, one 101号",
              unit(indicator(0, 3, **COST_AS_LEVEL1, value="≤100%"), value(1, 3, "≤95%")),
              ("项目1", "E13"), ("项目2", "E13")),
        quiet("% outside 成本", unit(indicator(0, 1, name="成本控制率", value="≤100%"))),
    ],
    "I113": [
        fires("≤ then ≥", unit(*shared_name("异常病例随访管理率", "≤95%", "≥95%")),
              ("项目2", "E11")),
        fires("≥ then ≤ then <", unit(*shared_name("异常病例随访管理率", "≥95%", "≤95%", "<95%")),
              ("项目2", "E11"), ("项目3", "E11")),
        quiet("≥ and >", unit(*shared_name("异常病例随访管理率", "≥95%", ">95%"))),
        quiet("= and ≤", unit(*shared_name("异常病例随访管理率", "=95%", "≤95%"))),
        quiet("opposite in one table (that is I013)",
              unit(indicator(0, 4, name="居民电子健康档案建档率", value="≤90%"))),
    ],
    "I114": [
        # reported at 预算数; 项目3: 7台 × 12万元/台 = 84 万元, 项目2: 4000人 × 150元/人 = 60 万元
        fires("2 devices for 84 万元", unit(value(2, 0, "=2台")), ("项目3", "C4")),
        fires("just outside half and double",
              unit(value(2, 0, "=15台"), value(1, 0, "≥1999人")), ("项目3", "C4"), ("项目2", "C4")),
        quiet("exactly half and double", unit(value(2, 0, "=14台"), value(1, 0, "≥2000人"))),
        quiet("units that differ", unit(value(1, 0, "≥1000人次"))),
        fires("4万人 × 150元/人 = 600 万元", unit(value(1, 0, "≥4万人")), ("项目2", "C4")),
        quiet("0.4万人 × 150元/人 = 60 万元", unit(value(1, 0, "≥0.4万人"))),
    ],
    "I115": [
        fires("定性 alone", unit(value(0, 5, "定性")), ("项目1", "E15")),
        fires("定性： and 定性: in two tables", unit(value(1, 5, "定性："), value(2, 5, "定性:")),
              ("项目2", "E15"), ("项目3", "E15")),
        quiet("定性 with a grade", unit(value(0, 5, "定性：好"))),
    ],
}
