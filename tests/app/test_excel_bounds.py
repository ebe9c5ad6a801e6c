"""A far used range must not freeze Excel: every button read is bounded by what the layout holds.

On xlwings' remote engine a sheet's used range can be reported apart from its values (the
client's ``used_range_address``), as Excel reports A1:XFD1048576 for a sheet with a format
pasted down and across. A read of that range asks for 17 billion cells: the guard below fails
the test at the first read larger than one block instead of letting it run out of memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import xlwings_client as client
from helpers import ROOT

from xlperf.app.actions.build import MACRO_TEMPLATE_NAME
from xlperf.core.review.sheets import render_summary_book
from xlperf.core.summary.settings import SUMMARY_BOOK_NAME
from xlperf.core.workbook.annotate import WIDTHS as RESULT_WIDTHS
from xlperf.core.workbook.render import render_workbook

xw = client.load_xlwings()
excel = pytest.importorskip("xlperf.app.excel")  # imported after the licence key is set

SEED = ROOT / "workbooks" / "examples" / "博野县总工会_2023.xlsx"
FAR = "$A$1:$XFD$1048576"
LAST_ROW = 1_048_576
LIMIT = excel.READ_BLOCK * excel.READ_COLUMNS


def _payload(path: Path, *, far: bool, stray: str | None = None) -> dict[str, Any]:
    """The workbook as the client sends it; ``far``: every used range reaches XFD1048576.

    ``stray``: a sheet that also holds a space in A1048576 (its values then really are
    1,048,576 rows long, made of one shared empty row to stay small).
    """
    data = client.payload(path, version=xw.__version__)
    for sheet in data["sheets"]:
        if far:
            sheet["used_range_address"] = FAR
        if sheet["name"] == stray:
            values = sheet["values"]
            width = len(values[0])
            blank = [""] * width
            sheet["values"] = values + [blank] * (LAST_ROW - len(values) - 1) + [
                [" "] + [""] * (width - 1)]
    return data


class _Guard:
    """Fails any value read larger than ``limit`` cells before the engine builds it."""

    def __init__(self, limit: int) -> None:
        self.limit, self.reads = limit, []

    def __enter__(self) -> _Guard:
        import xlwings.main

        self.original = original = xlwings.main.Range.raw_value
        guard = self

        def read(rng: Any) -> Any:
            rows, cols = rng.shape
            guard.reads.append((rng.sheet.name, rows, cols))
            assert rows * cols <= guard.limit, f"read of {rows} × {cols} cells on {rng.sheet.name}"
            return original.fget(rng)

        xlwings.main.Range.raw_value = property(read, original.fset)
        return self

    def __exit__(self, *exc: object) -> None:
        import xlwings.main

        xlwings.main.Range.raw_value = self.original


def _run(data: dict[str, Any], make) -> tuple[list[dict], list[tuple[str, int, int]]]:
    book = xw.Book(json=data)
    with _Guard(LIMIT) as guard:
        excel.run(book, make)
    return book.json()["actions"], guard.reads


BUTTONS = {"fill_defaults": excel.fill_defaults_edit, "check": excel.check_edit,
           "refresh_toc": excel.refresh_toc_edit}


@pytest.mark.parametrize("button", BUTTONS)
@pytest.mark.parametrize("source", ["seed", "template"])
def test_a_far_used_range_is_read_in_one_or_two_blocks(button, source):
    path = {"seed": SEED, "template": ROOT / "workbooks" / MACRO_TEMPLATE_NAME}[source]
    expected, normal_reads = _run(_payload(path, far=False), BUTTONS[button])
    actions, reads = _run(_payload(path, far=True), BUTTONS[button])
    assert actions == expected
    # A block of data, then one empty block: the read stops there.
    per_sheet = {name: [r for r in reads if r[0] == name] for name, _r, _c in normal_reads}
    for name, sheet_reads in per_sheet.items():
        assert [(rows, cols) for _n, rows, cols in sheet_reads] == [
            (excel.READ_BLOCK, excel.READ_COLUMNS), (excel.READ_BLOCK, excel.READ_COLUMNS)], name


def test_a_stray_value_in_the_last_row_is_not_read():
    expected, _ = _run(_payload(SEED, far=False), excel.check_edit)
    actions, reads = _run(_payload(SEED, far=False, stray="项目2"), excel.check_edit)
    assert actions == expected
    assert max(rows * cols for _n, rows, cols in reads) <= LIMIT


def test_the_summary_button_reads_only_its_settings_block(tmp_path):
    from xlperf.files import xlsx

    path = tmp_path / SUMMARY_BOOK_NAME.replace(".xlsm", ".xlsx")
    xlsx.write_book(render_summary_book(), path)
    actions, reads = _run(_payload(path, far=True), excel.consolidate_edit)
    assert reads and all(name == "设置" and rows * cols <= LIMIT for name, rows, cols in reads)
    assert actions[-1]["func"] == "alert"  # "请先填写文件夹", not a freeze


def test_every_sheet_xlperf_writes_fits_in_the_columns_read():
    """The bound's premise, from the generator (an independent source of the widths)."""
    from xlperf.app.actions.unit import new_unit
    from xlperf.core.model.unit_workbook import UnitInfo
    from xlperf.core.review.sheets import MAIN_HEADERS, MAIN_SHEET, REVIEWER_HEADERS

    specs = [*render_workbook(new_unit(UnitInfo(), 12)).sheets, *render_summary_book().sheets]
    read_whole = [s for s in specs if s.name != MAIN_SHEET]
    widest = max(max((c for _r, c in s.cells), default=0) for s in read_whole)
    assert max(widest, len(RESULT_WIDTHS)) <= excel.READ_COLUMNS - 10  # room to insert columns
    # 审核汇总 is wider; of it the 审核 button reads back only the unit code and what the
    # reviewer typed, and those columns come first.
    needed = max(MAIN_HEADERS.index(h) + 1 for h in ("单位编码", *REVIEWER_HEADERS))
    assert needed <= excel.READ_COLUMNS - 10
