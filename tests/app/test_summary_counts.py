"""The consolidation's counts add up, its 数据截至 comes from counted files, its roster is a roster.

The property test composes random inboxes from the example workbooks (each read once, for real):
copies under other codes (in and outside the roster, or none), of other years, older and newer
duplicates, unreadable files and files not read, with clashing times. For each, the counts the
summary prints are compared with a count made here from the composition, and with each other.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from helpers import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlperf.app.actions.county import consolidate, write_roster
from xlperf.app.actions.unit import write_unit
from xlperf.app.cli import main
from xlperf.core.summary.records import (
    RosterEntry,
    Status,
    UnitRecord,
    local_time,
    summarize,
)
from xlperf.core.summary.roster import ROSTER_TITLE, roster_table
from xlperf.core.summary.tables import summary_tables
from xlperf.errors import InputFileError
from xlperf.files.batch import read_records
from xlperf.files.examples import load_example
from xlperf.files.rosterfile import read_roster
from xlperf.files.xlsxstream import write_tables

EXAMPLES = sorted((ROOT / "workbooks" / "examples").glob("*.xlsx"))
CODES = ("701", "702", "703", "704", "705")  # the roster draws from these and two absent ones
YEAR = 2023


@pytest.fixture(scope="module")
def examples() -> list[UnitRecord]:
    records = read_records(EXAMPLES, jobs=1)
    assert all(r.unreadable is None and r.skipped is None for r in records)
    return records


# --------------------------------------------------------------------------- the oracle
def _expected(files: list[tuple[str, UnitRecord]], roster: list[str] | None,
              year: int) -> dict[str, int | float | None]:
    """What the summary must say, counted from the composition alone."""
    kinds = Counter(kind for kind, _ in files)
    readable = [r for kind, r in files if kind == "unit"]
    in_year = [r for r in readable if r.year in (None, year)]
    codes = {r.code for r in in_year if r.code}
    listed = set(roster) if roster is not None else None
    return {
        Status.RECEIVED: len(codes & listed) if listed is not None else len(codes),
        Status.OUTSIDE: len(codes - listed) if listed is not None else 0,
        Status.MISSING: len(listed - codes) if listed is not None else 0,
        Status.NO_CODE: sum(not r.code for r in in_year),
        Status.DUPLICATE: sum(bool(r.code) for r in in_year) - len(codes),
        Status.OTHER_YEAR: len(readable) - len(in_year),
        Status.UNREADABLE: kinds["unreadable"],
        Status.SKIPPED: kinds["skipped"],
        # the newest file of each code is the one used: the newest in-year file is counted
        "cutoff": max((r.mtime for r in in_year), default=None),
    }


files_strategy = st.lists(
    st.tuples(
        st.sampled_from(["unit"] * 6 + ["unreadable", "skipped"]),
        st.integers(0, len(EXAMPLES) - 1),  # which example
        st.sampled_from([*CODES, None]),  # its 单位编码 (None: left blank)
        st.sampled_from([YEAR, YEAR, YEAR, 2024, None]),
        st.integers(1, 4),  # modification time (ties happen)
        st.sampled_from(["一次", "二次", "二次/补报"]),  # folder
    ),
    max_size=14,
)
roster_strategy = st.none() | st.lists(st.sampled_from([*CODES, "798", "799"]), unique=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=files_strategy, roster=roster_strategy)
def test_every_count_adds_up_over_random_inboxes(examples, files, roster):
    composed: list[tuple[str, UnitRecord]] = []
    for n, (kind, example, code, year, mtime, folder) in enumerate(files):
        path = f"收件/{folder}/{n}_{Path(examples[example].path).name}"
        mtime = 1_700_000_000.0 + mtime * 3600
        if kind == "unreadable":  # newest of all: must not date the summary
            composed.append((kind, UnitRecord(path, mtime + 86_400, unreadable="文件已损坏")))
        elif kind == "skipped":
            composed.append((kind, UnitRecord(path, mtime + 86_400, skipped="不是工作簿")))
        else:
            composed.append((kind, replace(examples[example], path=path, mtime=mtime,
                                           code=code, year=year)))
    entries = [RosterEntry(c, f"名录单位{c}") for c in roster] if roster is not None else None
    summary = summarize([r for _, r in composed], entries, YEAR)
    want = _expected(composed, roster, YEAR)
    tables = {t.name: t for t in summary_tables(summary)}
    overview = {row[0]: row[1] for row in tables["汇总说明"].rows}
    units = Counter(row[10] for row in tables["单位汇总"].rows)
    listed = Counter(row[2] for row in tables["报送情况"].rows)

    no_roster = "（未提供单位名录）"
    assert overview["已报送单位数"] == want[Status.RECEIVED] == units[Status.RECEIVED]
    assert overview["缺少单位编码的单位数"] == want[Status.NO_CODE] == units[Status.NO_CODE]
    if roster is None:
        assert overview["应报单位数"] == overview["未报送单位数"] == no_roster
        assert overview["名录外单位数"] == no_roster and units[Status.OUTSIDE] == 0
    else:
        assert overview["应报单位数"] == len(roster)
        assert overview["未报送单位数"] == want[Status.MISSING] == units[Status.MISSING]
        assert overview["名录外单位数"] == want[Status.OUTSIDE] == units[Status.OUTSIDE]
        assert overview["应报单位数"] == overview["已报送单位数"] + overview["未报送单位数"]
    summed = want[Status.RECEIVED] + want[Status.OUTSIDE] + want[Status.NO_CODE]
    rows = len(tables["单位汇总"].rows)
    assert overview["汇总的单位数"] == summed == rows - units[Status.MISSING]
    assert tables["单位汇总"].total[1] == f"{summed} 个单位"
    for status, label in ((Status.DUPLICATE, "重复报送（未采用）文件数"),
                          (Status.OTHER_YEAR, "其他年度文件数（未计入）"),
                          (Status.UNREADABLE, "无法读取文件数"),
                          (Status.SKIPPED, "未读取的其他文件数")):
        assert overview[label] == want[status] == listed[status], status
    files_in = sum(kind != "skipped" for kind, _ in composed)
    assert overview["收到的工作簿文件数"] == files_in == summed + sum(
        want[s] for s in (Status.DUPLICATE, Status.OTHER_YEAR, Status.UNREADABLE))
    assert sum(listed.values()) == len(composed) + want[Status.MISSING]  # nothing dropped
    if want["cutoff"] is None:
        assert overview["数据截至"] == "（没有计入汇总的文件）"
    else:
        assert overview["数据截至"].startswith(local_time(want["cutoff"]) + "（")


# --------------------------------------------------------------------------- real files
def _unit(example: str, path: Path, *, code: str | None = "keep", year: int | None = YEAR,
          mtime: float = 1_700_000_000.0) -> Path:
    book = load_example(example)
    info = {"year": year} | ({} if code == "keep" else {"code": code})
    book = book.model_copy(update={"info": book.info.model_copy(update=info)})
    path.parent.mkdir(parents=True, exist_ok=True)
    write_unit(book, path)
    os.utime(path, (mtime, mtime))
    return path


def _overview(path: Path) -> dict[str, object]:
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb["汇总说明"].iter_rows(values_only=True))[2:]
    wb.close()
    return {r[0]: r[1] for r in rows}


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    """Four units (one outside the roster, one without a code), and newer files not counted."""
    inbox = tmp_path_factory.mktemp("counts") / "收件"
    _unit("博野县总工会_2023", inbox / "总工会.xlsx", mtime=1_700_000_000.0)
    _unit("博野县卫生健康局_2023", inbox / "卫生健康局.xlsx", mtime=1_700_100_000.0)
    _unit("博野县农业农村局_2023", inbox / "名录外.xlsx", code="888001", mtime=1_700_000_000.0)
    _unit("博野县教育和体育局_2023", inbox / "无编码.xlsx", code=None, mtime=1_700_000_000.0)
    _unit("博野县教育和体育局_2023", inbox / "明年.xlsx", year=2024, mtime=1_750_000_000.0)
    broken = inbox / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    os.utime(broken, (1_750_000_000.0, 1_750_000_000.0))
    return inbox


def test_the_overview_counts_add_up_with_outside_and_blank_codes_apart(inbox, tmp_path):
    roster = tmp_path / "名录.xlsx"
    codes = ["711001", "733001", "790001", "790002"]  # two of them never send a file
    write_tables([roster_table([RosterEntry(c, f"单位{c}") for c in codes], 0)], roster,
                 title=ROSTER_TITLE)
    consolidate([inbox], tmp_path / "汇总.xlsx", roster=roster, jobs=1)
    overview = _overview(tmp_path / "汇总.xlsx")
    got = {k: overview[k] for k in ("应报单位数", "已报送单位数", "未报送单位数", "名录外单位数",
                                    "缺少单位编码的单位数", "汇总的单位数", "收到的工作簿文件数",
                                    "其他年度文件数（未计入）", "无法读取文件数")}
    assert got == {"应报单位数": 4, "已报送单位数": 2, "未报送单位数": 2, "名录外单位数": 1,
                   "缺少单位编码的单位数": 1, "汇总的单位数": 4, "收到的工作簿文件数": 6,
                   "其他年度文件数（未计入）": 1, "无法读取文件数": 1}


def test_only_counted_files_set_the_cutoff(inbox, tmp_path):
    # 明年.xlsx (another year) and 坏.xlsx (unreadable) are newer than every counted file.
    consolidate([inbox], tmp_path / "汇总.xlsx", jobs=1)
    assert _overview(tmp_path / "汇总.xlsx")["数据截至"] == (
        local_time(1_700_100_000.0) + "（计入汇总的文件中最新的修改时间）")


def test_a_duplicate_with_the_same_name_names_the_folders(tmp_path):
    inbox = tmp_path / "收件"
    name = "博野县总工会_2023.xlsx"
    _unit("博野县总工会_2023", inbox / "一次报送" / name, mtime=1_700_000_000.0)
    _unit("博野县总工会_2023", inbox / "二次报送" / name, mtime=1_700_100_000.0)
    result = consolidate([inbox], None, jobs=1)
    notes = [s.note for s in result.summary.submissions if s.status == Status.DUPLICATE]
    assert notes == [f"已采用“二次报送”文件夹中更新的同名文件 {name}（本文件在“一次报送”文件夹中）"]


def test_a_duplicate_with_another_name_is_named_by_its_name():
    old = UnitRecord("a/旧.xlsx", 1.0, "1", year=YEAR)
    new = UnitRecord("a/新.xlsx", 2.0, "1", year=YEAR)
    notes = [s.note for s in summarize([old, new]).submissions if s.status == Status.DUPLICATE]
    assert notes == ["已采用更新的 新.xlsx"]


# --------------------------------------------------------------------------- the roster
def test_a_unit_workbook_or_a_summary_is_refused_as_the_roster(inbox, tmp_path, capsys):
    summary = tmp_path / "汇总.xlsx"
    consolidate([inbox], summary, jobs=1)
    unit = inbox / "总工会.xlsx"
    out = tmp_path / "汇总2.xlsx"
    for roster, reason in (
            (unit, "这是单位的绩效目标工作簿（工作表“封面”是封面的单位信息），不是单位名录"),
            (summary, "这是 xlperf 生成的全县汇总表，不是单位名录")):
        with pytest.raises(InputFileError) as caught:
            read_roster(roster)
        assert caught.value.reason == reason
        assert main(["consolidate", str(inbox), "-o", str(out), "--roster", str(roster)]) == 2
        assert reason in capsys.readouterr().err
        assert main(["review", str(inbox), "-o", str(tmp_path / "审核"), "--roster",
                     str(roster)]) == 2
        assert reason in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "审核").exists()


def test_a_review_workbook_is_refused_as_the_roster_and_is_not_checked(inbox, tmp_path):
    from xlperf.app.actions.review import review

    review([inbox], tmp_path / "审核", jobs=1, workbooks=False)
    renamed = tmp_path / "名录.xlsx"  # known by its properties, whatever its name
    renamed.write_bytes((tmp_path / "审核" / "审核汇总.xlsx").read_bytes())
    with pytest.raises(InputFileError) as caught:
        read_roster(renamed)
    assert caught.value.reason == "这是 xlperf 生成的审核汇总表，不是单位名录"


def test_a_summary_saved_without_its_properties_is_refused_by_its_content(inbox, tmp_path):
    summary = tmp_path / "汇总.xlsx"
    consolidate([inbox], summary, jobs=1)
    copy = openpyxl.load_workbook(summary)
    copy.properties.creator = copy.properties.title = None  # as if retyped in another program
    copy.save(tmp_path / "名录.xlsx")
    with pytest.raises(InputFileError, match="工作表“单位汇总”A.* 的单位编码“合计”不是单位编码"):
        read_roster(tmp_path / "名录.xlsx")


def test_a_roster_made_by_hand_is_read(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2024年应报送单位"])
    ws.append(["序号", "单位编码", "单位名称", "主管部门"])
    ws.append([1, 711001, "博野县总工会本级", "县总工会"])
    ws.append([2, "733001", "博野县卫生健康局本级", None])
    wb.save(tmp_path / "名录.xlsx")
    assert read_roster(tmp_path / "名录.xlsx") == [
        RosterEntry("711001", "博野县总工会本级", "县总工会"),
        RosterEntry("733001", "博野县卫生健康局本级")]
    assert write_roster(tmp_path / "新名录.xlsx") == 0
    assert read_roster(tmp_path / "新名录.xlsx") == []
