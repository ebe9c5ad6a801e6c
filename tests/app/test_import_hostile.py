"""``import`` of a Word file whose tables claim absurd widths or lengths (issue 19, item 15).

Each input is the 绩效文本 ``export`` writes for an example unit, with one table changed
(``badfiles.docx_*``). The absurd ones run in a child process capped at 2 GiB of address
space: before the bounds, a gridSpan of 2e8 took 7.7 GB.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from badfiles import docx_before, docx_extra_rows, docx_nested, docx_spans
from helpers import ROOT

from xlperf.app.cli import main
from xlperf.core.workbook import layout as L
from xlperf.files.wordfile import MAX_TABLE_ROWS

EXAMPLE = ROOT / "workbooks" / "examples" / "博野县卫生健康局_2023.xlsx"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> bytes:
    target = tmp_path_factory.mktemp("export") / "绩效文本.docx"
    assert main(["export", str(EXAMPLE), "--docx", str(target), "--allow-errors"]) == 0
    return target.read_bytes()


def _import(path: Path, out: Path) -> subprocess.CompletedProcess[str]:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run([sys.executable, "-m", "xlperf", "import", str(path), "-o", str(out),
                           "--force"], capture_output=True, text=True, timeout=120,
                          preexec_fn=cap, cwd=ROOT)


CASES = {
    "gridSpan 18279": lambda b: docx_spans(b, 18_279, 1),
    "gridSpan 2e8 on 40 cells": lambda b: docx_spans(b, 200_000_000, 40),
    "gridBefore 3e8 on 20 rows": lambda b: docx_before(b, 300_000_000, 20),
}


@pytest.mark.parametrize("change", CASES.values(), ids=CASES.keys())
def test_absurd_spans_are_cut_at_words_63_columns(exported, tmp_path, change):
    source = tmp_path / "文本.docx"
    source.write_bytes(change(exported))
    done = _import(source, tmp_path / "导入.xlsx")
    assert done.returncode in (0, 1), done.stderr[-800:]  # 1: imported, with errors to fix
    assert "Traceback" not in done.stderr
    assert "已导入" in done.stdout and "3 张项目表" in done.stdout


def test_a_table_longer_than_any_text_s_is_refused_with_a_reason(exported, tmp_path, capsys):
    source = tmp_path / "文本.docx"
    source.write_bytes(docx_extra_rows(exported, MAX_TABLE_ROWS))
    assert main(["import", str(source), "-o", str(tmp_path / "导入.xlsx")]) == 2
    assert f"超过 {MAX_TABLE_ROWS} 行的表格" in capsys.readouterr().err
    assert not (tmp_path / "导入.xlsx").exists()


def test_text_in_a_nested_table_is_listed_not_dropped(exported, tmp_path, capsys):
    source = tmp_path / "文本.docx"
    source.write_bytes(docx_nested(exported, "内层表格里的说明文字"))
    out = tmp_path / "导入.xlsx"
    assert main(["import", str(source), "-o", str(out)]) in (0, 1)
    assert "3 张项目表" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    found = [(ws.title, c.value) for ws in wb for row in ws.iter_rows() for c in row
             if c.value == "内层表格里的说明文字"]
    assert found == [(L.IMPORT_SHEET, "内层表格里的说明文字")]
