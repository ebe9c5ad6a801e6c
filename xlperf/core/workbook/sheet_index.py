"""Where the known labels sit on a sheet: one pass over its cells (pure).

Both readers use it: ``reader`` for the cover and Part 1, ``project_reader`` for the tables.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from xlperf.core.workbook import layout as L
from xlperf.core.workbook.grid import CellValue, SheetGrid, a1, norm_label
from xlperf.core.workbook.grid import to_text as _to_text

_ALL_LABELS: tuple[L.Label, ...] = (
    *L.PROJECT_LABELS,
    L.UNIT_CODE, L.UNIT_NAME, L.YEAR, L.COMPILER, L.REVIEWER,
    L.OVERALL_SECTION, L.SUB_TARGETS_SECTION, L.MEASURES_SECTION,
    L.NUMBER, L.CONTENT, L.SUB_NAME, L.SUB_INDICATORS,
)
_KEYS: dict[str, list[L.Label]] = defaultdict(list)
for _label in _ALL_LABELS:
    for _key in _label.keys:
        _KEYS[_key].append(_label)
_LONGEST_KEY = max(len(k) for k in _KEYS)


@lru_cache(maxsize=4096)
def _labels_of(text: str) -> tuple[L.Label, ...]:
    """The labels a cell's text spells (cached: the same label texts recur in every file)."""
    return tuple(_KEYS.get(norm_label(text), ()))


class SheetIndex:
    """Where each known label sits on one sheet (one pass over its cells)."""

    def __init__(self, sheet: SheetGrid) -> None:
        self.sheet = sheet
        self.positions: dict[L.Label, list[tuple[int, int]]] = defaultdict(list)
        self.label_cells: set[tuple[int, int]] = set()
        for r, line in enumerate(sheet.rows, start=1):
            for c, value in enumerate(line, start=1):
                # Labels are short; longer text (indicator names, targets) is never a label.
                if isinstance(value, str) and len(value) <= _LONGEST_KEY + 8:
                    for label in _labels_of(value):
                        self.positions[label].append((r, c))
                        self.label_cells.add((r, c))

    def first(self, label: L.Label, rows: range | None = None) -> tuple[int, int] | None:
        """The first position of label (row-major), optionally within some rows."""
        for pos in self.positions.get(label, ()):
            if rows is None or pos[0] in rows:
                return pos
        return None

    def has(self, label: L.Label) -> bool:
        return bool(self.positions.get(label))

    def right_of(self, row: int, col: int, reach: int = 1) -> tuple[CellValue, str]:
        """The value beside a label: the first filled cell within reach that is not a label."""
        for c in range(col + 1, col + 1 + reach):
            if (row, c) in self.label_cells:
                break
            value = self.sheet.value(row, c)
            if _to_text(value) is not None:
                return value, a1(row, c)
        return None, a1(row, col + 1)
