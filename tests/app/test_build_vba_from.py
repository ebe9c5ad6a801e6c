"""``xlperf build --vba-from``: adopt the VBA project of a template saved once in Windows Excel.

No Excel here, so the "Excel-saved" file is made the way Excel changes a project on save:
compiled code in front of every module's source (MODULEOFFSET), random cookies, a project
stream of its own, the VBA editor's letter case and trailing spaces, streams in another order.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
from pathlib import Path

import pytest
import xlsm_parts
from helpers import ROOT

from xlperf.app.actions import build
from xlperf.app.cli import main
from xlperf.core.summary.settings import SUMMARY_BOOK_NAME
from xlperf.files import cfb, ovba, vba

TEMPLATE = ROOT / "workbooks" / build.MACRO_TEMPLATE_NAME
PROJECT = "xl/vbaProject.bin"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _excel_like(project: bytes, edit=None) -> bytes:
    """A project as Excel would save it, from ours (``edit`` may change name → source)."""
    streams = vba.read_streams(project)
    sources = {s.name: s for s in vba.project_sources(project)}
    if edit:
        edit(sources)
    entries = [ovba.ModuleEntry(s.name, s.document) for s in sources.values()]
    pcode = bytes(range(200)) * 3  # stands for the compiled code Excel puts before the source
    records = []
    for record_id, value in ovba.records(ovba.dir_stream("VBAProject", entries)):
        if record_id == ovba.MODULE_OFFSET:
            value = struct.pack("<I", len(pcode))
        elif record_id in (ovba.MODULE_COOKIE, ovba.PROJECT_COOKIE):
            value = b"\x8a\x36"
        size = 4 if record_id == ovba.VERSION else len(value)
        records.append(struct.pack("<HI", record_id, size) + value)
    modules = {}
    for source in sources.values():
        text = source.source.replace("Option Explicit", "option explicit").replace("\n", "  \r\n")
        modules[source.name] = pcode + ovba.compress(text.encode("cp1252"))
    storage = {"dir": ovba.compress(b"".join(records)), **dict(reversed(modules.items())),
               "_VBA_PROJECT": streams["VBA/_VBA_PROJECT"]}
    return cfb.compound_file({
        "VBA": storage, "PROJECT": ovba.project_stream("{00000000-0000-0000-0000-000000000001}",
                                                       "VBAProject", entries),
        "PROJECTwm": ovba.projectwm_stream(entries)})


def _saved(tmp_path: Path, project: bytes, name: str = "excel-saved.xlsm") -> Path:
    """A copy of our unit template whose vbaProject.bin is ``project``."""
    target = tmp_path / name
    with zipfile.ZipFile(TEMPLATE) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, project if info.filename == PROJECT else src.read(info))
    return target


def _ours() -> bytes:
    return xlsm_parts.part_bytes(TEMPLATE, PROJECT)


def test_the_excel_saved_project_goes_into_the_built_template(capsys, tmp_path):
    excel = _excel_like(_ours())
    assert excel != _ours()
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "build", out, "--vba-from", _saved(tmp_path, excel))
    assert code == 0, err
    assert "VBA 工程取自 Excel 保存的文件" in stdout
    assert xlsm_parts.part_bytes(out / build.MACRO_TEMPLATE_NAME, PROJECT) == excel
    # The rest of the workbook is the generated one: buttons, codeNames, the summary's project.
    assert xlsm_parts.buttons(out / build.MACRO_TEMPLATE_NAME) == xlsm_parts.buttons(TEMPLATE)
    assert xlsm_parts.code_names(out / build.MACRO_TEMPLATE_NAME) == xlsm_parts.code_names(
        TEMPLATE)
    summary = ROOT / "workbooks" / SUMMARY_BOOK_NAME
    assert (out / SUMMARY_BOOK_NAME).read_bytes() == summary.read_bytes()
    # olevba (independent reader) finds our module sources behind the compiled code.
    assert xlsm_parts.vba_modules(out / build.MACRO_TEMPLATE_NAME)["XlperfUnit"].startswith(
        'Attribute VB_Name = "XlperfUnit"')


def _drop(name):
    return lambda sources: sources.pop(name)


def _change(name, old, new):
    def edit(sources):
        s = sources[name]
        sources[name] = vba.StoredSource(s.name, s.document, s.source.replace(old, new))
    return edit


def _add(name, document, source):
    return lambda sources: sources.__setitem__(name, vba.StoredSource(name, document, source))


@pytest.mark.parametrize(("edit", "message"), [
    (_drop("Sheet7"), "缺少模块 Sheet7"),
    (_add("Sheet8", True, vba.document_source("Sheet8", vba.WORKSHEET_CLASS)),
     "多出模块 Sheet8"),
    (_add("Module1", False, 'Attribute VB_Name = "Module1"\nSub A()\nEnd Sub\n'), "对不上"),
    (_change("XlperfUnit", 'RunXlperf "check"', 'RunXlperf "fill_defaults"'),
     "XlperfUnit 的代码与 macros/XlperfUnit.bas 不同"),
    (_change("Sheet3", "Attribute VB_Customizable = True",
             "Attribute VB_Customizable = True\nPrivate Sub Worksheet_Activate()\nEnd Sub"),
     "文档模块 Sheet3 中有代码"),
], ids=["missing sheet module", "extra sheet", "extra module", "changed code", "sheet code"])
def test_a_project_that_is_not_ours_is_refused_before_anything_is_written(
        capsys, tmp_path, edit, message):
    bad = _saved(tmp_path, _excel_like(_ours(), edit))
    out = tmp_path / "out"
    out.mkdir()
    code, _, err = run(capsys, "build", out, "--vba-from", bad)
    assert code == 2 and message in err and str(bad) in err
    assert list(out.iterdir()) == []


def test_other_files_are_refused_with_a_reason(capsys, tmp_path):
    import xlwings

    out = tmp_path / "out"
    out.mkdir()
    xlam = Path(xlwings.__file__).parent / "addin" / "xlwings.xlam"
    plain = shutil.copy(ROOT / "workbooks" / build.TEMPLATE_NAME, tmp_path)
    text = tmp_path / "notes.txt"
    text.write_text("x", "utf-8")
    damaged = _saved(tmp_path, _ours()[:1536], "damaged.xlsm")
    for path, reason in ((xlam, "对不上"), (plain, "其中没有 VBA 工程"),
                         (damaged, "无法读取其中的 VBA 工程"),
                         (text, "无法按 zip 格式打开"), (tmp_path / "missing.xlsm", "不存在")):
        try:  # a missing file is a usage error (argparse), the others the command's refusal
            code, _, err = run(capsys, "build", out, "--vba-from", path)
        except SystemExit as exc:
            code, err = exc.code, capsys.readouterr().err
        assert code == 2 and reason in err, (path, err)
    saved = _saved(tmp_path, _excel_like(_ours()))
    code, _, err = run(capsys, "build", out, "--vba-from", saved, "--vba-from", saved)
    assert code == 2 and "只能指定一个" in err
    assert list(out.iterdir()) == []
