"""xlperf fix on I106's two-cell fix: both cells listed, written together, or neither.

The seed text is imported (``xlperf import``) and two 指标值 are given an explanation through
openpyxl, which also reads the results (an independent reading from the checker's calamine).
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from helpers import ROOT

from xlperf.app.cli import main

DATA = ROOT / "tests" / "data"
#: (sheet, cell) → (before, after): 项目1 row 11's description repeats the 三级指标 (replaced),
#: row 17's is blanked (filled in).
EXPECTED = {
    ("项目1", "D11"): ("救助准确率", "按上级文件要求"),
    ("项目1", "E11"): ("≥90%（按上级文件要求）", "≥90%"),
    ("项目1", "D17"): ("", "按问卷调查结果"),
    ("项目1", "E17"): ("≥95%，按问卷调查结果", "≥95%"),
}


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("split")
    seed = folder / "seed.xlsx"
    assert main(["import", str(DATA / "seed.txt"), "-o", str(seed)]) == 0
    wb = openpyxl.load_workbook(seed)
    ws = wb["项目1"]
    assert (ws["D11"].value, ws["E11"].value, ws["D17"].value) == (
        "救助准确率", "≥90%", "服务对象满意度")
    ws["E11"] = "≥90%（按上级文件要求）"
    ws["D17"] = None
    ws["E17"] = "≥95%，按问卷调查结果"
    wb.save(folder / "split.xlsx")
    return folder / "split.xlsx"


def values(path: Path, sheet: str = "项目1") -> dict[str, object]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row}


def test_diff_lists_both_cells_of_each_split(source, capsys):
    original = source.read_bytes()
    assert main(["fix", str(source), "--diff", "--unsafe-fixes", "--select", "I106",
                 "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert [(c["sheet"], c["cell"], c["code"], c["before"], c["after"])
            for c in json.loads(out)] == [(s, c, "I106", b, a)
                                          for (s, c), (b, a) in EXPECTED.items()]
    assert "已自动修正 4 个单元格（I106 4 处）" in err
    assert main(["fix", str(source), "--diff", "--unsafe-fixes", "--select", "I106"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:4] == [f"{s}!{c}  I106  “{b}” → “{a}”" for (s, c), (b, a) in EXPECTED.items()]
    assert source.read_bytes() == original


def test_without_the_flag_the_split_is_only_counted(source, tmp_path, capsys):
    out = tmp_path / "safe.xlsx"
    assert main(["fix", str(source), "-o", str(out), "--select", "I106"]) == 0
    line = capsys.readouterr().out
    assert line.startswith("没有可自动修正的内容；另有 2 处可修正但可能改变原意")
    assert values(out) == values(source)


def test_fix_writes_both_cells_and_nothing_else_then_does_nothing(source, tmp_path, capsys):
    out = tmp_path / "fixed.xlsx"
    assert main(["fix", str(source), "-o", str(out), "--unsafe-fixes", "--select", "I106"]) == 0
    before, after = values(source), values(out)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed == {cell for _, cell in EXPECTED}
    for (_, cell), (old, new) in EXPECTED.items():
        assert (before[cell] or "", after[cell]) == (old, new)
    capsys.readouterr()
    again = tmp_path / "again.xlsx"
    assert main(["fix", str(out), "-o", str(again), "--unsafe-fixes", "--select", "I106",
                 "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["check", str(out), "--select", "I106", "--format", "json"]) == 0
    left = json.loads(capsys.readouterr().out)  # the seed's own, with no clean split
    assert [(f["sheet"], f["cell"], f["fix"]) for f in left] == [("项目3", "E13", None)]
