"""docs/rules.md from the registry: each rule's code, severity, dimension, text, reasons (pure)."""

from __future__ import annotations

from collections.abc import Iterable

from xlperf.core.model.findings import Applicability
from xlperf.core.model.rule import Dimension, Rule
from xlperf.core.rules import CHECK_FAILED, RETIRED, RULES

#: RULES.md ids no rule implements, and why.
NOT_CHECKED: dict[str, str] = {
    "R-DOC-002": "目录由 xlperf 按项目表生成（“生成目录”/填充默认值 D007），不会与正文不一致；"
                 "导入 Word 文本时另行比对",
    "R-PRJ-004": "项目表标题由公式从项目名称生成，目录由工具生成，三者不会不一致",
    "R-EVAL-001": "自评权重属于年终自评，绩效目标表中没有权重",
    "R-EVAL-002": "评价等级属于年终自评",
    "R-EVAL-003": "定性指标自评打分属于年终自评",
}

#: The areas of the document, in order: (code prefix, heading).
AREAS: tuple[tuple[str, str], ...] = (
    ("R", "读取（R）"),
    ("S", "文本与第一部分（S）"),
    ("P", "校对（P）"),
    ("F", "项目表表头、金额与资金支出计划（F）"),
    ("I0", "指标体系（I0xx）"),
    ("I1", "指标值（I1xx）"),
    ("X", "内部错误（X）"),
)

_DIMENSIONS = {
    Dimension.COMPLETENESS: "每个必需的部分都已填写，并且表述清楚",
    Dimension.RELEVANCE: "指标与单位职责、项目资金的用途相关，并归在正确的一级/二级指标下",
    Dimension.APPROPRIATENESS: "目标与资金规模相匹配，既不过高也不过低",
    Dimension.FEASIBILITY: "目标可衡量、可实现：有比较符和单位、有具体依据、支出计划到年底 100%",
}


def rules_markdown() -> str:
    """The whole rules document as Markdown."""
    lines = [
        "# 校验规则与默认值",
        "",
        "本文件由 `xlperf rules` 生成（`make docs`），请勿手工修改。",
        "",
        "- 代码 = 领域字母 + 三位数字，永不复用；"
        "`--select` / `--ignore` 可用代码或前缀（如 `I1`）。",
        "- 每个代码只有一种严重程度：错误（表格无效或无法评价，退出码 1）、"
        "警告（很可能有误，需复核）、提示（规范性建议）。",
        "- 自动修正：安全的修正不会改变原意，`xlperf fix` 和“一键修正”按钮默认应用；不安全的修正"
        "可能改变原意，只在 `xlperf fix --unsafe-fixes` 时应用，按钮只在“校验结果”中给出建议文字。",
        "- 审核维度按财预〔2015〕88号的审核内容划分，财政局审核时据此归类问题：",
        "",
    ]
    lines += [f"  - **{d.value}**：{why}" for d, why in _DIMENSIONS.items()]
    lines.append("")
    for prefix, title in AREAS:
        lines += _table(title, [r for r in RULES.values() if r.code.startswith(prefix)])
    lines += ["## 默认值（D）", "", "只填空白单元格，绝不覆盖已有内容；重复运行不再改动。", "",
              "| 代码 | 名称 | 填充内容 | 条件 |", "|---|---|---|---|"]
    lines += [f"| {r.code} | {r.title} | {r.template} | {r.hint} |"
              for r in RULES.values() if r.code.startswith("D")]
    lines += ["", "## 各规则说明", ""]
    for rule in RULES.values():
        lines += _section(rule)
    lines += ["## RULES.md 覆盖情况", "", "| RULES.md | 实现代码 |", "|---|---|"]
    lines += [f"| {rule} | {', '.join(codes)} |" for rule, codes in sorted(coverage().items())]
    lines += [f"| {rule} | 不检查：{why} |" for rule, why in sorted(NOT_CHECKED.items())]
    lines += ["", "## 已停用的代码", ""]
    lines += [f"- {code}：{why}" for code, why in RETIRED.items()] or ["（无）"]
    return "\n".join(lines) + "\n"


def _table(title: str, rules: Iterable[Rule]) -> list[str]:
    lines = [f"## {title}", "",
             "| 代码 | 名称 | 严重程度 | 审核维度 | 依据 | 问题 | 修改建议 | 自动修正 |",
             "|---|---|---|---|---|---|---|---|"]
    for rule in rules:
        dimension = rule.dimension.value if rule.dimension else "—"
        lines.append(f"| {rule.code} | {rule.title} | {rule.severity.label} | "
                     f"{dimension} | {'、'.join(rule.sources) or '—'} | "
                     f"{_cell(rule.shown(rule.template))} | {_cell(rule.shown(rule.hint))} | "
                     f"{_FIX_SHOWN[rule.fix]} |")
    return [*lines, ""]


_FIX_SHOWN = {Applicability.SAFE: "可自动修正（安全）", Applicability.UNSAFE: "需确认（不安全）",
              Applicability.NONE: "—"}


def rules_json() -> list[dict[str, str | None]]:
    """Every rule as ``{code, name, severity, dimension, fix}`` (``xlperf rules --format json``)."""
    return [{"code": r.code, "name": r.name, "severity": r.severity.value,
             "dimension": r.dimension.value if r.dimension else None, "fix": r.fix.value}
            for r in RULES.values()]


def _section(rule: Rule) -> list[str]:
    kind = "默认值" if rule.code.startswith("D") else rule.severity.label
    dimension = f"，审核维度：{rule.dimension.value}" if rule.dimension else ""
    fix = f"自动修正：{_FIX_SHOWN[rule.fix]}。" if rule.fix is not Applicability.NONE else ""
    return [f"### {rule.code} {rule.title}", "",
            f"{kind}{dimension}。JSON 输出的 name：`{rule.name}`。{fix}", "",
            f"为什么重要：{rule.why}", "", f"示例：{rule.example}", ""]


def coverage() -> dict[str, list[str]]:
    """RULES.md id → the codes that implement it."""
    covered: dict[str, list[str]] = {}
    for rule in RULES.values():
        if rule is CHECK_FAILED or rule.code.startswith("D"):
            continue
        for source in rule.sources:
            covered.setdefault(source, []).append(rule.code)
    return covered


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
