"""xlperf fix on the seed document: every change listed, nothing else touched, a fixpoint.

The seed text is imported as a unit would (``xlperf import``); the .xlsm twin carries the
buttons and the VBA project. Cell values are compared through openpyxl (formulas as written),
an independent reading of the files from the checker's calamine path.
"""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from helpers import ROOT

from xlperf.app.actions.unit import read_file, write_unit
from xlperf.app.cli import main
from xlperf.files.unitfile import check_file

DATA = ROOT / "tests" / "data"
VBA_PART = "xl/vbaProject.bin"


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> dict[str, Path]:
    """The seed text imported into a workbook, and the same as an .xlsm with the buttons."""
    folder = tmp_path_factory.mktemp("fix")
    xlsx = folder / "seed.xlsx"
    assert main(["import", str(DATA / "seed.txt"), "-o", str(xlsx)]) == 0
    xlsm = write_unit(read_file(xlsx).book, folder / "seed.xlsm")
    return {"xlsx": xlsx, "xlsm": xlsm}


def cells(path: Path) -> dict[tuple[str, str], object]:
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in wb.worksheets for row in ws.iter_rows()
            for c in row if c.value is not None}


def fix(capsys, *args: object) -> tuple[int, list[dict[str, str]], str]:
    code = main(["fix", *map(str, args), "--format", "json"])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else [], err


def fixable(path: Path) -> Counter[tuple[str, str]]:
    """(code, applicability) of every finding that carries a fix."""
    return Counter((f.code, f.fix.applicability.value) for f in check_file(path).findings
                   if f.fix is not None)


@pytest.mark.parametrize("kind", ["xlsx", "xlsm"])
def test_fix_lists_every_changed_cell_and_changes_nothing_else(seed, tmp_path, capsys, kind):
    source = seed[kind]
    original = source.read_bytes()
    out = tmp_path / f"fixed.{kind}"
    code, changes, err = fix(capsys, source, "-o", out)
    assert code == 0, err
    assert source.read_bytes() == original  # the input is never touched
    before, after = cells(source), cells(out)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed == {(c["sheet"], c["cell"]) for c in changes}
    for c in changes:
        assert before[(c["sheet"], c["cell"])] == c["before"]
        assert after[(c["sheet"], c["cell"])] == c["after"]
    # the seed's safe findings: half-width , ; ( ) in Part 1 (P001), 》，《 (P004), 【2021】 (S006)
    # and (七) after 6. (S011)
    assert {c["code"] for c in changes} == {"P001", "P004", "S006", "S011"}
    assert "17 处可修正但可能改变原意" in err
    if kind == "xlsm":
        with zipfile.ZipFile(source) as a, zipfile.ZipFile(out) as b:
            assert a.read(VBA_PART) == b.read(VBA_PART)
            buttons = [n for n in a.namelist() if n.endswith(".vml")]
            assert buttons and sorted(buttons) == sorted(
                n for n in b.namelist() if n.endswith(".vml"))


def test_safe_findings_go_unsafe_stay_until_asked_and_a_second_run_does_nothing(
        seed, tmp_path, capsys):
    found = fixable(seed["xlsx"])
    assert found[("S006", "safe")] == 2 and found[("S011", "safe")] == 1
    assert found[("S005", "unsafe")] > 0 and found[("I103", "unsafe")] > 0
    safe = tmp_path / "safe.xlsx"
    assert fix(capsys, seed["xlsx"], "-o", safe)[0] == 0
    left = fixable(safe)
    assert not [k for k in left if k[1] == "safe"]
    assert {k: n for k, n in left.items() if k[1] == "unsafe"} == {
        k: n for k, n in found.items() if k[1] == "unsafe"}
    again = tmp_path / "again.xlsx"
    code, changes, err = fix(capsys, safe, "-o", again)
    assert (code, changes) == (0, [])
    assert cells(again) == cells(safe)
    unsafe = tmp_path / "unsafe.xlsx"
    code, changes, _ = fix(capsys, safe, "-o", unsafe, "--unsafe-fixes")
    # 区 wording (S005), a doubled word (S010), ≥100% (I103), 明确指出分类 (P007)
    assert code == 0 and {c["code"] for c in changes} == {"S005", "S010", "I103", "P007"}
    assert not fixable(unsafe)
    assert fix(capsys, unsafe, "--diff", "--unsafe-fixes")[1] == []


def test_diff_writes_nothing_and_in_place_changes_the_input(seed, tmp_path, capsys):
    path = tmp_path / "unit.xlsx"
    path.write_bytes(seed["xlsx"].read_bytes())
    code, listed, _ = fix(capsys, path, "--diff")
    assert code == 0 and len(listed) == 11
    assert path.read_bytes() == seed["xlsx"].read_bytes()
    assert list(tmp_path.iterdir()) == [path]
    code, changes, _ = fix(capsys, path, "--in-place")
    assert changes == listed
    assert cells(path)[(listed[0]["sheet"], listed[0]["cell"])] == listed[0]["after"]
    mtime = path.stat().st_mtime_ns
    assert fix(capsys, path, "--in-place")[1] == []
    assert path.stat().st_mtime_ns == mtime  # nothing to do: the file is left alone


def test_text_output_names_sheet_cell_code_before_and_after(seed, tmp_path, capsys):
    assert main(["fix", str(seed["xlsx"]), "--diff", "--select", "S006"]) == 0
    out = capsys.readouterr().out.splitlines()
    rest = "提前下达2022年困难职工及劳模帮扶救助专项资金"
    assert out[0] == f"项目1!E3  S006  “冀财行【2021】102号{rest}” → “冀财行〔2021〕102号{rest}”"
    assert out[-1].startswith("已自动修正 2 个单元格（S006 2 处）")


def test_a_formula_cell_is_never_changed(seed, tmp_path, capsys):
    formula = '="冀财行【2021】102号"&"提前下达"'
    path = with_cached_formula(seed["xlsx"], tmp_path / "formula.xlsx", "项目1", "E3", formula,
                               "冀财行【2021】102号提前下达")
    assert ("S006", "safe") in fixable(path)  # the check sees the formula's result …
    code, changes, err = fix(capsys, path, "-o", tmp_path / "out.xlsx", "--select", "S006,S011")
    assert code == 0
    assert "1 处未能自动修正（单元格是公式" in err  # said, not silently skipped
    assert [(c["sheet"], c["cell"]) for c in changes] == [("部门整体绩效目标", "A38"),
                                                          ("项目2", "E3")]
    assert cells(tmp_path / "out.xlsx")[("项目1", "E3")] == formula  # … fix leaves it alone


def with_cached_formula(source: Path, path: Path, sheet: str, ref: str, formula: str,
                        result: str) -> Path:
    """A copy with a formula in one cell and the text result Excel would have saved with it."""
    wb = openpyxl.load_workbook(source)
    wb[sheet][ref] = formula
    part = f"xl/worksheets/sheet{wb.sheetnames.index(sheet) + 1}.xml"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts[part].decode()
    start = xml.index(f'<c r="{ref}"')
    end = xml.index("</c>", start)
    cell = xml[start:end].replace("<v></v>", f"<v>{result}</v>").replace(">", ' t="str">', 1)
    parts[part] = (xml[:start] + cell + xml[end:]).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize(("args", "message"), [
    ([], "请用 -o 指定输出文件"),
    (["-o", "{dir}/out.xlsm"], ".xlsx"),
    (["-o", "{dir}/out.txt"], ".xlsx"),
    (["-o", "{input}"], "--in-place"),
    (["--select", "ZZZ", "--diff"], "没有这样的规则代码"),
    (["-o", "{dir}/o.xlsx", "--in-place"], "不能与"),
    (["--format", "yaml", "--diff"], "不能取"),
])
def test_bad_arguments_are_refused_before_any_work(seed, tmp_path, capsys, args, message):
    path = tmp_path / "unit.xlsx"
    path.write_bytes(seed["xlsx"].read_bytes())
    argv = [a.format(dir=tmp_path, input=path) for a in args]
    try:
        code = main(["fix", str(path), *argv])
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    assert code == 2
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["unit.xlsx"]
    assert path.read_bytes() == seed["xlsx"].read_bytes()


def test_a_foreign_workbook_is_a_chinese_error(tmp_path, capsys):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "别的表"
    wb.save(tmp_path / "other.xlsx")
    assert main(["fix", str(tmp_path / "other.xlsx"), "-o", str(tmp_path / "o.xlsx")]) == 2
    assert capsys.readouterr().err.startswith("错误：")
    assert not (tmp_path / "o.xlsx").exists()
