"""The reviewer's typing is never lost: every order of type → resubmit → rerun, structure edits.

Two example units (教育和体育局 suggested 中, 卫生健康局 优). A reviewer types into 审核汇总.xlsx
with openpyxl, as into Excel; a unit "resubmits" by changing its file's bytes (a zip comment:
the same tables, a new fingerprint, so a new round). After every step the reviewer's text is
looked for where it must be: on the unit's row (审核意见, or 上轮审核意见 once a new round has
opened), in the hidden 审核记录 of the round it was typed for, or in the visible
“未能对应的审核意见” sheet when no unit's row can take it.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers import ROOT

from xlperf.app.actions.review import review
from xlperf.app.cli import main
from xlperf.core.review.sheets import MAIN_SHEET, ROUNDS_SHEET, UNMATCHED_SHEET
from xlperf.files.returnpack import file_digest

EXAMPLES = ROOT / "workbooks" / "examples"
SCHOOL, HEALTH = "704001", "733001"
SCHOOL_FILE, HEALTH_FILE = "博野县教育和体育局_2023.xlsx", "博野县卫生健康局_2023.xlsx"
DAY = dt.date(2024, 11, 20)
BACKUP = re.compile(r"审核汇总\.备份-\d{8}-\d{6}(-\d+)?\.xlsx")


def _inbox(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in (SCHOOL_FILE, HEALTH_FILE):
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


def _resubmit(inbox: Path, name: str = SCHOOL_FILE, tag: str = "v2") -> None:
    """The unit sends a changed file: the same tables, other bytes."""
    with zipfile.ZipFile(inbox / name, "a") as z:
        z.comment = tag.encode()


def _sheet_rows(book: Path, sheet: str, header_row: int = 2) -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(book, read_only=True)
    values = list(wb[sheet].iter_rows(values_only=True))
    wb.close()
    header = values[header_row - 1]
    return [dict(zip(header, row, strict=False)) for row in values[header_row:] if any(row)]


def _main(book: Path) -> dict[str, dict[str, object]]:
    return {r["单位编码"]: r for r in _sheet_rows(book, MAIN_SHEET)}


def _records(book: Path) -> dict[tuple[str, int], dict[str, object]]:
    return {(r["单位"], r["轮次"]): r for r in _sheet_rows(book, ROUNDS_SHEET)}


def _type(book: Path, code: str, **typed: object) -> None:
    wb = openpyxl.load_workbook(book)
    ws = wb[MAIN_SHEET]
    header = {cell.value: cell.column for cell in ws[2]}
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == code)
    for column, value in typed.items():
        ws.cell(row, header[column]).value = value
    wb.save(book)


def _run(inbox: Path, out: Path, **kw: object):
    return review([inbox], out, today=DAY, jobs=1, **kw)


# --------------------------------------------------------------------------- every order
STEPS = {
    "type → resubmit → rerun": ["type", "resubmit", "rerun"],
    "resubmit → type → rerun": ["resubmit", "type", "rerun"],
    "type → rerun → resubmit → rerun": ["type", "rerun", "resubmit", "rerun"],
    "resubmit → rerun → type → rerun": ["resubmit", "rerun", "type", "rerun"],
    "type during a run": ["type during run", "rerun"],
    "resubmit, type during the run": ["resubmit", "type during run", "rerun"],
    "type → resubmit → type during the run → rerun":
        ["type", "resubmit", "type during run", "rerun", "resubmit", "rerun"],
}


@pytest.mark.parametrize("steps", STEPS.values(), ids=STEPS.keys())
def test_every_order_of_typing_resubmitting_and_rerunning_keeps_the_text(tmp_path, steps):
    inbox, out = _inbox(tmp_path / "收件"), tmp_path / "审核"
    book = out / "审核汇总.xlsx"
    _run(inbox, out)
    typed: list[tuple[str, int]] = []  # (opinion, the round it was typed for)
    seen_round = 1  # the round the book's row shows
    submitted_round = 1  # the round the inbox's file will be in at the next run
    for n, step in enumerate(steps):
        opinion = f"意见{n}：请核对项目{n}的预算数。"
        if step == "type":
            _type(book, SCHOOL, 审核结果="差", 审核意见=opinion)
            typed.append((opinion, seen_round))
        elif step == "resubmit":
            _resubmit(inbox, tag=f"v{n}")
            submitted_round = seen_round + 1
        else:
            during = step == "type during run"
            fired: list[int] = []

            def type_now(_: int, opinion: str = opinion, during: bool = during,
                         fired: list[int] = fired) -> None:
                if during and not fired:  # the reviewer saves while the files are read
                    fired.append(1)
                    _type(book, SCHOOL, 审核结果="差", 审核意见=opinion)

            if during:
                typed.append((opinion, seen_round))
            done = _run(inbox, out, advance=type_now)
            assert fired or not during
            seen_round = submitted_round
            if during:
                assert any("运行期间" in note for note in done.notes), done.notes
        # after every run: the last text typed for each round is in that round's record …
        if step not in ("type", "resubmit"):
            records = _records(book)
            latest = {number: text for text, number in typed}
            for number, text in latest.items():
                assert records[(SCHOOL, number)]["审核意见"] == text, (step, number, records)
        # … and the last one shows on the row, as this round's or as last round's opinion
        row = _main(book)[SCHOOL]
        if typed and row["轮次"] - typed[-1][1] <= 1:
            text, number = typed[-1]
            shown = row["审核意见"] if row["轮次"] == number else row["上轮审核意见"]
            assert shown == text, (step, row)
            assert (row["审核结果"] if row["轮次"] == number else row["上轮审核结果"]) == "差"


# --------------------------------------------------------------------------- structure edits
@pytest.fixture(scope="module")
def typed_book(tmp_path_factory) -> Path:
    """Round one, then the reviewer's typing on both units (the state every edit starts from)."""
    base = tmp_path_factory.mktemp("typed")
    inbox, out = _inbox(base / "收件"), base / "审核"
    _run(inbox, out)
    _type(out / "审核汇总.xlsx", SCHOOL, 审核结果="差", 审核意见="请重写全部指标。")
    _type(out / "审核汇总.xlsx", HEALTH, 审核结果="良", 审核意见="请补充验收标准。")
    _run(inbox, out)  # recorded in 审核记录 as well
    return base


def _copy(typed_book: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    shutil.copytree(typed_book, tmp_path, dirs_exist_ok=True)
    return tmp_path / "收件", tmp_path / "审核", tmp_path / "审核" / "审核汇总.xlsx"


def _edit(book: Path, change) -> None:
    wb = openpyxl.load_workbook(book)
    change(wb[MAIN_SHEET])
    wb.save(book)


def _column(ws, header: str) -> int:
    return next(c.column for c in ws[2] if c.value == header)


def _kept(book: Path) -> None:
    rows = _main(book)
    assert (rows[SCHOOL]["审核结果"], rows[SCHOOL]["审核意见"]) == ("差", "请重写全部指标。")
    assert (rows[HEALTH]["审核结果"], rows[HEALTH]["审核意见"]) == ("良", "请补充验收标准。")


def _unmatched(book: Path) -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(book, read_only=True)
    names, states = wb.sheetnames, {ws.title: ws.sheet_state for ws in wb.worksheets}
    wb.close()
    if UNMATCHED_SHEET not in names:
        return []
    assert states[UNMATCHED_SHEET] == "visible"
    return _sheet_rows(book, UNMATCHED_SHEET)


def test_a_renamed_opinion_column_keeps_the_opinions_and_lists_the_new_text(typed_book,
                                                                         tmp_path):
    inbox, out, book = _copy(typed_book, tmp_path)

    def rename(ws):
        column = _column(ws, "审核意见")
        ws.cell(2, column).value = "意见（张三）"
        ws.cell(3 if ws.cell(3, 1).value == SCHOOL else 4, column).value = "改为：请补充依据。"

    _edit(book, rename)
    done = _run(inbox, out)
    _kept(book)
    assert any("审核意见" in n and "未能对应" in n for n in done.notes), done.notes
    assert [(r["单位编码"], r["列"], r["内容"]) for r in _unmatched(book)] == [
        (SCHOOL, "意见（张三）", "改为：请补充依据。")]


def test_a_deleted_result_column_keeps_results_and_letters(typed_book, tmp_path):
    inbox, out, book = _copy(typed_book, tmp_path)
    letters = sorted((out / "第1轮").glob("*.docx"))
    assert len(letters) == 2
    _edit(book, lambda ws: ws.delete_cols(_column(ws, "审核结果")))
    done = _run(inbox, out)
    _kept(book)
    assert done.package.removed == 0
    assert sorted((out / "第1轮").glob("*.docx")) == letters
    assert any("审核结果" in n for n in done.notes), done.notes


@pytest.mark.parametrize("edit", ["rows inserted above", "sheet renamed", "A1:A2 merged"])
def test_moving_the_header_keeps_the_typing(typed_book, tmp_path, edit):
    inbox, out, book = _copy(typed_book, tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb[MAIN_SHEET]
    if edit == "rows inserted above":
        ws.insert_rows(1, 4)
    elif edit == "sheet renamed":
        ws.title = "审核汇总（张三）"
    else:
        ws.merge_cells("A1:A2")
    code_col = 1
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "请重写全部指标。":
                cell.value = "请重写全部指标（已电话沟通）。"
                code_col = row[0].row
    assert code_col > 1
    wb.save(book)
    _run(inbox, out)
    rows = _main(book)
    assert rows[SCHOOL]["审核意见"] == "请重写全部指标（已电话沟通）。"
    assert rows[HEALTH]["审核意见"] == "请补充验收标准。"


def test_a_mistyped_code_and_a_duplicated_row_keep_their_text(typed_book, tmp_path):
    inbox, out, book = _copy(typed_book, tmp_path)

    def mangle(ws):
        opinion = _column(ws, "审核意见")
        for r in range(3, ws.max_row + 1):
            if ws.cell(r, 1).value == SCHOOL:
                ws.cell(r, 1).value = "704OO1"
                ws.cell(r, opinion).value = "编码打错的一行"
            elif ws.cell(r, 1).value == HEALTH:
                copy = ws.max_row + 1
                for c in range(1, ws.max_column + 1):
                    ws.cell(copy, c).value = ws.cell(r, c).value
                ws.cell(copy, opinion).value = "复制的一行：请补充验收标准和依据。"
        ws.cell(ws.max_row + 1, 1).value = "999999"
        ws.cell(ws.max_row, opinion).value = "没有这个单位"

    _edit(book, mangle)
    done = _run(inbox, out)
    rows = _main(book)
    # 教育和体育局 keeps what was recorded; the new text is listed, nothing is lost
    assert rows[SCHOOL]["审核意见"] == "请重写全部指标。"
    # the copy that was typed into wins; the untouched original needs no listing
    assert rows[HEALTH]["审核意见"] == "复制的一行：请补充验收标准和依据。"
    listed = {(r["单位编码"], r["内容"]) for r in _unmatched(book)}
    assert listed == {("704OO1", "编码打错的一行"), ("704OO1", "差"), ("999999", "没有这个单位")}
    assert any(UNMATCHED_SHEET in n for n in done.notes), done.notes
    # the listed text stays listed on the next run
    _run(inbox, out)
    assert {(r["单位编码"], r["内容"]) for r in _unmatched(book)} == listed


# --------------------------------------------------------------------------- backups
def test_every_rewriting_run_leaves_a_dated_backup_and_keeps_the_last_few(typed_book, tmp_path):
    inbox, out, book = _copy(typed_book, tmp_path)
    for old in out.glob("审核汇总.备份-*"):
        old.unlink()
    before = book.read_bytes()
    done = _run(inbox, out)
    backups = sorted(p for p in out.iterdir() if BACKUP.fullmatch(p.name))
    assert [b.read_bytes() for b in backups] == [before]
    assert any(str(backups[0]) in n for n in done.notes), done.notes
    for _ in range(7):
        _run(inbox, out)
    assert len([p for p in out.iterdir() if BACKUP.fullmatch(p.name)]) == 5


def test_force_on_an_unreadable_book_keeps_a_backup_and_says_so(typed_book, tmp_path, capsys):
    inbox, out, book = _copy(typed_book, tmp_path)
    for old in out.glob("审核汇总.备份-*"):
        old.unlink()
    truncated = book.read_bytes()[: book.stat().st_size // 2]
    book.write_bytes(truncated)
    assert main(["review", str(inbox), "-o", str(out), "--jobs", "1", "--force"]) == 0
    err = capsys.readouterr().err
    backups = [p for p in out.iterdir() if BACKUP.fullmatch(p.name)]
    assert [b.read_bytes() for b in backups] == [truncated]
    assert str(backups[0]) in err and "无法读取" in err


# --------------------------------------------------------------------------- path traversal
@pytest.mark.parametrize("where", ["relative", "absolute"])
def test_the_hidden_record_cannot_make_review_delete_a_file_outside_its_folders(
        typed_book, tmp_path, where):
    inbox, out, book = _copy(typed_book, tmp_path)
    original = inbox / SCHOOL_FILE
    before = original.read_bytes()
    wb = openpyxl.load_workbook(book)
    ws = wb[ROUNDS_SHEET]
    for r in range(3, ws.max_row + 1):
        if ws.cell(r, 1).value == SCHOOL:
            ws.cell(r, 12).value = (f"../收件/{SCHOOL_FILE}" if where == "relative"
                                    else str(original))
            ws.cell(r, 13).value = file_digest(original)
    wb.save(book)
    done = _run(inbox, out)
    assert original.read_bytes() == before
    assert done.package.removed == 0
    assert any("未删除" in n for n in done.package.refused), done.package.refused


@pytest.mark.soffice
def test_rows_inserted_and_typing_done_in_libreoffice_are_kept(typed_book, tmp_path,
                                                               libreoffice):
    """The independent client: LibreOffice inserts four rows above the header, the reviewer
    types a new opinion in the moved row, and saves as .xlsx."""
    inbox, out, book = _copy(typed_book, tmp_path)
    row = next(n for n, r in enumerate(_sheet_rows(book, MAIN_SHEET), start=3)
               if r["单位编码"] == SCHOOL)
    wb = openpyxl.load_workbook(book, read_only=True)
    column = next(c.column_letter for c in next(wb[MAIN_SHEET].iter_rows(min_row=2, max_row=2))
                  if c.value == "审核意见")
    wb.close()
    saved = tmp_path / "lo.xlsx"
    libreoffice.job({"input": str(book), "output": str(saved),
                     "filter": "Calc MS Excel 2007 XML", "ops": [
                         {"op": "insert_rows", "sheet": MAIN_SHEET, "row": 1, "count": 4},
                         {"op": "set", "sheet": MAIN_SHEET, "cell": f"{column}{row + 4}",
                          "text": "在 LibreOffice 中改写的意见。"}]}, tmp_path)
    shutil.copy(saved, book)
    _run(inbox, out)
    rows = _main(book)
    assert rows[SCHOOL]["审核意见"] == "在 LibreOffice 中改写的意见。"
    assert (rows[SCHOOL]["审核结果"], rows[HEALTH]["审核意见"]) == ("差", "请补充验收标准。")
