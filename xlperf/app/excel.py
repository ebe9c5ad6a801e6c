"""Excel buttons through xlwings: the only module that imports xlwings.

Each button reads the sheets it needs from the open workbook in one bulk read per sheet, runs the
pure core, and writes the result back as rectangular blocks (values, fill colours, hyperlinks, a
new sheet, one message), never cell by cell and never reading back what it wrote. The same code
serves every channel, because they all hand over an ``xw.Book``:

- classic ``RunPython`` (desktop Excel on Windows/macOS with a local Python): the plain
  functions below, called by the VBA in ``macros/`` through the xlwings add-in;
- xlwings Lite and xlwings Server: the ``script_*`` functions, decorated with ``@xw.script``.

Only pure modules are imported here (no openpyxl, no calamine), so the package also runs inside
xlwings Lite's browser Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlwings as xw

from xlperf.core.check import buttons
from xlperf.core.check.pipeline import check_unit
from xlperf.core.check.results import EXPORT_REFUSAL
from xlperf.core.review.recall import reviewer_entries
from xlperf.core.review.sheets import MAIN_SHEET, review_sheet_edit
from xlperf.core.summary.records import result_line
from xlperf.core.summary.settings import SETTINGS_SHEET, read_settings
from xlperf.core.summary.tables import SUMMARY_SHEETS, summary_edit
from xlperf.core.workbook import layout as L
from xlperf.core.workbook.edits import BookEdit, blocks, colour_blocks
from xlperf.core.workbook.grid import BookGrids, CellValue, SheetGrid, col_letter
from xlperf.core.workbook.toc import SKIPPED_SHEETS, toc_edit
from xlperf.errors import XlperfError, describe

#: A value starting with one of these would be taken for a formula by Excel.
FORMULA_STARTS = frozenset("=+-@")
#: How far a button reads. A sheet's used range may reach far beyond its data (a format pasted
#: down to row 1,048,576, a stray space in column XFD), and one read of it over COM would ask
#: Excel for billions of cells. Every sheet xlperf writes fits in A..I (the project sheets'
#: live checks and 校验结果 are the widest); A..Z leaves room for columns a user inserts.
READ_COLUMNS = 26
#: Rows are read in blocks of this many; the read stops at the first block without a value
#: (no table of the template has such a gap: only blank formatting lies beyond), and for
#: good at READ_ROWS, far more rows than a unit's project table or 校验结果 ever holds.
READ_BLOCK = 1000
READ_ROWS = 100_000


# --------------------------------------------------------------------------- adapter
def read_grids(book: Any, skip: Iterable[str] = (), only: str | None = None) -> BookGrids:
    """Read every sheet not in ``skip`` (or just ``only``), bounded (see :func:`read_sheet`)."""
    skipped = set(skip)
    sheets = []
    for sheet in book.sheets:
        if sheet.name in skipped or (only is not None and sheet.name != only):
            continue
        sheets.append(SheetGrid(sheet.name, read_sheet(sheet)))
    return BookGrids(tuple(sheets), name=book.name)


def read_sheet(sheet: Any) -> list[list[Any]]:
    """A sheet's values from A1: one bulk read, or a few when the used range is long.

    Never more than :data:`READ_COLUMNS` columns, and rows block by block up to the last block
    that holds a value, so a used range that reaches row 1,048,576 or column XFD costs one or
    two reads of 1000 × 26 cells, not a read of the whole range. Trailing rows without a value
    are dropped: formatting alone must not make a sheet look longer (e.g. 目录 look stale).
    """
    last = sheet.used_range.last_cell
    rows, cols = min(int(last.row), READ_ROWS), min(int(last.column), READ_COLUMNS)
    values: list[list[Any]] = []
    for top in range(1, rows + 1, READ_BLOCK):
        bottom = min(top + READ_BLOCK - 1, rows)
        # Tuples on both sides: the remote engine cannot combine a tuple with a Range.
        block = sheet.range((top, 1), (bottom, cols)).options(ndim=2).value
        if top > 1 and all(v is None for line in block for v in line):
            break
        values.extend(block)
    while values and all(v is None for v in values[-1]):
        values.pop()
    return values


def read_old(book: Any, name: str) -> tuple[SheetGrid | None, int | None]:
    """A sheet's values and its last used row, (None, None) when the sheet does not exist.

    The last row is the used range's when it is no longer than a block, else the last row with
    a value (the bounded read): a far used range does not count as content.
    """
    if name not in [sheet.name for sheet in book.sheets]:
        return None, None
    sheet = book.sheets[name]
    grid = SheetGrid(name, read_sheet(sheet))
    row = int(sheet.used_range.last_cell.row)
    return grid, row if row <= READ_BLOCK else max(grid.max_row, 1)


def apply_edit(book: Any, edit: BookEdit) -> None:
    """Write an edit: one call per block, clear, colour rectangle and link; then the message."""
    for change in edit.sheets:
        if change.create_at is not None and change.name not in [s.name for s in book.sheets]:
            after = book.sheets[change.create_at - 1] if change.create_at > 0 else None
            book.sheets.add(change.name, after=after,
                            before=None if after else book.sheets[0])
        sheet = book.sheets[change.name]
        for r1, c1, r2, c2 in change.clear:
            sheet.range((r1, c1), (r2, c2)).clear()
        for block in blocks(change.values):
            r1, c1, r2, c2 = block.span
            sheet.range((r1, c1), (r2, c2)).value = [[_plain(v) for v in row]
                                                     for row in block.values]
        for colour, block in colour_blocks(change.fills):
            r1, c1, r2, c2 = block.span
            sheet.range((r1, c1), (r2, c2)).color = colour
        for (row, col), link in sorted(change.links.items()):
            sheet.range((row, col)).add_hyperlink(f"#{link.target}", link.text, link.tip)
        if change.autofit and change.values:
            rows, cols = zip(*change.values, strict=True)
            sheet.range((1, min(cols)), (max(rows), max(cols))).columns.autofit()
        if change.print_area is not None:
            # Excel's print area is the sheet's own name Print_Area; adding it replaces the old
            # one (the VBA client's namesAdd: Worksheet.Names.Add).
            r1, c1, r2, c2 = change.print_area
            area = f"${col_letter(c1)}${r1}:${col_letter(c2)}${r2}"
            sheet.names.add("Print_Area", f"='{change.name}'!{area}")
    if edit.message:
        book.app.alert(edit.message, title=edit.title)


def _plain(value: CellValue) -> Any:
    """Values xlwings writes as Excel does: Decimal as float, dates as datetimes."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value  # Excel's text prefix: a unit's “=…” must not become a formula
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def run(book: Any, make: Callable[[Any], BookEdit]) -> None:
    """Compute an edit from the book and apply it; xlperf errors become a message, not a trace."""
    try:
        edit = make(book)
    except XlperfError as exc:
        edit = BookEdit(message=f"错误：{exc}")
    except OSError as exc:  # a file the system refused (export, consolidate)
        where = f"{exc.filename}：" if exc.filename else ""
        edit = BookEdit(message=f"错误：{where}{describe(exc)}")
    apply_edit(book, edit)


# --------------------------------------------------------------------------- the buttons
def refresh_toc_edit(book: Any) -> BookEdit:
    """生成目录: the edit for this book (reads every sheet but 代码表; the 目录 only to say
    whether its content changes)."""
    current, old_last_row = read_old(book, L.TOC_SHEET)
    return toc_edit(read_grids(book, skip=SKIPPED_SHEETS), old_last_row, current)


def fill_defaults_edit(book: Any) -> BookEdit:
    """填充默认值: the edit for this book (reads every sheet but 代码表)."""
    return buttons.fill_edit(read_grids(book, skip=buttons.UNREAD))


def check_edit(book: Any) -> BookEdit:
    """校验: the edit for this book (reads every sheet but 代码表)."""
    return buttons.check_edit(read_grids(book, skip=buttons.UNREAD))


def fix_workbook_edit(book: Any) -> BookEdit:
    """一键修正: the safe fixes of this book, as ``xlperf fix`` (reads every sheet but 代码表).

    A formula cell is never changed: where Excel can say which changed cells hold formulas
    (desktop RunPython), they are kept out and the fixes planned again.
    """
    grids = read_grids(book, skip=buttons.UNREAD)
    locked: set[tuple[str, tuple[int, int]]] = set()
    while True:
        plan = buttons.fix_plan(grids, locked)
        formulas = _formula_cells(book, plan.edit) - locked
        if not formulas:
            return buttons.fix_edit(plan, grids)
        locked |= formulas


def _formula_cells(book: Any, edit: BookEdit) -> set[tuple[str, tuple[int, int]]]:
    """The cells of an edit that hold a formula: one read per block; none where the engine
    cannot read formulas (xlwings Server and Lite send values only)."""
    found = set()
    for change in edit.sheets:
        for block in blocks(change.values):
            r1, c1, r2, c2 = block.span
            try:
                formulas = book.sheets[change.name].range((r1, c1), (r2, c2)).formula
            except NotImplementedError:
                return set()
            rows = formulas if isinstance(formulas, tuple | list) else ((formulas,),)
            for r, line in enumerate(rows, start=r1):
                cells = line if isinstance(line, tuple | list) else (line,)
                found |= {(change.name, (r, c)) for c, f in enumerate(cells, start=c1)
                          if isinstance(f, str) and f.startswith("=")}
    return found


def consolidate_edit(book: Any) -> BookEdit:
    """汇总: read the 设置 sheet, consolidate the folder, write the summary sheets here.

    Needs a Python that can read the unit files (RunPython or xlwings Server on the machine that
    holds them); xlwings Lite runs in the browser and cannot open a folder.
    """
    names = [sheet.name for sheet in book.sheets]
    if SETTINGS_SHEET not in names:
        raise XlperfError(f"找不到“{SETTINGS_SHEET}”工作表：请在县级汇总工作簿中点“汇总”")
    settings = read_settings(read_grids(book, only=SETTINGS_SHEET)[SETTINGS_SHEET])
    if not settings.folder:
        raise XlperfError(f"请先在“{SETTINGS_SHEET}”表填写单位工作簿文件夹")
    try:
        from xlperf.app.actions import county  # file readers: not available in xlwings Lite
    except ImportError as exc:
        raise XlperfError("“汇总”需要读取本机文件夹，请在桌面 Excel（RunPython）或 xlwings Server "
                          "中运行，或使用命令行 xlperf consolidate") from exc
    result = county.consolidate(
        [Path(settings.folder)], Path(settings.save_as) if settings.save_as else None,
        roster=Path(settings.roster) if settings.roster else None,
        recursive=settings.recursive, force=False)
    old = {name: _last_cell(book, name) for name in SUMMARY_SHEETS if name in names}
    edit = summary_edit(result.tables, names.index(SETTINGS_SHEET) + 1, old)
    edit.message = result_line(result.summary, result.files,
                               str(result.output) if result.output else None)
    return edit


def review_edit(book: Any) -> BookEdit:
    """审核: review the folder named in 设置 into its 审核目录, and show 审核汇总 here.

    What the reviewer typed into this workbook's 审核汇总 sheet is read first and kept: it
    goes into the review folder's 审核汇总.xlsx and the letters. Needs the folders on this
    machine (RunPython, or xlwings Server beside them).
    """
    names = [sheet.name for sheet in book.sheets]
    if SETTINGS_SHEET not in names:
        raise XlperfError(f"找不到“{SETTINGS_SHEET}”工作表：请在县级汇总工作簿中点“审核”")
    settings = read_settings(read_grids(book, only=SETTINGS_SHEET)[SETTINGS_SHEET])
    if not settings.folder:
        raise XlperfError(f"请先在“{SETTINGS_SHEET}”表填写单位工作簿文件夹")
    if not settings.review_folder:
        raise XlperfError(f"请先在“{SETTINGS_SHEET}”表填写审核目录（审核汇总和意见书存放的文件夹）")
    try:
        from xlperf.app.actions import review  # file readers: not available in xlwings Lite
    except ImportError as exc:
        raise XlperfError("“审核”需要读取本机文件夹，请在桌面 Excel（RunPython）或 xlwings Server "
                          "中运行，或使用命令行 xlperf review") from exc
    entries = None
    if MAIN_SHEET in names:
        entries = reviewer_entries(read_grids(book, only=MAIN_SHEET)[MAIN_SHEET])
    done = review.review(
        [Path(settings.folder)], Path(settings.review_folder),
        roster=Path(settings.roster) if settings.roster else None,
        rubric=Path(settings.rubric) if settings.rubric else None,
        recursive=settings.recursive, entries=entries)
    main = next(t for t in done.tables if t.name == MAIN_SHEET)
    old = _last_cell(book, MAIN_SHEET) if MAIN_SHEET in names else None
    edit = BookEdit([review_sheet_edit(main, names.index(SETTINGS_SHEET) + 1, old)],
                    title="审核")
    edit.message = "\n".join([*review.result_lines(done), *review.notice_lines(done)])
    return edit


def export_word_edit(book: Any) -> BookEdit:
    """导出 Word: write the 绩效文本 of what the workbook holds now beside the saved file.

    Never replaces a file: an existing ``<工作簿名>_绩效文本.docx`` gets a numbered sibling.
    Needs the workbook's folder on this machine (desktop Excel with RunPython).
    """
    folder_file = Path(book.fullname)
    if not folder_file.is_absolute() or not folder_file.parent.is_dir():
        raise XlperfError("请先把工作簿保存到本机文件夹再导出 Word（网页版 Excel、xlwings Lite "
                          "不能写本机文件，可用命令行 xlperf export）")
    try:
        from xlperf.files import wordfile  # python-docx: not available in every xlwings channel
    except ImportError as exc:
        raise XlperfError("导出 Word 需要在本机 Python 中安装 xlperf（含 python-docx）") from exc
    checked = check_unit(read_grids(book, skip=buttons.UNREAD))
    book_model, gate = checked.book, checked.gate
    if gate.blocked:  # as `xlperf export`; a button takes no --allow-errors
        return BookEdit(message=f"未导出 Word：工作簿还有{gate.remaining()}，{EXPORT_REFUSAL}。"
                                "请先点“校验”，按“校验结果”工作表逐条改正后再导出（确需先导出"
                                "草稿给人看，可用命令行 xlperf export --allow-errors）。",
                        title="导出 Word")
    target = _free_path(folder_file.with_name(f"{folder_file.stem}_绩效文本.docx"))
    wordfile.write_unit(book_model, target)
    still = (f"\n工作簿还有{gate.others}（不影响导出），公开前可点“校验”查看。"
             if gate.others else "")
    return BookEdit(message=f"已导出《{book_model.title}》（{len(book_model.projects)} 张项目"
                            f"绩效目标表）：{target}{still}", title="导出 Word")


def _free_path(path: Path) -> Path:
    """path, or path with (2), (3) … before its suffix when it exists: nothing is replaced."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}({n}){path.suffix}")
    return candidate


def _last_cell(book: Any, name: str) -> tuple[int, int]:
    last = book.sheets[name].used_range.last_cell
    return int(last.row), int(last.column)


# RunPython targets (see macros/XlperfUnit.bas, macros/XlperfSummary.bas).
def refresh_toc() -> None:
    """Button 生成目录: regenerate the 目录 sheet of the calling workbook."""
    run(xw.Book.caller(), refresh_toc_edit)


def fill_defaults() -> None:
    """Button 填充默认值 of the calling workbook."""
    run(xw.Book.caller(), fill_defaults_edit)


def check() -> None:
    """Button 校验 of the calling workbook."""
    run(xw.Book.caller(), check_edit)


def fix_workbook() -> None:
    """Button 一键修正 of the calling workbook."""
    run(xw.Book.caller(), fix_workbook_edit)


def consolidate() -> None:
    """Button 汇总 of the calling summary workbook."""
    run(xw.Book.caller(), consolidate_edit)


def review() -> None:
    """Button 审核 of the calling summary workbook."""
    run(xw.Book.caller(), review_edit)


def export_word() -> None:
    """Button 导出 Word of the calling workbook (RunPython only: it writes a local file)."""
    run(xw.Book.caller(), export_word_edit)


# xlwings Lite / Server scripts: the same buttons, handed the workbook.
@xw.script(name="生成目录", exclude=list(SKIPPED_SHEETS - {L.TOC_SHEET}))
def script_refresh_toc(book: xw.Book) -> None:
    """生成目录 (xlwings Lite/Server)."""
    run(book, refresh_toc_edit)


@xw.script(name="填充默认值", exclude=list(buttons.UNREAD))
def script_fill_defaults(book: xw.Book) -> None:
    """填充默认值 (xlwings Lite/Server)."""
    run(book, fill_defaults_edit)


@xw.script(name="校验", exclude=list(buttons.UNREAD))
def script_check(book: xw.Book) -> None:
    """校验 (xlwings Lite/Server)."""
    run(book, check_edit)


@xw.script(name="一键修正", exclude=list(buttons.UNREAD))
def script_fix_workbook(book: xw.Book) -> None:
    """一键修正 (xlwings Lite/Server)."""
    run(book, fix_workbook_edit)


@xw.script(name="汇总")
def script_consolidate(book: xw.Book) -> None:
    """汇总 (xlwings Lite/Server)."""
    run(book, consolidate_edit)


@xw.script(name="审核")
def script_review(book: xw.Book) -> None:
    """审核 (xlwings Server beside the folders; Lite cannot read them)."""
    run(book, review_edit)


__all__ = [
    "check", "consolidate", "export_word", "fill_defaults", "fix_workbook", "refresh_toc",
    "review", "script_check", "script_consolidate", "script_fill_defaults",
    "script_fix_workbook", "script_refresh_toc", "script_review",
]
