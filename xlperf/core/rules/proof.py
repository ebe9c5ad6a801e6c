"""P-codes: proofreading every prose cell — punctuation, brackets, typos, tense, cut-off text.

Each rule reads the prose cells of ``Context.prose`` (第一部分's items, 分项 名称/绩效目标/绩效指标,
工作保障措施, each project's 名称, 资金用途, 绩效目标 and 绩效指标描述) and reports a cell once,
quoting what it found and what to write instead. A candidate counts only where its edges fall on
word boundaries (``proof_words.GLUE``, frozen from jieba's dictionary), so 持续效果 never reads
as the typo 续效. Where the remedy is mechanical a finding carries the cell's whole text before
and after (a project's 绩效目标 cell as the template writes it: ``1. …`` one item a line).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from xlperf.core.model.findings import Applicability, Finding, Severity
from xlperf.core.model.rule import Dimension, Rule
from xlperf.core.rules.base import Context, check
from xlperf.core.rules.proof_words import ENDINGS
from xlperf.core.rules.proofdata import (
    EXPENSE_AFTER,
    EXPENSE_BEFORE,
    NOT_PERFECTIVE,
    RATE_STEMS,
    RESULT_VERBS,
    TYPOS,
    VARIANTS,
)
from xlperf.core.rules.prosescan import Prose, glued, positions, quote, report, scan

WARNING, INFO = Severity.WARNING, Severity.INFO
COMPLETE, FEASIBLE = Dimension.COMPLETENESS, Dimension.FEASIBILITY
SAFE, UNSAFE = Applicability.SAFE, Applicability.UNSAFE
SOURCES = ("R-DOC-007",)
#: Fields that state a plan: 第一部分 and each project's 绩效目标 (P009 reads only these).
PLAN_FIELDS = frozenset({"overall", "measures", "sub_target", "sub_indicators", "targets"})
_HAN = "\u4e00-\u9fff"


# --------------------------------------------------------------------------- punctuation
_WIDE = "，。；：、！？（）《》“”"
_NEAR = f"[{_HAN}{_WIDE}]"
#: A half-width , ; : next to Chinese; ( ) around Chinese; none between 》 and 《 (P004).
_HALF = re.compile(rf"(?<={_NEAR})[,;:](?!《)|[,;:](?={_NEAR})(?<!》,)"
                   rf"|\(([^()]*[{_HAN}][^()]*)\)")
_TO_WIDE = str.maketrans(",;:", "，；：")
_FULL_MARKS = re.compile(f"[{_WIDE}]")


def _widen(text: str) -> str:
    return _HALF.sub(lambda m: f"（{m.group(1)}）" if m.group(1) is not None
                     else m.group(0).translate(_TO_WIDE), text)


_HALF_MARK = re.compile(r"[,;:()]")


def _half_counts(ctx: Context) -> tuple[list[tuple[Prose, int]], int]:
    """Cells with half-width marks in Chinese text (and how many), and the full-width marks."""
    prose_scan = scan(ctx)
    if prose_scan.half is None:
        found: list[tuple[Prose, int]] = []
        for prose in prose_scan.having(_HALF_MARK):
            count = sum(1 if m.group(1) is None else 2 for m in _HALF.finditer(prose.text))
            if count:
                found.append((prose, count))
        prose_scan.half = (found, len(_FULL_MARKS.findall(prose_scan.text)) if found else 0)
    return prose_scan.half


def _mostly_half(found: list[tuple[Prose, int]], wide: int) -> bool:
    half = sum(n for _, n in found)
    return half >= 10 and half > wide


@check(Rule(
    "P001", "punctuation-half-width", "中文中用了半角标点", INFO, COMPLETE,
    "中文中有 {count} 处半角标点，如“{value}”", "改为全角标点（，；：（））",
    why="中文文本用全角标点（GB/T 15834）；半角逗号、分号、冒号夹在汉字中间，"
        "多半是从别处粘贴来的。",
    example="做好劳模先进事迹宣传工作,弘扬劳模精神",
    sources=SOURCES, fix=SAFE,
))
def punctuation_half_width(ctx: Context, rule: Rule) -> Iterator[Finding]:
    found, wide = _half_counts(ctx)
    if _mostly_half(found, wide):
        return  # P002 says it once for the whole document
    for prose, count in found:
        match = next(_HALF.finditer(prose.text))
        yield report(ctx, rule, prose, prose.fixed(_widen), count=str(count),
                     value=quote(prose.text, match.start(), match.end(), 4))


@check(Rule(
    "P002", "punctuation-half-width-throughout", "全文多用半角标点", INFO, COMPLETE,
    "全文 {cells} 个单元格共有 {count} 处半角标点，多于全角标点（{wide} 处），"
    "像是从 PDF 或经过转换的文字粘贴而来",
    "整篇改用全角标点（，；：（））；可逐格检查后统一替换",
    why="大部分标点都是半角时，逐格提示只会淹没其他问题，所以只说一次。",
    example="第一部分各条都用“,”“;”“:”分隔",
    sources=SOURCES,
))
def punctuation_half_width_throughout(ctx: Context, rule: Rule) -> Iterator[Finding]:
    found, wide = _half_counts(ctx)
    if _mostly_half(found, wide):
        first = found[0][0]
        yield report(ctx, rule, first, cells=str(len(found)),
                     count=str(sum(n for _, n in found)), wide=str(wide))


_DOUBLED_MARKS = re.compile(r"[，。；：、]{2,}")
_STRENGTH = "、，：；。"


def _single_mark(run: str) -> str:
    return max(run, key=_STRENGTH.index)


@check(Rule(
    "P003", "punctuation-doubled", "标点重复", WARNING, COMPLETE,
    "标点重复：“{value}”", "只保留一个标点：“{after}”",
    why="“，，”“。。”“，。”连在一起是录入或拼接文字时留下的。",
    example="工会经费收入。。工会财务工作人员",
    sources=SOURCES, fix=SAFE,
))
def punctuation_doubled(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for prose in scan(ctx).having(_DOUBLED_MARKS):
        match = _DOUBLED_MARKS.search(prose.text)
        if match:
            fix = prose.fixed(lambda t: _DOUBLED_MARKS.sub(lambda m: _single_mark(m.group(0)), t))
            yield report(ctx, rule, prose, fix,
                         value=quote(prose.text, match.start(), match.end(), 4),
                         after=_single_mark(match.group(0)))


_TITLES_COMMA = re.compile(r"》[，,]《")


@check(Rule(
    "P004", "titles-joined-by-comma", "书名号之间用了逗号", WARNING, COMPLETE,
    "书名号之间用了逗号：“{value}”", "并列的书名之间不加逗号，写作“》《”",
    why="并列的书名号之间不用逗号（GB/T 15834 标有书名号的并列成分之间通常不用标点）。",
    example="贯彻执行《中华人民共和国工会法》，《中国工会章程》",
    sources=SOURCES, fix=SAFE,
))
def titles_joined_by_comma(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for prose in scan(ctx).having(_TITLES_COMMA):
        match = _TITLES_COMMA.search(prose.text)
        if match:
            start = prose.text.rfind("《", 0, match.start())
            end = prose.text.find("》", match.end())
            value = prose.text[max(start, 0):end + 1 if end >= 0 else match.end()]
            yield report(ctx, rule, prose, prose.fixed(lambda t: _TITLES_COMMA.sub("》《", t)),
                         value=value)


_PAIRS = (("《", "《》", re.compile("[《》]")), ("（(", "（）", re.compile("[（()）]")),
          ("“", "“”", re.compile("[“”]")))
_BRACKET = re.compile("[《》（()）“”]")


def _unbalanced(text: str) -> str | None:
    for opens, name, marks in _PAIRS:
        if not marks.search(text):
            continue
        depth = 0
        for match in marks.finditer(text):
            depth += 1 if match.group(0) in opens else -1
            if depth < 0:
                return name
        if depth:
            return name
    return None


@check(Rule(
    "P005", "brackets-unbalanced", "括号或引号不成对", INFO, COMPLETE,
    "“{marks}”不成对：“{value}”", "补上缺少的一半，或删去多余的一半",
    why="少了一半的书名号、括号或引号，读者分不清引文或说明到哪里为止，常见于复制时截断。",
    example="实施“送温暖工程、“金秋助学”等活动",
    sources=SOURCES,
))
def brackets_unbalanced(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for prose in scan(ctx).having(_BRACKET):
        marks = _unbalanced(prose.text)
        if marks:
            yield report(ctx, rule, prose, marks=marks, value=prose.text[:30])


# --------------------------------------------------------------------------- words
def _replace_on_boundaries(text: str, table: dict[str, str]) -> tuple[str, list[str]]:
    """The text with each table entry on word boundaries replaced; the replacements made."""
    made: list[str] = []
    out: list[str] = []
    last = 0
    for match in _table_pattern(table).finditer(text):
        word = match.group(0)
        if glued(text, match.start(), match.end(), word):
            continue
        out += [text[last:match.start()], table[word]]
        last = match.end()
        made.append(f"“{word}”应为“{table[word]}”")
    out.append(text[last:])
    return "".join(out), list(dict.fromkeys(made))


_PATTERNS: dict[int, re.Pattern[str]] = {}


def _table_pattern(table: dict[str, str]) -> re.Pattern[str]:
    pattern = _PATTERNS.get(id(table))
    if pattern is None:
        pattern = _PATTERNS[id(table)] = re.compile("|".join(map(re.escape, table)))
    return pattern


_RATE_STEMS = frozenset(RATE_STEMS)
_RATE_TABLE = {f"{stem}律": f"{stem}率" for stem in RATE_STEMS}


def _rate_typo(text: str) -> bool:
    """Whether a rate is written with 律 somewhere in the text (合格律)."""
    return any(text[at - 2:at] in _RATE_STEMS for at in positions(text, "律"))


@check(Rule(
    "P006", "typo-non-word", "错别字", WARNING, COMPLETE,
    "错别字：{changes}", "按提示改为正确的词",
    why="“拔付”“跟据”“积效”之类不是词，出现在公开的绩效文本里显得不严谨，也可能让检索漏掉。",
    example="资金按进度拔付到位；救助准确律",
    sources=SOURCES, fix=UNSAFE,
))
def typo_non_word(ctx: Context, rule: Rule) -> Iterator[Finding]:
    prose_scan = scan(ctx)
    suspects = [t for t in TYPOS if t in prose_scan.text]
    if _rate_typo(prose_scan.text):
        suspects.append("律")
    for prose in prose_scan.cells if suspects else ():
        if not any(t in prose.text for t in suspects):
            continue
        _, changes = _replace_on_boundaries(prose.text, TYPOS)
        _, rates = _replace_on_boundaries(prose.text, _RATE_TABLE) if "律" in prose.text \
            else (prose.text, [])
        if changes or rates:
            fix = prose.fixed(lambda t: _replace_on_boundaries(
                _replace_on_boundaries(t, TYPOS)[0], _RATE_TABLE)[0])
            yield report(ctx, rule, prose, fix, changes="；".join(changes + rates))
    for row in ctx.rows:  # 三级指标 are names, not prose, but a rate's 律 is wrong there too
        name = row.indicator.name or ""
        if _rate_typo(name):
            fixed, changes = _replace_on_boundaries(name, _RATE_TABLE)
            if changes:
                yield ctx.at_row(rule, row, "name", fix=(name, fixed), changes="；".join(changes))


_EXPENSE = re.compile(f"(?:{'|'.join(EXPENSE_BEFORE)})指出(?![了：:，,])"
                      f"|指出(?:{'|'.join(EXPENSE_AFTER)})(?=$|[，。；、,;：:的和及与])")
_DEADLINE = re.compile(r"截止(?:到)?(?=\s*(?:\d{1,4}\s*年|\d{1,2}\s*月|[上下本今当]年|年底|年末|"
                       r"目前|"
                       r"[一二三四五六七八九十]{1,2}月))")


_CONFUSABLE = re.compile("指出|截止")


@check(Rule(
    "P007", "word-confused", "用错了同音词", WARNING, COMPLETE,
    "“{value}”中的“{wrong}”应为“{right}”", "改为“{right}”",
    why="“支出分类”写成“指出分类”、“截至年底”写成“截止年底”，词是真词，意思却错了；"
        "只在预算用语的固定搭配里提示，单独的“指出”（指出问题）不算。",
    example="按月按活动制定支出计划，明确指出分类",
    sources=SOURCES, fix=UNSAFE,
))
def word_confused(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for prose in scan(ctx).having(_CONFUSABLE):
        text = prose.text
        found: tuple[re.Match[str], str] | None = None
        if "指出" in text:
            match = next((m for m in _EXPENSE.finditer(text)
                          if not glued(text, m.start(), m.end(), m.group(0))), None)
            found = (match, "支出") if match else None
        if found is None and "截止" in text:
            match = _DEADLINE.search(text)
            found = (match, "截至") if match else None
        if found:
            match, right = found
            wrong = "指出" if right == "支出" else match.group(0)
            yield report(ctx, rule, prose, prose.fixed(_confusions_fixed),
                         value=quote(text, match.start(), match.end() + 4, 2),
                         wrong=wrong, right=right)


def _confusions_fixed(text: str) -> str:
    fixed = _EXPENSE.sub(lambda m: m.group(0) if glued(text, m.start(), m.end(), m.group(0))
                         else m.group(0).replace("指出", "支出"), text)
    return _DEADLINE.sub("截至", fixed)


_VARIANT_CHAR = re.compile("[它帐复]")


@check(Rule(
    "P008", "variant-form", "用了旧写法", INFO, COMPLETE,
    "旧写法：{changes}", "改用规范写法",
    why="“其它”“帐户”“复盖”是旧的写法，现行规范写作“其他”“账户”“覆盖”。",
    example="其它支出；银行帐户",
    sources=SOURCES, fix=UNSAFE,
))
def variant_form(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for prose in scan(ctx).having(_VARIANT_CHAR):
        _, changes = _replace_on_boundaries(prose.text, VARIANTS)
        if changes:
            yield report(ctx, rule, prose,
                         prose.fixed(lambda t: _replace_on_boundaries(t, VARIANTS)[0]),
                         changes="；".join(changes))


# --------------------------------------------------------------------------- sentences
_VERBS = frozenset(RESULT_VERBS)
#: A clause that states a past result on purpose: a year before, 去年, 近年来 …
_LOOKING_BACK = re.compile(r"(?:19|20)\d\d年(?:以来|来|度?[^，。；]{0,6}(?:共|累计))"
                           r"|去年|上年|近年|以来|此前|过去|历年|多年")
_CLAUSE_END = re.compile(r"[，。；！？,;!?\n]")
_ALREADY = re.compile("已经|业已")
_PAST_MARK = re.compile("了|已经|业已")


def _past_clause(text: str) -> str | None:
    """The first clause that reports a result as done: 提高了…, 已经完成… (not 了解, 去年…)."""
    hits = [i - 2 for i in positions(text, "了") if text[i - 2:i] in _VERBS
            and text[i + 1:i + 2] not in NOT_PERFECTIVE]
    hits += [m.end() for m in _ALREADY.finditer(text) if text[m.end():m.end() + 2] in _VERBS]
    for at in sorted(hits):
        start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, at)), default=0)
        end_match = _CLAUSE_END.search(text, at)
        clause = text[start:end_match.start() if end_match else len(text)]
        if not _LOOKING_BACK.search(clause):
            return clause.strip()
    return None


@check(Rule(
    "P009", "plan-in-past-tense", "目标写成了已完成", WARNING, FEASIBLE,
    "目标写成了已经完成的事：“{value}”", "按计划写，去掉“了”“已经”，如“提高绩效编制质量”",
    why="绩效目标和工作保障措施写的是本年度打算做到什么；“有效提高了……”读起来像总结，"
        "审核时无法据此衡量年底是否做到。",
    example="及时指出预算绩效目标编制中存在的问题，有效提高了绩效编制人员的工作质量",
    sources=SOURCES,
))
def plan_in_past_tense(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for prose in scan(ctx).having(_PAST_MARK):
        if prose.field in PLAN_FIELDS:
            clause = _past_clause(prose.text)
            if clause:
                yield report(ctx, rule, prose, value=clause[:30])


_TAIL = re.compile(f"[{_HAN}]{{3}}")
#: Fields whose text is a sentence (a project's name and indicator descriptions are phrases).
_SENTENCE_FIELDS = PLAN_FIELDS | {"purpose"}


@check(Rule(
    "P010", "sentence-truncated", "句子在词中间断开", WARNING, COMPLETE,
    "句子在词中间断开：“…{tail}”", "补全句末没写完的词（“{last}”），并以句号结束",
    why="句子停在半个词上（常见于从 PDF 复制时丢了一行），公开的文本里读不通。"
        "只缺句号、最后一个词完整的段落由 S008 提示。",
    example="创新人才培养模式，为社会培养急需人",
    sources=SOURCES,
))
def sentence_truncated(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for prose in scan(ctx).cells:
        if prose.field not in _SENTENCE_FIELDS:
            continue
        for item in (prose.items or (prose.text,)):
            if _cut_off(item):
                yield report(ctx, rule, prose, tail=item.strip()[-10:], last=item.strip()[-3:])
                break


#: Characters that end a clause on their own or as a suffix (慰问金, 合格率, 工作中).
_SUFFIXES = frozenset("的了等中里上下后前内外间时地们者性化度率费金款额员家户证站室所点部局处会队组"
                      "型式类量数期项个次件名位张台场份条元岁年月日天周季制法品物表书单卡册网线"
                      "感事心力观权链圈业区城乡县市端页号码机器具节馆园厂库群体手师生工农商企党团")


def _cut_off(text: str) -> bool:
    """The last character is a lone one glued to a word, and the last two end no common word."""
    text = text.strip()
    if len(text) < 10 or text[-1] in _SUFFIXES or not _TAIL.fullmatch(text[-3:]):
        return False
    return text[-3:-1] in ENDINGS and text[-2:] not in ENDINGS
