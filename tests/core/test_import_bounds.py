"""The importer stays linear on hostile text: long joined texts, and a bound on tables."""

from __future__ import annotations

import pytest

from xlperf.core.document.parse import MAX_TABLES, parse_document, text_lines
from xlperf.errors import NotATemplateError

HEAD = ("1. 测试项目绩效目标表\n项目编码\t13063723P004382100051\t项目名称\t测试\n"
        "预算规模及资金用途\t预算数\t1\t其中：财政资金\t1\t其他资金\t0\n")


def test_cells_joined_into_a_long_purpose_are_placed():
    first, second = "甲" * 15_000 + "。", "乙" * 15_000 + "。"  # together past the scan limit
    imported = parse_document(text_lines(f"{HEAD}\t{first}\n\t{second}\n"))
    assert imported.book.projects[0].purpose == f"{first}\n{second}"
    assert imported.unplaced == []


def test_more_tables_than_any_unit_has_are_refused():
    table = "1. 某项目绩效目标表\n项目编码\tX\t项目名称\tY\n"
    parse_document(text_lines(table * 3))
    with pytest.raises(NotATemplateError, match=f"超过 {MAX_TABLES} 张"):
        parse_document(text_lines(table * (MAX_TABLES + 1)))
