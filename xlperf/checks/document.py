"""S-codes: the document as a whole — cover, Part 1 and the hygiene of all its text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from xlperf.checks.base import Check, Context, compact
from xlperf.findings import Finding, Severity
from xlperf.models import TextItem


class CoverFieldMissing(Check):
    """Flag a blank field of the cover's 单位信息.

    Why it matters: the cover states the unit, the budget year, who compiled and who reviewed
    the text; the county summary keys units by their code.

    Example:
        预算年度 |（空白）
    """

    code = "S001"
    name = "cover-field-missing"
    severity = Severity.WARNING
    template = "封面“{label}”未填写"
    hint = "在“封面”填写{label}"
    rules = ("R-DOC-003",)

    _LABELS = {"code": "单位编码", "name": "单位名称", "year": "预算年度", "compiler": "编制单位",
               "reviewer": "审核单位"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        info = ctx.book.info
        if info.sheet is None:
            return  # R003 reports the missing sheet
        for field_name, label in self._LABELS.items():
            if getattr(info, field_name) is None:
                severity = Severity.ERROR if field_name in ("code", "year") else None
                yield self.finding(ctx, sheet=info.sheet, cell=info.cells.get(field_name),
                                   label=label, severity=severity)


class Part1SectionEmpty(Check):
    """Flag an empty section of 第一部分 部门整体绩效目标.

    Why it matters: the text must give 总体绩效目标, 分项绩效目标 and 工作保障措施.

    Example:
        三、工作保障措施 with no item
    """

    code = "S002"
    name = "part1-section-empty"
    severity = Severity.ERROR
    template = "第一部分“{section}”没有内容"
    hint = "在“部门整体绩效目标”工作表填写{section}"
    rules = ("R-DOC-001",)

    _SECTIONS = {"overall": "一、总体绩效目标", "sub_targets": "二、分项绩效目标",
                 "measures": "三、工作保障措施"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        dept = ctx.book.department
        if dept.sheet is None:
            return  # R004 reports the missing sheet
        for field_name, section in self._SECTIONS.items():
            if not getattr(dept, field_name):
                yield self.finding(ctx, sheet=dept.sheet, cell=dept.cells.get(field_name),
                                   section=section)


_DUTY = re.compile(r"^(\(|（)?[一二三四五六七八九十\d]*[)）、.．]?\s*"
                   r"(负责|指导|研究|参与|协助|组织|贯彻|完成|依照|依法|围绕|做好|承担|维护)")


class OverallTargetsAreDuties(Check):
    """Flag 总体绩效目标 that only restate the department's duties, with nothing measurable.

    Why it matters: the department-wide target is what all its money should achieve in the
    year; a list of statutory functions (“三定”职责) states no annual output or effect.

    Example:
        （一）贯彻落实党的路线方针政策 …（九）负责指导、监督基层工会经费的管理和使用工作。
    """

    code = "S003"
    name = "overall-targets-are-duties"
    severity = Severity.WARNING
    template = "总体绩效目标 {count} 条中有 {duties} 条是职责表述，且没有任何量化的年度目标"
    hint = "写明本年度要达到的主要产出和效果（数量、质量、时间），不要照抄部门职能"
    rules = ("R-DEPT-001",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        dept = ctx.book.department
        items = [i for i in dept.overall if i.text]
        duties = sum(bool(_DUTY.search(compact(f"{i.number or ''}{i.text}"))) for i in items)
        if len(items) >= 3 and duties * 2 >= len(items) and not any(
            re.search(r"\d", i.text or "") for i in items
        ):
            yield self.finding(ctx, sheet=dept.sheet, cell=dept.cells.get("overall"),
                               count=len(items), duties=duties)


_QUANTITY = re.compile(r"\d|[一二两三四五六七八九十百千万]+(个|人|次|项|户|场|所)")


class SubTargetNotMeasurable(Check):
    """Flag 分项绩效目标 whose 绩效指标 contain no measurable value at all.

    Why it matters: Part 1's indicators must be measurable (an indicator and its value), not a
    description of duties or measures.

    Example:
        绩效指标: 参与涉及职工切身利益的政策、措施的拟定 …（no number anywhere）
    """

    code = "S004"
    name = "sub-target-not-measurable"
    severity = Severity.WARNING
    template = "分项绩效目标“{name}”的绩效指标没有量化的指标值"
    hint = "为每个分项写出可衡量的指标和指标值，如“帮扶困难职工≥300人”“培训覆盖率≥95%”"
    rules = ("R-DEPT-003",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        dept = ctx.book.department
        for s in dept.sub_targets:
            text = f"{s.target or ''}{s.indicators or ''}"
            if text and not _QUANTITY.search(text):
                yield self.finding(ctx, sheet=dept.sheet,
                                   cell=s.cells.get("indicators") or s.cells.get("name"),
                                   name=s.name or s.number or "")


_JURISDICTION = re.compile(r"(?<!安)全区|(?<![社小园城景辖片校库牧山地街])区(?:委|政府|党工委|级)")


class JurisdictionWordWrong(Check):
    """Flag 区-level wording (全区, 区委, 区政府, 区党工委, 区级) in a 县 document.

    Why it matters: a county text speaking of 全区 or 区委 was copied from another jurisdiction's
    document and not adapted.

    Example:
        研究制定全区工会工作计划 (博野县 is a county: 全县)
    """

    code = "S005"
    name = "jurisdiction-word-wrong"
    severity = Severity.WARNING
    template = "县级文本中出现“{words}”"
    hint = "改为本县用语：全县、县委、县政府、县级"
    rules = ("R-DOC-005",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.is_county:
            return
        for spot in ctx.prose:
            if "区" not in spot.text:
                continue
            words = list(dict.fromkeys(m.group(0) for m in _JURISDICTION.finditer(spot.text)))
            if words:
                yield self.finding(ctx, sheet=spot.sheet, cell=spot.cell, project=spot.project,
                                   words="、".join(words))


_BRACKETS = frozenset("【[［(（")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}\s*[【\[［(（]\s*(\d{4})\s*[】\]］)）]\s*(\d+)\s*号")


class DocumentNumberBrackets(Check):
    """Note a 文号 written with 【】, [] or () instead of 〔〕.

    Why it matters: official document numbers use hexagonal brackets: 冀财行〔2021〕102号.

    Example:
        冀财行【2021】102号
    """

    code = "S006"
    name = "document-number-brackets"
    severity = Severity.INFO
    template = "文号“{value}”应使用六角括号“〔〕”"
    hint = "写成 ××〔年份〕××号，如 冀财行〔2021〕102号"
    rules = ("R-DOC-006",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for spot in ctx.prose:
            if "号" not in spot.text or not _BRACKETS.intersection(spot.text):
                continue
            match = _DOC_NUMBER.search(spot.text)
            if match:
                yield self.finding(ctx, sheet=spot.sheet, cell=spot.cell, project=spot.project,
                                   value=match.group(0))


class TextRepeated(Check):
    """Flag a paragraph that repeats a long stretch of its own text.

    Why it matters: “协助区政府做好…推荐工作。协助区政府做好…推荐工作。” is a copy-paste slip
    that a published text should not contain.

    Example:
        加强组织和干部队伍建设，提高干部业务素质和大型企事业单位加强组织和干部队伍建设，…
    """

    code = "S007"
    name = "text-repeated"
    severity = Severity.WARNING
    template = "文字重复：“{value}”出现了两次"
    hint = "删去重复的句子或短语"
    rules = ("R-DOC-007",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for spot in ctx.prose:
            repeated = _repeated(compact(spot.text))
            if repeated:
                yield self.finding(ctx, sheet=spot.sheet, cell=spot.cell, project=spot.project,
                                   value=repeated)


_WINDOW = 12
_STRIDE = 6
_PIECE = _WINDOW - _STRIDE + 1  # every 12-character stretch holds a piece starting at k·_STRIDE


def _repeated(text: str) -> str | None:
    """The longest stretch (≥ 12 characters) that occurs twice without overlapping."""
    if len(text) < 2 * _WINDOW:
        return None  # too short to hold a stretch twice (most cells)
    # The usual case, proved cheaply: a 12-character stretch at j that recurs at i ≥ j + 12
    # contains the 7-character piece that starts at the multiple of 6 among j … j + 5, and that
    # piece recurs at least 7 characters further on. No such piece recurring: no repetition.
    find = text.find
    for p in range(0, len(text) - _PIECE + 1, _STRIDE):
        if find(text[p:p + _PIECE], p + _PIECE) >= 0:
            break
    else:
        return None
    first: dict[str, int] = {}
    best = ""
    for i in range(len(text) - _WINDOW + 1):
        piece = text[i:i + _WINDOW]
        j = first.setdefault(piece, i)
        if i - j >= _WINDOW:
            length = _WINDOW
            while i + length < len(text) and j + length < i and \
                    text[j + length] == text[i + length]:
                length += 1
            if length > len(best):
                best = text[i:i + length]
    return best or None


class ParagraphTruncated(Check):
    """Note a prose paragraph of Part 1 that stops without closing punctuation.

    Why it matters: a paragraph cut off mid-sentence (often from copying out of a PDF) reads as
    unfinished.

    Example:
        （五）维护职工劳动就业、收入分配、社会保障等方面的切身
    """

    code = "S008"
    name = "paragraph-truncated"
    severity = Severity.INFO
    template = "段落没有以句号结束，可能不完整：“…{tail}”"
    hint = "补全句子并以句号结束"
    rules = ("R-DOC-007",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        dept = ctx.book.department
        texts = [(i.text, i.cells.get("text")) for i in dept.overall + dept.measures]
        texts += [(s.target, s.cells.get("target")) for s in dept.sub_targets]
        for text, cell in texts:
            body = (text or "").strip()
            if len(body) >= 15 and not re.search(r"[。！？；;：:…”）)」!?.]$", body):
                yield self.finding(ctx, sheet=dept.sheet, cell=cell, tail=body[-10:])


_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"(?<![A-Za-z])[a-z]{2,}(?![A-Za-z])")
_LATIN_OK = {"km", "kg", "mm", "cm", "kw", "kwh", "mg", "ml", "app", "wifi", "www", "http",
             "https", "com", "cn", "gov", "pm", "ph"}


class StrayLatinWord(Check):
    """Note a lower-case English word inside Chinese text.

    Why it matters: “预算执行情况 and 绩效目标实现情况” is a translation or typing slip.

    Example:
        开展预算执行情况 and 绩效目标实现情况动态监控
    """

    code = "S009"
    name = "stray-latin-word"
    severity = Severity.INFO
    template = "中文文字中夹有英文单词“{value}”"
    hint = "改为中文（如“和”“及”）"
    rules = ("R-DOC-007",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for spot in ctx.prose:
            if not _CJK.search(spot.text):
                continue
            for match in _LATIN.finditer(spot.text):
                if match.group(0) not in _LATIN_OK:
                    yield self.finding(ctx, sheet=spot.sheet, cell=spot.cell,
                                       project=spot.project, value=match.group(0))
                    break


_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,4})\1")


class WordDoubled(Check):
    """Note a word written twice in a row, such as “财政财政”.

    Why it matters: a doubled word is a typing slip.

    Example:
        提高财政财政资金配置和使用效益
    """

    code = "S010"
    name = "word-doubled"
    severity = Severity.INFO
    template = "词语重复：“{value}”"
    hint = "删去重复的“{word}”"
    rules = ("R-DOC-007",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        for spot in ctx.prose:
            match = _DOUBLED.search(spot.text)
            if match:
                yield self.finding(ctx, sheet=spot.sheet, cell=spot.cell, project=spot.project,
                                   value=match.group(0), word=match.group(1))


_STYLES = (
    ("（一）", re.compile(r"^[（(][一二三四五六七八九十]+[)）]")),
    ("一、", re.compile(r"^[一二三四五六七八九十]+、")),
    ("1.", re.compile(r"^\d+[.．、]")),
    ("（1）", re.compile(r"^[（(]\d+[)）]")),
)
_CN = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def _style_and_number(number: str) -> tuple[str | None, int | None]:
    for style, pattern in _STYLES:
        match = pattern.match(number)
        if match:
            digits = re.sub(r"[^\d一二三四五六七八九十]", "", match.group(0))
            return style, _numeral(digits)
    return None, None


def _numeral(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN.get(text[1:], 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN.get(tens, 0) * 10 + _CN.get(ones, 0)
    return _CN.get(text)


class NumberingInconsistent(Check):
    """Note numbering in a Part 1 section that switches style or repeats a number.

    Why it matters: one level of a list uses one style — （一）、一、1.、（1）— without repeats
    or gaps; “1. … 6.” followed by “（七）” or two “（一）” look unedited.

    Example:
        三、工作保障措施: 1. … 6. then (七)
    """

    code = "S011"
    name = "numbering-inconsistent"
    severity = Severity.INFO
    template = "{section}的序号“{value}”{problem}"
    hint = "同一层级统一使用一种序号格式，并按顺序连续编号"
    rules = ("R-DOC-004",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        dept = ctx.book.department
        sections: tuple[tuple[str, list[TextItem]], ...] = (
            ("总体绩效目标", dept.overall), ("工作保障措施", dept.measures))
        for section, items in sections:
            yield from self._section(ctx, section, items)

    def _section(self, ctx: Context, section: str, items: list[TextItem]) -> Iterator[Finding]:
        numbered = [(i, *_style_and_number(compact(i.number))) for i in items if i.number]
        styles = [style for _, style, _ in numbered if style]
        if not styles:
            return
        usual = max(set(styles), key=styles.count)
        previous: int | None = None
        for item, style, value in numbered:
            problem = None
            if style != usual:
                problem = f"与本节其他序号的格式“{usual}”不一致"
            elif value is not None and previous is not None and value != previous + 1:
                problem = "与上一条重复" if value == previous else "不连续"
            if problem:
                yield self.finding(ctx, sheet=ctx.book.department.sheet,
                                   cell=item.cells.get("number"), section=section,
                                   value=item.number, problem=problem)
            if style == usual and value is not None:
                previous = value


class ProjectUnitMismatch(Check):
    """Flag a project table whose header unit differs from the cover's unit.

    Why it matters: the header line “711001 博野县总工会本级” tells whose table it is; a different
    code or name there is a table copied from another unit.

    Example:
        封面 711001 博野县总工会本级, 项目3 header 712001 博野县妇联本级
    """

    code = "S012"
    name = "project-unit-mismatch"
    severity = Severity.WARNING
    template = "表头单位“{found}”与封面单位“{expected}”不一致"
    hint = "表头应为封面的单位编码和单位名称（可用“填充默认值”自动填写）"
    rules = ("R-DOC-003",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        info = ctx.book.info
        if not info.code or not info.name:
            return
        expected = f"{info.code} {info.name}"
        for p in ctx.book.projects:
            if p.unit_code is None:
                continue
            found = f"{p.unit_code} {p.unit_name or ''}".strip()
            if compact(found) != compact(expected):
                yield self.at_project(ctx, p, "unit_code", found=found, expected=expected)


_CLAUSE = re.compile(r"[。；;！？!?]")


class SubTargetsOverlap(Check):
    """Note a clause that two 分项绩效目标 share word for word.

    Why it matters: sub-targets divide the department's work; the same duty in two of them is
    counted twice or was copied without editing.

    Example:
        6.工会事务管理 and 7.综合事务管理 both “负责工会干部管理制度和培训规划制定以及培训工作”
    """

    code = "S013"
    name = "sub-targets-overlap"
    severity = Severity.INFO
    template = "与分项“{other}”有相同的表述：“{value}”"
    hint = "各分项绩效目标分工明确，删去或改写重复的内容"
    rules = ("R-DEPT-004",)

    def run(self, ctx: Context) -> Iterator[Finding]:
        dept = ctx.book.department
        earlier: list[tuple[str, str]] = []  # (sub-target name, its compact text)
        for s in dept.sub_targets:
            text = compact(f"{s.target or ''}。{s.indicators or ''}")
            clauses = [c for c in _CLAUSE.split(text) if len(c) >= 12]
            match = next(((name, c) for c in clauses for name, other in earlier if c in other),
                         None)
            if match:
                yield self.finding(ctx, sheet=dept.sheet, cell=s.cells.get("indicators"),
                                   other=match[0], value=match[1])
            earlier.append((s.name or s.number or "", text))


CHECKS: tuple[type[Check], ...] = (
    CoverFieldMissing,
    Part1SectionEmpty,
    OverallTargetsAreDuties,
    SubTargetNotMeasurable,
    JurisdictionWordWrong,
    DocumentNumberBrackets,
    TextRepeated,
    ParagraphTruncated,
    StrayLatinWord,
    WordDoubled,
    NumberingInconsistent,
    ProjectUnitMismatch,
    SubTargetsOverlap,
)
