"""What a review run does with each unit (pure); ``app.actions.review`` carries it out.

Who gets a return package, where its files go and what they are called, what happens to a
letter already there, which letters the run may remove, and what the run says about the
reviewer's entries.
"""

from __future__ import annotations

import hashlib
import re
from enum import StrEnum
from pathlib import PurePath

from xlperf.core.review.rubric import Result
from xlperf.core.review.state import Plan, UnitReview

#: Results that send a unit its letter and annotated workbook (优 only with ``--all``).
RETURNED = (Result.GOOD.value, Result.FAIR.value, Result.POOR.value)
LETTER_SUFFIX, ANNOTATED_SUFFIX = "_审核意见书.docx", "_校验"
#: A round's folder in the review folder: only files under such a folder are ever replaced.
ROUND_FOLDER = re.compile(r"第([1-9][0-9]{0,2})轮")
#: A file name's stem stays within this many bytes (UTF-8): a name's limit is 255 bytes on
#: Linux and macOS, and the suffixes (_审核意见书.docx, _校验.xlsm) and a tie-break need room.
STEM_BYTES = 180
#: Bad 审核结果 named one by one at most this often; the rest are counted.
NAMED = 10


class Outcome(StrEnum):
    """What happened to one letter of this run."""

    WRITTEN = "written"  # new
    UPDATED = "updated"  # replaced: xlperf's own, with other text now
    UNCHANGED = "unchanged"
    EDITED = "edited"  # edited by hand since xlperf wrote it: left alone
    REFUSED = "refused"  # not a regular file (a folder, a link, a device): left alone


def wanted(u: UnitReview, all_units: bool) -> bool:
    """Whether a unit gets a return package in this run (a unit not received keeps its own)."""
    if u.record is None or u.unit is None:
        return False
    return u.record.result in RETURNED or (all_units and u.record.result == Result.EXCELLENT)


def round_folder(u: UnitReview) -> str:
    """The folder of the unit's current round, e.g. 第2轮."""
    assert u.record is not None
    return f"第{u.record.round}轮"


def stem(u: UnitReview) -> str:
    """The unit's files' common stem: 单位编码_单位名称, safe and short enough for any disk."""
    name = re.sub(r'[\\/:*?"<>|\s\x00-\x1f]+', "_", f"{u.code or ''}_{u.name or ''}".strip("_"))
    if not name or set(name) <= {"."}:
        name = PurePath(u.record.path if u.record else "单位").stem or "单位"
        name = re.sub(r'[\\/:*?"<>|\s\x00-\x1f]+', "_", name)
    return shorten(name, STEM_BYTES)


def shorten(name: str, limit: int) -> str:
    """``name`` cut to ``limit`` UTF-8 bytes at a character, with a tie-break when cut."""
    raw = name.encode("utf-8", "surrogatepass")
    if len(raw) <= limit:
        return name
    tag = "~" + hashlib.sha256(raw).hexdigest()[:8]
    cut = raw[: limit - len(tag)].decode("utf-8", "ignore")
    return cut + tag


def letter_path(u: UnitReview) -> str:
    """The letter's path under the review folder."""
    return str(PurePath(round_folder(u)) / f"{stem(u)}{LETTER_SUFFIX}")


def annotated_path(u: UnitReview, suffix: str) -> str:
    """The annotated workbook's path under the review folder (``suffix`` as the unit's file)."""
    return str(PurePath(round_folder(u)) / f"{stem(u)}{ANNOTATED_SUFFIX}{suffix.lower()}")


def own_letter(relative: str) -> bool:
    """Whether a path from the review workbook's record names a letter xlperf may replace.

    Only 第N轮/<stem>_审核意见书.docx, relative, with no other part: an absolute path or
    ``..`` written into the hidden record names nothing xlperf may delete.
    """
    path = PurePath(relative)
    return (not path.is_absolute() and not path.anchor and len(path.parts) == 2
            and ROUND_FOLDER.fullmatch(path.parts[0]) is not None
            and path.parts[1] not in (".", "..") and path.parts[1].endswith(LETTER_SUFFIX))


def letter_outcome(exists: bool, current: str, fingerprint: str, *, ours: bool,
                   force: bool) -> Outcome:
    """What to do with a letter whose new text has ``fingerprint``.

    Args:
        exists: a regular file is at the letter's path (``current`` is its fingerprint).
        ours: the record says xlperf wrote that file there as it is now.
        force: replace a file edited by hand too.
    """
    if not exists:
        return Outcome.WRITTEN
    if current == fingerprint:
        return Outcome.UNCHANGED
    if force or ours:
        return Outcome.UPDATED
    return Outcome.EDITED


def entry_notes(plan: Plan) -> list[str]:
    """Say which rows hold a 审核结果 that is none of 优/良/中/差 (they stay 待审核)."""
    allowed = tuple(r.value for r in Result)
    bad = [f"{u.code or u.key}：审核结果“{_short(u.record.result)}”" for u in plan.units
           if u.record and u.record.result and u.record.result not in allowed]
    if not bad:
        return []
    if len(bad) <= NAMED:
        return [f"{b}不是 优/良/中/差，按“待审核”处理" for b in bad]
    return [f"{len(bad)} 个单位的审核结果不是 优/良/中/差，按“待审核”处理（如 "
            + "；".join(bad[:3]) + "）"]


def unmatched_note(plan: Plan, sheet: str, book: str) -> str | None:
    """Say that typed text no unit's row could take is kept, and where."""
    if not plan.unmatched:
        return None
    return (f"有 {len(plan.unmatched)} 处填写的内容未能对应到单位（单位编码改错、行被复制、"
            f"列被改名等），已原样保留在 {book} 的“{sheet}”表中，请核对")


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
