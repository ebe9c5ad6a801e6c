"""S007's search for text written twice: a copy-paste, not a phrase official prose repeats (pure).

Linear in the text's length; the usual cell with no repeat is ruled out by a few ``str.find``
calls before any exact search.
"""

from __future__ import annotations

import re

#: A repeat this long is a copy-paste wherever it stands; a shorter one only when it runs across
#: a clause mark (from _ACROSS characters) or is a whole clause (from _CLAUSE_LONG): names such
#: as ××省国民经济和社会发展第十五个五年规划 and parallel phrases recur in official prose by design.
_COPY_PASTE, _ACROSS, _CLAUSE_LONG = 40, 20, 16
_CLAUSE_MARK = frozenset("，。；：、！？,.;:!?")
_INNER_MARK = re.compile(r"[，。；！？,;!?]")


def copy_pasted(text: str) -> str | None:
    """The longest repeat when it is long or spans clauses, or a whole clause written twice."""
    repeated = _repeated(text)
    if repeated is None or len(repeated) >= _COPY_PASTE or (
            len(repeated) >= _ACROSS and _INNER_MARK.search(repeated[1:-1])):
        return repeated
    if len(repeated) < _CLAUSE_LONG:
        return None
    first = text.find(repeated)
    second = text.find(repeated, first + len(repeated))
    if all(_whole_clause(text, at, len(repeated)) for at in (first, second)):
        return repeated
    return None


def _whole_clause(text: str, at: int, length: int) -> bool:
    end = at + length
    return (at == 0 or text[at - 1] in _CLAUSE_MARK) and (
        end == len(text) or text[end] in _CLAUSE_MARK or text[end - 1] in _CLAUSE_MARK)


_WINDOW = 12
_STRIDE = 6
_PIECE = _WINDOW - _STRIDE + 1  # every 12-character stretch holds a piece starting at k·_STRIDE
#: Up to this length the quadratic-in-C pre-test below is the cheapest way to say "no repeat".
_PRETEST = 2_000
#: The longest repeated stretch looked for (and shown): linear time on any text.
_LONGEST = 200


def _repeated(text: str) -> str | None:
    """The longest stretch (12 … 200 characters) that occurs twice without overlapping.

    Linear in the length of the text: each window is looked up once in a dict, and a repeat is
    measured only when it could beat the best so far, by slice comparisons (done in C) of at
    most ``_LONGEST`` characters; the search ends as soon as a stretch of ``_LONGEST`` is found.
    """
    n = len(text)
    if n < 2 * _WINDOW:
        return None  # too short to hold a stretch twice (most cells)
    if n <= _PRETEST:
        # The usual case, proved cheaply: a 12-character stretch at j that recurs at i ≥ j + 12
        # contains the 7-character piece that starts at the multiple of 6 among j … j + 5, and
        # that piece recurs at least 7 characters further on. No such piece recurring: no repeat.
        find = text.find
        for p in range(0, n - _PIECE + 1, _STRIDE):
            if find(text[p:p + _PIECE], p + _PIECE) >= 0:
                break
        else:
            return None
    first: dict[str, int] = {}
    best_at, best = 0, 0
    for i in range(n - _WINDOW + 1):
        j = first.setdefault(text[i:i + _WINDOW], i)
        limit = min(i - j, n - i, _LONGEST)
        if limit >= _WINDOW and limit > best:
            length = _common(text, j, i, limit)
            if length > best:
                best_at, best = i, length
                if best == _LONGEST:
                    break
    return text[best_at:best_at + best] if best else None


def _common(text: str, j: int, i: int, limit: int) -> int:
    """How many characters from j and from i agree (at least _WINDOW, at most limit)."""
    if text[j:j + limit] == text[i:i + limit]:
        return limit
    low, high = _WINDOW, limit - 1  # agree for low characters, not for limit
    while low < high:
        mid = (low + high + 1) // 2
        if text[j + low:j + mid] == text[i + low:i + mid]:
            low = mid
        else:
            high = mid - 1
    return low
