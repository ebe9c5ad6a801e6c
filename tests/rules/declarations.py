"""What the rule modules declare, read from their source (never from the registry under test).

A check is a function decorated ``@check(Rule("CODE", ...))`` (or ``@check(NAME)`` for a rule
bound to a name); a rule is any ``Rule("CODE", ...)`` written in a module of ``xlperf/core/rules``
or in any other core module (the reading rules, ``core/workbook/reading.py``). Reading the
source finds a declaration however the package registers it, so a test comparing the two can fail.
"""

from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass
from pathlib import Path

from helpers import ROOT

CORE_DIR = ROOT / "xlperf" / "core"
RULES_DIR = CORE_DIR / "rules"


@dataclass(frozen=True)
class DeclaredCheck:
    module: str  # dotted
    function: str
    code: str | None  # None when the rule is bound to a name, not written in the decorator


def rule_modules() -> list[Path]:
    """The modules of the rules package, and every other core module that declares a rule."""
    return sorted(path for path in CORE_DIR.rglob("*.py")
                  if path.is_relative_to(RULES_DIR) or _declares_a_rule(path))


def _declares_a_rule(path: Path) -> bool:
    return any(_code(node) is not None  # type: ignore[arg-type]
               for node in ast.walk(ast.parse(path.read_text("utf-8"))))


def _dotted(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _code(node: ast.expr) -> str | None:
    if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Rule" and node.args
            and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
        return node.args[0].value
    return None


def declared_checks() -> list[DeclaredCheck]:
    """Every function decorated with ``check(...)`` in the rule modules."""
    found = []
    for path in rule_modules():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                if (isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "check"
                        and decorator.args):
                    found.append(DeclaredCheck(_dotted(path), node.name, _code(decorator.args[0])))
    return found


def declared_codes() -> set[str]:
    """Every code written as ``Rule("CODE", ...)`` in the rule modules."""
    return {code for path in rule_modules()
            for node in ast.walk(ast.parse(path.read_text("utf-8")))
            if (code := _code(node)) is not None}  # type: ignore[arg-type]


def check_object(declared: DeclaredCheck) -> object:
    """The object a declared check's name is bound to in its module."""
    return getattr(importlib.import_module(declared.module), declared.function)
