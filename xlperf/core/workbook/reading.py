"""R-codes: what could not be read (declared here; emitted by ``reader``, ``bounds``,
``project_reader``, ``core.document.places`` and, for a file that cannot be opened,
``files.unitfile``).

They are declared in the workbook step, beside the readers that report them; ``core.rules``
registers them in ``RULES`` with every other rule.
"""

from __future__ import annotations

from xlperf.core.model.findings import Applicability, Finding, Severity
from xlperf.core.model.rule import Dimension, Rule
from xlperf.core.workbook.grid import READ_COLUMNS, READ_ROWS, TEXT_LIMIT

ERROR, WARNING = Severity.ERROR, Severity.WARNING
COMPLETE, FEASIBLE = Dimension.COMPLETENESS, Dimension.FEASIBILITY

NOT_A_NUMBER = Rule(
    "R001", "amount-not-a-number", "金额不是数字", ERROR, COMPLETE,
    "{field}不是数字：“{value}”", "填写以万元为单位的数字，如 10.09",
    why="金额栏写了文字（如“十万”“12.5万元”），无法核对预算数与资金来源，也无法汇总。",
    example="预算数 | 十二万",
    sources=("R-PRJ-001",),
)
NOT_A_PERCENT = Rule(
    "R002", "plan-not-a-percentage", "支出计划不是百分比", ERROR, COMPLETE,
    "资金支出计划“{milestone}”不是百分比：“{value}”", "填写累计支出比例，如 25%",
    why="资金支出计划是各时点的累计支出比例，写成文字就无法核对是否逐期累计到 100%。",
    example="6月底 | 过半",
    sources=("R-PLAN-001",),
)
MISSING_COVER = Rule(
    "R003", "unit-info-sheet-missing", "缺少封面（单位信息）", ERROR, COMPLETE,
    "未找到单位信息（封面）工作表", "从模板复制“封面”工作表并填写单位编码、单位名称、预算年度",
    why="封面载明单位编码和预算年度，全县汇总按单位编码识别单位；没有封面就不知道是谁的文本。",
    example="工作簿中没有任何带“单位编码”“预算年度”标签的工作表",
    sources=("R-DOC-003",),
)
MISSING_DEPARTMENT = Rule(
    "R004", "department-sheet-missing", "缺少部门整体绩效目标", ERROR, COMPLETE,
    "未找到“部门整体绩效目标”工作表", "从模板复制“部门整体绩效目标”工作表并填写第一部分",
    why="绩效文本第一部分（总体绩效目标、分项绩效目标、工作保障措施）是必备内容。",
    example="工作簿中没有带“一、总体绩效目标”等标签的工作表",
    sources=("R-DOC-001",),
)
MISSING_PROJECTS = Rule(
    "R005", "project-tables-missing", "没有项目绩效目标表", WARNING, COMPLETE,
    "未找到任何预算项目绩效目标表", "每个预算项目一张表：复制“项目1”工作表后填写",
    why="第二部分每个预算项目一张绩效目标表；一张也没有时，多半是工作表被删或另存时丢失。",
    example="工作簿中没有同时带“项目编码”和“一级指标”标签的工作表",
    sources=("R-DOC-001",),
)
MISSING_LABEL = Rule(
    "R006", "table-label-missing", "项目表缺少标签", ERROR, COMPLETE,
    "项目表中未找到“{label}”", "按模板恢复“{label}”标签及其所在行",
    why="按标签读取各栏；标签被删或改写后，该栏内容无法读取，也就无法审核。",
    example="项目表中“资金支出计划（%）”一行被删除",
    sources=("R-PRJ-001",),
)
NOT_A_YEAR = Rule(
    "R007", "year-not-a-year", "预算年度不是年份", ERROR, COMPLETE,
    "预算年度不是四位年份：“{value}”", "填写四位年份，如 2023",
    why="预算年度决定文本属于哪一年，汇总只合计同一年度的单位。",
    example="预算年度 | 二〇二三",
    sources=("R-DOC-003",),
)
AMOUNT_UNIT = Rule(
    "R008", "amount-unit-not-wanyuan", "金额单位不是万元", WARNING, COMPLETE,
    "金额单位是“{unit}”，不是万元", "本表金额一律以万元为单位，请换算后填写并改为“单位：万元”",
    why="全县汇总按万元相加；以元填写的表会把金额放大一万倍。",
    example="单位：元",
    sources=("R-PRJ-002",),
)
DUPLICATE_SHEET = Rule(
    "R009", "duplicate-sheet", "重复的封面、目录或第一部分", WARNING, COMPLETE,
    "本表是又一张{kind}，以“{used}”为准，本表未读取",
    "删除本表；其中需要保留的内容移到“{used}”",
    why="两张封面或两张第一部分只能采用一张，另一张的内容不会被读取和汇总。复制的目录"
        "（如“目录 (2)”）无论放在哪里都只是目录，不会当作第一部分读取；目录由“生成目录”重新生成。",
    example="“封面”和“封面 (2)”两张工作表；放在第一部分之前的“目录 (2)”",
    sources=("R-DOC-001",),
)
NUMBER_AS_VALUE = Rule(
    "R010", "indicator-value-is-a-number", "指标值是数字", WARNING, FEASIBLE,
    "指标值是数字 {value}，已按文本读取（百分号等格式可能已丢失）",
    "把单元格设为文本后按“比较符+数值+单位”重填，如 ≥95%",
    why="Excel 会把“95%”存成 0.95，读出来既没有比较符也没有单位，指标值的含义就变了。",
    example="指标值 | 0.95",
    sources=("R-VAL-001",),
)
UNREADABLE = Rule(
    "R011", "file-unreadable", "文件无法读取", ERROR, COMPLETE,
    "无法读取：{reason}", "用 Excel/WPS 打开后另存为 .xlsx（不设密码），或从模板重新填写",
    why="无法读取的文件不能校验，也不能计入汇总；原因写明后，单位才能改正后重新报送。",
    example="设置了打开密码的工作簿、旧版 .xls、已损坏的文件",
)

UNUSABLE_NUMBER = Rule(
    "R012", "number-unusable", "数值无法使用", ERROR, COMPLETE,
    "单元格中的数值“{value}”{why}，已按空白读取", "在 Excel/WPS 中重新输入该单元格",
    why="NaN（非数）、无穷大和超过 10 的 15 次方的数不是 Excel 能输入的数值，多由其他程序写入或"
        "文件损坏所致；这样的数无法计算和汇总，只能按空白对待。",
    example="预算数 | NaN",
)
TEXT_TOO_LONG = Rule(
    "R013", "text-too-long", "单元格文字过长", WARNING, COMPLETE,
    "单元格文字有 {length} 个字符，超过 Excel 每格 {limit} 个字符的上限，只读取了前 {limit} 个",
    "把过长的内容精简后重新填写",
    why=f"Excel 每个单元格最多保存 {TEXT_LIMIT} 个字符，更长的文字只可能由其他程序写入，"
        "在 Excel 里打开时会被截断。",
    example="资金用途 | （一段四万字的文字）",
)
OUTSIDE_WINDOW = Rule(
    "R014", "cells-outside-read-area", "表格范围外有内容", WARNING, COMPLETE,
    "工作表在 {first} 等 {count} 个单元格有内容，超出读取范围（前 {rows} 行、前 {columns} 列），"
    "这些单元格未读取",
    "删除表格范围外的内容（可按 Ctrl+End 找到最后一个单元格）",
    why="绩效目标表只在左上角的区域内；远处（如 XFD1048576）的内容多是误输入，读取整张表会占用"
        f"极大的内存，所以每张工作表只读取前 {READ_ROWS} 行、前 {READ_COLUMNS} 列。",
    example="项目1 工作表的 XFD1048576 单元格有一个空格",
)

UNPLACED = Rule(
    "R015", "document-content-unplaced", "文档内容未能归入", WARNING, COMPLETE,
    "文档中这段内容未能归入工作簿（{reason}）：“{text}”",
    "对照原文，把这段内容补录到工作簿的相应位置",
    why="校验文档、PDF 或文本格式的绩效文本时，先按模板的栏目读取；认不出的段落和表格内容"
        "无法对应到任何栏目，逐段列出原文，以免内容遗漏而校验结果看似完整。",
    example="第二部分中不属于任何项目表的文字；从 PDF 复制出的失去表格结构的项目表",
)

PLAN_PRINTS_HUNDREDFOLD = Rule(
    "R016", "plan-number-prints-hundredfold", "支出计划打印为百倍", ERROR, COMPLETE,
    "资金支出计划“{milestone}”填的是数字 {value}，本格是百分比格式，打印出来是“{printed}”",
    "改为“{value}%”：在本格输入 {value}%（Excel 存为 {fraction}），打印即为 {value}%",
    why="资金支出计划各格是百分比格式（0%）：输入 25% 存为 0.25，打印 25%；输入 25 则存为 25，"
        "打印为 2500%。校验、汇总和导出的绩效文本都把 25 理解为 25%，而财政局盖章的是打印出来的表，"
        "两者必须一致。累计支出比例只能在 0–100% 之间，所以 25 只能是 25%：修正（改为 25%）只让"
        "打印与各处的理解一致，不改变含义，可自动修正；大于 100 的数含义不明，需人工改正。",
    example="6月底 | 50（打印为 5000%）",
    sources=("R-PLAN-001",),
    fix=Applicability.SAFE,
)

#: R009's {kind} for a copied 目录 (``reader``).
TOC_KIND = "目录"


def is_toc_copy(finding: Finding) -> bool:
    """Whether a finding is R009 about a copy of the 目录 (which nothing reads or exports)."""
    toc = DUPLICATE_SHEET.template.format(kind=TOC_KIND, used=TOC_KIND)
    return finding.code == DUPLICATE_SHEET.code and finding.message == toc


