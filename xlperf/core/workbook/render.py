"""Models → sheet specs: how a unit workbook looks, decided from ``layout`` alone (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from xlperf.core.model.unit_workbook import (
    DepartmentTargets,
    Indicator,
    Project,
    SubTarget,
    TextItem,
    UnitWorkbook,
)
from xlperf.core.model.vocab import LEVEL1_CHOICES, LEVEL2_CHOICES, SKELETON
from xlperf.core.workbook import layout as L
from xlperf.core.workbook.grid import CellValue, a1, col_letter
from xlperf.core.workbook.pages import DEFAULT_ROW, PageFrame, page_starts
from xlperf.core.workbook.sheetspec import BookSpec, Formula, SheetSpec, Validation


def render_workbook(book: UnitWorkbook, *, blank_projects: int = 0) -> BookSpec:
    """Render a whole unit workbook; ``blank_projects`` adds empty project tables at the end."""
    projects = list(book.projects)
    projects += [Project.blank(book.info) for _ in range(blank_projects)]
    sheets = [
        render_cover(book),
        render_toc(book.model_copy(update={"projects": projects})),
        render_department(book.department),
    ]
    sheets += [render_project(p, n) for n, p in enumerate(projects, start=1)]
    codes, names = render_codes()
    sheets.append(codes)
    return BookSpec(sheets, names)


# --------------------------------------------------------------------------- cover
def render_cover(book: UnitWorkbook) -> SheetSpec:
    """封面: the 单位信息 input block, then a printable cover computed from it by formulas."""
    sheet = SheetSpec(L.COVER_SHEET, widths=dict(L.COVER_WIDTHS), protected=True)
    sheet.put_span(L.COVER_INFO_TITLE_SPAN, "单位信息（请填写带框的单元格）", "section")
    info = book.info
    for spec in L.COVER_FIELDS:
        sheet.put_span(spec.label_span, spec.label.text, "header")
        value = getattr(info, spec.name)
        sheet.put_span(spec.value_span, info.unreadable.get(spec.name) if value is None else value,
                       spec.style)  # text that could not be read stays as written
        sheet.put(spec.label_span[0], 3, L.COVER_HINTS[spec.name], "hint")
    ref = {spec.name: a1(*spec.value_span[:2]) for spec in L.COVER_FIELDS}
    first = L.COVER_PRINT_FIRST_ROW
    sheet.put(first - 1, 1, "以下为封面（打印区域），由上方单位信息自动生成。", "hint")
    lines = (
        (first + 4, f'=IF({ref["compiler"]}<>"",{ref["compiler"]},'
                    f'IF({ref["name"]}<>"",{ref["name"]},"（单位名称）"))', "cover_title"),
        (first + 7, f'=IF({ref["year"]}="","____",{ref["year"]})&" 年部门预算绩效文本"',
         "cover_subtitle"),
        (first + 16, f'=IF({ref["compiler"]}="","（编制单位）",{ref["compiler"]})&"编制"',
         "cover_line"),
        (first + 18, f'=IF({ref["reviewer"]}="","（审核单位）",{ref["reviewer"]})&"审核"',
         "cover_line"),
    )
    for row, formula, style in lines:
        sheet.put_span((row, 1, row, 3), Formula(formula), style)
        sheet.heights[row] = 36.0 if style != "cover_line" else 24.0
    sheet.print_area = (first, 1, L.COVER_PRINT_LAST_ROW, 3)
    sheet.footer = None
    return sheet


# --------------------------------------------------------------------------- toc
def render_toc(book: UnitWorkbook) -> SheetSpec:
    """目录: Part 1 sections and one line per project table with its page, as in the seed.

    Pages are numbered as the printed workbook numbers them: from 1 at 第一部分 (the cover and
    the 目录 carry no number), counted from the sheets as they are rendered. Entries print as
    plain text with dot leaders; the links to the sheets sit beside them, outside the print area.
    """
    part1 = render_department(book.department)
    sections = _section_pages(part1)
    page = 1 + sheet_pages(part1)
    rows: list[tuple[str, str, int | None, str | None]] = [
        (L.PART1_TITLE, "toc_part", None, L.DEPARTMENT_SHEET),
        *((label.text, "toc_entry", sections.get(label.text), L.DEPARTMENT_SHEET)
          for label in (L.OVERALL_SECTION, L.SUB_TARGETS_SECTION, L.MEASURES_SECTION)),
        (L.PART2_TITLE, "toc_part", None, None),
    ]
    for number, project in enumerate(book.projects, start=1):
        sheet_name = project.sheet or L.project_sheet_name(number)
        rows.append((f"{number}.{project.title}", "toc_entry", page, sheet_name))
        page += sheet_pages(render_project(project, number))
    sheet = SheetSpec(L.TOC_SHEET, widths=dict(L.TOC_WIDTHS), footer=None)
    sheet.put_span((1, 1, 1, 2), L.TOC_TITLE, "title")
    sheet.heights[1] = 30.0
    width = L.TOC_WIDTHS[1]
    for row, (text, style, page_number, target) in enumerate(rows, start=3):
        height = L.row_height(text, width, size=12, minimum=22.0)
        if style == "toc_entry" and height > 22.0:
            style = "toc_entry_wrapped"  # too long for one line: wrapped, without the leader
        sheet.put(row, 1, text, style)
        sheet.put(row, 2, page_number, "toc_page")
        sheet.heights[row] = height
        if target is not None:
            sheet.put(row, L.TOC_LINK_COL, "转到", "toc_link", f"'{target}'!A1")
    sheet.print_area = (1, 1, 2 + len(rows), 2)
    return sheet


def sheet_pages(sheet: SheetSpec) -> int:
    """How many pages a rendered sheet prints on."""
    return len(_page_starts(sheet))


def _page_starts(sheet: SheetSpec) -> list[int]:
    r1, c1, r2, c2 = sheet.print_area or (1, 1, sheet.last_row, max(c for _, c in sheet.cells))
    titles = (sum(sheet.heights.get(r, DEFAULT_ROW) for r in range(sheet.title_rows[0],
                                                                    sheet.title_rows[1] + 1))
              if sheet.title_rows else 0.0)
    frame = PageFrame.of(sheet.widths, range(c1, c2 + 1), titles, sheet.landscape)
    heights = [sheet.heights.get(r, DEFAULT_ROW) for r in range(r1, r2 + 1)]
    return page_starts(heights, frame, frozenset(sheet.row_breaks), first=r1)


def _section_pages(part1: SheetSpec) -> dict[str, int]:
    """The page (from 1) each Part 1 section starts on."""
    starts = _page_starts(part1)
    pages = {}
    for (row, col), cell in part1.cells.items():
        if col == 1 and isinstance(cell.value, str) and cell.style == "section":
            pages[cell.value] = sum(1 for s in starts if s <= row)
    return pages


# --------------------------------------------------------------------------- part 1
def render_department(department: DepartmentTargets) -> SheetSpec:
    """第一部分 部门整体绩效目标: three sections, each a small table with 序号 and text.

    Printed, a table that runs onto the next page repeats its header row there (a manual page
    break and a copy of the header: the reader skips such copies).
    """
    sheet = SheetSpec(L.DEPARTMENT_SHEET, widths=dict(L.DEPARTMENT_WIDTHS), protected=True,
                      footer=L.PAGE_FOOTER, first_page_number=1)
    last_col = L.DEPARTMENT_COLUMNS
    columns = range(1, last_col + 1)
    pages = _Pages(sheet, PageFrame.of(sheet.widths, columns, 0.0))
    sheet.put_span((1, 1, 1, last_col), L.PART1_TITLE, "part_title")
    pages.take(1, 30.0)
    pages.take(2, DEFAULT_ROW)
    row = 3
    width = sum(L.DEPARTMENT_WIDTHS[c] for c in range(2, last_col + 1))
    texts = ((L.OVERALL_SECTION.text, department.overall, "overall"),
             (L.MEASURES_SECTION.text, department.measures, "measures"))
    for n, (title, items, kind) in enumerate(texts):
        if n == 1:
            row = _sub_targets_table(pages, row, department.sub_targets)
        header = [((1, 1), L.NUMBER.text), ((2, last_col), L.CONTENT.text)]
        rows: Iterable[TextItem] = items or [TextItem()] * L.BLANK_ROWS[kind]
        body = [([((1, 1), i.number, "body_number"), ((2, last_col), i.text, "body")],
                 L.row_height(i.text, width, size=12)) for i in rows]
        row = pages.table(row, title, header, body)
    sheet.print_area = (1, 1, sheet.last_row, last_col)
    return sheet


def _sub_targets_table(pages: _Pages, row: int, items: Sequence[SubTarget]) -> int:
    headers = (L.NUMBER, L.SUB_NAME, L.SUB_TARGET, L.SUB_INDICATORS)
    header = [((col, col), label.text) for col, label in enumerate(headers, start=1)]
    body = []
    for item in items or [SubTarget()] * L.BLANK_ROWS["sub_targets"]:
        texts = (item.number, item.name, item.target, item.indicators)
        cells = [((col, col), text, "body_number" if col == 1 else "body")
                 for col, text in enumerate(texts, start=1)]
        height = max(L.row_height(t, L.DEPARTMENT_WIDTHS[c], size=12)
                     for c, t in enumerate(texts, 1))
        body.append((cells, height))
    return pages.table(row, L.SUB_TARGETS_SECTION.text, header, body)


Cells = Sequence[tuple[tuple[int, int], CellValue, str]]


class _Pages:
    """Rows laid down one after another onto printed pages (Part 1's tables)."""

    SECTION_HEIGHT = 24.0
    HEADER_HEIGHT = 20.0

    def __init__(self, sheet: SheetSpec, frame: PageFrame) -> None:
        self.sheet, self.frame = sheet, frame
        self.room = frame.first_height

    def take(self, row: int, height: float) -> None:
        self.sheet.heights[row] = height
        self.room -= height

    def break_before(self, row: int) -> None:
        self.sheet.row_breaks.append(row - 1)
        self.room = self.frame.height

    def table(self, row: int, title: str, header: list[tuple[tuple[int, int], str]],
              body: Sequence[tuple[Cells, float]]) -> int:
        """A section: its title, its header and its rows, the header repeated on a new page.

        Returns the row after the table and the blank row that follows it.
        """
        first = body[0][1] if body else 0.0
        if self.SECTION_HEIGHT + self.HEADER_HEIGHT + first > self.room:
            self.break_before(row)  # keep the title with its header and first row
        last_col = max(c2 for (_, c2), _ in header)
        self.sheet.put_span((row, 1, row, last_col), title, "section")
        self.take(row, self.SECTION_HEIGHT)
        row = self._header(row + 1, header)
        for cells, height in body:
            if height > self.room:
                self.break_before(row)
                row = self._header(row, header)
            for (c1, c2), value, style in cells:
                self.sheet.put_span((row, c1, row, c2), value, style)
            self.take(row, height)
            row += 1
        self.take(row, min(DEFAULT_ROW, max(self.room, 1.0)))  # a blank row, squeezed at a page end
        return row + 1

    def _header(self, row: int, header: list[tuple[tuple[int, int], str]]) -> int:
        for (c1, c2), text in header:
            self.sheet.put_span((row, c1, row, c2), text, "header")
        self.take(row, self.HEADER_HEIGHT)
        return row + 1


# --------------------------------------------------------------------------- project
def render_project(project: Project, number: int) -> SheetSpec:
    """One 预算项目绩效目标表, field for field as in the seed document."""
    sheet = SheetSpec(
        project.sheet or L.project_sheet_name(number),
        widths=dict(L.PROJECT_WIDTHS),
        protected=True,
        footer=L.PAGE_FOOTER,
    )
    sheet.widths[L.PROJECT_FEEDBACK_COL] = 40.0
    name_cell = _value_cell("name")
    sheet.put_span(
        L.TITLE_SPAN, Formula(f'=IF({name_cell}="","（项目名称）",{name_cell})&"绩效目标表"'),
        "title",
    )
    sheet.heights[L.ROW_TITLE] = 30.0
    sheet.put_span(L.UNIT_LINE_SPAN, L.unit_line(project.unit_code, project.unit_name) or None,
                   "unit_line")
    sheet.put_span(L.AMOUNT_UNIT_SPAN, L.amount_unit_line(project.amount_unit),
                   "amount_unit")
    for spec in L.PROJECT_FIELDS:
        sheet.put_span(spec.label_span, spec.label.shown, "label")
        value = getattr(project, spec.name)
        if value is None:
            value = project.unreadable.get(spec.name)  # text that could not be read, as written
        if spec.name == "targets":
            value = join_targets(value)
        sheet.put_span(spec.value_span, _cell_value(value), spec.style)
    sheet.put_span(L.BUDGET_SECTION_SPAN, L.BUDGET_SECTION.shown, "label")
    sheet.put_span(L.PURPOSE_SPAN, project.purpose, "input")
    _plan(sheet, project)
    _heights(sheet, project)
    for column in L.INDICATOR_COLUMNS:
        c1, c2 = column.cols
        sheet.put_span((L.ROW_HEADER, c1, L.ROW_HEADER, c2), column.label.text, "header")
    sheet.heights[L.ROW_HEADER] = 24.0
    last = _indicators(sheet, project.indicators)
    _feedback(sheet)
    sheet.print_area = (1, 1, last, L.PROJECT_COLUMNS)
    sheet.title_rows = (L.ROW_TITLE, L.ROW_UNIT)
    # Break where the page count says, so that every program prints the pages the 目录 counts.
    sheet.row_breaks = [start - 1 for start in _page_starts(sheet)[1:]]
    return sheet


def _value_cell(name: str) -> str:
    spec = next(s for s in L.PROJECT_FIELDS if s.name == name)
    return a1(*spec.value_span[:2])


def _cell_value(value: CellValue) -> CellValue:
    if isinstance(value, Decimal):
        return float(value)
    return value


def join_targets(targets: Sequence[str]) -> str | None:
    """Number the 绩效目标 items one per line: "1. …\\n2. …"."""
    if not targets:
        return None
    return "\n".join(f"{n}. {t}" for n, t in enumerate(targets, start=1))


def _plan(sheet: SheetSpec, project: Project) -> None:
    """资金支出计划: milestone labels above their cumulative percentages, as written."""
    sheet.put_span(L.PLAN_SECTION_SPAN, L.PLAN_SECTION.shown, "label")
    points = project.spending_plan
    for slot, (c1, c2) in enumerate(L.PLAN_SLOTS):
        point = points[slot] if slot < len(points) else None
        label = point.milestone if point else None
        percent = point.percent if point else None
        value = float(percent / 100) if percent is not None else (
            point.unreadable.get("percent") if point else None)
        sheet.put_span((L.ROW_PLAN_LABELS, c1, L.ROW_PLAN_LABELS, c2), label, "label")
        sheet.put_span((L.ROW_PLAN_VALUES, c1, L.ROW_PLAN_VALUES, c2), value, "input_percent")


def _heights(sheet: SheetSpec, project: Project) -> None:
    needed = field_heights(project)
    sheet.heights[L.ROW_CODE] = needed["name"]
    sheet.heights[L.ROW_BUDGET] = 24.0
    sheet.heights[L.ROW_PURPOSE] = needed["purpose"]
    sheet.heights[L.ROW_PLAN_LABELS] = 20.0
    sheet.heights[L.ROW_PLAN_VALUES] = 20.0
    sheet.heights[L.ROW_TARGETS] = needed["targets"]


def field_heights(project: Project) -> dict[str, float]:
    """The height each text row of a table's header needs for its text, by field."""
    wide = sum(L.PROJECT_WIDTHS[c] for c in range(2, L.PROJECT_COLUMNS + 1))
    name_width = sum(L.PROJECT_WIDTHS[c] for c in range(5, L.PROJECT_COLUMNS + 1))
    return {
        "name": max(
            L.row_height(project.name, name_width, minimum=24.0),
            L.row_height(project.code, L.PROJECT_WIDTHS[2] + L.PROJECT_WIDTHS[3], minimum=24.0),
        ),
        "purpose": L.row_height(project.purpose, wide, minimum=36.0),
        "targets": L.row_height(join_targets(project.targets), wide, minimum=36.0),
    }


def indicator_height(indicator: Indicator) -> float:
    """The height an indicator row needs to show all its text (wrapped in its columns)."""
    return max(
        L.row_height(
            _text_of(indicator, spec.name),
            sum(L.PROJECT_WIDTHS[c] for c in range(spec.cols[0], spec.cols[1] + 1)),
        )
        for spec in L.INDICATOR_COLUMNS
    )


def _indicators(sheet: SheetSpec, indicators: Sequence[Indicator]) -> int:
    """Write the indicator rows (or the framework skeleton); return the last row."""
    rows: list[Indicator] = list(indicators) or [
        Indicator(level1=l1.value, level2=l2.value) for l1, l2 in SKELETON
    ]
    first = L.FIRST_INDICATOR_ROW
    for offset, indicator in enumerate(rows):
        r = first + offset
        for spec in L.INDICATOR_COLUMNS:
            c1, c2 = spec.cols
            value = getattr(indicator, spec.name)
            if spec.name == "value":
                value = value.text
            sheet.put_span((r, c1, r, c2), value, spec.style)
        sheet.heights[r] = indicator_height(indicator)
    last = first + len(rows) - 1
    level1_runs = runs([r.level1 for r in rows], first)
    for start, end in level1_runs:
        if end > start:
            sheet.merges.append((start, 1, end, 1))
    for start, end in runs([(r.level1, r.level2) for r in rows], first):
        if end > start:
            sheet.merges.append((start, 2, end, 2))
    _indicator_validations(sheet, level1_runs, first, last)
    return last


def _text_of(indicator: Indicator, name: str) -> str | None:
    if name == "value":
        return indicator.value.text
    text: str | None = getattr(indicator, name)
    return text


def runs(keys: Sequence[object], first: int) -> list[tuple[int, int]]:
    """Row spans of consecutive equal keys, as the official table merges 一级/二级 cells.

    An empty key (or a tuple with an empty part) is a run of its own, never merged.
    """
    spans: list[tuple[int, int]] = []
    for offset, key in enumerate(keys):
        row = first + offset
        filled = all(key) if isinstance(key, tuple) else bool(key)
        if spans and filled and keys[offset - 1] == key:
            spans[-1] = (spans[-1][0], row)
        else:
            spans.append((row, row))
    return spans


def _indicator_validations(
    sheet: SheetSpec, level1_runs: Sequence[tuple[int, int]], first: int, last: int
) -> None:
    """一级 and comparator dropdowns, and a 二级 dropdown that depends on its block's 一级 cell."""
    sheet.validations.append(
        Validation(
            f"={L.LEVEL1_LIST_NAME}",
            (f"A{first}:A{last}",),
            prompt_title="一级指标",
            prompt="从下拉列表选择：产出指标、效益指标、满意度指标（成本指标仅用于101号框架）",
        )
    )
    for start, end in level1_runs:
        sheet.validations.append(
            Validation(
                f"=INDIRECT($A${start})",
                (f"B{start}:B{end}" if end > start else f"B{start}",),
                prompt_title="二级指标",
                prompt="先选一级指标，再从下拉列表选择其下的二级指标",
            )
        )
    value_col = col_letter(next(s.cols[0] for s in L.INDICATOR_COLUMNS if s.name == "value"))
    sheet.validations.append(
        Validation(
            f"={L.COMPARATOR_LIST_NAME}",
            (f"{value_col}{first}:{value_col}{last}",),
            error_style="information",
            show_error=False,
            prompt_title="指标值",
            prompt="格式：比较符+数值+单位，如 ≥95%、≤200元/人、=12个；"
            "可先从下拉列表选比较符，再补数值和单位。无法量化时写 定性：达到预期目标",
        )
    )


def _feedback(sheet: SheetSpec) -> None:
    """Live checks beside the table (outside the print area), for Excel users."""
    col = L.PROJECT_FEEDBACK_COL
    budget, fiscal, other = (_value_cell(n) for n in ("budget", "fiscal_funds", "other_funds"))
    sheet.put(
        L.ROW_BUDGET,
        col,
        Formula(f'=IF(AND(ISNUMBER({budget}),ROUND({budget}-N({fiscal})-N({other}),2)<>0),'
        f'"预算数应等于财政资金与其他资金之和，相差 "&TEXT({budget}-N({fiscal})-N({other}),"0.00")'
        f'&" 万元","")'),
        "feedback",
    )
    row = L.ROW_PLAN_VALUES
    cells = [a1(row, c1) for c1, _ in L.PLAN_SLOTS]
    last = cells[-1]
    rising = ",".join(f'OR({a}="",{b}="",N({b})>=N({a}))'
                      for a, b in zip(cells, cells[1:], strict=False))
    sheet.put(
        row,
        col,
        Formula(f'=IF(COUNT({cells[0]}:{a1(row, L.PROJECT_COLUMNS)})=0,"",'
        f'IF(NOT(AND({rising})),"累计支出比例不应下降",'
        f'IF(ROUND(N({last}),4)<>1,"12月底累计支出比例应为100%","")))'),
        "feedback",
    )
    sheet.put(L.ROW_HEADER, col, "（此列为自动提示，不打印）", "hint")


# --------------------------------------------------------------------------- code lists
def render_codes() -> tuple[SheetSpec, dict[str, str]]:
    """The hidden 代码表 with dropdown lists, and the defined names pointing at them."""
    sheet = SheetSpec(L.CODES_SHEET, hidden=True, footer=None)
    names: dict[str, str] = {}
    columns: list[tuple[str, str, Sequence[str]]] = [
        (L.LEVEL1_LIST_NAME, "一级指标", [c.value for c in LEVEL1_CHOICES])
    ]
    columns += [(l1.value, l1.value, [l2.value for l2 in LEVEL2_CHOICES[l1]]) for l1 in
                LEVEL1_CHOICES]
    columns.append((L.COMPARATOR_LIST_NAME, "比较符", L.COMPARATORS))
    for col, (name, header, items) in enumerate(columns, start=1):
        sheet.put(1, col, header, "code")
        for row, item in enumerate(items, start=2):
            sheet.put(row, col, item, "code")
        letter = col_letter(col)
        names[name] = f"'{L.CODES_SHEET}'!${letter}$2:${letter}${len(items) + 1}"
        sheet.widths[col] = 20.0
    return sheet, names
