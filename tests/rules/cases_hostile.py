"""R012–R014: cells no template value can be — cases that fire (with every cell) and that don't.

R012 and R013 are sheet values typed over the clean unit, as another program may write them.
R014 needs a real file: the clean unit is saved, one cell is added to its 项目1 sheet's XML far
away, and the file is read back through the same reader ``xlperf check`` uses (calamine, or
openpyxl with ``--engine openpyxl``); the expected cell is the one written.
"""

from __future__ import annotations

import io
import re
import tempfile
from decimal import Decimal
from pathlib import Path

from badfiles import set_cell, with_part
from rulecases import clean, fires, quiet, unit

from xlperf.core.workbook.grid import BookGrids
from xlperf.core.workbook.render import render_workbook
from xlperf.files import fastread, xlsx

PROJECT = "xl/worksheets/sheet4.xml"  # 项目1 of the clean unit


def _saved(change=lambda sheet_xml: sheet_xml, reader=fastread.load_grids):
    """A build: the clean unit saved, its 项目1 XML changed, read back from the file."""
    def build() -> BookGrids:
        out = io.BytesIO()
        xlsx.build_workbook(render_workbook(clean())).save(out)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "unit.xlsx"
            path.write_bytes(with_part(out.getvalue(), PROJECT, change))
            return reader(path)
    return build


def _far(ref: str, inner: bytes = b"<v>1</v>", attrs: bytes = b""):
    return lambda sheet_xml: set_cell(sheet_xml, ref, inner, attrs)


CASES = {
    "R012": [
        fires("NaN as 预算数", unit(typed={("项目1", "C4"): float("nan")}), ("项目1", "C4")),
        fires("±∞ and a number beyond 10^15 in three sheets",
              unit(typed={("项目2", "E4"): float("inf"), ("项目3", "G4"): -float("inf"),
                          ("封面", "B4"): 10**20}),
              ("项目2", "E4"), ("项目3", "G4"), ("封面", "B4")),
        fires("NaN and ∞ as Decimal, a 1E+300 float",
              unit(typed={("部门整体绩效目标", "C4"): Decimal("NaN"),
                          ("项目1", "D7"): Decimal("-Infinity"), ("项目1", "E7"): 1e300}),
              ("部门整体绩效目标", "C4"), ("项目1", "D7"), ("项目1", "E7")),
        quiet("a large but usable amount", unit(typed={("项目1", "C4"): 999_999_999_999.99})),
        quiet("the text “NaN” (that is R001)", unit(typed={("项目1", "C4"): "NaN"})),
    ],
    "R013": [
        fires("a 40,000-character 资金用途", unit(typed={("项目1", "B5"): "资" * 40_000}),
              ("项目1", "B5")),
        fires("two long texts in two sheets",
              unit(typed={("项目1", "B8"): "标" * 32_768,
                          ("部门整体绩效目标", "B5"): "任" * 50_000}),
              ("项目1", "B8"), ("部门整体绩效目标", "B5")),
        quiet("exactly Excel's 32,767 characters", unit(typed={("项目1", "B5"): "资" * 32_767})),
    ],
    "R014": [
        fires("a value at XFD1048576", _saved(_far("XFD1048576")), ("项目1", "XFD1048576")),
        fires("a text in row 1,048,576 (openpyxl engine)",
              _saved(_far("A1048576", b"<is><t>x</t></is>", b' t="inlineStr"'), xlsx.load_grids),
              ("项目1", "A1048576")),
        fires("column CW (101), first of two beyond the window",
              _saved(lambda x: _far("CX3")(_far("CW2")(x))), ("项目1", "CW2")),
        quiet("only the <dimension> reaches XFD1048576", _saved(lambda x: re.sub(
            rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', x))),
        quiet("a formatted but empty cell at XFD1048576",
              _saved(_far("XFD1048576", b"", b' s="1"'))),
        quiet("a value at CV20000, the window's last cell", _saved(_far("CV20000"))),
    ],
}
