"""The finance bureau's review round: suggested results, the review workbook, the return package.

``review`` reads the same folders as ``consolidate`` (the same submission represents a unit),
compares each unit with what the review workbook remembers, and writes into the review folder:
the annotated workbooks and 审核意见书 of the units returned, each round in its own 第N轮 folder,
then 审核汇总.xlsx. Nothing a reviewer typed is lost, originals are only read, and no file xlperf
did not write (or that was edited since) is replaced without ``force``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import os
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from xlperf.core.review.letter import LetterFacts, letter_blocks, letter_title
from xlperf.core.review.policy import (
    Outcome,
    annotated_path,
    entry_notes,
    letter_outcome,
    letter_path,
    own_letter,
    round_folder,
    unmatched_note,
    wanted,
)
from xlperf.core.review.report import review_lines
from xlperf.core.review.rubric import Rubric
from xlperf.core.review.sheets import REVIEW_BOOK_NAME, UNMATCHED_SHEET, review_tables
from xlperf.core.review.state import (
    Entry,
    Memory,
    Plan,
    Submitted,
    UnitReview,
    merge_late,
    plan_review,
    unit_key,
)
from xlperf.core.summary.records import Status, Summary, summarize
from xlperf.core.summary.tables import Table
from xlperf.errors import OutputFileError, describe
from xlperf.files.batch import read_records
from xlperf.files.discover import find_workbooks
from xlperf.files.fileio import atomic_write, refuse_existing
from xlperf.files.filetype import display_path, is_document
from xlperf.files.letterfile import LetterWriter, write_bytes
from xlperf.files.returnpack import (
    CopyJob,
    annotate_copies,
    digest,
    file_digest,
    parallel_map,
)
from xlperf.files.reviewbook import (
    BACKUPS_KEPT,
    backup_review_book,
    book_stamp,
    read_review_book,
    write_review_book,
)
from xlperf.files.rosterfile import read_roster
from xlperf.files.rubricfile import default_rubric_text, load_rubric, rubric_beside


@dataclass
class ReturnPackage:
    """What happened to the return package's files in this run."""

    written: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    edited: list[Path] = field(default_factory=list)  # letters edited by hand, left alone
    workbooks: int = 0
    workbook_failures: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # files in the way, left alone

    def count(self, outcome: Outcome) -> None:
        """Count a letter written, updated or found unchanged."""
        if outcome is Outcome.WRITTEN:
            self.written += 1
        elif outcome is Outcome.UPDATED:
            self.updated += 1
        elif outcome is Outcome.UNCHANGED:
            self.unchanged += 1


@dataclass
class Reviewed:
    """The outcome of one review run."""

    plan: Plan
    summary: Summary
    rubric: Rubric
    folder: Path
    book: Path
    files: int
    package: ReturnPackage
    tables: list[Table]
    notes: list[str] = field(default_factory=list)


def review(folders: Sequence[Path], output: Path, *, roster: Path | None = None,
           rubric: Path | None = None, all_units: bool = False, force: bool = False,
           jobs: int | None = None, recursive: bool = True, today: dt.date | None = None,
           entries: Memory | None = None, workbooks: bool = True,
           advance: Callable[[int], None] | None = None,
           on_total: Callable[[int, str], None] | None = None) -> Reviewed:
    """Review every unit under ``folders`` into the review folder ``output``.

    Args:
        folders: folders (searched recursively) or single files, as for ``consolidate``.
        output: the review folder: 审核汇总.xlsx and 第1轮/, 第2轮/ … (created if missing).
        roster: the 单位名录, to list units that sent nothing.
        rubric: the county's rubric file; default: 审核规则.yaml beside the roster, else the
            package's.
        all_units: letters and annotated workbooks for 优 units too.
        force: replace files the review folder holds that xlperf did not write, or that were
            edited since (letters); start afresh when 审核汇总.xlsx is not a review workbook
            (a dated backup of it is kept).
        jobs: worker processes (default: one per CPU).
        recursive: also search the folders' subfolders.
        today: the date new rounds open with (default: today).
        entries: what the reviewer typed, overriding the workbook's where a column was read
            (the 审核 button reads them from the open workbook).
        workbooks: also write the annotated workbooks (False: letters only; the benchmark
            times the two apart).
        advance, on_total: progress: ``on_total(count, what)`` starts a stage (the files read
            and checked, then the annotated workbooks written), ``advance(1)`` after each.

    Raises:
        InputFileError: a folder, the roster or the rubric cannot be read.
        RubricError: the rubric is not valid.
        OutputFileError: the review folder or its files cannot (or may not) be written.
    """
    output = Path(output)
    _check_folder(output, folders)
    book = output / REVIEW_BOOK_NAME
    if book.is_symlink() or (os.path.lexists(book) and not book.is_file()):
        raise OutputFileError(f"{book}：是链接、文件夹或特殊文件，不是审核汇总；未读取，也不会覆盖"
                              "（审核只写审核目录中的文件），请移走后重新运行")
    chosen_rubric = load_rubric(rubric or rubric_beside(roster))
    expected = read_roster(roster) if roster else None
    stamp = book_stamp(book)
    memory = read_review_book(book, force=force)
    as_read = dict(memory.entries)
    if entries is not None:
        _typed_here(memory, entries)
    skip = {p.resolve() for p in (roster, rubric) if p}
    files = [p for p in find_workbooks(folders, recursive=recursive)
             if p.resolve() not in skip and not p.resolve().is_relative_to(output.resolve())]
    output.mkdir(exist_ok=True)  # every argument is valid: now the folder may be made
    if not os.access(output, os.W_OK):
        raise OutputFileError(f"{output}：审核目录不能写入（只读或没有权限），未开始审核")
    if on_total:
        on_total(len(files), "读取校验")
    records = read_records(files, jobs=jobs, advance=advance)
    summary = summarize(records, expected)
    # a record names its file as shown (a GBK name decoded): the file itself is found by it
    real = {display_path(str(p)): p for p in reversed(files)}
    submitted = [Submitted(unit_key(u.code, u.path), u.code, u.name, u.path, u.mtime,
                           u.digest, u.findings, str(real.get(u.path, u.path)))
                 for u in summary.units]
    missing = [(s.code or "", s.name or "") for s in summary.submissions
               if s.status == Status.MISSING]
    day = (today or dt.date.today()).isoformat()
    plan = plan_review(memory, submitted, missing, chosen_rubric, day)
    notes = [*memory.notes, *entry_notes(plan)]
    package = ReturnPackage()
    signers = {u.path: u.reviewer for u in summary.units}
    _round_folders(plan, output)
    if workbooks:
        _annotated_workbooks(plan, output, all_units, force, jobs, package, advance, on_total)
    _letters(plan, summary, signers, output, all_units, force, jobs, package)
    notes += _typed_meanwhile(book, stamp, as_read, plan)
    tables = review_tables(plan, summary, chosen_rubric, [str(f) for f in folders])
    with _writing(book):
        backup = backup_review_book(book)
        if backup is not None:
            notes.append(f"改写前的审核汇总已备份为 {backup}（保留最近 {BACKUPS_KEPT} 份）")
        created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        write_review_book(tables, book, created)
    unmatched = unmatched_note(plan, UNMATCHED_SHEET, str(book))
    if unmatched:
        notes.append(unmatched)
    return Reviewed(plan, summary, chosen_rubric, output, book, len(records), package, tables,
                    notes)


def _typed_here(memory: Memory, typed: Memory) -> None:
    """What the open workbook's sheet says wins over the review folder's copy, column by column."""
    for key, entry in typed.entries.items():
        old = memory.entries.get(key)
        memory.entries[key] = entry.over(old) if old is not None else entry
    memory.unmatched += typed.unmatched
    memory.notes += typed.notes


def _typed_meanwhile(book: Path, stamp: object, as_read: dict[str, Entry],
                     plan: Plan) -> list[str]:
    """Read 审核汇总.xlsx again if it was saved during the run: its newer typing wins.

    Raises:
        OutputFileError: it was saved meanwhile and cannot be read now (it is not replaced).
    """
    if book_stamp(book) == stamp:
        return []
    try:
        now = read_review_book(book)
    except OutputFileError as exc:
        raise OutputFileError(f"{book}：审核汇总在本次运行期间被修改，现在无法读取，未覆盖"
                              "（意见书和标注工作簿已写出；请保存并关闭审核汇总后重新运行）"
                              ) from exc
    late = merge_late(plan, as_read, now)
    if not late:
        return []
    return [f"审核汇总在本次运行期间被保存过：已保留其中新填写的 {len(late)} 个单位的审核内容"
            "（其意见书在下次运行时按新内容更新）"]


def result_lines(done: Reviewed) -> list[str]:
    """What a run says when done (the command line prints it, the 审核 button shows it)."""
    p = done.package
    return review_lines(done.plan, done.summary, letters=(p.written, p.updated, p.unchanged,
                                                          p.removed),
                        workbooks=p.workbooks, book=str(done.book), folder=str(done.folder),
                        rubric=done.rubric.source)


def notice_lines(done: Reviewed) -> list[str]:
    """What a run asks the reviewer to look at (the command line prints it to stderr, the 审核
    button shows it after the result)."""
    p = done.package
    lines = [f"{path} 在 xlperf 写出后被修改过，未更新（如需按审核汇总重新生成，请加 --force）"
             for path in p.edited]
    lines += [f"未能生成标注工作簿：{reason}" for reason in p.workbook_failures]
    return [f"提示：{line}" for line in (*lines, *p.refused, *done.notes)]


def write_default_rubric(output: Path, *, force: bool = False) -> Path:
    """Write the default rubric (with its comments) for a county to edit.

    Only a regular ``.yaml``/``.yml`` file is written: never a folder, a device or a pipe (not
    even with ``force``), nor a file of another kind (a unit's workbook).

    Raises:
        OutputFileError: when output exists (without ``force``), is not a regular YAML file,
            or cannot be written.
    """
    output = Path(output)
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise OutputFileError(f"{output}：审核规则文件应以 .yaml 或 .yml 结尾")
    if os.path.lexists(output) and not output.is_file():
        raise OutputFileError(f"{output}：已存在且不是普通文件（文件夹、设备或管道），未写入")
    refuse_existing(output, force)

    def write(tmp: Path) -> None:
        tmp.write_text(default_rubric_text(), "utf-8")

    return atomic_write(output, write)


def _check_folder(output: Path, folders: Sequence[Path]) -> None:
    if output.exists() and not output.is_dir():
        raise OutputFileError(f"{output}：审核目录应是一个文件夹（审核汇总和意见书都写在其中）")
    if not output.parent.is_dir():
        raise OutputFileError(f"{output}：上一级文件夹不存在")
    where = output.resolve()
    for folder in folders:
        if Path(folder).resolve().is_relative_to(where):
            raise OutputFileError(f"{output}：审核目录不能是收件文件夹 {folder}，也不能包含它"
                                  "（审核目录中的文件不作为单位审核）；请另选一个文件夹")


def _round_folders(plan: Plan, output: Path) -> None:
    """Make the rounds' folders; refuse one that is a file or a link (before writing anything).

    Raises:
        OutputFileError: a 第N轮 in the review folder is not a folder of its own.
    """
    where = output.resolve()
    for name in sorted({round_folder(u) for u in plan.units if u.record and u.unit}):
        folder = output / name
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()) or (
                folder.exists() and folder.resolve().parent != where):
            raise OutputFileError(f"{folder}：应是审核目录中存放本轮意见书和标注工作簿的文件夹，"
                                  "现在是文件或链接；请移走或改名后重新运行")


# --------------------------------------------------------------------------- annotated workbooks
def _annotated_workbooks(plan: Plan, output: Path, all_units: bool, force: bool,
                         jobs: int | None, package: ReturnPackage,
                         advance: Callable[[int], None] | None,
                         on_total: Callable[[int, str], None] | None) -> None:
    todo: list[tuple[UnitReview, CopyJob, str]] = []
    for u in plan.units:
        if u.record is None or u.unit is None:
            continue
        source = Path(u.unit.source or u.unit.path)
        # a unit that sent a document gets a workbook made from it
        relative = annotated_path(u, ".xlsx" if is_document(source) else source.suffix)
        target = output / relative
        if target.is_symlink() or (target.exists() and not target.is_file()):
            if wanted(u, all_units):
                package.refused.append(f"{target}：不是普通文件，未覆盖标注工作簿")
        elif target.exists() and not force:
            u.annotated = relative
        elif wanted(u, all_units):
            target.parent.mkdir(exist_ok=True)
            todo.append((u, CopyJob(str(source), str(target), tuple(u.unit.findings)), relative))
    if on_total and todo:
        on_total(len(todo), "标注工作簿")
    failures = annotate_copies([job for _, job, _ in todo], workers=jobs, advance=advance)
    for (u, _, relative), failure in zip(todo, failures, strict=True):
        if failure is None:
            u.annotated = relative
            package.workbooks += 1
        else:
            package.workbook_failures.append(failure)


# --------------------------------------------------------------------------- letters
@dataclass
class _Letters:
    """What the letter workers need: handed to them with the function (see ``parallel_map``)."""

    units: list[UnitReview]
    facts: list[LetterFacts]
    titles: list[str]
    output: Path
    force: bool
    writer: LetterWriter


def _letters(plan: Plan, summary: Summary, signers: Mapping[str, str | None], output: Path,
             all_units: bool, force: bool, jobs: int | None, package: ReturnPackage) -> None:
    """Write each returned unit's letter of this round; retire letters no longer wanted."""
    todo = []
    for u in plan.units:
        record = u.record
        if record is None or u.unit is None:
            continue
        if record.letter and (record.letter != letter_path(u) or not wanted(u, all_units)):
            _retire(output, u, package)
        if wanted(u, all_units):
            todo.append(u)
    county = f"{summary.county}财政局" if summary.county else "财政局"
    facts = [LetterFacts(summary.year, signers.get(u.unit.path) or county,
                         Path(u.annotated).name if u.annotated else None)
             for u in todo if u.unit is not None]
    job = _Letters(todo, facts, [letter_title(summary.year)] * len(todo), output, force,
                   LetterWriter())
    outcomes = parallel_map(functools.partial(_write_letter, job), range(len(todo)),
                            workers=jobs, doing="生成意见书")
    for u, (outcome, fingerprint) in zip(todo, outcomes, strict=True):
        assert u.record is not None
        target = output / letter_path(u)
        if outcome is Outcome.EDITED:
            package.edited.append(target)
        elif outcome is Outcome.REFUSED:
            package.refused.append(f"{target}：不是普通文件，未覆盖意见书")
        else:
            package.count(outcome)
            u.record.letter_sha = fingerprint
        u.record.letter = letter_path(u)


def _write_letter(job: _Letters, index: int) -> tuple[Outcome, str]:
    """In a worker: render one letter and write it unless the file there was edited by hand.

    Returns what happened and the letter's fingerprint.
    """
    u = job.units[index]
    record = u.record
    assert record is not None
    data = job.writer.render(letter_blocks(u, job.facts[index]), title=job.titles[index],
                             subject=f"{u.code or ''} {u.name or ''}".strip(), date=record.date)
    fingerprint = digest(data)
    relative = letter_path(u)
    target = job.output / relative
    exists = os.path.lexists(target)
    if exists and not _regular(target):
        return Outcome.REFUSED, fingerprint
    current = file_digest(target) if exists else ""
    outcome = letter_outcome(exists, current, fingerprint, force=job.force,
                             ours=record.letter == relative and current == record.letter_sha)
    if outcome is Outcome.WRITTEN:
        target.parent.mkdir(exist_ok=True)
    if outcome in (Outcome.WRITTEN, Outcome.UPDATED):
        with _writing(target):
            write_bytes(data, target)
    return outcome, fingerprint


def _retire(output: Path, u: UnitReview, package: ReturnPackage) -> None:
    """A letter no longer wanted (result now 优, or renamed): removed when it is still ours.

    Only a regular file under one of the review folder's own 第N轮 folders, as xlperf wrote
    it, is ever removed: the record's path is refused when it leads anywhere else.
    """
    record = u.record
    assert record is not None
    old = output / record.letter
    if not _own_file(output, record.letter):
        if os.path.lexists(old) or os.path.isabs(record.letter):
            package.refused.append(f"审核记录中的意见书路径“{record.letter}”不是审核目录中"
                                   "第N轮文件夹里的意见书，未删除")
        record.letter = record.letter_sha = ""
        return
    if old.exists() and file_digest(old) != record.letter_sha:
        package.edited.append(old)
        return
    if old.exists():
        old.unlink()
        package.removed += 1
    record.letter = record.letter_sha = ""


def _own_file(output: Path, relative: str) -> bool:
    """Whether ``relative`` is a letter's place in one of the review folder's 第N轮 folders."""
    if not own_letter(relative):
        return False
    path = output / relative
    if path.parent.is_symlink() or (os.path.lexists(path) and not _regular(path)):
        return False
    return path.parent.resolve().parent == output.resolve()


def _regular(path: Path) -> bool:
    """A regular file itself (not a link, a folder, a FIFO or a device)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


@contextlib.contextmanager
def _writing(target: Path) -> Iterator[None]:
    """What the system refused while writing target, said of target (not of a temp file).

    Raises:
        OutputFileError: for any OSError on the way.
    """
    try:
        yield
    except OutputFileError:
        raise
    except OSError as exc:
        reasons = {errno.ENOSPC: "磁盘已满", errno.EROFS: "磁盘只读",
                   errno.ENAMETOOLONG: "文件名过长", errno.EACCES: "没有权限",
                   errno.EPERM: "没有权限", errno.EISDIR: "同名的文件夹挡住了它"}
        reason = reasons.get(exc.errno or 0, describe(exc))
        raise OutputFileError(f"{target}：无法写入（{reason}）") from exc
