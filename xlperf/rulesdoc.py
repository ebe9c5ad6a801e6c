"""docs/rules.md from the registries: every check, reading problem and default (pure)."""

from __future__ import annotations

import inspect

from xlperf.checks import ALL_CHECKS, RETIRED, Check
from xlperf.defaults import DEFAULT_RULES
from xlperf.reader import READ_PROBLEMS

#: RULES.md ids no check implements, and why.
NOT_CHECKED: dict[str, str] = {
    "R-DOC-002": "目录由 xlperf 按项目表生成（“生成目录”/填充默认值 D007），不会与正文不一致；"
                 "导入 Word 文本时另行比对",
    "R-DEPT-002": "河北县级文本的第一部分没有任务金额栏，无从核对",
    "R-DEPT-005": "项目与分项任务的对应关系没有可靠的文字依据，自动判断误报太多",
    "R-PRJ-004": "项目表标题由公式从项目名称生成，目录由工具生成，三者不会不一致",
    "R-EVAL-001": "自评权重属于年终自评，绩效目标表中没有权重",
    "R-EVAL-002": "评价等级属于年终自评",
    "R-EVAL-003": "定性指标自评打分属于年终自评",
}

_AREAS = (
    ("S", "文本与第一部分（S）"),
    ("F", "项目表表头、金额与资金支出计划（F）"),
    ("I0", "指标体系（I0xx）"),
    ("I1", "指标值（I1xx）"),
)


def rules_markdown() -> str:
    """The whole rules document as Markdown."""
    lines = [
        "# 校验规则与默认值",
        "",
        "本文件由 `xlperf rules` 生成（`make docs`），请勿手工修改。",
        "代码 = 领域字母 + 三位数字，永不复用；名称描述“问题”，可用于 `--select` / `--ignore`。",
        "严重程度：错误（表格无效或无法评价，退出码 1）、警告（很可能有误，需复核）、"
        "提示（规范性建议）。",
        "",
    ]
    for prefix, title in _AREAS:
        lines += [f"## {title}", "", "| 代码 | 名称 | 严重程度 | 规则依据 | 问题 | 修改建议 |",
                  "|---|---|---|---|---|---|"]
        for check in (c for c in ALL_CHECKS if c.code.startswith(prefix)):
            lines.append(f"| {check.code} | `{check.name}` | {check.severity.label} | "
                         f"{', '.join(check.rules)} | {_cell(check.template)} | "
                         f"{_cell(check.hint)} |")
        lines.append("")
    lines += ["## 读取（R）", "", "| 代码 | 名称 | 严重程度 | 问题 | 修改建议 |",
              "|---|---|---|---|---|"]
    lines += [f"| {p.code} | `{p.name}` | {p.severity.label} | {_cell(p.template)} | "
              f"{_cell(p.hint)} |" for p in READ_PROBLEMS]
    lines += ["", "## 默认值（D）", "", "只填空白单元格，绝不覆盖已有内容；重复运行不再改动。", "",
              "| 代码 | 名称 | 填充内容 | 条件 |", "|---|---|---|---|"]
    lines += [f"| {d.code} | `{d.name}` | {d.fills} | {d.when} |" for d in DEFAULT_RULES]
    lines += ["", "## 各规则说明", ""]
    for check in ALL_CHECKS:
        lines += [f"### {check.code} {check.name}", "", _doc(check), ""]
    lines += ["## RULES.md 覆盖情况", "", "| RULES.md | 实现代码 |", "|---|---|"]
    lines += [f"| {rule} | {', '.join(codes)} |" for rule, codes in sorted(coverage().items())]
    lines += [f"| {rule} | 不检查：{why} |" for rule, why in sorted(NOT_CHECKED.items())]
    lines += ["", "## 已停用的代码", ""]
    lines += [f"- {code}：{why}" for code, why in RETIRED.items()] or ["（无）"]
    return "\n".join(lines) + "\n"


def coverage() -> dict[str, list[str]]:
    """RULES.md id → the codes that implement it."""
    covered: dict[str, list[str]] = {}
    for check in ALL_CHECKS:
        for rule in check.rules:
            covered.setdefault(rule, []).append(check.code)
    return covered


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _doc(check: type[Check]) -> str:
    return inspect.cleandoc(check.__doc__ or "")
