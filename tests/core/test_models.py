"""The pydantic models: strict, immutable, parsed values kept with their text."""

import json
from decimal import Decimal

import pytest
from pydantic import ValidationError

from xlperf.core.model.indicator_value import Comparator, ValueKind
from xlperf.core.model.unit_workbook import Indicator, IndicatorValue, Project, UnitWorkbook, facts


def test_unknown_keys_are_rejected():
    with pytest.raises(ValidationError):
        UnitWorkbook.model_validate_json('{"info": {"code": "1", "colour": "red"}}')


def test_money_is_decimal_and_strict():
    project = Project.model_validate_json('{"budget": "10.09", "fiscal_funds": 10.09}')
    assert project.budget == Decimal("10.09") and isinstance(project.fiscal_funds, Decimal)
    with pytest.raises(ValidationError):
        Project(budget=10.09)  # a float in Python is refused: money never passes through float


def test_models_are_frozen():
    project = Project(name="x")
    with pytest.raises(ValidationError):
        project.name = "y"


def test_target_value_parsed_form_always_follows_text():
    # A stale parsed form in the input cannot disagree with the text as written.
    value = IndicatorValue.model_validate({"text": "≥90%", "kind": "无法解析", "number": "1"})
    assert (value.kind, value.comparator, value.number) == (
        ValueKind.QUANTITATIVE, Comparator.GE, Decimal("90"))


def test_unparseable_value_is_kept():
    indicator = Indicator(name="救助人数", value="在档管理困难职工及劳模")
    assert indicator.value.text == "在档管理困难职工及劳模"
    assert indicator.value.kind is ValueKind.UNPARSED


def test_blank_text_becomes_none():
    assert Indicator(name="  ", basis="").name is None


def test_facts_drop_locations_only():
    a = Project(name="x", sheet="项目1", cells={"name": "E3"})
    b = Project(name="x", sheet="项目9", cells={"name": "E30"})
    assert a != b and facts(a) == facts(b)
    assert facts(a)["name"] == "x"


def test_json_schema_is_exported_and_committed(pytest_root=None):
    from helpers import ROOT

    schema = UnitWorkbook.model_json_schema()
    assert schema["title"] == "UnitWorkbook"
    committed = json.loads((ROOT / "docs" / "schema.json").read_text("utf-8"))
    assert committed == schema, "docs/schema.json is stale: run `make docs`"


def test_json_round_trip(seed_book):
    again = UnitWorkbook.model_validate_json(seed_book.model_dump_json())
    assert again == seed_book
