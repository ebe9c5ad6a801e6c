"""openpyxl adapter for edits: apply a ``BookEdit`` to a workbook file, and annotate checks.

The file twin of ``app.excel.apply_edit``: the same pure edits reach a saved workbook, for the CLI,
servers and WPS users. The user's formatting is kept; a cell that holds anything (a value or a
formula) is never overwritten by a value of an edit that fills blanks.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from xlperf.core.model.findings import Finding
from xlperf.core.workbook import annotate
from xlperf.core.workbook.edits import BookEdit
from xlperf.core.workbook.grid import a1, col_letter
from xlperf.core.workbook.layout import row_height
from xlperf.core.workbook.sheetspec import span_ref


def apply_edit(wb: Workbook, edit: BookEdit, *, blanks_only: bool = False) -> list[str]:
    """Write an edit into an openpyxl workbook; return the cells skipped as not blank.

    With ``blanks_only`` a value goes only into an empty cell (the defaults' promise, checked
    again here against the real cell, formulas included), except on a generated sheet (the
    目录), whose content is rewritten as a whole.
    """
    skipped = []
    for change in edit.sheets:
        if change.name not in wb.sheetnames:
            wb.create_sheet(change.name, index=change.create_at)
        ws = wb[change.name]
        for r1, c1, r2, c2 in change.clear:
            for row in ws.iter_rows(min_row=r1, max_row=r2, min_col=c1, max_col=c2):
                for cell in row:
                    cell.value, cell.hyperlink = None, None
        for (row, col), value in change.values.items():
            cell = ws.cell(row, col)
            if blanks_only and not change.generated and cell.value not in (None, ""):
                skipped.append(f"{change.name}!{cell.coordinate}")
                continue
            cell.value = float(value) if isinstance(value, Decimal) else value
            if isinstance(value, str):
                cell.data_type = "s"  # text from units is never a formula
        for (row, col), colour in change.fills.items():
            ws.cell(row, col).fill = _fill(colour)
        for (row, col), link in change.links.items():
            cell = ws.cell(row, col)
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=link.target,
                                       tooltip=link.tip, display=link.text)
            cell.font = Font(color="0563C1", underline="single")
        for (row, col), text in change.comments.items():
            ws.cell(row, col).comment = Comment(text, annotate.AUTHOR, width=320, height=120)
        if change.print_area is not None:
            ws.print_area = span_ref(change.print_area)
    return skipped


def _fill(colour: str | None) -> PatternFill:
    if colour is None:
        return PatternFill(fill_type=None)
    argb = colour.lstrip("#").upper()
    return PatternFill("solid", start_color=argb, end_color=argb)


# --------------------------------------------------------------------------- annotations
def clear_annotations(wb: Workbook) -> None:
    """Remove the previous run's 校验结果 and marks, restoring each marked cell's own fill."""
    ours = {c.lstrip("#").upper() for c in annotate.MARK_COLOURS.values()}
    if annotate.MARKS_SHEET not in wb.sheetnames and annotate.RESULT_SHEET in wb.sheetnames:
        # Marked by the Excel button (which cannot record fills): unmark the listed cells.
        for row in wb[annotate.RESULT_SHEET].iter_rows(min_row=2, min_col=4, max_col=5,
                                                       values_only=True):
            sheet, ref = row
            if sheet in wb.sheetnames and ref and sheet != annotate.RESULT_SHEET:
                cell = wb[sheet][ref]
                if (cell.fill.fgColor.rgb or "")[-6:] in ours:
                    cell.fill = _fill(None)
    if annotate.MARKS_SHEET in wb.sheetnames:
        marks = wb[annotate.MARKS_SHEET]
        for sheet, ref, original in marks.iter_rows(min_row=2, max_col=3, values_only=True):
            if sheet not in wb.sheetnames or not ref:
                continue
            cell = wb[sheet][ref]
            if (cell.fill.fgColor.rgb or "")[-6:] in ours:  # untouched since marked
                cell.fill = _fill(original)
            if cell.comment is not None and cell.comment.author == annotate.AUTHOR:
                cell.comment = None
        del wb[annotate.MARKS_SHEET]
    if annotate.RESULT_SHEET in wb.sheetnames:
        del wb[annotate.RESULT_SHEET]


def annotate_workbook(wb: Workbook, findings: Sequence[Finding]) -> str:
    """Write the 校验结果 sheet and marks (clearing the last run's first); return the message."""
    clear_annotations(wb)
    edit = annotate.annotation_edit(findings, wb.sheetnames)
    _remember_fills(wb, edit)
    apply_edit(wb, edit)
    _style_results(wb[annotate.RESULT_SHEET], len(findings))
    return edit.message or ""


def _remember_fills(wb: Workbook, edit: BookEdit) -> None:
    """Record the user's own fill of every cell about to be marked, in a hidden sheet."""
    ws = wb.create_sheet(annotate.MARKS_SHEET)
    ws.sheet_state = "hidden"
    ws.append(("工作表", "单元格", "原填充色"))
    for change in edit.sheets:
        if change.name not in wb.sheetnames:
            continue
        for row, col in sorted(change.fills):
            fill = wb[change.name].cell(row, col).fill
            original = f"#{fill.fgColor.rgb[-6:]}" if fill.fill_type == "solid" and isinstance(
                fill.fgColor.rgb, str) else None
            ws.append((change.name, a1(row, col), original))
            ws.cell(ws.max_row, 1).data_type = "s"  # a sheet named =HYPERLINK(…) stays text


def _style_results(ws: Worksheet, count: int) -> None:
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col, width in enumerate(annotate.WIDTHS, start=1):
        ws.column_dimensions[col_letter(col)].width = width
    for row in ws.iter_rows(min_row=1, max_row=count + 1, max_col=len(annotate.HEADER)):
        for cell in row:
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column >= 7)
            if cell.row == 1:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", start_color="D9E1F2", end_color="D9E1F2")
    for row in range(2, count + 2):
        texts = (ws.cell(row, 8).value, ws.cell(row, 9).value)
        ws.row_dimensions[row].height = max(
            row_height(str(t or ""), w, size=11, minimum=16.0)
            for t, w in zip(texts, annotate.WIDTHS[7:], strict=True))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{col_letter(len(annotate.HEADER))}{count + 1}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
