"""County-wide consolidation (pure): unit records → a summary (its sheets: ``summary.tables``).

A :class:`UnitRecord` is what one received file contributes, in plain picklable values so that
worker processes can make it. :func:`summarize` resolves duplicates (the newest file of a 单位编码
is used, every other one is listed), compares with the roster and adds up money with Decimal.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import NamedTuple

from xlperf.core.model.findings import Finding, Severity
from xlperf.core.model.unit_workbook import UnitWorkbook

ZERO = Decimal(0)


class IndicatorRow(NamedTuple):
    """One indicator of a unit, flattened for the summary's 指标明细 (read by name; a named
    tuple because a county's indicators travel from the workers, and it pickles fastest)."""

    project_code: str | None
    project_name: str | None
    level1: str | None  # 一级指标
    level2: str | None  # 二级指标
    name: str | None  # 三级指标
    description: str | None
    value: str | None  # 指标值 as written
    comparator: str | None
    number: Decimal | None
    unit: str | None
    kind: str
    basis: str | None  # 指标值确定依据
    sheet: str | None
    cell: str | None  # of the 三级指标


DUPLICATE_RULE = ("同一单位编码收到多个文件时，采用文件修改时间最新的一个"
                  "（时间相同时取文件名排序靠后者），其余列为“重复报送（未采用）”，不计入汇总。")


@dataclass(slots=True)
class ProjectRow:
    """One project table of a unit, flattened."""

    sheet: str | None
    code: str | None
    name: str | None
    budget: Decimal | None
    fiscal: Decimal | None
    other: Decimal | None
    purpose: str | None
    plan: tuple[tuple[str, Decimal | None], ...]
    targets: str
    indicators: int
    errors: int
    warnings: int


@dataclass(slots=True)
class UnitRecord:
    """What one received file contributes (or why it could not)."""

    path: str
    mtime: float
    code: str | None = None
    name: str | None = None
    year: int | None = None
    reviewer: str | None = None
    projects: list[ProjectRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unreadable: str | None = None
    skipped: str | None = None  # not a unit's workbook (a Word file, xlperf's own summary …)
    digest: str = ""  # fingerprint of the file's bytes as read (see ``files.fileio.digest``)

    @property
    def severities(self) -> Counter[str]:
        return Counter(f.severity for f in self.findings)


def record_of(book: UnitWorkbook, findings: Sequence[Finding], path: str,
              mtime: float, digest: str = "") -> UnitRecord:
    """Flatten a read and checked workbook into a record."""
    by_project = Counter((f.project_code, f.severity) for f in findings)
    projects: list[ProjectRow] = []
    indicators: list[IndicatorRow] = []
    for p in book.projects:
        projects.append(ProjectRow(
            p.sheet, p.code, p.name, p.budget, p.fiscal_funds, p.other_funds, p.purpose,
            tuple((pt.milestone, pt.percent) for pt in p.spending_plan),
            "\n".join(f"{n}. {t}" for n, t in enumerate(p.targets, start=1)), len(p.indicators),
            by_project[(p.code, Severity.ERROR)] if p.code else 0,
            by_project[(p.code, Severity.WARNING)] if p.code else 0,
        ))
        for i in p.indicators:
            v = i.value
            indicators.append(IndicatorRow(
                p.code, p.name, i.level1, i.level2, i.name, i.description, v.text,
                v.comparator.value if v.comparator else None, v.number, v.unit, v.kind.value,
                i.basis, p.sheet, i.cells.get("name"),
            ))
    return UnitRecord(
        path, mtime, book.info.code, book.info.name, book.info.year, book.info.reviewer,
        projects, indicators, list(findings), digest=digest,
    )


# --------------------------------------------------------------------------- roster
@dataclass(frozen=True)
class RosterEntry:
    """One unit the finance bureau expects a file from (a row of the 单位名录)."""

    code: str
    name: str | None = None
    department: str | None = None
    note: str | None = None


# --------------------------------------------------------------------------- summary
class Status:
    """报送状态."""

    RECEIVED = "已报送"
    MISSING = "未报送"
    DUPLICATE = "重复报送（未采用）"
    OUTSIDE = "名录外"
    UNREADABLE = "无法读取"
    NO_CODE = "缺少单位编码"
    OTHER_YEAR = "其他年度（未计入）"
    SKIPPED = "未读取"


@dataclass(frozen=True)
class Submission:
    """One line of 报送情况."""

    code: str | None
    name: str | None
    status: str
    path: str | None
    mtime: float | None
    note: str = ""


@dataclass
class Summary:
    """The county summary: units used, every submission's fate, totals."""

    units: list[UnitRecord]
    submissions: list[Submission]
    roster: list[RosterEntry] | None
    county: str | None
    year: int | None
    cutoff: float | None
    future: int = 0  # files dated after the run: left out of the cutoff

    @property
    def totals(self) -> tuple[Decimal, Decimal, Decimal]:
        """预算数, 财政资金, 其他资金 over every project of every unit used, to the cent."""
        budget = fiscal = other = ZERO
        for unit in self.units:
            for p in unit.projects:
                budget += p.budget or ZERO
                fiscal += p.fiscal or ZERO
                other += p.other or ZERO
        return budget, fiscal, other

    def count(self, status: str) -> int:
        return sum(s.status == status for s in self.submissions)

    @property
    def severities(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for unit in self.units:
            total.update(unit.severities)
        return total

    @property
    def units_with_errors(self) -> int:
        return sum(bool(u.severities["error"]) for u in self.units)


#: A file dated more than this after the run has a wrong clock: its time is not "the latest".
FUTURE_SLACK = 600.0


def summarize(records: Iterable[UnitRecord], roster: Sequence[RosterEntry] | None = None,
              year: int | None = None, *, now: float | None = None) -> Summary:
    """Resolve duplicates, compare with the roster and collect what the summary shows.

    A summary is for one budget year: ``year``, or else the year most files are for. A unit's
    file of another year is listed but kept out of the totals (so is any other-year duplicate);
    a file whose cover gives no year is counted, and 报送情况 says so. Records of files that were
    not read (``skipped``) are only listed. With ``now`` (the time of the run), modification
    times in the future are left out of the 数据截至 time, and said so.
    """
    records = list(records)
    listed = [r for r in records if r.skipped is not None]
    records = [r for r in records if r.skipped is None]
    readable = [r for r in records if r.unreadable is None]
    year = year or _usual_year(readable)
    in_year = [r for r in readable if r.year is None or year is None or r.year == year]
    chosen: dict[str, UnitRecord] = {}
    for record in sorted(in_year, key=lambda r: (r.mtime, r.path)):
        if record.code:
            chosen[record.code] = record  # later (newer) wins
    used = sorted(chosen.values(), key=lambda r: (r.code or "", r.path))
    used += sorted((r for r in in_year if not r.code), key=lambda r: r.path)
    expected = {e.code: e for e in roster} if roster is not None else None
    submissions = _submissions(records, chosen, expected, year)
    submissions += [Submission(None, None, Status.SKIPPED, r.path, r.mtime or None,
                               r.skipped or "") for r in listed]
    times = [r.mtime for r in used]  # only files counted in the summary date it
    if now is not None:
        submissions = [_future(s, now) for s in submissions]
        times = [t for t in times if t <= now + FUTURE_SLACK]
    counties = Counter(_county(r.reviewer) for r in used if _county(r.reviewer))
    return Summary(
        units=used, submissions=sorted(submissions, key=submission_order),
        roster=list(roster) if roster is not None else None,
        county=counties.most_common(1)[0][0] if counties else None,
        year=year,
        cutoff=max(times, default=None), future=len(used) - len(times),
    )


def _usual_year(records: Sequence[UnitRecord]) -> int | None:
    """The budget year most files are for (the later one on a tie)."""
    years = Counter(r.year for r in records if r.year)
    return max(years, key=lambda y: (years[y], y)) if years else None


def _future(row: Submission, now: float) -> Submission:
    if row.mtime is None or row.mtime <= now + FUTURE_SLACK:
        return row
    note = "文件修改时间晚于汇总时间（该电脑时钟可能有误），未计入“数据截至”"
    return replace(row, note="；".join(n for n in (row.note, note) if n))


def _submissions(records: list[UnitRecord], chosen: dict[str, UnitRecord],
                 expected: dict[str, RosterEntry] | None, year: int | None) -> list[Submission]:
    rows: list[Submission] = []
    other_year = {id(r) for r in records if r.unreadable is None and year and r.year
                  and r.year != year}
    versions = Counter(r.code for r in records
                       if r.unreadable is None and r.code and id(r) not in other_year)
    for record in records:
        if record.unreadable is not None:
            rows.append(Submission(None, None, Status.UNREADABLE, record.path, record.mtime,
                                   record.unreadable))
        elif id(record) in other_year:
            note = f"预算年度为 {record.year} 年，本汇总为 {year} 年"
            rows.append(Submission(record.code, record.name, Status.OTHER_YEAR, record.path,
                                   record.mtime, note))
        elif not record.code:
            rows.append(Submission(None, record.name, Status.NO_CODE, record.path, record.mtime,
                                   "封面未填单位编码，已按单独单位汇总"))
        elif chosen[record.code] is not record:
            rows.append(Submission(record.code, record.name, Status.DUPLICATE, record.path,
                                   record.mtime, _used_instead(record.path,
                                                               chosen[record.code].path)))
        else:
            rows.append(_received(record, versions[record.code], expected))
    if expected is not None:
        rows += [Submission(e.code, e.name, Status.MISSING, None, None,
                            f"主管部门：{e.department}" if e.department else "")
                 for code, e in expected.items() if code not in chosen]
    return rows


def _received(record: UnitRecord, versions: int,
              expected: dict[str, RosterEntry] | None) -> Submission:
    notes = []
    status = Status.RECEIVED
    if expected is not None and record.code not in expected:
        status = Status.OUTSIDE
        notes.append("单位编码不在单位名录中")
    elif expected is not None:
        listed = expected[record.code or ""].name
        if listed and record.name and listed != record.name:
            notes.append(f"名录中的单位名称为“{listed}”")
    if versions > 1:
        notes.append(f"共收到 {versions} 个版本，采用最新的一个")
    if record.year is None:
        notes.append("封面未填预算年度，按本汇总年度计入")
    return Submission(record.code, record.name, status, record.path, record.mtime,
                      "；".join(notes))


_STATUS_ORDER = {Status.RECEIVED: 0, Status.OUTSIDE: 0, Status.MISSING: 0, Status.DUPLICATE: 1,
                 Status.OTHER_YEAR: 1, Status.NO_CODE: 2, Status.UNREADABLE: 3, Status.SKIPPED: 4}


def submission_order(row: Submission) -> tuple[bool, str, int, float, str]:
    """By unit code; a unit's used file first, then its older versions; then the rest."""
    return (row.code is None, row.code or "", _STATUS_ORDER[row.status], -(row.mtime or 0),
            row.path or "")


def _name(path: str) -> str:
    return re.split(r"[\\/]", path)[-1]


def _used_instead(duplicate: str, used: str) -> str:
    """The note of a duplicate: which file was used, by its folder when the names are equal."""
    if _name(duplicate) != _name(used):
        return f"已采用更新的 {_name(used)}"
    mine, theirs = re.split(r"[\\/]", duplicate)[:-1], re.split(r"[\\/]", used)[:-1]
    depth = 1  # the fewest trailing folders that tell the two apart
    while depth < max(len(mine), len(theirs)) and mine[-depth:] == theirs[-depth:]:
        depth += 1
    mine_shown, theirs_shown = "/".join(mine[-depth:]), "/".join(theirs[-depth:])
    return (f"已采用“{theirs_shown or '（所给文件夹）'}”文件夹中更新的同名文件 {_name(used)}"
            f"（本文件在“{mine_shown or '（所给文件夹）'}”文件夹中）")


def _county(reviewer: str | None) -> str | None:
    """博野县财政局 → 博野县."""
    if not reviewer:
        return None
    match = re.match(r"(.+?[县区市旗])财政局", reviewer)
    return match.group(1) if match else None


def local_time(timestamp: float | None) -> str:
    """A file time as shown in the summary (local time, to the minute)."""
    if timestamp is None:
        return ""
    return dt.datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


def result_line(summary: Summary, files: int, where: str | None = None) -> str:
    """The one-line result of a consolidation (CLI and the 汇总 button)."""
    severities = summary.severities
    parts = [f"收到 {files} 个文件"]
    for status in (Status.DUPLICATE, Status.OTHER_YEAR, Status.UNREADABLE, Status.SKIPPED,
                   Status.MISSING, Status.OUTSIDE, Status.NO_CODE):
        if summary.count(status):
            parts.append(f"{status} {summary.count(status)} 个")
    projects = sum(len(u.projects) for u in summary.units)
    line = (f"已汇总 {len(summary.units)} 个单位（{'，'.join(parts)}），项目 {projects} 个，"
            f"预算数合计 {summary.totals[0]} 万元；"
            f"错误 {severities['error']} 条（{summary.units_with_errors} 个单位），"
            f"警告 {severities['warning']} 条")
    return f"{line} → {where}" if where else line
