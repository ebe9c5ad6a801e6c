"""The verb ``fix`` on one unit's workbook file: apply the mechanical fixes of its findings.

The glue is here and only here: read the file (refusing what ``check`` refuses), plan the fixes
on its values (``core.fixing``), keep formula cells out, and write the changed cells through the
same edit path as ``fill`` (``files.patch``) into a copy, or the input with ``in_place``.
"""

from __future__ import annotations

import shutil
from collections.abc import Collection
from pathlib import Path
from typing import Any

from xlperf.app.actions.unit import _output_for
from xlperf.core.check.fixing import FixPlan, Place, plan_fixes
from xlperf.core.workbook.grid import parse_a1
from xlperf.errors import OutputFileError, XlperfError
from xlperf.files import fileio
from xlperf.files.filetype import display_path
from xlperf.files.unitfile import load_grids, read_file

__all__ = ["fix_file"]


def fix_file(path: Path, output: Path | None = None, *, in_place: bool = False,
             unsafe: bool = False, select: Collection[str] | None = None,
             ignore: Collection[str] | None = None, write: bool = True) -> FixPlan:
    """Fix a workbook file into ``output`` (or the input with ``in_place``); return the plan.

    With ``write`` false (``--diff``) nothing is written. Only the listed cells change; a formula
    cell is never changed (its finding stays). Without changes, ``output`` is a byte copy and an
    ``in_place`` input is left untouched.

    Raises:
        InputFileError, NotATemplateError, OwnOutputError: when the input cannot be used.
        OutputFileError: when the output is missing, is the input without ``in_place``, or
            cannot be written.
    """
    from xlperf.files import patch, xlsm  # openpyxl: loaded only when needed

    path = Path(path)
    target = _output_for(path, output, in_place) if write else None
    if target is not None and xlsm.is_macro_file(target) != xlsm.is_macro_file(path):
        kind = ".xlsm" if xlsm.is_macro_file(path) else ".xlsx"
        raise OutputFileError(f"{target}：输出文件的扩展名应为 {kind}，与输入文件一致")
    read_file(path, copies=True)  # refuses what check refuses, in Chinese
    grids = load_grids(path)
    wb = xlsm.open_workbook(path)
    locked: set[Place] = set()
    while True:  # a formula cell found among the changes is locked and the fixes planned again
        plan = plan_fixes(grids, unsafe=unsafe, select=select, ignore=ignore, locked=locked)
        formulas = {(c.sheet, parse_a1(c.cell)) for c in plan.changes
                    if _not_text(wb[c.sheet][c.cell])}
        if not formulas:
            break
        locked |= formulas
    for change in plan.changes:  # the file holds what was planned from, or nothing is written
        if (wb[change.sheet][change.cell].value or "") != change.before:  # "": a blank cell
            raise XlperfError(f"{display_path(str(path))}：{change.sheet}!{change.cell} 的内容与"
                              "读取时不同，未作任何修改")
    if target is None or (in_place and not plan.changes):
        return plan
    if not plan.changes:
        fileio.atomic_write(target, lambda temp: shutil.copyfile(path, temp))
        return plan
    patch.apply_edit(wb, plan.edit)
    xlsm.save_workbook(wb, target)
    return plan


def _not_text(cell: Any) -> bool:
    """A cell no fix may write: a formula, a number, a cell hidden under a merged range (a
    blank cell may be filled)."""
    from openpyxl.cell.cell import MergedCell

    return cell.data_type != "s" and (cell.value is not None or isinstance(cell, MergedCell))
