"""S-codes: the document as a whole — cover, 第一部分 and the hygiene of all its text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from xlperf.core.model.findings import Applicability, Finding, Severity
from xlperf.core.model.rule import Dimension, Rule
from xlperf.core.model.unit_workbook import TextItem
from xlperf.core.rules import remedies
from xlperf.core.rules.base import Context, check, compact
from xlperf.core.rules.prosescan import DOUBLED, doubled_words
from xlperf.core.rules.repeats import copy_pasted
from xlperf.core.workbook.layout import unit_line

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
COMPLETE, RELEVANT, FEASIBLE = Dimension.COMPLETENESS, Dimension.RELEVANCE, Dimension.FEASIBILITY

_COVER_FIELDS = {"code": "单位编码", "name": "单位名称", "year": "预算年度",
                 "compiler": "编制单位", "reviewer": "审核单位"}
_KEY_FIELDS = ("code", "year")


def _blank_cover_fields(ctx: Context, key: bool) -> Iterator[tuple[str, str]]:
    info = ctx.book.info
    if info.sheet is None:
        return  # R003 reports the missing sheet
    for field_name, label in _COVER_FIELDS.items():
        if (field_name in _KEY_FIELDS) == key and getattr(info, field_name) is None \
                and field_name not in info.unreadable:  # R007 reports an unreadable year
            yield field_name, label


@check(Rule(
    "S001", "cover-field-missing", "封面信息未填写", WARNING, COMPLETE,
    "封面“{label}”未填写", "在“封面”填写{label}",
    why="封面写明单位名称、由谁编制、由谁审核，公开的绩效文本缺这些就不完整。",
    example="编制单位 |（空白）",
    sources=("R-DOC-003",),
))
def cover_field_missing(ctx: Context, rule: Rule) -> Iterator[Finding]:
    info = ctx.book.info
    for field_name, label in _blank_cover_fields(ctx, key=False):
        yield ctx.finding(rule, sheet=info.sheet, cell=info.cells.get(field_name), label=label)


@check(Rule(
    "S014", "cover-key-field-missing", "单位编码或预算年度未填写", ERROR, COMPLETE,
    "封面“{label}”未填写", "在“封面”填写{label}",
    why="全县汇总按单位编码识别单位、按预算年度合计；缺了就无法归入汇总。",
    example="单位编码 |（空白）",
    sources=("R-DOC-003",),
))
def cover_key_field_missing(ctx: Context, rule: Rule) -> Iterator[Finding]:
    info = ctx.book.info
    for field_name, label in _blank_cover_fields(ctx, key=True):
        yield ctx.finding(rule, sheet=info.sheet, cell=info.cells.get(field_name), label=label)


_SECTIONS = {"overall": "一、总体绩效目标", "sub_targets": "二、分项绩效目标",
             "measures": "三、工作保障措施"}


@check(Rule(
    "S002", "part1-section-empty", "第一部分某节为空", ERROR, COMPLETE,
    "第一部分“{section}”没有内容", "在“部门整体绩效目标”工作表填写{section}",
    why="绩效文本第一部分必须写明总体绩效目标、分项绩效目标和工作保障措施。",
    example="三、工作保障措施 下没有任何条目",
    sources=("R-DOC-001",),
))
def part1_section_empty(ctx: Context, rule: Rule) -> Iterator[Finding]:
    dept = ctx.book.department
    if dept.sheet is None:
        return  # R004 reports the missing sheet
    for field_name, section in _SECTIONS.items():
        if not getattr(dept, field_name):
            yield ctx.finding(rule, sheet=dept.sheet, cell=dept.cells.get(field_name),
                              section=section)


_SUB_FIELDS = {"name": "名称", "target": "绩效目标", "indicators": "绩效指标"}


@check(Rule(
    "S015", "sub-target-field-missing", "分项绩效目标缺少名称、目标或指标", ERROR, COMPLETE,
    "分项绩效目标“{item}”的{label}未填写", "填写{label}；不需要的分项整行删除",
    why="每个分项绩效目标都由名称、绩效目标和绩效指标三部分组成；缺了一部分，这一项就无法审核，"
        "公开的文本里也会留下一个空的“绩效目标：”或“绩效指标：”。",
    example="2. | 妇女两癌筛查 |（空白）| 筛查人数≥3000人",
    sources=("R-DOC-001", "R-DEPT-003"),
))
def sub_target_field_missing(ctx: Context, rule: Rule) -> Iterator[Finding]:
    dept = ctx.book.department
    for n, s in enumerate(dept.sub_targets, start=1):
        for field_name, label in _SUB_FIELDS.items():
            if getattr(s, field_name) is None:
                yield ctx.finding(rule, sheet=dept.sheet, cell=s.cells.get(field_name),
                                  item=s.name or s.number or f"第 {n} 项", label=label)


@check(Rule(
    "S016", "part1-item-text-missing", "第一部分条目只有序号", WARNING, COMPLETE,
    "{section}的“{number}”后没有内容", "填写这一条的内容，或删除只有序号的这一行",
    why="只有序号的一行会在公开的文本里印成孤零零的“（三）”或“2.”，后面的序号也就对不上了。",
    example="三、工作保障措施 | 2. |（空白）",
    sources=("R-DOC-001",),
))
def part1_item_text_missing(ctx: Context, rule: Rule) -> Iterator[Finding]:
    dept = ctx.book.department
    for section, items in (("总体绩效目标", dept.overall), ("工作保障措施", dept.measures)):
        for item in items:
            if item.text is None and item.number:
                yield ctx.finding(rule, sheet=dept.sheet, cell=item.cells.get("text"),
                                  section=section, number=item.number)


_DUTY = re.compile(r"^(\(|（)?[一二三四五六七八九十\d]*[)）、.．]?\s*"
                   r"(负责|指导|研究|参与|协助|组织|贯彻|完成|依照|依法|围绕|做好|承担|维护)")


@check(Rule(
    "S003", "overall-targets-are-duties", "总体目标照抄职责", WARNING, RELEVANT,
    "总体绩效目标 {count} 条中有 {duties} 条是职责表述，且没有任何量化的年度目标",
    "写明本年度要达到的主要产出和效果（数量、质量、时间），不要照抄部门职能",
    why="部门整体绩效目标是全部预算资金一年内要达到的产出和效果；照抄“三定”职责，"
        "说明不了这一年要做成什么。",
    example="（一）贯彻落实党的路线方针政策 …（九）负责指导、监督基层工会经费的管理和使用工作。",
    sources=("R-DEPT-001",),
))
def overall_targets_are_duties(ctx: Context, rule: Rule) -> Iterator[Finding]:
    dept = ctx.book.department
    items = [i for i in dept.overall if i.text]
    duties = sum(bool(_DUTY.search(compact(f"{i.number or ''}{i.text}"))) for i in items)
    if len(items) >= 3 and duties * 2 >= len(items) and not any(
        re.search(r"\d", i.text or "") for i in items
    ):
        yield ctx.finding(rule, sheet=dept.sheet, cell=dept.cells.get("overall"),
                          count=len(items), duties=duties)


_QUANTITY = re.compile(r"\d|[一二两三四五六七八九十百千万]+(个|人|次|项|户|场|所)")


@check(Rule(
    "S004", "sub-target-not-measurable", "分项目标没有量化指标", WARNING, FEASIBLE,
    "分项绩效目标“{name}”的绩效指标没有量化的指标值",
    "为每个分项写出可衡量的指标和指标值，如“帮扶困难职工≥300人”“培训覆盖率≥95%”",
    why="第一部分的绩效指标要可衡量（指标加指标值），不能只是职责或措施的描述。",
    example="绩效指标：参与涉及职工切身利益的政策、措施的拟定 …（全文没有一个数字）",
    sources=("R-DEPT-003",),
))
def sub_target_not_measurable(ctx: Context, rule: Rule) -> Iterator[Finding]:
    dept = ctx.book.department
    for s in dept.sub_targets:
        text = f"{s.target or ''}{s.indicators or ''}"
        if text and not _QUANTITY.search(text):
            yield ctx.finding(rule, sheet=dept.sheet,
                              cell=s.cells.get("indicators") or s.cells.get("name"),
                              name=s.name or s.number or "")


_JURISDICTION = re.compile(r"(?<!安)全区(?!域)"
                           r"|(?<![社小园城景辖片校库牧山地街])区(?:委|政府|党工委|级)")


@check(Rule(
    "S005", "jurisdiction-word-wrong", "县级文本出现区级用语", WARNING, RELEVANT,
    "县级文本中出现“{words}”", "改为本县用语：全县、县委、县政府、县级",
    why="县级单位的文本里出现“全区”“区委”，说明是从别处的文本复制而来、没有改写。",
    example="研究制定全区工会工作计划（博野县是县，应为“全县”）",
    sources=("R-DOC-005",), fix=Applicability.UNSAFE,
))
def jurisdiction_word_wrong(ctx: Context, rule: Rule) -> Iterator[Finding]:
    if not ctx.is_county:
        return
    for spot in ctx.prose:
        if "区" not in spot.text:
            continue
        words = list(dict.fromkeys(m.group(0) for m in _JURISDICTION.finditer(spot.text)))
        if words:
            fixed = remedies.county_wording(spot.text, _JURISDICTION)
            yield ctx.finding(rule, sheet=spot.sheet, cell=spot.cell, project=spot.project,
                              words="、".join(words), fix=remedies.pair(spot.text, fixed))


_BRACKETS = frozenset("【[［(（")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}\s*[【\[［(（]\s*(\d{4})\s*[】\]］)）]\s*(\d+)\s*号")


@check(Rule(
    "S006", "document-number-brackets", "文号括号不规范", INFO, COMPLETE,
    "文号“{value}”应使用六角括号“〔〕”", "写成 ××〔年份〕××号，如 冀财行〔2021〕102号",
    why="公文发文字号的年份用六角括号“〔〕”（GB/T 9704-2012）。",
    example="冀财行【2021】102号",
    sources=("R-DOC-006",), fix=Applicability.SAFE,
))
def document_number_brackets(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for spot in ctx.prose:
        if "号" not in spot.text or not _BRACKETS.intersection(spot.text):
            continue
        match = _DOC_NUMBER.search(spot.text)
        if match:
            fixed = remedies.document_number(spot.text)
            yield ctx.finding(rule, sheet=spot.sheet, cell=spot.cell, project=spot.project,
                              value=match.group(0), fix=remedies.pair(spot.text, fixed))


@check(Rule(
    "S007", "text-repeated", "文字重复", WARNING, COMPLETE,
    "文字重复：“{value}”出现了两次", "删去重复的句子或短语",
    why="同一段里一整句话（16 个字以上）、跨句的 20 个字以上或任意 40 个字以上的文字出现两次，"
        "是复制粘贴的失误，公开的文本里不应出现。较短的固定说法和名称"
        "（如“坚持和发展中国特色社会主义”）在正式文本中本来就会重复，不算。",
    example="加强组织和干部队伍建设，提高干部业务素质和大型企事业单位加强组织和干部队伍建设，…",
    sources=("R-DOC-007",),
))
def text_repeated(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for spot in ctx.prose:
        repeated = copy_pasted(compact(spot.text))
        if repeated:
            yield ctx.finding(rule, sheet=spot.sheet, cell=spot.cell, project=spot.project,
                              value=repeated)


@check(Rule(
    "S008", "paragraph-truncated", "段落可能不完整", INFO, COMPLETE,
    "段落没有以句号结束，可能不完整：“…{tail}”", "补全句子并以句号结束",
    why="话说到一半就断了的段落（常见于从 PDF 复制）读起来像没写完。",
    example="（五）维护职工劳动就业、收入分配、社会保障等方面的切身",
    sources=("R-DOC-007",),
))
def paragraph_truncated(ctx: Context, rule: Rule) -> Iterator[Finding]:
    dept = ctx.book.department
    texts = [(i.text, i.cells.get("text")) for i in dept.overall + dept.measures]
    texts += [(s.target, s.cells.get("target")) for s in dept.sub_targets]
    for text, cell in texts:
        body = (text or "").strip()
        if len(body) >= 15 and not re.search(r"[。！？；;：:…”）)」!?.]$", body):
            yield ctx.finding(rule, sheet=dept.sheet, cell=cell, tail=body[-10:])


_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"(?<![A-Za-z])[a-z]{2,}(?![A-Za-z])")
#: Two lowercase letters in a row: in every _LATIN match, and found five times as fast (no
#: lookbehind at the start, so the regex engine skips ahead to a letter).
_TWO_LOWER = re.compile(r"[a-z][a-z]")
_LATIN_OK = {"km", "kg", "mm", "cm", "kw", "kwh", "mg", "ml", "app", "wifi", "www", "http",
             "https", "com", "cn", "gov", "pm", "ph"}


@check(Rule(
    "S009", "stray-latin-word", "中文中夹有英文单词", INFO, COMPLETE,
    "中文文字中夹有英文单词“{value}”", "改为中文（如“和”“及”）",
    why="中文句子里出现“and”之类的英文单词，是翻译或录入的失误。",
    example="开展预算执行情况 and 绩效目标实现情况动态监控",
    sources=("R-DOC-007",),
))
def stray_latin_word(ctx: Context, rule: Rule) -> Iterator[Finding]:
    # a text with no _LATIN match (so none without _TWO_LOWER) yields nothing
    for spot in ctx.prose_having(_TWO_LOWER):
        if not _CJK.search(spot.text):
            continue
        for match in _LATIN.finditer(spot.text):
            if match.group(0) not in _LATIN_OK:
                yield ctx.finding(rule, sheet=spot.sheet, cell=spot.cell, project=spot.project,
                                  value=match.group(0))
                break


@check(Rule(
    "S010", "word-doubled", "词语重复", INFO, COMPLETE,
    "词语重复：“{value}”", "删去重复的“{word}”",
    why="同一个词连写两遍（如“财政财政”）是录入失误；“一步一步”“每年每年”这样有意的重叠不算，"
        "跨在前后词语上的（如“构建共建共治”里的“建共建共”）也不算。",
    example="提高财政财政资金配置和使用效益",
    sources=("R-DOC-007",), fix=Applicability.UNSAFE,
))
def word_doubled(ctx: Context, rule: Rule) -> Iterator[Finding]:
    # doubled_words yields some of DOUBLED's matches: a text with none yields nothing
    for spot in ctx.prose_having(DOUBLED):
        match = next(doubled_words(spot.text), None)
        if match:
            fixed = remedies.undoubled(spot.text, match.start(), match.group(1))
            yield ctx.finding(rule, sheet=spot.sheet, cell=spot.cell, project=spot.project,
                              value=match.group(0), word=match.group(1),
                              fix=(spot.text, fixed))


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


@check(Rule(
    "S011", "numbering-inconsistent", "序号不统一或不连续", INFO, COMPLETE,
    "{section}的序号“{value}”{problem}", "同一层级统一使用一种序号格式，并按顺序连续编号",
    why="同一层级用一种序号格式（（一）、一、1.、（1）），不重复、不跳号；“1.…6.”后接“（七）”"
        "或两个“（一）”，说明文本没有整理好。",
    example="三、工作保障措施：1. … 6. 之后是（七）",
    sources=("R-DOC-004",), fix=Applicability.SAFE,
))
def numbering_inconsistent(ctx: Context, rule: Rule) -> Iterator[Finding]:
    dept = ctx.book.department
    sections: tuple[tuple[str, list[TextItem]], ...] = (
        ("总体绩效目标", dept.overall), ("工作保障措施", dept.measures))
    for section, items in sections:
        for item, problem, fixed in _numbering_problems(items):
            yield ctx.finding(rule, sheet=dept.sheet, cell=item.cells.get("number"),
                              section=section, value=item.number, problem=problem,
                              fix=remedies.pair(item.number or "", fixed))


def _numbering_problems(
        items: list[TextItem]) -> Iterator[tuple[TextItem, str, str | None]]:
    """Each item whose 序号 is off, why, and (for another style) the 序号 in the usual style."""
    numbered = [(i, *_style_and_number(compact(i.number))) for i in items if i.number]
    styles = [style for _, style, _ in numbered if style]
    if not styles:
        return
    usual = max(set(styles), key=styles.count)
    model = next(i.number or "" for i, style, _ in numbered if style == usual)
    previous: int | None = None
    last: int | None = None  # the own number of the item before, whatever its style
    for item, style, value in numbered:
        if style != usual:
            # restyled only where its own number continues the list: (七) after 6., not (二)
            follows = value is not None and (last is None or value == last + 1)
            last = value
            yield item, f"与本节其他序号的格式“{usual}”不一致", _restyled(
                item.number or "", model, value) if follows else None
        elif value is not None and previous is not None and value != previous + 1:
            yield item, "与上一条重复" if value == previous else "不连续", None
        if style == usual and value is not None:
            previous = last = value


def _restyled(number: str, model: str, value: int | None) -> str | None:
    """A 序号 of another style written in the style of ``model`` with ``value`` (None: unknown)."""
    prefix, model_prefix = _prefix(number), _prefix(model)
    if value is None or prefix is None or model_prefix is None:
        return None
    return remedies.renumbered(number, prefix, model_prefix, value)


def _prefix(number: str) -> str | None:
    return next((m.group(0) for _, p in _STYLES if (m := p.match(number))), None)


@check(Rule(
    "S012", "project-unit-mismatch", "表头单位与封面不一致", WARNING, RELEVANT,
    "表头单位“{found}”与封面单位“{expected}”不一致",
    "表头应为封面的单位编码和单位名称（可用“填充默认值”自动填写）",
    why="项目表表头“711001 博野县总工会本级”说明是谁的表；"
        "编码或名称不同，多半是从别的单位复制来的表。",
    example="封面 711001 博野县总工会本级，项目3 表头 712001 博野县妇联本级",
    sources=("R-DOC-003",),
))
def project_unit_mismatch(ctx: Context, rule: Rule) -> Iterator[Finding]:
    info = ctx.book.info
    if not info.code or not info.name:
        return
    expected = unit_line(info.code, info.name)
    for p in ctx.book.projects:
        if p.unit_code is None:
            continue
        found = unit_line(p.unit_code, p.unit_name)
        if compact(found) != compact(expected):
            yield ctx.at_project(rule, p, "unit_code", found=found, expected=expected)


_CLAUSE = re.compile(r"[。；;！？!?]")


@check(Rule(
    "S013", "sub-targets-overlap", "分项目标内容重复", INFO, RELEVANT,
    "与分项“{other}”有相同的表述：“{value}”", "各分项绩效目标分工明确，删去或改写重复的内容",
    why="各分项绩效目标分担部门的工作；同一项职责写进两个分项，要么重复计算，要么是复制后没改。",
    example="6.工会事务管理 和 7.综合事务管理 都写着"
            "“负责工会干部管理制度和培训规划制定以及培训工作”",
    sources=("R-DEPT-004",),
))
def sub_targets_overlap(ctx: Context, rule: Rule) -> Iterator[Finding]:
    dept = ctx.book.department
    earlier: list[tuple[str, str]] = []  # (sub-target name, its compact text)
    for s in dept.sub_targets:
        text = compact(f"{s.target or ''}。{s.indicators or ''}")
        clauses = [c for c in _CLAUSE.split(text) if len(c) >= 12]
        match = next(((name, c) for c in clauses for name, other in earlier if c in other), None)
        if match:
            yield ctx.finding(rule, sheet=dept.sheet, cell=s.cells.get("indicators"),
                              other=match[0], value=match[1])
        earlier.append((s.name or s.number or "", text))

