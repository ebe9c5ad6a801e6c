"""Our vbaProject.bin against projects Excel wrote: the ones shipped in the xlwings wheel.

``xlwings.xlam`` is an add-in Excel opens every day whose ``Main`` module is source-only, like all
of ours; the quickstart workbooks are plain workbooks Excel saved. Outside the module list our
project must match them record for record. Every difference is printed (``pytest -s``); each must
be one listed here with the reason it is not about how a project is stored.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import vba_structure
from helpers import ROOT

from xlperf.app.actions import build
from xlperf.core.summary.settings import SUMMARY_BOOK_NAME

xlwings = pytest.importorskip("xlwings")
WHEEL = Path(xlwings.__file__).parent

#: Differences of identity, protection and per-save counters, allowed against every reference.
ANY_REFERENCE = {
    r"PROJECT main ID": "every project has its own GUID (a locked one, as xlwings.xlam, "
                        "stores zeros)",
    r"PROJECT main Name|dir PROJECTNAME": "Excel names a workbook's project VBAProject "
                                          "(quickstart.xlsm); xlwings renamed its add-in's",
    r"PROJECT (CMG|DPB|GC) \(decrypted": "xlwings.xlam is locked with a password and hidden; ours "
                                        "is open and visible like the quickstart workbooks",
    r"dir PROJECTVERSION": "a stamp Excel changes on every save; readers ignore it",
    r"dir PROJECTCOOKIE|MODULECOOKIE": "MS-OVBA: ignored on read, 0xFFFF on write (ours)",
    r"PROJECT module line kinds|MODULEDOCSTRING": "the module list itself: xlwings has class "
                                                  "modules and a documented one",
    r"MODULEOFFSET values": "compiled code Excel keeps; ours are source-only, as xlwings.xlam's "
                            "Main (checked below)",
}
#: What else differs from one reference, and why.
REFERENCES = {
    "addin/xlwings.xlam": {},
    "quickstart_standalone.xlsm": {
        r"dir references": "the workbook's own choice: MSForms for xlwings' clipboard code",
    },
    "quickstart_addin.xlam": {
        r"dir references": "the workbook's own choice: MSForms for xlwings' clipboard code",
        r"dir PROJECTSYSKIND": "saved by 32-bit Excel (1); xlwings.xlam and ours say 64-bit (3)",
    },
    "quickstart.xlsm": {
        r"dir references": "the workbook's own choice: MSForms and a reference to xlwings.xlam",
        r"_VBA_PROJECT|dir information records": "saved with Excel's compiled cache "
                                                 "(PROJECTCOMPATVERSION comes with it)",
        r"container ": "written by another compound-file writer (sorted red-black tree, "
                      "timestamps, minor version 0x3E)",
    },
}
OURS = {name: ROOT / "workbooks" / name for name in (build.MACRO_TEMPLATE_NAME, SUMMARY_BOOK_NAME)}


def _project(path: Path) -> vba_structure.Project:
    with zipfile.ZipFile(path) as z:
        return vba_structure.read(z.read("xl/vbaProject.bin"))


@pytest.mark.parametrize("ours", OURS)
@pytest.mark.parametrize("reference", REFERENCES)
def test_our_project_is_stored_as_excel_stores_one(reference, ours):
    path = WHEEL / reference
    if not path.exists():
        if reference == "addin/xlwings.xlam":
            pytest.fail(f"xlwings {xlwings.__version__} ships no {reference}")
        pytest.skip(f"xlwings {xlwings.__version__} ships no {reference}")
    allowed = {**ANY_REFERENCE, **REFERENCES[reference]}
    found = vba_structure.differences(_project(OURS[ours]), _project(path))
    print(f"\n{ours} against {reference}: {len(found)} differences")  # noqa: T201
    unexplained = []
    for what, change in found:
        reason = next((why for pattern, why in allowed.items() if re.search(pattern, what)), None)
        print(f"  {what}: {change}\n    {reason or 'NOT EXPLAINED'}")  # noqa: T201
        if reason is None:
            unexplained.append(what)
    assert unexplained == []


def test_the_main_reference_has_what_the_allowed_differences_assume():
    """The reasons above hold: xlwings.xlam keeps a source-only module and is locked."""
    xlam = _project(WHEEL / "addin" / "xlwings.xlam")
    main = dict(xlam.module_records["Main"])
    assert main[0x31] == bytes(4)  # MODULEOFFSET 0: no compiled code in the stream
    assert xlam.vba_project == bytes.fromhex("cc61ffff000100")
    values = {key: value.strip('"') for _s, key, value in xlam.project_lines}
    assert vba_structure.decrypt(values["GC"])[2] == b"\x00"  # hidden
    assert vba_structure.decrypt(values["DPB"])[2] != b"\x00"  # a password hash


@pytest.mark.parametrize("ours", OURS)
def test_our_streams_and_keys_are_the_references(ours):
    """The streams, PROJECT keys and sections, _VBA_PROJECT header and module offsets, asserted
    directly (not only as 'no difference')."""
    project = _project(OURS[ours])
    assert project.streams - {f"VBA/{m}" for m in project.modules} == {
        "PROJECT", "PROJECTwm", "VBA/dir", "VBA/_VBA_PROJECT"}
    keys = [key for _section, key, _value in project.project_lines]
    assert keys[:3] == ["ID", "Name", "HelpContextID"]
    assert "VersionCompatible32" in keys
    assert [s for s, k, _v in project.project_lines if not k] == [
        "[Host Extender Info]", "[Workspace]"]
    assert project.vba_project.hex() == "cc61ffff000100"
    assert all(dict(m)[0x31] == bytes(4) for m in project.module_records.values())
