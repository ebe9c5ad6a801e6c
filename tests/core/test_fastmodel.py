"""The fast constructor builds exactly what pydantic's model_construct builds."""

from decimal import Decimal

import pytest

from xlperf.core.model.fastmodel import complete, construct, restore
from xlperf.core.model.findings import Finding, Severity
from xlperf.core.model.unit_workbook import (
    Indicator,
    IndicatorValue,
    Project,
    SpendingPoint,
    UnitInfo,
)


@pytest.mark.parametrize(("cls", "data"), [
    (Finding, {"sheet": "项目1", "cell": "B3", "code": "F001", "name": "x",
               "severity": Severity.ERROR, "message": "m", "hint": "h"}),
    (Indicator, {"level1": "产出指标", "name": "人数", "cells": {"name": "C10"},
                 "value": IndicatorValue(text="≥5人")}),
    (Project, {"code": "P1", "budget": Decimal("1.50")}),
    (SpendingPoint, {"milestone": "3月底", "percent": Decimal(25)}),
    (UnitInfo, {}),
])
def test_construct_equals_model_construct_and_validates(cls, data):
    fast = construct(cls, data)
    assert fast == cls.model_construct(**data)
    assert fast.model_fields_set == set(data)
    assert cls.model_validate(fast.model_dump()) == fast


def test_defaults_are_fresh_per_instance():
    one, two = construct(Project, {}), construct(Project, {})
    assert one.indicators == [] and one.indicators is not two.indicators


def test_the_installed_pydantic_is_one_whose_slots_were_checked():
    # Fails on a pydantic upgrade: check that construct() still equals model_construct() on the
    # new version (the tests above, with FAST forced on), then add it to CHECKED.
    import pydantic

    from xlperf.core.model import fastmodel

    assert ".".join(pydantic.VERSION.split(".")[:2]) in fastmodel.CHECKED
    assert fastmodel.FAST


def test_an_unchecked_pydantic_gets_model_construct(monkeypatch):
    from xlperf.core.model import fastmodel

    monkeypatch.setattr(fastmodel, "FAST", False)
    made = construct(Project, {"code": "P1"})
    assert made == Project.model_construct(code="P1") and made.model_fields_set == {"code"}


def test_restore_equals_construct_from_every_field():
    data = {"file": "a.xlsx", "sheet": "项目1", "cell": "B3", "project_code": "P1",
            "indicator": None, "code": "F001", "name": "x", "severity": Severity.ERROR,
            "message": "m", "hint": "h", "fix": None}
    back = restore(Finding, dict(data))
    assert back == construct(Finding, data) == Finding.model_validate(data)
    assert back.model_fields_set == set(data)


def test_construct_keeps_declaration_order_and_leaves_out_what_is_no_field():
    made = construct(Project, {"budget": Decimal(1), "code": "P1"})
    assert list(made.__dict__) == list(Project.model_fields)
    odd = construct(Project, {"code": "P1", "nope": 1})  # as before: kept out of the values
    assert list(odd.__dict__) == list(Project.model_fields)
    assert odd.model_fields_set == {"code", "nope"}


@pytest.mark.parametrize("fast", [True, False])
def test_complete_equals_construct_from_every_field(monkeypatch, fast):
    from xlperf.core.model import fastmodel

    monkeypatch.setattr(fastmodel, "FAST", fast)
    data = {"file": None, "sheet": "项目1", "cell": "B3", "project_code": "P1",
            "indicator": "人数", "code": "F001", "name": "x", "severity": Severity.ERROR,
            "message": "m", "hint": "h", "fix": None}
    made, built = complete(Finding, dict(data)), construct(Finding, dict(data))
    assert made == built and list(made.__dict__) == list(built.__dict__)
    assert made.model_fields_set == built.model_fields_set == set(data)
