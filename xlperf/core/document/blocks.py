"""The 部门预算绩效文本 as paragraphs and tables, in the seed's order (pure).

:func:`document_blocks` lays a unit out as cover, 目录, 第一部分, and 第二部分 with one table per
project. Each project table is the printed part of the project sheet that
:func:`xlperf.core.workbook.render.render_project` makes, so Word and Excel show the same cells and
merges
from the one layout spec. The Word adapter (``files.wordfile``) only materialises the blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from xlperf.core.document.widths import fit
from xlperf.core.model.indicator_value import plain
from xlperf.core.model.unit_workbook import DepartmentTargets, Project, UnitWorkbook
from xlperf.core.workbook import layout as L
from xlperf.core.workbook.grid import CellValue, to_decimal, to_percent
from xlperf.core.workbook.render import render_project
from xlperf.core.workbook.sheetspec import Formula

PART1 = "第一部分"
PART1_TITLE = "部门整体绩效目标"
PART2 = "第二部分"
PART2_TITLE = "预算项目绩效目标"
TOC_TITLE = "目  录"
SUB_TARGET_LABEL = "绩效目标："
SUB_INDICATORS_LABEL = "绩效指标："
#: The text width of the document's A4 page (160 mm) in em of the tables' 10.5 pt font.
TABLE_WIDTH = 160 / (10.5 * 25.4 / 72)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph; ``style`` is a key of the Word adapter's style table."""

    text: str
    style: str
    new_page: bool = False
    bookmark: str | None = None  # this paragraph is the target of a 目录 entry
    page_of: str | None = None  # 目录 entry: show the page of this bookmark after a tab
    right: str | None = None  # text after a tab, flush right (单位：万元)
    #: Starts the body: a new section whose pages are numbered from 1 (the cover and 目录 before
    #: it carry no page number, as in the published 绩效文本).
    numbered_from_here: bool = False


@dataclass(frozen=True)
class Cell:
    """One cell of a table: its text and a style key (label, header, input, …)."""

    text: str
    style: str


@dataclass(frozen=True)
class WordTable:
    """A table as a grid of cells; ``merges`` are 0-based inclusive (row, col, row, col)."""

    rows: tuple[tuple[Cell, ...], ...]
    merges: tuple[tuple[int, int, int, int], ...]
    widths: tuple[float, ...]  # column widths in em of the table font (relative)


Block = Paragraph | WordTable


def document_blocks(book: UnitWorkbook) -> list[Block]:
    """The whole document: cover, 目录, Part 1 and one titled table per project."""
    blocks: list[Block] = [*_cover(book), *_toc(book)]
    blocks += _part1(book.department)
    blocks.append(Paragraph(PART2, "part", new_page=True, bookmark="part2"))
    blocks.append(Paragraph(PART2_TITLE, "part_title"))
    for number, project in enumerate(book.projects, start=1):
        blocks += _project(project, number)
    return blocks


def _cover(book: UnitWorkbook) -> list[Block]:
    info = book.info
    year = info.year if info.year is not None else "____"
    blocks: list[Block] = [
        Paragraph(info.compiler or info.name or "（单位名称）", "cover_title"),
        Paragraph(f"{year} 年部门预算绩效文本", "cover_subtitle"),
    ]
    if info.compiler:
        blocks.append(Paragraph(f"{info.compiler}编制", "cover_line"))
    if info.reviewer:
        blocks.append(Paragraph(f"{info.reviewer}审核", "cover_line"))
    return blocks


def _toc(book: UnitWorkbook) -> list[Block]:
    blocks: list[Block] = [
        Paragraph(TOC_TITLE, "toc_title", new_page=True),
        Paragraph(f"{PART1} {PART1_TITLE}", "toc_part"),
    ]
    for n, label in enumerate((L.OVERALL_SECTION, L.SUB_TARGETS_SECTION, L.MEASURES_SECTION), 1):
        blocks.append(Paragraph(label.text, "toc_entry", page_of=f"section{n}"))
    blocks.append(Paragraph(f"{PART2} {PART2_TITLE}", "toc_part"))
    for number, project in enumerate(book.projects, start=1):
        blocks.append(Paragraph(f"{number}.{project.title}", "toc_entry",
                                page_of=f"project{number}"))
    return blocks


def _part1(department: DepartmentTargets) -> list[Block]:
    blocks: list[Block] = [
        Paragraph(PART1, "part", new_page=True, bookmark="part1", numbered_from_here=True),
        Paragraph(PART1_TITLE, "part_title"),
        Paragraph(L.OVERALL_SECTION.text, "section", bookmark="section1"),
    ]
    blocks += [Paragraph(_numbered(i.number, i.text), "body") for i in department.overall]
    blocks.append(Paragraph(L.SUB_TARGETS_SECTION.text, "section", bookmark="section2"))
    for item in department.sub_targets:
        if not any((item.number, item.name, item.target, item.indicators)):
            continue
        blocks.append(Paragraph(_numbered(item.number, item.name), "sub_name"))
        blocks.append(Paragraph(SUB_TARGET_LABEL + (item.target or ""), "body"))
        blocks.append(Paragraph(SUB_INDICATORS_LABEL + (item.indicators or ""), "body"))
    blocks.append(Paragraph(L.MEASURES_SECTION.text, "section", bookmark="section3"))
    blocks += [Paragraph(_numbered(i.number, i.text), "body") for i in department.measures]
    return blocks


#: A 序号 typed bare (1, 一) gets the mark the seed's style puts after it (1. / 一、).
_BARE_NUMBERS = ((re.compile(r"\d{1,3}"), "."), (re.compile(r"[一二三四五六七八九十]{1,3}"), "、"))


def _numbered(number: str | None, text: str | None) -> str:
    """"(一)" + "在县委…" → "(一) 在县委…"; "1." + "完善…" → "1.完善…" (as in the seed).

    A bare number, as typed into a cell (1, 一), is set off as 1. / 一、 so that it is never glued
    to the text (“1围绕…”) and reads back as a number.
    """
    number, text = number or "", text or ""
    mark = next((m for pattern, m in _BARE_NUMBERS if pattern.fullmatch(number)), "")
    number += mark if text else ""
    if number and text and number.endswith(")"):
        return f"{number} {text}"
    return number + text


def _project(project: Project, number: int) -> list[Block]:
    """A project's title, its unit line and its table: the printed part of its sheet."""
    sheet = render_project(project, number)
    first = L.ROW_CODE
    last = sheet.print_area[2] if sheet.print_area else sheet.last_row
    width = L.PROJECT_COLUMNS
    rows = []
    for r in range(first, last + 1):
        row = []
        for c in range(1, width + 1):
            spec = sheet.cells.get((r, c))
            row.append(Cell(_cell_text(spec.value, spec.style) if spec else "",
                            spec.style if spec else "input"))
        rows.append(tuple(row))
    merges = tuple(
        (r1 - first, c1 - 1, r2 - first, c2 - 1)
        for r1, c1, r2, c2 in sheet.merges
        if r1 >= first and c2 <= width
    )
    fitted = fit([[cell.text for cell in row] for row in rows],
                 [[cell.style for cell in row] for row in rows], merges, TABLE_WIDTH)
    rows = [tuple(Cell(text, cell.style) for text, cell in zip(texts, row, strict=True))
            for texts, row in zip(fitted.texts, rows, strict=True)]
    return [
        # The first table shares its page with the 第二部分 heading; each other starts a page.
        Paragraph(f"{number}. {project.title}", "table_title", new_page=number > 1,
                  bookmark=f"project{number}"),
        Paragraph(L.unit_line(project.unit_code, project.unit_name), "unit_line",
                  right=L.amount_unit_line(project.amount_unit)),
        WordTable(tuple(rows), merges, fitted.widths),
    ]


def _cell_text(value: CellValue, style: str) -> str:
    """A sheet cell as the document prints it: money with two decimals, plans as 25%."""
    if value is None or isinstance(value, Formula):
        return ""
    try:
        if style == "input_money":
            return amount_text(to_decimal(value))
        if style == "input_percent":
            percent = to_percent(value)
            return "" if percent is None else f"{plain(percent)}%"
    except ValueError:
        return ""  # text that could not be read is left blank (export lists it)
    return str(value)


def amount_text(amount: Decimal | None) -> str:
    """10.09 → "10.09", 10 → "10.00"; more decimals than two are kept, never rounded away."""
    if amount is None:
        return ""
    return f"{amount:.2f}" if amount == round(amount, 2) else str(plain(amount))
