"""xlperf: county budget performance-target workbooks: templates, reading, checks, consolidation."""

from typing import Any

from xlperf.core.model.unit_workbook import (
    DepartmentTargets,
    Indicator,
    IndicatorValue,
    Project,
    SpendingPoint,
    SubTarget,
    TextItem,
    UnitInfo,
    UnitWorkbook,
    facts,
)
from xlperf.core.workbook.reader import ReadResult, read_book

#: Verbs on files, imported on first use: they need openpyxl and python-calamine, which the
#: Excel buttons do not (xlwings Lite runs in a browser Python without calamine).
_FILE_VERBS = frozenset({"new_unit", "read_file", "write_unit"})


def __getattr__(name: str) -> Any:
    if name in _FILE_VERBS:
        from xlperf.app.actions import unit as actions

        return getattr(actions, name)
    raise AttributeError(f"module 'xlperf' has no attribute {name!r}")


__all__ = [
    "DepartmentTargets",
    "Indicator",
    "Project",
    "ReadResult",
    "SpendingPoint",
    "SubTarget",
    "IndicatorValue",
    "TextItem",
    "UnitInfo",
    "UnitWorkbook",
    "facts",
    "new_unit",
    "read_book",
    "read_file",
    "write_unit",
]
