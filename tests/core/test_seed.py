"""The seed document as data: the example workbook reproduces every fact of the seed text.

The oracle here is a deliberately naive, position-based reading of the seed's tab-separated
tables (tests/data/seed.txt, a copy of the shared seed), independent of xlperf's reader.
"""

import json
from decimal import Decimal

import pytest
from helpers import DATA, ROOT

from xlperf.app.cli import main

SEED_XLSX = ROOT / "workbooks" / "examples" / "博野县总工会_2023.xlsx"


def seed_tables() -> list[dict]:
    lines = (DATA / "seed.txt").read_text("utf-8").split("\n")
    tables = []
    for i, line in enumerate(lines):
        if not line.startswith("项目编码\t"):
            continue
        head = line.split("\t")
        money = lines[i + 1].split("\t")
        labels, values = lines[i + 3].split("\t")[1:], lines[i + 4].split("\t")[1:]
        assert lines[i + 6].startswith("一级指标\t")
        rows, level1 = [], None
        for row in lines[i + 7:]:
            if not row.strip():
                break
            cells = row.split("\t")
            level1 = cells[0] or level1
            rows.append([level1, *cells[1:6]])
        tables.append({
            "unit_line": lines[i - 4], "amount_unit": lines[i - 2],
            "code": head[1], "name": head[4],
            "budget": money[2], "fiscal": money[4], "other": money[6] if len(money) > 6 else "",
            "purpose": lines[i + 2].split("\t")[1],
            "plan": [(label, value) for label, value in zip(labels, values, strict=False) if label],
            "targets": lines[i + 5].split("\t")[1],
            "indicators": rows,
        })
    return tables


@pytest.fixture(scope="module")
def dumped(capsys_module=None) -> dict:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["dump", str(SEED_XLSX), "--no-cells"]) == 0
    return json.loads(buffer.getvalue())


def test_four_tables_in_the_seed_text():
    assert [t["code"] for t in seed_tables()] == [
        "13063723P004287100744", "13063723P00428710008F", "13063723P00428710060R",
        "13063723P00428710007U"]


def test_dump_reproduces_every_table_cell(dumped):
    tables = seed_tables()
    assert len(dumped["projects"]) == len(tables) == 4
    for table, project in zip(tables, dumped["projects"], strict=True):
        assert f'{project["unit_code"]} {project["unit_name"]}' == table["unit_line"]
        assert f'单位：{project["amount_unit"]}' == table["amount_unit"]
        assert project["code"] == table["code"] and project["name"] == table["name"]
        assert project["budget"] == table["budget"] and project["fiscal_funds"] == table["fiscal"]
        assert (project["other_funds"] or "") == table["other"]
        assert project["purpose"] == table["purpose"]
        assert [(p["milestone"], f'{p["percent"]}%') for p in project["spending_plan"]] == \
            table["plan"]
        numbered = " ".join(f"{n}. {t}" for n, t in enumerate(project["targets"], start=1))
        assert numbered == table["targets"]
        got = [[i["level1"], i["level2"], i["name"], i["description"], i["value"]["text"],
                 i["basis"]] for i in project["indicators"]]
        assert got == table["indicators"]


def test_budgets_sum_to_26_99(dumped):
    assert sum(Decimal(p["budget"]) for p in dumped["projects"]) == Decimal("26.99")


def test_cover_facts(dumped):
    text = (DATA / "seed.txt").read_text("utf-8")
    info = dumped["info"]
    assert f'{info["compiler"]}编制' in text and f'{info["reviewer"]}审核' in text
    assert f'{info["year"]} 年部门预算绩效文本' in text
    assert info["code"] == "711001"


def _compact(text: str) -> str:
    return "".join(text.split())


def test_part1_keeps_every_paragraph(dumped):
    text = (DATA / "seed.txt").read_text("utf-8")
    part1 = text[text.index("一、总体绩效目标\n"):text.index("第二部分\n\n预算项目绩效目标\n\n1.")]
    department = dumped["department"]
    pieces = [f'{i["number"] or ""}{i["text"]}'
              for i in department["overall"] + department["measures"]]
    pieces += [f'{s["number"]}{s["name"]}绩效目标:{s["target"]}绩效指标:{s["indicators"]}'
               for s in department["sub_targets"]]
    everything = _compact("".join(pieces)).replace("：", ":")
    headings = {"一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施"}
    paragraphs = [p for p in part1.split("\n") if p.strip() and p.strip() not in headings]
    missing = [p for p in paragraphs if _compact(p).replace("：", ":") not in everything]
    assert missing == []
    assert len(department["sub_targets"]) == 7
    assert department["overall"][0] == {"number": "(一)", "text": "总体绩效目标"}
    assert [m["number"] for m in department["measures"]] == [
        "1.", "2.", "3.", "4.", "5.", "6.", "(七)"]
