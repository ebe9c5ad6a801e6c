"""The workbooks users download equal what the generator makes now."""

import difflib
import zipfile
from pathlib import Path

from helpers import ROOT
from lxml import etree

from xlperf.app.actions import build

DIFF_LINES = 40  # per part: enough to see what changed, short enough to read in a CI log
DIFF_PARTS = 6  # per workbook


def _pretty(data: bytes) -> list[str]:
    """An XML part as indented lines (the committed bytes are one long line per part)."""
    try:
        root = etree.fromstring(data, etree.XMLParser(remove_blank_text=True))
    except etree.XMLSyntaxError:
        return data.decode("utf-8", "replace").splitlines()
    return etree.tostring(root, pretty_print=True, encoding="unicode").splitlines()


def part_diff(committed: Path, generated: Path) -> str:
    """Which zip parts differ between two workbooks, each with a short unified diff of its
    pretty-printed XML (a binary part such as vbaProject.bin only says that it differs)."""
    with zipfile.ZipFile(committed) as a, zipfile.ZipFile(generated) as b:
        old, new = set(a.namelist()), set(b.namelist())
        lines = [f"  part only in the committed file: {n}" for n in sorted(old - new)]
        lines += [f"  part only in the generated file: {n}" for n in sorted(new - old)]
        if [n for n in a.namelist() if n in new] != [n for n in b.namelist() if n in old]:
            lines.append("  the parts are in another order")
        changed = [n for n in a.namelist() if n in new and a.read(n) != b.read(n)]
        for name in changed[:DIFF_PARTS]:
            before, after = a.read(name), b.read(name)
            if not name.endswith((".xml", ".rels", ".vml")):
                lines.append(f"  {name}: binary part differs ({len(before)} → {len(after)} "
                             "bytes)")
                continue
            diff = list(difflib.unified_diff(_pretty(before), _pretty(after), "committed",
                                             "generated", lineterm="", n=1))
            lines.append(f"  {name}:" if diff else f"  {name}: same XML, other bytes "
                         "(attribute order, spacing or declaration)")
            lines += [f"    {d}" for d in diff[:DIFF_LINES]]
            if len(diff) > DIFF_LINES:
                lines.append(f"    … {len(diff) - DIFF_LINES} more diff lines")
        if len(changed) > DIFF_PARTS:
            lines.append(f"  … and {len(changed) - DIFF_PARTS} more parts: "
                         + ", ".join(changed[DIFF_PARTS:]))
        if not lines:
            lines.append("  same parts and contents; the zip container differs (dates, "
                         "compression)")
    return "\n".join(lines)


def test_committed_workbooks_are_up_to_date(out):
    built = build.build_workbooks(out)
    committed = sorted(p.relative_to(ROOT / "workbooks") for p in (ROOT / "workbooks").rglob("*")
                       if p.suffix in (".xlsx", ".xlsm"))
    generated = sorted(b.path.relative_to(out) for b in built)
    assert generated == committed, "run `make workbooks` and commit the result"
    stale = [rel for rel in generated
             if (out / rel).read_bytes() != (ROOT / "workbooks" / rel).read_bytes()]
    report = "\n".join(f"{rel}:\n{part_diff(ROOT / 'workbooks' / rel, out / rel)}"
                       for rel in stale)
    assert not stale, f"stale workbooks (run `make workbooks` and commit them):\n{report}"


def test_the_drift_report_names_the_part_and_the_change(tmp_path):
    """The report itself, on two small hand-made zips."""
    sheet = b'<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>%d</v></c></row>' \
            b'</sheetData></worksheet>'
    for name, value, extra in (("a.xlsx", 0, False), ("b.xlsx", 1, True)):
        with zipfile.ZipFile(tmp_path / name, "w") as z:
            z.writestr("xl/worksheets/sheet1.xml", sheet % value)
            z.writestr("xl/vbaProject.bin", b"\x00" * (4 + value))
            z.writestr("docProps/app.xml", b"<Properties/>")
            if extra:
                z.writestr("xl/extra.xml", b"<x/>")
    report = part_diff(tmp_path / "a.xlsx", tmp_path / "b.xlsx")
    assert report.splitlines() == [
        "  part only in the generated file: xl/extra.xml",
        "  xl/worksheets/sheet1.xml:",
        "    --- committed",
        "    +++ generated",
        "    @@ -4,3 +4,3 @@",
        '           <c r="A1" t="s">',
        "    -        <v>0</v>",
        "    +        <v>1</v>",
        "           </c>",
        "  xl/vbaProject.bin: binary part differs (4 → 5 bytes)",
    ]
