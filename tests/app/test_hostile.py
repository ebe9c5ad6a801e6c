"""Every command over every bad input: an exit code, a Chinese reason, the input untouched.

The inputs are generated (``tests/badfiles.py``) into one inbox with the four example units;
all commands run in this process, so an abort in a reading library would end the test run
itself. Time and memory per input are measured by ``bench/hostile.py``, not here.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from badfiles import SKIPPED, UNIT, UNREADABLE

from xlperf.app.actions import unit as actions
from xlperf.app.actions.county import consolidate
from xlperf.app.cli import main
from xlperf.core.model.unit_workbook import UnitInfo
from xlperf.core.summary.records import Status
from xlperf.files.discover import display_path
from xlperf.files.examples import example_names, load_example

COMMANDS = {
    "dump": lambda p, out: ["dump", str(p)],
    "check": lambda p, out: ["check", str(p)],
    "check --annotate": lambda p, out: ["check", "--annotate", str(p), "-o",
                                        str(out / "标注.xlsx")],
    "fill": lambda p, out: ["fill", str(p), "-o", str(out / "填充.xlsx")],
    "export": lambda p, out: ["export", str(p), "--docx", str(out / "文本.docx"), "--force"],
    "import": lambda p, out: ["import", str(p), "-o", str(out / "导入.xlsx"), "--force"],
}
CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_ERROR = re.compile(r"Traceback|[A-Za-z]+(Error|Exception)\b|No such file")


def _state(folder: Path) -> dict[str, tuple]:
    """Every entry under folder: its bytes' hash and times (or, for a special file, its stat)."""
    state = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root, name)
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            elif stat.S_ISLNK(info.st_mode):
                digest = os.readlink(path)
            else:
                digest = ""
            state[str(path)] = (info.st_mode, info.st_mtime_ns, info.st_size, digest)
    return state


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date")  # silenced in xlperf itself
def test_every_command_on_every_bad_input(bad_inbox, tmp_path, capsys):
    folder, bad = bad_inbox
    before = _state(folder)
    problems = []
    for item in bad:
        for command, argv in COMMANDS.items():
            try:
                rc = main(argv(folder / item.name, tmp_path))
            except SystemExit as exc:  # refused by the argument's validator: a usage error
                rc = exc.code
            out, err = capsys.readouterr()
            said = out + err
            where = f"{command} {item.name}: rc={rc} {said[-300:]!r}"
            if rc not in (0, 1, 2) or ENGLISH_ERROR.search(said):
                problems.append(where)
            elif rc == 2 and not CJK.search(err + out):
                problems.append(where)
    assert problems == []
    assert _state(folder) == before


def test_check_of_the_folder_gives_each_bad_input_its_reason(bad_inbox, capsys):
    folder, bad = bad_inbox
    before = _state(folder)
    assert main(["check", str(folder)]) == 2
    blocks = re.split(r"^(?=■ )", capsys.readouterr().out, flags=re.M)
    for item in bad:
        shown = f"■ {display_path(str(folder / item.name))}"
        block = next(b for b in blocks if re.match(re.escape(shown) + "[（：]", b))
        assert item.marker in block, (item.name, block)
        heading = block.splitlines()[0]
        if item.fate == SKIPPED:
            assert heading.startswith(f"{shown}：未检查，"), heading
        elif item.fate == UNREADABLE:
            assert heading.startswith(f"{shown}：无法读取："), heading
    assert _state(folder) == before


def test_the_mixed_folder_counts_every_good_unit_to_the_cent(bad_inbox, tmp_path):
    folder, bad = bad_inbox
    before = _state(folder)
    output = tmp_path / "汇总.xlsx"
    result = consolidate([folder], output, jobs=2)
    assert _state(folder) == before
    summary = result.summary
    examples = [load_example(name) for name in example_names()]
    budget = sum((p.budget or Decimal(0) for b in examples for p in b.projects), Decimal(0))
    fiscal = sum((p.fiscal_funds or Decimal(0) for b in examples for p in b.projects), Decimal(0))
    other = sum((p.other_funds or Decimal(0) for b in examples for p in b.projects), Decimal(0))
    assert summary.totals == (budget, fiscal, other)  # the bad files carry no money
    assert {u.code for u in summary.units} == (
        {b.info.code for b in examples} | {item.code for item in bad if item.fate == UNIT})
    rows = {s.path: s for s in summary.submissions if s.path}
    fate = {UNIT: Status.RECEIVED, UNREADABLE: Status.UNREADABLE, SKIPPED: Status.SKIPPED}
    for item in bad:
        row = rows[display_path(str(folder / item.name))]
        assert row.status == fate[item.fate], (item.name, row)
        if item.fate != UNIT:
            assert item.marker in row.note, (item.name, row.note)
    assert "晚于汇总时间" in rows[str(folder / "future_mtime.xlsx")].note
    wb = openpyxl.load_workbook(output, read_only=True)
    overview = {r[0]: r[1] for r in wb["汇总说明"].iter_rows(min_row=3, values_only=True)}
    listed = [r[3] for r in wb["报送情况"].iter_rows(min_row=3, values_only=True)]
    wb.close()
    assert Decimal(repr(overview["预算数合计（万元）"])).quantize(Decimal("0.01")) == budget
    cutoff = overview["数据截至"]
    assert cutoff.startswith(time.strftime("%Y")) and "2100" not in cutoff
    assert "另有 1 个文件的修改时间晚于汇总时间" in overview["数据截至"]
    assert "测试单位.xlsx" in listed  # a GBK file name, shown as GBK (relative to the inbox)
    assert len(listed) == len(bad) + len(examples)


# --------------------------------------------------------------------------- smaller ways
def test_annotate_never_overwrites_its_input(bad_inbox, capsys):
    folder, _ = bad_inbox
    path = folder / "nan.xlsx"
    before = _state(folder)
    assert main(["check", "--annotate", str(path), "-o", str(path)]) == 2
    assert "输出文件与输入文件相同" in capsys.readouterr().err
    assert _state(folder) == before


def test_fill_in_place_through_a_link_keeps_the_link(tmp_path, capsys):
    target = tmp_path / "真实.xlsx"
    info = UnitInfo(code="711001", name="博野县总工会本级", year=2023)
    actions.write_unit(actions.new_unit(info, 1), target)
    link = tmp_path / "链接.xlsx"
    link.symlink_to(target.name)
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    assert main(["fill", str(link), "--in-place"]) == 0
    assert link.is_symlink() and os.readlink(link) == target.name
    assert hashlib.sha256(target.read_bytes()).hexdigest() != before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".xlperf-")] == []


def test_dump_into_a_pipe_closed_early_ends_quietly(tmp_path):
    # Far more JSON than a pipe buffers (64 KB), so the writer certainly meets the closed pipe.
    book = load_example(example_names()[0])
    unit = actions.write_unit(book.model_copy(update={"projects": book.projects * 12}),
                              tmp_path / "大.xlsx")
    process = subprocess.Popen([sys.executable, "-m", "xlperf", "dump", str(unit)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout and process.stderr
    assert process.stdout.readline().strip() == b"{"
    process.stdout.close()  # as `| head -1` does
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0 and err == ""


def test_export_of_a_unit_with_a_very_long_name(tmp_path, capsys):
    book = load_example(example_names()[0])
    book = book.model_copy(update={"info": book.info.model_copy(update={"name": "长" * 250})})
    path = actions.write_unit(book, tmp_path / "长名.xlsx")
    docx = str(tmp_path / "长名.docx")
    assert main(["export", str(path), "--docx", docx, "--allow-errors"]) == 0  # a seed: errors
    assert (tmp_path / "长名.docx").stat().st_size > 0


def test_a_killed_runs_temp_file_is_removed_by_the_next_run(tmp_path, bad_inbox):
    folder = tmp_path / "收件"
    folder.mkdir()
    unit = bad_inbox[0] / f"{example_names()[0]}.xlsx"
    (folder / unit.name).write_bytes(unit.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    dead = out / ".xlperf-999999-k1ll3d.tmp"  # a process id no process has
    old = out / ".xlperf-abcd_123.tmp"  # an old-style name: removed once a day old
    mine = out / f".xlperf-{os.getpid()}-busy.tmp"  # a run still going (this process)
    for path in (dead, old, mine):
        path.write_bytes(b"PK half a workbook")
    os.utime(dead, (time.time() - 120, time.time() - 120))
    os.utime(old, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    consolidate([folder], out / "汇总.xlsx", jobs=1)
    assert sorted(p.name for p in out.iterdir()) == sorted(["汇总.xlsx", mine.name])


@pytest.mark.parametrize("name", ["far_value.xlsx", "nan.xlsx", "long_text.xlsx"])
def test_readable_hostile_files_fill_and_annotate(bad_inbox, tmp_path, name, capsys):
    folder, _ = bad_inbox
    assert main(["check", "--annotate", str(folder / name), "-o", str(tmp_path / "a.xlsx")]) == 1
    marked = openpyxl.load_workbook(tmp_path / "a.xlsx", read_only=True)
    assert "校验结果" in marked.sheetnames
    assert marked.properties.category == "xlperf 校验标注副本"
    marked.close()
    assert main(["fill", str(folder / name), "-o", str(tmp_path / "f.xlsx")]) == 0
