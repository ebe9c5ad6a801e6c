"""Rounds, by hand: which problems were fixed, and what a run keeps of the reviewer's work."""

from __future__ import annotations

from xlperf.core.model.findings import Finding, Severity
from xlperf.core.review.problems import compare
from xlperf.core.review.state import (
    Entry,
    Memory,
    RoundRecord,
    Situation,
    State,
    Submitted,
    plan_review,
)
from xlperf.files.rubricfile import load_rubric

E, W = Severity.ERROR, Severity.WARNING


def _p(code: str, sheet: str, cell: str, indicator: str | None = None,
       severity: Severity = E) -> Finding:
    return Finding(code=code, name="x", severity=severity, sheet=sheet, cell=cell,
                   indicator=indicator, message="", hint="")


def test_problems_match_by_code_sheet_and_indicator_not_by_cell():
    before = [_p("I101", "项目1", "E14", "补助标准"), _p("I003", "项目1", "B15", "农药"),
              _p("F007", "项目4", "E7"), _p("S005", "部门整体绩效目标", "B8"),
              _p("S005", "部门整体绩效目标", "B9")]
    # Rows moved (E14 → E15, B15 → B16); F007 fixed; one S005 of two fixed; I101 moved to
    # another sheet (a different problem); a new F006.
    after = [_p("I003", "项目1", "B16", "农药"), _p("S005", "部门整体绩效目标", "B12"),
             _p("I101", "项目2", "E15", "补助标准"), _p("F006", "项目2", "F7")]
    comparison, seen, fixed = compare(before, after)
    assert (comparison.previous, comparison.fixed, comparison.still_open, comparison.new) == \
        (5, 3, 2, 2)
    assert seen == [True, True, False, False]
    assert [(p.code, p.cell) for p in fixed] == [("I101", "E14"), ("F007", "E7"), ("S005", "B9")]
    assert comparison.sentence == "上轮指出的 5 条问题已改正 3 条，仍有 2 条未改正；新发现 2 条"


def test_the_same_problem_twice_counts_twice():
    before = [_p("I110", "项目1", "F11", "x", W)] * 3
    after = [_p("I110", "项目1", "F12", "x", W)] * 4
    comparison, seen, fixed = compare(before, after)
    assert (comparison.fixed, comparison.still_open, comparison.new) == (0, 3, 1)
    assert seen == [True, True, True, False] and fixed == []


def _finding(sheet: str, cell: str, indicator: str | None, severity: Severity, code: str,
             name: str, message: str, hint: str) -> Finding:
    return Finding(sheet=sheet, cell=cell, project_code="P1", indicator=indicator, code=code,
                   name=name, severity=severity, message=message, hint=hint)


FINDING = _finding("项目1", "E14", "补助标准", E, "I101", "value-unparseable", "无法解析", "改")
WARNING = _finding("项目1", "B8", None, W, "F011", "targets-copy-purpose", "相同", "改写")
NOTE = _finding("项目1", "B9", None, Severity.INFO, "S009", "english-word", "英文", "改")


def _unit(key: str, fingerprint: str, findings: tuple = (FINDING,)) -> Submitted:
    return Submitted(key, key, f"单位{key}", f"/收件/{key}.xlsx", 0.0, fingerprint, findings)


def test_a_first_run_opens_round_one_with_the_suggestion_as_the_default():
    plan = plan_review(Memory(), [_unit("701", "a"), _unit("702", "b", (WARNING, NOTE))],
                       [("799", "未报送局")], load_rubric(), "2024-11-20")
    rows = {u.key: u for u in plan.units}
    assert [u.key for u in plan.units] == ["701", "702", "799"]
    first = rows["701"]
    assert first.situation == Situation.FIRST and first.fresh and first.record is not None
    assert (first.record.round, first.record.result, first.record.prefilled) == (1, "中", "中")
    assert first.status == State.RETURNED and first.comparison is None
    assert rows["702"].record.result == "良" and rows["702"].status == State.PASSED
    assert [p.code for p in rows["702"].problems] == ["F011"]  # 提示 are not problems
    assert rows["799"].situation == Situation.MISSING and rows["799"].status == State.MISSING
    assert plan.problems[("701", 1)][0].code == "I101"


def _memory() -> Memory:
    rounds = [RoundRecord("701", 1, "2024-11-20", "a", "/收件/701.xlsx", "单位701", "中", "中",
                          "差", "重写指标", "2024-12-10"),
              RoundRecord("702", 1, "2024-11-20", "b", "/收件/702.xlsx", "单位702", "良", "良",
                          "良", "", ""),
              RoundRecord("703", 1, "2024-11-20", "c", "/收件/703.xlsx", "单位703", "中", "中",
                          "中", "", "")]
    problems = {("701", 1): [_p("I101", "项目1", "E14", "补助标准")],
                ("702", 1): [_p("F011", "项目1", "B8", None, W)],
                ("703", 1): [_p("I101", "项目1", "E14", "补助标准")]}
    entries = {"701": Entry("差", "重写指标", "2024-12-10"), "702": Entry("良", "", ""),
               "703": Entry("中", "请补充依据", "")}
    rows = {"703": {"单位编码": "703", "单位名称": "单位703", "轮次": 1, "本次情况": "首次报送"}}
    return Memory(rounds, problems, entries, rows)


def test_a_changed_file_opens_the_next_round_and_keeps_the_old_entries_as_history():
    plan = plan_review(_memory(), [_unit("701", "a2", (WARNING,))], [], load_rubric(),
                       "2024-12-01")
    unit = next(u for u in plan.units if u.key == "701")
    assert unit.situation == Situation.AGAIN and unit.fresh
    assert unit.record is not None and unit.previous is not None
    assert (unit.record.round, unit.record.date, unit.record.result, unit.record.opinion,
            unit.record.deadline) == (2, "2024-12-01", "良", "", "")
    assert (unit.previous.result, unit.previous.opinion) == ("差", "重写指标")
    assert unit.comparison is not None
    assert unit.comparison.sentence == "上轮指出的 1 条问题已全部改正；新发现 1 条"
    kept = [(r.unit, r.round) for r in plan.rounds]
    assert ("701", 1) in kept and ("701", 2) in kept
    assert set(plan.problems) >= {("701", 1), ("701", 2)}


def test_an_unchanged_file_keeps_its_round_and_what_the_reviewer_typed():
    plan = plan_review(_memory(), [_unit("701", "a"), _unit("702", "b", (WARNING,))], [],
                       load_rubric(), "2024-12-01")
    rows = {u.key: u for u in plan.units}
    returned, passed = rows["701"], rows["702"]
    assert returned.record is not None and not returned.fresh
    assert (returned.record.round, returned.record.result, returned.record.opinion,
            returned.record.deadline) == (1, "差", "重写指标", "2024-12-10")
    assert returned.situation == Situation.WAITING  # returned on 11-20, nothing new since
    assert passed.situation == Situation.SAME and passed.record.result == "良"


def test_the_default_follows_a_new_suggestion_until_the_reviewer_changes_it():
    memory = _memory()
    memory.entries["702"] = Entry("良", "", "")  # still the suggestion xlperf put there
    plan = plan_review(memory, [_unit("702", "b", ())], [], load_rubric(), "2024-11-20")
    row = next(u for u in plan.units if u.key == "702")
    assert row.record is not None
    assert (row.record.result, row.record.prefilled) == ("优", "优")  # e.g. a new rubric
    memory.entries["702"] = Entry("中", "", "")  # the reviewer chose 中
    plan = plan_review(memory, [_unit("702", "b", ())], [], load_rubric(), "2024-11-20")
    assert next(u for u in plan.units if u.key == "702").record.result == "中"


def test_a_unit_that_disappeared_keeps_its_row_marked():
    plan = plan_review(_memory(), [], [], load_rubric(), "2024-12-01")
    gone = next(u for u in plan.units if u.key == "703")
    assert gone.situation == Situation.GONE and gone.kept is not None
    assert gone.record is not None and gone.record.opinion == "请补充依据"
    assert ("703", 1) in plan.problems


def test_a_note_on_a_unit_that_sent_nothing_stays_and_follows_its_first_file():
    memory = Memory(entries={"799": Entry("", "已电话催报", "2024-11-25")})
    plan = plan_review(memory, [], [("799", "未报送局")], load_rubric(), "2024-11-20")
    waiting = plan.units[0]
    assert waiting.situation == Situation.MISSING and waiting.typed == memory.entries["799"]
    plan = plan_review(memory, [_unit("799", "z")], [], load_rubric(), "2024-11-28")
    first = plan.units[0]
    assert first.record is not None and first.situation == Situation.FIRST
    assert (first.record.result, first.record.opinion, first.record.deadline) == \
        ("中", "已电话催报", "2024-11-25")


def test_many_bad_results_make_one_note_not_one_line_each():
    from xlperf.core.review.policy import NAMED, entry_notes

    units = [_unit(f"7{n:02d}", "a") for n in range(NAMED + 5)]
    memory = Memory(
        rounds=[RoundRecord(u.key, 1, "2024-11-20", "a", u.path, u.name or "", "中", "中", "中")
                for u in units],
        entries={u.key: Entry("甲", "", "") for u in units})
    notes = entry_notes(plan_review(memory, units, [], load_rubric(), "2024-11-20"))
    assert len(notes) == 1 and notes[0].startswith(f"{NAMED + 5} 个单位的审核结果不是")
    memory.entries = {units[0].key: Entry("甲", "", "")}
    assert entry_notes(plan_review(memory, units, [], load_rubric(), "2024-11-20")) == [
        "700：审核结果“甲”不是 优/良/中/差，按“待审核”处理"]
