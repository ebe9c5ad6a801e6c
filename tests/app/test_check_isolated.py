"""`xlperf check` reads each file in an isolated worker: one that aborts, hogs memory or hangs
costs only its own result, with a Chinese reason, as in ``consolidate``."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from badfiles import base_workbook, shared_amplified
from helpers import ROOT

from xlperf.app.actions import checks
from xlperf.app.cli import main
from xlperf.files import pool

EXAMPLES = ROOT / "workbooks" / "examples"
CLEAN = "博野县卫生健康局_2023.xlsx"
OTHER = "博野县总工会_2023.xlsx"


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "收件"
    folder.mkdir()
    for name in (CLEAN, OTHER):
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


@pytest.mark.parametrize(("doom", "reason"), [
    (os.abort, "异常终止"),
    (lambda: bytearray(3 << 30), "内存不足"),
    (lambda: time.sleep(60), "超过 1 秒"),
])
def test_a_file_that_kills_its_reader_costs_only_itself(inbox, monkeypatch, capsys, doom, reason):
    real = checks.check_file
    doomed = inbox / OTHER

    def check_file(path, **kwargs):
        if path == doomed:
            doom()
        return real(path, **kwargs)

    monkeypatch.setattr(checks, "check_file", check_file)  # the forked workers see it too
    monkeypatch.setattr(pool, "FILE_SECONDS", 1.0)
    monkeypatch.setattr(pool, "WORKER_MEMORY", 1 << 30)
    rc = main(["check", str(inbox)])
    out = capsys.readouterr().out
    assert rc == 2
    doomed_line = next(line for line in out.splitlines() if OTHER in line)
    assert "无法读取" in doomed_line and reason in doomed_line
    assert "Traceback" not in out
    main(["check", str(inbox / CLEAN)])
    alone = capsys.readouterr().out
    assert alone.splitlines()[0] in out.splitlines()  # the good file: as when checked alone


def test_check_of_a_shared_string_bomb_gives_its_reason(tmp_path, capsys):
    bomb = tmp_path / "放大.xlsx"
    bomb.write_bytes(shared_amplified(base_workbook(), 100_000))  # calamine used to abort
    rc = main(["check", str(bomb)])
    out = capsys.readouterr().out
    assert rc == 2
    assert "共享文字合计超过" in out
