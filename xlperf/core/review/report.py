"""What a review run says when it is done: a few lines for the command line and the button."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from xlperf.core.review.rubric import Result
from xlperf.core.review.state import Plan, Situation
from xlperf.core.summary.records import Status, Summary


def review_lines(plan: Plan, summary: Summary, *, letters: Sequence[int], workbooks: int,
                 book: str, folder: str, rubric: str) -> list[str]:
    """The result of a run: units by situation, results, the return package, where it is.

    ``letters`` is (written, updated, unchanged, removed).
    """
    situations = Counter(u.situation for u in plan.units)
    suggested = Counter(u.suggestion.result.value for u in plan.units if u.suggestion)
    statuses = Counter(u.status for u in plan.units)
    fresh = sum(u.fresh for u in plan.units)
    order = (Situation.FIRST, Situation.AGAIN, Situation.SAME, Situation.WAITING,
             Situation.MISSING, Situation.GONE)
    parts = "，".join(f"{s.split('（')[0]} {situations[s]}" for s in order if situations[s])
    written, updated, unchanged, removed = letters
    lines = [
        f"审核完成：共 {len(plan.units)} 个单位，本次新审核 {fresh} 个（{parts}）",
        "建议结果：" + "，".join(f"{r.value} {suggested[r.value]}" for r in Result)
        + f"（{rubric}）；状态：" + "，".join(f"{k} {v}" for k, v in sorted(statuses.items())),
        f"意见书：新写 {written} 份，更新 {updated} 份，未变 {unchanged} 份"
        + (f"，删除不再需要的 {removed} 份" if removed else "")
        + f"；标注工作簿：新写 {workbooks} 份 → {folder}",
        f"审核汇总：{book}（在“审核结果”“审核意见”“修改期限”三列填写后再次运行，意见书随之更新）",
    ]
    reviewed = {u.unit.path for u in plan.units if u.unit is not None}
    skipped = [s for s in summary.submissions if s.path and s.path not in reviewed]
    outside = summary.count(Status.OUTSIDE)
    if outside:
        lines.append(f"名录外单位 {outside} 个，已一并审核（见“报送情况”）")
    if skipped:
        lines.append(f"另有 {len(skipped)} 个文件未作为单位审核（详见“报送情况”）：")
        for s in skipped[:10]:
            detail = s.note if s.note.startswith(s.status) else "，".join(
                t for t in (s.status, s.note) if t)
            lines.append(f"  {s.path}：{detail}")
        if len(skipped) > 10:
            lines.append(f"  ……其余 {len(skipped) - 10} 个见“报送情况”")
    return lines
