"""``review`` and ``rubric`` on hostile inputs: a Chinese reason, never a traceback or a hang.

Each case is one of the defects found by an attack on the review round (issue 19): a bad round
number in the hidden record, special files where letters or the rubric should be, long names,
a GBK-named file, YAML bombs, a sheet name that reads as a formula, wrong output paths. Runs
that could block (a pipe) are made in a child process with a timeout. Time and memory of the
larger inputs are measured by ``bench/hostile.py`` (its review part), not here.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from badfiles import inflated_records
from helpers import ROOT

from xlperf.app.actions.unit import write_unit
from xlperf.app.cli import main
from xlperf.core.review.sheets import MAIN_SHEET, ROUNDS_SHEET
from xlperf.core.workbook.annotate import MARKS_SHEET
from xlperf.files.examples import FOLDER, parse_yaml

EXAMPLES = ROOT / "workbooks" / "examples"
SCHOOL_FILE = "博野县教育和体育局_2023.xlsx"
ENGLISH = ("Traceback", "Error", "Errno", "Is a directory", ".xlperf-", ".tmp")


def _inbox(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True)
    for name in names or (SCHOOL_FILE,):
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


def _review(capsys, *argv: str) -> tuple[int, str]:
    code = main(["review", *argv, "--jobs", "1"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _chinese_only(text: str) -> None:
    for word in ENGLISH:
        assert word not in text, text


def _child(*argv: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The command in its own process: a hang is a failed test, not a stuck test run."""
    return subprocess.run([sys.executable, "-m", "xlperf", *argv], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)


@pytest.fixture
def reviewed(tmp_path, capsys) -> tuple[Path, Path]:
    inbox, out = _inbox(tmp_path / "收件"), tmp_path / "审核"
    assert _review(capsys, str(inbox), "-o", str(out))[0] == 0
    return inbox, out


def _set_record(book: Path, column: int, value: object) -> None:
    wb = openpyxl.load_workbook(book)
    ws = wb[ROUNDS_SHEET]
    for r in range(3, ws.max_row + 1):
        ws.cell(r, column).value = value
    wb.save(book)


# --------------------------------------------------------------------------- item 6
@pytest.mark.parametrize("number", ["inf", "1e999", 1e300, -3, 2.5])
def test_a_bad_round_number_is_ignored_with_a_reason(reviewed, capsys, number):
    inbox, out = reviewed
    _set_record(out / "审核汇总.xlsx", 2, number)
    code, said = _review(capsys, str(inbox), "-o", str(out))
    assert code == 0, said
    assert "审核记录表中有 1 行无法使用" in said
    _chinese_only(said)
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["第1轮"]


# --------------------------------------------------------------------------- item 11
def test_a_review_book_inflating_past_its_limit_is_refused_and_kept(reviewed, capsys):
    inbox, out = reviewed
    book = out / "审核汇总.xlsx"
    bomb = inflated_records(book.read_bytes(), ROUNDS_SHEET, 200)
    book.write_bytes(bomb)
    code, said = _review(capsys, str(inbox), "-o", str(out))
    assert code == 2 and "无法读取已有的审核汇总" in said and "上限" in said, said
    _chinese_only(said)
    assert book.read_bytes() == bomb


# --------------------------------------------------------------------------- items 7, 18
@pytest.mark.parametrize("letter_is", ["pipe", "link to /dev/zero"])
def test_special_files_in_place_of_letters_are_left_alone_with_a_reason(reviewed, letter_is):
    # Never --force with a link to a real device: a version without the check would replace
    # /dev/zero itself when run as root.
    inbox, out = reviewed
    letter = next((out / "第1轮").glob("*_审核意见书.docx"))
    letter.unlink()
    if letter_is == "pipe":
        os.mkfifo(letter)
    else:
        letter.symlink_to("/dev/zero")
    done = _child("review", str(inbox), "-o", str(out), "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert f"{letter}：不是普通文件，未覆盖意见书" in done.stderr
    _chinese_only(done.stdout + done.stderr)
    assert letter.is_fifo() or letter.is_symlink()


def test_a_pipe_in_place_of_an_annotated_workbook_is_left_alone_with_force(reviewed):
    inbox, out = reviewed
    workbook = next((out / "第1轮").glob("*_校验.xlsx"))
    workbook.unlink()
    os.mkfifo(workbook)
    done = _child("review", str(inbox), "-o", str(out), "--jobs", "1", "--force")
    assert done.returncode == 0, done.stderr
    assert f"{workbook}：不是普通文件，未覆盖标注工作簿" in done.stderr
    assert workbook.is_fifo()


@pytest.mark.parametrize("kind", ["link to a unit's file", "pipe", "link to /dev/zero"])
def test_a_review_book_that_is_a_link_or_a_pipe_is_never_written_through(reviewed, kind):
    inbox, out = reviewed
    book = out / "审核汇总.xlsx"
    book.unlink()
    original = inbox / SCHOOL_FILE
    before = original.read_bytes()
    if kind == "pipe":
        os.mkfifo(book)
    else:
        book.symlink_to(original if kind.endswith("file") else Path("/dev/zero"))
    force = ["--force"] if kind.endswith("file") else []  # never --force at a real device
    done = _child("review", str(inbox), "-o", str(out), "--jobs", "1", *force, timeout=60)
    assert done.returncode == 2 and "不是审核汇总" in done.stderr, done.stderr
    _chinese_only(done.stderr)
    assert original.read_bytes() == before


def test_a_folder_in_place_of_a_letter_is_named_not_a_temp_file(reviewed, capsys):
    inbox, out = reviewed
    letter = next((out / "第1轮").glob("*_审核意见书.docx"))
    letter.unlink()
    letter.mkdir()
    code, said = _review(capsys, str(inbox), "-o", str(out), "--force")
    assert code == 0 and "不是普通文件" in said
    _chinese_only(said)


def test_a_file_in_place_of_a_round_folder_is_said_plainly(tmp_path, capsys):
    inbox, out = _inbox(tmp_path / "收件"), tmp_path / "审核"
    out.mkdir()
    (out / "第1轮").write_text("x")
    code, said = _review(capsys, str(inbox), "-o", str(out))
    assert code == 2
    assert "第1轮：应是审核目录中存放本轮意见书和标注工作簿的文件夹" in said
    assert "磁盘已满" not in said
    _chinese_only(said)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root writes into a read-only folder")
def test_a_read_only_review_folder_is_named_not_a_temp_file(reviewed, capsys):
    inbox, out = reviewed
    os.chmod(out, 0o555)
    try:
        code, said = _review(capsys, str(inbox), "-o", str(out))
    finally:
        os.chmod(out, 0o755)
    assert code == 2
    _chinese_only(said)


# --------------------------------------------------------------------------- item 8
def _unit_data(name: str, code: str | None) -> dict:
    data = yaml.safe_load((FOLDER / "博野县教育和体育局_2023.yaml").read_text("utf-8"))
    data["info"].update(code=code, name=name)
    for project in data["projects"]:
        project["unit_code"], project["unit_name"] = code, name
    return data


def test_a_very_long_unit_name_gets_short_file_names_and_the_review_goes_on(tmp_path, capsys):
    inbox, out = _inbox(tmp_path / "收件"), tmp_path / "审核"
    long_name = "博野县" + "很长的单位名称" * 12  # 87 characters, 261 bytes
    write_unit(parse_yaml(yaml.safe_dump(_unit_data(long_name, "705001"), allow_unicode=True)),
               inbox / "长名称.xlsx")
    nameless = "无编码单位" * 16 + ".xlsx"  # a 245-byte file name of a unit without 单位编码
    write_unit(parse_yaml(yaml.safe_dump(_unit_data("", None), allow_unicode=True)),
               inbox / nameless)
    code, said = _review(capsys, str(inbox), "-o", str(out))
    assert code == 0, said
    assert (out / "审核汇总.xlsx").is_file()
    names = [p.name for p in (out / "第1轮").iterdir()]
    assert len(names) == 6, names
    assert all(len(n.encode()) <= 255 for n in names)
    assert len({n.rsplit("_", 1)[0] for n in names}) == 3  # each unit's stem is its own


# --------------------------------------------------------------------------- item 10
def test_a_gbk_named_file_is_fingerprinted_and_its_resubmission_opens_round_two(tmp_path,
                                                                               capsys):
    inbox, out = tmp_path / "收件", tmp_path / "审核"
    inbox.mkdir()
    raw = os.fsencode(inbox) + b"/" + "博野县教育局.xlsx".encode("gbk")
    shutil.copy(EXAMPLES / SCHOOL_FILE, raw)
    code, said = _review(capsys, str(inbox), "-o", str(out))
    assert code == 0 and "未能生成标注工作簿" not in said, said
    records = list(openpyxl.load_workbook(out / "审核汇总.xlsx")[ROUNDS_SHEET].iter_rows(
        min_row=3, values_only=True))
    assert records[0][3]  # 文件指纹
    with zipfile.ZipFile(os.fsdecode(raw), "a") as z:
        z.comment = b"v2"
    assert _review(capsys, str(inbox), "-o", str(out))[0] == 0
    rows = list(openpyxl.load_workbook(out / "审核汇总.xlsx")[MAIN_SHEET].iter_rows(
        min_row=3, values_only=True))
    assert (rows[0][2], rows[0][3]) == (2, "重新报送")


# --------------------------------------------------------------------------- items 12, 13, 18
def test_special_files_as_the_rubric_are_refused_quickly(tmp_path):
    inbox = _inbox(tmp_path / "收件")
    fifo = tmp_path / "管道.yaml"
    os.mkfifo(fifo)
    for rubric in (fifo, Path("/dev/zero"), Path("/dev/urandom"), tmp_path):
        done = _child("review", str(inbox), "-o", str(tmp_path / "审核"), "--rubric",
                      str(rubric), timeout=60)
        assert done.returncode == 2, (rubric, done.stderr)
        assert "--rubric" in done.stderr and ("文件夹" in done.stderr or "不是普通文件"
                                              in done.stderr), done.stderr
        _chinese_only(done.stderr)
    assert not (tmp_path / "审核").exists()


def test_a_pipe_named_like_the_rubric_beside_the_roster_is_not_skipped_in_silence(tmp_path):
    from xlperf.core.summary.records import RosterEntry
    from xlperf.core.summary.roster import ROSTER_TITLE, roster_table
    from xlperf.files.xlsxstream import write_tables

    inbox = _inbox(tmp_path / "收件")
    roster = tmp_path / "名录" / "单位名录.xlsx"
    roster.parent.mkdir()
    write_tables([roster_table([RosterEntry("704001")], 0)], roster, title=ROSTER_TITLE)
    os.mkfifo(roster.with_name("审核规则.yaml"))
    done = _child("review", str(inbox), "-o", str(tmp_path / "审核"), "--roster", str(roster),
                  timeout=60)
    assert done.returncode == 2 and "不是普通文件" in done.stderr, done.stderr
    _chinese_only(done.stderr)


BOMBS = {
    "billion laughs": "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
        for i in range(8)) + "维度: {完整性: {差: {错误: *i}}}\n",  # 9⁹ x when printed
    "deep nesting": "维度: " + "[" * 5000 + "]" * 5000 + "\n",
    "a huge 不计入": "维度: {完整性: {差: {错误: 1}}}\n不计入: [" + "S009, " * 60_000 + "]\n",
    "a wide list": "维度: {完整性: {差: {错误: 1}}}\n不计入: ["
                   + ", ".join(["S9"] * 30_000) + "]\n",
}


@pytest.mark.parametrize("text", BOMBS.values(), ids=BOMBS.keys())
def test_yaml_bombs_in_the_rubric_are_refused_without_expanding_them(tmp_path, capsys, text):
    inbox = _inbox(tmp_path / "收件")
    rubric = tmp_path / "审核规则.yaml"
    rubric.write_text(text, "utf-8")
    code, said = _review(capsys, str(inbox), "-o", str(tmp_path / "审核"), "--rubric",
                         str(rubric))
    assert code == 2, said
    assert "审核规则" in said and len(said) < 400, said[:400]
    _chinese_only(said)


@pytest.mark.parametrize("jobs", ["0", "-3", "x"])
def test_review_jobs_must_be_a_positive_whole_number(tmp_path, capsys, jobs):
    inbox = _inbox(tmp_path / "收件")
    with pytest.raises(SystemExit) as exited:
        main(["review", str(inbox), "-o", str(tmp_path / "审核"), "--jobs", jobs])
    assert exited.value.code == 2
    assert "--jobs" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["the inbox", "its parent"])
def test_the_inbox_as_the_review_folder_is_refused(tmp_path, capsys, where):
    inbox = _inbox(tmp_path / "收件")
    out = inbox if where == "the inbox" else tmp_path
    code, said = _review(capsys, str(inbox), "-o", str(out))
    assert code == 2 and "审核目录不能是收件文件夹" in said, said
    assert not (out / "审核汇总.xlsx").exists()


# --------------------------------------------------------------------------- item 17
def test_rubric_writes_only_a_regular_yaml_file(tmp_path, capsys):
    unit = tmp_path / "单位.xlsx"
    shutil.copy(EXAMPLES / SCHOOL_FILE, unit)
    before = unit.read_bytes()
    with pytest.raises(SystemExit) as exited:
        main(["rubric", "-o", str(unit), "--force"])
    assert exited.value.code == 2 and ".yaml" in capsys.readouterr().err
    assert unit.read_bytes() == before
    # A device node of our own (/dev/null's numbers), never a real one: a version without the
    # check, run as root with --force, would replace it with a regular file.
    device = tmp_path / "设备.yaml"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError:
        device.mkdir()
    link = tmp_path / "链接.yaml"
    link.symlink_to(device)
    fifo = tmp_path / "管道.yaml"
    os.mkfifo(fifo)
    for target in (device, link, fifo, tmp_path / "文件夹.yaml"):
        if target.name == "文件夹.yaml":
            target.mkdir()
        assert main(["rubric", "-o", str(target), "--force"]) == 2
        assert "不是普通文件" in capsys.readouterr().err
    assert not device.is_file() and link.is_symlink() and fifo.is_fifo()


# --------------------------------------------------------------------------- item 16
def test_a_sheet_named_like_a_formula_stays_text_in_the_marks(tmp_path, capsys):
    book = tmp_path / "单位.xlsx"
    wb = openpyxl.load_workbook(EXAMPLES / SCHOOL_FILE)
    project = wb["项目3"]  # a table with findings
    name = '=HYPERLINK("e","x")'
    project.title = name
    wb.save(book)
    out = tmp_path / "标注.xlsx"
    main(["check", "--annotate", str(book), "-o", str(out)])
    capsys.readouterr()
    marks = openpyxl.load_workbook(out)[MARKS_SHEET]
    cells = [c for row in marks.iter_rows(min_row=2) for c in row[:1]]
    assert any(c.value == name for c in cells), [c.value for c in cells][:5]
    assert all(c.data_type == "s" for c in cells)
