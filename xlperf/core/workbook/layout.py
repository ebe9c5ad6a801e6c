"""Where every field of a unit workbook sits: the one layout spec shared by writer and reader.

The writer (``render``) puts labels and values at the positions given here. The reader finds the
same labels anywhere on a sheet and reads the value beside them, so rows a user inserts or deletes
do not matter. Positions are 1-based ``(row, col)``; a ``Span`` is ``(row, col, last_row,
last_col)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xlperf.core.workbook.grid import norm_label
from xlperf.core.workbook.textwidth import column_room, wrapped_lines

Span = tuple[int, int, int, int]

# --------------------------------------------------------------------------- sheet names
COVER_SHEET = "封面"
TOC_SHEET = "目录"
DEPARTMENT_SHEET = "部门整体绩效目标"
CODES_SHEET = "代码表"
PROJECT_SHEET_PREFIX = "项目"
#: Sheets that tools write into a unit workbook; the reader skips them.
IMPORT_SHEET = "导入说明"
GENERATED_SHEETS = frozenset({TOC_SHEET, CODES_SHEET, "校验结果", IMPORT_SHEET})
#: The 目录's title and its lines for the two parts (the reader knows a copied 目录 by them).
TOC_TITLE = "目  录"
PART1_TITLE = "第一部分 部门整体绩效目标"
PART2_TITLE = "第二部分 预算项目绩效目标"


def project_sheet_name(number: int) -> str:
    """The sheet name of the n-th project table: 项目1, 项目2, …"""
    return f"{PROJECT_SHEET_PREFIX}{number}"


# --------------------------------------------------------------------------- labels
@dataclass(frozen=True)
class Label:
    """A label as the template writes it, plus the spellings the reader also accepts."""

    text: str
    aliases: tuple[str, ...] = ()
    display: str | None = None  # how the template shows it, e.g. with a deliberate line break
    keys: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = frozenset(norm_label(t) for t in (self.text, *self.aliases))
        object.__setattr__(self, "keys", keys)

    @property
    def shown(self) -> str:
        """The text the template writes (the reader ignores its whitespace)."""
        return self.display or self.text

    def matches(self, text: str | None) -> bool:
        """Tell whether a cell's text is this label (whitespace and bracket width ignored)."""
        return norm_label(text) in self.keys


# Cover / 单位信息
UNIT_CODE = Label("单位编码", ("单位代码", "预算单位编码"))
UNIT_NAME = Label("单位名称", ("预算单位名称",))
YEAR = Label("预算年度", ("年度",))
COMPILER = Label("编制单位")
REVIEWER = Label("审核单位")

# Project table
PROJECT_CODE = Label("项目编码", ("项目代码",))
PROJECT_NAME = Label("项目名称")
BUDGET_SECTION = Label("预算规模及资金用途", ("预算规模及资金用途（万元）",),
                       display="预算规模及\n资金用途")
BUDGET = Label("预算数", ("年度资金总额", "预算金额", "预算数（万元）"))
FISCAL_FUNDS = Label("其中：财政资金", ("财政资金", "其中：财政拨款", "财政拨款"))
OTHER_FUNDS = Label("其他资金")
PLAN_SECTION = Label("资金支出计划（%）", ("资金支出计划", "支出计划（%）"),
                     display="资金支出计划\n（%）")
TARGETS = Label("绩效目标", ("年度绩效目标", "年度目标"))
LEVEL1 = Label("一级指标")
LEVEL2 = Label("二级指标")
LEVEL3 = Label("三级指标", ("指标名称",))
DESCRIPTION = Label("绩效指标描述", ("指标解释", "指标说明", "指标描述"))
VALUE = Label("指标值", ("目标值", "年度指标值"))
BASIS = Label("指标值确定依据", ("指标值设定依据", "确定依据", "依据"))
AMOUNT_UNIT_PREFIX = "单位："

# Part 1
OVERALL_SECTION = Label("一、总体绩效目标",
                        ("一、部门总体绩效目标", "一、年度总体绩效目标", "一、总体目标"))
SUB_TARGETS_SECTION = Label("二、分项绩效目标", ("二、分项目标", "二、具体绩效目标"))
MEASURES_SECTION = Label("三、工作保障措施", ("三、保障措施", "三、绩效保障措施", "三、工作保障"))
NUMBER = Label("序号")
CONTENT = Label("内容")
SUB_NAME = Label("名称", ("分项名称", "任务名称"))
SUB_TARGET = Label("绩效目标")
SUB_INDICATORS = Label("绩效指标")

MILESTONE = re.compile(r"^(\d{1,2})月(底|末)$")
#: A unit line, ``711001 博野县总工会本级``: the unit's code and name (a project table's header).
UNIT_LINE = re.compile(r"^\s*(\d{3,12})\s+(\S.*?)\s*$")


def unit_line(code: str | None, name: str | None) -> str:
    """The unit line of a code and a name, a blank part left out ('' when both are)."""
    return " ".join(t for t in (code, name) if t)


def amount_unit_line(amount_unit: str | None) -> str:
    """What the right of the unit line says: ``单位：万元`` (万元 unless the table says else)."""
    return f"{AMOUNT_UNIT_PREFIX}{amount_unit or '万元'}"

# --------------------------------------------------------------------------- styles
@dataclass(frozen=True)
class Style:
    """How a cell looks; the openpyxl adapter turns it into fonts, borders and alignment."""

    font: str = "宋体"
    size: float = 11
    bold: bool = False
    color: str | None = None
    halign: str = "left"
    valign: str = "center"
    wrap: bool = True
    border: bool = True
    number_format: str = "General"
    locked: bool = True
    underline: bool = False


STYLES: dict[str, Style] = {
    "title": Style(size=16, bold=True, halign="center", border=False, wrap=False),
    "unit_line": Style(border=False, wrap=False),
    "amount_unit": Style(border=False, wrap=False, halign="right"),
    "label": Style(halign="center"),
    "header": Style(bold=True, halign="center"),
    "input": Style(locked=False, number_format="@"),
    "input_center": Style(locked=False, halign="center", number_format="@"),
    "input_level": Style(locked=False, halign="center", number_format="@"),  # 一级/二级指标
    "input_money": Style(locked=False, halign="right", number_format="0.00"),
    "input_percent": Style(locked=False, halign="center", number_format="0%"),
    "input_year": Style(locked=False, halign="left", number_format="0"),
    "feedback": Style(size=10, color="C00000", border=False, wrap=False),
    "hint": Style(size=9, color="7F7F7F", border=False, wrap=False),
    "section": Style(size=12, bold=True, border=False, wrap=False),
    "part_title": Style(font="黑体", size=16, halign="center", border=False, wrap=False),
    "body_number": Style(font="仿宋", size=12, locked=False, halign="center", number_format="@"),
    "body": Style(font="仿宋", size=12, locked=False, number_format="@"),
    "cover_title": Style(size=26, bold=True, halign="center", border=False, wrap=False),
    "cover_subtitle": Style(size=20, bold=True, halign="center", border=False, wrap=False),
    "cover_line": Style(font="仿宋", size=16, halign="center", border=False, wrap=False),
    "toc_part": Style(size=12, bold=True, border=False, wrap=False),
    # A dot leader: the text, then "." repeated to the cell's right edge (format "@*.").
    "toc_entry": Style(size=12, border=False, wrap=False, number_format="@*."),
    "toc_entry_wrapped": Style(size=12, border=False),
    "toc_page": Style(size=12, border=False, wrap=False, halign="right", valign="bottom",
                      number_format="0"),
    "toc_link": Style(size=10, border=False, wrap=False, color="0563C1", underline=True),
    "code": Style(border=False, wrap=False),
}

#: Points per line of wrapped text, by font size; used to size rows of merged cells,
#: which neither Excel nor LibreOffice auto-fits.
LINE_HEIGHT = {9: 12.0, 10: 13.5, 11: 14.5, 12: 16.0}


def row_height(text: str | None, width: float, size: float = 11, minimum: float = 20.0) -> float:
    """Estimate the row height (points) that shows all of text in a column span of width.

    Width is in Excel character units (see :func:`textwidth.column_room`).
    """
    if not text:
        return minimum
    lines = wrapped_lines(text, column_room(width, size))
    line_height = LINE_HEIGHT.get(int(size), size * 1.35)
    return max(minimum, round(lines * line_height + 6, 1))


# --------------------------------------------------------------------------- project sheet
PROJECT_COLUMNS = 7  # A..G, as the seed's tables
PROJECT_WIDTHS = {1: 13.0, 2: 15.0, 3: 20.0, 4: 24.0, 5: 13.0, 6: 10.0, 7: 10.0}
PROJECT_FEEDBACK_COL = 9  # column I: live checks, outside the print area


@dataclass(frozen=True)
class FieldSpec:
    """A labelled input: the label's cell and the (possibly merged) value span to its right."""

    name: str
    label: Label
    label_span: Span
    value_span: Span
    style: str = "input"


ROW_TITLE, ROW_UNIT, ROW_CODE, ROW_BUDGET, ROW_PURPOSE = 1, 2, 3, 4, 5
ROW_PLAN_LABELS, ROW_PLAN_VALUES, ROW_TARGETS, ROW_HEADER = 6, 7, 8, 9
FIRST_INDICATOR_ROW = 10

PROJECT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("code", PROJECT_CODE, (3, 1, 3, 1), (3, 2, 3, 3)),
    FieldSpec("name", PROJECT_NAME, (3, 4, 3, 4), (3, 5, 3, 7)),
    FieldSpec("budget", BUDGET, (4, 2, 4, 2), (4, 3, 4, 3), "input_money"),
    FieldSpec("fiscal_funds", FISCAL_FUNDS, (4, 4, 4, 4), (4, 5, 4, 5), "input_money"),
    FieldSpec("other_funds", OTHER_FUNDS, (4, 6, 4, 6), (4, 7, 4, 7), "input_money"),
    FieldSpec("targets", TARGETS, (8, 1, 8, 1), (8, 2, 8, 7)),
)
UNIT_LINE_SPAN: Span = (2, 1, 2, 4)
AMOUNT_UNIT_SPAN: Span = (2, 6, 2, 7)
TITLE_SPAN: Span = (1, 1, 1, 7)
BUDGET_SECTION_SPAN: Span = (4, 1, 5, 1)
PURPOSE_SPAN: Span = (5, 2, 5, 7)
PLAN_SECTION_SPAN: Span = (6, 1, 7, 1)
#: Column spans of the four spending-plan milestones (label row above, value row below).
PLAN_SLOTS: tuple[tuple[int, int], ...] = ((2, 3), (4, 4), (5, 5), (6, 7))


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the indicator table."""

    name: str
    label: Label
    cols: tuple[int, int]
    style: str = "input"


INDICATOR_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("level1", LEVEL1, (1, 1), "input_level"),
    ColumnSpec("level2", LEVEL2, (2, 2), "input_level"),
    ColumnSpec("name", LEVEL3, (3, 3)),
    ColumnSpec("description", DESCRIPTION, (4, 4)),
    ColumnSpec("value", VALUE, (5, 5), "input_center"),
    ColumnSpec("basis", BASIS, (6, 7)),
)

#: Every label of a project sheet, for the reader's "value runs until the next label" rule.
PROJECT_LABELS: tuple[Label, ...] = (
    PROJECT_CODE,
    PROJECT_NAME,
    BUDGET_SECTION,
    BUDGET,
    FISCAL_FUNDS,
    OTHER_FUNDS,
    PLAN_SECTION,
    TARGETS,
    LEVEL1,
    LEVEL2,
    LEVEL3,
    DESCRIPTION,
    VALUE,
    BASIS,
)

# --------------------------------------------------------------------------- cover sheet
COVER_WIDTHS = {1: 14.0, 2: 44.0, 3: 36.0}
COVER_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("code", UNIT_CODE, (2, 1, 2, 1), (2, 2, 2, 2)),
    FieldSpec("name", UNIT_NAME, (3, 1, 3, 1), (3, 2, 3, 2)),
    FieldSpec("year", YEAR, (4, 1, 4, 1), (4, 2, 4, 2), "input_year"),
    FieldSpec("compiler", COMPILER, (5, 1, 5, 1), (5, 2, 5, 2)),
    FieldSpec("reviewer", REVIEWER, (6, 1, 6, 1), (6, 2, 6, 2)),
)
COVER_HINTS = {
    "code": "预算单位编码，如 711001",
    "name": "项目表表头使用的单位名称，如 博野县总工会本级",
    "year": "四位年份，如 2023",
    "compiler": "封面“××编制”，如 博野县总工会",
    "reviewer": "封面“××审核”，如 博野县财政局",
}
COVER_INFO_TITLE_SPAN: Span = (1, 1, 1, 3)
#: The printed cover below the input block: (row, formula, style).
COVER_PRINT_FIRST_ROW = 9
COVER_PRINT_LAST_ROW = 30

# --------------------------------------------------------------------------- part 1 sheet
DEPARTMENT_WIDTHS = {1: 8.0, 2: 18.0, 3: 40.0, 4: 40.0}
DEPARTMENT_COLUMNS = 4
#: Blank rows a new template offers per section.
BLANK_ROWS = {"overall": 6, "sub_targets": 4, "measures": 6}

# --------------------------------------------------------------------------- toc sheet
#: Entry, page number; then, outside the print area, the links to the sheets.
TOC_WIDTHS = {1: 66.0, 2: 6.0, 3: 2.0, 4: 22.0}
TOC_LINK_COL = 4
#: The printed page number of the body, as in the published 绩效文本: — 1 —.
PAGE_FOOTER = "— &P —"

# --------------------------------------------------------------------------- codes sheet
COMPARATORS = ("≥", ">", "=", "<", "≤", "定性")
LEVEL1_LIST_NAME = "一级指标列表"
COMPARATOR_LIST_NAME = "比较符列表"
