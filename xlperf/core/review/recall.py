"""The review workbook read back: its memory and what the reviewer typed, wherever it is (pure).

The hidden 审核记录/问题记录 sheets are xlperf's own; 审核汇总 is the reviewer's, who may have
inserted rows, moved, renamed or deleted columns, renamed the sheet, mistyped a code or copied a
row. Its columns are found by header; a missing column leaves the recorded values in place; text
no unit's row can take is kept (``Memory.unmatched``) for the 未能对应的审核意见 sheet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xlperf.core.model.findings import Severity
from xlperf.core.review.problems import remembered
from xlperf.core.review.sheets import (
    CODE,
    DEADLINE,
    MAIN_HEADERS,
    MAIN_SHEET,
    MEMORY_SHEET,
    NAME,
    NOTES_SHEET,
    PROBLEMS_SHEET,
    REVIEWER_HEADERS,
    ROUND_HEADERS,
    ROUNDS_SHEET,
    SEVERITY_VALUES,
    SOURCE,
    SUBMISSIONS_SHEET,
    UNMATCHED_HEADERS,
    UNMATCHED_SHEET,
)
from xlperf.core.review.state import Entry, Memory, RoundRecord, Unmatched, recorded
from xlperf.core.workbook.grid import CellValue, SheetGrid, to_text

#: A round number outside this range is not one xlperf wrote (``inf``, ``1e300``, a code).
MAX_ROUND = 999
#: The header row of 审核汇总 is looked for this far down (rows may have been inserted).
HEADER_SEARCH_ROWS = 1000
#: A row holding this many of the sheet's headers is its header row.
HEADER_MATCHES = 3
#: The sheets xlperf writes that people only read (a renamed 审核汇总 is none of them).
OWN_SHEETS = frozenset({PROBLEMS_SHEET, NOTES_SHEET, SUBMISSIONS_SHEET, ROUNDS_SHEET,
                        MEMORY_SHEET, UNMATCHED_SHEET})


def is_review_book(sheets: dict[str, SheetGrid]) -> bool:
    """Whether grids are a review workbook xlperf wrote (its memory sheet's header is there)."""
    rounds = sheets.get(ROUNDS_SHEET)
    return rounds is not None and tuple(rounds.text(2, c) for c in range(
        1, len(ROUND_HEADERS) + 1)) == ROUND_HEADERS


def read_memory(sheets: dict[str, SheetGrid]) -> Memory:
    """The memory of a review workbook (see :func:`is_review_book`)."""
    memory = Memory()
    rounds = sheets[ROUNDS_SHEET]
    bad = 0
    for r in range(3, rounds.max_row + 1):
        values = [_text(rounds.value(r, c)) for c in range(1, len(ROUND_HEADERS) + 1)]
        number = _round(rounds.value(r, 2))
        if not values[0] or number is None:
            bad += any(values)
            continue
        memory.rounds.append(RoundRecord(values[0], number, *values[2:]))
    if bad:
        memory.notes.append(f"{ROUNDS_SHEET}表中有 {bad} 行无法使用（缺少单位，或轮次不是 "
                            f"1–{MAX_ROUND} 的整数），已忽略")
    problems = sheets.get(MEMORY_SHEET)
    if problems is not None:
        for r in range(3, problems.max_row + 1):
            unit, code, severity = problems.text(r, 1), problems.text(r, 3), problems.text(r, 4)
            number = _round(problems.value(r, 2))
            if not unit or number is None or not code or severity not in SEVERITY_VALUES:
                continue
            memory.problems.setdefault((unit, number), []).append(remembered(
                code, Severity(severity), problems.text(r, 5), problems.text(r, 6),
                problems.text(r, 7)))
    listed = sheets.get(UNMATCHED_SHEET)
    if listed is not None:
        memory.unmatched += _read_unmatched(listed)
    found = find_main(sheets)
    if found is None:
        if memory.rounds:
            memory.notes.append(f"找不到“{MAIN_SHEET}”表（或其表头），各单位的审核结果和意见"
                                f"沿用{ROUNDS_SHEET}中的内容")
        return memory
    _read_main(*found, memory)
    return memory


def find_main(sheets: dict[str, SheetGrid]) -> tuple[SheetGrid, int] | None:
    """The 审核汇总 sheet and its header row, wherever they are (renamed, rows inserted)."""
    order = [sheets[MAIN_SHEET]] if MAIN_SHEET in sheets else []
    order += [s for name, s in sheets.items() if name != MAIN_SHEET and name not in OWN_SHEETS]
    for sheet in order:
        known = set(MAIN_HEADERS)
        for r in range(1, min(sheet.max_row, HEADER_SEARCH_ROWS) + 1):
            if sum(sheet.text(r, c) in known for c in range(1, sheet.max_col + 1)) \
                    >= HEADER_MATCHES:
                return sheet, r
    return None


@dataclass
class _Row:
    number: int
    values: dict[str, CellValue]
    entry: Entry
    extra: dict[str, str]  # text under headers xlperf does not write


def _read_main(main: SheetGrid, header_row: int, memory: Memory) -> None:
    """Each unit's row by header (columns may have been moved), keyed as the plan keys them.

    A row is found by its 单位编码, else by its 来源文件 or (unique) 单位名称 in the record. A
    reviewer column that is missing leaves the recorded value in place (None in the entry);
    text that no unit's row can take is kept in ``memory.unmatched``.
    """
    columns = _headers(main, header_row)
    known = {h: columns[h] for h in MAIN_HEADERS if h in columns}
    extra = {t: c for t, c in columns.items() if t not in known}
    missing = [h for h in REVIEWER_HEADERS if h not in known]
    if missing:
        memory.notes.append(f"“{main.name}”表中找不到“{'”“'.join(missing)}”列，各单位的"
                            f"{'、'.join(missing)}沿用{ROUNDS_SHEET}中的内容")
    by_path: dict[str, str] = {}
    by_name: dict[str, set[str]] = {}
    for record in memory.rounds:
        by_path[record.path] = record.unit
        by_name.setdefault(record.name, set()).add(record.unit)
    groups: dict[str, list[_Row]] = {}
    for r in range(header_row + 1, main.max_row + 1):
        values = {h: _cell(main.value(r, c)) for h, c in known.items()}
        entry = Entry(*(_reviewer_text(main.value(r, known[h]), h) if h in known else None
                        for h in REVIEWER_HEADERS))
        row = _Row(r, values, entry,
                   {t: text for t, c in extra.items() if (text := _text(main.value(r, c)))})
        code, source = _text(values.get(CODE)), _text(values.get(SOURCE))
        name = _text(values.get(NAME))
        names = by_name.get(name, set())
        key = code or by_path.get(source) or (f"@{source}" if source else "") or (
            next(iter(names)) if len(names) == 1 else "")
        if key:
            groups.setdefault(key, []).append(row)
        elif entry.texts() or row.extra:
            memory.unmatched += _leftover(main.name, row, "", name, Entry())
    for key, rows in groups.items():
        base = recorded(memory.last_round(key))
        chosen = next((row for row in rows if row.entry.over(base) != base), rows[0])
        memory.rows[key] = chosen.values
        memory.entries[key] = chosen.entry
        kept = chosen.entry.over(base)
        for row in rows:
            name = _text(row.values.get(NAME))
            if row is chosen:
                memory.unmatched += _leftover(main.name, _Row(row.number, {}, Entry(), row.extra),
                                              key, name, kept, base)
            else:
                memory.unmatched += _leftover(main.name, row, key, name, kept, base,
                                              why=f"（与第{chosen.number}行重复）")


def _leftover(sheet: str, row: _Row, key: str, name: str, *kept: Entry,
              why: str = "") -> list[Unmatched]:
    """What a row holds that its unit keeps nowhere else (each text only once)."""
    have = {t for entry in kept for _, t in entry.texts()}
    where = f"{sheet} 第{row.number}行{why}"
    return [Unmatched(key or _text(row.values.get(CODE)), name, h, t, where)
            for h, t in [*row.entry.texts(), *row.extra.items()] if t not in have]


def _reviewer_text(value: CellValue, header: str) -> str:
    return _deadline(value) if header == DEADLINE else _text(value)


def _read_unmatched(sheet: SheetGrid) -> list[Unmatched]:
    columns = _headers(sheet, 2)
    if not all(h in columns for h in UNMATCHED_HEADERS):
        return []
    out = []
    for r in range(3, sheet.max_row + 1):
        unit, name, header, text, where = (_text(sheet.value(r, columns[h]))
                                           for h in UNMATCHED_HEADERS)
        if text:
            out.append(Unmatched(unit, name, header, text, where))
    return out


def _headers(sheet: SheetGrid, row: int) -> dict[str, int]:
    return {t: c for c in range(sheet.max_col, 0, -1) if (t := sheet.text(row, c))}


def _cell(value: CellValue) -> CellValue:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _text(value: CellValue) -> str:
    if isinstance(value, str):
        return value.strip()
    return to_text(value) or ""


def _round(value: CellValue) -> int | None:
    """A round number as xlperf wrote it (1 … MAX_ROUND), None for anything else."""
    try:
        number = float(str(value))
    except (TypeError, ValueError):
        return None
    if not number.is_integer() or not 1 <= number <= MAX_ROUND:
        return None
    return int(number)


def _deadline(value: CellValue) -> str:
    """A date the reviewer typed: a real date as ISO text, anything else as typed."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(value)



def reviewer_entries(sheet: SheetGrid) -> Memory:
    """What the reviewer typed into a 审核汇总 sheet (the workbook's, for the 审核 button)."""
    memory = Memory()
    found = find_main({sheet.name: sheet})
    if found is not None:
        _read_main(*found, memory)
    return memory


