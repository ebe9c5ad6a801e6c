"""The county summary workbook (县级汇总): its 设置 sheet as a spec, and reading it back (pure).

The finance bureau fills in where the unit workbooks are and clicks 汇总; ``app.excel.consolidate``
reads these settings from the live workbook and writes the summary sheets into it. The blank
workbook (设置 and the review's 审核汇总 sheet) is put together by the review step, which builds
on this one: ``core.review.sheets.render_summary_book``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xlperf.core.workbook.button_layout import CONSOLIDATE, REVIEW, Button, Corner
from xlperf.core.workbook.grid import SheetGrid, a1
from xlperf.core.workbook.layout import Label
from xlperf.core.workbook.sheetspec import SheetSpec, Validation

SETTINGS_SHEET = "设置"
SUMMARY_BOOK_NAME = "县级汇总.xlsm"

FOLDER = Label("单位工作簿文件夹", ("单位文件夹", "工作簿文件夹"))
RECURSIVE = Label("包含子文件夹")
ROSTER = Label("单位名录")
SAVE_AS = Label("汇总结果另存为", ("另存为",))
REVIEW_FOLDER = Label("审核目录", ("审核文件夹", "意见书文件夹"))
RUBRIC = Label("审核规则")

#: (field, label, hint, default value) in sheet order, from row FIRST_ROW on.
FIELDS: tuple[tuple[str, Label, str, str | None], ...] = (
    ("folder", FOLDER,
     r"必填：存放各单位绩效目标工作簿（.xlsx/.xlsm）的文件夹，如 D:\绩效目标\2024", None),
    ("recursive", RECURSIVE, "选“是”时也读取子文件夹中的工作簿", "否"),
    ("roster", ROSTER, "可选：单位名录工作簿（.xlsx）的路径，用于查出未报送的单位", None),
    ("save_as", SAVE_AS, "可选：另存一份汇总结果的 .xlsx 文件路径；留空则只写入本工作簿", None),
    ("review_folder", REVIEW_FOLDER,
     "“审核”必填：审核汇总.xlsx 和各轮意见书、标注工作簿的存放文件夹，如 D:\\绩效目标\\2024审核",
     None),
    ("rubric", RUBRIC, "可选：审核规则 .yaml；留空则用单位名录旁的 审核规则.yaml 或内置规则", None),
)
FIRST_ROW = 4
WIDTHS = {1: 18.0, 2: 48.0, 3: 60.0, 4: 16.0}
#: The column right of the hints, outside the print area: where the 汇总 button sits.
BUTTON_COL = 4

INSTRUCTIONS: tuple[str, ...] = (
    "本工作簿含宏。从邮件或网页下载后，先关闭 Excel，右键文件 →“属性”→ 勾选“解除锁定”→“确定”，"
    "再打开并点“启用内容”。",
    "电脑上需安装 Python、xlperf 和 xlwings 加载项：pip install \"xlperf[excel]\"，"
    "再运行 xlwings addin install（详见 xlperf 说明“Excel 按钮”一节）。",
    "在上方填写单位工作簿文件夹（必填）和其他选项，然后点击右侧“汇总”按钮。",
    "汇总结果写入本工作簿的汇总工作表；再次汇总时更新这些工作表，“设置”工作表保持不变。",
    "审核：填写审核目录后点击“审核”。建议结果写入“审核汇总”工作表，在其中浅黄色的审核结果、审核意见、"
    "修改期限三列填写后再点“审核”，意见书随之更新；意见书和标注工作簿写在审核目录的“第N轮”文件夹。",
    "使用 WPS 或不能运行宏时，在命令行运行 xlperf consolidate 或 xlperf review（见 xlperf 说明）。",
)


@dataclass(frozen=True)
class SummarySettings:
    """What the 设置 sheet says; ``cells`` maps each field to the cell its value came from."""

    folder: str | None = None
    recursive: bool = False
    roster: str | None = None
    save_as: str | None = None
    review_folder: str | None = None
    rubric: str | None = None
    cells: dict[str, str] = field(default_factory=dict)


def render_settings() -> SheetSpec:
    """The 设置 sheet: labelled inputs with hints, then the 使用说明."""
    sheet = SheetSpec(SETTINGS_SHEET, widths=dict(WIDTHS), protected=True, footer=None)
    sheet.put_span((1, 1, 1, 3), "县级汇总设置", "title")
    sheet.heights[1] = 30.0
    sheet.put_span((2, 1, 2, 3), "填写下列设置后点击右侧“汇总”或“审核”按钮；结果写入本工作簿。",
                   "hint")
    for row, (name, label, hint, default) in enumerate(FIELDS, start=FIRST_ROW):
        sheet.put(row, 1, label.text, "header")
        sheet.put(row, 2, default, "input")
        sheet.put(row, 3, hint, "hint")
        sheet.heights[row] = 24.0
        if name == "recursive":
            sheet.validations.append(Validation('"是,否"', (a1(row, 2),), error_style="stop",
                                                prompt_title=label.text, prompt="选择 是 或 否"))
    first = FIRST_ROW + len(FIELDS) + 1
    sheet.put_span((first, 1, first, 3), "使用说明", "section")
    for n, text in enumerate(INSTRUCTIONS, start=1):
        row = first + n
        sheet.put(row, 1, f"{n}.", "body_number")
        sheet.put_span((row, 2, row, 3), text, "body")
        sheet.heights[row] = 36.0
    sheet.print_area = (1, 1, first + len(INSTRUCTIONS), 3)
    return sheet


def summary_buttons() -> dict[str, list[Button]]:
    """汇总 beside the folder's hint, 审核 beside the review folder's; outside the print area."""
    review_row = FIRST_ROW + [f[0] for f in FIELDS].index("review_folder")
    return {SETTINGS_SHEET: [
        Button(*CONSOLIDATE, Corner(BUTTON_COL, 8, FIRST_ROW, 4),
               Corner(BUTTON_COL, 104, FIRST_ROW + 1, 28)),
        Button(*REVIEW, Corner(BUTTON_COL, 8, review_row, 4),
               Corner(BUTTON_COL, 104, review_row + 1, 28)),
    ]}


def read_settings(sheet: SheetGrid) -> SummarySettings:
    """Read the settings by their labels in the first column (rows may have moved)."""
    values: dict[str, str | None] = {}
    cells: dict[str, str] = {}
    for row in range(1, sheet.max_row + 1):
        for name, label, _hint, _default in FIELDS:
            if name not in values and label.matches(sheet.text(row, 1)):
                values[name] = sheet.text(row, 2)
                cells[name] = a1(row, 2)
    return SummarySettings(
        folder=values.get("folder"),
        recursive=values.get("recursive") == "是",
        roster=values.get("roster"),
        save_as=values.get("save_as"),
        review_folder=values.get("review_folder"),
        rubric=values.get("rubric"),
        cells=cells,
    )
