"""The review's 报送情况: the county summary's, and the units reviewed before not received now.

A unit reviewed in an earlier run whose file is gone (or no longer usable) keeps its row in 审核汇总
marked “本次未收到可用文件（见“报送情况”）”; 报送情况 must then list it too, as 未报送, with the
round it was last received in (pure).
"""

from __future__ import annotations

import re
from dataclasses import replace

from xlperf.core.review.state import Plan, Situation
from xlperf.core.summary.records import Status, Submission, Summary, submission_order


def with_units_gone(summary: Summary, plan: Plan) -> Summary:
    """The summary with a 未报送 row for every unit of the plan not received this time."""
    rows = list(summary.submissions)
    missing = {s.code: n for n, s in enumerate(rows) if s.status == Status.MISSING and s.code}
    for unit in plan.units:
        record = unit.record
        if unit.situation != Situation.GONE or record is None:
            continue
        note = (f"第{record.round}轮（{record.date}）收到“{_file_name(record.path)}”，"
                "本次未收到可用文件")
        if unit.code in missing:  # the roster lists it already: say when it was last received
            n = missing[unit.code]
            rows[n] = replace(rows[n], note="；".join(t for t in (rows[n].note, note) if t))
        else:
            rows.append(Submission(unit.code, unit.name or record.name or None, Status.MISSING,
                                   None, None, note))
    return replace(summary, submissions=sorted(rows, key=submission_order))


def _file_name(path: str) -> str:
    return re.split(r"[\\/]", path)[-1]
