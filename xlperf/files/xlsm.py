"""Macro-enabled workbooks (.xlsm): a sheet spec plus ``macros/*.bas`` plus form buttons.

Built with openpyxl from source every time (never hand-edited in Excel and post-processed), so
the result is byte-reproducible and survives openpyxl round trips with ``keep_vba=True``.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook

from xlperf.core.workbook.button_layout import Button
from xlperf.core.workbook.sheetspec import BookSpec, SheetSpec, span_ref
from xlperf.errors import InputFileError, OutputFileError, XlperfError
from xlperf.files import vba, xlsx
from xlperf.files.openpyxl_compat import lenient_reading
from xlperf.files.vml import drawing_blocks, tidy_drawing, vml_drawing

#: The source of the buttons' VBA, versioned with the package.
MACROS_DIR = Path(__file__).resolve().parents[2] / "macros"
#: Which modules go into which kind of workbook.
UNIT_MODULES = ("XlperfCommon", "XlperfUnit")
SUMMARY_MODULES = ("XlperfCommon", "XlperfSummary")

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    b'<Default Extension="vml"'
    b' ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>'
    b'<Override PartName="/xl/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    b"</Types>"
)
#: openpyxl reads the package relationships of the "original" file to keep a custom ribbon.
_ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
)


def load_modules(names: Sequence[str], folder: Path = MACROS_DIR) -> list[vba.Module]:
    """Read the named modules from ``macros/``.

    Raises:
        XlperfError: when the folder or a module is missing (e.g. outside a source checkout).
    """
    paths = [Path(folder) / f"{name}.bas" for name in names]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise XlperfError(f"找不到宏源文件：{'、'.join(missing)}（生成 .xlsm 需要 xlperf 源码中的 "
                          "macros 文件夹：请在源码目录中用 pip install -e . 安装）")
    return vba.read_modules(paths)


def sheet_code_name(number: int) -> str:
    """The codeName of the n-th sheet, as Excel names new sheets' modules."""
    return f"Sheet{number}"


def attach_macros(wb: Workbook, modules: Sequence[vba.Module],
                  buttons: Mapping[str, Sequence[Button]],
                  sizes: Mapping[str, tuple[Mapping[int, float], Mapping[int, float]]],
                  project: bytes | None = None) -> None:
    """Give an openpyxl workbook a VBA project and form buttons (saved as .xlsm).

    ``sizes`` maps a sheet name to its explicit (column widths, row heights), for placing shapes.
    ``project`` is a ``vbaProject.bin`` Excel saved for this same workbook (see
    :func:`read_vba_project`), used instead of the generated one once checked.

    Raises:
        XlperfError: when a button's macro is not a parameterless Sub of the modules, or the
            given project does not hold exactly these modules.
    """
    subs = {sub for module in modules for sub in module.subs}
    unknown = sorted({b.macro for bs in buttons.values() for b in bs} - subs)
    if unknown:
        raise XlperfError(f"按钮调用的宏不存在：{'、'.join(unknown)}")
    wb.code_name = vba.WORKBOOK_MODULE
    code_names = []
    for number, ws in enumerate(wb.worksheets, start=1):
        ws.sheet_properties.codeName = sheet_code_name(number)
        code_names.append(ws.sheet_properties.codeName)
    archive = zipfile.ZipFile(io.BytesIO(), "a", zipfile.ZIP_DEFLATED)
    archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
    archive.writestr("_rels/.rels", _ROOT_RELS)
    if project is None:
        project = vba.build_vba_project(modules, code_names)
    else:
        vba.check_adoptable(project, modules, code_names, "VBA 工程")
    archive.writestr("xl/vbaProject.bin", project)
    drawing = 0
    for ws in wb.worksheets:
        if not buttons.get(ws.title):
            continue
        drawing += 1
        # openpyxl keeps only parts named like vmlDrawing<one digit>.vml: see VML_NAME.
        part = VML_NAME.format(drawing)
        widths, heights = sizes.get(ws.title, ({}, {}))
        archive.writestr(part, vml_drawing(buttons[ws.title], drawing, widths, heights))
        ws.legacy_drawing = part
    wb.vba_archive = archive


#: openpyxl's writer copies legacy drawings matching ``xl/drawings/.*vmlDrawing\\d\\.vml``
#: (one digit!), so the 10th and later would be lost: the prefix keeps every name matching.
VML_NAME = "xl/drawings/xlperf{0}vmlDrawing0.vml"


def write_macro_book(spec: BookSpec, path: Path, modules: Sequence[vba.Module],
                     buttons: Mapping[str, Sequence[Button]], project: bytes | None = None) -> Path:
    """Write a sheet spec as an .xlsm with the modules and buttons, reproducibly and atomically.

    ``project``: an Excel-saved ``vbaProject.bin`` to use instead of generating one.

    Raises:
        OutputFileError: when the file cannot be written.
    """
    wb = xlsx.build_workbook(spec)
    sizes = {s.name: (s.widths, s.heights) for s in spec.sheets}
    attach_macros(wb, modules, buttons, sizes, project)
    try:
        xlsx.save(wb, Path(path))
    finally:
        wb.vba_archive.close()  # the in-memory package of the VBA parts, used up by the save
    return Path(path)


def code_names(spec: BookSpec) -> list[str]:
    """The sheets' codeNames a workbook written from ``spec`` gets (document module names)."""
    return [sheet_code_name(n) for n in range(1, len(spec.sheets) + 1)]


def read_vba_project(path: Path) -> bytes:
    """The ``vbaProject.bin`` of a macro workbook (.xlsm, .xltm, .xlam), or a .bin file itself.

    Raises:
        InputFileError: when the file is missing, not a zip package or holds no VBA project.
    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError(str(path), "文件不存在")
    if path.suffix.lower() == ".bin":
        return path.read_bytes()
    try:
        with zipfile.ZipFile(path) as package:
            parts = [n for n in package.namelist() if n.lower().endswith("/vbaproject.bin")]
            if not parts:
                raise InputFileError(str(path), "其中没有 VBA 工程；请选用 Excel 保存的 .xlsm 文件")
            return package.read(parts[0])
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputFileError(str(path), "不是 .xlsm 工作簿（无法按 zip 格式打开）") from exc


# --------------------------------------------------------------------------- editing files
def is_macro_file(path: Path) -> bool:
    """Whether a path names a macro-enabled workbook (.xlsm)."""
    return Path(path).suffix.lower() == ".xlsm"


def open_workbook(path: Path, data: bytes | None = None) -> Workbook:
    """Open a workbook for editing; an .xlsm keeps its VBA project and buttons.

    ``data`` is the file's bytes when they were read already (the file is not read again).

    Raises:
        InputFileError: when openpyxl cannot open it.
    """
    try:
        contents = xlsx.contents(path) if data is None else io.BytesIO(data)
        with lenient_reading():
            return openpyxl.load_workbook(contents, keep_vba=is_macro_file(path))
    except XlperfError:
        raise
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise xlsx.damaged(path) from exc


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save atomically as the path's kind: .xlsm with its VBA and every sheet's buttons, .xlsx
    without.

    Two openpyxl habits would damage an .xlsm: it keeps only legacy drawings named with one
    digit (Excel names them vmlDrawing1..N.vml on save, so the tenth and later would be lost),
    and it merges comments into a sheet's button drawing with clashing shape ids and a second
    shapelayout. Both are undone here (:func:`keep_legacy_drawings`, ``vml.tidy_drawing``).

    Raises:
        OutputFileError: when the kind does not match the workbook or it cannot be written.
    """
    if is_macro_file(path) != (wb.vba_archive is not None):
        kind = ".xlsm" if wb.vba_archive is not None else ".xlsx"
        raise OutputFileError(f"{path}：输出文件的扩展名应为 {kind}，与输入文件一致")
    if wb.vba_archive is None:
        xlsx.save(wb, Path(path))
        return
    keep_legacy_drawings(wb)
    ours = {ws.legacy_drawing for ws in wb.worksheets if ws.legacy_drawing}
    used = {b for part in ours for b in drawing_blocks(wb.vba_archive.read(part))}
    free = (b for b in itertools.count(1) if b not in used)

    def tidy(name: str, data: bytes) -> bytes:
        if not (name.startswith("xl/drawings/") and name.endswith(".vml")):
            return data
        # A drawing of no sheet's buttons is one openpyxl made for comments alone.
        return tidy_drawing(data, None if name in ours else next(free))

    xlsx.save(wb, Path(path), fix=tidy)


#: The legacy drawings openpyxl's writer copies from ``vba_archive``
#: (``openpyxl.writer.excel.ExcelWriter._merge_vba``, openpyxl 3.1.5).
_KEPT_BY_OPENPYXL = re.compile(r"xl/drawings/.*vmlDrawing\d\.vml")


def keep_legacy_drawings(wb: Workbook) -> None:
    """Give every sheet's legacy drawing a part name openpyxl keeps when it saves.

    A drawing named otherwise (``vmlDrawing10.vml`` …) is copied in the VBA archive to a
    :data:`VML_NAME` name and the sheet pointed at the copy.
    """
    archive = wb.vba_archive
    names = set(archive.namelist())
    free = (VML_NAME.format(n) for n in itertools.count(1) if VML_NAME.format(n) not in names)
    for ws in wb.worksheets:
        part = ws.legacy_drawing
        if part is None or _KEPT_BY_OPENPYXL.match(part) or part not in names:
            continue
        new = next(free)
        archive.writestr(new, archive.read(part))
        names.add(new)
        ws.legacy_drawing = new


def sheet_matches(wb: Workbook, spec: SheetSpec) -> bool:
    """Whether a workbook's sheet already holds what ``spec`` would write: the same values,
    internal links and print area (formatting aside)."""
    if spec.name not in wb.sheetnames:
        return False
    ws = wb[spec.name]
    want = {pos: (cell.value, cell.link) for pos, cell in spec.cells.items()
            if cell.value not in (None, "")}
    have = {(cell.row, cell.column): (cell.value,
                                      cell.hyperlink.location if cell.hyperlink else None)
            for row in ws.iter_rows() for cell in row if cell.value not in (None, "")}
    area = (ws.print_area or "").split("!")[-1].replace("$", "")
    return have == want and area == (span_ref(spec.print_area) if spec.print_area else "")


def replace_sheet(wb: Workbook, spec: SheetSpec, index: int) -> None:
    """Put a freshly rendered sheet in place of the one of the same name (or at ``index``).

    The old sheet's codeName and buttons (its VML drawing) move to the new one, so an .xlsm
    keeps the sheet's document module and its buttons.
    """
    code_name, drawing = None, None
    if spec.name in wb.sheetnames:
        old = wb[spec.name]
        index = wb.sheetnames.index(spec.name)
        code_name, drawing = old.sheet_properties.codeName, old.legacy_drawing
        wb.remove(old)
    ws = wb.create_sheet(spec.name, index)
    xlsx.fill_sheet(ws, spec)
    ws.sheet_properties.codeName = code_name
    ws.legacy_drawing = drawing
