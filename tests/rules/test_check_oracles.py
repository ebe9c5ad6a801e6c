"""The checker against independent lists: the seed's real problems and the planted mistakes."""

import yaml
from helpers import DATA, ROOT

from xlperf.app.actions import unit as actions
from xlperf.core.rules import RULES, run_checks
from xlperf.files.examples import example_names, load_example

RULES_OF = {code: set(rule.sources) for code, rule in RULES.items()}
SEED_XLSX = ROOT / "workbooks" / "examples" / "博野县总工会_2023.xlsx"


def _seed_findings():
    book = actions.read_file(SEED_XLSX).book
    return run_checks(book)


def _found(findings, sheet, cell, rule):
    return any(f.sheet == sheet and f.cell == cell and rule in RULES_OF.get(f.code, ())
               for f in findings)


def test_seed_problems_are_found_at_their_cells():
    problems = yaml.safe_load((DATA / "seed_problems.yaml").read_text("utf-8"))["problems"]
    findings = _seed_findings()
    missed = [p for p in problems if not _found(findings, p["sheet"], p["cell"], p["rule"])]
    expected = [p for p in missed if not p.get("hard")]
    assert expected == [], "problems every check should find"
    recall = 1 - len(missed) / len(problems)
    assert recall >= 0.85, f"recall {recall:.0%}, missed: {missed}"


def test_correct_parts_of_the_seed_are_silent():
    lists = yaml.safe_load((DATA / "seed_problems.yaml").read_text("utf-8"))["correct_cells"]
    quiet = {(entry["sheet"], cell) for entry in lists for cell in entry["cells"]}
    noisy = [(f.sheet, f.cell, f.code, f.message) for f in _seed_findings()
             if (f.sheet, f.cell) in quiet]
    assert noisy == []


def test_every_planted_mistake_is_found_and_nothing_else():
    planted = yaml.safe_load((DATA / "planted_mistakes.yaml").read_text("utf-8"))
    for name in example_names():
        if name == "博野县总工会_2023":
            continue
        findings = [f for f in run_checks(load_example(name)) if f.severity != "info"]
        expected = [m for m in planted["mistakes"] if m["unit"] == name]
        for mistake in expected:
            hits = [f for f in findings if mistake["rule"] in RULES_OF[f.code]
                    and f.project_code == mistake["project_code"]
                    and (mistake["indicator"] is None or f.indicator == mistake["indicator"])]
            assert hits, f"{name}: planted {mistake['rule']} not found: {mistake['description']}"
        # one finding per planted mistake: the checker adds no noise of its own
        assert len(findings) == len(expected), [(f.code, f.message) for f in findings]
    for name in planted["clean_units"]:
        assert run_checks(load_example(name)) == []
