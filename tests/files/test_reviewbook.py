"""The review workbook of a whole county is read back whole: its memory is not a unit's file.

A unit's workbook is read within the limits of ``xlsxguard`` (20,000 rows a sheet, 50 MB a part);
the review workbook of 2,000 units remembers a row per problem of two rounds, far more than that.
"""

from xlperf.core.review.sheets import (
    MEMORY_HEADERS,
    MEMORY_SHEET,
    ROUND_HEADERS,
    ROUNDS_SHEET,
)
from xlperf.core.summary.tables import Column, Table
from xlperf.files.reviewbook import read_review_book, write_review_book
from xlperf.files.xlsxguard import LIMITS

UNITS, PROBLEMS = 600, 40  # 24,000 remembered problems: more rows than a unit's sheet is read


def test_a_county_sized_memory_is_read_back_whole(tmp_path):
    rounds = [(f"8{n:05d}", 1, "2026-12-01", "abc", f"{n}.xlsx", f"单位{n}", "中", "中", "中", None,
               None, None, None) for n in range(UNITS)]
    problems = [(f"8{n:05d}", 1, "I110", "warning", "项目1", f"F{10 + k}", f"指标{k}")
                for n in range(UNITS) for k in range(PROBLEMS)]
    assert len(problems) > LIMITS.rows
    tables = [
        Table(ROUNDS_SHEET, "审核记录", tuple(Column(h, 12) for h in ROUND_HEADERS), rounds,
              hidden=True),
        Table(MEMORY_SHEET, "问题记录", tuple(Column(h, 12) for h in MEMORY_HEADERS), problems,
              hidden=True),
    ]
    path = write_review_book(tables, tmp_path / "审核汇总.xlsx")
    memory = read_review_book(path)
    assert len(memory.rounds) == UNITS
    assert sum(len(p) for p in memory.problems.values()) == UNITS * PROBLEMS
    assert memory.problems[(f"8{UNITS - 1:05d}", 1)][-1].indicator == f"指标{PROBLEMS - 1}"
