"""xlperf: county budget performance-target workbooks: templates, reading, checks, consolidation."""

from xlperf.actions import new_unit, read_file, write_unit
from xlperf.models import (
    DepartmentTargets,
    Indicator,
    Project,
    SpendingPoint,
    SubTarget,
    TargetValue,
    TextItem,
    UnitInfo,
    UnitWorkbook,
    facts,
)
from xlperf.reader import ReadResult, read_book

__all__ = [
    "DepartmentTargets",
    "Indicator",
    "Project",
    "ReadResult",
    "SpendingPoint",
    "SubTarget",
    "TargetValue",
    "TextItem",
    "UnitInfo",
    "UnitWorkbook",
    "facts",
    "new_unit",
    "read_book",
    "read_file",
    "write_unit",
]
