"""The developer's verb: generate every workbook users download under ``workbooks/``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from xlperf.app.actions.unit import new_unit, write_unit
from xlperf.core.model.unit_workbook import UnitInfo
from xlperf.core.review.sheets import render_summary_book
from xlperf.core.summary.settings import SUMMARY_BOOK_NAME, summary_buttons
from xlperf.core.workbook.button_layout import Button, unit_buttons
from xlperf.core.workbook.render import render_workbook
from xlperf.core.workbook.sheetspec import BookSpec
from xlperf.errors import XlperfError
from xlperf.files.examples import example_names, load_example

TEMPLATE_NAME = "单位绩效目标模板.xlsx"
MACRO_TEMPLATE_NAME = "单位绩效目标模板.xlsm"
TEMPLATE_PROJECTS = 3


@dataclass(frozen=True)
class BuiltFile:
    """One generated workbook under ``workbooks/``."""

    path: Path
    what: str


@dataclass(frozen=True)
class MacroBook:
    """A macro workbook to build: its sheets, VBA modules and buttons."""

    name: str
    spec: BookSpec
    modules: tuple[str, ...]
    buttons: dict[str, list[Button]]
    what: str


def macro_books() -> list[MacroBook]:
    """The .xlsm workbooks with buttons: the unit template and the county summary workbook."""
    from xlperf.files import xlsm  # openpyxl: loaded only when needed

    unit = render_workbook(new_unit(UnitInfo(), TEMPLATE_PROJECTS))
    return [
        MacroBook(MACRO_TEMPLATE_NAME, unit, xlsm.UNIT_MODULES, unit_buttons(unit),
                  "空白单位模板，带按钮（填充默认值、校验、一键修正、生成目录、导出 Word）"),
        MacroBook(SUMMARY_BOOK_NAME, render_summary_book(), xlsm.SUMMARY_MODULES,
                  summary_buttons(), "县级汇总工作簿，带“汇总”“审核”按钮"),
    ]


def build_workbooks(folder: Path, vba_from: Sequence[Path] = ()) -> list[BuiltFile]:
    """Generate every workbook users download: the blank template and the examples.

    ``vba_from``: .xlsm files someone opened and saved in Windows Excel; each one's VBA project
    replaces the generated one in the workbook with the same modules (see :func:`adopted`).

    Raises:
        XlperfError: when a ``vba_from`` file cannot be used (checked before anything is written).
    """
    books = macro_books()
    projects = adopted(vba_from, books)
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
    return built + build_macro_workbooks(folder, books, projects)


def build_macro_workbooks(folder: Path, books: Sequence[MacroBook] | None = None,
                          projects: dict[str, bytes] | None = None) -> list[BuiltFile]:
    """Write the macro workbooks, with an adopted VBA project where one is given."""
    from xlperf.files import xlsm  # openpyxl: loaded only when needed

    built = []
    for book in macro_books() if books is None else books:
        project = (projects or {}).get(book.name)
        path = xlsm.write_macro_book(book.spec, Path(folder) / book.name,
                                     xlsm.load_modules(book.modules), book.buttons, project)
        note = "（VBA 工程取自 Excel 保存的文件）" if project else ""
        built.append(BuiltFile(path, book.what + note))
    return built


def adopted(paths: Sequence[Path], books: Sequence[MacroBook]) -> dict[str, bytes]:
    """The Excel-saved VBA project to use for each macro workbook, by workbook name.

    A file goes to the workbook whose standard modules it holds; its modules must be exactly
    that workbook's, with the same code, and one document module per sheet.

    Raises:
        XlperfError: when a file is unreadable, fits no workbook, or two fit the same one.
    """
    from xlperf.files import vba, xlsm  # openpyxl: loaded only when needed

    found: dict[str, bytes] = {}
    for path in paths:
        data = xlsm.read_vba_project(path)
        try:
            names = {s.name for s in vba.project_sources(data) if not s.document}
        except ValueError as exc:
            raise XlperfError(f"{path}：无法读取其中的 VBA 工程（{exc}）") from exc
        book = next((b for b in books if set(b.modules) == names), None)
        if book is None:
            wanted = "；".join(f"{b.name} 需要 {'、'.join(b.modules)}" for b in books)
            raise XlperfError(f"{path}：VBA 工程中的模块（{'、'.join(sorted(names)) or '无'}）"
                              f"与要生成的带宏工作簿都对不上（{wanted}）")
        if book.name in found:
            raise XlperfError(f"{path}：与前面的文件一样是 {book.name} 的 VBA 工程，只能指定一个")
        vba.check_adoptable(data, xlsm.load_modules(book.modules), xlsm.code_names(book.spec),
                            str(path))
        found[book.name] = data
    return found
