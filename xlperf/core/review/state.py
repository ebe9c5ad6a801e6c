"""The review's memory across runs, and one run's plan: who is reviewed afresh, who keeps (pure).

The review workbook remembers, per unit, every round (:class:`RoundRecord`: which file was
reviewed, the suggestion, what the reviewer decided, the letter written) and the problems of the
last two rounds. A run compares each unit's submission with its last round: a changed file opens a
new round (the reviewer's columns start again from the new suggestion; the old entries stay in
the record and show as 上轮审核结果/上轮审核意见), an unchanged one keeps its round and whatever
the reviewer typed. Units that disappeared keep their row, marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from xlperf.core.model.findings import Finding
from xlperf.core.review.problems import Comparison, compare, problems_of
from xlperf.core.review.rubric import Counts, Result, Rubric, Suggestion
from xlperf.core.workbook.grid import CellValue


class Situation:
    """本次情况: what this run found for a unit."""

    FIRST = "首次报送"
    AGAIN = "重新报送"
    SAME = "未变化"
    WAITING = "未重新报送"
    MISSING = "未报送"
    GONE = "本次未收到可用文件（见“报送情况”）"


class State:
    """状态 of a unit in the review."""

    PENDING = "待审核"
    PASSED = "通过"
    RETURNED = "退回修改"
    MISSING = "未报送"


def status_of(result: str | None) -> str:
    """状态 from 审核结果: 优/良 pass, 中/差 go back to the unit, anything else waits."""
    if result in (Result.EXCELLENT.value, Result.GOOD.value):
        return State.PASSED
    if result in (Result.FAIR.value, Result.POOR.value):
        return State.RETURNED
    return State.PENDING


@dataclass
class RoundRecord:
    """One review round of one unit (a row of the hidden 审核记录 sheet)."""

    unit: str  # the unit's key: its 单位编码 (or @file for a file without one)
    round: int
    date: str  # ISO date the round was opened
    fingerprint: str  # of the file reviewed
    path: str
    name: str = ""
    suggestion: str = ""
    prefilled: str = ""  # what xlperf put into 审核结果; the reviewer has not changed it if equal
    result: str = ""
    opinion: str = ""
    deadline: str = ""
    letter: str = ""  # the letter's path under the review folder, "" when none
    letter_sha: str = ""  # of the letter as xlperf wrote it (a different file was edited by hand)


@dataclass(frozen=True)
class Entry:
    """What the reviewer typed on a unit's row; None where the sheet had no such column."""

    result: str | None = ""
    opinion: str | None = ""
    deadline: str | None = ""

    def over(self, base: Entry) -> Entry:
        """This entry, with what ``base`` says where this one's column was not found."""
        return Entry(base.result if self.result is None else self.result,
                     base.opinion if self.opinion is None else self.opinion,
                     base.deadline if self.deadline is None else self.deadline)

    def texts(self) -> list[tuple[str, str]]:
        """(header, text) of what was typed, blanks left out."""
        return [(h, t) for h, t in zip(REVIEWER_FIELDS, (self.result, self.opinion,
                                                          self.deadline), strict=True) if t]


#: The reviewer's three columns, as :class:`Entry` holds them (headers of ``sheets``), and
#: the column naming the unit on a row that no unit of the review takes.
REVIEWER_FIELDS = ("审核结果", "审核意见", "修改期限")
NAME_FIELD = "单位名称"


@dataclass(frozen=True)
class Unmatched:
    """Text the reviewer typed that no unit's row can take: kept, listed, never dropped."""

    unit: str  # the 单位编码 (or name) as typed on the row, "" when none
    name: str
    header: str  # the column it was typed in
    text: str
    where: str  # e.g. 审核汇总 第12行


def recorded(record: RoundRecord | None) -> Entry:
    """What a round's record says the reviewer typed (empty when no round)."""
    if record is None:
        return Entry()
    return Entry(record.result, record.opinion, record.deadline)


@dataclass
class Memory:
    """What the existing review workbook says (empty for a first run)."""

    rounds: list[RoundRecord] = field(default_factory=list)
    problems: dict[tuple[str, int], list[Finding]] = field(default_factory=dict)
    entries: dict[str, Entry] = field(default_factory=dict)  # the visible sheet, by unit key
    rows: dict[str, dict[str, CellValue]] = field(default_factory=dict)  # visible rows by header
    unmatched: list[Unmatched] = field(default_factory=list)  # typing no row could take
    notes: list[str] = field(default_factory=list)  # what reading the workbook had to say
    _index: dict[str, list[RoundRecord]] = field(default_factory=dict, init=False, repr=False)
    _indexed: int = field(default=-1, init=False, repr=False)

    def last_round(self, unit: str) -> RoundRecord | None:
        found = self._by_unit().get(unit)
        return max(found, key=lambda r: r.round) if found else None

    def round_of(self, unit: str, number: int) -> RoundRecord | None:
        return next((r for r in self._by_unit().get(unit, ()) if r.round == number), None)

    def _by_unit(self) -> dict[str, list[RoundRecord]]:
        """The rounds by unit, indexed once (and again if rounds were added since)."""
        if self._indexed != len(self.rounds):
            self._index = {}
            for record in self.rounds:
                self._index.setdefault(record.unit, []).append(record)
            self._indexed = len(self.rounds)
        return self._index


@dataclass(frozen=True)
class Submitted:
    """One unit of this run: the submission ``summarize`` chose, and its file's fingerprint."""

    key: str
    code: str | None
    name: str | None
    path: str
    mtime: float
    fingerprint: str
    findings: Sequence[Finding]
    source: str = ""  # the file itself, when ``path`` (as shown) is not its name on disk


@dataclass
class UnitReview:
    """One unit's row of the review: its round, suggestion, problems and comparison."""

    key: str
    code: str | None
    name: str | None
    situation: str
    record: RoundRecord | None = None  # None: a roster unit that never sent a file
    previous: RoundRecord | None = None  # the round before, if any
    suggestion: Suggestion | None = None
    counts: Counts | None = None
    problems: list[Finding] = field(default_factory=list)
    seen: list[bool] = field(default_factory=list)  # each problem pointed out last round?
    fixed: list[Finding] = field(default_factory=list)
    comparison: Comparison | None = None
    fresh: bool = False  # a new round opened by this run
    unit: Submitted | None = None  # None when not received this run
    kept: dict[str, CellValue] | None = None  # a disappeared unit's row as last shown
    annotated: str | None = None  # the annotated workbook under the review folder, if any
    typed: Entry | None = None  # what the reviewer typed on the row of a unit not yet received

    @property
    def status(self) -> str:
        if self.record is None:
            return State.MISSING
        return status_of(self.record.result)


@dataclass
class Plan:
    """Every unit's row, and what the review workbook will remember."""

    units: list[UnitReview]
    rounds: list[RoundRecord]
    problems: dict[tuple[str, int], list[Finding]]
    unmatched: list[Unmatched] = field(default_factory=list)


def unit_key(code: str | None, path: str) -> str:
    """A unit is known by its 单位编码; a file without one by its path."""
    return code or f"@{path}"


def plan_review(memory: Memory, submitted: Sequence[Submitted], missing: Sequence[tuple[str, str]],
                rubric: Rubric, today: str) -> Plan:
    """Decide each unit's round and row for this run.

    Args:
        memory: the review workbook as it is (empty on a first run).
        submitted: the units received, one submission each.
        missing: (code, name) of roster units that sent nothing.
        rubric: how findings suggest a result.
        today: the ISO date a new round opens with.
    """
    rounds = {(r.unit, r.round): r for r in memory.rounds}
    problems: dict[tuple[str, int], list[Finding]] = {}
    units: list[UnitReview] = []
    seen_keys = set()
    for unit in submitted:
        seen_keys.add(unit.key)
        review = _review_unit(memory, unit, rubric, today)
        assert review.record is not None
        rounds[(unit.key, review.record.round)] = review.record
        if review.fresh and review.previous is not None:  # what was typed for the last round
            rounds[(unit.key, review.previous.round)] = review.previous
        problems[(unit.key, review.record.round)] = review.problems
        if review.record.round > 1:
            earlier = memory.problems.get((unit.key, review.record.round - 1), [])
            problems[(unit.key, review.record.round - 1)] = earlier
        units.append(review)
    for key in sorted({r.unit for r in memory.rounds} - seen_keys):
        record = memory.last_round(key)
        assert record is not None
        entry = memory.entries.get(key)
        if entry is not None:
            typed = entry.over(recorded(record))
            record = replace(record, result=typed.result or "", opinion=typed.opinion or "",
                             deadline=typed.deadline or "")
            rounds[(key, record.round)] = record
        for number in (record.round - 1, record.round):
            if (key, number) in memory.problems:
                problems[(key, number)] = memory.problems[(key, number)]
        code = None if key.startswith("@") else key
        units.append(UnitReview(key, code, record.name, Situation.GONE, record,
                                memory.round_of(key, record.round - 1),
                                kept=memory.rows.get(key)))
    listed = {u.key for u in units}
    for code, name in missing:
        if code not in listed:
            units.append(UnitReview(code, code, name, Situation.MISSING,
                                    typed=memory.entries.get(code)))
            listed.add(code)
    units.sort(key=lambda u: (u.key.startswith("@"), u.key))
    unmatched = list(memory.unmatched)
    for key, entry in memory.entries.items():
        if key not in listed:  # a row whose unit is none of this review's
            name = str((memory.rows.get(key) or {}).get(NAME_FIELD) or "")
            unmatched += [Unmatched(key, name, h, t, "审核汇总") for h, t in entry.texts()]
    return Plan(units, sorted(rounds.values(), key=lambda r: (r.unit, r.round)), problems,
                _unique(unmatched))


def _unique(unmatched: Sequence[Unmatched]) -> list[Unmatched]:
    """Each text once (it may be listed already, and found again where it was typed)."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for u in unmatched:
        if (u.unit, u.header, u.text) not in seen:
            seen.add((u.unit, u.header, u.text))
            out.append(u)
    return out


def _review_unit(memory: Memory, unit: Submitted, rubric: Rubric, today: str) -> UnitReview:
    counts = rubric.counts(unit.findings)
    suggestion = rubric.grade(counts)
    current = problems_of(unit.findings, rubric)
    last = memory.last_round(unit.key)
    suggested = suggestion.result.value
    typed = memory.entries.get(unit.key)
    if last is None or last.fingerprint != unit.fingerprint:
        number = 1 if last is None else last.round + 1
        record = RoundRecord(unit.key, number, today, unit.fingerprint, unit.path,
                             unit.name or "", suggested, suggested, suggested)
        if last is None and typed is not None:  # notes typed while the unit sent nothing
            record.opinion, record.deadline = typed.opinion or "", typed.deadline or ""
        if last is not None and typed is not None:
            # the row showed the last round: what was typed there is that round's decision
            decided = typed.over(recorded(last))
            last = replace(last, result=decided.result or "", opinion=decided.opinion or "",
                           deadline=decided.deadline or "")
        previous = last
        situation = Situation.FIRST if last is None else Situation.AGAIN
        fresh = True
    else:
        entry = typed.over(recorded(last)) if typed is not None else recorded(last)
        result = entry.result or ""
        prefilled = last.prefilled
        if result == last.prefilled and suggested != last.prefilled:
            result = prefilled = suggested  # the default follows the suggestion until changed
        record = replace(last, path=unit.path, name=unit.name or last.name, suggestion=suggested,
                         prefilled=prefilled, result=result, opinion=entry.opinion or "",
                         deadline=entry.deadline or "")
        previous = memory.round_of(unit.key, last.round - 1)
        waiting = status_of(result) == State.RETURNED and last.date < today
        situation = Situation.WAITING if waiting else Situation.SAME
        fresh = False
    review = UnitReview(unit.key, unit.code, unit.name, situation, record, previous, suggestion,
                        counts, current, [False] * len(current), fresh=fresh, unit=unit)
    if record.round > 1:
        earlier = memory.problems.get((unit.key, record.round - 1), [])
        review.comparison, review.seen, review.fixed = compare(earlier, current)
    return review


def merge_late(plan: Plan, before: dict[str, Entry], after: Memory) -> list[str]:
    """Fold in what the reviewer saved into the review workbook while a run was going on.

    ``before`` is what the run read at its start, ``after`` the workbook read again just before
    it is written: every entry that differs was typed during the run, and wins (it is newer
    than anything the run computed). Typing on the row of a unit whose new round this run
    opened belongs to the round the row showed, as at the start of a run.

    Returns:
        The units whose typing was folded in (their keys), for the run to say so.
    """
    by_key = {u.key: u for u in plan.units}
    late = []
    for key, entry in after.entries.items():
        if before.get(key) == entry:
            continue
        unit = by_key.get(key)
        if unit is None:
            plan.unmatched += [Unmatched(key, "", h, t, "审核汇总（运行期间保存）")
                               for h, t in entry.texts()]
            continue
        late.append(key)
        if unit.record is None:
            unit.typed = entry.over(unit.typed or Entry())
            continue
        target = unit.previous if unit.fresh and unit.previous is not None else unit.record
        decided = entry.over(recorded(target))
        target.result, target.opinion = decided.result or "", decided.opinion or ""
        target.deadline = decided.deadline or ""
    plan.unmatched = _unique([*plan.unmatched, *after.unmatched])
    return late
