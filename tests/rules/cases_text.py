"""S-codes: cover, 第一部分 and text hygiene — cases that fire (with every cell) and that don't."""

from rulecases import (
    Change,
    department,
    fires,
    indicator,
    info,
    part1,
    project,
    quiet,
    reshaped,
    unit,
)

from xlperf.core.model.unit_workbook import TextItem

DEPT = "部门整体绩效目标"
DUTIES = ("负责全县卫生健康工作的统筹规划。", "指导基层医疗卫生机构建设。",
          "组织实施公共卫生服务项目。", "参与突发公共卫生事件的应急处置。")
NOT_DUTIES = ("全面提升群众健康水平。", "持续改善群众就医环境。")
#: A 12-character stretch; its last 11 characters.
STRETCH, STRETCH_11 = "开展居民健康档案管理服务", "展居民健康档案管理服务"
LONG = "加强组织领导。成立绩效管理工作领导小组，局主要负责同志任组长，各股室负责本领域的自评"
DISTRICT = info(name="清苑区卫生健康局本级", compiler="清苑区卫生健康局", reviewer="清苑区财政局")


def overall(*texts: str) -> Change:
    """第一部分 with these 总体绩效目标 items, numbered （一）…"""
    return department(overall=[TextItem(number=f"（{n}）", text=t)
                               for n, t in zip("一二三四五六", texts, strict=False)])


def numbers(section: str, *values: str) -> list[Change]:
    """The 序号 of a 第一部分 section's items, from the first on."""
    return [part1(section, k, number=v) for k, v in enumerate(values)]


def sub_indicators(k: int, *, before: str = "", after: str = "") -> Change:
    """分项 ``k`` with text added before or after its 绩效指标."""
    return lambda b: part1("sub_targets", k, indicators=before + (
        b.department.sub_targets[k].indicators or "") + after)(b)


CASES = {
    "S001": [
        fires("审核单位 blank", unit(info(reviewer=None)), ("封面", "B6")),
        fires("单位名称 and 编制单位 blank", unit(info(name=None, compiler=None)),
              ("封面", "B3"), ("封面", "B5")),
        quiet("only the key fields blank (that is S014)", unit(info(code=None, year=None))),
        quiet("the cover deleted (that is R003)", reshaped(unit(), drop=["封面"])),
        quiet("every field filled", unit()),
    ],
    "S014": [
        fires("预算年度 blank", unit(info(year=None)), ("封面", "B4")),
        fires("单位编码 and 预算年度 blank", unit(info(code=None, year=None)),
              ("封面", "B2"), ("封面", "B4")),
        quiet("only 审核单位 blank (that is S001)", unit(info(reviewer=None))),
        quiet("the cover deleted (that is R003)", reshaped(unit(), drop=["封面"])),
    ],
    "S002": [
        # reported at the section's label
        fires("no 工作保障措施", unit(department(measures=[])), (DEPT, "A18")),
        fires("no 总体绩效目标 and no 分项绩效目标",
              unit(department(overall=[], sub_targets=[])), (DEPT, "A3"), (DEPT, "A12")),
        quiet("one 工作保障措施",
              unit(lambda b: department(measures=b.department.measures[:1])(b))),
        quiet("第一部分 deleted (that is R004)", reshaped(unit(), drop=[DEPT])),
        quiet("a copied 目录 before 第一部分 (that is R009): its lines are no Part 1",
              reshaped(unit(), copy={"目录 (2)": "目录"}, before={"目录 (2)": DEPT})),
    ],
    "S003": [
        fires("four duties", unit(overall(*DUTIES)), (DEPT, "A3")),
        fires("two duties of four", unit(overall(*DUTIES[:2], *NOT_DUTIES)), (DEPT, "A3")),
        quiet("one duty of three", unit(overall(DUTIES[0], *NOT_DUTIES))),
        quiet("four duties, one with a figure",
              unit(overall(*DUTIES[:3], "参与2023年突发公共卫生事件的应急处置。"))),
        quiet("two duties only", unit(overall(*DUTIES[:2]))),
    ],
    "S004": [
        fires("分项 1 without a figure",
              unit(part1("sub_targets", 0, target="做好公共卫生服务。",
                         indicators="负责指导基层开展公共卫生服务")), (DEPT, "D14")),
        fires("分项 2 and 3 without a figure",
              unit(part1("sub_targets", 1, target="做好妇女两癌筛查。", indicators="组织筛查"),
                   part1("sub_targets", 2, target="提升基层服务能力。", indicators="购置设备")),
              (DEPT, "D15"), (DEPT, "D16")),
        quiet("a count in Chinese numerals",
              unit(part1("sub_targets", 0, target="做好公共卫生服务。",
                         indicators="每季度开展三次督导"))),
        quiet("a figure in the 绩效目标 only",
              unit(part1("sub_targets", 0, indicators="负责指导基层开展公共卫生服务"))),
    ],
    "S005": [
        fires("全区 in a 工作保障措施",
              unit(part1("measures", 0, text="全区统一部署绩效管理工作。")),
              (DEPT, "B20")),
        fires("a purpose and both targets of one project",
              unit(project(0, purpose="为全区常住人口提供基本公共卫生服务。",
                           targets=["区委部署的健康档案工作全部完成。", "区政府考核达标。"])),
              ("项目1", "B5"), ("项目1", "B8"), ("项目1", "B8")),
        quiet("社区委员会 and 安全区域",
              unit(part1("measures", 0, text="依托社区委员会宣传安全区域划定政策。"))),
        quiet("全区域 (the whole area)", unit(part1("measures", 0, text="实现县域全区域覆盖。"))),
        quiet("a 区-level unit writing 全区",
              unit(DISTRICT, part1("measures", 0, text="全区统一部署绩效管理工作。"))),
    ],
    "S006": [
        fires("【】 in a project name",
              unit(project(0, name="冀财社【2022】88号提前下达公共卫生资金")), ("项目1", "E3")),
        fires("（） in a measure and [] in a description",
              unit(part1("measures", 1, text="严格执行冀财社（2021）102号文件规定。"),
                   indicator(2, 2, description="按冀卫[2023]5号文件完成的日期")),
              (DEPT, "B21"), ("项目3", "D12")),
        quiet("六角括号", unit(project(0, name="冀财社〔2022〕88号提前下达公共卫生资金"))),
        quiet("a year in brackets that is no document number",
              unit(part1("measures", 1, text="完成（2023）年度任务共5号楼改造。"))),
    ],
    "S007": [
        fires("a 16-character clause twice",
              unit(project(0, purpose=f"{STRETCH}工作到位，{STRETCH}工作到位。")),
              ("项目1", "B5")),
        quiet("a 15-character clause twice (a slogan may recur)",
              unit(project(0, purpose=f"{STRETCH}工作好，{STRETCH}工作好。"))),
        fires("20 characters across a comma twice, inside longer clauses",
              unit(project(0, purpose=f"先{STRETCH}，签约家庭医生团；"
                                      f"再次{STRETCH}，签约家庭医生团。")),
              ("项目1", "B5")),
        quiet("19 characters across a comma twice (parallel phrasing)",
              unit(project(0, purpose=f"先{STRETCH}，签约家庭医生；"
                                      f"再次{STRETCH}，签约家庭医生。"))),
        quiet("a 39-character name twice inside longer clauses",
              unit(project(0, purpose=f"先{STRETCH * 3}{STRETCH[:3]}和，"
                                      f"再{STRETCH * 3}{STRETCH[:3]}及。"))),
        quiet("a 12-character stretch twice inside longer clauses (official prose does)",
              unit(project(0, purpose=f"{STRETCH}，另外{STRETCH}。"))),
        fires("a target and a measure written twice",
              unit(lambda b: project(1, targets=[b.projects[1].targets[0] * 2,
                                                 b.projects[1].targets[1]])(b),
                   lambda b: part1("measures", 2, text=b.department.measures[2].text * 2)(b)),
              ("项目2", "B8"), (DEPT, "B23")),  # row 22 repeats the header on page 2
        fires("a sentence written twice",
              unit(project(1, purpose="为农村适龄妇女免费开展两癌筛查服务，"
                                      "为农村适龄妇女免费开展两癌筛查服务。")), ("项目2", "B5")),
        quiet("an 11-character stretch twice",
              unit(project(0, purpose=f"{STRETCH}，另外拓{STRETCH_11}。"))),
    ],
    "S008": [
        fires("a measure without its full stop", unit(part1("measures", 0, text=LONG)),
              (DEPT, "B20")),
        fires("15 characters without a full stop",
              unit(part1("measures", 0, text="严格执行预算绩效管理制度和规定")), (DEPT, "B20")),
        fires("a 分项绩效目标 and the last 总体绩效目标 cut short",
              unit(part1("sub_targets", 1, target="全年为4000名以上农村适龄妇女开展宫颈癌和乳腺癌"),
                   part1("overall", 5, text="2023年本部门安排预算项目3个，项目支出预算合计")),
              (DEPT, "C15"), (DEPT, "B10")),
        quiet("14 characters without a full stop",
              unit(part1("measures", 0, text="严格执行预算绩效管理制度规定"))),
        quiet("ending with a semicolon", unit(part1("measures", 0, text=LONG + "；"))),
    ],
    "S009": [
        fires("and in a measure", unit(part1("measures", 0, text="加强预算执行 and 绩效监控。")),
              (DEPT, "B20")),
        fires("two words in one cell, one in a description",
              unit(part1("measures", 0, text="加强预算执行 and 绩效监控 or 评价。"),
                   indicator(0, 2, description="各乡镇卫生院 or 村卫生室完成任务的日期")),
              (DEPT, "B20"), ("项目1", "D12")),
        quiet("units and capitals",
              unit(indicator(0, 2, description="按 kg 和 km 计量，PM2.5 与 APP 数据"))),
        quiet("English without Chinese", unit(indicator(0, 2, description="see the annual plan"))),
    ],
    "S010": [
        fires("财政财政", unit(part1("measures", 0, text="提高财政财政资金使用效益。")),
              (DEPT, "B20")),
        fires("落实落实 and 卫生院卫生院",
              unit(part1("overall", 1, text="全面落实落实国家基本公共卫生服务项目。"),
                   project(2, purpose="为全县7所乡镇卫生院卫生院各购置全自动生化分析仪1台。")),
              (DEPT, "B6"), ("项目3", "B5")),
        quiet("one character doubled",
              unit(part1("measures", 0, text="人人享有基本公共卫生服务。"))),
        quiet("一步一步, 每年每年 and 很多很多 are doubled on purpose",
              unit(part1("measures", 0, text="一步一步推进，每年每年坚持，很多很多群众受益。"))),
        quiet("a doubled stretch glued to the words around it (构建|共建, 深化|文化)",
              unit(part1("measures", 0, text="构建共建共治共享格局，深化文化文艺精品创作。"))),
    ],
    "S011": [
        fires("（一） among 1. 2. …", unit(part1("measures", 0, number="(一)")), (DEPT, "A20")),
        fires("3 skipped", unit(*numbers("measures", "1.", "2.", "4.", "5.", "6.")),
              (DEPT, "A23")),  # 1. 2. on page 1 (rows 20–21), the header again, then 4. …
        fires("（三） twice",
              unit(*numbers("overall", "（一）", "（二）", "（三）", "（三）", "（四）", "（五）")),
              (DEPT, "A8")),
        quiet("1. and 2、 are one style", unit(part1("measures", 1, number="2、"))),
        quiet("half-width brackets", unit(part1("overall", 2, number="(三)"))),
    ],
    "S012": [
        fires("another unit's header",
              unit(project(0, unit_code="712001", unit_name="博野县妇联本级")),
              ("项目1", "A2")),
        fires("another code in two tables",
              unit(project(1, unit_code="733002"), project(2, unit_code="733002")),
              ("项目2", "A2"), ("项目3", "A2")),
        quiet("a full-width space in the header",
              unit(typed={("项目1", "A2"): "733001\u3000博野县卫生健康局本级"})),
        quiet("no header (that is D005)", unit(project(0, unit_code=None, unit_name=None))),
    ],
    "S013": [
        fires("one clause in 分项 1 and 2",
              unit(sub_indicators(0, after="；开展基层医务人员业务培训"),
                   sub_indicators(1, before="开展基层医务人员业务培训；")), (DEPT, "D15")),
        fires("one clause in all three",
              unit(sub_indicators(0, after="；开展基层医务人员业务培训"),
                   sub_indicators(1, before="开展基层医务人员业务培训；"),
                   sub_indicators(2, before="开展基层医务人员业务培训；")),
              (DEPT, "D15"), (DEPT, "D16")),
        quiet("an 11-character clause in both",
              unit(sub_indicators(0, after="；组织基层医务人员培训班"),
                   sub_indicators(1, before="组织基层医务人员培训班；"))),
    ],
}
