"""Every CLI edit of a macro workbook leaves its VBA and every sheet's buttons intact.

The input is a unit with 12 project sheets (14 button drawings), once as we build it and once
with the part names Excel gives it on save (``vmlDrawing1..14.vml``, shapes named "Button n"
with the id in ``o:spid``): openpyxl alone drops drawings 10 and up from the second, and merges
comments into the button drawings with clashing ids and a second shapelayout.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsm_parts

import xlperf
from xlperf.app.actions import unit as actions
from xlperf.app.cli import main
from xlperf.core.workbook import layout

PROJECT = "xl/vbaProject.bin"
NAMING = ("ours", "excel")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("edits")
    ours = actions.write_unit(actions.new_unit(xlperf.UnitInfo(), 12), folder / "ours.xlsm")
    excel = xlsm_parts.save_like_excel(ours, folder / "excel.xlsm")
    with zipfile.ZipFile(excel) as z:
        assert "xl/drawings/vmlDrawing14.vml" in z.namelist()
    return {"ours": ours, "excel": excel}


def _fill(src: Path, out: Path) -> Path:
    assert main(["fill", str(src), "-o", str(out)]) == 0
    return out


def _fill_in_place(src: Path, out: Path) -> Path:
    shutil.copy(src, out)
    assert main(["fill", str(out), "--in-place"]) == 0
    return out


def _toc(src: Path, out: Path) -> Path:
    assert main(["toc", str(src), "-o", str(out)]) == 0
    return out


def _toc_in_place(src: Path, out: Path) -> Path:
    shutil.copy(src, out)
    assert main(["toc", str(out), "--in-place"]) == 0
    return out


def _annotate(src: Path, out: Path) -> Path:
    assert main(["check", str(src), "--annotate", "-o", str(out)]) in (0, 1)
    return out


def _annotate_twice_in_place(src: Path, out: Path) -> Path:
    shutil.copy(src, out)
    for _ in range(2):
        assert main(["check", str(out), "--annotate", "--in-place"]) in (0, 1)
    return out


EDITS = {"fill": _fill, "fill --in-place": _fill_in_place, "toc": _toc,
         "toc --in-place": _toc_in_place, "check --annotate": _annotate,
         "check --annotate --in-place twice": _annotate_twice_in_place}


def _buttons(path: Path) -> dict:
    return {sheet: found for sheet, found in xlsm_parts.buttons(path).items() if found}


@pytest.mark.parametrize("naming", NAMING)
@pytest.mark.parametrize("edit", EDITS)
def test_an_edit_keeps_every_part_and_button(inputs, naming, edit, tmp_path, capsys):
    src = inputs[naming]
    out = EDITS[edit](src, tmp_path / "out.xlsm")
    capsys.readouterr()
    assert xlsm_parts.missing_targets(out) == []
    before = _buttons(src)
    assert len(before) == 14 and sum(len(b) for b in before.values()) == 5 + 1 + 12 * 5
    assert _buttons(out) == before
    assert xlsm_parts.part_bytes(out, PROJECT) == xlsm_parts.part_bytes(src, PROJECT)
    assert xlsm_parts.code_names(out)[1][:14] == xlsm_parts.code_names(src)[1][:14]
    every_id, blocks = [], []
    for sheet, drawing in xlsm_parts.vml_drawings(out).items():
        layouts, ids = xlsm_parts.vml_shape_ids(drawing)
        assert layouts == 1, sheet
        assert len(ids) == len(set(ids)), (sheet, ids)
        every_id += ids
        blocks.append(xlsm_parts.vml_block(drawing))
        # Each shape's id lies in its drawing's block of 1024, as Excel numbers them.
        assert all(blocks[-1] * 1024 < int(i.removeprefix("_x0000_s")) < (blocks[-1] + 1) * 1024
                   for i in ids), (sheet, blocks[-1], ids)
    # …and no two drawings of the workbook share a block (comments-only drawings included).
    assert len(blocks) == len(set(blocks)) and len(every_id) == len(set(every_id))


@pytest.mark.parametrize("naming", NAMING)
def test_annotations_and_buttons_share_a_drawing_with_unique_ids(inputs, naming, tmp_path,
                                                                 capsys):
    out = _annotate(inputs[naming], tmp_path / "out.xlsm")
    capsys.readouterr()
    wb = openpyxl.load_workbook(out)
    noted = [c.coordinate for row in wb[layout.COVER_SHEET].iter_rows() for c in row if c.comment]
    assert noted, "the blank cover gets no comment: the test would prove nothing"
    layouts, ids = xlsm_parts.vml_shape_ids(xlsm_parts.vml_drawings(out)[layout.COVER_SHEET])
    assert layouts == 1 and len(ids) == 5 + len(noted) == len(set(ids))
    # The comment shapes stay in the drawing's own block of ids (o:idmap data="1": 1025-2047).
    assert all(1024 < int(i.removeprefix("_x0000_s")) < 2048 for i in ids)


@pytest.mark.soffice
def test_libreoffice_sees_buttons_and_comments_after_annotating(inputs, libreoffice, tmp_path,
                                                                capsys):
    out = _annotate(inputs["excel"], tmp_path / "out.xlsm")
    capsys.readouterr()
    wb = openpyxl.load_workbook(out)
    sheets = [layout.COVER_SHEET, "项目12", layout.DEPARTMENT_SHEET]  # the last: comments only
    answers = libreoffice.job({"input": str(out), "queries": [
        q for s in sheets for q in ({"q": "buttons", "sheet": s}, {"q": "annotations", "sheet": s})
    ]}, tmp_path)
    placed = _buttons(out)
    for n, sheet in enumerate(sheets):
        lo_buttons, lo_notes = answers[2 * n], answers[2 * n + 1]
        assert [b["label"] for b in lo_buttons] == [b.caption for b in placed.get(sheet, [])]
        assert all(b["script"] and b["script"].endswith("location=document") for b in lo_buttons)
        notes = {c.coordinate: c.comment.text for row in wb[sheet].iter_rows() for c in row
                 if c.comment}
        assert notes and dict(lo_notes) == notes
