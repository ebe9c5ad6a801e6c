"""D-codes: the defaults 填充默认值 fills into blank cells (declared here, applied by
``core.check.fill``).

For a default, ``template`` says what is filled and ``hint`` when; they report no problem, so
their severity is 提示 and they belong to no review dimension.
"""

from __future__ import annotations

from xlperf.core.model.findings import Severity
from xlperf.core.model.rule import Rule

INFO = Severity.INFO

OTHER_FUNDS_ZERO = Rule(
    "D001", "other-funds-zero", "其他资金填 0", INFO, None,
    "其他资金 = 0", "其他资金为空，且已填预算数或财政资金",
    why="没有其他资金的项目常把该栏留空；填 0 后预算数 = 财政资金 + 其他资金 才能逐项核对。",
    example="预算数 10.09 | 财政资金 10.09 | 其他资金（空白）→ 0",
)
FISCAL_FROM_BUDGET = Rule(
    "D002", "fiscal-funds-from-budget", "财政资金按预算数计算", INFO, None,
    "财政资金 = 预算数 − 其他资金", "财政资金为空，预算数已填（其他资金为空按 0 计）",
    why="多数项目全部是财政资金；由预算数推算可免去重复录入。",
    example="预算数 10.09 | 财政资金（空白）| 其他资金 0 → 10.09",
)
STANDARD_PLAN = Rule(
    "D003", "standard-spending-plan", "标准资金支出计划", INFO, None,
    "资金支出计划 25%/50%/75%/100%（按 3/6/9或10/12 月底）", "各时点比例全部为空",
    why="给出一个可改的起点；按月支付或一次性支出的项目仍应按实际进度修改（见 F009、F010）。",
    example="3月底/6月底/10月底/12月底 全空 → 25%/50%/75%/100%",
)
DESCRIPTION_FROM_NAME = Rule(
    "D004", "description-from-name", "绩效指标描述占位", INFO, None,
    "绩效指标描述 = 三级指标（占位，请改写为计算口径）", "绩效指标描述为空，三级指标已填",
    why="只是占位：校验仍会提示把描述改写为计算方法或统计口径（I008）。",
    example="三级指标 救助人数 | 描述（空白）→ 救助人数",
)
UNIT_HEADER = Rule(
    "D005", "unit-header-from-cover", "表头单位取自封面", INFO, None,
    "项目表表头“单位编码 单位名称”取自封面", "表头单位行为空，封面已填单位编码和单位名称",
    why="每张项目表表头都要写明单位；与封面一致才不会被当作别的单位的表。",
    example="表头（空白）→ 711001 博野县总工会本级",
)
SKELETON = Rule(
    "D006", "indicator-skeleton", "指标表骨架", INFO, None,
    "一级/二级指标骨架（产出、效益、满意度及其二级）", "项目表没有任何指标行，指标表下方为空",
    why="被删空的指标表补回一级、二级框架，单位只需填写三级指标和指标值。",
    example="指标表为空 → 产出指标/数量指标 … 满意度指标/服务对象满意度指标",
)
TOC = Rule(
    "D007", "toc-regenerated", "目录重新生成", INFO, None,
    "目录按现有项目表重新生成", "目录与项目表不一致",
    why="目录由项目表生成，增删项目表或改项目名称后自动保持一致。",
    example="新增“项目5”后目录仍只列 4 个项目",
)
COMPILER_FROM_NAME = Rule(
    "D008", "compiler-from-unit-name", "编制单位取自单位名称", INFO, None,
    "编制单位 = 单位名称去掉“本级”", "编制单位为空，单位名称以“本级”结尾",
    why="封面“××编制”通常是不带“本级”的单位名称。",
    example="单位名称 博野县总工会本级 → 编制单位 博野县总工会",
)
