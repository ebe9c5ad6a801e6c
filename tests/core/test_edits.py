"""Edits as rectangular blocks, and the 目录 edit (pure core, no xlwings)."""

from __future__ import annotations

import random

import pytest
from helpers import spec_grids

from xlperf.core.workbook import layout as L
from xlperf.core.workbook.edits import blocks, colour_blocks
from xlperf.core.workbook.grid import BookGrids, SheetGrid
from xlperf.core.workbook.render import render_workbook
from xlperf.core.workbook.toc import toc_edit
from xlperf.errors import NotATemplateError


def _cells_of(found):
    cells = {}
    for block in found:
        for dr, row in enumerate(block.values):
            for dc, value in enumerate(row):
                cell = (block.row + dr, block.col + dc)
                assert cell not in cells, f"{cell} written twice"
                cells[cell] = value
    return cells


def test_a_column_is_one_block():
    cells = {(r, 1): f"v{r}" for r in range(1, 40)}
    (block,) = blocks(cells)
    assert block.span == (1, 1, 39, 1)
    assert [row[0] for row in block.values] == [f"v{r}" for r in range(1, 40)]


def test_a_rectangle_is_one_block():
    cells = {(r, c): r * c for r in range(10, 20) for c in range(3, 8)}
    assert [b.span for b in blocks(cells)] == [(10, 3, 19, 7)]


def test_a_hole_is_never_written():
    cells = {(r, c): 0 for r in range(1, 4) for c in range(1, 4)}
    del cells[(2, 2)]
    found = blocks(cells)
    assert _cells_of(found) == cells
    assert len(found) == 4  # row 1, A2, C2, row 3


@pytest.mark.parametrize("seed", range(30))
def test_blocks_cover_exactly_the_cells(seed):
    rng = random.Random(seed)
    cells = {(rng.randint(1, 12), rng.randint(1, 6)): rng.random() for _ in range(rng.randint(
        1, 50))}
    found = blocks(cells)
    assert _cells_of(found) == cells
    assert len(found) <= len(cells)


def test_fills_are_grouped_by_colour():
    fills = {(r, 5): "#FFF2CC" for r in range(10, 15)} | {(12, 6): "#FFC7CE", (13, 6): None}
    found = [(colour, block.span) for colour, block in colour_blocks(fills)]
    assert found == [(None, (13, 6, 13, 6)), ("#FFC7CE", (12, 6, 12, 6)),
                     ("#FFF2CC", (10, 5, 14, 5))]


# --------------------------------------------------------------------------- 目录
def _grids(book):
    return spec_grids(render_workbook(book))


def test_toc_edit_writes_the_whole_table_as_one_block_with_a_link_per_entry(seed_book):
    grids = _grids(seed_book)
    edit = toc_edit(grids, old_last_row=grids[L.TOC_SHEET].max_row)
    (sheet,) = edit.sheets
    title, gap, block = blocks(sheet.values)  # B1 is part of the merged title: never written
    n = len(seed_book.projects)
    assert (title.span, gap.span) == ((1, 1, 1, 1), (1, 3, 1, 4))
    # Entry, page number, a gap, the link: the seed's Part 1 prints on 3 pages, then one page
    # per project table (counted by hand from the seed's rendered row heights).
    assert block.span == (2, 1, 7 + n, 4)
    assert title.values[0][0] == "目  录" and block.values[0][0] is None
    assert [block.values[6 + i][:2] for i in range(n)] == [
        (f"{i + 1}.{p.title}", 4 + i) for i, p in enumerate(seed_book.projects)]
    assert [row[1] for row in block.values[1:5]] == [None, 1, 1, 2]
    assert sorted(sheet.links) == [(r, 4) for r in (3, 4, 5, 6, *range(8, 8 + n))]
    assert sheet.links[(8, 4)].target == "'项目1'!A1"
    assert sheet.values[(8, 4)] == "转到"
    assert sheet.clear == [] and sheet.create_at is None
    assert edit.message == f"目录已更新，共 {n} 个项目。"


def test_toc_edit_clears_the_rows_a_longer_old_table_used(seed_book):
    grids = _grids(seed_book)
    without_last = BookGrids(tuple(s for s in grids.sheets if s.name != "项目4"))
    (sheet,) = toc_edit(without_last, old_last_row=grids[L.TOC_SHEET].max_row).sheets
    n = len(seed_book.projects)
    assert sheet.clear == [(7 + n, 1, 7 + n, 4)]


def test_toc_edit_creates_a_missing_toc_after_the_cover(seed_book):
    grids = _grids(seed_book)
    without = BookGrids(tuple(s for s in grids.sheets if s.name != L.TOC_SHEET))
    (sheet,) = toc_edit(without, old_last_row=None).sheets
    assert sheet.create_at == 1


def _as_read_from_excel(sheet: SheetGrid) -> SheetGrid:
    """Numbers come back from Excel as floats (page 4 reads 4.0)."""
    return SheetGrid(sheet.name, [[float(v) if isinstance(v, int) else v for v in row]
                                  for row in sheet.rows])


def test_toc_edit_says_when_the_toc_already_shows_the_projects(seed_book):
    grids = _grids(seed_book)  # the 目录 as a new workbook renders it: current
    current = _as_read_from_excel(grids[L.TOC_SHEET])
    n = len(seed_book.projects)
    edit = toc_edit(grids, old_last_row=current.max_row, current=current)
    assert edit.message.startswith(f"目录内容已是最新，共 {n} 个项目（未改动内容")


def test_toc_edit_says_updated_when_the_toc_differs(seed_book):
    grids = _grids(seed_book)
    toc = grids[L.TOC_SHEET]
    without_last = BookGrids(tuple(s for s in grids.sheets if s.name != "项目4"))
    below = SheetGrid(toc.name, [*toc.rows, [None], ["备注：手写的一行"]])
    for book_grids, current in ((without_last, toc), (grids, below)):
        edit = toc_edit(book_grids, old_last_row=current.max_row, current=current)
        assert edit.message.startswith("目录已更新"), edit.message


def test_toc_edit_of_a_foreign_workbook_raises():
    with pytest.raises(NotATemplateError):
        toc_edit(BookGrids((SheetGrid("Sheet1", [["a", 1]]),)), old_last_row=None)


def test_the_check_message_counts_each_severity():
    from xlperf.core.model.findings import Finding, Severity
    from xlperf.core.workbook.annotate import annotation_edit

    def finding(severity, cell):
        return Finding(sheet="项目1", cell=cell, code="F001", name="x", severity=severity,
                       message="m", hint="h")

    found = [finding(Severity.INFO, "B3"), finding(Severity.ERROR, "B4"),
             finding(Severity.INFO, "B5")]
    assert annotation_edit(found, ["项目1"]).message == (
        "校验完成：错误 1 条，警告 0 条，提示 2 条，详见“校验结果”工作表。")
    assert annotation_edit([], ["项目1"]).message == "校验完成：没有发现问题。"
