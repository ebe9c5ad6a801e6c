"""A 部门预算绩效文本 read back into the model, line by line (pure).

:func:`parse_document` takes the document as rows of cells — a text line split at tabs (as text
extracted from such a document, like the seed file) or a Word paragraph or table row — and rebuilds
the model. Project tables are laid out as a grid and read by
:func:`xlperf.core.workbook.project_reader.read_project_tables`, the same rules that read a project
sheet.
Every non-empty line ends up in the model, is known page furniture (目录, page numbers, headings),
or is reported in :attr:`Imported.unplaced` with its line number: nothing is dropped silently.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from xlperf.core.document.blocks import PART1, PART1_TITLE, PART2, PART2_TITLE
from xlperf.core.model.findings import Finding
from xlperf.core.model.unit_workbook import (
    DepartmentTargets,
    Project,
    SubTarget,
    TextItem,
    UnitInfo,
    UnitWorkbook,
    facts,
)
from xlperf.core.model.vocab import normalize_level1, normalize_level2
from xlperf.core.workbook import layout as L
from xlperf.core.workbook.grid import SheetGrid, norm_label, parse_a1
from xlperf.core.workbook.project_reader import read_project_tables
from xlperf.errors import NotATemplateError


@dataclass(frozen=True)
class Line:
    """One line of a document: its number (1-based) and its cells (tab-separated in text)."""

    number: int
    cells: tuple[str, ...]
    paragraph: bool = False  # a Word paragraph: its tabs are layout, not table cells

    @property
    def table_row(self) -> bool:
        """A row of table cells (in extracted text, any line with a tab)."""
        return not self.paragraph and len(self.cells) > 1

    @property
    def filled(self) -> tuple[str, ...]:
        return tuple(c for c in self.cells if c)

    @property
    def text(self) -> str:
        return " ".join(self.filled)


@dataclass(frozen=True)
class Unplaced:
    """A line (or a table cell) the importer could not put anywhere in the model."""

    line: int
    text: str
    reason: str


@dataclass
class Imported:
    """A document read into the model, with everything it could not place."""

    book: UnitWorkbook
    unplaced: list[Unplaced] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the importer decided, e.g. joins
    findings: list[tuple[int, Finding]] = field(default_factory=list)  # table problems by line


def text_lines(text: str) -> list[Line]:
    """Split extracted text into lines of tab-separated cells (cells stripped, blanks kept)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [Line(n, tuple(c.strip() for c in raw.split("\t"))) for n, raw in enumerate(lines, 1)]


_FURNITURE = re.compile(
    r"^(?:[-–—\s]*\d{1,4}[-–—\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?)$"
)
_ITEM_NUMBER = re.compile(
    r"^\s*((?:[（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*[)）])"
    r"|(?:\d{1,2}\s*[.、．](?!\d))|(?:[一二三四五六七八九十]{1,3}、))\s*(.*)$",
    re.S,
)
_TERMINAL = tuple("。；;！!？?：:")
_JOIN_MIN = 20  # a paragraph cut by a page break is a long one
_NAME_MAX = 30  # a 分项 name is short
_PROJECT_HEADING = re.compile(r"^\s*(?:\d{1,3}\s*[.、．]\s*)?(.+?绩效目标表)\s*$")
_YEAR_LINE = re.compile(r"^(.*?)\s*(\d{4}|_+)\s*年度?\s*部门预算绩效(?:目标)?文本$")
_PLACEHOLDER = re.compile(r"^（[^（）]*）$")  # what a blank template prints, e.g. （单位名称）
_SECTION = re.compile(r"^[四五六七八九十][一二三四五六七八九十]{0,2}、\S")  # 一二三 are known
_SECTION_MAX = 20  # a section heading is short; a long "四、…" line is a numbered paragraph
_SUB_FIELD = re.compile(r"^\s*(绩效目标|绩效指标)\s*[:：]\s*(.*)$", re.S)
_COVER_ROLE = re.compile(r"^(.+?)\s*(编制|审核)$")


def _key(text: str) -> str:
    return norm_label(text)


class _Parser:
    """A line-by-line state machine over the document's parts."""

    def __init__(self) -> None:
        self.phase = "cover"
        self.section: str | None = None
        self.info: dict[str, object] = {}
        self.cover_title: str | None = None
        self.toc_projects: list[str] = []
        self.toc_seen_part1 = False
        self.toc_entries = 0
        self.overall: list[dict[str, str | None]] = []
        self.measures: list[dict[str, str | None]] = []
        self.sub_targets: list[dict[str, str | None]] = []
        self.sub_field: str | None = None
        self.part1_columns: dict[str, int] | None = None
        self.unknown_section = ""
        self.blocks: list[list[Line]] = []
        self.unplaced: list[Unplaced] = []
        self.notes: list[str] = []

    # ------------------------------------------------------------------ driving
    def feed(self, line: Line) -> None:
        if not line.filled:
            return
        text = line.text
        if len(line.filled) == 1 and _FURNITURE.match(text):
            return
        key = _key(text)
        if self.phase in ("cover", "toc") and key == "目录":
            self.phase = "toc"
            return
        if self.phase == "toc" and self._toc(line, key):
            return
        if self.phase in ("cover", "toc", "part1") and key.startswith(_key(PART2)) and (
            len(key) <= _SECTION_MAX  # "第二部分 预算项目绩效目标", "第二部分 项目支出绩效目标" …
        ):
            self.phase, self.section = "part2", None
            return
        if self.phase in ("cover", "toc") and key.startswith(_key(PART1)):
            self.phase = "part1"
            return
        if self.phase != "part2" and line.filled[0] and L.PROJECT_CODE.matches(line.filled[0]):
            self.phase = "part2"
            self.blocks.append([])
        getattr(self, f"_{self.phase}")(line, key)

    def _unplaced(self, line: Line, reason: str) -> None:
        self.unplaced.append(Unplaced(line.number, line.text, reason))

    # ------------------------------------------------------------------ cover and 目录
    def _cover(self, line: Line, key: str) -> None:
        text = line.text
        if match := _YEAR_LINE.match(text):
            name, year = match.groups()
            if year.isdigit():
                self.info["year"] = int(year)
            if name:
                self.cover_title = self.cover_title or name
            return
        if match := _COVER_ROLE.match(text):
            who, role = match.groups()
            self.info["compiler" if role == "编制" else "reviewer"] = who
            return
        if self.cover_title is None and "year" not in self.info and len(line.filled) == 1:
            self.cover_title = None if _PLACEHOLDER.match(text) else text
            return
        self._unplaced(line, "封面上无法识别的文字")

    def _toc(self, line: Line, key: str) -> bool:
        """Consume a 目录 line; return False when the body has begun."""
        entry = line.filled[0]
        paged = len(line.filled) > 1 and line.filled[-1].isdigit()
        if paged and key.startswith((_key(PART1), _key(PART2))) and len(key) <= _SECTION_MAX:
            self.toc_entries += 1  # a 目录 field lists the parts with their pages too
            return True
        if key.startswith(_key(PART1)) and not paged:
            if self.toc_seen_part1 or self.toc_entries:
                self.phase = "part1"
                return True
            self.toc_seen_part1 = True
            return True
        if key.startswith(_key(PART2)) and not paged:
            return True
        if any(lb.matches(entry) for lb in (L.OVERALL_SECTION, L.SUB_TARGETS_SECTION,
                                            L.MEASURES_SECTION)):
            self.toc_entries += 1
            return True
        if match := _PROJECT_HEADING.match(entry):
            self.toc_entries += 1
            self.toc_projects.append(match.group(1))
            return True
        if paged:
            self.toc_entries += 1
            self._unplaced(line, "目录中无法识别的条目")
            return True
        self.phase = "part1"  # not a 目录 line: the body began without a 第一部分 line
        return False

    def _part1(self, line: Line, key: str) -> None:
        for name, label in (("overall", L.OVERALL_SECTION), ("sub_targets", L.SUB_TARGETS_SECTION),
                            ("measures", L.MEASURES_SECTION)):
            # Without its 一、/二、/三、 when Word's list numbering draws it; then only as the
            # start of another section (the seed's first 总体绩效目标 item is "(一) 总体绩效目标").
            bare = key == _key(label.text[2:]) and self.section != name
            if label.matches(line.text) or bare:
                self.section, self.sub_field, self.part1_columns = name, None, None
                return
        if key == _key(PART1_TITLE) and self.section is None:
            return
        if _SECTION.match(line.text) and len(line.text) <= _SECTION_MAX:
            self.section, self.unknown_section = "unknown", line.text
            self._unplaced(line, "第一部分中本工具不认识的一节（只有总体绩效目标、分项绩效目标、"
                                 "工作保障措施三节）")
            return
        if self.section is None:
            self._unplaced(line, "第一部分中不属于任何一节的文字")
        elif self.section == "unknown":
            self._unplaced(line, f"属于不认识的一节“{self.unknown_section}”")
        elif line.table_row and len(line.filled) > 1:
            self._part1_row(line)
        elif self.section == "sub_targets":
            self._sub_target_line(line)
        else:
            self._text_item(line, self.overall if self.section == "overall" else self.measures)

    # ------------------------------------------------------------------ Part 1 paragraphs
    def _text_item(self, line: Line, items: list[dict[str, str | None]]) -> None:
        text = line.text
        if match := _ITEM_NUMBER.match(text):
            items.append({"number": "".join(match.group(1).split()),
                          "text": match.group(2).strip() or None})
            return
        last = items[-1] if items else None
        if last and _continues(last["text"]):
            last["text"] = f"{last['text']}{text}"
            self.notes.append(f"第 {line.number} 行接在上一段末尾（上一段未以句末标点结束，"
                              "视为分页断开的同一段）")
            return
        items.append({"number": None, "text": text})

    def _sub_target_line(self, line: Line) -> None:
        text = line.text
        if match := _SUB_FIELD.match(text):
            if not self.sub_targets:
                self._unplaced(line, "分项绩效目标的名称行之前出现了绩效目标/绩效指标")
                return
            self.sub_field = "target" if match.group(1) == "绩效目标" else "indicators"
            value = match.group(2).strip() or None
            last = self.sub_targets[-1]
            if last[self.sub_field]:
                last[self.sub_field] = f"{last[self.sub_field]}\n{value or ''}".strip()
            else:
                last[self.sub_field] = value
            return
        if match := _ITEM_NUMBER.match(text):
            self.sub_targets.append({"number": "".join(match.group(1).split()),
                                     "name": match.group(2).strip() or None,
                                     "target": None, "indicators": None})
            self.sub_field = "name"
            return
        current = self.sub_targets[-1] if self.sub_targets else None
        if current and self.sub_field and _continues(current[self.sub_field]):
            current[self.sub_field] = f"{current[self.sub_field]}{text}"
            self.notes.append(f"第 {line.number} 行接在上一段末尾（视为分页断开的同一段）")
            return
        if _is_name(text) and (current is None or current["target"] or current["indicators"]):
            # A name whose number Word's automatic list numbering draws (it is not in the text).
            self.sub_targets.append({"number": None, "name": text, "target": None,
                                     "indicators": None})
            self.sub_field = "name"
            return
        self._unplaced(line, "分项绩效目标中无法归入名称、绩效目标或绩效指标的文字")

    def _part1_row(self, line: Line) -> None:
        """A table row inside Part 1 (some counties print the sections as tables)."""
        labels = (("number", L.NUMBER), ("name", L.SUB_NAME), ("target", L.SUB_TARGET),
                  ("indicators", L.SUB_INDICATORS), ("text", L.CONTENT))
        found = {name: i for i, cell in enumerate(line.cells) for name, label in labels
                 if cell and label.matches(cell)}
        if len(found) >= 2:
            self.part1_columns = found
            return
        columns = self.part1_columns
        if columns is None:
            self._unplaced(line, "第一部分中的表格行，未找到“序号/内容”等表头")
            return
        cells = {name: (line.cells[i] if i < len(line.cells) else "") or None
                 for name, i in columns.items()}
        if self.section == "sub_targets":
            item = {k: cells.get(k) for k in ("number", "name", "target", "indicators")}
            self.sub_targets.append(item)
            used = {columns[k] for k in item if k in columns}
        else:
            item = {"number": cells.get("number"), "text": cells.get("text")}
            (self.overall if self.section == "overall" else self.measures).append(item)
            used = {columns[k] for k in item if k in columns}
        for i, cell in enumerate(line.cells):
            if cell and i not in used:
                self.unplaced.append(Unplaced(line.number, cell, "表格中没有表头的一列"))

    # ------------------------------------------------------------------ Part 2
    def _part2(self, line: Line, key: str) -> None:
        first = line.filled[0]
        if key == _key(PART2_TITLE):
            return
        heading = len(line.filled) == 1 and _PROJECT_HEADING.match(first)
        starts_table = L.PROJECT_CODE.matches(first)
        current = self.blocks[-1] if self.blocks else None
        has_code = current is not None and any(
            ln.filled and L.PROJECT_CODE.matches(ln.filled[0]) for ln in current
        )
        if heading or current is None or (starts_table and has_code):
            self.blocks.append([line])
            return
        current.append(line)


def _is_name(text: str) -> bool:
    """A short title-like line: no sentence punctuation at all."""
    return len(text) <= _NAME_MAX and not any(ch in text for ch in "。；;，,：:！!？?")


def _continues(text: str | None) -> bool:
    """Tell whether a paragraph was cut short (a page break in the middle of a sentence)."""
    if not text:
        return False
    return len(text) >= _JOIN_MIN and not text.rstrip().endswith(_TERMINAL)


def parse_document(lines: Iterable[Line], *, unit_line: str | None = None) -> Imported:
    """Read a 部门预算绩效文本 from its lines into the model (linear in the text's length).

    ``unit_line`` ("711001 博野县总工会本级") stands in for the unit of a document that has no
    project table to take it from (the Word exporter stores it in the file's properties).

    Raises:
        NotATemplateError: when the document holds more than ``MAX_TABLES`` project tables.
    """
    parser = _Parser()
    for line in lines:
        parser.feed(line)
    if len(parser.blocks) > MAX_TABLES:
        raise NotATemplateError(f"文档中有 {len(parser.blocks)} 张项目绩效目标表，超过 "
                                f"{MAX_TABLES} 张的上限，不像是一个单位的绩效文本，未导入")
    projects: list[Project] = []
    findings: list[tuple[int, Finding]] = []
    notes = parser.notes
    for block in parser.blocks:
        read, block_findings, unplaced, block_notes = _read_block(block, len(projects) + 1)
        projects += read
        findings += block_findings
        parser.unplaced += unplaced
        notes += block_notes
    if parser.toc_projects and len(parser.toc_projects) != len(projects):
        notes.append(f"目录列出 {len(parser.toc_projects)} 个项目绩效目标表，"
                     f"正文读到 {len(projects)} 个")
    info = dict(parser.info)
    if "compiler" not in info and parser.cover_title:
        info["compiler"] = parser.cover_title
    source = next((p for p in projects if p.unit_code or p.unit_name), None)
    if source is not None:
        info["code"], info["name"] = source.unit_code, source.unit_name
    elif unit_line and (match := L.UNIT_LINE.match(unit_line)):
        info["code"], info["name"] = match.groups()
    department = DepartmentTargets(
        overall=[TextItem.model_validate(i) for i in parser.overall],
        sub_targets=[SubTarget.model_validate(i) for i in parser.sub_targets],
        measures=[TextItem.model_validate(i) for i in parser.measures],
    )
    book = UnitWorkbook(info=UnitInfo.model_validate(info), department=department,
                        projects=projects)
    parser.unplaced.sort(key=lambda u: u.line)
    return Imported(_without_locations(book), parser.unplaced, notes, findings)


def _read_block(
    block: Sequence[Line], number: int
) -> tuple[list[Project], list[tuple[int, Finding]], list[Unplaced], list[str]]:
    """Lay one project's lines out as a grid and read it as a project sheet would be read."""
    code_at = next((i for i, ln in enumerate(block)
                    if ln.filled and L.PROJECT_CODE.matches(ln.filled[0])), None)
    if code_at is None:
        return [], [], [Unplaced(ln.number, ln.text, "第二部分中不属于任何项目表的文字")
                        for ln in block], []
    # The table runs from the 项目编码 row while rows have cells (text rows have tabs); a
    # single-cell line below it is text after the table, not part of it.
    end = code_at + 1
    while end < len(block) and block[end].table_row:
        end += 1
    table = list(block[:end])
    unplaced = [Unplaced(ln.number, ln.text, "项目表下方无法归入表格的文字") for ln in block[end:]]
    rows = [_grid_row(ln, i < code_at) for i, ln in enumerate(table)]
    grid = SheetGrid(L.project_sheet_name(number), rows)
    projects, findings, labels = read_project_tables(grid)
    used = set(labels)
    for project in projects:
        used |= _cells_of(project)
    texts = "\n".join(t for p in projects for t in (p.purpose or "", *p.targets))
    # A cell joined into 资金用途 or 绩效目标 is a piece of that text; looking pieces up in a set
    # is linear, a substring search per cell only while the text is short (else quadratic).
    pieces = {piece.strip() for piece in texts.split("\n")}
    scan = len(texts) <= _SCAN_TEXT
    for r, (ln, row) in enumerate(zip(table, rows, strict=True), start=1):
        for c, value in enumerate(row, start=1):
            if not value or (r, c) in used:
                continue
            if r - 1 < code_at and (
                _PROJECT_HEADING.match(value) or L.UNIT_LINE.match(value)
                or value.startswith((L.AMOUNT_UNIT_PREFIX, "单位:"))
            ):
                continue  # title, unit line and amount unit above the table
            if value.strip() in pieces or (scan and value in texts):
                continue  # one of several cells joined into 资金用途 or 绩效目标
            if c <= 2 and (normalize_level1(value) or normalize_level2(value)):
                continue  # an empty 一级/二级 framework row, as a blank table prints it
            unplaced.append(Unplaced(ln.number, value, "项目表中无法对应到任何栏目的内容"))
    located = [(table[parse_a1(f.cell)[0] - 1].number if f.cell else table[0].number, f)
               for f in findings]
    return projects, located, unplaced, _title_notes(block[0], projects)


#: Up to this many characters of a table's 资金用途 and 绩效目标, each cell is also looked for
#: inside them (a real table's texts are a few hundred characters).
_SCAN_TEXT = 20_000
#: More project tables than any unit has: beyond, the document is refused (reading costs about a
#: millisecond per table).
MAX_TABLES = 2_000


def _title_notes(first: Line, projects: Sequence[Project]) -> list[str]:
    """Tell when a table's title line names the project differently from its 项目名称 cell."""
    match = _PROJECT_HEADING.match(first.text) if len(first.filled) == 1 else None
    if not match or not projects or projects[0].title == match.group(1):
        return []
    return [f"第 {first.number} 行的表题“{match.group(1)}”与表内项目名称"
            f"“{projects[0].name or ''}”不一致，以表内项目名称为准"]


def _grid_row(line: Line, preamble: bool) -> list[str | None]:
    if preamble:
        return [c or None for c in line.filled]
    return [_unbroken(c) or None for c in line.cells]


def _unbroken(cell: str) -> str:
    """A 一级/二级 name the exporter broke between words to fit its column, joined again."""
    if "\n" in cell:
        joined = cell.replace("\n", "")
        if normalize_level1(joined) or normalize_level2(joined):
            return joined
    return cell


def _cells_of(project: Project) -> set[tuple[int, int]]:
    refs = list(project.cells.values())
    for point in project.spending_plan:
        refs += point.cells.values()
    for indicator in project.indicators:
        refs += indicator.cells.values()
    return {parse_a1(ref) for ref in refs}


def _without_locations(book: UnitWorkbook) -> UnitWorkbook:
    """The model without the importer's grid positions: they point into no workbook."""
    return UnitWorkbook.model_validate_json(json.dumps(facts(book), ensure_ascii=False))
