"""The verbs on one unit's workbook: new, read, check, annotate, fill, refresh the 目录."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from xlperf.core.check.fill import FillResult, fill_defaults
from xlperf.core.model.unit_workbook import Project, UnitInfo, UnitWorkbook
from xlperf.core.workbook import layout
from xlperf.core.workbook.button_layout import unit_buttons
from xlperf.core.workbook.render import render_toc, render_workbook
from xlperf.errors import InputFileError, OutputFileError
from xlperf.files import fileio
from xlperf.files.discover import (
    ANNOTATED_CATEGORY,
    annotated_path,
    discover,
    find_workbooks,
)
from xlperf.files.filetype import display_path, is_document, not_a_file_reason
from xlperf.files.unitfile import (
    Checked,
    Engine,
    check_file,
    load_grids,
    not_checked,
    open_unit,
    read_file,
    read_unit,
)

__all__ = [
    "Checked", "Engine", "annotate_file", "annotated_path", "check_file", "discover", "fill_file",
    "find_workbooks", "load_grids", "new_unit", "not_checked", "read_file", "refresh_toc_file",
    "write_unit",
]


def new_unit(info: UnitInfo, projects: int) -> UnitWorkbook:
    """A blank unit workbook model with the given unit info and empty project tables."""
    return UnitWorkbook(info=info, projects=[Project.blank(info) for _ in range(projects)])


#: What a unit workbook may be saved as: a plain workbook, or one with the buttons.
UNIT_SUFFIXES = (".xlsx", ".xlsm")


def write_unit(book: UnitWorkbook, path: Path, *, blank_projects: int = 0,
               overwrite: bool = False) -> Path:
    """Write a unit workbook; refuse to replace an existing file unless asked.

    ``.xlsm`` gives the macro workbook with the buttons (封面, 目录 and every project sheet),
    as the template under ``workbooks/``; any other suffix than .xlsx/.xlsm is refused.

    Raises:
        OutputFileError: for another suffix, when path exists and overwrite is false, or when it
            cannot be written.
        XlperfError: for .xlsm when the VBA sources (``macros/``) cannot be found.
    """
    from xlperf.files import xlsx  # openpyxl: loaded only when needed

    path = Path(path)
    if path.suffix.lower() not in UNIT_SUFFIXES:
        raise OutputFileError(f"{path}：单位工作簿的扩展名应为 .xlsx（带按钮的为 .xlsm），"
                              f"不能是“{path.suffix or '无扩展名'}”")
    fileio.refuse_existing(path, overwrite)
    spec = render_workbook(book, blank_projects=blank_projects)
    if path.suffix.lower() == ".xlsm":
        from xlperf.files import xlsm

        xlsm.write_macro_book(spec, path, xlsm.load_modules(xlsm.UNIT_MODULES), unit_buttons(spec))
    else:
        xlsx.write_book(spec, path)
    return path


@dataclass(frozen=True)
class TocRefresh:
    """What ``toc`` did: the projects the 目录 lists, and whether it had to change."""

    projects: int
    changed: bool  # the 目录 itself
    saved: bool  # the output was written (in place: only when the 目录 or the layout changed)
    note: str = ""  # what the print layout refresh did or could not do


def refresh_toc_file(path: Path, output: Path | None = None, *,
                     in_place: bool = False) -> TocRefresh:
    """Regenerate the 目录 sheet of a workbook file (the CLI twin of the 生成目录 button).

    Writes ``output``, or the input itself with ``in_place`` (left untouched when its 目录 is
    already current, same lines, links and print area, and its print layout too: see
    ``files.relayout``).

    Raises:
        InputFileError: when the file cannot be opened as a workbook.
        NotATemplateError: when it is not a 绩效目标 workbook.
        OutputFileError: when output is missing, equals the input without ``in_place``, or
            cannot be written.
    """
    from xlperf.files import xlsm  # openpyxl: loaded only when needed
    from xlperf.files.relayout import relayout

    path = Path(path)
    target = _output_for(path, output, in_place)
    unit = open_unit(path)  # read once: the values here, the same bytes opened for editing
    book = read_unit(unit).book
    wb = xlsm.open_workbook(path, unit.package.data)
    spec = render_toc(book)
    changed = not xlsm.sheet_matches(wb, spec)
    if changed:
        names = wb.sheetnames
        index = names.index(layout.COVER_SHEET) + 1 if layout.COVER_SHEET in names else 0
        xlsm.replace_sheet(wb, spec, index)
    relaid = relayout(wb)
    saved = changed or relaid.changed or not in_place
    if saved:
        xlsm.save_workbook(wb, target)
    return TocRefresh(len(book.projects), changed, saved, relaid.note)


def annotate_file(checked: Checked, output: Path, *, in_place: bool = False) -> str:
    """Write a copy of a checked workbook with 校验结果 and marked cells; return the message.

    The copy's document properties say it is an annotated copy, so ``consolidate`` and
    ``check <folder>`` do not take it for a unit's submission. With ``in_place`` the input itself
    is annotated (and stays a unit's workbook).

    Raises:
        InputFileError: when the workbook cannot be opened for editing.
        OutputFileError: when the output is the input without ``in_place``, or cannot be written.
    """
    from xlperf.files import patch, xlsm  # openpyxl: loaded only when needed

    if is_document(checked.path):  # a 绩效文本: the workbook made from it, annotated
        return _annotate_document(checked, output, in_place)
    target = _output_for(checked.path, output, in_place)
    wb = xlsm.open_workbook(checked.path)
    message = patch.annotate_workbook(wb, checked.findings)
    if not in_place:
        wb.properties.category = ANNOTATED_CATEGORY
    xlsm.save_workbook(wb, target)
    return message


def _annotate_document(checked: Checked, output: Path, in_place: bool) -> str:
    from xlperf.files.docread import write_annotated_workbook

    name = display_path(str(checked.path))
    if in_place:
        raise OutputFileError(f"{name}：文档没有单元格可以标注，不能 --in-place；"
                              "标注写在由文档生成的工作簿里，请用 -o 指定 .xlsx 文件")
    target = Path(output).with_suffix(".xlsx") if Path(output).suffix.lower() != ".xlsx" \
        else Path(output)
    _output_for(checked.path, target, False)
    write_annotated_workbook(checked.path, target, annotated=True)
    return f"由文档生成工作簿并标注了 {len(checked.findings)} 条问题"


def fill_file(path: Path, output: Path | None = None, *, in_place: bool = False) -> FillResult:
    """Fill the defaults of a workbook file into ``output`` (or the input with ``in_place``).

    Raises:
        InputFileError, NotATemplateError: when the input cannot be used.
        OutputFileError: when no output is given, it equals the input without ``in_place``, or
            cannot be written.
    """
    from xlperf.files import patch, xlsm  # openpyxl: loaded only when needed
    from xlperf.files.relayout import relayout

    path = Path(path)
    target = _output_for(path, output, in_place)
    unit = open_unit(path, every_sheet=True)  # read once: 目录 and the values of every sheet
    result = fill_defaults(read_unit(unit).book, unit.grids)
    wb = xlsm.open_workbook(path, unit.package.data)
    if result.fills:
        result.keep(patch.apply_edit(wb, result.edit, blanks_only=True))
    relaid = relayout(wb)  # what the fills and the clerk's edits changed in print
    result.edit.message = (result.edit.message or "") + relaid.note
    if not result.fills and not relaid.changed and in_place:
        return result  # nothing to do: leave the user's file untouched
    if wb.properties.category == ANNOTATED_CATEGORY:
        wb.properties.category = None  # filled, an annotated copy becomes a unit's workbook
    xlsm.save_workbook(wb, target)
    return result


def _output_for(path: Path, output: Path | None, in_place: bool) -> Path:
    """Where an edit goes; a link is written through (its target changes, the link stays)."""
    path = Path(path)
    problem = not_a_file_reason(path)
    if problem:
        raise InputFileError(display_path(str(path)), problem)
    target = path if in_place else output
    if target is None:
        raise OutputFileError("请用 -o 指定输出文件，或加 --in-place 直接修改输入文件")
    if not in_place and os.path.realpath(target) == os.path.realpath(path):
        raise OutputFileError(f"{display_path(str(target))}：输出文件与输入文件相同；"
                              "如需直接修改，请加 --in-place")
    return Path(target)
