"""The review's decisions, by hand: which paths from the hidden record name a letter of ours,
and how a long name is cut to fit a file system's 255 bytes."""

from __future__ import annotations

import pytest

from xlperf.core.review.policy import STEM_BYTES, Outcome, letter_outcome, own_letter, shorten


@pytest.mark.parametrize(("path", "ours"), [
    ("第1轮/704001_教育局_审核意见书.docx", True),
    ("第12轮/_审核意见书.docx", True),
    ("/收件/704001.xlsx", False),
    ("../收件/博野县教育和体育局_2023.xlsx", False),
    ("第1轮/../../收件/x_审核意见书.docx", False),
    ("第1轮/子/x_审核意见书.docx", False),
    ("第0轮/x_审核意见书.docx", False),
    ("第1000轮/x_审核意见书.docx", False),
    ("第1轮/x_校验.xlsx", False),  # a workbook is never retired as a letter
    ("审核汇总.xlsx", False),
    ("", False),
])
def test_only_a_letter_in_a_round_folder_is_ours(path, ours):
    assert own_letter(path) is ours


def test_a_long_name_is_cut_at_a_character_within_the_byte_limit():
    name = "704001_" + "很长的单位名称" * 20  # 7 + 420 bytes
    cut = shorten(name, STEM_BYTES)
    assert len(cut.encode()) <= STEM_BYTES
    assert cut.startswith("704001_很长的单位名称") and "~" in cut
    cut.encode("utf-8")  # no half character
    other = shorten(name + "甲", STEM_BYTES)
    assert other != cut  # two long names that differ only at the end stay apart
    assert shorten("704001_教育局", STEM_BYTES) == "704001_教育局"


@pytest.mark.parametrize(("exists", "current", "ours", "force", "outcome"), [
    (False, "", False, False, Outcome.WRITTEN),
    (True, "new", False, False, Outcome.UNCHANGED),
    (True, "old", True, False, Outcome.UPDATED),
    (True, "hand", False, False, Outcome.EDITED),
    (True, "hand", False, True, Outcome.UPDATED),
])
def test_what_happens_to_a_letter_already_there(exists, current, ours, force, outcome):
    assert letter_outcome(exists, current, "new", ours=ours, force=force) is outcome


def test_the_plan_names_the_reviewer_columns_as_the_sheet_does():
    from xlperf.core.review.sheets import NAME, REVIEWER_HEADERS
    from xlperf.core.review.state import NAME_FIELD, REVIEWER_FIELDS

    assert (REVIEWER_FIELDS, NAME_FIELD) == (REVIEWER_HEADERS, NAME)
