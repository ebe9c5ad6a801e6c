"""County consolidation: a generated county in, a summary workbook out, compared with the truth."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from helpers import ROOT

from xlperf.app.actions.county import consolidate, write_roster
from xlperf.app.cli import main
from xlperf.core.summary.records import RosterEntry, Status, UnitRecord, result_line, summarize
from xlperf.core.summary.tables import Kind, summary_tables
from xlperf.errors import OutputFileError
from xlperf.files import xlsxstream
from xlperf.files.rosterfile import read_roster

sys.path.insert(0, str(ROOT / "bench"))
from make_county import County, make_county  # noqa: E402
from make_county import write_roster as write_test_roster  # noqa: E402

# Enough for every kind of input make_county plants (a broken file, an older duplicate, text
# that looks like a formula, files in a subfolder, a unit outside the roster); size is
# measured by bench/, not here.
UNITS = 12


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> tuple[County, Path]:
    base = tmp_path_factory.mktemp("county")
    made = make_county(base / "收件", UNITS, seed=11, jobs=2)
    roster = base / "单位名录.xlsx"
    write_test_roster(made, roster)
    return made, roster


@pytest.fixture(scope="module")
def summary_file(county, tmp_path_factory) -> Path:
    made, roster = county
    output = tmp_path_factory.mktemp("out") / "汇总.xlsx"
    consolidate([Path(made.folder)], output, roster=roster, jobs=2)
    return output


def _sheet(path: Path, name: str) -> list[tuple]:
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb[name].iter_rows(values_only=True))
    wb.close()
    return rows


def _money(value) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.01"))


def _digest(folder: Path) -> dict[str, tuple[str, float]]:
    return {str(p): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime)
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- the county
def test_totals_equal_the_sum_of_the_units_to_the_cent(county, summary_file):
    made, _ = county
    overview = {r[0]: r[1] for r in _sheet(summary_file, "汇总说明")[2:]}
    assert _money(overview["预算数合计（万元）"]) == Decimal(made.budget)
    assert _money(overview["其中：财政资金（万元）"]) == Decimal(made.fiscal)
    assert _money(overview["其他资金（万元）"]) == Decimal(made.other)
    assert overview["汇总的单位数"] == UNITS
    assert overview["已报送单位数"] + overview["名录外单位数"] == UNITS  # make_county: one outside
    assert overview["项目数"] == made.projects
    assert overview["绩效指标数"] == made.indicators
    units = _sheet(summary_file, "单位汇总")
    total = units[-1]
    assert total[0] == "合计"
    assert _money(total[3]) == Decimal(made.budget)
    received = [r for r in units[2:-1] if r[10] != Status.MISSING]
    assert sum(_money(r[3]) for r in received) == Decimal(made.budget)
    assert len(received) == UNITS


def test_every_project_and_indicator_is_listed(county, summary_file):
    made, _ = county
    projects = _sheet(summary_file, "项目清单")
    assert len(projects) - 3 == made.projects  # title, header, rows, 合计
    total = projects[-1]
    assert total[0] == "合计" and total[3] == f"{made.projects} 个项目"
    assert _money(total[4]) == Decimal(made.budget) and _money(total[5]) == Decimal(made.fiscal)
    assert _money(total[6]) == Decimal(made.other)
    assert total[-5] == made.indicators
    assert len(_sheet(summary_file, "指标明细")) - 2 == made.indicators


def test_submissions_account_for_every_file_and_roster_unit(county, summary_file):
    made, _ = county
    rows = _sheet(summary_file, "报送情况")[2:]
    by_status: dict[str, list[tuple]] = {}
    for row in rows:
        by_status.setdefault(row[2], []).append(row)
    # Files are named relative to the folder they were received in.
    inbox = Path(made.folder)
    assert {inbox / r[3] for r in by_status[Status.UNREADABLE]} == set(map(Path, made.broken))
    assert all(r[5] for r in by_status[Status.UNREADABLE])  # a reason for each
    assert {inbox / r[3] for r in by_status[Status.DUPLICATE]} == set(map(Path, made.duplicates))
    assert sorted(r[0] for r in by_status[Status.MISSING]) == made.roster_only
    assert [r[0] for r in by_status[Status.OUTSIDE]] == made.outside_roster
    used = by_status[Status.RECEIVED] + by_status[Status.OUTSIDE]
    assert len(used) == UNITS
    assert len(rows) == made.files + len(made.roster_only)  # nothing dropped


def test_the_newest_version_of_a_unit_is_used(county, summary_file):
    made, _ = county
    old = Path(made.duplicates[0])
    code = old.name.split("_")[0]
    units = {r[0]: r for r in _sheet(summary_file, "单位汇总")[2:-1]}
    used = Path(made.folder) / units[code][11]
    assert used != old and used.stat().st_mtime > old.stat().st_mtime


def test_formula_like_text_stays_text(county, summary_file):
    made, _ = county
    wb = openpyxl.load_workbook(summary_file)
    cells = [c for row in wb["项目清单"].iter_rows() for c in row
             if c.value in made.formula_like.values()]
    assert len(cells) == len(made.formula_like) > 0
    assert all(c.data_type == "s" for c in cells)


def test_inputs_are_never_modified(county, tmp_path):
    made, roster = county
    before = _digest(Path(made.folder))
    consolidate([Path(made.folder)], tmp_path / "汇总.xlsx", roster=roster, jobs=1)
    assert _digest(Path(made.folder)) == before


def test_a_rerun_gives_the_same_workbook(county, summary_file, tmp_path):
    made, roster = county
    again = tmp_path / "again.xlsx"
    consolidate([Path(made.folder)], again, roster=roster, jobs=1)  # other process count too
    with zipfile.ZipFile(summary_file) as a, zipfile.ZipFile(again) as b:
        names = [n for n in a.namelist() if n != "docProps/core.xml"]
        assert names == [n for n in b.namelist() if n != "docProps/core.xml"]
        for name in names:
            assert a.read(name) == b.read(name), name


def test_an_interrupted_write_keeps_the_old_summary(county, summary_file, tmp_path, monkeypatch):
    made, roster = county
    output = tmp_path / "汇总.xlsx"
    output.write_bytes(summary_file.read_bytes())
    calls = iter(range(10_000))

    def failing_row(*args, **kwargs):
        if next(calls) == 50:
            raise KeyboardInterrupt
        return real_row(*args, **kwargs)

    real_row = xlsxstream._row
    monkeypatch.setattr(xlsxstream, "_row", failing_row)
    with pytest.raises(KeyboardInterrupt):
        consolidate([Path(made.folder)], output, roster=roster, jobs=1)
    assert output.read_bytes() == summary_file.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["汇总.xlsx"]  # no temp file left


def test_a_foreign_output_file_is_not_overwritten(county, tmp_path):
    made, _ = county
    precious = tmp_path / "预算.xlsx"
    precious.write_bytes(sorted(Path(made.folder).rglob("8*.xlsx"))[0].read_bytes())
    before = precious.read_bytes()
    with pytest.raises(OutputFileError, match="--force"):
        consolidate([Path(made.folder)], precious)
    assert precious.read_bytes() == before


def test_a_workbook_of_another_year_is_listed_and_not_summed(tmp_path):
    from xlperf.app.actions.unit import write_unit
    from xlperf.files.examples import load_example

    inbox = tmp_path / "收件"
    inbox.mkdir()
    books = [load_example("博野县总工会_2023"), load_example("博野县卫生健康局_2023")]
    late = load_example("博野县教育和体育局_2023")
    late = late.model_copy(update={"info": late.info.model_copy(update={"year": 2024})})
    for n, book in enumerate([*books, late]):
        write_unit(book, inbox / f"{n}.xlsx")
    result = consolidate([inbox], tmp_path / "汇总.xlsx")
    expected = sum(p.budget for b in books for p in b.projects)
    overview = {r[0]: r[1] for r in _sheet(tmp_path / "汇总.xlsx", "汇总说明")[2:]}
    assert _money(overview["预算数合计（万元）"]) == expected
    assert overview["其他年度文件数（未计入）"] == 1
    assert overview["预算年度"].startswith("2023（另有 1 个其他年度的文件未计入合计")
    rows = _sheet(tmp_path / "汇总.xlsx", "报送情况")[2:]
    assert [(r[0], r[2], r[5]) for r in rows if r[2] == Status.OTHER_YEAR] == [
        (late.info.code, Status.OTHER_YEAR, "预算年度为 2024 年，本汇总为 2023 年")]
    assert "其他年度（未计入） 1 个" in result_line(result.summary, result.files)


def test_the_printed_sheets_keep_codes_and_headers_on_one_line():
    from xlperf.core.summary.records import Summary
    from xlperf.files.xlsxstream import _lines

    tables = summary_tables(Summary([], [], None, None, None, None))
    for table in tables:
        for column in table.columns:
            assert _lines(column.header, column.width) == 1, (table.name, column.header)
            if column.header == "项目编码":  # 21 characters, never wrapped
                assert column.kind == Kind.TEXT and column.width >= 22


# --------------------------------------------------------------------------- the pure core
def _record(path: str, mtime: float, code: str | None, budget: str,
            year: int | None = 2023) -> UnitRecord:
    from xlperf.core.summary.records import ProjectRow

    project = ProjectRow("项目1", "P1", "项目", Decimal(budget), Decimal(budget), Decimal(0),
                         None, (), "", 0, 0, 0)
    return UnitRecord(path, mtime, code, f"单位{code}", year, "博野县财政局", [project])


def test_summarize_uses_the_newest_version_and_adds_exactly():
    records = [
        _record("b/新.xlsx", 200.0, "1", "0.10"),
        _record("a/旧.xlsx", 100.0, "1", "999"),
        _record("c.xlsx", 50.0, "2", "0.20"),
        UnitRecord("坏.xlsx", 10.0, unreadable="不是工作簿"),
    ]
    summary = summarize(records, [RosterEntry("1"), RosterEntry("2"), RosterEntry("3")])
    assert summary.totals[0] == Decimal("0.30")  # not 0.30000000000000004, not 999.1
    assert [u.path for u in summary.units] == ["b/新.xlsx", "c.xlsx"]
    statuses = {(s.path, s.status) for s in summary.submissions}
    assert statuses == {("b/新.xlsx", Status.RECEIVED), ("a/旧.xlsx", Status.DUPLICATE),
                        ("c.xlsx", Status.RECEIVED), (None, Status.MISSING),
                        ("坏.xlsx", Status.UNREADABLE)}
    assert summary.county == "博野县" and summary.year == 2023


def test_a_unit_of_another_year_is_listed_but_kept_out_of_the_totals():
    records = [
        _record("1.xlsx", 10.0, "1", "1.00"),
        _record("2.xlsx", 10.0, "2", "2.00"),
        _record("1新.xlsx", 50.0, "1", "40.00", year=2024),  # newer, but for next year
        _record("3.xlsx", 10.0, "3", "300.00", year=2024),
        _record("4.xlsx", 10.0, "4", "0.04", year=None),  # no year on its cover: counted
        _record("5.xlsx", 10.0, "5", "5.00"),
    ]
    summary = summarize(records, [RosterEntry(c) for c in "12345"])
    assert summary.year == 2023  # three files of 2023, two of 2024
    assert summary.totals[0] == Decimal("8.04")  # 1 + 2 + 0.04 + 5: nothing of 2024
    by_path = {s.path: (s.status, s.note) for s in summary.submissions}
    assert by_path["1新.xlsx"] == (Status.OTHER_YEAR, "预算年度为 2024 年，本汇总为 2023 年")
    assert by_path["3.xlsx"][0] == Status.OTHER_YEAR
    assert by_path["1.xlsx"] == (Status.RECEIVED, "")  # its 2024 file is no second version
    assert by_path["4.xlsx"] == (Status.RECEIVED, "封面未填预算年度，按本汇总年度计入")
    missing = [s.code for s in summary.submissions if s.status == Status.MISSING]
    assert missing == ["3"]  # it sent only next year's table
    asked = summarize(records, year=2024)
    assert asked.year == 2024 and asked.totals[0] == Decimal("340.04")


def test_the_usual_year_is_the_summary_year():
    records = [_record(f"{n}.xlsx", 1.0, str(n), "1", year=2023 if n < 3 else 2024)
               for n in range(5)]
    assert summarize(records).year == 2023
    assert summarize(records[1:]).year == 2024  # 2 and 2 files: the later year


def test_a_missing_unit_shows_its_department_with_a_label():
    summary = summarize([], [RosterEntry("9", "某单位", "县政府")])
    assert [(s.status, s.note) for s in summary.submissions] == [
        (Status.MISSING, "主管部门：县政府")]


def test_summarize_breaks_a_time_tie_by_path_whatever_the_input_order():
    one, two = _record("x/1.xlsx", 5.0, "9", "1"), _record("x/2.xlsx", 5.0, "9", "2")
    assert summarize([one, two]).units[0].path == summarize([two, one]).units[0].path == "x/2.xlsx"


# --------------------------------------------------------------------------- CLI and roster
def test_cli_exit_codes_and_one_line_result(county, tmp_path, capsys):
    made, roster = county
    output = tmp_path / "汇总.xlsx"
    assert main(["consolidate", made.folder, "-o", str(output), "--roster", str(roster)]) == 1
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"已汇总 {UNITS} 个单位") and str(output) in line
    assert main(["consolidate", made.folder, "-o", str(output), "--allow-errors"]) == 0
    with pytest.raises(SystemExit) as refused:  # before any work: a usage error
        main(["consolidate", str(tmp_path / "无此文件夹"), "-o", str(output)])
    assert refused.value.code == 2
    assert "文件或文件夹不存在" in capsys.readouterr().err


def test_roster_round_trip(county, tmp_path):
    made, _ = county
    blank = tmp_path / "空名录.xlsx"
    assert write_roster(blank) == 0
    assert read_roster(blank) == []
    filled = tmp_path / "名录.xlsx"
    assert write_roster(filled, [Path(made.folder)]) == UNITS
    assert sorted(e.code for e in read_roster(filled)) == sorted(made.codes)
    with pytest.raises(OutputFileError):
        write_roster(filled)


def test_a_roster_lists_every_unit_found_whatever_its_year(tmp_path):
    from xlperf.app.actions.unit import write_unit
    from xlperf.files.examples import load_example

    inbox = tmp_path / "收件"
    inbox.mkdir()
    books = [load_example("博野县总工会_2023"), load_example("博野县卫生健康局_2023")]
    books[1] = books[1].model_copy(update={"info": books[1].info.model_copy(update={"year": 2024})})
    for n, book in enumerate(books):
        write_unit(book, inbox / f"{n}.xlsx")
    assert write_roster(tmp_path / "名录.xlsx", [inbox]) == 2
    assert [(e.code, e.name) for e in read_roster(tmp_path / "名录.xlsx")] == sorted(
        (b.info.code, b.info.name) for b in books)


def test_generated_files_in_the_folder_are_not_taken_for_units(county, tmp_path):
    made, roster = county
    folder = tmp_path / "收件"
    folder.mkdir()
    for path in sorted((Path(made.folder) / "收件箱").glob("8*.xlsx"))[:2]:
        (folder / path.name).write_bytes(path.read_bytes())
    write_roster(folder / "名录.xlsx")
    consolidate([folder], folder / "汇总.xlsx")
    (folder / "汇总.xlsx").rename(folder / "去年的表.xlsx")  # known by its properties, not its name
    result = consolidate([folder], folder / "汇总2.xlsx")  # the first summary lies there too
    rows = [(s.status, Path(s.path or "").name, s.note) for s in result.summary.submissions]
    assert [r[0] for r in rows] == [Status.RECEIVED] * 2 + [Status.SKIPPED] * 2
    assert {r[1:] for r in rows[2:]} == {
        ("去年的表.xlsx", "这是 xlperf 生成的全县汇总表，不是单位工作簿"),
        ("名录.xlsx", "这是 xlperf 生成的单位名录，不是单位工作簿")}


# --------------------------------------------------------------------------- LibreOffice
@pytest.mark.soffice
def test_libreoffice_reads_the_summary_as_written(county, summary_file, libreoffice, tmp_path):
    made, _ = county
    rows = _sheet(summary_file, "项目清单")
    queries = [{"q": "sheets"}]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value in made.formula_like.values():
                queries.append({"q": "cell", "sheet": "项目清单",
                                "cell": f"{openpyxl.utils.get_column_letter(c)}{r}"})
    answers = libreoffice.job({"input": str(summary_file), "queries": queries}, tmp_path)
    assert answers[0] == ["汇总说明", "单位汇总", "项目清单", "指标明细", "校验问题", "报送情况"]
    assert len(answers) > 1
    for cell in answers[1:]:
        assert cell["type"] == "TEXT" and cell["string"] in made.formula_like.values()


@pytest.mark.soffice
def test_summary_renders_to_pdf(summary_file, libreoffice, tmp_path):
    pdf = libreoffice.convert(summary_file, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "博野县2023年部门预算绩效目标汇总说明" in text
    assert "第 1 页，共" in text
    assert "报送情况" in text and "无法读取" in text
