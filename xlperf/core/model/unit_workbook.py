"""The data of one unit's 部门预算绩效文本: strict, immutable pydantic models.

Money is ``Decimal`` in 万元 and percentages are ``Decimal`` percent (25 means 25%). Every located
model keeps ``cells``: field name → the A1 cell it was read from (and ``sheet`` where the model
owns a sheet). Locations are bookkeeping, not content: compare two workbooks with :func:`facts`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from xlperf.core.model import indicator_value as values
from xlperf.core.model.indicator_value import Comparator, ValueKind
from xlperf.core.model.vocab import DEFAULT_MILESTONES


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


Text = Annotated[str | None, BeforeValidator(_blank_to_none)]
Amount = Annotated[Decimal | None, Field(description="金额（万元）")]
Percent = Annotated[Decimal | None, Field(description="累计支出比例（%），25 表示 25%")]
#: Fields whose cell held text that could not be read (a reading finding says so): not blank.
UNREAD = "读不出的字段 → 单元格原文（已作为读取问题报告；不是空白）"


class Model(BaseModel):
    """Base of all xlperf models: strict, frozen, no unknown keys."""

    model_config = ConfigDict(
        strict=True, frozen=True, extra="forbid", str_strip_whitespace=True
    )


class Located(Model):
    """A model that remembers the cells its fields came from."""

    cells: dict[str, str] = Field(
        default_factory=dict, description="字段名 → 来源单元格（A1 引用）"
    )


class IndicatorValue(Model):
    """指标值: the text as written plus its parsed form (always derived from the text)."""

    text: Text = Field(default=None, description="指标值原文")
    kind: ValueKind = ValueKind.EMPTY
    comparator: Comparator | None = None
    number: Decimal | None = None
    unit: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _parse_text(cls, data: Any) -> Any:
        if data is None or isinstance(data, str | int | float | Decimal):
            data = {"text": None if data is None else _number_text(data)}
        if isinstance(data, dict):
            text = _blank_to_none(data.get("text"))
            parsed = values.parse(text)
            return {"text": text, **parsed._asdict()}
        return data

    @classmethod
    def of(cls, text: str | None) -> IndicatorValue:
        """The value of a cell's text, parsed, without validation (the readers' fast path)."""
        return cls.model_construct(text=text, **values.parse(text)._asdict())


def _number_text(value: str | int | float | Decimal) -> str:
    if isinstance(value, float):
        return repr(value)
    return str(value)


class Indicator(Located):
    """One 三级指标 row of a 预算项目绩效目标表."""

    level1: Text = Field(default=None, description="一级指标")
    level2: Text = Field(default=None, description="二级指标")
    name: Text = Field(default=None, description="三级指标")
    description: Text = Field(default=None, description="绩效指标描述")
    value: IndicatorValue = Field(default_factory=IndicatorValue, description="指标值")
    basis: Text = Field(default=None, description="指标值确定依据")


class SpendingPoint(Located):
    """One milestone of the cumulative 资金支出计划."""

    milestone: str = Field(description="时点，如 3月底")
    percent: Percent = None
    unreadable: dict[str, str] = Field(default_factory=dict, description=UNREAD)


class Project(Located):
    """One 预算项目绩效目标表."""

    sheet: str | None = Field(default=None, description="工作表名")
    unit_code: Text = Field(default=None, description="表头单位编码")
    unit_name: Text = Field(default=None, description="表头单位名称")
    amount_unit: Text = Field(default="万元", description="金额单位")
    code: Text = Field(default=None, description="项目编码")
    name: Text = Field(default=None, description="项目名称")
    budget: Amount = Field(default=None, description="预算数（万元）")
    fiscal_funds: Amount = Field(default=None, description="其中：财政资金（万元）")
    other_funds: Amount = Field(default=None, description="其他资金（万元）")
    purpose: Text = Field(default=None, description="资金用途")
    spending_plan: list[SpendingPoint] = Field(default_factory=list, description="资金支出计划")
    targets: list[str] = Field(default_factory=list, description="绩效目标（逐条）")
    indicators: list[Indicator] = Field(default_factory=list, description="绩效指标")
    unreadable: dict[str, str] = Field(default_factory=dict, description=UNREAD)

    @classmethod
    def blank(cls, info: UnitInfo | None = None) -> Project:
        """A new, empty project table: the unit's header line and the standard milestones."""
        return cls(
            unit_code=info.code if info else None,
            unit_name=info.name if info else None,
            spending_plan=[SpendingPoint(milestone=m) for m in DEFAULT_MILESTONES],
        )

    @property
    def title(self) -> str:
        """The table's title as in the 目录: ``<项目名称>绩效目标表``."""
        return f"{self.name or '（未命名项目）'}绩效目标表"


class TextItem(Located):
    """One numbered paragraph of Part 1 (总体绩效目标 or 工作保障措施)."""

    number: Text = Field(default=None, description="序号，如 （一）、1.")
    text: Text = Field(default=None, description="内容")


class SubTarget(Located):
    """One 分项绩效目标: 名称, 绩效目标, 绩效指标."""

    number: Text = Field(default=None, description="序号")
    name: Text = Field(default=None, description="名称")
    target: Text = Field(default=None, description="绩效目标")
    indicators: Text = Field(default=None, description="绩效指标")


class DepartmentTargets(Located):
    """第一部分 部门整体绩效目标."""

    sheet: str | None = None
    overall: list[TextItem] = Field(default_factory=list, description="一、总体绩效目标")
    sub_targets: list[SubTarget] = Field(default_factory=list, description="二、分项绩效目标")
    measures: list[TextItem] = Field(default_factory=list, description="三、工作保障措施")


class UnitInfo(Located):
    """单位信息 from the cover sheet."""

    sheet: str | None = None
    code: Text = Field(default=None, description="单位编码")
    name: Text = Field(default=None, description="单位名称")
    year: int | None = Field(default=None, description="预算年度")
    compiler: Text = Field(default=None, description="编制单位")
    reviewer: Text = Field(default=None, description="审核单位")
    unreadable: dict[str, str] = Field(default_factory=dict, description=UNREAD)


class UnitWorkbook(Model):
    """One unit's 部门预算绩效文本: unit info, Part 1 and every project table."""

    info: UnitInfo = Field(default_factory=UnitInfo)
    department: DepartmentTargets = Field(default_factory=DepartmentTargets)
    projects: list[Project] = Field(default_factory=list)

    @property
    def title(self) -> str:
        """The document title, e.g. ``博野县总工会 2023 年部门预算绩效文本``."""
        year = self.info.year if self.info.year is not None else "____"
        return f"{self.info.compiler or self.info.name or ''} {year} 年部门预算绩效文本".strip()


_LOCATION_KEYS = frozenset({"cells", "sheet"})


def facts(model: BaseModel) -> Any:
    """Dump a model as JSON-ready data without its cell locations, for content comparison."""
    return _strip(model.model_dump(mode="json"))


def _strip(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _strip(v) for k, v in data.items() if k not in _LOCATION_KEYS}
    if isinstance(data, list):
        return [_strip(v) for v in data]
    return data
