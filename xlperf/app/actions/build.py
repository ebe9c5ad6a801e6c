"""The developer's verb: generate every workbook users download under ``workbooks/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xlperf.app.actions.unit import new_unit, write_unit
from xlperf.core.button_layout import unit_buttons
from xlperf.core.models import UnitInfo
from xlperf.core.render import render_workbook
from xlperf.core.summary.settings import SUMMARY_BOOK_NAME, render_summary_book, summary_buttons
from xlperf.files.examples import example_names, load_example

TEMPLATE_NAME = "单位绩效目标模板.xlsx"
MACRO_TEMPLATE_NAME = "单位绩效目标模板.xlsm"
TEMPLATE_PROJECTS = 3


@dataclass(frozen=True)
class BuiltFile:
    """One generated workbook under ``workbooks/``."""

    path: Path
    what: str


def build_workbooks(folder: Path) -> list[BuiltFile]:
    """Generate every workbook users download: the blank template and the examples."""
    folder = Path(folder)
    (folder / "examples").mkdir(parents=True, exist_ok=True)
    built = [
        BuiltFile(
            write_unit(new_unit(UnitInfo(), TEMPLATE_PROJECTS), folder / TEMPLATE_NAME,
                       overwrite=True),
            f"空白单位模板（{TEMPLATE_PROJECTS} 张项目表）",
        )
    ]
    for name in example_names():
        path = write_unit(load_example(name), folder / "examples" / f"{name}.xlsx",
                          overwrite=True)
        built.append(BuiltFile(path, "示例单位"))
    return built + build_macro_workbooks(folder)


def build_macro_workbooks(folder: Path) -> list[BuiltFile]:
    """The .xlsm workbooks with buttons: the unit template and the county summary workbook."""
    from xlperf.files import xlsm  # openpyxl and ms-ovba: loaded only when needed

    unit = render_workbook(new_unit(UnitInfo(), TEMPLATE_PROJECTS))
    unit_path = xlsm.write_macro_book(unit, Path(folder) / MACRO_TEMPLATE_NAME,
                                      xlsm.load_modules(xlsm.UNIT_MODULES), unit_buttons(unit))
    summary_path = xlsm.write_macro_book(render_summary_book(), Path(folder) / SUMMARY_BOOK_NAME,
                                         xlsm.load_modules(xlsm.SUMMARY_MODULES),
                                         summary_buttons())
    return [
        BuiltFile(unit_path, "空白单位模板，带按钮（填充默认值、校验、生成目录、导出 Word）"),
        BuiltFile(summary_path, "县级汇总工作簿，带“汇总”“审核”按钮"),
    ]
