"""One unit file through the one pipeline: read once, reasons as fields, digests from the worker."""

from __future__ import annotations

import hashlib
import pickle
import shutil
from pathlib import Path

import openpyxl
import pytest
from helpers import ROOT

from xlperf.app.actions import unit as actions
from xlperf.app.actions.document import export_document
from xlperf.core.check.pipeline import check_unit
from xlperf.core.model.findings import Finding
from xlperf.core.workbook import reading
from xlperf.files import batch, fastread, xlsx, xlsxguard
from xlperf.files.unitfile import check_file

SEED = ROOT / "workbooks" / "examples" / "博野县总工会_2023.xlsx"


@pytest.fixture
def reads(monkeypatch):
    """How many times each file's bytes are read (the real readers, counted)."""
    counted: list[str] = []
    real_regular, real_contents = xlsxguard.read_regular, xlsx.contents

    def regular(path, limit):
        counted.append(Path(path).name)
        return real_regular(path, limit)

    def contents(path):
        counted.append(Path(path).name)
        return real_contents(path)

    monkeypatch.setattr(xlsxguard, "read_regular", regular)
    monkeypatch.setattr(xlsx, "contents", contents)
    return counted


@pytest.mark.parametrize("command", ["fill", "toc", "export", "check"])
def test_each_command_reads_its_file_once(tmp_path, reads, command):
    unit = Path(shutil.copy(SEED, tmp_path / "单位.xlsx"))
    if command == "fill":
        actions.fill_file(unit, tmp_path / "填充.xlsx")
    elif command == "toc":
        actions.refresh_toc_file(unit, tmp_path / "目录.xlsx")
    elif command == "export":
        export_document(unit, tmp_path / "文本.docx", allow_errors=True)
    else:
        check_file(unit)
    assert reads == ["单位.xlsx"]


def test_the_file_pipeline_is_the_core_pipeline_with_the_file_named():
    checked = check_file(SEED)
    core = check_unit(fastread.load_grids(SEED), file=checked.name)
    assert checked.book == core.book and checked.findings == core.findings
    assert checked.findings and all(f.file == checked.name for f in checked.findings)


def test_a_workbook_that_is_no_unit_s_gives_its_reason_as_a_field(tmp_path):
    path = tmp_path / "别的表.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "与绩效目标无关的表格"
    wb.save(path)
    checked = check_file(path)
    assert checked.unreadable and checked.book is None
    assert checked.reason is not None and checked.reason.startswith("不是绩效目标工作簿，")
    assert [f.code for f in checked.findings] == [reading.UNREADABLE.code]
    assert checked.reason in checked.findings[0].message
    record = batch.unit_record(str(path))
    assert record.unreadable == checked.reason  # the same words, not parsed back from a message


def test_the_worker_fingerprints_the_bytes_it_read(tmp_path):
    unit = Path(shutil.copy(SEED, tmp_path / "单位.xlsx"))
    record = batch.unit_record(str(unit))
    assert record.digest == hashlib.sha256(unit.read_bytes()).hexdigest()[:32]


def test_findings_travel_between_processes_whole():
    findings = check_file(SEED).findings
    fixed = Finding(code="S007", name="x", severity="warning", message="m", hint="h",
                    fix={"before": "a", "after": "b", "applicability": "safe"})
    for finding in [*findings, fixed]:
        back = pickle.loads(pickle.dumps(finding))
        assert back == finding and type(back.severity) is type(finding.severity)
        assert back.model_dump() == finding.model_dump()
