"""The finance bureau's review round: suggested results, the review workbook, the return package.

``review`` reads the same folders as ``consolidate`` (the same submission represents a unit),
compares each unit with what the review workbook remembers, and writes into the review folder:
the annotated workbooks and 审核意见书 of the units returned, each round in its own 第N轮 folder,
then 审核汇总.xlsx. Nothing a reviewer typed is lost, originals are only read, and no file xlperf
did not write (or that was edited since) is replaced without ``force``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from xlperf.core.review.letter import LetterFacts, letter_blocks, letter_title
from xlperf.core.review.report import review_lines
from xlperf.core.review.rubric import Result, Rubric
from xlperf.core.review.sheets import REVIEW_BOOK_NAME, review_tables
from xlperf.core.review.state import Entry, Plan, Submitted, UnitReview, plan_review, unit_key
from xlperf.core.summary.records import Status, Summary, summarize
from xlperf.core.summary.sheets import Table
from xlperf.errors import OutputFileError
from xlperf.files.batch import read_records
from xlperf.files.discover import find_workbooks
from xlperf.files.fileio import atomic_write, refuse_existing
from xlperf.files.letterfile import LetterWriter, write_bytes
from xlperf.files.returnpack import (
    CopyJob,
    annotate_copies,
    digest,
    file_digest,
    parallel_map,
)
from xlperf.files.reviewbook import read_review_book, write_review_book
from xlperf.files.roster import read_roster
from xlperf.files.rubricfile import default_rubric_text, load_rubric, rubric_beside

RETURNED = (Result.GOOD.value, Result.FAIR.value, Result.POOR.value)


@dataclass
class Package:
    """What happened to the return package's files in this run."""

    written: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    edited: list[Path] = field(default_factory=list)  # letters edited by hand, left alone
    workbooks: int = 0
    workbook_failures: list[str] = field(default_factory=list)


@dataclass
class Reviewed:
    """The outcome of one review run."""

    plan: Plan
    summary: Summary
    rubric: Rubric
    folder: Path
    book: Path
    files: int
    package: Package
    tables: list[Table]
    notes: list[str] = field(default_factory=list)


def review(folders: Sequence[Path], output: Path, *, roster: Path | None = None,
           rubric: Path | None = None, all_units: bool = False, force: bool = False,
           jobs: int | None = None, recursive: bool = True, today: dt.date | None = None,
           entries: Mapping[str, Entry] | None = None, workbooks: bool = True,
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
            edited since (letters); start afresh when 审核汇总.xlsx is not a review workbook.
        jobs: worker processes (default: one per CPU).
        recursive: also search the folders' subfolders.
        today: the date new rounds open with (default: today).
        entries: what the reviewer typed, by unit key, overriding the workbook's (the 审核
            button reads them from the open workbook).
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
    _check_folder(output)
    book = output / REVIEW_BOOK_NAME
    chosen_rubric = load_rubric(rubric or rubric_beside(roster))
    expected = read_roster(roster) if roster else None
    memory = read_review_book(book, force=force)
    if entries:
        memory.entries.update(entries)
    skip = {p.resolve() for p in (roster, rubric) if p}
    files = [p for p in find_workbooks(folders, recursive=recursive)
             if p.resolve() not in skip and not p.resolve().is_relative_to(output.resolve())]
    output.mkdir(exist_ok=True)  # every argument is valid: now the folder may be made
    if on_total:
        on_total(len(files), "读取校验")
    records = read_records(files, jobs=jobs, advance=advance)
    summary = summarize(records, expected)
    submitted = [Submitted(unit_key(u.code, u.path), u.code, u.name, u.path, u.mtime,
                           u.digest, u.findings) for u in summary.units]
    missing = [(s.code or "", s.name or "") for s in summary.submissions
               if s.status == Status.MISSING]
    day = (today or dt.date.today()).isoformat()
    plan = plan_review(memory, submitted, missing, chosen_rubric, day)
    notes = _check_entries(plan)
    package = Package()
    signers = {u.path: u.reviewer for u in summary.units}
    if workbooks:
        _annotated_workbooks(plan, output, all_units, force, jobs, package, advance, on_total)
    _letters(plan, summary, signers, output, all_units, force, jobs, package)
    tables = review_tables(plan, summary, chosen_rubric, [str(f) for f in folders])
    created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    write_review_book(tables, book, created)
    return Reviewed(plan, summary, chosen_rubric, output, book, len(records), package, tables,
                    notes)


def result_lines(done: Reviewed) -> list[str]:
    """What a run says when done (the command line prints it, the 审核 button shows it)."""
    p = done.package
    return review_lines(done.plan, done.summary, letters=(p.written, p.updated, p.unchanged,
                                                          p.removed),
                        workbooks=p.workbooks, book=str(done.book), folder=str(done.folder),
                        rubric=done.rubric.source)


def write_default_rubric(output: Path, *, force: bool = False) -> Path:
    """Write the default rubric (with its comments) for a county to edit.

    Raises:
        OutputFileError: when output exists (without ``force``) or cannot be written.
    """
    output = Path(output)
    refuse_existing(output, force)
    def write(tmp: Path) -> None:
        tmp.write_text(default_rubric_text(), "utf-8")

    return atomic_write(output, write)


def _check_folder(output: Path) -> None:
    if output.exists() and not output.is_dir():
        raise OutputFileError(f"{output}：审核目录应是一个文件夹（审核汇总和意见书都写在其中）")
    if not output.parent.is_dir():
        raise OutputFileError(f"{output}：上一级文件夹不存在")


def _check_entries(plan: Plan) -> list[str]:
    """Say which rows hold a 审核结果 that is none of 优/良/中/差 (they stay 待审核)."""
    allowed = tuple(r.value for r in Result)
    return [f"{u.code or u.key}：审核结果“{u.record.result}”不是 优/良/中/差，按“待审核”处理"
            for u in plan.units if u.record and u.record.result and u.record.result
            not in allowed]


def _wanted(u: UnitReview, all_units: bool) -> bool:
    """Whether a unit gets a return package in this run (a unit not received keeps its own)."""
    if u.record is None or u.unit is None:
        return False
    return u.record.result in RETURNED or (all_units and u.record.result == Result.EXCELLENT)


def _stem(u: UnitReview) -> str:
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", f"{u.code or ''}_{u.name or ''}".strip("_"))
    return name or Path(u.record.path if u.record else "单位").stem


def _round_folder(u: UnitReview) -> Path:
    assert u.record is not None
    return Path(f"第{u.record.round}轮")


# --------------------------------------------------------------------------- annotated workbooks
def _annotated_workbooks(plan: Plan, output: Path, all_units: bool, force: bool,
                         jobs: int | None, package: Package,
                         advance: Callable[[int], None] | None,
                         on_total: Callable[[int, str], None] | None) -> None:
    todo: list[tuple[UnitReview, CopyJob, Path]] = []
    for u in plan.units:
        if u.record is None or u.unit is None:
            continue
        source = Path(u.unit.path)
        relative = _round_folder(u) / f"{_stem(u)}_校验{source.suffix.lower()}"
        target = output / relative
        if target.exists() and not force:
            u.annotated = str(relative)
        elif _wanted(u, all_units):
            target.parent.mkdir(exist_ok=True)
            todo.append((u, CopyJob(str(source), str(target), tuple(u.unit.findings)), relative))
    if on_total and todo:
        on_total(len(todo), "标注工作簿")
    failures = annotate_copies([job for _, job, _ in todo], workers=jobs, advance=advance)
    for (u, _, relative), failure in zip(todo, failures, strict=True):
        if failure is None:
            u.annotated = str(relative)
            package.workbooks += 1
        else:
            package.workbook_failures.append(failure)


# --------------------------------------------------------------------------- letters
@dataclass
class _Letters:
    """What the letter workers need, set before the pool forks (see ``parallel_map``)."""

    units: list[UnitReview]
    facts: list[LetterFacts]
    titles: list[str]
    output: Path
    force: bool
    writer: LetterWriter


_LETTERS: _Letters | None = None


def _letters(plan: Plan, summary: Summary, signers: Mapping[str, str | None], output: Path,
             all_units: bool, force: bool, jobs: int | None, package: Package) -> None:
    """Write each returned unit's letter of this round; retire letters no longer wanted."""
    global _LETTERS
    wanted = []
    for u in plan.units:
        record = u.record
        if record is None or u.unit is None:
            continue
        if record.letter and (record.letter != _letter_path(u) or not _wanted(u, all_units)):
            _retire(output, u, package)
        if _wanted(u, all_units):
            wanted.append(u)
    county = f"{summary.county}财政局" if summary.county else "财政局"
    facts = [LetterFacts(summary.year, signers.get(u.unit.path) or county,
                         Path(u.annotated).name if u.annotated else None)
             for u in wanted if u.unit is not None]
    _LETTERS = _Letters(wanted, facts, [letter_title(summary.year)] * len(wanted), output, force,
                        LetterWriter())
    try:
        outcomes = parallel_map(_write_letter, range(len(wanted)), workers=jobs)
    finally:
        _LETTERS = None
    for u, (outcome, fingerprint) in zip(wanted, outcomes, strict=True):
        assert u.record is not None
        target = output / _letter_path(u)
        if outcome == "edited":
            package.edited.append(target)
        else:
            setattr(package, outcome, getattr(package, outcome) + 1)
            u.record.letter_sha = fingerprint
        u.record.letter = _letter_path(u)


def _letter_path(u: UnitReview) -> str:
    return str(_round_folder(u) / f"{_stem(u)}_审核意见书.docx")


def _write_letter(index: int) -> tuple[str, str]:
    """In a worker: render one letter and write it unless the file there was edited by hand.

    Returns what happened (written, updated, unchanged, edited) and the letter's fingerprint.
    """
    job = _LETTERS
    assert job is not None
    u = job.units[index]
    record = u.record
    assert record is not None
    data = job.writer.render(letter_blocks(u, job.facts[index]), title=job.titles[index],
                             subject=f"{u.code or ''} {u.name or ''}".strip(), date=record.date)
    fingerprint = digest(data)
    relative = _letter_path(u)
    target = job.output / relative
    if not target.exists():
        target.parent.mkdir(exist_ok=True)
        write_bytes(data, target)
        return "written", fingerprint
    current = file_digest(target)
    if current == fingerprint:
        return "unchanged", fingerprint
    if job.force or (record.letter == relative and current == record.letter_sha):
        write_bytes(data, target)
        return "updated", fingerprint
    return "edited", fingerprint


def _retire(output: Path, u: UnitReview, package: Package) -> None:
    """A letter no longer wanted (result now 优, or renamed): removed when it is still ours."""
    record = u.record
    assert record is not None
    old = output / record.letter
    if old.exists() and file_digest(old) != record.letter_sha:
        package.edited.append(old)
        return
    if old.exists():
        old.unlink()
        package.removed += 1
    record.letter = record.letter_sha = ""

