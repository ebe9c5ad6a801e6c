"""The indicator vocabulary: 一级/二级 indicator names, frameworks and aliases (RULES.md §2.1)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar


class Level1(StrEnum):
    """一级指标."""

    OUTPUT = "产出指标"
    BENEFIT = "效益指标"
    SATISFACTION = "满意度指标"
    COST = "成本指标"  # 一级 only in framework B (财预〔2021〕101号)


class Level2(StrEnum):
    """二级指标 of both frameworks."""

    QUANTITY = "数量指标"
    QUALITY = "质量指标"
    TIMELINESS = "时效指标"
    COST = "成本指标"  # under 产出指标 in framework A
    ECONOMIC = "经济效益指标"
    SOCIAL = "社会效益指标"
    ECOLOGICAL = "生态效益指标"
    SUSTAINABLE = "可持续影响指标"
    SERVICE_SATISFACTION = "服务对象满意度指标"
    ECONOMIC_COST = "经济成本指标"
    SOCIAL_COST = "社会成本指标"
    ECOLOGICAL_COST = "生态环境成本指标"


class Framework(StrEnum):
    """Which indicator framework a table follows."""

    A = "财预〔2015〕88号"
    B = "财预〔2021〕101号"


#: 一级 → allowed 二级, in canonical order, per framework.
FRAMEWORKS: dict[Framework, dict[Level1, tuple[Level2, ...]]] = {
    Framework.A: {
        Level1.OUTPUT: (Level2.QUANTITY, Level2.QUALITY, Level2.TIMELINESS, Level2.COST),
        Level1.BENEFIT: (
            Level2.ECONOMIC,
            Level2.SOCIAL,
            Level2.ECOLOGICAL,
            Level2.SUSTAINABLE,
        ),
        Level1.SATISFACTION: (Level2.SERVICE_SATISFACTION,),
    },
    Framework.B: {
        Level1.COST: (Level2.ECONOMIC_COST, Level2.SOCIAL_COST, Level2.ECOLOGICAL_COST),
        Level1.OUTPUT: (Level2.QUANTITY, Level2.QUALITY, Level2.TIMELINESS),
        Level1.BENEFIT: (
            Level2.ECONOMIC,
            Level2.SOCIAL,
            Level2.ECOLOGICAL,
            Level2.SUSTAINABLE,
        ),
        Level1.SATISFACTION: (Level2.SERVICE_SATISFACTION,),
    },
}

#: Every 二级 that is a cost indicator, in either framework.
COST_LEVEL2: frozenset[Level2] = frozenset(
    {Level2.COST, Level2.ECONOMIC_COST, Level2.SOCIAL_COST, Level2.ECOLOGICAL_COST}
)

#: 一级 choices offered in the template dropdown, in display order.
LEVEL1_CHOICES: tuple[Level1, ...] = (
    Level1.OUTPUT,
    Level1.BENEFIT,
    Level1.SATISFACTION,
    Level1.COST,
)

#: 二级 offered under each 一级 in the dependent dropdown (the union of both frameworks).
LEVEL2_CHOICES: dict[Level1, tuple[Level2, ...]] = {
    Level1.OUTPUT: FRAMEWORKS[Framework.A][Level1.OUTPUT],
    Level1.BENEFIT: FRAMEWORKS[Framework.A][Level1.BENEFIT],
    Level1.SATISFACTION: FRAMEWORKS[Framework.A][Level1.SATISFACTION],
    Level1.COST: FRAMEWORKS[Framework.B][Level1.COST],
}

#: Accepted aliases (RULES.md §2.1), normalised before any check.
LEVEL1_ALIASES: dict[str, Level1] = {
    "效果指标": Level1.BENEFIT,
    "项目完成指标": Level1.OUTPUT,
}
LEVEL2_ALIASES: dict[str, Level2] = {
    "环境效益指标": Level2.ECOLOGICAL,
    "社会公众或服务对象满意度指标": Level2.SERVICE_SATISFACTION,
    "满意度指标": Level2.SERVICE_SATISFACTION,
    "进度指标": Level2.TIMELINESS,
}

#: The cumulative spending-plan milestones of the Hebei table (RULES.md §4: configurable).
DEFAULT_MILESTONES: tuple[str, ...] = ("3月底", "6月底", "10月底", "12月底")

#: The indicator skeleton of a new project: one row per 二级 of framework A.
SKELETON: tuple[tuple[Level1, Level2], ...] = tuple(
    (level1, level2)
    for level1, level2s in FRAMEWORKS[Framework.A].items()
    for level2 in level2s
)


_Name = TypeVar("_Name", bound=StrEnum)


def _compact(text: str) -> str:
    return "".join(text.split())


def _normalize(text: str | None, names: type[_Name], aliases: Mapping[str, _Name]
               ) -> _Name | None:
    if not text:
        return None
    compact = _compact(text)
    if compact in names._value2member_map_:
        return names(compact)
    return aliases.get(compact)


def normalize_level1(text: str | None) -> Level1 | None:
    """Map a 一级指标 as written (aliases, stray spaces) to its canonical name, or None."""
    return _normalize(text, Level1, LEVEL1_ALIASES)


def normalize_level2(text: str | None) -> Level2 | None:
    """Map a 二级指标 as written (aliases, stray spaces) to its canonical name, or None."""
    return _normalize(text, Level2, LEVEL2_ALIASES)
