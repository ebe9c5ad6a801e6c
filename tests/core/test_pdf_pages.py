"""The page reader and the PDF-text normaliser on pages and text written here, glyph by glyph.

Each page is laid out by hand (12-point CJK glyphs 12 points wide, a text column from x=72 to
x=504: 36 characters a line), so what must be joined, dropped or kept is known independently.
"""

from __future__ import annotations

from xlperf.core.document import pdftext
from xlperf.core.document.pdfpages import Glyph, Grid, Page, document_lines

SIZE, LEFT, RIGHT = 12.0, 72.0, 504.0


def glyphs(text: str, x: float, top: float, size: float = SIZE) -> list[Glyph]:
    out = []
    for ch in text:
        width = size / 2 if ch.isascii() else size
        out.append(Glyph(x, x + width, top, top + size, ch))
        x += width
    return out


def page(number: int, *parts: list[Glyph], tables: tuple[Grid, ...] = ()) -> Page:
    return Page(number, 595.0, 842.0, tuple(g for part in parts for g in part), tables)


def cells(lines):
    return [line.cells for line in lines.lines]


FULL = "甲" * 36  # exactly one full line


def test_a_paragraph_runs_on_over_lines_and_pages_and_page_numbers_go():
    first = page(1, glyphs("　　" + "乙" * 34, LEFT, 100), glyphs(FULL, LEFT, 120),
                 glyphs("— 1 —", 280, 800))
    second = page(2, glyphs("丙丙。", LEFT, 80), glyphs("　　短的一段。", LEFT, 100),
                  glyphs("— 2 —", 280, 800))
    read = document_lines([first, second])
    assert cells(read) == [("乙" * 34 + FULL + "丙丙。",), ("短的一段。",)]
    assert read.pages == {1: 1, 2: 2}
    assert read.dropped == ["第 1 页：— 1 —", "第 2 页：— 2 —"]


def test_a_line_that_ends_short_is_the_end_of_its_paragraph():
    read = document_lines([page(1, glyphs("乙" * 30, LEFT, 100), glyphs(FULL, LEFT, 120))])
    assert cells(read) == [("乙" * 30,), (FULL,)]


def test_running_heads_repeated_on_many_pages_are_dropped_but_body_text_is_kept():
    pages = [page(n, glyphs("某县财政局印发", 240, 40), glyphs(f"第{n}段正文。", LEFT, 100))
             for n in range(1, 5)]
    read = document_lines(pages)
    assert cells(read) == [(f"第{n}段正文。",) for n in range(1, 5)]
    assert len(read.dropped) == 4


def test_a_toc_entry_loses_its_dot_leader_and_keeps_its_page():
    read = document_lines([page(1, glyphs("一、总体绩效目标" + "." * 40 + "3", LEFT, 100))])
    assert cells(read) == [("一、总体绩效目标", "3")]


def box(x0, top, x1, bottom):
    return (float(x0), float(top), float(x1), float(bottom))


def two_column_table(top: float, rows: list[tuple[str, str]]) -> tuple[Grid, list[Glyph]]:
    grid_rows, drawn = [], []
    for i, (a, b) in enumerate(rows):
        y = top + 30 * i
        grid_rows.append((box(LEFT, y, 200, y + 30), box(200, y, RIGHT, y + 30)))
        drawn += glyphs(a, LEFT + 5, y + 9) + glyphs(b, 205, y + 9)
    return Grid(tuple(grid_rows)), drawn


def test_a_table_continued_on_the_next_page_is_joined_without_its_repeated_header():
    header = ("一级指标", "指标值")
    grid1, drawn1 = two_column_table(600, [header, ("产出指标", "≥95%"), ("效益指标", "≥90%")])
    grid2, drawn2 = two_column_table(80, [header, ("满意度指标", "≥98%")])
    read = document_lines([page(1, drawn1, tables=(grid1,)), page(2, drawn2, tables=(grid2,))])
    assert cells(read) == [header, ("产出指标", "≥95%"), ("效益指标", "≥90%"),
                           ("满意度指标", "≥98%")]
    assert [line.table_row for line in read.lines] == [True] * 4
    assert read.notes == ["第 2 页的表格接续上一页的表格，重复的表头行（1 行）未计入"]


def test_a_table_after_text_on_the_next_page_is_a_new_table():
    header = ("一级指标", "指标值")
    grid1, drawn1 = two_column_table(600, [header, ("产出指标", "≥95%")])
    grid2, drawn2 = two_column_table(120, [header, ("满意度指标", "≥98%")])
    read = document_lines([page(1, drawn1, tables=(grid1,)),
                           page(2, glyphs("2.第二张表", LEFT, 80), drawn2, tables=(grid2,))])
    assert cells(read) == [header, ("产出指标", "≥95%"), ("2.第二张表",), header,
                           ("满意度指标", "≥98%")]
    assert read.notes == []


def test_in_a_cell_a_wrapped_line_is_joined_and_a_typed_break_is_kept():
    grid = Grid(((box(LEFT, 100, 132, 180),),))  # 60 points: 50 for text, 4 characters a line
    drawn = glyphs("服务对象", LEFT + 5, 105) + glyphs("满意度", LEFT + 5, 120) \
        + glyphs("一二", LEFT + 5, 135) + glyphs("三四", LEFT + 5, 150)
    read = document_lines([page(1, drawn, tables=(grid,))])
    assert cells(read) == [("服务对象满意度\n一二\n三四",)]


# --------------------------------------------------------------------------- text from a PDF
LAYOUT = "\n".join([
    "                 第一部分",
    "一、总体绩效目标",
    "  （一）" + "乙" * 29,
    "乙乙乙完成。",
    "",
    "                    — 1 —",
    "\f第二部分",
    "711001 某某县某某局本级                单位：万元",
    " 项目编码    13063723P004287100744     项目名称    某项目",
    "            预算数                   10.09   其中：财政资金   10.09",
    "",
])


def test_text_from_a_pdf_is_told_from_tab_separated_text():
    assert pdftext.from_pdf(LAYOUT)
    assert not pdftext.from_pdf("项目编码\t13063723P004287100744\n")


def test_text_from_a_pdf_keeps_part_1_and_lists_each_table_line_as_lost():
    read = pdftext.pdf_text_lines(LAYOUT)
    assert [line.cells for line in read.lines] == [
        ("第一部分",), ("一、总体绩效目标",), ("（一）" + "乙" * 29 + "乙乙乙完成。",),
        ("第二部分",), ("711001 某某县某某局本级", "单位：万元")]
    assert [(u.line, u.reason) for u in read.unplaced] == [
        (9, pdftext.LOST_TABLE), (10, pdftext.LOST_TABLE)]
    assert read.unit_line == "711001 某某县某某局本级"
    assert read.notes and "1 张项目表" in read.notes[0]
